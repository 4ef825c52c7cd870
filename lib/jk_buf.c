#include "jk_buf.h"

#include "jk_error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void jk_buf_reserve(jk_buf *b, int *rc, size_t extra)
{
    if (*rc)
        return;
    if (b->n + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->n + extra + 1)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
        *rc = JK_ENOMEM;
        return;
    }
    b->p = p;
    b->cap = cap;
}

void jk_buf_append(jk_buf *b, int *rc, const void *data, size_t len)
{
    jk_buf_reserve(b, rc, len);
    if (*rc)
        return;
    if (len)
        memcpy(b->p + b->n, data, len);
    b->n += len;
    b->p[b->n] = '\0';
}

void jk_buf_puts(jk_buf *b, int *rc, const char *s)
{
    jk_buf_append(b, rc, s, strlen(s));
}

void jk_buf_putc(jk_buf *b, int *rc, char c)
{
    jk_buf_append(b, rc, &c, 1);
}

void jk_buf_printf(jk_buf *b, int *rc, const char *fmt, ...)
{
    va_list ap;
    int len;

    if (*rc)
        return;
    va_start(ap, fmt);
    len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (len < 0) {
        *rc = JK_EINVAL;
        return;
    }
    jk_buf_reserve(b, rc, (size_t)len);
    if (*rc)
        return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->n, (size_t)len + 1, fmt, ap);
    va_end(ap);
    b->n += (size_t)len;
}

void jk_buf_reset(jk_buf *b)
{
    b->n = 0;
    if (b->p)
        b->p[0] = '\0';
}

void jk_buf_free(jk_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
}

char *jk_buf_steal(jk_buf *b)
{
    char *p = b->p;
    if (!p) {
        p = malloc(1);
        if (p)
            p[0] = '\0';
    }
    b->p = NULL;
    b->n = b->cap = 0;
    return p;
}
