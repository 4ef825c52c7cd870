/* jk_utf8: small UTF-8 helpers over caller-owned bytes (nothing allocated). */
#ifndef JK_UTF8_H
#define JK_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes the code point at s[0..len); stores its byte length in *n (>= 1).
 * Returns the code point, or -1 for an invalid or truncated sequence (then *n
 * is 1). Overlong forms, surrogates and values above U+10FFFF are invalid. */
int32_t jk_utf8_decode(const char *s, size_t len, size_t *n);

/* Offset of the first byte that is not valid UTF-8, or len if all is valid. */
size_t jk_utf8_invalid_at(const char *s, size_t len);

/* Encodes cp into out (4 bytes room); returns the byte count. */
size_t jk_utf8_encode(int32_t cp, char *out);

/* True for code points that print as blank: ASCII white space, NBSP, the
 * ideographic space, the Unicode spaces U+2000..U+200B, U+202F, U+205F, BOM. */
int jk_utf8_is_space(int32_t cp);

/* True if s[0..len) holds only blank code points (an empty line is blank). */
int jk_utf8_is_blank(const char *s, size_t len);

/* s[0..*len) without blank code points at both ends: returns the new start and
 * updates *len. */
const char *jk_utf8_trim(const char *s, size_t *len);

/* Number of code points in s[0..len) (invalid bytes count one each). */
size_t jk_utf8_count(const char *s, size_t len);

#endif
