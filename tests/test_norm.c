/* The ICU normaliser: NFKC + case folding, and offsets back to the source. */
#include "jk_norm.h"
#include "jk_test.h"

#include <stdlib.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

static void check_norm(jk_norm *n, const char *in, const char *want)
{
    char *out = NULL;
    jk_error err;
    CHECK_INT(jk_norm_string(n, in, strlen(in), &out, &err), JK_OK);
    CHECK_STR(out, want);
    free(out);
}

/* nf's normalisation of the whole of s[0..len) (valid UTF-8), into out;
 * (size_t)-1 if ICU fails (a character may normalise to nothing). */
static size_t icu_whole(const UNormalizer2 *nf, const char *s, size_t len, char *out, size_t outlen)
{
    UErrorCode st = U_ZERO_ERROR;
    UChar in16[64], out16[256];
    int32_t n16 = 0, m16, blen = 0;
    u_strFromUTF8(in16, 64, &n16, s, (int32_t)len, &st);
    m16 = unorm2_normalize(nf, in16, n16, out16, 256, &st);
    u_strToUTF8(out, (int32_t)outlen, &blen, out16, m16, &st);
    return U_SUCCESS(st) ? (size_t)blen : (size_t)-1;
}

static size_t put_utf8(char *b, int32_t cp)
{
    size_t k = 0;
    U8_APPEND_UNSAFE(b, k, cp);
    return k;
}

/* The normaliser works a segment at a time and copies what it knows to stay as
 * it is; the result must be ICU's for the whole text. Every BMP character
 * alone, before and after characters that compose or reorder with what comes
 * before them (voiced marks, full and half width; combining accents; Hangul
 * jamo; marks with other combining classes) and after kana. */
static void check_against_icu(jk_norm *n)
{
    static const int32_t others[] = {0x3099, 0x309A, 0xFF9E, 0x0301, 0x0316,
                                     0x1161, 0x11A8, 0x0F71, 0x3057, 'a'};
    jk_normtext t = JK_NORMTEXT_INIT;
    jk_error err;
    char s[16], want[64];
    unsigned long bad = 0;
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *nf = unorm2_getNFKCCasefoldInstance(&st);

    CHECK(U_SUCCESS(st));
    if (U_FAILURE(st))
        return;
    for (int32_t cp = 1; cp < 0x10000; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        for (size_t o = 0; o <= 2 * (sizeof others / sizeof others[0]); o++) {
            size_t len = 0;
            if (o > 0 && o % 2 == 0) /* another character first */
                len += put_utf8(s + len, others[o / 2 - 1]);
            len += put_utf8(s + len, cp);
            if (o % 2 == 1) /* another character after */
                len += put_utf8(s + len, others[o / 2]);
            size_t wlen = icu_whole(nf, s, len, want, sizeof want);
            if (wlen == (size_t)-1 || jk_norm_run(n, s, len, &t, &err) != JK_OK || t.len != wlen ||
                memcmp(t.text, want, wlen)) {
                if (bad++ < 5)
                    fprintf(stderr, "U+%04X, case %zu: got '%s', ICU '%.*s'\n", (unsigned)cp, o,
                            t.text ? t.text : "", wlen == (size_t)-1 ? 0 : (int)wlen, want);
            }
        }
    }
    CHECK_INT(bad, 0);
    jk_normtext_free(&t);
}

int main(void)
{
    jk_norm *n = NULL;
    jk_normtext t = JK_NORMTEXT_INIT;
    jk_error err;

    CHECK_INT(jk_norm_new(&n, &err), JK_OK);
    check_norm(n, "ＢＣＣ", "bcc");                       /* full-width ASCII, case */
    check_norm(n, "個⼈情報", "個人情報");                /* Kangxi radical U+2F08 */
    check_norm(n, "ｱｸｾｽ", "アクセス");                    /* half-width katakana */
    check_norm(n, "ﾊﾟｽﾜｰﾄﾞ", "パスワード");               /* with voiced marks */
    check_norm(n, "不正\u3000アクセス", "不正 アクセス"); /* ideographic space */
    check_norm(n, "a\u00a0b", "a b");                     /* NBSP */
    check_norm(n, "Ｅメール", "eメール");
    check_norm(n, "Office365", "office365");
    check_norm(n, "ゼロ\u200bデイ", "ゼロデイ"); /* zero-width space removed */
    check_norm(n, "㈱サンプル", "(株)サンプル");
    check_norm(n, "e\u0301", "\u00e9"); /* composition across code points */
    check_norm(n, "", "");
    check_norm(n, "しじし\u3099ま", "しじじま"); /* a kana alone, or with a voiced mark */
    check_norm(n, "ｼﾞし\uff9e", "ジじ");
    check_against_icu(n);

    /* offsets: ＢＣＣ (9 bytes) becomes bcc (3 bytes); each maps back */
    const char *src = "xＢＣＣy";
    CHECK_INT(jk_norm_run(n, src, strlen(src), &t, &err), JK_OK);
    CHECK_STR(t.text, "xbccy");
    CHECK_INT(jk_normtext_src_start(&t, 1), 1);  /* b <- Ｂ at byte 1 */
    CHECK_INT(jk_normtext_src_end(&t, 4), 10);   /* "bcc" ends where Ｃ ends */
    CHECK_INT(jk_normtext_src_start(&t, 4), 10); /* y */
    CHECK_INT(jk_normtext_src_end(&t, 5), 11);

    /* one source character that expands: ㈱ -> (株) all map to it */
    src = "a㈱b";
    CHECK_INT(jk_norm_run(n, src, strlen(src), &t, &err), JK_OK);
    CHECK_STR(t.text, "a(株)b");
    CHECK_INT(jk_normtext_src_start(&t, 2), 1);
    CHECK_INT(jk_normtext_src_end(&t, 2), 4); /* "(" alone still covers all of ㈱ */

    /* invalid UTF-8 becomes U+FFFD, not a crash */
    src = "a\xffz";
    CHECK_INT(jk_norm_run(n, src, 3, &t, &err), JK_OK);
    CHECK_STR(t.text, "a\xEF\xBF\xBDz");

    jk_normtext_free(&t);
    jk_norm_free(n);
    return TEST_DONE();
}
