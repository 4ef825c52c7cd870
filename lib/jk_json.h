/* jk_json: writing JSON text into a jk_buf (sticky rc, see jk_buf.h). */
#ifndef JK_JSON_H
#define JK_JSON_H

#include "jk_buf.h"

#include <stddef.h>

/* Appends s[0..len) as a JSON string literal with quotes; NULL becomes null.
 * A byte that is not part of valid UTF-8 (a file name in another encoding)
 * becomes U+FFFD, so the output is always valid JSON. */
void jk_json_str(jk_buf *b, int *rc, const char *s, size_t len);
void jk_json_cstr(jk_buf *b, int *rc, const char *s);
/* Appends v[0..n) as a JSON array of strings. */
void jk_json_strv(jk_buf *b, int *rc, const char *const *v, size_t n);
/* Appends "key": (with a leading comma unless first is non-zero). */
void jk_json_key(jk_buf *b, int *rc, const char *key, int first);

#endif
