/* libFuzzer target: any bytes (up to 512) as a query, parsed, explained and
 * run against an index of the bundled sample (made at start in a temporary
 * directory from $JK_DATA/sample, default tests/data/sample). A query must
 * run or fail with a message; a result page must hold at most its limit and
 * no more than the total. Seeds: tests/fuzz/queries (README, Fuzzing). */
#include "jk_cli.h"
#include "jk_index.h"
#include "jk_paths.h"
#include "jk_query.h"
#include "jk_search.h"
#include "jk_suggest.h"

#define FUZZ_NAME "fuzz-query"
#include "fuzz.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/jk-fuzz-query-XXXXXX";
static jk_searcher *s;

static void remove_index(void)
{
    jk_searcher_free(s);
    jk_paths_remove_tree(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *data = getenv("JK_DATA");
    const char *months[] = {"2024-05.txt", "2024-06.txt"};
    char db[4200], path[4200];
    jk_index *ix = NULL;
    jk_error err;

    (void)argc, (void)argv;
    must(mkdtemp(dir) != NULL, "making a temporary directory", NULL);
    atexit(remove_index);
    snprintf(db, sizeof db, "%s/db", dir);
    must(jk_index_open(&ix, db, &err) == JK_OK, "making the index", &err);
    for (int i = 0; i < 2; i++) {
        char *buf;
        size_t len;
        snprintf(path, sizeof path, "%s/sample/%s", data ? data : "tests/data", months[i]);
        must(jk_cli_read_file(path, &buf, &len, &err) == JK_OK, "reading the sample", &err);
        must(jk_index_file(ix, path, buf, len, NULL, NULL, NULL, &err) == JK_OK, path, &err);
        free(buf);
    }
    jk_index_free(ix);
    must(jk_searcher_open(&s, db, &err) == JK_OK, "opening the index", &err);
    /* many searches in one process, as at the prompt: pages filled on
     * every thread */
    must(jk_searcher_split_pages(s, &err) == JK_OK, "giving the workers analyzers", &err);
    return 0;
}

static int count_text(const char *text, unsigned *total, void *payload, jk_error *err)
{
    jk_search_opts o = {.limit = 0};
    jk_query *q = NULL;
    jk_results *r = NULL;
    int rc = jk_query_parse(&q, jk_searcher_analyzer(s), text, err);
    (void)payload;
    if (rc == JK_OK)
        rc = jk_searcher_run(s, q, &o, &r, err);
    *total = rc == JK_OK ? r->total : 0;
    jk_results_free(r);
    jk_query_free(q);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    jk_search_opts o = {
        .limit = 10, .sort_date = (int)(size & 1), .snippet_cols = 60, .title_cols = 40};
    jk_query *q = NULL;
    jk_results *r = NULL;
    char *text, *explained = NULL;
    jk_error err;
    int rc;

    if (size > 512)
        return 0;
    text = malloc(size + 1);
    must(text != NULL, "out of memory", NULL);
    memcpy(text, data, size);
    text[size] = '\0';
    rc = jk_query_parse(&q, jk_searcher_analyzer(s), text, &err);
    if (rc != JK_OK) {
        must(err.msg[0], "a query refused without a message", &err);
        free(text);
        return 0;
    }
    rc = jk_searcher_run(s, q, &o, &r, &err);
    must(rc == JK_OK || err.msg[0], "a search failed without a message", &err);
    if (rc == JK_OK)
        must(r->n <= o.limit && r->n <= r->total, "a page larger than its limit or total", NULL);
    if (rc == JK_OK && r->total == 0) { /* did you mean: only something that matches */
        char *better = NULL;
        unsigned total = 0;
        rc = jk_suggest(s, q, text, count_text, NULL, &better, &total, &err);
        must(rc == JK_OK || err.msg[0], "a suggestion failed without a message", &err);
        must(!better || total > 0, "a suggestion that matches nothing", NULL);
        free(better);
    }
    rc = jk_searcher_explain(s, q, &explained, &err);
    must(rc == JK_OK || err.msg[0], "an explanation failed without a message", &err);
    free(explained);
    jk_results_free(r);
    jk_query_free(q);
    free(text);
    return 0;
}
