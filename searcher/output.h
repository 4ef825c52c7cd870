/* output: how jikenbo-search prints results (plain text for people, with
 * colour only when asked or on a terminal; one JSON object for scripts). */
#ifndef JK_SEARCHER_OUTPUT_H
#define JK_SEARCHER_OUTPUT_H

#include "jk_query.h"
#include "jk_search.h"

#include <stdio.h>

typedef struct out_style {
    int color;
    size_t width; /* terminal columns */
    int full;     /* each result as its whole notice (--full), not a snippet */
} out_style;

/* The results as text: each hit with its title, fields, snippet and source
 * (with st->full, its whole notice as out_notice prints it); then the total,
 * the facet counts and a hint of how to narrow. */
void out_plain(FILE *f, const out_style *st, const jk_results *r);

/* Exactly one JSON object (see README) followed by a newline; full adds each
 * result's end_line and body, q's notes (jk_query_warning) are "notes", and
 * suggestion (may be NULL) is "did you mean" for a query that matched nothing
 * (query_suggest). */
int out_json(FILE *f, const char *query, const jk_query *q, const jk_results *r, int full,
             const char *suggestion);

/* --explain: the query as parsed, its terms, warnings and the Xapian query. */
void out_explain(FILE *f, jk_searcher *s, jk_query *q);

/* A whole notice, for the pager and --full. */
void out_notice(FILE *f, const out_style *st, const jk_result *r);

#endif
