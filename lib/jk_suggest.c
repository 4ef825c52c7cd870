#include "jk_suggest.h"

#include "jk_array.h"
#include "jk_buf.h"
#include "jk_utf8.h"
#include "jk_vocab.h"

#include <stdlib.h>
#include <string.h>

typedef struct edit {
    size_t at, len; /* bytes of the typed text replaced */
    char *with;
} edit;

typedef struct suggester {
    jk_searcher *s;
    const char *text;
    edit *edits;
    size_t nedits, cap;
    int rc;
    jk_error *err;
} suggester;

typedef struct nearest {
    char *best;
    unsigned dist, freq;
    jk_searcher *s;
    const char *word; /* what the candidates are near */
    unsigned maxdist;
    int rc;
    jk_error *err;
} nearest;

static int stop_at_first(const char *term, size_t len, void *payload)
{
    (void)term;
    (void)len;
    (void)payload;
    return 1;
}

/* Does the index have term, as a term or inside a longer word? */
static int found(jk_searcher *s, const char *term, jk_error *err, int *rc)
{
    unsigned freq = 0;
    *rc = jk_xdb_termfreq(jk_searcher_db(s), term, &freq, err);
    if (*rc || freq)
        return 1;
    return jk_vocab_find(jk_searcher_vocab(s), term, strlen(term), stop_at_first, NULL) != 0;
}

static int no_memory(nearest *n)
{
    return n->rc = jk_error_set(n->err, JK_ENOMEM, "[suggest] out of memory");
}

/* Keeps word[0..len) if it is nearer than the best so far, or as near and
 * in more notices (those of term, the indexed spelling it stands for). */
static int consider(nearest *n, const char *word, size_t len, unsigned dist, const char *term)
{
    unsigned freq = 0;

    if (n->best && dist > n->dist)
        return 0;
    n->rc = jk_xdb_termfreq(jk_searcher_db(n->s), term, &freq, n->err);
    if (n->rc == JK_OK && (!n->best || dist < n->dist || freq > n->freq)) {
        char *copy = strndup(word, len);
        if (!copy)
            return no_memory(n);
        free(n->best);
        n->best = copy;
        n->dist = dist;
        n->freq = freq;
    }
    return n->rc;
}

static int near_term(const char *term, size_t len, unsigned dist, void *payload)
{
    nearest *n = payload;
    char *copy = strndup(term, len);
    int rc = copy ? consider(n, term, len, dist, copy) : no_memory(n);

    free(copy);
    return rc;
}

/* An English or other spelling of dict/variants.txt (ransomware for
 * ランサムウェア), which the vocabulary does not hold: offered as typed. */
static int near_spelling(const char *spelling, const char *term, void *payload)
{
    nearest *n = payload;
    unsigned d =
        jk_vocab_distance(n->word, strlen(n->word), spelling, strlen(spelling), n->maxdist);

    if (d == 0 || d > n->maxdist)
        return 0;
    return consider(n, spelling, strlen(spelling), d, term);
}

/* The indexed word (or variant spelling) nearest to word, or NULL; the
 * caller frees it. */
static char *nearest_word(suggester *g, const char *word)
{
    size_t chars = jk_utf8_count(word, strlen(word));
    nearest n = {NULL, 0, 0, g->s, word, chars <= 4 ? 1 : 2, 0, g->err};

    if (chars < 3)
        return NULL;
    jk_vocab_near(jk_searcher_vocab(g->s), word, strlen(word), n.maxdist, near_term, &n);
    if (!n.rc && !n.best) /* the index's own spelling first (ランサムウェア, not ウエ) */
        jk_analyzer_variant_each(jk_searcher_analyzer(g->s), near_spelling, &n);
    if (n.rc) {
        g->rc = n.rc;
        free(n.best);
        return NULL;
    }
    return n.best;
}

/* The typed word at character column col of the text, as a byte offset;
 * (size_t)-1 if it is not there as typed. */
static size_t byte_at(const char *text, size_t col, const char *typed)
{
    size_t i = 0, len = strlen(text), cn;

    for (size_t c = 1; c < col && i < len; c++) {
        jk_utf8_decode(text + i, len - i, &cn);
        i += cn;
    }
    return strncmp(text + i, typed, strlen(typed)) == 0 ? i : (size_t)-1;
}

/* A word of the query: if the index lacks it, an edit that puts the nearest
 * indexed word (or words) in its place. */
static int fix_word(const char *typed, size_t col, const char *const *terms, size_t nterms,
                    void *payload)
{
    suggester *g = payload;
    jk_buf whole = JK_BUF_INIT, fixed = JK_BUF_INIT;
    int missing = 0, changed = 0, brc = 0;
    char *better, *lacks = calloc(nterms + 1, 1); /* lacks[i]: the index lacks terms[i] */
    size_t at = byte_at(g->text, col, typed);

    if (!lacks)
        brc = JK_ENOMEM;
    for (size_t i = 0; lacks && i < nterms && !g->rc; i++) {
        lacks[i] = (char)!found(g->s, terms[i], g->err, &g->rc);
        missing += lacks[i];
        jk_buf_puts(&whole, &brc, terms[i]);
    }
    if (g->rc || !missing || at == (size_t)-1 || brc)
        goto done;
    better = whole.p ? nearest_word(g, whole.p) : NULL;
    if (better) {
        jk_buf_puts(&fixed, &brc, better);
        changed = 1;
        free(better);
    } else {
        for (size_t i = 0; i < nterms && !g->rc; i++) {
            better = lacks[i] ? nearest_word(g, terms[i]) : NULL;
            jk_buf_puts(&fixed, &brc, better ? better : terms[i]);
            changed |= better != NULL;
            free(better);
        }
    }
    if (!g->rc && changed && !brc) {
        if (JK_ARRAY_GROW(&g->edits, &g->cap, g->nedits, 4)) {
            brc = JK_ENOMEM;
        } else {
            edit *e = &g->edits[g->nedits++];
            e->at = at;
            e->len = strlen(typed);
            e->with = jk_buf_steal(&fixed);
        }
    }
done:
    if (brc && !g->rc)
        g->rc = jk_error_set(g->err, JK_ENOMEM, "[suggest] out of memory");
    jk_buf_free(&whole);
    jk_buf_free(&fixed);
    free(lacks);
    return g->rc;
}

int jk_suggest(jk_searcher *s, const jk_query *q, const char *text, jk_suggest_count_cb count,
               void *payload, char **out, unsigned *total, jk_error *err)
{
    suggester g = {s, text, NULL, 0, 0, 0, err};
    jk_buf b = JK_BUF_INIT;
    size_t from = 0;
    int brc = 0;

    *out = NULL;
    *total = 0;
    jk_query_words(q, fix_word, &g);
    /* the edits come in the order of the words in the text */
    for (size_t i = 0; !g.rc && i < g.nedits; i++) {
        if (g.edits[i].at < from)
            continue;
        jk_buf_append(&b, &brc, text + from, g.edits[i].at - from);
        jk_buf_puts(&b, &brc, g.edits[i].with);
        from = g.edits[i].at + g.edits[i].len;
    }
    if (!g.rc && g.nedits) {
        jk_buf_puts(&b, &brc, text + from);
        if (brc)
            g.rc = jk_error_set(err, JK_ENOMEM, "[suggest] out of memory");
        else if ((g.rc = count(b.p, total, payload, err)) == JK_OK && *total > 0)
            *out = jk_buf_steal(&b);
        if (g.rc == JK_EQUERY)
            g.rc = JK_OK;
        if (!*out)
            *total = 0;
    }
    for (size_t i = 0; i < g.nedits; i++)
        free(g.edits[i].with);
    free(g.edits);
    jk_buf_free(&b);
    if (g.rc == JK_ENOMEM) /* it may have been inside a read of the searcher's index */
        jk_searcher_distrust(s);
    return g.rc;
}
