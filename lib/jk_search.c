#include "jk_search.h"

#include "jk_array.h"
#include "jk_fanout.h"
#include "jk_files.h"
#include "jk_like.h"
#include "jk_notice.h"
#include "jk_record.h"
#include "jk_schema.h"
#include "jk_taxonomy.h"
#include "jk_utf8.h"
#include "jk_vocab.h"
#include "jk_xapian.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Matches the second pass of a ranked search puts in order (see search_pages). */
#define JK_RERANK 100

struct jk_searcher {
    jk_xdb *db;                 /* documents, ranking by position, date order; also dbs[0] */
    jk_xdb *dbs[JK_FANOUT_MAX]; /* readers a search by relevance is split over */
    size_t ndbs;
    jk_pool *pool; /* ndbs - 1 workers for dbs[1..] (jk_fanout) */
    /* ans[i] for the thread of dbs[i]: ans[0] the caller's (queries,
     * snippets); with split_pages, one each for the workers to fill their
     * share of a page with (fill_page) */
    jk_analyzer *ans[JK_FANOUT_MAX];
    int split_pages;    /* jk_searcher_split_pages */
    size_t split;       /* how many of dbs the next search uses (1: same revision not seen) */
    unsigned lastdocid; /* as of the last reopen */
    jk_vocab *voc;      /* as of the last reopen */
    char *path;
    int by_matcher; /* jk_searcher_count_by_matcher */
    int distrust;   /* jk_searcher_distrust: open the readers afresh before the next search */
};

typedef struct make_an {
    jk_analyzer **an;
    jk_error err;
    int rc;
} make_an;

static void run_make_an(void *arg)
{
    make_an *m = arg;
    m->rc = jk_analyzer_new(m->an, &m->err);
}

/* Makes the analyzers among ans[0..n) that are missing, side by side on the
 * pool (MeCab takes milliseconds to start). */
static int make_analyzers(jk_searcher *s, size_t n, jk_error *err)
{
    make_an m[JK_FANOUT_MAX];
    void *args[JK_FANOUT_MAX] = {NULL};
    size_t k = 0;

    for (size_t i = 0; i < n; i++) {
        if (s->ans[i])
            continue;
        m[k].an = &s->ans[i];
        m[k].rc = JK_OK;
        args[k] = &m[k];
        k++;
    }
    jk_pool_run(s->pool, run_make_an, args, k);
    for (size_t i = 0; i < k; i++)
        if (m[i].rc) {
            *err = m[i].err;
            return m[i].rc;
        }
    return JK_OK;
}

int jk_searcher_open(jk_searcher **out, const char *path, jk_error *err)
{
    jk_searcher *s = calloc(1, sizeof *s);
    int rc;

    *out = NULL;
    if (!s)
        return jk_error_set(err, JK_ENOMEM, "[search] out of memory");
    rc = jk_analyzer_new(&s->ans[0], err);
    if (rc == JK_OK)
        rc = jk_schema_open_reader(&s->db, path, jk_analyzer_id(s->ans[0]), err);
    if (rc == JK_OK && !(s->path = strdup(path)))
        rc = jk_error_set(err, JK_ENOMEM, "[search] out of memory");
    if (rc == JK_OK) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        s->dbs[0] = s->db;
        s->ndbs = 1;
        rc = jk_searcher_set_threads(s, cpus > 0 ? (unsigned)cpus : 1, err);
    }
    if (rc) {
        jk_searcher_free(s);
        return rc;
    }
    *out = s;
    return JK_OK;
}

void jk_searcher_free(jk_searcher *s)
{
    if (!s)
        return;
    jk_pool_free(s->pool);
    for (size_t i = 1; i < s->ndbs; i++)
        jk_xdb_free(s->dbs[i]);
    jk_xdb_free(s->db);
    free(s->path);
    for (size_t i = 0; i < JK_FANOUT_MAX; i++)
        jk_analyzer_free(s->ans[i]);
    jk_vocab_free(s->voc);
    free(s);
}

int jk_searcher_set_threads(jk_searcher *s, unsigned n, jk_error *err)
{
    int rc;

    if (n < 1)
        n = 1;
    if (n > JK_FANOUT_MAX)
        n = JK_FANOUT_MAX;
    if (jk_pool_size(s->pool) + 1 != n) {
        jk_pool_free(s->pool);
        s->pool = NULL;
    }
    while (s->ndbs > n)
        jk_xdb_free(s->dbs[--s->ndbs]);
    for (size_t i = s->split_pages ? n : 1; i < JK_FANOUT_MAX; i++) {
        jk_analyzer_free(s->ans[i]);
        s->ans[i] = NULL;
    }
    if (!s->pool && n > 1 && (rc = jk_pool_new(&s->pool, n - 1, err)))
        return rc;
    while (s->ndbs < n) {
        if ((rc = jk_xdb_open(&s->dbs[s->ndbs], s->path, JK_XDB_READ, err)))
            return rc;
        s->ndbs++;
    }
    return s->split_pages ? make_analyzers(s, n, err) : JK_OK;
}

int jk_searcher_split_pages(jk_searcher *s, jk_error *err)
{
    s->split_pages = 1;
    return make_analyzers(s, s->ndbs, err);
}

void jk_searcher_distrust(jk_searcher *s)
{
    s->distrust = 1;
}

/* Replaces every reader with one opened afresh (the old ones are freed only
 * once all the new ones are open). */
static int renew(jk_searcher *s, jk_error *err)
{
    jk_xdb *fresh[JK_FANOUT_MAX] = {NULL};
    int rc = JK_OK;

    for (size_t i = 0; rc == JK_OK && i < s->ndbs; i++)
        rc = jk_xdb_open(&fresh[i], s->path, JK_XDB_READ, err);
    if (rc) {
        for (size_t i = 0; i < s->ndbs; i++)
            jk_xdb_free(fresh[i]);
        return rc;
    }
    for (size_t i = 0; i < s->ndbs; i++) {
        jk_xdb_free(s->dbs[i]);
        s->dbs[i] = fresh[i];
    }
    s->db = s->dbs[0];
    s->distrust = 0;
    return JK_OK;
}

void jk_searcher_count_by_matcher(jk_searcher *s, int on)
{
    s->by_matcher = on != 0;
}

jk_xdb *jk_searcher_db(jk_searcher *s)
{
    return s->db;
}

const jk_vocab *jk_searcher_vocab(jk_searcher *s)
{
    return s->voc;
}

jk_analyzer *jk_searcher_analyzer(jk_searcher *s)
{
    return s->ans[0];
}

int jk_searcher_doccount(jk_searcher *s, unsigned *out, jk_error *err)
{
    return jk_xdb_doccount(s->db, out, err);
}

static void result_free(jk_result *r)
{
    free(r->id);
    free(r->org);
    free(r->title);
    free(r->date);
    free(r->key);
    free(r->file);
    free(r->sector);
    free(r->body);
    for (size_t i = 0; i < r->ncause; i++)
        free(r->cause[i]);
    free(r->cause);
    jk_snippet_clear(&r->snippet);
    jk_snippet_clear(&r->title_hl);
}

void jk_results_free(jk_results *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        result_free(&r->items[i]);
    free(r->items);
    for (size_t i = 0; i < r->nlike; i++)
        free(r->like[i]);
    free(r->like);
    for (size_t i = 0; i < r->nmonths; i++)
        free(r->months[i].label);
    free(r->months);
    for (int f = 0; f < 3; f++) {
        for (size_t i = 0; i < r->nfacets[f]; i++)
            free(r->facets[f][i].label);
        free(r->facets[f]);
    }
    free(r);
}

static int add_facet(jk_results *r, int f, const char *label, unsigned count)
{
    jk_facet_count *v = realloc(r->facets[f], (r->nfacets[f] + 1) * sizeof *v);
    if (!v)
        return JK_ENOMEM;
    r->facets[f] = v;
    v[r->nfacets[f]].label = strdup(label);
    v[r->nfacets[f]].count = count;
    if (!v[r->nfacets[f]].label)
        return JK_ENOMEM;
    r->nfacets[f]++;
    return JK_OK;
}

static int by_count(const void *a, const void *b)
{
    const jk_facet_count *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->label, y->label); /* ties in byte order */
}

/* The exact counts of every cause, sector and year over all matches. */
static int packed_facets(jk_results *r, const jk_hits *h, jk_error *err)
{
    const unsigned *bits = h->bits, *sec = h->a, *year = h->b;
    size_t nc, ns;
    const jk_label *cl = jk_taxonomy_labels(JK_FACET_CAUSE, &nc);
    const jk_label *sl = jk_taxonomy_labels(JK_FACET_SECTOR, &ns);
    char y[8];
    int rc = JK_OK;

    for (size_t i = 0; rc == JK_OK && i < nc; i++)
        if (bits[i])
            rc = add_facet(r, JK_FACET_CAUSE, cl[i].slug, bits[i]);
    for (size_t i = 0; rc == JK_OK && i < ns; i++)
        if (sec[i])
            rc = add_facet(r, JK_FACET_SECTOR, sl[i].slug, sec[i]);
    for (int i = 0; rc == JK_OK && i < 256; i++)
        if (year[i]) {
            snprintf(y, sizeof y, "%d", 1900 + i);
            rc = add_facet(r, JK_FACET_YEAR, y, year[i]);
        }
    if (rc == JK_ENOMEM)
        return jk_error_set(err, JK_ENOMEM, "[search] out of memory");
    for (int f = 0; rc == JK_OK && f < 3; f++)
        if (r->nfacets[f] > 1)
            qsort(r->facets[f], r->nfacets[f], sizeof *r->facets[f], by_count);
    return rc;
}

/* The matches per month ("2024-05") from the dates counted (YYYYMMDD, in
 * byte order, so the months come out in order). */
static int month_counts(jk_results *r, const jk_hits *h, jk_error *err)
{
    size_t cap = 0;

    for (size_t i = 0; i < h->nlabels; i++) {
        const char *d = h->labels[i].label;
        char month[8];
        if (strlen(d) != 8)
            continue;
        snprintf(month, sizeof month, "%.4s-%.2s", d, d + 4);
        if (r->nmonths && strcmp(r->months[r->nmonths - 1].label, month) == 0) {
            r->months[r->nmonths - 1].count += h->labels[i].count;
            continue;
        }
        if (JK_ARRAY_GROW(&r->months, &cap, r->nmonths, 16) ||
            !(r->months[r->nmonths].label = strdup(month)))
            return jk_error_set(err, JK_ENOMEM, "[search] out of memory");
        r->months[r->nmonths++].count = h->labels[i].count;
    }
    return JK_OK;
}

static int split_causes(jk_result *r, const char *v, size_t len)
{
    size_t start = 0;
    while (start < len) {
        const char *sep = memchr(v + start, JK_LABEL_SEP, len - start);
        size_t end = sep ? (size_t)(sep - v) : len;
        if (end > start) {
            char **c = realloc(r->cause, (r->ncause + 1) * sizeof *c);
            if (!c)
                return JK_ENOMEM;
            r->cause = c;
            if (!(c[r->ncause] = strndup(v + start, end - start)))
                return JK_ENOMEM;
            r->ncause++;
        }
        start = end + 1;
    }
    return JK_OK;
}

static int fill_result(jk_xdb *db, jk_analyzer *an, const jk_query *q, const jk_search_opts *o,
                       const jk_hits *page, unsigned i, jk_result *r, jk_error *err)
{
    jk_xdoc *doc = NULL;
    char *data = NULL, *v = NULL;
    size_t len = 0, vlen = 0;
    int rc = jk_xdb_get_document(db, page->docid[i], &doc, err), brc = 0;

    if (rc)
        return rc;
    r->docid = page->docid[i];
    r->score = page->weight[i];
    rc = jk_xdoc_get_data(doc, &data, &len, err);
    if (rc)
        goto done;
    r->id = jk_record_get(data, len, "id", &brc);
    r->org = jk_record_get(data, len, "org", &brc);
    r->title = jk_record_get(data, len, "title", &brc);
    r->date = jk_record_get(data, len, "date", &brc);
    r->key = jk_record_get(data, len, "key", &brc);
    r->file = jk_record_get(data, len, "file", &brc);
    {
        /* the path its file's record holds now: a month moved and indexed
         * again is shown where it is (jk_index_has_file) */
        char *fk = jk_record_get(data, len, "filekey", &brc), *meta = NULL;
        if (fk && jk_xdb_get_metadata(db, fk, &meta, NULL) == JK_OK && meta) {
            char *tab = strchr(meta, '\t');
            if (tab) {
                *tab = '\0';
                free(r->file);
                r->file = meta;
                meta = NULL;
            }
        }
        free(meta);
        free(fk);
    }
    r->body = jk_record_get(data, len, "body", &brc);
    r->year = (int)jk_record_getu(data, len, "year", 0);
    r->line = (unsigned)jk_record_getu(data, len, "line", 0);
    r->end_line = (unsigned)jk_record_getu(data, len, "end_line", 0);
    r->body_line = (unsigned)jk_record_getu(data, len, "body_line", 0);
    if (brc) {
        rc = jk_error_set(err, JK_ENOMEM, "[search] out of memory");
        goto done;
    }
    rc = jk_xdoc_get_value(doc, JK_SLOT_CAUSE, &v, &vlen, err);
    if (rc == JK_OK && v && split_causes(r, v, vlen))
        rc = jk_error_set(err, JK_ENOMEM, "[search] out of memory");
    free(v);
    if (rc == JK_OK)
        rc = jk_xdoc_get_value(doc, JK_SLOT_SECTOR, &r->sector, NULL, err);
    if (rc == JK_OK && r->body) {
        size_t nt = jk_query_nterms(q), ns = jk_query_nsubs(q);
        const char **terms = calloc(nt + ns + 1, sizeof *terms), **subs;
        if (!terms) {
            rc = jk_error_set(err, JK_ENOMEM, "[search] out of memory");
            goto done;
        }
        subs = terms + nt; /* not before: no arithmetic on a null pointer */
        for (size_t k = 0; k < nt; k++)
            terms[k] = jk_query_term(q, k);
        for (size_t k = 0; k < ns; k++)
            subs[k] = jk_query_sub(q, k);
        if (o->snippet_cols || o->all_marks)
            rc = jk_snippet_make(an, r->body, strlen(r->body), terms, nt, subs, ns,
                                 o->snippet_cols ? o->snippet_cols : 80,
                                 o->all_marks ? 0 : JK_SNIPPET_PIECE, &r->snippet, err);
        if (rc == JK_OK && r->title) {
            char id[32];
            int year;
            size_t tag = jk_notice_tag(r->title, strlen(r->title), id, &year), tl;
            const char *t = r->title + tag;
            tl = strlen(t);
            t = jk_utf8_trim(t, &tl);
            rc = jk_snippet_make(an, t, tl, terms, nt, subs, ns,
                                 o->title_cols ? o->title_cols : 100000, 0, &r->title_hl, err);
        }
        free(terms);
    }
done:
    free(data);
    jk_xdoc_free(doc);
    return rc;
}

typedef struct fill_part {
    jk_xdb *db;
    jk_analyzer *an;
    const jk_query *q;
    const jk_search_opts *o;
    const jk_hits *page;
    jk_result *items;
    unsigned from, to;
    jk_error err;
    int rc;
} fill_part;

static void run_fill(void *arg)
{
    fill_part *f = arg;

    for (unsigned i = f->from; f->rc == JK_OK && i < f->to; i++) {
        f->items[i].rank = f->o->offset + i + 1;
        f->rc = fill_result(f->db, f->an, f->q, f->o, f->page, i, &f->items[i], &f->err);
    }
}

/* Fills r's items from page, a run of them on each of the readers the
 * search was split over (at the same revision, so any of them reads the
 * page's documents), each with its thread's analyzer: reading the
 * documents and highlighting their titles and snippets through MeCab was
 * a millisecond of a search. r->n is the page's size, even on an error
 * (the items are zeroed until filled). */
static int fill_page(jk_searcher *s, const jk_query *q, const jk_search_opts *o,
                     const jk_hits *page, jk_results *r, jk_error *err)
{
    fill_part f[JK_FANOUT_MAX];
    void *args[JK_FANOUT_MAX] = {NULL};
    size_t n = 1; /* the readers with an analyzer (all but after an error) */

    while (n < s->split && n < page->n && s->ans[n])
        n++;
    r->n = page->n;
    for (size_t k = 0; k < n; k++) {
        f[k] = (fill_part){.db = s->dbs[k],
                           .an = s->ans[k],
                           .q = q,
                           .o = o,
                           .page = page,
                           .items = r->items,
                           .from = (unsigned)(page->n * k / n),
                           .to = (unsigned)(page->n * (k + 1) / n)};
        args[k] = &f[k];
    }
    jk_pool_run(s->pool, run_fill, args, n);
    for (size_t k = 0; k < n; k++)
        if (f[k].rc) {
            *err = f[k].err;
            return f[k].rc;
        }
    return JK_OK;
}

/* Re-reads the index at its latest revision, and its vocabulary if it
 * changed. The search is split over the readers only when they all reached
 * the same revision (an indexer may commit between two reopens). */
static int reopen(jk_searcher *s, jk_error *err)
{
    unsigned long rev0 = 0, rev;
    unsigned last;
    int rc = JK_OK;

    s->split = 1;
    if (s->distrust)
        rc = renew(s, err);
    for (int attempt = 0; rc == JK_OK && attempt < 3; attempt++) {
        size_t same = 0;
        for (size_t i = 0; rc == JK_OK && i < s->ndbs; i++) {
            rc = jk_xdb_reopen(s->dbs[i], err);
            if (rc == JK_OK)
                rc = jk_xdb_revision(s->dbs[i], &rev, &last, err);
            if (rc == JK_OK && i == 0) {
                rev0 = rev;
                s->lastdocid = last;
            }
            same += rc == JK_OK && rev == rev0;
        }
        if (same == s->ndbs) {
            s->split = s->ndbs;
            break;
        }
    }
    if (rc == JK_OK)
        rc = jk_vocab_refresh(&s->voc, s->db, err);
    return rc;
}

typedef struct found_files {
    char **ids;
    size_t n, cap;
} found_files;

static int take_file(const char *path, const char *id, void *payload)
{
    found_files *f = payload;
    (void)path;
    if (JK_ARRAY_GROW(&f->ids, &f->cap, f->n, 8) || !(f->ids[f->n] = strdup(id)))
        return JK_ENOMEM;
    f->n++;
    return 0;
}

/* Re-reads the index as reopen does, then gives each file: filter of q the
 * ids of the files it names, by the index's records at that revision. */
static int reopen_for(jk_searcher *s, jk_query *q, jk_error *err)
{
    int rc = reopen(s, err);
    for (size_t i = 0; rc == JK_OK && i < jk_query_nfiles(q); i++) {
        found_files f = {NULL, 0, 0};
        rc = jk_files_match(s->db, jk_query_file(q, i), take_file, &f, err);
        if (rc == JK_OK)
            rc = jk_query_set_file_ids(q, i, (const char *const *)f.ids, f.n, err);
        for (size_t k = 0; k < f.n; k++)
            free(f.ids[k]);
        free(f.ids);
    }
    return rc;
}

/* The Xapian query for q; for a like: search, the notice's words filtered
 * by the rest of q, *like (the caller frees it) their source, and q gets
 * them to highlight. */
static int build_query(jk_searcher *s, jk_query *q, int boosts, jk_xquery **out, jk_like **like,
                       jk_error *err)
{
    jk_xquery *rest = NULL;
    int rc = jk_query_build(q, s->voc, boosts, &rest, err);

    *like = NULL;
    if (rc || !jk_query_like(q)) {
        *out = rest;
        return rc;
    }
    *out = NULL;
    rc = jk_like_new(like, s->db, jk_query_like(q), err);
    for (size_t i = 0; rc == JK_OK && i < jk_like_nterms(*like); i++) {
        const char *t = jk_like_term(*like, i);
        if (jk_query_add_highlight(q, t, strlen(t)))
            rc = jk_error_set(err, JK_ENOMEM, "[search] out of memory");
    }
    if (rc == JK_OK)
        rc = jk_like_query(*like, rest, out, err);
    jk_xquery_free(rest);
    return rc;
}

int jk_searcher_explain(jk_searcher *s, jk_query *q, char **out, jk_error *err)
{
    jk_xquery *xq = NULL;
    jk_like *like = NULL;
    int rc = reopen_for(s, q, err);

    *out = NULL;
    if (rc == JK_OK)
        rc = build_query(s, q, 1, &xq, &like, err);
    if (rc == JK_OK)
        rc = jk_xquery_describe(xq, out, err);
    jk_xquery_free(xq);
    jk_like_free(like);
    if (rc == JK_ENOMEM) /* as reading_failed: a like: search reads the index */
        jk_searcher_distrust(s);
    return rc;
}

/* The total, facets and page of results, in two passes when the query ranks
 * by phrase and nearness: checking positions in every match was most of the
 * time of a query like 不正アクセス at 100k notices (40 of 50 ms), so the
 * first pass finds and counts every match by its terms alone and keeps the
 * best JK_RERANK (a multiple of it when paging deeper), and the second puts
 * just those in order by the whole query, each reader the candidates in its
 * range (checking positions was 2 of 10 ms of 不正アクセス クレジットカード
 * in one reader). *counted gets the total and the
 * facets, *page the page. A search is split over the readers (jk_fanout),
 * in date order too: each reader sorts its range by Xapian's reading of every
 * match's sort key (11 ms for '*' at 100k notices in one), and the parts are
 * merged by their keys. A like: search (jk_like.h) is
 * one pass, after one more that finds the weight its matches must reach;
 * *like gets its words (the caller frees it). */
static int search_pages(jk_searcher *s, jk_query *q, const jk_search_opts *o, jk_hits *counted,
                        jk_hits *page, jk_like **like, jk_error *err)
{
    jk_xquery *base = NULL, *full = NULL, *ids = NULL, *only = NULL;
    jk_xsearch_opts xo;
    int liked = jk_query_like(q) != NULL;
    int by_date = o->sort_date || (!jk_query_has_words(q) && !liked);
    int rerank = !liked && !by_date && o->limit > 0 && jk_query_has_boosts(q);
    int rc = reopen_for(s, q, err);

    *like = NULL;
    memset(counted, 0, sizeof *counted);
    memset(page, 0, sizeof *page);
    jk_xsearch_opts_init(&xo);
    xo.offset = o->offset;
    xo.limit = o->limit;
    if (by_date) {
        xo.sort_slot = JK_SLOT_ORDER;
        xo.sort_reverse = o->sort_date != JK_SORT_OLDEST;
    }
    xo.packed_slot = JK_SLOT_FACETS;
    xo.count_by_matcher = s->by_matcher;
    if (o->by_month) { /* every match's date, counted by Xapian's matcher */
        xo.nfacets = 1;
        xo.facet_slots[0] = JK_SLOT_DATE;
    }
    if (rerank) {
        xo.offset = 0;
        xo.limit = (o->offset + o->limit + JK_RERANK - 1) / JK_RERANK * JK_RERANK;
    }
    if (rc == JK_OK)
        rc = build_query(s, q, !rerank && !liked, &base, like, err);
    if (rc == JK_OK && *like)
        rc = jk_like_min_weight(s->pool, s->dbs, s->split, s->lastdocid, base, &xo.min_weight, err);
    if (rc == JK_OK)
        rc = jk_fanout_search(s->pool, s->dbs, s->split, s->lastdocid, base, &xo, counted, err);
    if (rc || !rerank)
        goto done;
    rc = jk_query_build(q, s->voc, 1, &full, err);
    if (rc == JK_OK)
        rc = jk_xquery_docids(&ids, counted->docid, counted->n, err);
    if (rc == JK_OK) {
        jk_xquery *pair[2] = {full, ids};
        rc = jk_xquery_combine(&only, JK_XOP_FILTER, pair, 2, 0, err);
    }
    jk_xsearch_opts_init(&xo);
    xo.offset = o->offset;
    xo.limit = o->limit;
    /* exact over the few candidates: with only the page asked for, Xapian
     * 1.4 may weigh a notice with the phrase of an OR it has not checked
     * (調査 個人不正 gave one without 個人不正 the phrase's weight) */
    xo.inexact = 0;
    if (rc == JK_OK)
        rc = jk_fanout_search(s->pool, s->dbs, s->split, s->lastdocid, only, &xo, page, err);
done:
    if (rc == JK_OK && !rerank) { /* one pass: the page is all it found */
        *page = *counted;
        counted->docid = NULL;
        counted->weight = NULL;
        counted->n = 0;
        page->labels = NULL; /* the labels stay with the counts */
        page->nlabels = page->caplabels = 0;
    }
    if (rc) {
        jk_hits_clear(counted);
        jk_hits_clear(page);
        jk_like_free(*like);
        *like = NULL;
    }
    jk_xquery_free(base);
    jk_xquery_free(full);
    jk_xquery_free(ids);
    jk_xquery_free(only);
    return rc;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* A search that Xapian could not read through (a block that ends early, a
 * document its posting lists name but that is not there) met a damaged
 * index: say so, and what to do. */
static int reading_failed(jk_searcher *s, int rc, jk_error *err)
{
    if (rc == JK_ENOMEM) /* Xapian may have been in the middle of a read */
        jk_searcher_distrust(s);
    if (rc != JK_EXAPIAN && rc != JK_ENOTFOUND && rc != JK_EIO)
        return rc;
    return jk_schema_damaged(s->path, rc, err);
}

int jk_searcher_run(jk_searcher *s, jk_query *q, const jk_search_opts *o, jk_results **out,
                    jk_error *err)
{
    jk_hits counted, page;
    jk_results *r = NULL;
    jk_like *like = NULL;
    double t0 = now_ms();
    int rc = JK_OK;

    *out = NULL;
    for (int attempt = 0; attempt < 3; attempt++) {
        rc = search_pages(s, q, o, &counted, &page, &like, err);
        if (rc != JK_EMODIFIED)
            break;
    }
    if (rc)
        return reading_failed(s, rc, err);
    r = calloc(1, sizeof *r);
    if (!r || !(r->items = calloc(page.n + 1, sizeof *r->items))) {
        rc = jk_error_set(err, JK_ENOMEM, "[search] out of memory");
        goto done;
    }
    r->total = counted.total;
    r->offset = o->offset;
    r->scored = jk_query_has_words(q) || jk_query_like(q) != NULL;
    rc = packed_facets(r, &counted, err);
    if (rc == JK_OK && o->by_month)
        rc = month_counts(r, &counted, err);
    if (rc == JK_OK && like && jk_like_nterms(like) > 0) {
        r->like = calloc(jk_like_nterms(like), sizeof *r->like);
        rc = r->like ? JK_OK : jk_error_set(err, JK_ENOMEM, "[search] out of memory");
        for (size_t i = 0; rc == JK_OK && i < jk_like_nterms(like); i++, r->nlike++)
            if (!(r->like[i] = strdup(jk_like_term(like, i))))
                rc = jk_error_set(err, JK_ENOMEM, "[search] out of memory");
    }
    if (rc == JK_OK)
        rc = fill_page(s, q, o, &page, r, err);
    r->took_ms = now_ms() - t0;
done:
    jk_hits_clear(&counted);
    jk_hits_clear(&page);
    jk_like_free(like);
    if (rc) {
        jk_results_free(r);
        return reading_failed(s, rc, err);
    }
    *out = r;
    return JK_OK;
}
