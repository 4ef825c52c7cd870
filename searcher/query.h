/* query: a query of jikenbo-search from its text and the filter options
 * (--cause, --sector, --year, --date, --like, --file), as the command line and the
 * prompt both build it; and what to offer when it matches nothing. */
#ifndef JK_SEARCHER_QUERY_H
#define JK_SEARCHER_QUERY_H

#include "jk_query.h"
#include "jk_search.h"

#include <stdio.h>

/* A --cause/--sector/--year/--date/--like/--file option: a filter added to every query. */
typedef struct search_filter {
    const char *field, *value;
} search_filter;

/* Parses text and adds the filters f[0..nf). *out is the caller's
 * (jk_query_free). A filter's error names its option (--cause: ...). */
int query_build(jk_searcher *s, const char *text, const search_filter *f, size_t nf, jk_query **out,
                jk_error *err);

/* For q (parsed from text with f[0..nf)) that matched nothing: what the
 * index says about it, each line to out after prefix: that the index is
 * empty, or that nothing matches, its hint (jk_query_nomatch_hint) and "did
 * you mean" (jk_suggest) with the matches the rewritten query has. */
void query_no_match(FILE *out, const char *prefix, jk_searcher *s, const jk_query *q,
                    const char *text, const search_filter *f, size_t nf, const char *db);

/* The rewritten query jk_suggest offers for q, counted with f[0..nf); NULL
 * (and 0) if none. The caller frees it. */
char *query_suggest(jk_searcher *s, const jk_query *q, const char *text, const search_filter *f,
                    size_t nf, unsigned *total);

#endif
