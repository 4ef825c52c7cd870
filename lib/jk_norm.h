/* jk_norm: text normalisation with ICU (NFKC + case folding) that remembers
 * where every output byte came from.
 *
 * ＢＣＣ → bcc, 個⼈ (U+2F08) → 個人, ｱｸｾｽ → アクセス, ideographic space and NBSP →
 * space, zero-width characters removed. Normalisation runs segment by segment
 * (a segment is a character with the combining marks that attach to it), so
 * each output byte maps back to the source bytes of its segment.
 *
 * A jk_norm is not thread-safe (it caches per-character answers); use one per
 * thread. A jk_normtext is caller-owned and reusable across calls: free it with
 * jk_normtext_free.
 */
#ifndef JK_NORM_H
#define JK_NORM_H

#include "jk_error.h"

#include <stddef.h>
#include <stdint.h>

typedef struct jk_norm jk_norm;

typedef struct jk_normtext {
    char *text;    /* normalised UTF-8, NUL-terminated */
    size_t len;    /* bytes in text */
    uint32_t *map; /* map[i]: source offset of the segment output byte i came from; map[len] =
                      source length */
    size_t src_len;
    size_t cap; /* capacity of text and map (internal) */
} jk_normtext;

#define JK_NORMTEXT_INIT                                                                           \
    {                                                                                              \
        NULL, 0, NULL, 0, 0                                                                        \
    }

int jk_norm_new(jk_norm **out, jk_error *err);
void jk_norm_free(jk_norm *n);

/* Normalises src[0..len) (valid UTF-8; invalid bytes become U+FFFD) into out,
 * replacing its previous content. Sources must be under 4 GiB. */
int jk_norm_run(jk_norm *n, const char *src, size_t len, jk_normtext *out, jk_error *err);

/* Normalises into a fresh malloc'd NUL-terminated string (caller frees). */
int jk_norm_string(jk_norm *n, const char *src, size_t len, char **out, jk_error *err);

/* Source offset where normalised offset off starts. */
size_t jk_normtext_src_start(const jk_normtext *t, size_t off);
/* Source offset where a normalised range ending at off (exclusive) ends: the
 * end of the segment holding byte off-1. */
size_t jk_normtext_src_end(const jk_normtext *t, size_t off);

void jk_normtext_free(jk_normtext *t);

#endif
