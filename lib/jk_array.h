/* jk_array: room for one more element in a growable array (after git's
 * ALLOC_GROW), so each array that grows by appending needs no realloc of its
 * own.
 *
 * The array is a pointer, its capacity and its count, kept by the caller; the
 * array is the caller's to free. */
#ifndef JK_ARRAY_H
#define JK_ARRAY_H

#include "jk_error.h"

#include <stddef.h>

/* When n == *cap, reallocates the array whose address is pv (a T **) to
 * twice *cap elements of size bytes each (first when *cap is 0) and sets
 * *cap. Returns JK_OK, or JK_ENOMEM with the array and *cap unchanged. */
int jk_array_grow(void *pv, size_t *cap, size_t n, size_t size, size_t first);

/* jk_array_grow for T **pv, with size sizeof(T); no call while there is
 * room, as in the tokeniser's per-token append. cap and n are evaluated
 * twice: plain variables or members only. */
#define JK_ARRAY_GROW(pv, cap, n, first)                                                           \
    ((n) < *(cap) ? JK_OK : jk_array_grow((pv), (cap), (n), sizeof **(pv), (first)))

#endif
