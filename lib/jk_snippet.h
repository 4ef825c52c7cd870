/* jk_snippet: the part of a text that best shows a query's terms, cut by
 * display width, with the matches marked at the right bytes of the ORIGINAL
 * text (ＢＣＣ is marked whole for the query bcc, though normalisation changed
 * its width and length).
 *
 * A jk_snippet is caller-owned; jk_snippet_clear frees what it holds.
 */
#ifndef JK_SNIPPET_H
#define JK_SNIPPET_H

#include "jk_analyze.h"
#include "jk_error.h"

#include <stddef.h>

typedef struct jk_hit {
    size_t start, end; /* byte range in jk_snippet.text */
} jk_hit;

typedef struct jk_snippet {
    char *text; /* line breaks and runs of blanks shown as one space; "…" where cut */
    size_t len;
    jk_hit *hits;
    size_t nhits;
    size_t src_start; /* where the snippet starts in the source text (bytes) */
    jk_hit *marks;    /* the matches in the source, as byte ranges of it, in order */
    size_t nmarks;
    int whole; /* marks holds every match in the source (1), or those of its start only (0) */
} jk_snippet;

#define JK_SNIPPET_INIT                                                                            \
    {                                                                                              \
        NULL, 0, NULL, 0, 0, NULL, 0, 0                                                            \
    }

/* The most bytes of a notice's body that a search analyses at once for its
 * snippet (jk_snippet_make's piece). A body is a few KB (the largest of the
 * seed months 11 KB), but a blog dump can hold a far longer one, and
 * analysing 12 MB for a snippet took 1.5 s of every search that showed it. */
#define JK_SNIPPET_PIECE 65536

/* Makes the snippet of src[0..len) of at most cols display columns around the
 * densest cluster of matches, a match in a clause that denies something
 * (jk_negation.h) counting half; with no match, the start of the text. With
 * piece > 0, a text longer than piece bytes is analysed a piece at a time
 * (each cut after its last line break, if its second half has one), up to the
 * first piece that holds a match, and the snippet is taken from the pieces
 * analysed (out->whole says whether that was all of src); with piece 0, the
 * whole text is. A match is
 * a token equal to one of terms (normalised, as jk_query_term gives them), the
 * tokens one after another of a term of several words separated by spaces
 * ("誤る 廃棄": 誤って廃棄), or a place where the normalised text holds one of
 * subs (as jk_query_sub gives them: the query words, found inside longer
 * words). out->marks gets every match in what was analysed, for showing the
 * whole text marked (with piece 0). */
int jk_snippet_make(jk_analyzer *an, const char *src, size_t len, const char *const *terms,
                    size_t nterms, const char *const *subs, size_t nsubs, size_t cols, size_t piece,
                    jk_snippet *out, jk_error *err);

void jk_snippet_clear(jk_snippet *s);

#endif
