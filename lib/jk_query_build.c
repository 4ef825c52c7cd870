/* Building the Xapian query from a parsed jk_query (jk_query.h): words,
 * their parts (jk_vocab.h), phrases through their pair terms (jk_pairs.h),
 * filters and the boolean structure. */
#include "jk_query.h"
#include "jk_query_int.h"

#include "jk_array.h"
#include "jk_schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct qlist {
    jk_xquery **v;
    size_t n, cap;
} qlist;

static int qlist_add(qlist *l, jk_xquery *q)
{
    if (JK_ARRAY_GROW(&l->v, &l->cap, l->n, 8))
        return JK_ENOMEM;
    l->v[l->n++] = q;
    return JK_OK;
}

static void qlist_free(qlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        jk_xquery_free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* Combines the list into *out with op (a single subquery is returned as is). */
static int combine(qlist *l, jk_xop op, unsigned window, jk_xquery **out, jk_error *err)
{
    int rc = JK_OK;
    if (l->n == 1) {
        *out = l->v[0];
        l->n = 0;
    } else {
        rc = jk_xquery_combine(out, op, l->v, l->n, window, err);
    }
    qlist_free(l);
    return rc;
}

/* What building needs besides the tree: the vocabulary (may be NULL: no
 * parts), the query (for notes) and the error. */
typedef struct bctx {
    const jk_vocab *voc;
    int boosts;
    jk_query *q;
    jk_error *err;
} bctx;

static int build(const bctx *c, const node *n, jk_xquery **out);

/* A quoted phrase through the terms of its pairs and listed phrases
 * (jk_pairs.h): a phrase that is one such term is that term, exactly; another
 * is checked by positions only in the documents that hold all its terms; a
 * phrase with none stays as it is. Takes over phrase. */
static int phrase_query(const node *n, jk_xquery *phrase, jk_xquery **out, jk_error *err)
{
    qlist pairs = {NULL, 0, 0};
    jk_xquery *q = NULL, *and = NULL;
    int rc = JK_OK;

    for (size_t i = 0; rc == JK_OK && i < n->pairs.n; i++) {
        rc = jk_xquery_term(&q, n->pairs.v[i], strlen(n->pairs.v[i]), 1, 0, err);
        if (rc == JK_OK && qlist_add(&pairs, q)) {
            jk_xquery_free(q);
            rc = jk_error_set(err, JK_ENOMEM, "[query] out of memory");
        }
    }
    if (rc || pairs.n == 0) {
        qlist_free(&pairs);
        if (rc)
            jk_xquery_free(phrase);
        else
            *out = phrase;
        return rc;
    }
    if (n->whole) { /* one term is the phrase */
        jk_xquery_free(phrase);
        return combine(&pairs, JK_XOP_AND, 0, out, err);
    }
    rc = combine(&pairs, JK_XOP_AND, 0, &and, err);
    if (rc == JK_OK) {
        jk_xquery *two[2] = {phrase, and};
        rc = jk_xquery_combine(out, JK_XOP_FILTER, two, 2, 0, err);
    }
    jk_xquery_free(phrase);
    jk_xquery_free(and);
    return rc;
}

/* The terms of v side by side (one term: that term); NULL *out for none. */
static int phrase_of(const strv *v, jk_xquery **out, jk_error *err)
{
    qlist l = {NULL, 0, 0};
    int rc = JK_OK;

    *out = NULL;
    for (size_t i = 0; rc == JK_OK && i < v->n; i++) {
        jk_xquery *t = NULL;
        rc = jk_xquery_term(&t, v->v[i], strlen(v->v[i]), 1, (unsigned)i + 1, err);
        if (rc == JK_OK && qlist_add(&l, t)) {
            jk_xquery_free(t);
            rc = jk_error_set(err, JK_ENOMEM, "[query] out of memory");
        }
    }
    if (rc == JK_OK && l.n)
        return combine(&l, JK_XOP_PHRASE, 0, out, err);
    qlist_free(&l);
    return rc;
}

/* One term, or the word written spaced as well: term SYNONYM "pieces"
 * (n->spaced). */
static int build_term(const node *n, jk_xquery **out, jk_error *err)
{
    jk_xquery *q = NULL, *phrase = NULL;
    int rc = jk_xquery_term(&q, n->terms.v[0], strlen(n->terms.v[0]), 1, 0, err);

    if (rc == JK_OK)
        rc = phrase_of(&n->spaced, &phrase, err);
    if (rc || !phrase) {
        *out = rc ? NULL : q;
        if (rc)
            jk_xquery_free(q);
        return rc;
    }
    { /* one word two ways: weighed as one term */
        jk_xquery *pair[2] = {q, phrase};
        rc = jk_xquery_combine(out, JK_XOP_SYNONYM, pair, 2, 0, err);
    }
    jk_xquery_free(q);
    jk_xquery_free(phrase);
    return rc;
}

static int build_terms(const node *n, int boosts, jk_xquery **out, jk_error *err)
{
    qlist all = {NULL, 0, 0}, maybe = {NULL, 0, 0};
    jk_xquery *q = NULL, *phrase = NULL, *scaled = NULL, *near = NULL, *boost = NULL, *and = NULL;
    size_t k = n->terms.n;
    int rc = JK_OK;

    if (k == 1)
        return build_term(n, out, err);
    for (size_t i = 0; rc == JK_OK && i < k; i++) {
        rc = jk_xquery_term(&q, n->terms.v[i], strlen(n->terms.v[i]), 1, (unsigned)i + 1, err);
        if (rc == JK_OK && qlist_add(&all, q))
            rc = JK_ENOMEM;
    }
    if (rc == JK_OK)
        rc = jk_xquery_combine(&phrase, JK_XOP_PHRASE, all.v, all.n, 0, err);
    if (rc == JK_OK && n->type == N_PHRASE) {
        qlist_free(&all);
        return phrase_query(n, phrase, out, err);
    }
    /* compound typed without spaces: all terms must match; phrase, then near
     * add weight */
    if (rc == JK_OK)
        rc = jk_xquery_scale(&scaled, phrase, 2.0, err);
    if (rc == JK_OK)
        rc = jk_xquery_combine(&near, JK_XOP_NEAR, all.v, all.n, (unsigned)(2 * k + 2), err);
    if (rc == JK_OK)
        rc = jk_xquery_combine(&and, JK_XOP_AND, all.v, all.n, 0, err);
    if (rc == JK_OK && !boosts) { /* the same matches, unranked by position */
        *out = and;
        and = NULL;
    } else if (rc == JK_OK) {
        qlist_add(&maybe, scaled);
        qlist_add(&maybe, near);
        scaled = near = NULL;
        rc = combine(&maybe, JK_XOP_OR, 0, &boost, err);
    }
    if (rc == JK_OK && boost) {
        jk_xquery *pair[2] = {and, boost};
        rc = jk_xquery_combine(out, JK_XOP_AND_MAYBE, pair, 2, 0, err);
    }
    if (rc == JK_ENOMEM)
        jk_error_set(err, JK_ENOMEM, "[query] out of memory");
    jk_xquery_free(phrase);
    jk_xquery_free(scaled);
    jk_xquery_free(near);
    jk_xquery_free(boost);
    jk_xquery_free(and);
    qlist_free(&all);
    qlist_free(&maybe);
    return rc;
}

/* Where a longer word must hold the needle. */
typedef enum part_at { PART_IN, PART_END, PART_START } part_at;

typedef struct expand {
    const char *needle;
    size_t nlen;
    part_at at;
    const strv *skip; /* terms to leave out (asked for already), or NULL */
    strv seen;
    qlist l;
    jk_error *err;
    int rc;
} expand;

static int add_part(const char *term, size_t len, void *payload)
{
    expand *e = payload;
    jk_xquery *q = NULL;
    char t[JK_XTERM_MAX + 1];

    if (len > JK_XTERM_MAX || jk_query_strv_has(&e->seen, term, len))
        return 0;
    if ((e->at == PART_END && memcmp(term + len - e->nlen, e->needle, e->nlen)) ||
        (e->at == PART_START && memcmp(term, e->needle, e->nlen)))
        return 0;
    memcpy(t, term, len);
    t[len] = '\0';
    if (e->skip && jk_query_strv_has(e->skip, t, len))
        return 0;
    if ((e->rc = jk_query_strv_add(&e->seen, term, len)) == JK_OK &&
        (e->rc = jk_xquery_term(&q, t, len, 1, 0, e->err)) == JK_OK &&
        (e->rc = qlist_add(&e->l, q)) != JK_OK)
        jk_xquery_free(q);
    return e->rc;
}

/* Adds the words of the vocabulary that hold needle (at) to e. */
static int find_parts(const bctx *c, expand *e, const char *needle, part_at at)
{
    e->needle = needle;
    e->nlen = strlen(needle);
    e->at = at;
    return jk_vocab_find(c->voc, needle, e->nlen, add_part, e);
}

/* The synonym group of what e found (NULL *out: nothing); frees e. */
static int take_parts(const bctx *c, expand *e, jk_xquery **out)
{
    int rc = e->rc;
    *out = NULL;
    jk_query_strv_free(&e->seen);
    if (rc == JK_OK && e->l.n)
        return combine(&e->l, JK_XOP_SYNONYM, 0, out, c->err);
    qlist_free(&e->l);
    return rc;
}

/* One needle: the synonym group of the words holding it (skip: leave out). */
static int parts_of(const bctx *c, const char *needle, part_at at, const strv *skip,
                    jk_xquery **out)
{
    expand e = {NULL, 0, PART_IN, skip, {NULL, 0, 0}, {NULL, 0, 0}, c->err, 0};
    int rc = find_parts(c, &e, needle, at);
    if (rc && !e.rc)
        e.rc = rc;
    return take_parts(c, &e, out);
}

/* AND of the list, or NULL *out if any member is NULL; after a failure
 * (rc) only frees. The members are freed either way. */
static int and_all(const bctx *c, int rc, jk_xquery **v, size_t n, jk_xquery **out)
{
    qlist l = {NULL, 0, 0};
    int whole = 1;
    *out = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!v[i]) {
            whole = 0;
        } else if (rc) {
            jk_xquery_free(v[i]);
        } else if (qlist_add(&l, v[i])) {
            jk_xquery_free(v[i]);
            rc = JK_ENOMEM;
        }
    }
    if (rc == JK_OK && whole && l.n)
        return combine(&l, JK_XOP_AND, 0, out, c->err);
    qlist_free(&l);
    return rc;
}

/* Typed without spaces, the word's terms t1..tk may start inside a longer
 * word and end inside one (看護大 is 看護 | 大, the notice says 看護 | 大学):
 * t1 or a word ending in it, the middle terms, tk or a word starting with it,
 * with at least one edge longer (documents with just the terms match the word
 * itself). Also any word holding the whole of it. */
static int open_edges(const bctx *c, const node *n, jk_xquery **out)
{
    size_t k = n->terms.n;
    qlist alts = {NULL, 0, 0};
    int rc = JK_OK;
    jk_xquery **v = calloc(k, sizeof *v);
    strv first = {NULL, 0, 0}, last = {NULL, 0, 0};

    *out = NULL;
    if (!v || jk_query_strv_add(&first, n->terms.v[0], strlen(n->terms.v[0])) ||
        jk_query_strv_add(&last, n->terms.v[k - 1], strlen(n->terms.v[k - 1])))
        rc = JK_ENOMEM;
    for (int side = 0; rc == JK_OK && side < 2; side++) {
        jk_xquery *alt = NULL;
        memset(v, 0, k * sizeof *v);
        for (size_t i = 0; rc == JK_OK && i < k; i++) {
            const char *t = n->terms.v[i];
            if (i == 0 && side == 0)
                rc = parts_of(c, t, PART_END, &first, &v[i]); /* a longer first word */
            else if (i == k - 1)
                rc = parts_of(c, t, PART_START, side == 1 ? &last : NULL, &v[i]);
            else
                rc = jk_xquery_term(&v[i], t, strlen(t), 1, 0, c->err);
        }
        rc = and_all(c, rc, v, k, &alt);
        if (rc == JK_OK && alt && qlist_add(&alts, alt)) {
            jk_xquery_free(alt);
            rc = JK_ENOMEM;
        }
    }
    if (rc == JK_OK && n->joined) {
        jk_xquery *whole = NULL;
        rc = parts_of(c, n->joined, PART_IN, NULL, &whole);
        if (rc == JK_OK && whole && qlist_add(&alts, whole)) {
            jk_xquery_free(whole);
            rc = JK_ENOMEM;
        }
    }
    free(v);
    jk_query_strv_free(&first);
    jk_query_strv_free(&last);
    if (rc == JK_OK && alts.n)
        return combine(&alts, JK_XOP_OR, 0, out, c->err);
    qlist_free(&alts);
    return rc;
}

/* The query for the longer indexed words that hold the word (jk_vocab.h);
 * NULL *out when there are none. A word of no term (only particles, say):
 * every run of it inside some word. One term: the words that hold it (or the
 * word as typed: サーバー is indexed as サーバ). Several: open_edges. */
static int build_parts(const bctx *c, const node *n, jk_xquery **out)
{
    int rc = JK_OK;

    *out = NULL;
    if (!c->voc || !n->runs.n || (n->type == N_PHRASE && n->terms.n > 1))
        return JK_OK; /* a quoted phrase of words asks for exactly those words */
    if (n->terms.n > 1) {
        rc = open_edges(c, n, out);
    } else if (n->terms.n == 1) {
        expand e = {NULL, 0, PART_IN, &n->terms, {NULL, 0, 0}, {NULL, 0, 0}, c->err, 0};
        rc = find_parts(c, &e, n->terms.v[0], PART_IN);
        for (size_t r = 0; rc == JK_OK && r < n->runs.n; r++)
            if (strcmp(n->runs.v[r], n->terms.v[0]))
                rc = find_parts(c, &e, n->runs.v[r], PART_IN);
        for (size_t k = 0; rc == JK_OK && k < n->alts.n; k++) /* ransom: ランサムウェア */
            rc = add_part(n->alts.v[k], strlen(n->alts.v[k]), &e);
        if (rc && !e.rc)
            e.rc = rc;
        rc = take_parts(c, &e, out);
    } else {
        jk_xquery **v = calloc(n->runs.n, sizeof *v);
        if (!v)
            rc = JK_ENOMEM;
        for (size_t r = 0; rc == JK_OK && r < n->runs.n; r++)
            rc = parts_of(c, n->runs.v[r], PART_IN, NULL, &v[r]);
        if (v)
            rc = and_all(c, rc, v, n->runs.n, out);
        free(v);
    }
    if (rc == JK_ENOMEM)
        return jk_error_set(c->err, JK_ENOMEM, "[query] out of memory");
    return rc;
}

static int note(const bctx *c, const node *n)
{
    char msg[512];
    snprintf(msg, sizeof msg,
             "'%s' (column %zu) has no searchable term and is part of no indexed word: left "
             "out of the query",
             n->text ? n->text : "", n->col);
    if (!jk_query_strv_has(&c->q->warnings, msg, strlen(msg)) &&
        jk_query_strv_add(&c->q->warnings, msg, strlen(msg)))
        return jk_error_set(c->err, JK_ENOMEM, "[query] out of memory");
    return JK_OK;
}

/* How much a related word (jk_related.h) weighs against the word typed. */
#define RELATED_WEIGHT 0.5

/* The word's related words, each as if typed alone (a word of several terms
 * as a compound typed without spaces, all of its terms, though with no
 * weight added for their phrase or nearness), weighed weight; NULL *out when
 * it has none. */
static int build_related(const bctx *c, const node *n, double weight, jk_xquery **out)
{
    qlist l = {NULL, 0, 0};
    jk_xquery *any = NULL;
    int rc = JK_OK;

    *out = NULL;
    for (size_t i = 0; rc == JK_OK && i < n->nrelph; i++) { /* as a quoted phrase is */
        jk_xquery *q = NULL;
        rc = build_terms(n->relph[i], 0, &q, c->err);
        if (rc == JK_OK && q && qlist_add(&l, q)) {
            jk_xquery_free(q);
            rc = JK_ENOMEM;
        }
    }
    for (size_t i = 0; rc == JK_OK && i < n->related.n; i++) {
        node words;
        jk_xquery *q = NULL;
        memset(&words, 0, sizeof words);
        words.type = N_TERMS;
        rc = jk_query_strv_split(&words.terms, n->related.v[i]);
        if (rc == JK_OK && words.terms.n) /* no weight for phrase or nearness: below the word */
            rc = build_terms(&words, 0, &q, c->err);
        jk_query_strv_free(&words.terms);
        if (rc == JK_OK && q && qlist_add(&l, q)) {
            jk_xquery_free(q);
            rc = JK_ENOMEM;
        }
    }
    if (rc == JK_OK && l.n)
        rc = combine(&l, JK_XOP_OR, 0, &any, c->err);
    if (rc == JK_OK && any)
        rc = jk_xquery_scale(out, any, weight, c->err);
    jk_xquery_free(any);
    qlist_free(&l);
    if (rc == JK_ENOMEM)
        return jk_error_set(c->err, JK_ENOMEM, "[query] out of memory");
    return rc;
}

/* *q, or n's related words weighed RELATED_WEIGHT times boost (the weight of
 * *q's words), the better of the two: a notice with both is worth no more
 * than one with *q alone. */
static int with_related(const bctx *c, const node *n, double boost, jk_xquery **q)
{
    jk_xquery *r = NULL;
    int rc = build_related(c, n, RELATED_WEIGHT * boost, &r);

    if (rc == JK_OK && r) {
        jk_xquery *pair[2] = {*q, r}, *either = NULL;
        rc = jk_xquery_combine(&either, JK_XOP_MAX, pair, 2, 0, c->err);
        if (rc == JK_OK) {
            jk_xquery_free(*q);
            *q = either;
        }
    }
    jk_xquery_free(r);
    return rc;
}

/* A word: its own terms (boosted), or read as a verb, or its related words,
 * OR the longer words that contain it. */
static int build_word(const bctx *c, const node *n, jk_xquery **out)
{
    jk_xquery *w = NULL, *g = NULL, *scaled = NULL;
    int rc = n->terms.n ? build_terms(n, c->boosts, &w, c->err) : JK_OK;

    if (rc == JK_OK && w && n->stem.n) {
        jk_xquery *v = NULL;
        rc = n->stem_pair.n /* the word read as a verb */
                 ? jk_xquery_term(&v, n->stem_pair.v[0], strlen(n->stem_pair.v[0]), 1, 0, c->err)
                 : phrase_of(&n->stem, &v, c->err);
        if (rc == JK_OK && v) {
            jk_xquery *pair[2] = {w, v}, *either = NULL;
            rc = jk_xquery_combine(&either, JK_XOP_OR, pair, 2, 0, c->err);
            jk_xquery_free(w);
            w = either;
        }
        jk_xquery_free(v);
    }
    if (rc == JK_OK && w && (n->related.n || n->nrelph))
        rc = with_related(c, n, 1.0, &w);

    *out = NULL;
    if (rc == JK_OK)
        rc = build_parts(c, n, &g);
    /* the word weighs the same whether or not longer words hold it */
    if (rc == JK_OK && w)
        rc = jk_xquery_scale(&scaled, w, JK_WORD_BOOST, c->err);
    if (rc == JK_OK && scaled && g) {
        jk_xquery *pair[2] = {scaled, g};
        rc = jk_xquery_combine(out, JK_XOP_OR, pair, 2, 0, c->err);
    } else if (rc == JK_OK) {
        *out = scaled ? scaled : g;
        scaled = g = NULL;
        if (!*out && c->voc && n->runs.n)
            rc = note(c, n);
    }
    jk_xquery_free(w);
    jk_xquery_free(g);
    jk_xquery_free(scaled);
    return rc;
}

static int build_filter(const node *n, jk_xquery **out, jk_error *err)
{
    qlist l = {NULL, 0, 0};
    jk_xquery *q = NULL, *inner = NULL;
    int rc = JK_OK;

    if (n->all) {
        rc = jk_xquery_match_all(&inner, err);
        if (rc == JK_OK)
            rc = jk_xquery_scale(out, inner, 0.0, err);
        jk_xquery_free(inner);
        return rc;
    }
    if (n->dates) { /* a notice with no date in its title has none to match */
        rc = jk_xquery_value_range(&inner, JK_SLOT_DATE, n->lo[0] ? n->lo : NULL,
                                   n->hi[0] ? n->hi : NULL, err);
        if (rc == JK_OK)
            rc = jk_xquery_scale(out, inner, 0.0, err);
        jk_xquery_free(inner);
        return rc;
    }
    if (n->file && n->terms.n == 0) /* a file: filter holds a term once looked up */
        return jk_error_set(err, JK_EQUERY, "file:%s: the index's files were not looked up",
                            n->text);
    for (size_t i = 0; rc == JK_OK && i < n->terms.n; i++) {
        rc = jk_xquery_term(&q, n->terms.v[i], strlen(n->terms.v[i]), 1,
                            n->conjunctive ? (unsigned)i + 1 : 0, err);
        if (rc == JK_OK && qlist_add(&l, q))
            rc = jk_error_set(err, JK_ENOMEM, "[query] out of memory");
    }
    if (rc) {
        qlist_free(&l);
        return rc;
    }
    rc = combine(&l, n->conjunctive ? JK_XOP_PHRASE : JK_XOP_OR, 0, &inner, err);
    if (rc == JK_OK)
        rc = jk_xquery_scale(out, inner, 0.0, err); /* a filter: no weight */
    jk_xquery_free(inner);
    return rc;
}

static int match_all_but(jk_xquery *neg, jk_xquery **out, jk_error *err)
{
    jk_xquery *all = NULL, *pair[2];
    int rc = jk_xquery_match_all(&all, err);
    if (rc == JK_OK) {
        pair[0] = all;
        pair[1] = neg;
        rc = jk_xquery_combine(out, JK_XOP_AND_NOT, pair, 2, 0, err);
    }
    jk_xquery_free(all);
    return rc;
}

static int build(const bctx *c, const node *n, jk_xquery **out)
{
    qlist pos = {NULL, 0, 0}, neg = {NULL, 0, 0};
    jk_xquery *q = NULL, *p = NULL, *ng = NULL;
    jk_error *err = c->err;
    int rc = JK_OK;

    *out = NULL;
    switch (n->type) {
    case N_TERMS:
    case N_PHRASE:
        return build_word(c, n, out);
    case N_FILTER:
        return build_filter(n, out, err);
    case N_NOT:
        rc = build(c, n->kids[0], &q);
        if (rc == JK_OK && q)
            rc = match_all_but(q, out, err);
        jk_xquery_free(q);
        return rc;
    case N_OR:
        for (size_t i = 0; rc == JK_OK && i < n->nkids; i++) {
            rc = build(c, n->kids[i], &q);
            if (rc == JK_OK && q && qlist_add(&pos, q))
                rc = jk_error_set(err, JK_ENOMEM, "[query] out of memory");
        }
        if (rc == JK_OK && pos.n)
            return combine(&pos, JK_XOP_OR, 0, out, err);
        qlist_free(&pos);
        return rc;
    case N_AND:
        for (size_t i = 0; rc == JK_OK && i < n->nkids; i++) {
            const node *kid = n->kids[i];
            int is_not = kid->type == N_NOT;
            rc = build(c, is_not ? kid->kids[0] : kid, &q);
            if (rc == JK_OK && q && qlist_add(is_not ? &neg : &pos, q))
                rc = jk_error_set(err, JK_ENOMEM, "[query] out of memory");
        }
        if (rc == JK_OK && pos.n)
            rc = combine(&pos, JK_XOP_AND, 0, &p, err);
        if (rc == JK_OK && neg.n)
            rc = combine(&neg, JK_XOP_OR, 0, &ng, err);
        if (rc == JK_OK && p && ng) {
            jk_xquery *pair[2] = {p, ng};
            rc = jk_xquery_combine(out, JK_XOP_AND_NOT, pair, 2, 0, err);
        } else if (rc == JK_OK && ng) {
            rc = match_all_but(ng, out, err);
        } else if (rc == JK_OK) {
            *out = p;
            p = NULL;
        }
        if (rc == JK_OK && *out &&
            (n->related.n || n->nrelph)) /* two words typed for one (無断 閲覧) */
            rc = with_related(c, n, JK_WORD_BOOST, out);
        jk_xquery_free(p);
        jk_xquery_free(ng);
        qlist_free(&pos);
        qlist_free(&neg);
        return rc;
    }
    return JK_OK;
}

int jk_query_build(jk_query *q, const jk_vocab *voc, int boosts, jk_xquery **out, jk_error *err)
{
    bctx c = {voc, boosts, q, err};
    int rc;

    *out = NULL;
    if (!q->root)
        return jk_error_set(err, JK_EQUERY,
                            "empty query: give a word, a \"phrase\" or a filter "
                            "such as cause:ransomware");
    rc = build(&c, q->root, out);
    if (rc == JK_OK && !*out) /* the notes (jk_query_warning) say what was left out */
        return jk_error_set(err, JK_EQUERY,
                            q->warnings.n ? "nothing to search for: every part was left out"
                                          : "nothing to search for");
    return rc;
}
