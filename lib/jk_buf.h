/* jk_buf: a growable byte buffer with a sticky error (after FTS5's fts5_buffer.c).
 *
 * The appenders take int *rc: once *rc is non-zero they do nothing, so a long
 * sequence of appends is checked once at the end. The bytes are always
 * NUL-terminated after a successful append. The buffer owns its memory:
 * release it with jk_buf_free, or take it with jk_buf_steal (caller frees).
 */
#ifndef JK_BUF_H
#define JK_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct jk_buf {
    char *p;
    size_t n;
    size_t cap;
} jk_buf;

#define JK_BUF_INIT                                                                                \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

void jk_buf_append(jk_buf *b, int *rc, const void *data, size_t len);
void jk_buf_puts(jk_buf *b, int *rc, const char *s);
void jk_buf_putc(jk_buf *b, int *rc, char c);
void jk_buf_printf(jk_buf *b, int *rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Makes room for extra more bytes; *rc = JK_ENOMEM on failure. */
void jk_buf_reserve(jk_buf *b, int *rc, size_t extra);
/* Empties the buffer, keeping its memory. */
void jk_buf_reset(jk_buf *b);
/* Frees the memory; b is empty and reusable afterwards. */
void jk_buf_free(jk_buf *b);
/* Returns the NUL-terminated bytes (never NULL; "" when empty): the caller
 * frees them with free(); b is left empty. NULL only on allocation failure. */
char *jk_buf_steal(jk_buf *b);

#endif
