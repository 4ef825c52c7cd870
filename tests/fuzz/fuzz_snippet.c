/* libFuzzer target: a snippet of any text for any query. The input's first
 * line is the query, the rest the text (a notice's body; bodies are valid
 * UTF-8, so other input is passed over), its first byte also picks the
 * width and its second how many bytes are analysed at a time (any of 4 to
 * 259, or all at once). jk_snippet_make must succeed, and its snippet must be valid UTF-8
 * on one line (blanks as spaces), fit the width, and mark whole characters,
 * not blank, in order; its marks of the whole text must mark whole
 * characters of it, in order.
 * Seeds: tests/fuzz/snippets (README, Fuzzing). */
#include "jk_analyze.h"
#include "jk_norm.h"
#include "jk_query.h"
#include "jk_snippet.h"
#include "jk_utf8.h"
#include "jk_width.h"

#define FUZZ_NAME "fuzz-snippet"
#include "fuzz.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static jk_analyzer *an;

static void free_analyzer(void)
{
    jk_analyzer_free(an);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    jk_error err;
    (void)argc, (void)argv;
    must(jk_analyzer_new(&an, &err) == JK_OK, "loading the analyzer", &err);
    atexit(free_analyzer);
    return 0;
}

/* Is s[0..len) one line, its blanks shown as spaces? (Other control
 * characters are the printer's to replace: jk_cli_put_str.) */
static int one_line(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] == '\n' || s[i] == '\r' || s[i] == '\t' || s[i] == '\v' || s[i] == '\f')
            return 0;
    return 1;
}

/* The marks of the whole text: whole characters of it, in order, and at
 * least as many as the snippet shows. */
static void check_marks(const jk_snippet *sn, const char *text, size_t len)
{
    must(sn->nmarks >= sn->nhits, "fewer marks in the text than in its snippet", NULL);
    for (size_t h = 0; h < sn->nmarks; h++) {
        const jk_hit *x = &sn->marks[h];
        must(x->start < x->end && x->end <= len, "a mark outside the text", NULL);
        must(h == 0 || sn->marks[h - 1].end <= x->start, "text marks out of order or overlapping",
             NULL);
        must(jk_utf8_invalid_at(text + x->start, x->end - x->start) == x->end - x->start,
             "a text mark that cuts a character", NULL);
    }
}

static void check(const jk_snippet *sn, size_t cols)
{
    must(sn->text != NULL && strlen(sn->text) == sn->len, "a snippet whose length is wrong", NULL);
    must(jk_utf8_invalid_at(sn->text, sn->len) == sn->len, "a snippet that is not UTF-8", NULL);
    must(one_line(sn->text, sn->len), "a line break or tab in a snippet", NULL);
    must(jk_width_str(sn->text, sn->len) <= cols, "a snippet wider than its columns", NULL);
    for (size_t h = 0; h < sn->nhits; h++) {
        const jk_hit *x = &sn->hits[h];
        must(x->start < x->end && x->end <= sn->len, "a mark outside the snippet", NULL);
        must(h == 0 || sn->hits[h - 1].end <= x->start, "marks out of order or overlapping", NULL);
        must(jk_utf8_invalid_at(sn->text + x->start, x->end - x->start) == x->end - x->start,
             "a mark that cuts a character", NULL);
        must(!jk_utf8_is_blank(sn->text + x->start, x->end - x->start), "a blank mark", NULL);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data, *nl = memchr(in, '\n', size);
    jk_query *q = NULL;
    jk_snippet sn = JK_SNIPPET_INIT;
    jk_error err;
    char *qtext, *text;
    size_t qlen, tlen, cols, piece;

    if (!nl || size > 4096)
        return 0;
    qlen = (size_t)(nl - in);
    tlen = size - qlen - 1;
    if (jk_utf8_invalid_at(nl + 1, tlen) != tlen)
        return 0;
    qtext = strndup(in, qlen);
    text = strndup(nl + 1, tlen);
    must(qtext && text, "out of memory", NULL);
    if (strlen(text) == tlen && jk_query_parse(&q, an, qtext, &err) == JK_OK) {
        size_t nt = jk_query_nterms(q), ns = jk_query_nsubs(q);
        const char **terms = calloc(nt + ns + 1, sizeof *terms), **subs = terms + nt;
        must(terms != NULL, "out of memory", NULL);
        for (size_t k = 0; k < nt; k++)
            terms[k] = jk_query_term(q, k);
        for (size_t k = 0; k < ns; k++)
            subs[k] = jk_query_sub(q, k);
        cols = 8 + (size > 0 ? data[0] % 120 : 0);
        /* pieces as short as 4 bytes, or none */
        piece = size > 1 && data[1] % 4 ? 4 + data[1] : 0;
        must(jk_snippet_make(an, text, tlen, terms, nt, subs, ns, cols, piece, &sn, &err) == JK_OK,
             "a snippet failed", &err);
        check(&sn, cols);
        check_marks(&sn, text, tlen);
        jk_snippet_clear(&sn);
        free(terms);
    }
    jk_query_free(q);
    free(qtext);
    free(text);
    return 0;
}
