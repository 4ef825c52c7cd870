/* test_cli_helpers: the command-line helpers both programs share: reading an input
 * (a binary stream that never ends is read no further than its first NUL),
 * naming it, the time left on a progress line, and JSON strings (valid JSON
 * whatever the bytes: a file name need not be UTF-8). */
#include "jk_cli.h"
#include "jk_json.h"
#include "jk_test.h"

#include <stdlib.h>
#include <string.h>

/* s[0..len) as jk_json_str writes it must be want */
static void check_json(const char *s, size_t len, const char *want)
{
    jk_buf b = JK_BUF_INIT;
    int rc = 0;
    jk_json_str(&b, &rc, s, len);
    CHECK_INT(rc, 0);
    CHECK_MSG(b.p && b.n == strlen(want) && memcmp(b.p, want, b.n) == 0, "got %.*s, want %s",
              (int)b.n, b.p ? b.p : "", want);
    jk_buf_free(&b);
}

/* s as jk_cli_put_text writes it must be want */
static void check_put(const char *s, int keep_newlines, const char *want)
{
    char *out = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&out, &n);
    CHECK(f != NULL);
    if (!f)
        return;
    jk_cli_put_text(f, s, strlen(s), keep_newlines);
    fclose(f);
    CHECK_MSG(strcmp(out, want) == 0, "got \"%s\", want \"%s\"", out, want);
    free(out);
}

static void check_eta(double elapsed, double pos, const char *want)
{
    char buf[48];
    jk_progress_eta(elapsed, pos, buf, sizeof buf);
    CHECK_MSG(strcmp(buf, want) == 0, "%.1f s for %.3f: got \"%s\", want \"%s\"", elapsed, pos, buf,
              want);
}

int main(void)
{
    char *buf = NULL;
    size_t len = 0;
    jk_error err;

    /* text for a terminal: controls and bytes that are not UTF-8 as U+FFFD */
#define R "\xEF\xBF\xBD"
    check_put("不正アクセス", 0, "不正アクセス");
    check_put("a\x1b[31mb", 0, "a" R "[31mb");
    check_put("a\nb", 0, "a" R "b");
    check_put("a\nb", 1, "a\nb");
    check_put("x\xC2\x85y", 0, "x" R "y");              /* C1 */
    check_put("x\xE3\x81", 0, "x" R R);                 /* cut short */
    check_put("x\xFFy\x82\xA0z", 0, "x" R "y" R R "z"); /* not UTF-8 (Shift_JIS あ) */
    check_put("\xC2\xA0", 0, "\xC2\xA0");               /* a no-break space stays */
#undef R

    /* JSON strings: escapes, and U+FFFD for each byte that is not UTF-8 (a
     * Shift_JIS file name, a sequence cut short, an overlong form) */
    check_json("a\"b\\c\n\t\x01\x7f", 9, "\"a\\\"b\\\\c\\n\\t\\u0001\\u007f\"");
    check_json("ＢＣＣ/漏えい.txt", strlen("ＢＣＣ/漏えい.txt"), "\"ＢＣＣ/漏えい.txt\"");
    check_json("\x83\x65\x83\x58.txt", 8, "\"\xEF\xBF\xBD\x65\xEF\xBF\xBD\x58.txt\"");
    check_json("ab\xe6\xbc", 4, "\"ab\xEF\xBF\xBD\xEF\xBF\xBD\"");
    check_json("\xc0\xafx", 3, "\"\xEF\xBF\xBD\xEF\xBF\xBDx\"");
    check_json("a\0b", 3, "\"a\\u0000b\"");

    /* /dev/zero ends at its first block, as binary */
    CHECK_INT(jk_cli_read_file("/dev/zero", &buf, &len, &err), JK_OK);
    CHECK(len > 0 && len <= 1 << 20);
    CHECK(buf && buf[0] == '\0');
    free(buf);
    CHECK_INT(jk_cli_read_file("/nonexistent/x.txt", &buf, &len, &err), JK_EIO);
    CHECK(strstr(err.msg, "/nonexistent/x.txt: cannot open") != NULL);
    CHECK_INT(jk_cli_read_file("/", &buf, &len, &err), JK_EIO);
    CHECK(strstr(err.msg, "is a directory") != NULL);
    CHECK_STR(jk_cli_name("-"), "(standard input)");
    CHECK_STR(jk_cli_name("a.txt"), "a.txt");

    /* the time left: from what is done so far, once there is enough to go by */
    check_eta(0.5, 0.5, ""); /* under a second */
    check_eta(10, 0.01, ""); /* under 2% */
    check_eta(10, 1, "");    /* done */
    check_eta(10, 0.5, ", about 10 s left");
    check_eta(10, 0.25, ", about 30 s left");
    check_eta(30, 0.25, ", about 2 min left"); /* 90 s */
    check_eta(1, 0.999, ", about 1 s left");   /* never "0 s" */
    return TEST_DONE();
}
