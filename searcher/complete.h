/* complete: what Tab offers at the jikenbo-search prompt.
 *
 * complete_word lists the completions of the word before the cursor: a field
 * (cause: sector: year: date: org: id: file: like:), a label after cause: or
 * sector: (or after a ',' in a list there: cause:ransomware,mal), the name of an indexed file after
 * file:, and the prompt's words after "sort ". A '+' or '-' before the word (narrowing, leaving
 * out) is kept. Completions are whole words, prefix included ("+cause:ransomware"), each to replace
 * the line from byte start to the cursor. The list is owned by the caller: complete_free. */
#ifndef JK_SEARCHER_COMPLETE_H
#define JK_SEARCHER_COMPLETE_H

#include "jk_search.h"

#include <stddef.h>

typedef struct complete_list {
    char **words; /* sorted, each once */
    size_t n;
    size_t start; /* where in the line the word they complete begins */
} complete_list;

/* Fills out with the completions of the last word of line (the text from the
 * start of the line to the cursor). s may be NULL: then no file names are
 * offered. Returns JK_OK, or JK_ENOMEM with out empty. */
int complete_word(jk_searcher *s, const char *line, complete_list *out);

/* The longest start that every word of l shares ("" when l is empty); a
 * pointer into l's first word and its length in bytes, which never cuts a
 * UTF-8 character. */
size_t complete_common(const complete_list *l);

/* Frees l's words (l itself is the caller's); l may be NULL. */
void complete_free(complete_list *l);

#endif
