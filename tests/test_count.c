/* Exact totals and facets, three ways: a search on one reader, split over
 * three readers (jk_fanout.h), and counted by Xapian's matcher instead of by
 * walking posting lists (jk_xapian_search.cc) give the same page, scores, total and
 * facets; and a page of 5 (from the start or the 4th) is that part of a page
 * of 40, in relevance and in date order, scores and all. Over
 * a fixed list of queries that covers every operator, then over random ones
 * (a fixed seed) built from words, parts of words, phrases, groups,
 * negations and facet filters, on an index of the sample (and of the seed
 * months, when present). */
#include "jk_paths.h"
#include "jk_query.h"
#include "jk_search.h"
#include "jk_taxonomy.h"
#include "jk_test.h"
#include "jk_test_index.h"

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

static char dir[] = "/tmp/jk-test-count-XXXXXX";

static void index_path(const char *path, void *payload)
{
    (void)payload;
    jk_test_index_file(dir, path);
}

static jk_results *run(jk_searcher *s, jk_query *q, unsigned threads, int matcher, unsigned off,
                       unsigned limit, int by_date)
{
    jk_search_opts o = {.offset = off, .limit = limit, .sort_date = by_date};
    jk_results *r = NULL;
    jk_error err;
    CHECK_INT(jk_searcher_set_threads(s, threads, &err), JK_OK);
    jk_searcher_count_by_matcher(s, matcher);
    CHECK_MSG(jk_searcher_run(s, q, &o, &r, &err) == JK_OK, "%s", err.msg);
    jk_searcher_count_by_matcher(s, 0);
    return r;
}

/* page holds items off.. of longer (a page of 40 from the start), scores and all. */
static void is_slice(const jk_results *page, const jk_results *longer, unsigned off,
                     const char *text, const char *order)
{
    if (!page || !longer)
        return;
    CHECK_MSG(page->total == longer->total, "%s (%s): total %u vs %u", text, order, page->total,
              longer->total);
    for (size_t i = 0; i < page->n; i++)
        CHECK_MSG(off + i < longer->n && page->items[i].docid == longer->items[off + i].docid &&
                      page->items[i].score == longer->items[off + i].score,
                  "%s (%s): #%zu of the page from %u is not #%zu of the longer page", text, order,
                  i, off, off + i);
}

/* r's date if it is within a year of its id's year, else NULL */
static const char *usable_date(const jk_result *r)
{
    return r->date && abs(atoi(r->date) - r->year) <= 1 ? r->date : NULL;
}

/* Runs text the three ways at two offsets, and pages of 5 against pages of 40
 * in both orders; returns its total (0 if it does not parse: a query of
 * negations alone). */
static unsigned compare(jk_searcher *s, const char *text)
{
    jk_query *q = NULL;
    jk_results *longer = NULL, *by_date = NULL;
    jk_error err;
    unsigned total = 0;

    if (jk_query_parse(&q, jk_searcher_analyzer(s), text, &err) != JK_OK || !q)
        return 0;
    longer = run(s, q, 1, 0, 0, 40, 0);
    by_date = run(s, q, 1, 0, 0, 40, 1);
    total = longer ? longer->total : 0;
    for (unsigned off = 0; off < 4; off += 3) {
        jk_results *one = run(s, q, 1, 0, off, 5, 0), *dated = run(s, q, 1, 0, off, 5, 1);
        jk_results *dated3 = run(s, q, 3, 0, off, 5, 1);
        is_slice(one, longer, off, text, "relevance");
        is_slice(dated, by_date, off, text, "date");
        /* split over readers, merged by the dates' sort keys */
        is_slice(dated3, by_date, off, text, "date, 3 threads");
        jk_results_free(dated3);
        for (int way = 0; way < 2; way++) {
            const char *how = way ? "matcher" : "3 threads";
            jk_results *other = way ? run(s, q, 1, 1, off, 5, 0) : run(s, q, 3, 0, off, 5, 0);
            CHECK_MSG(one && other && one->total == other->total && one->n == other->n,
                      "%s +%u, %s: %u/%zu vs %u/%zu", text, off, how, one ? one->total : 0,
                      one ? one->n : 0, other ? other->total : 0, other ? other->n : 0);
            for (size_t i = 0; one && other && i < one->n && i < other->n; i++)
                CHECK_MSG(one->items[i].docid == other->items[i].docid &&
                              one->items[i].score == other->items[i].score,
                          "%s +%u, %s: #%zu differs", text, off, how, i);
            for (int f = 0; one && other && f < 3; f++) {
                CHECK_MSG(one->nfacets[f] == other->nfacets[f], "%s +%u, %s: facet %d", text, off,
                          how, f);
                for (size_t i = 0; i < one->nfacets[f] && i < other->nfacets[f]; i++)
                    CHECK_MSG(one->facets[f][i].count == other->facets[f][i].count &&
                                  !strcmp(one->facets[f][i].label, other->facets[f][i].label),
                              "%s +%u, %s: facet %d/%zu differs", text, off, how, f, i);
            }
            jk_results_free(other);
        }
        jk_results_free(one);
        jk_results_free(dated);
    }
    /* newest first: each notice's date is no later than the one before (a
     * date far from its id's year is a typo, sorted as if it had none) */
    for (size_t i = 1; by_date && i < by_date->n; i++) {
        const char *a = usable_date(&by_date->items[i - 1]), *b = usable_date(&by_date->items[i]);
        CHECK_MSG(!a || !b || strcmp(a, b) >= 0, "%s (date): #%zu %s after %s", text, i, b, a);
    }
    jk_results_free(longer);
    jk_results_free(by_date);
    jk_query_free(q);
    return total;
}

/* ---- random queries ---- */

static uint64_t seed = 20261122;

static unsigned pick(unsigned n)
{
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL; /* Knuth's MMIX LCG */
    return (unsigned)((seed >> 33) % n);
}

static const char *const words[] = {
    "メール", "委託",   "不正",     "アクセス",  "ランサムウェア", "ランサム", "情報",   "個人",
    "サーバ", "市",     "県",       "大学",      "流出",           "誤送信",   "漏えい", "調査",
    "被害",   "報告",   "bcc",      "病院",      "銀行",           "紛失",     "攻撃",   "暗号",
    "委員会", "お詫び", "ウイルス", "パスワード"};
#define NWORDS (sizeof words / sizeof *words)

static void add(char *q, size_t cap, const char *s)
{
    size_t l = strlen(q);
    snprintf(q + l, cap - l, "%s", s);
}

static void filter(char *q, size_t cap)
{
    size_t n;
    int f = (int)pick(3);
    if (f == 2) {
        static const char *const years[] = {"year:2023", "year:2024", "year:2023..2024",
                                            "year:2019..2022"};
        add(q, cap, years[pick(4)]);
        return;
    }
    const jk_label *l = jk_taxonomy_labels((jk_facet)f, &n);
    add(q, cap, f ? "sector:" : "cause:");
    add(q, cap, l[pick((unsigned)n)].slug);
}

/* One part: a word, two words written together or as a phrase, a group of
 * two alternatives, a facet filter, or the negation of a word or filter. */
static void part(char *q, size_t cap, int depth)
{
    unsigned k = pick(20);
    if (k < 9) {
        add(q, cap, words[pick(NWORDS)]);
    } else if (k < 11) {
        add(q, cap, words[pick(NWORDS)]);
        add(q, cap, words[pick(NWORDS)]);
    } else if (k == 11) {
        add(q, cap, "\"");
        add(q, cap, words[pick(NWORDS)]);
        add(q, cap, " ");
        add(q, cap, words[pick(NWORDS)]);
        add(q, cap, "\"");
    } else if (k < 14 && depth < 2) {
        add(q, cap, "(");
        part(q, cap, depth + 1);
        add(q, cap, " OR ");
        part(q, cap, depth + 1);
        add(q, cap, ")");
    } else if (k < 17) {
        filter(q, cap);
    } else {
        add(q, cap, "-");
        if (k == 19)
            filter(q, cap);
        else
            add(q, cap, words[pick(NWORDS)]);
    }
}

int main(void)
{
    jk_searcher *s = NULL;
    jk_error err;

    if (!mkdtemp(dir))
        return 99;
    jk_test_each_archive(index_path, NULL);
    CHECK_INT(jk_searcher_open(&s, dir, &err), JK_OK);
    if (!s)
        return TEST_DONE();

    {
        const char *texts[] = {"委託 OR メール",
                               "個人情報漏えい OR メール",
                               "メール",
                               "不正",
                               "ランサム",
                               "year:2024",
                               "メール -cause:misdelivery",
                               "メール -誤送信 -sector:education",
                               "情報 (cause:fraud OR cause:insider) year:2023..2024",
                               "情報 cause:fraud,insider,ransomware year:2019,2023..2024",
                               "* -sector:finance,business",
                               "org:架空市,見本町 OR 委託",
                               "ＢＣＣ OR 委託 sector:business",
                               "\"不正アクセス\" OR ランサムウェア",
                               "市 OR 県 OR 大学 OR 情報 OR サーバ",
                               "*",
                               "* -cause:ransomware",
                               "* year:2024",
                               "委託 file:2024-06",
                               "file:2024-05.txt OR メール",
                               "* -file:2024-0[5]*",
                               "microsoft365 OR 委託"};
        for (size_t t = 0; t < sizeof texts / sizeof *texts; t++)
            CHECK_MSG(compare(s, texts[t]) > 0, "%s matches nothing", texts[t]);
    }

    /* random queries: most match something, some nothing, all agree */
    {
        unsigned matched = 0, n = 300;
        for (unsigned i = 0; i < n; i++) {
            char q[512] = "";
            unsigned parts = 1 + pick(4);
            for (unsigned p = 0; p < parts; p++) {
                if (p)
                    add(q, sizeof q, pick(5) ? " " : " OR ");
                part(q, sizeof q, 0);
            }
            matched += compare(s, q) > 0;
        }
        printf("random queries: %u of %u matched\n", matched, n);
        CHECK_MSG(matched >= n / 3, "only %u of %u random queries matched", matched, n);
    }
    jk_searcher_free(s);
    jk_paths_remove_tree(dir);
    return TEST_DONE();
}
