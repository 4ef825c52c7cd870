/* jk_fanout: one search split over several readers of the same index, a
 * thread each, merged into exactly what one reader would have returned.
 *
 * Exact totals and facet counts make every search visit every match (by its
 * posting lists, or through Xapian's matcher; jk_xapian_search.cc), so a common word
 * at 100k notices spends milliseconds in one thread. Each reader here takes an equal range of
 * document ids (the weights are the same as over the whole index: a filter by id adds no weight and
 * changes no statistic), its own copy of the query (Xapian objects are not shared between threads),
 * and the results are merged by weight, ties by document id as Xapian orders them.
 *
 * The readers must be at the same revision (jk_xdb_revision); the caller
 * checks. dbs[0] runs in the calling thread, the others on the workers of
 * pool (the caller's; with too few, or NULL, in the calling thread in turn:
 * jk_pool_run). jk_hits is owned by the caller:
 * jk_hits_clear frees its arrays.
 */
#ifndef JK_FANOUT_H
#define JK_FANOUT_H

#include "jk_error.h"
#include "jk_pool.h"
#include "jk_xapian.h"

#include <stddef.h>

#define JK_FANOUT_MAX 4

typedef struct jk_label_count {
    char *label;
    unsigned count;
} jk_label_count;

typedef struct jk_hits {
    unsigned total;                    /* all matches (an estimate if inexact) */
    unsigned bits[16], a[256], b[256]; /* packed facet counts (see jk_xmset_packed) */
    /* with o->nfacets == 1: the labels of facet 0 over all matches, in byte
     * order, each with its count (jk_xmset_facets), merged over the parts */
    jk_label_count *labels;
    size_t nlabels, caplabels;
    unsigned n; /* hits on the page */
    unsigned *docid;
    double *weight;
} jk_hits;

/* Runs q with o over dbs[0..n), n from
 * 1 to JK_FANOUT_MAX, whose last document id is lastdocid, into *out (which
 * it first clears). */
int jk_fanout_search(jk_pool *pool, jk_xdb *const *dbs, size_t n, unsigned lastdocid,
                     const jk_xquery *q, const jk_xsearch_opts *o, jk_hits *out, jk_error *err);

void jk_hits_clear(jk_hits *h);

#endif
