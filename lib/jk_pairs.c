#include "jk_pairs.h"

#include "jk_xapian.h"

#include <string.h>

int jk_pairs_content(const char *term, size_t len)
{
    const unsigned char *u = (const unsigned char *)term;
    int digits = 1, hiragana = 1;

    if (len == 0)
        return 0;
    for (size_t i = 0; digits && i < len; i++)
        digits = u[i] >= '0' && u[i] <= '9';
    /* hiragana: U+3041..U+309F, E3 81 81 .. E3 82 9F */
    for (size_t i = 0; hiragana && i < len; i += 3)
        hiragana =
            i + 3 <= len && u[i] == 0xE3 &&
            ((u[i + 1] == 0x81 && u[i + 2] >= 0x81) || (u[i + 1] == 0x82 && u[i + 2] <= 0x9F));
    return !digits && !hiragana;
}

size_t jk_pairs_term(const char *a, size_t alen, const char *b, size_t blen, char *out,
                     size_t outlen)
{
    size_t plen = strlen(JK_PREFIX_PAIR), n = plen + alen + 1 + blen;

    if (n > JK_XTERM_MAX || n + 1 > outlen)
        return 0;
    memcpy(out, JK_PREFIX_PAIR, plen);
    memcpy(out + plen, a, alen);
    out[plen + alen] = ' ';
    memcpy(out + plen + alen + 1, b, blen);
    out[n] = '\0';
    return n;
}
