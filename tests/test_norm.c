/* The ICU normaliser: NFKC + case folding, and offsets back to the source. */
#include "jk_norm.h"
#include "jk_test.h"

#include <stdlib.h>

static void check_norm(jk_norm *n, const char *in, const char *want)
{
    char *out = NULL;
    jk_error err;
    CHECK_INT(jk_norm_string(n, in, strlen(in), &out, &err), JK_OK);
    CHECK_STR(out, want);
    free(out);
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
