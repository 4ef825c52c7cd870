/* The indexing pipeline: counts on the bundled sample, re-indexing is a no-op,
 * an overlapping month adds only what is new, a changed notice is updated,
 * a file indexed again with other bytes takes out the releases it no longer
 * holds (unless another file holds them), bad input changes nothing, one
 * writer at a time, an index built by another
 * dictionary is refused, and a kill in the middle of a file leaves the index
 * as it was before that file. */
#include "jk_buf.h"
#include "jk_cli.h"
#include "jk_files.h"
#include "jk_index.h"
#include "jk_paths.h"
#include "jk_query.h"
#include "jk_schema.h"
#include "jk_search.h"
#include "jk_test.h"
#include "jk_test_index.h"
#include "jk_xapian.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char dir[] = "/tmp/jk-test-index-XXXXXX";

static char *sample(const char *name, size_t *len)
{
    const char *data = getenv("JK_DATA");
    char path[4096], *buf = NULL;
    jk_error err;
    snprintf(path, sizeof path, "%s/sample/%s", data ? data : "tests/data", name);
    CHECK_INT(jk_cli_read_file(path, &buf, len, &err), JK_OK);
    return buf;
}

static unsigned count(jk_index *ix)
{
    unsigned n = 0;
    jk_error err;
    CHECK_INT(jk_index_doccount(ix, &n, &err), JK_OK);
    return n;
}

static void check_rejected(jk_index *ix, const char *label, const char *buf, size_t len,
                           const char *needle)
{
    jk_index_stats st = {0, 0, 0, 0, 0, 0};
    jk_error err;
    unsigned before = count(ix);
    int seen = 1;
    CHECK_INT(jk_index_file(ix, label, buf, len, &st, NULL, NULL, &err), JK_EINPUT);
    CHECK_MSG(strstr(err.msg, needle) != NULL, "%s: '%s' not in '%s'", label, needle, err.msg);
    CHECK_INT(count(ix), before);
    CHECK_INT(st.added + st.updated + st.unchanged, 0);
    CHECK_INT(jk_index_has_file(ix, label, buf, len, &seen, &err), JK_OK);
    CHECK_INT(seen, 0);
}

/* An archive of n generated notices, big enough to be killed while it goes in. */
static char *generated(unsigned n, size_t *len)
{
    jk_buf b = JK_BUF_INIT;
    int rc = 0;
    for (unsigned i = 1; i <= n; i++) {
        jk_buf_printf(&b, &rc,
                      "【セキュリティ事件簿#2020-%u】生成市 不正アクセスについて%u 2020/1/2\n\n\n",
                      i, i);
        for (int p = 0; p < 8; p++)
            jk_buf_printf(&b, &rc,
                          "生成市のサーバーに対する不正アクセスにより個人情報%"
                          "u件が漏えいした可能性があります。\n\n",
                          i * 10 + (unsigned)p);
    }
    *len = b.n;
    return jk_buf_steal(&b);
}

/* How many notices the index at path has for query, and the id of the first. */
static unsigned hits(const char *path, const char *query, char *first, size_t cap)
{
    jk_searcher *s = NULL;
    jk_query *q = NULL;
    jk_results *r = NULL;
    jk_search_opts o = {.limit = 1};
    jk_error err;
    unsigned n = 0;
    first[0] = '\0';
    CHECK_MSG(jk_searcher_open(&s, path, &err) == JK_OK, "%s", err.msg);
    if (s && jk_query_parse(&q, jk_searcher_analyzer(s), query, &err) == JK_OK &&
        jk_searcher_run(s, q, &o, &r, &err) == JK_OK) {
        n = r->total;
        if (r->n)
            snprintf(first, cap, "%s %s", r->items[0].id, r->items[0].org);
    }
    jk_results_free(r);
    jk_query_free(q);
    jk_searcher_free(s);
    return n;
}

/* A month indexed again after an edit: the index holds what the files hold.
 * 2024-111 is in both months (the June file re-posts it). */
static void check_edited(const char *may, const char *june)
{
    char d[] = "/tmp/jk-test-index-edit-XXXXXX", first[256];
    jk_index *ix = NULL;
    jk_index_stats st = {0, 0, 0, 0, 0, 0};
    jk_error err;
    size_t n1, n2, n3;
    char *a1, *a2, *j2;

    if (!mkdtemp(d) || jk_index_open(&ix, d, &err) != JK_OK) {
        CHECK_MSG(0, "an index at %s: %s", d, err.msg);
        return;
    }
    CHECK_INT(jk_index_file(ix, "a.txt", may, strlen(may), &st, NULL, NULL, &err), JK_OK);
    CHECK_INT(jk_index_file(ix, "b.txt", june, strlen(june), &st, NULL, NULL, &err), JK_OK);
    CHECK_INT(count(ix), 20);
    /* May without 2024-106 and 2024-111, and 2024-112's org corrected in its title */
    a1 =
        jk_test_cut(may, "【セキュリティ事件簿#2024-106】", "【セキュリティ事件簿#2024-105】", &n1);
    a2 = jk_test_cut(a1, "【セキュリティ事件簿#2024-111】", "春の鉄道旅行", &n2);
    memcpy(strstr(a2, "】架空市 委託"), "】架空町 委託", strlen("】架空町 委託"));
    memset(&st, 0, sizeof st);
    CHECK_INT(jk_index_file(ix, "a.txt", a2, n2, &st, NULL, NULL, &err), JK_OK);
    CHECK_INT(st.added, 1);     /* 架空町's */
    CHECK_INT(st.unchanged, 8); /* the rest of May */
    CHECK_INT(st.removed, 2);   /* 2024-106, 架空市's 2024-112; June still holds 2024-111 */
    CHECK_INT(count(ix), 19);
    jk_index_free(ix);
    ix = NULL;
    CHECK_INT(hits(d, "id:2024-106", first, sizeof first), 0);
    CHECK_INT(hits(d, "org:架空市 date:2024-05-20", first, sizeof first),
              0); /* (June has its 続報) */
    CHECK_INT(hits(d, "架空町 ランサムウェア", first, sizeof first), 1);
    /* 2024-111 lost May's mark, and kept its words and their positions */
    CHECK_INT(hits(d, "id:2024-111", first, sizeof first), 1);
    CHECK_INT(hits(d, "\"教職員への注意喚起を行います\"", first, sizeof first), 1);
    CHECK_MSG(strstr(first, "2024-111") != NULL, "the phrase found %s", first);

    /* June without 2024-111: now no file holds it */
    j2 = jk_test_cut(june, "【セキュリティ事件簿#2024-111】", "【セキュリティ事件簿#2024-131】",
                     &n3);
    CHECK_INT(jk_index_open(&ix, d, &err), JK_OK);
    memset(&st, 0, sizeof st);
    if (ix)
        CHECK_INT(jk_index_file(ix, "b.txt", j2, n3, &st, NULL, NULL, &err), JK_OK);
    CHECK_INT(st.removed, 1);
    CHECK_INT(st.unchanged, 9);
    CHECK_INT(count(ix), 18);
    /* the May file as it was, back under a new name: its releases come back */
    memset(&st, 0, sizeof st);
    CHECK_INT(jk_index_file(ix, "a-again.txt", may, strlen(may), &st, NULL, NULL, &err), JK_OK);
    CHECK_INT(st.added, 3); /* 2024-106, 2024-111, 架空市's 2024-112 */
    CHECK_INT(count(ix), 21);
    jk_index_free(ix);
    free(a1);
    free(a2);
    free(j2);
    jk_paths_remove_tree(d);
}

/* A month edited, then its original bytes kept under another name (a
 * backup beside it), then the month edited again: the backup's notices stay,
 * for each file has an id of its own. */
static void check_backup(const char *may)
{
    char d[] = "/tmp/jk-test-index-bak-XXXXXX";
    jk_index *ix = NULL;
    jk_index_stats st = {0, 0, 0, 0, 0, 0};
    jk_error err;
    size_t n1 = 0, n2 = 0;
    char *e1 =
        jk_test_cut(may, "【セキュリティ事件簿#2024-106】", "【セキュリティ事件簿#2024-105】", &n1);
    char *e2 =
        jk_test_cut(e1, "【セキュリティ事件簿#2024-110】", "【セキュリティ事件簿#2024-109】", &n2);

    if (!mkdtemp(d) || jk_index_open(&ix, d, &err) != JK_OK) {
        CHECK_MSG(0, "an index at %s: %s", d, err.msg);
        return;
    }
    CHECK_INT(jk_index_file(ix, "may.txt", may, strlen(may), &st, NULL, NULL, &err), JK_OK);
    CHECK_INT(jk_index_file(ix, "may.txt", e1, n1, &st, NULL, NULL, &err), JK_OK);
    CHECK_INT(count(ix), 10);
    CHECK_INT(jk_index_file(ix, "may.orig.txt", may, strlen(may), &st, NULL, NULL, &err), JK_OK);
    CHECK_INT(count(ix), 11);
    memset(&st, 0, sizeof st);
    CHECK_INT(jk_index_file(ix, "may.txt", e2, n2, &st, NULL, NULL, &err), JK_OK);
    CHECK_INT(st.removed, 0); /* 2024-110 is in the backup */
    CHECK_INT(count(ix), 11);
    jk_index_free(ix);
    free(e1);
    free(e2);
    jk_paths_remove_tree(d);
}

/* A new file's id is one no record holds. */
static void check_new_id(void)
{
    char d[] = "/tmp/jk-test-index-id-XXXXXX", id0[JK_FILE_ID_LEN + 1], id1[JK_FILE_ID_LEN + 1],
         got[JK_FILE_ID_LEN + 1], meta[64];
    const char *hash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    jk_xdb *db = NULL;
    jk_error err;

    if (!mkdtemp(d))
        return;
    jk_files_make_id(hash, "a.txt", 0, id0);
    jk_files_make_id(hash, "a.txt", 1, id1);
    CHECK_INT((int)strlen(id0), JK_FILE_ID_LEN);
    CHECK(strcmp(id0, id1) != 0);
    CHECK_INT(jk_xdb_open(&db, d, JK_XDB_WRITE, &err), JK_OK);
    if (!db)
        return;
    CHECK_INT(jk_files_new_id(db, hash, "a.txt", got, &err), JK_OK);
    CHECK_STR(got, id0);
    snprintf(meta, sizeof meta, "b.txt\t3\t%s", id0); /* another file holds it */
    CHECK_INT(jk_xdb_begin(db, &err), JK_OK);
    CHECK_INT(jk_xdb_set_metadata(db, JK_META_FILE_PREFIX "x", meta, &err), JK_OK);
    CHECK_INT(jk_xdb_commit(db, &err), JK_OK);
    CHECK_INT(jk_files_new_id(db, hash, "a.txt", got, &err), JK_OK);
    CHECK_STR(got, id1);
    jk_xdb_free(db);
    jk_paths_remove_tree(d);
}

/* Files taken out (jk_index_remove_file): the notices no other file holds go;
 * every record of a label goes (two inputs on standard input share one). */
static void check_remove(const char *may, const char *june)
{
    char d[] = "/tmp/jk-test-index-rm-XXXXXX";
    const char *in = jk_cli_name("-");
    jk_index *ix = NULL;
    jk_error err;
    unsigned removed = 7;

    if (!mkdtemp(d) || jk_index_open(&ix, d, &err) != JK_OK) {
        CHECK_MSG(0, "an index at %s: %s", d, err.msg);
        return;
    }
    CHECK_INT(jk_index_file(ix, in, may, strlen(may), NULL, NULL, NULL, &err), JK_OK);
    CHECK_INT(jk_index_file(ix, in, june, strlen(june), NULL, NULL, NULL, &err), JK_OK);
    CHECK_INT(jk_index_file(ix, "june.txt", june, strlen(june), NULL, NULL, NULL, &err), JK_OK);
    CHECK_INT(count(ix), 20);
    CHECK_INT(jk_index_remove_file(ix, "nope.txt", &removed, &err), JK_ENOTFOUND);
    CHECK_INT(removed, 0);
    CHECK(strstr(err.msg, "nope.txt is not a file of this index") != NULL);
    CHECK_INT(jk_index_remove_file(ix, in, &removed, &err), JK_OK);
    CHECK_INT(removed, 10); /* May's; june.txt holds June's */
    CHECK_INT(count(ix), 10);
    CHECK_INT(jk_index_remove_file(ix, in, &removed, &err), JK_ENOTFOUND);
    CHECK_INT(jk_index_remove_file(ix, "june.txt", &removed, &err), JK_OK);
    CHECK_INT(removed, 10);
    CHECK_INT(count(ix), 0);
    jk_index_free(ix);
    jk_paths_remove_tree(d);
}

/* Month k of NMONTHS (a file of its own bytes): a release of its own, and,
 * unless !shared, release 2020-001 of every month, its body as given. */
#define NMONTHS 10
static char *month(unsigned k, int shared, const char *body, size_t *len)
{
    jk_buf b = JK_BUF_INIT;
    int rc = 0;
    if (shared)
        jk_buf_printf(&b, &rc,
                      "【セキュリティ事件簿#2020-001】共通市 不正アクセスについて\n\n\n%s\n\n",
                      body);
    jk_buf_printf(&b, &rc,
                  "【セキュリティ事件簿#2020-%03u】月%u市 メール誤送信について\n\n\n"
                  "月%u市の職員がメールを誤送信しました。\n",
                  100 + k, k, k);
    *len = b.n;
    return jk_buf_steal(&b);
}

/* A release that NMONTHS months hold, changed in the first of them, stays
 * in every one: taken out of all the others, the index still has it. */
static void check_many_files(void)
{
    for (unsigned keep = 1; keep < NMONTHS; keep++) {
        char d[] = "/tmp/jk-test-index-many-XXXXXX", name[32], first[256];
        jk_index *ix = NULL;
        jk_index_stats st = {0, 0, 0, 0, 0, 0};
        jk_error err;
        size_t len;
        char *buf;

        if (!mkdtemp(d) || jk_index_open(&ix, d, &err) != JK_OK) {
            CHECK_MSG(0, "an index at %s: %s", d, err.msg);
            return;
        }
        for (unsigned k = 0; k < NMONTHS; k++) {
            snprintf(name, sizeof name, "m%u.txt", k);
            buf = month(k, 1, "共通市のサーバーに不正アクセスがありました。", &len);
            CHECK_INT(jk_index_file(ix, name, buf, len, NULL, NULL, NULL, &err), JK_OK);
            free(buf);
        }
        buf = month(0, 1, "共通市のサーバーに不正アクセスがありました(第2報)。", &len);
        CHECK_INT(jk_index_file(ix, "m0.txt", buf, len, &st, NULL, NULL, &err), JK_OK);
        free(buf);
        CHECK_INT(st.updated, 1);
        for (unsigned k = 0; k < NMONTHS; k++) {
            if (k == keep)
                continue;
            snprintf(name, sizeof name, "m%u.txt", k);
            buf = month(k, 0, NULL, &len);
            CHECK_INT(jk_index_file(ix, name, buf, len, NULL, NULL, NULL, &err), JK_OK);
            free(buf);
        }
        CHECK_INT(count(ix), NMONTHS + 1);
        jk_index_free(ix);
        CHECK_MSG(hits(d, "id:2020-001", first, sizeof first) == 1,
                  "2020-001 left the index though m%u.txt holds it", keep);
        jk_paths_remove_tree(d);
    }
}

int main(void)
{
    jk_index *ix = NULL, *ix2 = NULL;
    jk_index_stats st = {0, 0, 0, 0, 0, 0};
    jk_error err;
    size_t len5, len6, glen;
    char *may = sample("2024-05.txt", &len5), *june = sample("2024-06.txt", &len6), *gen;
    int seen = 0;

    if (!mkdtemp(dir) || !may || !june)
        return 99;
    CHECK_INT(jk_index_open(&ix, dir, &err), JK_OK);
    if (!ix) {
        fprintf(stderr, "%s\n", err.msg);
        return TEST_DONE();
    }
    CHECK_INT(jk_index_file(ix, "2024-05.txt", may, len5, &st, NULL, NULL, &err), JK_OK);
    CHECK_INT(st.added, 11);
    CHECK_INT(st.other, 2);
    CHECK_INT(count(ix), 11);
    CHECK_INT(jk_index_has_file(ix, "2024-05.txt", may, len5, &seen, &err), JK_OK);
    CHECK_INT(seen, 1);

    /* the same month again: nothing changes */
    memset(&st, 0, sizeof st);
    CHECK_INT(jk_index_file(ix, "2024-05.txt", may, len5, &st, NULL, NULL, &err), JK_OK);
    CHECK_INT(st.added, 0);
    CHECK_INT(st.updated, 0);
    CHECK_INT(st.unchanged, 11);
    CHECK_INT(count(ix), 11);

    /* the next month: its re-post of 2024-111 is the same release; the
     * follow-up of 2024-112 is a release of its own */
    memset(&st, 0, sizeof st);
    CHECK_INT(jk_index_file(ix, "2024-06.txt", june, len6, &st, NULL, NULL, &err), JK_OK);
    CHECK_INT(st.added, 9);
    CHECK_INT(st.unchanged, 1);
    CHECK_INT(count(ix), 20);

    /* a notice edited in place (same title, new body) is updated, not added */
    {
        char *edited = strdup(may);
        char *p = strstr(edited, "約1,200件");
        memcpy(p, "約1,300件", strlen("約1,300件"));
        memset(&st, 0, sizeof st);
        CHECK_INT(jk_index_file(ix, "2024-05b.txt", edited, len5, &st, NULL, NULL, &err), JK_OK);
        CHECK_INT(st.updated, 1);
        CHECK_INT(st.unchanged, 10);
        CHECK_INT(count(ix), 20);
        free(edited);
    }

    check_edited(may, june);
    check_remove(may, june);
    check_many_files();
    check_backup(may);
    check_new_id();

    /* bad input is rejected and leaves no trace */
    check_rejected(ix, "empty", "", 0, "empty");
    check_rejected(ix, "blank", "\n \n\u3000\n", 7, "empty");
    check_rejected(ix, "binary",
                   "\x7f"
                   "ELF\0\1\2",
                   7, "binary");
    {
        const char *latin1 = "【セキュリティ事件簿#2024-001】X\n\n\ncaf\xe9\n";
        check_rejected(ix, "latin1", latin1, strlen(latin1), "line 4, column 4");
    }
    check_rejected(ix, "blog", "旅行の話\n\n\n本文です。\n", strlen("旅行の話\n\n\n本文です。\n"),
                   "no notices");
    {
        /* a notice file with bad UTF-8 at its very end: nothing of it goes in */
        char *bad = malloc(len6 + 2);
        memcpy(bad, june, len6);
        bad[len6] = '\xc3';
        check_rejected(ix, "truncated", bad, len6 + 1, "invalid UTF-8");
        free(bad);
    }

    /* one writer at a time */
    CHECK_INT(jk_index_open(&ix2, dir, &err), JK_ELOCKED);
    CHECK(strstr(err.msg, "locked") != NULL);
    CHECK(ix2 == NULL);
    jk_index_free(ix);

    /* an index built with another dictionary is refused, with how to rebuild */
    {
        jk_xdb *db = NULL;
        char *old = NULL;
        CHECK_INT(jk_xdb_open(&db, dir, JK_XDB_WRITE, &err), JK_OK);
        CHECK_INT(jk_xdb_get_metadata(db, JK_META_ANALYZER, &old, &err), JK_OK);
        CHECK(old && strstr(old, "ipadic") && strstr(old, "user="));
        CHECK_INT(jk_xdb_begin(db, &err), JK_OK);
        CHECK_INT(jk_xdb_set_metadata(db, JK_META_ANALYZER, "rules=0 mecab=0 sys=unidic", &err),
                  JK_OK);
        CHECK_INT(jk_xdb_commit(db, &err), JK_OK);
        jk_xdb_free(db);
        CHECK_INT(jk_index_open(&ix, dir, &err), JK_EVERSION);
        CHECK(strstr(err.msg, "unidic") && strstr(err.msg, "rebuild"));
        CHECK_INT(jk_xdb_open(&db, dir, JK_XDB_WRITE, &err), JK_OK);
        CHECK_INT(jk_xdb_begin(db, &err), JK_OK);
        CHECK_INT(jk_xdb_set_metadata(db, JK_META_ANALYZER, old, &err), JK_OK);
        CHECK_INT(jk_xdb_commit(db, &err), JK_OK);
        jk_xdb_free(db);
        free(old);
    }

    /* killed in the middle of a big file: the index is exactly as before it */
    gen = generated(4000, &glen);
    for (int attempt = 0; attempt < 3; attempt++) {
        pid_t pid = fork();
        int status;
        if (pid == 0) {
            jk_index *child = NULL;
            if (jk_index_open(&child, dir, NULL) != JK_OK)
                _exit(3);
            jk_index_file(child, "generated.txt", gen, glen, NULL, NULL, NULL, NULL);
            _exit(0); /* not reached in time, normally */
        }
        struct timespec ts = {0, 150000000L * (attempt + 1)};
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        CHECK_INT(jk_index_open(&ix, dir, &err), JK_OK); /* no stale lock, opens fine */
        if (!ix)
            break;
        unsigned n = count(ix);
        CHECK_MSG(n == 20 || n == 20 + 4000, "after a kill the index holds %u notices", n);
        printf("attempt %d: child %s, index holds %u\n", attempt,
               WIFSIGNALED(status) ? "killed mid-file" : "finished before the kill", n);
        if (WIFSIGNALED(status))
            CHECK_INT(n, 20);
        jk_index_free(ix);
        ix = NULL;
        if (WIFSIGNALED(status))
            break;
    }
    free(gen);
    free(may);
    free(june);
    jk_paths_remove_tree(dir);
    return TEST_DONE();
}
