/* jk_test_index: fills a test index from archive files, for the tests that
 * search one (test_count.c, test_phrase.c). Uses jk_test.h's checks. */
#ifndef JK_TEST_INDEX_H
#define JK_TEST_INDEX_H

#include "jk_cli.h"
#include "jk_index.h"
#include "jk_test.h"

#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>

/* Indexes the archive file at path into the index at db (created if missing). */
static inline void jk_test_index_file(const char *db, const char *path)
{
    char *buf = NULL;
    size_t len;
    jk_index *ix = NULL;
    jk_error err;
    CHECK_MSG(jk_cli_read_file(path, &buf, &len, &err) == JK_OK, "%s", path);
    CHECK_INT(jk_index_open(&ix, db, &err), JK_OK);
    if (ix && buf)
        CHECK_MSG(jk_index_file(ix, path, buf, len, NULL, NULL, NULL, &err) == JK_OK, "%s: %s",
                  path, err.msg);
    jk_index_free(ix);
    free(buf);
}

/* A copy of text (caller frees) without the part from the marker from up to
 * the marker to that follows it; *len gets its length. */
static inline char *jk_test_cut(const char *text, const char *from, const char *to, size_t *len)
{
    const char *a = strstr(text, from), *b = a ? strstr(a, to) : NULL;
    char *out = malloc(strlen(text) + 1);
    CHECK_MSG(a && b, "no '%s' ... '%s' to cut", from, to);
    if (!out)
        return NULL;
    if (!a || !b)
        a = b = text + strlen(text);
    memcpy(out, text, (size_t)(a - text));
    strcpy(out + (a - text), b);
    *len = strlen(out);
    return out;
}

/* Calls fn for every *.txt file of dir, in name order; returns how many. */
static inline int jk_test_each_file(const char *dir, void (*fn)(const char *path, void *payload),
                                    void *payload)
{
    struct dirent **e;
    int n = scandir(dir, &e, NULL, alphasort), files = 0;
    for (int i = 0; i < n; i++) {
        size_t l = strlen(e[i]->d_name);
        if (l > 4 && !strcmp(e[i]->d_name + l - 4, ".txt")) {
            char p[4096];
            snprintf(p, sizeof p, "%s/%s", dir, e[i]->d_name);
            fn(p, payload);
            files++;
        }
        free(e[i]);
    }
    if (n >= 0)
        free(e);
    return files;
}

/* Calls fn for every archive file of the sample ($JK_DATA/sample), then of
 * the seed months ($JK_SEEDS) when that folder is there; returns how many. */
static inline int jk_test_each_archive(void (*fn)(const char *path, void *payload), void *payload)
{
    const char *data = getenv("JK_DATA"), *seeds = getenv("JK_SEEDS");
    char path[4096];
    struct stat st;
    int n;

    snprintf(path, sizeof path, "%s/sample", data ? data : "tests/data");
    n = jk_test_each_file(path, fn, payload);
    if (seeds && stat(seeds, &st) == 0)
        return n + jk_test_each_file(seeds, fn, payload);
    printf("seeds not found: the sample only\n");
    return n;
}

#endif
