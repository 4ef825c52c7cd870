#include "jk_docq.h"

#include "jk_doc.h"

#include <pthread.h>
#include <stdlib.h>

#define AHEAD 32 /* documents built and not taken yet, at most */

typedef struct slot {
    jk_xdoc *doc;
    int rc;
    jk_error err;
} slot;

struct jk_docq {
    jk_analyzer *an;
    const jk_rules *rules;
    const jk_archive *a;
    const char *file, *filekey;
    size_t next_post; /* the post to look at next for a notice: the builder's alone */
    int threaded;
    /* with a thread: guarded by mu */
    size_t built, taken, total; /* notices built, taken, in all */
    int stop;
    slot ring[AHEAD]; /* notice k's document at k % AHEAD, for taken <= k < built */
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
};

static const jk_post *next_notice(jk_docq *q)
{
    while (q->next_post < q->a->nposts) {
        const jk_post *p = &q->a->posts[q->next_post++];
        if (p->kind == JK_POST_NOTICE)
            return p;
    }
    return NULL;
}

static void build(jk_docq *q, const jk_post *p, slot *s)
{
    s->doc = NULL;
    s->rc = jk_doc_build(q->an, q->rules, p, q->file, q->filekey, &s->doc, NULL, &s->err);
}

static void *work(void *arg)
{
    jk_docq *q = arg;

    for (;;) {
        const jk_post *p;
        slot s;
        int stop;

        pthread_mutex_lock(&q->mu);
        while (!q->stop && q->built - q->taken >= AHEAD)
            pthread_cond_wait(&q->cv, &q->mu);
        stop = q->stop;
        pthread_mutex_unlock(&q->mu);
        if (stop || !(p = next_notice(q)))
            break;
        build(q, p, &s);
        pthread_mutex_lock(&q->mu);
        q->ring[q->built % AHEAD] = s;
        q->built++;
        pthread_cond_broadcast(&q->cv);
        pthread_mutex_unlock(&q->mu);
    }
    return NULL;
}

int jk_docq_new(jk_docq **out, jk_analyzer *an, const jk_rules *rules, const jk_archive *a,
                const char *file, const char *filekey, int ahead, jk_error *err)
{
    jk_docq *q = calloc(1, sizeof *q);

    *out = NULL;
    if (!q)
        return jk_error_set(err, JK_ENOMEM, "[docq] out of memory");
    q->an = an;
    q->rules = rules;
    q->a = a;
    q->file = file;
    q->filekey = filekey;
    for (size_t i = 0; i < a->nposts; i++)
        q->total += a->posts[i].kind == JK_POST_NOTICE;
    if (ahead && q->total > 1) { /* more than one notice to overlap */
        pthread_mutex_init(&q->mu, NULL);
        pthread_cond_init(&q->cv, NULL);
        q->threaded = pthread_create(&q->thread, NULL, work, q) == 0;
        if (!q->threaded) { /* build on demand instead */
            pthread_mutex_destroy(&q->mu);
            pthread_cond_destroy(&q->cv);
        }
    }
    *out = q;
    return JK_OK;
}

int jk_docq_take(jk_docq *q, int want, jk_xdoc **doc, jk_error *err)
{
    slot s;

    *doc = NULL;
    if (!q->threaded) {
        const jk_post *p = next_notice(q);
        if (!p)
            return jk_error_set(err, JK_EINVAL, "[docq] no notice left to take");
        if (!want)
            return JK_OK;
        build(q, p, &s);
    } else {
        pthread_mutex_lock(&q->mu);
        if (q->taken >= q->total) {
            pthread_mutex_unlock(&q->mu);
            return jk_error_set(err, JK_EINVAL, "[docq] no notice left to take");
        }
        while (q->built <= q->taken)
            pthread_cond_wait(&q->cv, &q->mu);
        s = q->ring[q->taken % AHEAD];
        q->taken++;
        pthread_cond_broadcast(&q->cv);
        pthread_mutex_unlock(&q->mu);
        if (!want) {
            jk_xdoc_free(s.doc);
            return JK_OK;
        }
    }
    if (s.rc) {
        if (err)
            *err = s.err;
        return s.rc;
    }
    *doc = s.doc;
    return JK_OK;
}

void jk_docq_free(jk_docq *q)
{
    if (!q)
        return;
    if (q->threaded) {
        pthread_mutex_lock(&q->mu);
        q->stop = 1;
        pthread_cond_broadcast(&q->cv);
        pthread_mutex_unlock(&q->mu);
        pthread_join(q->thread, NULL);
        for (size_t k = q->taken; k < q->built; k++)
            jk_xdoc_free(q->ring[k % AHEAD].doc);
        pthread_mutex_destroy(&q->mu);
        pthread_cond_destroy(&q->cv);
    }
    free(q);
}
