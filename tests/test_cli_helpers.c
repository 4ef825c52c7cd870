/* test_cli_helpers: the command-line helpers both programs share: reading an input
 * (a binary stream that never ends is read no further than its first NUL),
 * naming it, and the time left on a progress line. */
#include "jk_cli.h"
#include "jk_test.h"

#include <stdlib.h>
#include <string.h>

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
