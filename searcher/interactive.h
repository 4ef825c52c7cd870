/* interactive: the prompt of jikenbo-search (line editing and history with
 * libedit, paging, narrowing, opening a notice in $PAGER). */
#ifndef JK_SEARCHER_INTERACTIVE_H
#define JK_SEARCHER_INTERACTIVE_H

#include "jk_search.h"
#include "output.h"
#include "query.h"

typedef struct interactive_opts {
    jk_search_opts *search;
    const out_style *style;
    const search_filter *filters;
    size_t nfilters;
} interactive_opts;

/* Runs the prompt until Ctrl-D or "q"; returns the exit status. */
int interactive_run(jk_searcher *s, const interactive_opts *o);

#endif
