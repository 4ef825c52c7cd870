#include "query.h"

#include "jk_suggest.h"

#include <stdlib.h>
#include <string.h>

int query_build(jk_searcher *s, const char *text, const search_filter *f, size_t nf, jk_query **out,
                jk_error *err)
{
    jk_query *q = NULL;
    int rc = jk_query_parse(&q, jk_searcher_analyzer(s), text, err);

    *out = NULL;
    for (size_t i = 0; rc == JK_OK && i < nf; i++) {
        rc = jk_query_add_filter(q, jk_searcher_analyzer(s), f[i].field, f[i].value, err);
        if (rc) { /* the option's name first; the message is cut if it must be */
            char msg[sizeof err->msg];
            memcpy(msg, err->msg, sizeof msg);
            jk_error_set(err, rc, "--%s: %.*s", f[i].field, (int)(sizeof msg - 16), msg);
        }
    }
    if (rc) {
        jk_query_free(q);
        return rc;
    }
    *out = q;
    return JK_OK;
}

typedef struct counter {
    jk_searcher *s;
    const search_filter *f;
    size_t nf;
} counter;

static int count_text(const char *text, unsigned *total, void *payload, jk_error *err)
{
    counter *c = payload;
    jk_query *q = NULL;
    jk_results *r = NULL;
    jk_search_opts so = {.limit = 0};
    int rc = query_build(c->s, text, c->f, c->nf, &q, err);

    if (rc == JK_OK)
        rc = jk_searcher_run(c->s, q, &so, &r, err);
    *total = rc == JK_OK ? r->total : 0;
    jk_results_free(r);
    jk_query_free(q);
    return rc;
}

char *query_suggest(jk_searcher *s, const jk_query *q, const char *text, const search_filter *f,
                    size_t nf, unsigned *total)
{
    counter c = {s, f, nf};
    char *better = NULL;
    jk_error err;

    if (jk_suggest(s, q, text, count_text, &c, &better, total, &err) != JK_OK)
        return NULL; /* a suggestion is a courtesy: none rather than an error */
    return better;
}

void query_no_match(FILE *out, const char *prefix, jk_searcher *s, const jk_query *q,
                    const char *text, const search_filter *f, size_t nf, const char *db)
{
    unsigned docs = 1, total = 0;
    char *better;

    jk_searcher_doccount(s, &docs, NULL);
    if (docs == 0) {
        fprintf(out,
                "%sthe index%s%s holds no notices yet (a first build that was interrupted "
                "leaves it so, as does taking every file out with jikenbo-index --remove): add "
                "archive files with jikenbo-index\n",
                prefix, db ? " at " : "", db ? db : "");
        return;
    }
    fprintf(out, "%sno notice matches %s\n", prefix, jk_query_describe(q));
    if (jk_query_nomatch_hint(q))
        fprintf(out, "%snote: %s\n", prefix, jk_query_nomatch_hint(q));
    better = query_suggest(s, q, text, f, nf, &total);
    if (better)
        fprintf(out, "%sdid you mean: %s (%u notice%s)\n", prefix, better, total,
                total == 1 ? "" : "s");
    free(better);
}
