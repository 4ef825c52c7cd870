/* A new index built in shards merged by compaction (jk_build_new, what
 * jikenbo-index does for a new index) answers every query exactly as the same
 * files added one by one: the same notices with the same scores, totals,
 * facets and parts of words, on the sample (and the seed months, when
 * present) and a later file that updates one notice, and again after that
 * file and then a month were indexed anew without some of their notices; and
 * months edited at random and indexed again answer as the same months
 * indexed afresh.
 * Document ids may differ, so notices are compared by key. */
#include "jk_build.h"
#include "jk_paths.h"
#include "jk_query.h"
#include "jk_search.h"
#include "jk_test.h"
#include "jk_test_index.h"

#include <dirent.h>
#include <math.h>
#include <stdatomic.h>
#include <unistd.h>

static char root[] = "/tmp/jk-test-build-XXXXXX";
static char by_file[4200], built[4200];
static char *files[64];
static size_t nfiles;

static void add_file(const char *path, void *payload)
{
    (void)payload;
    jk_test_index_file(by_file, path);
    if (nfiles < 64)
        files[nfiles++] = strdup(path);
}

static jk_results *run(jk_searcher *s, const char *text, int by_date)
{
    jk_query *q = NULL;
    jk_results *r = NULL;
    jk_search_opts o = {.limit = 200, .sort_date = by_date};
    jk_error err;
    CHECK_MSG(jk_query_parse(&q, jk_searcher_analyzer(s), text, &err) == JK_OK, "%s: %s", text,
              err.msg);
    if (q)
        CHECK_MSG(jk_searcher_run(s, q, &o, &r, &err) == JK_OK, "%s: %s", text, err.msg);
    jk_query_free(q);
    return r;
}

/* Asks the build to stop once it has built a notice (jk_build_opts.stop). */
static void stop_at_first(size_t done, size_t total, void *payload)
{
    (void)total;
    if (done > 0)
        atomic_store((atomic_int *)payload, 1);
}

/* The result of a with the same key in b, or NULL. */
static const jk_result *find(const jk_results *b, const char *key)
{
    for (size_t i = 0; i < b->n; i++)
        if (!strcmp(b->items[i].key, key))
            return &b->items[i];
    return NULL;
}

static void same(jk_searcher *a, jk_searcher *b, const char *text, int by_date)
{
    jk_results *x = run(a, text, by_date), *y = run(b, text, by_date);
    if (!x || !y) {
        jk_results_free(x);
        jk_results_free(y);
        return;
    }
    CHECK_MSG(x->total == y->total && x->n == y->n, "%s: %u notices one by one, %u built", text,
              x->total, y->total);
    for (size_t i = 0; i < x->n; i++) {
        const jk_result *r = find(y, x->items[i].key);
        CHECK_MSG(r && fabs(r->score - x->items[i].score) < 1e-9,
                  "%s: %s %.4f one by one, %.4f built", text, x->items[i].key, x->items[i].score,
                  r ? r->score : -1);
        /* in date order, the same dates in the same order */
        if (by_date && i < y->n)
            CHECK_MSG((!x->items[i].date && !y->items[i].date) ||
                          (x->items[i].date && y->items[i].date &&
                           !strcmp(x->items[i].date, y->items[i].date)),
                      "%s (date): #%zu differs", text, i);
    }
    for (int f = 0; f < 3; f++) {
        CHECK_MSG(x->nfacets[f] == y->nfacets[f], "%s: facet %d", text, f);
        for (size_t i = 0; i < x->nfacets[f] && i < y->nfacets[f]; i++)
            CHECK_MSG(x->facets[f][i].count == y->facets[f][i].count &&
                          !strcmp(x->facets[f][i].label, y->facets[f][i].label),
                      "%s: facet %d/%zu differs", text, f, i);
    }
    jk_results_free(x);
    jk_results_free(y);
}

static unsigned next_rand(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return (*seed >> 16) & 0x7fff;
}

/* Where the notices of text start (their title lines), at most max. */
static size_t notice_starts(const char *text, size_t *at, size_t max)
{
    const char *tag = "【セキュリティ事件簿#";
    size_t n = 0;
    for (const char *p = text; (p = strstr(p, tag)) && n < max; p++)
        if (p == text || p[-1] == '\n')
            at[n++] = (size_t)(p - text);
    return n;
}

/* Indexes months[0..n) as m00.txt, m01.txt ... (only those with changed[i]
 * set, if changed is not NULL) into the index at path. */
static void index_months(const char *path, char **months, size_t n, const int *changed)
{
    jk_index *ix = NULL;
    jk_error err;
    CHECK_INT(jk_index_open(&ix, path, &err), JK_OK);
    for (size_t i = 0; ix && i < n; i++) {
        char label[32];
        if (changed && !changed[i])
            continue;
        snprintf(label, sizeof label, "m%02zu.txt", i);
        CHECK_MSG(jk_index_file(ix, label, months[i], strlen(months[i]), NULL, NULL, NULL, &err) ==
                      JK_OK,
                  "%s: %s", label, err.msg);
    }
    jk_index_free(ix);
}

/* Months edited at random (a notice taken out, a title corrected, a notice
 * re-posted in another month), the edited ones indexed again, four rounds:
 * the index answers every query as one made afresh from the months as they
 * end up. */
static void check_edits(const char *const *texts, size_t ntexts, size_t nmonths)
{
    char *months[64], inc[4300], fresh[4300];
    unsigned seed = 20261122;
    jk_error err;

    if (nmonths > 64)
        nmonths = 64;
    for (size_t i = 0; i < nmonths; i++) {
        size_t len = 0;
        months[i] = NULL;
        CHECK_INT(jk_cli_read_file(files[i], &months[i], &len, &err), JK_OK);
        if (!months[i])
            return;
    }
    snprintf(inc, sizeof inc, "%s/edited", root);
    snprintf(fresh, sizeof fresh, "%s/afresh", root);
    index_months(inc, months, nmonths, NULL);
    for (int round = 0; round < 4; round++) {
        int changed[64] = {0};
        jk_searcher *a = NULL, *b = NULL;
        for (int op = 0; op < 6; op++) {
            size_t f = next_rand(&seed) % nmonths, at[256], n = notice_starts(months[f], at, 256);
            unsigned what = next_rand(&seed) % 3;
            if (n < 2)
                continue;
            size_t k = next_rand(&seed) % (n - 1), from = at[k], to = at[k + 1];
            char *t = months[f], *nt;
            size_t len = strlen(t);
            if (what == 0) { /* taken out */
                memmove(t + from, t + to, len - to + 1);
            } else if (what == 1) { /* its title corrected */
                size_t eol = (size_t)(strchr(t + from, '\n') - t);
                const char *fix = " 訂正";
                if (!(nt = malloc(len + strlen(fix) + 1)))
                    continue;
                memcpy(nt, t, eol);
                strcpy(nt + eol, fix);
                strcpy(nt + eol + strlen(fix), t + eol);
                free(t);
                months[f] = nt;
            } else { /* re-posted at the end of another month */
                size_t g = next_rand(&seed) % nmonths, glen = strlen(months[g]);
                if (g == f || !(nt = malloc(glen + (to - from) + 2)))
                    continue;
                memcpy(nt, months[g], glen);
                nt[glen] = '\n';
                memcpy(nt + glen + 1, t + from, to - from);
                nt[glen + 1 + (to - from)] = '\0';
                free(months[g]);
                months[g] = nt;
                changed[g] = 1;
                continue;
            }
            changed[f] = 1;
        }
        index_months(inc, months, nmonths, changed);
        jk_paths_remove_tree(fresh);
        index_months(fresh, months, nmonths, NULL);
        CHECK_INT(jk_searcher_open(&a, inc, &err), JK_OK);
        CHECK_INT(jk_searcher_open(&b, fresh, &err), JK_OK);
        if (a && b) {
            unsigned na = 0, nb = 0;
            CHECK_INT(jk_searcher_doccount(a, &na, &err), JK_OK);
            CHECK_INT(jk_searcher_doccount(b, &nb, &err), JK_OK);
            CHECK_MSG(na == nb, "round %d: %u notices edited, %u afresh", round, na, nb);
            for (size_t i = 0; i < ntexts; i++) {
                same(a, b, texts[i], 0);
                same(a, b, texts[i], 1);
            }
        }
        jk_searcher_free(a);
        jk_searcher_free(b);
    }
    for (size_t i = 0; i < nmonths; i++)
        free(months[i]);
}

int main(void)
{
    const char *texts[] = {"ランサムウェア",
                           "ランサム",
                           "県",
                           "架空大",
                           "券",
                           "メール 誤送信",
                           "個人情報漏えい",
                           "\"不正アクセス\"",
                           "\"個人情報保護委員会\"",
                           "委託 OR メール",
                           "メール -cause:misdelivery",
                           "情報 (cause:fraud OR cause:insider) year:2023..2024",
                           "sector:education",
                           "year:2024",
                           "ＢＣＣ",
                           "サーバ -sector:business",
                           "org:架空市",
                           "不正 アクセス クレジットカード",
                           "訂正",
                           "id:2024-112"};
    char path[4096];
    jk_build_opts bo = {3, NULL, NULL, NULL, NULL, NULL};
    jk_index_stats st = {0, 0, 0, 0, 0, 0};
    unsigned in = 0;
    jk_searcher *a = NULL, *b = NULL;
    jk_error err;

    if (!mkdtemp(root))
        return 99;
    snprintf(by_file, sizeof by_file, "%s/by-file", root);
    snprintf(built, sizeof built, "%s/built", root);
    jk_test_each_archive(add_file, NULL);
    size_t nmonths = nfiles;
    /* a later file that updates a notice (same id and title, new body): the
     * last one read wins either way */
    {
        FILE *f;
        snprintf(path, sizeof path, "%s/update.txt", root);
        if ((f = fopen(path, "w"))) {
            fputs("【セキュリティ事件簿#2024-112】架空市 "
                  "委託事業者におけるランサムウェア被害について "
                  "2024/5/20\n\n\n"
                  "委託事業者のランサムウェア被害について、対象者数を訂正しました。\n",
                  f);
            fclose(f);
        }
        add_file(path, NULL);
    }
    /* three shards even on two cores: two merges at least */
    CHECK_MSG(jk_build_new(built, files, nfiles, &bo, &st, &in, &err) == JK_OK, "%s", err.msg);
    CHECK_INT(in, nfiles);
    CHECK_INT(jk_searcher_open(&a, by_file, &err), JK_OK);
    CHECK_INT(jk_searcher_open(&b, built, &err), JK_OK);
    if (a && b) {
        unsigned na = 0, nb = 0;
        CHECK_INT(jk_searcher_doccount(a, &na, &err), JK_OK);
        CHECK_INT(jk_searcher_doccount(b, &nb, &err), JK_OK);
        CHECK_MSG(na == nb && na == st.added, "%u notices one by one, %u built (%u added)", na, nb,
                  st.added);
        CHECK_INT(st.updated, 1);
        for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
            same(a, b, texts[i], 0);
            same(a, b, texts[i], 1);
        }
    }
    jk_searcher_free(a);
    jk_searcher_free(b);
    a = b = NULL;
    /* update.txt indexed again with another notice: 2024-112 stays, as the May
     * sample holds it too (in the built index, through the ids of both files
     * its shard gave it); then the May sample without 2024-106 and 2024-112:
     * now both go, from both indexes */
    {
        const char *data = getenv("JK_DATA");
        const char *other = "【セキュリティ事件簿#2024-199】架空村 お知らせ 2024/5/30\n\n\n"
                            "架空村のサーバに不正アクセスがありました。\n";
        char upd[4096], *may = NULL, *c1 = NULL, *c2 = NULL;
        size_t len = 0, n1 = 0, n2 = 0;
        unsigned before = st.added;
        snprintf(upd, sizeof upd, "%s/update.txt", root);
        snprintf(path, sizeof path, "%s/sample/2024-05.txt", data ? data : "tests/data");
        CHECK_INT(jk_cli_read_file(path, &may, &len, &err), JK_OK);
        if (may) {
            c1 = jk_test_cut(may, "【セキュリティ事件簿#2024-106】",
                             "【セキュリティ事件簿#2024-105】", &n1);
            c2 = jk_test_cut(c1, "【セキュリティ事件簿#2024-112】架空市",
                             "【セキュリティ事件簿#2024-112】見本町", &n2);
        }
        for (int k = 0; c2 && k < 2; k++) {
            jk_index *ix = NULL;
            jk_index_stats s1 = {0, 0, 0, 0, 0, 0}, s2 = {0, 0, 0, 0, 0, 0};
            unsigned n = 0;
            CHECK_INT(jk_index_open(&ix, k ? built : by_file, &err), JK_OK);
            if (!ix)
                continue;
            CHECK_MSG(jk_index_file(ix, upd, other, strlen(other), &s1, NULL, NULL, &err) == JK_OK,
                      "%s", err.msg);
            CHECK_INT(s1.added, 1);
            CHECK_INT(s1.removed, 0);
            CHECK_MSG(jk_index_file(ix, path, c2, n2, &s2, NULL, NULL, &err) == JK_OK, "%s",
                      err.msg);
            CHECK_INT(s2.removed, 2);
            CHECK_INT(s2.unchanged, 9);
            CHECK_INT(jk_index_doccount(ix, &n, &err), JK_OK);
            CHECK_INT(n, before + 1 - 2);
            jk_index_free(ix);
        }
        CHECK_INT(jk_searcher_open(&a, by_file, &err), JK_OK);
        CHECK_INT(jk_searcher_open(&b, built, &err), JK_OK);
        for (size_t i = 0; a && b && i < sizeof texts / sizeof *texts; i++)
            same(a, b, texts[i], 0);
        free(may);
        free(c1);
        free(c2);
    }
    jk_searcher_free(a);
    jk_searcher_free(b);
    /* an index with no notice (what a first build killed before its end
     * leaves) counts as new, and a new build replaces it; one with notices
     * does not, and a build refuses it */
    {
        char empty[4300];
        jk_index *ix = NULL;
        snprintf(empty, sizeof empty, "%s/interrupted", root);
        CHECK_INT(jk_index_open(&ix, empty, &err), JK_OK);
        jk_index_free(ix);
        CHECK_INT(jk_paths_kind(empty), JK_PATH_INDEX);
        CHECK(jk_build_is_new(empty));
        CHECK(!jk_build_is_new(built));
        CHECK_MSG(jk_build_new(empty, files, 1, &bo, NULL, &in, &err) == JK_OK, "%s", err.msg);
        CHECK_INT(in, 1);
        CHECK(!jk_build_is_new(empty));
        CHECK_INT(jk_build_new(built, files, 1, &bo, NULL, &in, &err), JK_EINVAL);
    }
    /* a build asked to stop (Ctrl-C in jikenbo-index) while its shards are
     * built, or before it reads a file: JK_ECANCELED, nothing at path, and
     * no scratch directory beside it */
    for (int when = 0; when < 2; when++) {
        char stopped[4300];
        atomic_int stop = when == 0 ? 0 : 1;
        jk_build_opts so = {2, NULL, stop_at_first, &stop, NULL, &stop};
        snprintf(stopped, sizeof stopped, "%s/stopped", root);
        CHECK_INT(jk_build_new(stopped, files, nfiles, &so, NULL, &in, &err), JK_ECANCELED);
        CHECK_INT(jk_paths_kind(stopped), JK_PATH_NONE);
        {
            struct dirent **e;
            int n = scandir(root, &e, NULL, alphasort), scratch = 0;
            for (int i = 0; i < n; i++) {
                scratch += strncmp(e[i]->d_name, "stopped", 7) == 0;
                free(e[i]);
            }
            if (n >= 0)
                free(e);
            CHECK_MSG(scratch == 0, "%d entries named stopped* left in %s", scratch, root);
        }
    }
    check_edits(texts, sizeof texts / sizeof *texts, nmonths);
    for (size_t i = 0; i < nfiles; i++)
        free(files[i]);
    jk_paths_remove_tree(root);
    return TEST_DONE();
}
