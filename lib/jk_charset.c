#include "jk_charset.h"

#include <stdint.h>
#include <string.h>
#include <unicode/ucnv.h>

/* True if ICU's converter icu decodes buf[0..len) with no illegal or
 * unmappable byte into text that reads as Japanese: kana make up at least a
 * tenth of its characters beyond ASCII (Japanese prose is a third or more
 * hiragana; Latin-1 bytes read as EUC-JP give kanji, rarely kana). */
static int decodes_as(const char *icu, const char *buf, size_t len)
{
    UErrorCode status = U_ZERO_ERROR;
    UConverter *c = ucnv_open(icu, &status);
    UChar out[4096];
    const char *src = buf, *end = buf + len;
    size_t kana = 0, wide = 0;

    if (U_FAILURE(status))
        return 0;
    ucnv_setToUCallBack(c, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &status);
    do { /* the output in pieces, counted and dropped */
        UChar *dst = out;
        status = U_ZERO_ERROR;
        ucnv_toUnicode(c, &dst, out + sizeof out / sizeof *out, &src, end, NULL, 1, &status);
        for (const UChar *u = out; u < dst; u++) {
            wide += *u >= 0x80;
            kana += *u >= 0x3041 && *u <= 0x30FF;
        }
    } while (status == U_BUFFER_OVERFLOW_ERROR);
    ucnv_close(c);
    return U_SUCCESS(status) && wide > 0 && kana * 10 >= wide;
}

const char *jk_charset_guess(const char *buf, size_t len)
{
    const unsigned char *b = (const unsigned char *)buf;

    if (len >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)))
        return decodes_as("UTF-16", buf, len) ? "UTF-16" : NULL;
    if (memchr(buf, '\0', len)) /* text in a one-byte-based encoding has none */
        return NULL;
    /* EUC-JP first: Shift_JIS reads most EUC-JP text as other characters,
     * while EUC-JP refuses the lead bytes of Shift_JIS's kana and kanji */
    if (decodes_as("EUC-JP", buf, len))
        return "EUC-JP";
    if (decodes_as("windows-31j", buf, len))
        return "CP932";
    return NULL;
}

const char *jk_charset_label(const char *name)
{
    return strcmp(name, "CP932") ? name : "Shift_JIS (CP932)";
}
