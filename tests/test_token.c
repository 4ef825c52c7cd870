/* Tokeniser golden file: tests/golden/token.in analysed line by line must give
 * exactly tests/golden/token.expected (terms and their ORIGINAL byte offsets).
 * Run with --print to see the current output (to review a deliberate change). */
#include "jk_analyze.h"
#include "jk_buf.h"
#include "jk_cli.h"
#include "jk_test.h"

#include <stdlib.h>

typedef struct sink {
    jk_buf *b;
    int rc;
} sink;

static int print_token(const jk_token *t, void *payload)
{
    sink *s = payload;
    jk_buf_printf(s->b, &s->rc, " %.*s[%zu,%zu]", (int)t->len, t->term, t->start, t->end);
    return 0;
}

int main(int argc, char **argv)
{
    const char *dir = getenv("JK_GOLDEN");
    char path[4096], *in = NULL, *want = NULL;
    size_t inlen = 0, wantlen = 0;
    jk_analyzer *an = NULL;
    jk_buf out = JK_BUF_INIT;
    jk_error err;
    sink s = {&out, 0};
    int print = argc > 1 && strcmp(argv[1], "--print") == 0;

    if (!dir)
        dir = "tests/golden";
    snprintf(path, sizeof path, "%s/token.in", dir);
    CHECK_INT(jk_cli_read_file(path, &in, &inlen, &err), JK_OK);
    CHECK_INT(jk_analyzer_new(&an, &err), JK_OK);
    if (!in || !an) {
        fprintf(stderr, "%s\n", err.msg);
        return TEST_DONE();
    }
    for (char *line = in, *nl; line < in + inlen; line = nl + 1) {
        nl = strchr(line, '\n');
        if (!nl)
            nl = in + inlen;
        if (line[0] == '#' || nl == line)
            continue;
        jk_buf_append(&out, &s.rc, line, (size_t)(nl - line));
        jk_buf_puts(&out, &s.rc, "\n ->");
        CHECK_INT(jk_analyze(an, line, (size_t)(nl - line), print_token, &s, &err), JK_OK);
        jk_buf_putc(&out, &s.rc, '\n');
    }
    if (print) {
        fputs(out.p, stdout);
    } else {
        snprintf(path, sizeof path, "%s/token.expected", dir);
        CHECK_INT(jk_cli_read_file(path, &want, &wantlen, &err), JK_OK);
        CHECK_MSG(want && strcmp(out.p, want) == 0, "tokens differ from %s:\n%s", path, out.p);
    }
    free(in);
    free(want);
    jk_buf_free(&out);
    jk_analyzer_free(an);
    return print ? 0 : TEST_DONE();
}
