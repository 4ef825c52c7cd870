#include "jk_array.h"

#include "jk_error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int jk_array_grow(void *pv, size_t *cap, size_t n, size_t size, size_t first)
{
    void *old, *p;
    size_t want;

    if (n < *cap)
        return JK_OK;
    want = *cap ? *cap * 2 : first;
    if (want <= *cap || want > SIZE_MAX / size)
        return JK_ENOMEM;
    /* pv points at some T *: copied, never read as a void * in place */
    memcpy(&old, pv, sizeof old);
    p = realloc(old, want * size);
    if (!p)
        return JK_ENOMEM;
    memcpy(pv, &p, sizeof p);
    *cap = want;
    return JK_OK;
}
