#include "jk_like.h"

#include "jk_array.h"
#include "jk_fanout.h"
#include "jk_schema.h"
#include "jk_utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct jk_like {
    char **terms;
    size_t n, cap;
    char **org; /* the words of the notice's organisation, never chosen */
    size_t norg, caporg;
    char idterm[64];
    jk_xquery *words; /* the terms OR'ed */
};

/* Telling words only: no number (dates, counts), no single character and
 * no word in hiragana alone (すべて, わかる, さま: frequent in every notice's
 * courtesies, never what an incident is about). */
static int accept_term(const char *term, size_t len, void *payload)
{
    const jk_like *l = payload;
    size_t digits = 0, kana = 0, chars = 0, cn;

    for (size_t i = 0; i < l->norg; i++)
        if (strlen(l->org[i]) == len && memcmp(l->org[i], term, len) == 0)
            return 0;
    for (size_t i = 0; i < len; i += cn, chars++) {
        int32_t cp = jk_utf8_decode(term + i, len - i, &cn);
        digits += cp >= '0' && cp <= '9';
        kana += (cp >= 0x3041 && cp <= 0x309F) || cp == 0x30FC;
    }
    return chars >= 2 && digits < chars && kana < chars;
}

/* Appends a copy of word (len bytes) to the array *v of *n strings. */
static int add_word(char ***v, size_t *n, size_t *cap, const char *word, size_t len)
{
    if (JK_ARRAY_GROW(v, cap, *n, 8))
        return JK_ENOMEM;
    if (!((*v)[*n] = strndup(word, len)))
        return JK_ENOMEM;
    ++*n;
    return JK_OK;
}

static int keep_term(const char *term, size_t len, double weight, void *payload)
{
    jk_like *l = payload;

    (void)weight;
    return add_word(&l->terms, &l->n, &l->cap, term, len);
}

/* The org: terms of a notice: its organisation's words. */
static int keep_org(const char *term, size_t len, unsigned wdf, void *payload)
{
    jk_like *l = payload;
    size_t pl = strlen(JK_PREFIX_ORG);

    (void)wdf;
    if (len <= pl || memcmp(term, JK_PREFIX_ORG, pl) != 0)
        return JK_OK;
    return add_word(&l->org, &l->norg, &l->caporg, term + pl, len - pl);
}

/* The organisation's words of the first notice with the id. */
static int org_words(jk_like *l, jk_xdb *db, jk_error *err)
{
    unsigned docid = 0;
    jk_xdoc *doc = NULL;
    int rc = jk_xdb_find_unique(db, l->idterm, &docid, err);

    if (rc == JK_OK && docid)
        rc = jk_xdb_get_document(db, docid, &doc, err);
    if (rc == JK_OK && doc)
        rc = jk_xdoc_terms(doc, keep_org, l, err);
    jk_xdoc_free(doc);
    return rc == JK_ENOMEM ? jk_error_set(err, JK_ENOMEM, "[like] out of memory") : rc;
}

/* The words OR'ed into l->words. */
static int or_words(jk_like *l, jk_error *err)
{
    jk_xquery **v = calloc(l->n ? l->n : 1, sizeof *v);
    int rc = v ? JK_OK : jk_error_set(err, JK_ENOMEM, "[like] out of memory");

    for (size_t i = 0; rc == JK_OK && i < l->n; i++)
        rc = jk_xquery_term(&v[i], l->terms[i], strlen(l->terms[i]), 1, 0, err);
    if (rc == JK_OK)
        rc = jk_xquery_combine(&l->words, JK_XOP_OR, v, l->n, 0, err);
    for (size_t i = 0; v && i < l->n; i++)
        jk_xquery_free(v[i]);
    free(v);
    return rc;
}

int jk_like_new(jk_like **out, jk_xdb *db, const char *id, jk_error *err)
{
    jk_like *l = calloc(1, sizeof *l);
    int rc;

    *out = NULL;
    if (!l)
        return jk_error_set(err, JK_ENOMEM, "[like] out of memory");
    snprintf(l->idterm, sizeof l->idterm, JK_PREFIX_ID "%s", id);
    rc = org_words(l, db, err);
    if (rc == JK_OK)
        rc = jk_xdb_expand(db, l->idterm, JK_LIKE_TERMS, accept_term, keep_term, l, err);
    if (rc == JK_ENOTFOUND)
        rc = jk_error_set(err, JK_EQUERY, "like:%s: no notice in the index has the id %s", id, id);
    else if (rc == JK_ENOMEM)
        rc = jk_error_set(err, JK_ENOMEM, "[like] out of memory");
    if (rc == JK_OK)
        rc = or_words(l, err);
    if (rc) {
        jk_like_free(l);
        return rc;
    }
    *out = l;
    return JK_OK;
}

void jk_like_free(jk_like *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        free(l->terms[i]);
    free(l->terms);
    for (size_t i = 0; i < l->norg; i++)
        free(l->org[i]);
    free(l->org);
    jk_xquery_free(l->words);
    free(l);
}

size_t jk_like_nterms(const jk_like *l)
{
    return l->n;
}

const char *jk_like_term(const jk_like *l, size_t i)
{
    return i < l->n ? l->terms[i] : NULL;
}

int jk_like_min_weight(jk_pool *pool, jk_xdb *const *dbs, size_t n, unsigned lastdocid,
                       const jk_xquery *q, double *out, jk_error *err)
{
    jk_hits best;
    jk_xsearch_opts o;
    int rc;

    *out = 0;
    jk_xsearch_opts_init(&o);
    o.limit = 1;
    o.inexact = 1;
    rc = jk_fanout_search(pool, dbs, n, lastdocid, q, &o, &best, err);
    if (rc == JK_OK && best.n > 0)
        *out = best.weight[0] * JK_LIKE_SHARE;
    jk_hits_clear(&best);
    return rc;
}

int jk_like_query(const jk_like *l, const jk_xquery *rest, jk_xquery **out, jk_error *err)
{
    jk_xquery *id = NULL, *filtered = NULL;
    int rc = jk_xquery_term(&id, l->idterm, strlen(l->idterm), 1, 0, err);

    *out = NULL;
    if (rc == JK_OK && rest) {
        jk_xquery *pair[2] = {l->words, (jk_xquery *)rest};
        rc = jk_xquery_combine(&filtered, JK_XOP_FILTER, pair, 2, 0, err);
    }
    if (rc == JK_OK) {
        jk_xquery *pair[2] = {filtered ? filtered : l->words, id};
        rc = jk_xquery_combine(out, JK_XOP_AND_NOT, pair, 2, 0, err);
    }
    jk_xquery_free(filtered);
    jk_xquery_free(id);
    return rc;
}
