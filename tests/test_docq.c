/* test_docq: the documents handed over by jk_docq are exactly those
 * jk_doc_build makes, in archive order, both ahead on a thread and on
 * demand; not wanting one skips it, and freeing the queue early (as an
 * error midway does) frees what was built and not taken (LeakSanitizer in
 * the ASan build). */
#include "jk_buf.h"
#include "jk_cli.h"
#include "jk_doc.h"
#include "jk_docq.h"
#include "jk_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int add_term(const char *term, size_t len, unsigned wdf, void *payload)
{
    jk_buf *b = payload;
    int rc = 0;
    jk_buf_printf(b, &rc, "%.*s:%u\n", (int)len, term, wdf);
    return rc;
}

/* A document as text: its data record and every term with its wdf. */
static char *describe(const jk_xdoc *doc)
{
    jk_buf b = JK_BUF_INIT;
    char *data = NULL;
    size_t len = 0;
    int rc = 0;
    jk_error err;
    if (jk_xdoc_get_data(doc, &data, &len, &err) == JK_OK)
        jk_buf_printf(&b, &rc, "%.*s\n", (int)len, data);
    free(data);
    jk_xdoc_terms(doc, add_term, &b, &err);
    jk_buf_printf(&b, &rc, "%s", ""); /* NUL-terminated even when empty */
    return b.p;
}

int main(void)
{
    const char *data = getenv("JK_DATA");
    char path[4096], *buf = NULL, *want[64] = {0};
    size_t len, n = 0;
    jk_archive *a = NULL;
    jk_analyzer *an = NULL;
    jk_rules *rules = NULL;
    jk_error err;

    snprintf(path, sizeof path, "%s/sample/2024-05.txt", data ? data : "tests/data");
    CHECK(jk_cli_read_file(path, &buf, &len, &err) == JK_OK);
    CHECK(buf && jk_archive_load(&a, buf, len, &err) == JK_OK);
    CHECK(jk_analyzer_new(&an, &err) == JK_OK);
    CHECK(an && jk_rules_load(&rules, jk_analyzer_norm(an), NULL, &err) == JK_OK);
    if (!a || !rules)
        return TEST_DONE();

    /* what jk_doc_build makes, notice by notice */
    for (size_t i = 0; i < a->nposts && n < 64; i++) {
        jk_xdoc *doc = NULL;
        if (a->posts[i].kind != JK_POST_NOTICE)
            continue;
        CHECK(jk_doc_build(an, rules, &a->posts[i], "f.txt", "K", &doc, NULL, &err) == JK_OK);
        want[n++] = doc ? describe(doc) : NULL;
        jk_xdoc_free(doc);
    }
    CHECK(n >= 10); /* enough notices for the queue to run ahead */

    for (int ahead = 0; ahead < 2; ahead++) {
        /* every one wanted: the same documents in the same order */
        jk_docq *q = NULL;
        CHECK(jk_docq_new(&q, an, rules, a, "f.txt", "K", ahead, &err) == JK_OK);
        for (size_t k = 0; q && k < n; k++) {
            jk_xdoc *doc = NULL;
            CHECK(jk_docq_take(q, 1, &doc, &err) == JK_OK);
            char *got = doc ? describe(doc) : NULL;
            CHECK_MSG(got && want[k] && !strcmp(got, want[k]), "ahead %d, notice %zu", ahead, k);
            free(got);
            jk_xdoc_free(doc);
        }
        {
            jk_xdoc *doc = (jk_xdoc *)1;
            CHECK(jk_docq_take(q, 1, &doc, &err) == JK_EINVAL); /* none left */
            CHECK(doc == NULL);
        }
        jk_docq_free(q);

        /* every other one skipped: the ones taken are still the right ones */
        q = NULL;
        CHECK(jk_docq_new(&q, an, rules, a, "f.txt", "K", ahead, &err) == JK_OK);
        for (size_t k = 0; q && k < n; k++) {
            jk_xdoc *doc = NULL;
            CHECK(jk_docq_take(q, (int)(k % 2), &doc, &err) == JK_OK);
            if (k % 2 == 0) {
                CHECK(doc == NULL);
                continue;
            }
            char *got = doc ? describe(doc) : NULL;
            CHECK_MSG(got && want[k] && !strcmp(got, want[k]), "ahead %d, notice %zu", ahead, k);
            free(got);
            jk_xdoc_free(doc);
        }
        jk_docq_free(q);

        /* freed after two: the rest, built or being built, is freed */
        q = NULL;
        CHECK(jk_docq_new(&q, an, rules, a, "f.txt", "K", ahead, &err) == JK_OK);
        for (int k = 0; q && k < 2; k++) {
            jk_xdoc *doc = NULL;
            CHECK(jk_docq_take(q, 1, &doc, &err) == JK_OK);
            jk_xdoc_free(doc);
        }
        jk_docq_free(q);
    }

    for (size_t k = 0; k < n; k++)
        free(want[k]);
    jk_rules_free(rules);
    jk_analyzer_free(an);
    jk_archive_free(a);
    free(buf);
    return TEST_DONE();
}
