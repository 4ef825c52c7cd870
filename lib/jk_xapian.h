/* jk_xapian: the C API over libxapian; the only C++ in jikenbo is behind it.
 *
 * Every function catches every exception: it returns 0 or a negative jk_code
 * and fills err with "[xapian][<entry point>] <Xapian error type>: <message>".
 * Strings returned through char **out are malloc'd: the caller frees them with
 * free(). Handles returned through **out belong to the caller and have a
 * matching _free that accepts NULL. Nothing here keeps a pointer to the
 * caller's strings after it returns.
 *
 * Term length: Xapian rejects terms over 245 bytes. Every term given to this
 * API (postings, boolean terms, unique terms, query terms) that is longer than
 * JK_XTERM_MAX bytes is replaced by its first bytes cut at a UTF-8 boundary
 * (at most JK_XTERM_MAX - 17) followed by '#' and 16 hex digits of its 64-bit
 * FNV-1a hash. The mapping is deterministic, so a long query term still finds
 * the same long document term.
 */
#ifndef JK_XAPIAN_H
#define JK_XAPIAN_H

#include "jk_error.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define JK_XTERM_MAX 240

typedef struct jk_xdb jk_xdb;
typedef struct jk_xdoc jk_xdoc;
typedef struct jk_xquery jk_xquery;
typedef struct jk_xmset jk_xmset;

/* ---- databases -------------------------------------------------------- */

typedef enum jk_xdb_mode {
    JK_XDB_READ = 0, /* read-only; the path must hold an index */
    JK_XDB_WRITE =
        1, /* create or open for writing; fails with JK_ELOCKED if another writer has it */
    /* WRITE for a scratch index that a crash may lose (a shard of a new
     * index, merged later): commits do not wait for the disk and overwrite
     * blocks in place (no copy-on-write, so no reader may open it before the
     * writer is freed; about 5% faster to build a new index) */
    JK_XDB_WRITE_SCRATCH = 2
} jk_xdb_mode;

/* Documents a writer holds in memory before it writes their postings to the
 * tables (inside a transaction too, uncommitted); set for the process, as
 * $XAPIAN_FLUSH_THRESHOLD, by the first writer opened, unless the
 * environment has it already. */
#define JK_XDB_FLUSH_DOCS 250

/* Opens the index at path. A missing index in READ mode is JK_ENOTFOUND. */
int jk_xdb_open(jk_xdb **out, const char *path, jk_xdb_mode mode, jk_error *err);

/* Closes the index. A transaction still open is cancelled, never committed. */
void jk_xdb_free(jk_xdb *db);

/* Re-reads a read-only index at its latest committed revision. */
int jk_xdb_reopen(jk_xdb *db, jk_error *err);

/* One atomic, durable unit of change: nothing between begin and commit is
 * visible to readers or survives a crash until commit returns 0. */
int jk_xdb_begin(jk_xdb *db, jk_error *err);
int jk_xdb_commit(jk_xdb *db, jk_error *err);
int jk_xdb_cancel(jk_xdb *db, jk_error *err);

/* Writes what was added so far (outside a transaction): for bulk builds whose
 * database is a temporary until it is complete. */
int jk_xdb_flush(jk_xdb *db, jk_error *err);

/* Xapian's own check of the index at path (every block of every table, and
 * the tables against each other, as xapian-check does; seconds for a large
 * index): JK_OK when it finds nothing; JK_ECORRUPT with how many faults and
 * the first one's description, or with the fault it could not read past.
 * Readers may run beside it; a writer's commit could move blocks under it. */
int jk_xdb_check(const char *path, jk_error *err);

/* How many terms a reader counts matches of by their bitmaps (the index's
 * most frequent terms; jk_xapian_int.hh) at its revision: 0 when the last
 * commit was not jikenbo's (they are then counted from posting lists). */
int jk_xdb_bitmaps(jk_xdb *db, unsigned *out, jk_error *err);
/* Whether a reader's term bitmaps match its posting lists: JK_ECORRUPT with
 * the first term and document where they differ (jikenbo-index --check). */
int jk_xdb_bitmaps_check(jk_xdb *db, jk_error *err);

/* Number of documents. */
int jk_xdb_doccount(jk_xdb *db, unsigned *out, jk_error *err);
/* The revision the handle reads (two readers of one index at the same
 * revision see the same documents) and the highest document id in use. */
int jk_xdb_revision(jk_xdb *db, unsigned long *rev, unsigned *lastdocid, jk_error *err);

/* User metadata. get stores NULL in *out when the key has no value. */
int jk_xdb_get_metadata(jk_xdb *db, const char *key, char **out, jk_error *err);
int jk_xdb_set_metadata(jk_xdb *db, const char *key, const char *value, jk_error *err);

/* Calls cb with each metadata key that starts with prefix and its value, in
 * key order (read first, so cb may change the metadata); inside a
 * transaction the transaction's own changes are seen. A non-zero return from
 * cb stops and is returned. key and value are borrowed for the call. */
typedef int (*jk_xdb_meta_cb)(const char *key, const char *value, void *payload);
int jk_xdb_metadata_each(jk_xdb *db, const char *prefix, jk_xdb_meta_cb cb, void *payload,
                         jk_error *err);

/* The document indexed by unique_term: *out is its docid, or 0 if none. */
int jk_xdb_find_unique(jk_xdb *db, const char *unique_term, unsigned *out, jk_error *err);

/* Adds doc, or replaces every document indexed by unique_term with it. The
 * document must itself carry unique_term. *out (may be NULL) gets its docid. */
int jk_xdb_replace(jk_xdb *db, const char *unique_term, const jk_xdoc *doc, unsigned *out,
                   jk_error *err);

/* Adds doc as a new document (no unique-term lookup: for fresh shards). */
int jk_xdb_add(jk_xdb *db, const jk_xdoc *doc, unsigned *out, jk_error *err);

/* Deletes every document indexed by unique_term (none is not an error). */
int jk_xdb_delete(jk_xdb *db, const char *unique_term, jk_error *err);

/* A copy of document docid; JK_ENOTFOUND if there is none. */
int jk_xdb_get_document(jk_xdb *db, unsigned docid, jk_xdoc **out, jk_error *err);

/* Calls cb for every document indexing term, in docid order. A non-zero
 * return from cb stops the walk and is returned. */
typedef int (*jk_xdocid_cb)(unsigned docid, void *payload);
int jk_xdb_postings(jk_xdb *db, const char *term, jk_xdocid_cb cb, void *payload, jk_error *err);

/* Calls cb for every document with a value in slot, in docid order (val is
 * borrowed for the call). A non-zero return from cb stops the walk and is
 * returned. */
typedef int (*jk_xvalue_cb)(unsigned docid, const char *val, size_t len, void *payload);
int jk_xdb_values(jk_xdb *db, unsigned slot, jk_xvalue_cb cb, void *payload, jk_error *err);

/* Sets value slot of document docid, whose terms stay as they are; JK_ENOTFOUND
 * if there is no such document. */
int jk_xdb_set_value(jk_xdb *db, unsigned docid, unsigned slot, const char *val, size_t len,
                     jk_error *err);

/* Number of documents indexing term. */
int jk_xdb_termfreq(jk_xdb *db, const char *term, unsigned *out, jk_error *err);

/* Calls cb for every term starting with prefix, in byte order, with its
 * document frequency. A non-zero return from cb stops the walk and is returned. */
typedef int (*jk_xterm_cb)(const char *term, size_t len, unsigned freq, void *payload);
int jk_xdb_allterms(jk_xdb *db, const char *prefix, jk_xterm_cb cb, void *payload, jk_error *err);

/* Merges the databases at sources into a new database at dest (which must not
 * hold one), renumbering documents in order: Xapian's compaction, so the
 * result is also as small as Xapian makes it. */
int jk_xdb_compact(const char *dest, const char *const *sources, size_t n, jk_error *err);

/* ---- documents -------------------------------------------------------- */

int jk_xdoc_new(jk_xdoc **out, jk_error *err);
void jk_xdoc_free(jk_xdoc *doc);

/* A term at a position (1-based) with wdf increment wdfinc. */
int jk_xdoc_add_posting(jk_xdoc *doc, const char *term, size_t len, unsigned pos, unsigned wdfinc,
                        jk_error *err);
/* A term without position. */
int jk_xdoc_add_term(jk_xdoc *doc, const char *term, size_t len, unsigned wdfinc, jk_error *err);
/* A term for filtering only: wdf 0, no position, no effect on the weight. */
int jk_xdoc_add_boolean_term(jk_xdoc *doc, const char *term, jk_error *err);
/* Removes term (with its positions) from the document; absent is no error. */
int jk_xdoc_remove_term(jk_xdoc *doc, const char *term, jk_error *err);

int jk_xdoc_set_value(jk_xdoc *doc, unsigned slot, const char *val, size_t len, jk_error *err);
/* *out is malloc'd and NUL-terminated (NULL when empty); *len may be NULL. */
int jk_xdoc_get_value(const jk_xdoc *doc, unsigned slot, char **out, size_t *len, jk_error *err);

int jk_xdoc_set_data(jk_xdoc *doc, const char *data, size_t len, jk_error *err);
/* *out is malloc'd and NUL-terminated (never NULL on success). */
int jk_xdoc_get_data(const jk_xdoc *doc, char **out, size_t *len, jk_error *err);

/* Calls cb for each term of the document in byte order with its wdf. */
int jk_xdoc_terms(const jk_xdoc *doc, jk_xterm_cb cb, void *payload, jk_error *err);

/* ---- queries ---------------------------------------------------------- */

typedef enum jk_xop {
    JK_XOP_AND,
    JK_XOP_OR,
    JK_XOP_AND_NOT, /* first subquery, without documents matching any other */
    JK_XOP_AND_MAYBE,
    JK_XOP_FILTER, /* first subquery, restricted to documents matching all others, unweighted */
    JK_XOP_PHRASE, /* terms in order within window positions (0: as many as there are terms) */
    JK_XOP_NEAR,   /* terms in any order within window positions */
    JK_XOP_SYNONYM,
    JK_XOP_MAX
} jk_xop;

/* A term with within-query frequency wqf (1 if 0) and query position pos (0: none). */
int jk_xquery_term(jk_xquery **out, const char *term, size_t len, unsigned wqf, unsigned pos,
                   jk_error *err);
/* Combines n subqueries (copied, not taken: the caller still frees them). */
int jk_xquery_combine(jk_xquery **out, jk_xop op, jk_xquery *const *subs, size_t n, unsigned window,
                      jk_error *err);
/* Documents whose value in slot is within [lo, hi] (byte order; NULL: open end). */
int jk_xquery_value_range(jk_xquery **out, unsigned slot, const char *lo, const char *hi,
                          jk_error *err);
/* sub with its weight multiplied by factor (>= 0; 0 makes it boolean). */
int jk_xquery_scale(jk_xquery **out, const jk_xquery *sub, double factor, jk_error *err);
/* Terms starting with prefix, OR'ed as one synonym-weighted subquery. */
int jk_xquery_wildcard(jk_xquery **out, const char *prefix, jk_error *err);
int jk_xquery_match_all(jk_xquery **out, jk_error *err);
int jk_xquery_match_nothing(jk_xquery **out, jk_error *err);
/* Matches exactly the documents ids[0..n) (any order), with no weight:
 * FILTER a costly query by it to evaluate that query on those documents
 * only. The ids must name documents of the database searched (ids past its
 * last document are dropped; a deleted document's id would still match). */
int jk_xquery_docids(jk_xquery **out, const unsigned *ids, size_t n, jk_error *err);
/* An independent copy of q (through Xapian's serialisation), for another
 * thread: Xapian objects must not be shared between threads. */
int jk_xquery_copy(jk_xquery **out, const jk_xquery *q, jk_error *err);
/* Xapian's own description of the query, for --explain. */
int jk_xquery_describe(const jk_xquery *q, char **out, jk_error *err);
int jk_xquery_is_empty(const jk_xquery *q);
void jk_xquery_free(jk_xquery *q);

/* ---- searching -------------------------------------------------------- */

#define JK_XFACETS_MAX 8

typedef struct jk_xsearch_opts {
    unsigned offset;  /* first result, 0-based */
    unsigned limit;   /* at most this many results */
    int sort_slot;    /* -1: by BM25 relevance; else by this value slot, then relevance */
    int sort_reverse; /* with sort_slot: descending */
    double bm25_k1;   /* 0: Xapian's default */
    double bm25_b;    /* 0 with k1 0: Xapian's default */
    size_t nfacets;   /* how many facet slots to count over ALL matches */
    unsigned facet_slots[JK_XFACETS_MAX];
    /* A value in a facet slot may hold several labels joined by this byte
     * (0: the whole value is one label). Each label is counted once. */
    char facet_sep;
    /* Packed facets, counted without strings: the value in this slot (-1: none)
     * is 4 bytes, a 16-bit little-endian bit set and two one-byte codes; every
     * match adds one to each set bit's counter and to each code's counter. */
    int packed_slot;
    /* 1: only the page is wanted; the total is then an estimate and matches
     * that cannot reach the page may be skipped (no facets then). */
    int inexact;
    /* With docid_hi > 0: only documents with ids in [docid_lo, docid_hi]
     * (weights as over the whole index), to split one search over threads. */
    unsigned docid_lo, docid_hi;
    /* 1: count with Xapian's matcher even where the query's posting lists
     * would do (jk_xapian_search.cc, "counting from posting lists"), to compare. */
    int count_by_matcher;
    /* > 0: only documents weighing at least this much match (and are counted,
     * exactly unless inexact, by Xapian's matcher). */
    double min_weight;
} jk_xsearch_opts;

/* Default options: offset 0, limit 10, relevance order, no facets. */
void jk_xsearch_opts_init(jk_xsearch_opts *opts);

/* Runs q. The total is exact (every match is checked, as facet counting
 * needs) unless opts->inexact.
 * A reader whose snapshot was recycled gets JK_EMODIFIED: call jk_xdb_reopen
 * and search again. */
int jk_xdb_search(jk_xdb *db, const jk_xquery *q, const jk_xsearch_opts *opts, jk_xmset **out,
                  jk_error *err);
void jk_xmset_free(jk_xmset *ms);

unsigned jk_xmset_size(const jk_xmset *ms);  /* results on this page */
unsigned jk_xmset_total(const jk_xmset *ms); /* all matching documents */
/* 1 if the page was ranked by a word alone without its related words,
 * which could not reach it (jk_xapian_search.cc); the page is the same. */
int jk_xmset_ranked_alone(const jk_xmset *ms);
unsigned jk_xmset_docid(const jk_xmset *ms, unsigned i);
double jk_xmset_weight(const jk_xmset *ms, unsigned i);
/* The value result i was sorted by (opts->sort_slot), a malloc'd copy into
 * *out (caller frees; "" when it has none) of *len bytes. */
int jk_xmset_sort_key(const jk_xmset *ms, unsigned i, char **out, size_t *len, jk_error *err);
/* The document of result i (a copy the caller frees). */
int jk_xmset_document(const jk_xmset *ms, unsigned i, jk_xdoc **out, jk_error *err);

/* The packed counts over all matches (see packed_slot): bits[16], a[256], b[256]. */
int jk_xmset_packed(const jk_xmset *ms, unsigned *bits, unsigned *a, unsigned *b, jk_error *err);

/* Calls cb with each label counted in facet f (index into opts.facet_slots),
 * most frequent first, ties in byte order. A non-zero return from cb stops. */
typedef int (*jk_xfacet_cb)(const char *label, size_t len, unsigned count, void *payload);
int jk_xmset_facets(const jk_xmset *ms, size_t f, jk_xfacet_cb cb, void *payload, jk_error *err);

/* ---- query expansion ---------------------------------------------------- */

/* Calls emit, best first, with at most max terms that best tell the
 * documents indexing rel_term apart from the rest of the index (Xapian's
 * query expansion, the documents as the relevant set) and their expansion
 * weights. Terms starting with an ASCII capital (prefixed terms, by Xapian's
 * convention) are never chosen, nor those accept (may be NULL) returns 0
 * for. No document indexing rel_term is JK_ENOTFOUND. A non-zero return from
 * emit stops and is returned. Strings are borrowed for the call. */
typedef int (*jk_xterm_accept_cb)(const char *term, size_t len, void *payload);
typedef int (*jk_xexpand_cb)(const char *term, size_t len, double weight, void *payload);
int jk_xdb_expand(jk_xdb *db, const char *rel_term, size_t max, jk_xterm_accept_cb accept,
                  jk_xexpand_cb emit, void *payload, jk_error *err);

/* ---- Xapian's own text processing, for comparisons (bench/eval) ---- */

/* Indexes text into doc with Xapian's TermGenerator and FLAG_CJK_NGRAM (CJK
 * text as unigrams and bigrams, other text as words), as a Xapian user would. */
int jk_xdoc_index_cjk(jk_xdoc *doc, const char *text, size_t len, jk_error *err);
/* Parses text with Xapian's QueryParser, FLAG_CJK_NGRAM, words AND'ed. */
int jk_xquery_parse_cjk(jk_xquery **out, const char *text, jk_error *err);

/* Shortens term to fit Xapian's limit as described above, into buf (at least
 * JK_XTERM_MAX + 1 bytes); returns the new length. Shorter terms are copied. */
size_t jk_xterm_fit(const char *term, size_t len, char *buf);

#ifdef __cplusplus
}
#endif

#endif
