/* test_snippet: a long text is analysed a piece at a time (JK_SNIPPET_PIECE)
 * up to its first match, cut at a line break, and whole when asked to be;
 * either way the matches are marked at the right bytes. */
#include "jk_analyze.h"
#include "jk_buf.h"
#include "jk_snippet.h"
#include "jk_test.h"

#include <stdlib.h>
#include <string.h>

static jk_analyzer *an;
static const char *const terms[] = {"流出"};

/* Appends lines without the term until b holds at least upto bytes. */
static void fill(jk_buf *b, int *rc, size_t upto)
{
    while (b->n < upto)
        jk_buf_puts(b, rc, "お知らせの本文です。\n");
}

/* The snippet of text for the term, analysed as a search does (whole: as
 * for showing the whole text). */
static void snip(const jk_buf *b, int whole, jk_snippet *sn)
{
    jk_error err;
    CHECK_INT(jk_snippet_make(an, b->p, b->n, terms, 1, NULL, 0, 80, whole ? 0 : JK_SNIPPET_PIECE,
                              sn, &err),
              JK_OK);
}

/* Every mark is the term, at the bytes where it stands. */
static void marks_are_terms(const jk_buf *b, const jk_snippet *sn)
{
    for (size_t i = 0; i < sn->nmarks; i++)
        CHECK(sn->marks[i].end - sn->marks[i].start == strlen("流出") &&
              memcmp(b->p + sn->marks[i].start, "流出", strlen("流出")) == 0);
}

int main(void)
{
    jk_error err;
    jk_snippet sn = JK_SNIPPET_INIT;
    jk_buf b = JK_BUF_INIT;
    int rc = 0;
    size_t first, second;

    CHECK_INT(jk_analyzer_new(&an, &err), JK_OK);
    if (!an) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }

    /* short: analysed whole either way */
    jk_buf_puts(&b, &rc, "情報が流出しました。\n");
    snip(&b, 0, &sn);
    CHECK(sn.whole && sn.nmarks == 1 && sn.nhits == 1);
    jk_snippet_clear(&sn);

    /* a match in the first piece and one two pieces on: only the first
     * piece is analysed for the snippet, everything when all are asked for */
    jk_buf_reset(&b);
    first = b.n + strlen("情報が");
    jk_buf_puts(&b, &rc, "情報が流出しました。\n");
    fill(&b, &rc, 2 * JK_SNIPPET_PIECE + 100);
    second = b.n + strlen("再び");
    jk_buf_puts(&b, &rc, "再び流出しました。\n");
    fill(&b, &rc, 3 * JK_SNIPPET_PIECE);
    CHECK_INT(rc, 0);
    snip(&b, 0, &sn);
    CHECK(!sn.whole && sn.nmarks == 1 && sn.marks[0].start == first);
    CHECK(sn.nhits == 1 && strstr(sn.text, "流出"));
    marks_are_terms(&b, &sn);
    snip(&b, 1, &sn);
    CHECK(sn.whole && sn.nmarks == 2 && sn.marks[0].start == first && sn.marks[1].start == second);
    marks_are_terms(&b, &sn);
    jk_snippet_clear(&sn);

    /* the only match three pieces in: the pieces before it are passed over */
    jk_buf_reset(&b);
    fill(&b, &rc, 3 * JK_SNIPPET_PIECE + 10);
    second = b.n + strlen("再び");
    jk_buf_puts(&b, &rc, "再び流出しました。\n");
    fill(&b, &rc, 5 * JK_SNIPPET_PIECE);
    snip(&b, 0, &sn);
    CHECK(!sn.whole && sn.nmarks == 1 && sn.marks[0].start == second);
    CHECK(sn.nhits == 1 && sn.src_start <= second && strstr(sn.text, "流出"));
    jk_snippet_clear(&sn);

    /* a word across the piece's last byte: the piece ends at the line break
     * before it, so the word is whole in the next one (cut at the character
     * across that byte, 流 and 出 would fall in two pieces and match nothing) */
    jk_buf_reset(&b);
    fill(&b, &rc, JK_SNIPPET_PIECE - 100);
    while (b.n < JK_SNIPPET_PIECE - 5) /* 出 ends a byte into the next piece */
        jk_buf_putc(&b, &rc, 'x');
    jk_buf_puts(&b, &rc, "流出した。\n");
    fill(&b, &rc, 2 * JK_SNIPPET_PIECE + 100);
    CHECK_INT(rc, 0);
    snip(&b, 0, &sn);
    CHECK(sn.nmarks == 1 && sn.marks[0].start == JK_SNIPPET_PIECE - 5);
    marks_are_terms(&b, &sn);
    jk_snippet_clear(&sn);

    /* no line break at all: cut between characters, never inside one */
    jk_buf_reset(&b);
    while (b.n < JK_SNIPPET_PIECE + 1000)
        jk_buf_puts(&b, &rc, "あ");
    second = b.n;
    jk_buf_puts(&b, &rc, "流出");
    CHECK_INT(rc, 0);
    snip(&b, 0, &sn);
    CHECK(sn.whole && sn.nmarks == 1 && sn.marks[0].start == second);
    jk_snippet_clear(&sn);

    jk_buf_free(&b);
    jk_analyzer_free(an);
    return TEST_DONE();
}
