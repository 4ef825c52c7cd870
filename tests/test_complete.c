/* What Tab offers at the jikenbo-search prompt (searcher/complete.c): fields,
 * labels after cause: and sector: (with + or - before them), sort orders,
 * the names of an index's files (each once, in either folder), and the
 * common start of the choices, never inside a UTF-8 character. */
#include "complete.h"
#include "jk_test.h"
#include "jk_test_index.h"

#include "jk_paths.h"

#include <stdlib.h>
#include <string.h>

/* The completions of line, joined by spaces (a static buffer). */
static const char *offered(jk_searcher *s, const char *line)
{
    static char out[1024];
    complete_list l;
    size_t at = 0;

    out[0] = '\0';
    if (complete_word(s, line, &l) != JK_OK)
        return "(out of memory)";
    for (size_t k = 0; k < l.n && at < sizeof out; k++)
        at += (size_t)snprintf(out + at, sizeof out - at, "%s%s", k ? " " : "", l.words[k]);
    complete_free(&l);
    return out;
}

/* Where in line the completed word begins, and the choices' common start. */
static void check_span(const char *line, size_t start, const char *common)
{
    complete_list l;
    CHECK_INT(complete_word(NULL, line, &l), JK_OK);
    CHECK_INT(l.start, start);
    CHECK_INT(complete_common(&l), strlen(common));
    if (l.n)
        CHECK_MSG(strncmp(l.words[0], common, strlen(common)) == 0, "%s: %s", line, l.words[0]);
    complete_free(&l);
}

/* An index of the sample, May also under a second folder, so that one file
 * name is in it twice. */
static void index_twice(const char *db)
{
    const char *data = getenv("JK_DATA");
    char path[4096], dir[4096], copy[4096 + 16], *buf = NULL;
    size_t len;
    jk_error err;
    FILE *f;

    snprintf(path, sizeof path, "%s/sample/2024-05.txt", data ? data : "tests/data");
    jk_test_index_file(db, path);
    snprintf(path, sizeof path, "%s/sample/2024-06.txt", data ? data : "tests/data");
    jk_test_index_file(db, path);
    /* May again under another folder, edited so that its bytes differ */
    snprintf(path, sizeof path, "%s/sample/2024-05.txt", data ? data : "tests/data");
    snprintf(dir, sizeof dir, "%s-other", db);
    CHECK_INT(jk_paths_mkdirs(dir, &err), JK_OK);
    snprintf(copy, sizeof copy, "%s/2024-05.txt", dir);
    CHECK_INT(jk_cli_read_file(path, &buf, &len, &err), JK_OK);
    f = fopen(copy, "wb");
    CHECK(f && buf && fwrite(buf, 1, len, f) == len && fputs("\n追記\n", f) >= 0);
    if (f)
        fclose(f);
    free(buf);
    jk_test_index_file(db, copy);
}

int main(void)
{
    char db[] = "/tmp/jk-test-complete-XXXXXX", other[64];
    jk_searcher *s = NULL;
    jk_error err;

    /* fields, for a word with no ':' yet, with the sign of + and - kept */
    CHECK_STR(offered(NULL, ""), "cause: date: file: id: like: org: sector: year:");
    CHECK_STR(offered(NULL, "ランサムウェア se"), "sector:");
    CHECK_STR(offered(NULL, "+y"), "+year:");
    CHECK_STR(offered(NULL, "委託 -c"), "-cause:");
    CHECK_STR(offered(NULL, "ランサム"), "");
    /* labels: slugs, after the field as typed */
    CHECK_STR(offered(NULL, "cause:ran"), "cause:ransomware");
    CHECK_STR(offered(NULL, "x +cause:m"), "+cause:malware +cause:misdelivery");
    CHECK_STR(offered(NULL, "-sector:local"), "-sector:local-government");
    /* the last item of a list */
    CHECK_STR(offered(NULL, "cause:ransomware,m"),
              "cause:ransomware,malware cause:ransomware,misdelivery");
    CHECK_STR(offered(NULL, "+sector:education,loc"), "+sector:education,local-government");
    CHECK_STR(offered(NULL, "sector:"),
              "sector:business sector:education sector:finance sector:healthcare "
              "sector:local-government sector:national-government sector:nonprofit");
    CHECK_STR(offered(NULL, "cause:zzz"), "");
    CHECK_STR(offered(NULL, "year:20"), ""); /* no list of years to offer */
    /* orders, only as the prompt's own command */
    CHECK_STR(offered(NULL, "sort "), "sort date sort oldest sort relevance");
    CHECK_STR(offered(NULL, "sort o"), "sort oldest");
    CHECK_STR(offered(NULL, "x sort o"), "org:");
    /* no searcher: no file names */
    CHECK_STR(offered(NULL, "file:"), "");

    /* what the line keeps, and how far the choices agree */
    check_span("委託 cause:m", strlen("委託 "), "cause:m");
    check_span("sort ", 0, "sort ");
    check_span("d", 0, "date:");
    {
        /* two choices that part inside a character: え (E3 81 88) and お
         * (E3 81 8A) share two bytes, which are no character */
        char w1[] = "漏えい", w2[] = "漏おそれ";
        char *words[] = {w1, w2};
        complete_list l = {words, 2, 0};
        CHECK_INT(complete_common(&l), strlen("漏"));
        complete_list none = {NULL, 0, 0};
        CHECK_INT(complete_common(&none), 0);
        complete_free(NULL);
    }

    /* file names from an index: without .txt, each once */
    if (!mkdtemp(db))
        return 99;
    index_twice(db);
    CHECK_INT(jk_searcher_open(&s, db, &err), JK_OK);
    if (s) {
        CHECK_STR(offered(s, "file:"), "file:2024-05 file:2024-06");
        CHECK_STR(offered(s, "ランサムウェア file:2024-06"), "file:2024-06");
        CHECK_STR(offered(s, "-file:2024-0"), "-file:2024-05 -file:2024-06");
        CHECK_STR(offered(s, "file:2025"), "");
    }
    jk_searcher_free(s);
    jk_paths_remove_tree(db);
    snprintf(other, sizeof other, "%s-other", db);
    jk_paths_remove_tree(other);
    return TEST_DONE();
}
