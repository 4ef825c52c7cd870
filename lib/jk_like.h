/* jk_like: what like:ID searches for, the notices most like notice ID.
 *
 * The words that best tell notice ID apart from the rest of the index
 * (Xapian's query expansion with the notice as the relevant set; at most
 * JK_LIKE_TERMS, neither numbers, one-character words, words in hiragana
 * alone nor the words of its organisation's name, which would find the same
 * organisation rather than the same kind of incident) are OR'ed, so each
 * notice weighs, by BM25 as in any search, what it shares of them. The
 * notices with the id itself (one release may name several organisations)
 * are left out. Like ID are the likest notice and those that weigh at least
 * JK_LIKE_SHARE of what it weighs: only they match, so the total and the
 * facet counts say how many notices are that close, not how many share a
 * word with it (nearly all). (Lucene's MoreLikeThis takes a document's best
 * terms the same way; the share of the best weight is Xapian's percentage
 * cut-off, made exact.)
 *
 * A jk_like belongs to the caller: jk_like_free. The strings it returns are
 * borrowed from it.
 */
#ifndef JK_LIKE_H
#define JK_LIKE_H

#include "jk_error.h"
#include "jk_pool.h"
#include "jk_xapian.h"

#include <stddef.h>

#define JK_LIKE_TERMS 15
#define JK_LIKE_SHARE 0.5

typedef struct jk_like jk_like;

/* The words of notice id ("2023-442") in the index db. No notice with that id is JK_EQUERY (the
 * query names what is not there), with a message that names it. */
int jk_like_new(jk_like **out, jk_xdb *db, const char *id, jk_error *err);
void jk_like_free(jk_like *l);

/* The words, best first. */
size_t jk_like_nterms(const jk_like *l);
const char *jk_like_term(const jk_like *l, size_t i);

/* The query to run: the words OR'ed, filtered by rest (unweighted; NULL:
 * every notice), without the notice itself. Caller frees with
 * jk_xquery_free. */
int jk_like_query(const jk_like *l, const jk_xquery *rest, jk_xquery **out, jk_error *err);

/* The weight a match of q (a jk_like_query) must reach to be like the
 * notice (jk_xsearch_opts.min_weight): JK_LIKE_SHARE of the likest match's
 * weight, found over the readers dbs[0..n) with pool's workers as
 * jk_fanout_search splits a search; 0 when nothing matches. */
int jk_like_min_weight(jk_pool *pool, jk_xdb *const *dbs, size_t n, unsigned lastdocid,
                       const jk_xquery *q, double *out, jk_error *err);

#endif
