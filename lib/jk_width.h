/* jk_width: terminal display width of UTF-8 text (East Asian Wide and
 * Fullwidth take two columns, combining marks and zero-width characters none). */
#ifndef JK_WIDTH_H
#define JK_WIDTH_H

#include <stddef.h>
#include <stdint.h>

int jk_width_cp(int32_t cp);
size_t jk_width_str(const char *s, size_t len);
/* The longest prefix of s[0..len) that fits in cols columns, in bytes. */
size_t jk_width_fit(const char *s, size_t len, size_t cols);

#endif
