/* jk_charset: names the encoding of an archive file that is not UTF-8, when
 * it is one a Japanese user's text file is likely to be in, so that the error
 * can say how to convert it. Each guess is checked by decoding the whole
 * input strictly with ICU's converter for it; nothing is kept.
 */
#ifndef JK_CHARSET_H
#define JK_CHARSET_H

#include <stddef.h>

/* "UTF-16" (the input starts with a byte-order mark), "EUC-JP" or "CP932"
 * (Shift_JIS as Windows writes it) if buf[0..len) decodes whole as that, in
 * this order, into text with kana in it; else NULL. The names are iconv's;
 * static strings. */
const char *jk_charset_guess(const char *buf, size_t len);

/* The name to show a user for a name jk_charset_guess returns:
 * "Shift_JIS (CP932)" for CP932, else the name itself. */
const char *jk_charset_label(const char *name);

#endif
