/* jk_search: runs a parsed query against an index and returns everything a
 * program prints: the page of results with their fields and snippets, the
 * exact total, and facet counts over all matches.
 *
 * A jk_searcher holds a read-only index and an analyzer; it re-reads the index
 * before each search, so notices added meanwhile are found (and Xapian's
 * DatabaseModifiedError is answered by reopening and retrying, never shown).
 * Results are owned by the caller: jk_results_free. One thread at a time
 * may use a searcher.
 */
#ifndef JK_SEARCH_H
#define JK_SEARCH_H

#include "jk_analyze.h"
#include "jk_error.h"
#include "jk_query.h"
#include "jk_snippet.h"
#include "jk_vocab.h"
#include "jk_xapian.h"

#include <stddef.h>

typedef struct jk_searcher jk_searcher;

#define JK_SORT_NEWEST 1 /* jk_search_opts.sort_date: by date, newest first */
#define JK_SORT_OLDEST 2 /* by date, oldest first */

typedef struct jk_search_opts {
    unsigned offset;     /* first result (0-based) */
    unsigned limit;      /* results per page */
    int sort_date;       /* JK_SORT_NEWEST or JK_SORT_OLDEST instead of by relevance (0) */
    size_t snippet_cols; /* display width of snippets (0: no snippets but with all_marks) */
    size_t title_cols;   /* display width of titles (0: whole) */
    int by_month;        /* also count the matches per month of their titles' dates */
    int all_marks;       /* mark every match of each body, for showing it whole (else a long
                          * body's snippet.marks may hold its first matches only:
                          * jk_snippet.whole) */
} jk_search_opts;

typedef struct jk_result {
    unsigned rank; /* 1-based over all results */
    double score;
    unsigned docid;
    char *id, *org, *title, *date, *key, *file, *sector, *body;
    int year;
    unsigned line, end_line, body_line;
    char **cause; /* slugs */
    size_t ncause;
    jk_snippet snippet; /* of the body */
    jk_snippet
        title_hl; /* the title after its 【…#id】 tag, with its matches (cut to title_cols) */
} jk_result;

typedef struct jk_facet_count {
    char *label; /* slug, or year */
    unsigned count;
} jk_facet_count;

typedef struct jk_results {
    unsigned total; /* exact number of matching notices */
    unsigned offset;
    int scored; /* the query has words or like: to weigh (a score of 0 is then real) */
    size_t n;
    jk_result *items;
    jk_facet_count *facets[3]; /* indexed by jk_facet: cause, sector, year */
    size_t nfacets[3];
    double took_ms;
    char **like; /* a like: search's words, best first (jk_like.h); NULL otherwise */
    size_t nlike;
    jk_facet_count *months; /* with by_month: matches per month ("2024-05"), in order; */
    size_t nmonths;         /* a notice whose title has no date is in none */
} jk_results;

/* Opens the index at path read-only; JK_ENOTFOUND (with how to build one) if
 * there is none, JK_EVERSION if it was built with another dictionary. */
int jk_searcher_open(jk_searcher **out, const char *path, jk_error *err);
void jk_searcher_free(jk_searcher *s);
jk_analyzer *jk_searcher_analyzer(jk_searcher *s);

/* Has the next search open its readers afresh: for a caller whose own read
 * of jk_searcher_db failed for want of memory (a Xapian 1.4 reader can crash
 * on its next read after an allocation failed inside one). A search that
 * fails so does it itself. */
void jk_searcher_distrust(jk_searcher *s);

/* The index and its vocabulary as of the last search (borrowed; the next
 * search may re-read them). */
jk_xdb *jk_searcher_db(jk_searcher *s);
const jk_vocab *jk_searcher_vocab(jk_searcher *s);

/* Splits each search by relevance over n threads (1 to 4; the default is
 * the number of online CPUs, at most 4), each with its own reader of the
 * index: the caller's and n - 1 workers that the searcher keeps until
 * jk_searcher_free or the next call (jk_pool). The results are the same for
 * every n. */
int jk_searcher_set_threads(jk_searcher *s, unsigned n, jk_error *err);

/* Readies s for many searches in one process (the prompt, the benchmark):
 * gives each worker an analyzer of its own, so that a page's documents are
 * read and their titles and snippets highlighted on every thread the search
 * was split over (a page of ten with snippets took 4-5 ms in one). Each is
 * another MeCab, a few ms to start and about 20 MB of RSS; a program that
 * runs one search does better without. jk_searcher_set_threads keeps it
 * so. */
int jk_searcher_split_pages(jk_searcher *s, jk_error *err);

/* on: counts every match with Xapian's matcher, even for a query whose
 * posting lists give the same total and facets faster (jk_xapian_search.cc); for
 * tests and the benchmark. Off by default. */
void jk_searcher_count_by_matcher(jk_searcher *s, int on);

/* Number of notices in the index. */
int jk_searcher_doccount(jk_searcher *s, unsigned *out, jk_error *err);

/* Runs q against the index as it is now (q gets the notes of words that
 * were left out, see jk_query_build, and a like: search's words to
 * highlight). A like:ID whose id no notice has is JK_EQUERY. */
int jk_searcher_run(jk_searcher *s, jk_query *q, const jk_search_opts *o, jk_results **out,
                    jk_error *err);
void jk_results_free(jk_results *r);

/* The Xapian query that jk_searcher_run runs for q (for --explain); malloc'd. */
int jk_searcher_explain(jk_searcher *s, jk_query *q, char **out, jk_error *err);

#endif
