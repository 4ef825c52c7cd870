/* Search over an index of the bundled sample: facet counts equal the number
 * of notices each filter matches; totals are exact; a title match ranks above a
 * body-only one; Japanese typed without spaces ranks the phrase first; the
 * snippet marks the original characters; an index updated under a reader is
 * seen by its next search; a search split over threads returns the same
 * (every query of test_count.c is run that way too). */
#include "jk_buf.h"
#include "jk_cli.h"
#include "jk_files.h"
#include "jk_index.h"
#include "jk_like.h"
#include "jk_pairs.h"
#include "jk_paths.h"
#include "jk_query.h"
#include "jk_search.h"
#include "jk_suggest.h"
#include "jk_taxonomy.h"
#include "jk_test.h"

#include <stdlib.h>
#include <unistd.h>

static char dir[] = "/tmp/jk-test-search-XXXXXX";

static jk_results *search(jk_searcher *s, const char *text, unsigned limit)
{
    jk_query *q = NULL;
    jk_results *r = NULL;
    jk_search_opts o = {.limit = limit, .snippet_cols = 80};
    jk_error err;
    CHECK_MSG(jk_query_parse(&q, jk_searcher_analyzer(s), text, &err) == JK_OK, "%s: %s", text,
              err.msg);
    if (!q)
        return NULL;
    CHECK_MSG(jk_searcher_run(s, q, &o, &r, &err) == JK_OK, "%s: %s", text, err.msg);
    jk_query_free(q);
    return r;
}

/* The Xapian query jk_searcher_run would run for text (--explain); the
 * caller frees it. */
static char *explain(jk_searcher *s, const char *text)
{
    jk_query *q = NULL;
    char *desc = NULL;
    jk_error err;
    CHECK_MSG(jk_query_parse(&q, jk_searcher_analyzer(s), text, &err) == JK_OK, "%s: %s", text,
              err.msg);
    if (q)
        CHECK_MSG(jk_searcher_explain(s, q, &desc, &err) == JK_OK, "%s: %s", text, err.msg);
    jk_query_free(q);
    return desc;
}

/* Checks that text matches want notices in all. */
static void check_total(jk_searcher *s, const char *text, unsigned want)
{
    jk_results *r = search(s, text, 10);
    CHECK_MSG(r && r->total == want, "%s: %u, want %u", text, r ? r->total : 0, want);
    jk_results_free(r);
}

/* Checks whether the Xapian query for text holds needle (has: 1) or not (0). */
static void check_explain(jk_searcher *s, const char *text, const char *needle, int has)
{
    char *desc = explain(s, text);
    CHECK_MSG(desc && (strstr(desc, needle) != NULL) == has, "%s: %s", text, desc ? desc : "");
    free(desc);
}

static unsigned facet(const jk_results *r, int f, const char *label)
{
    for (size_t i = 0; i < r->nfacets[f]; i++)
        if (strcmp(r->facets[f][i].label, label) == 0)
            return r->facets[f][i].count;
    return 0;
}

static void index_file(const char *name)
{
    const char *data = getenv("JK_DATA");
    char path[4096], *buf = NULL;
    size_t len;
    jk_index *ix = NULL;
    jk_error err;
    snprintf(path, sizeof path, "%s/sample/%s", data ? data : "tests/data", name);
    CHECK_INT(jk_cli_read_file(path, &buf, &len, &err), JK_OK);
    CHECK_INT(jk_index_open(&ix, dir, &err), JK_OK);
    if (ix && buf)
        CHECK_INT(jk_index_file(ix, name, buf, len, NULL, NULL, NULL, &err), JK_OK);
    jk_index_free(ix);
    free(buf);
}

/* Notices that put 不正 and アクセス side by side, apart, across a line
 * break and in the title, for the phrase checks; 906 has both pairs of
 * 不正アクセスが判明 but not the phrase; 907 to 910 do the same for the
 * listed phrase 個人情報保護委員会 (909 has all its pairs, apart; particles
 * hold no position, so 個人情報の保護委員会 would be the phrase); 911 to 913
 * write Microsoft 365 spaced, joined, and its parts apart; 914 and 915 use
 * verbs whose stems MeCab reads otherwise alone; 916 to 918 誤って and the
 * verb; 919 and 920 a word of dict/synonyms.txt and two words typed for it;
 * 921 denies what 922 says happened (jk_negation.h), in a shorter text; 923
 * denies first what it says happened later, beyond a snippet's width;
 * 924 to 926 a related phrase (dict/synonyms.txt). */
static void index_phrases(void)
{
    static const char text[] =
        "【セキュリティ事件簿#2025-901】甲市 お知らせ 2025/1/6\n\n\n"
        "当社サーバへの不正アクセスが判明しました。\n\n"
        "【セキュリティ事件簿#2025-902】乙町 お知らせ 2025/1/7\n\n\n"
        "不正な手段によるアクセスがありました。\n\n"
        "【セキュリティ事件簿#2025-903】丙村 お知らせ 2025/1/8\n\n\n"
        "調査の結果、外部からの不正\nアクセスの痕跡が見つかりました。\n\n"
        "【セキュリティ事件簿#2025-904】丁市 不正アクセスについて 2025/1/9\n\n\n"
        "詳細は調査中です。\n\n"
        "【セキュリティ事件簿#2025-905】戊市 お知らせ 2025/1/10\n\n\n"
        "不正アクセスの可能性があり、後日判明しました。\n\n"
        "【セキュリティ事件簿#2025-906】己市 お知らせ 2025/1/11\n\n\n"
        "不正アクセスを受けました。ログからアクセス判明分を記します。\n\n"
        /* a listed phrase (dict/phrases.txt): 個人 情報 保護 委員 会 */
        "【セキュリティ事件簿#2025-907】庚市 お知らせ 2025/1/12\n\n\n"
        "個人情報保護委員会へ報告しました。\n\n"
        "【セキュリティ事件簿#2025-908】辛市 お知らせ 2025/1/13\n\n\n"
        "個人情報保護\n委員会へ報告しました。\n\n"
        "【セキュリティ事件簿#2025-909】壬市 お知らせ 2025/1/14\n\n\n"
        "個人情報保護法を所管する委員会と、情報保護委員会は別です。\n\n"
        "【セキュリティ事件簿#2025-910】癸市 個人情報保護委員会への報告 2025/1/15\n\n\n"
        "詳細は報告書のとおりです。\n\n"
        "【セキュリティ事件簿#2025-911】子市 お知らせ 2025/1/16\n\n\n"
        "職員のMicrosoft 365アカウントに不正ログインがありました。\n\n"
        "【セキュリティ事件簿#2025-912】丑市 お知らせ 2025/1/17\n\n\n"
        "職員のMicrosoft365アカウントに不正ログインがありました。\n\n"
        "【セキュリティ事件簿#2025-913】寅市 お知らせ 2025/1/18\n\n\n"
        "Microsoft社の窓口は365日受け付けています。\n\n"
        "【セキュリティ事件簿#2025-914】卯市 お知らせ 2025/1/19\n\n\n"
        "二人分の通知書を入れ違えて送付しました。\n\n"
        "【セキュリティ事件簿#2025-915】辰市 お知らせ 2025/1/20\n\n\n"
        "職員が会議の資料を持ち出したことが分かりました。\n\n"
        "【セキュリティ事件簿#2025-916】巳市 お知らせ 2025/1/21\n\n\n"
        "廃棄の手順を見直します。保存期間を過ぎた書類と一緒に、申込書を誤って廃棄しました。\n\n"
        "【セキュリティ事件簿#2025-917】午市 お知らせ 2025/1/22\n\n\n"
        "申込書の誤廃棄が判明しました。\n\n"
        "【セキュリティ事件簿#2025-918】未市 お知らせ 2025/1/23\n\n\n"
        "申込書を廃棄しました。手順に誤りはありません。\n\n"
        /* 919 writes as one word what 920 writes as two, and 無断閲覧 is a
         * word of dict/synonyms.txt whose group holds 目的外閲覧 */
        "【セキュリティ事件簿#2025-919】申市 お知らせ 2025/1/24\n\n\n"
        "職員が住民の記録を目的外閲覧していました。\n\n"
        "【セキュリティ事件簿#2025-920】酉市 お知らせ 2025/1/25\n\n\n"
        "職員が住民の記録を無断で閲覧していました。\n\n"
        "【セキュリティ事件簿#2025-921】戌市 お知らせ 2025/1/26\n\n\n"
        "帳票の改ざんはありません。\n\n"
        "【セキュリティ事件簿#2025-922】亥市 お知らせ 2025/1/27\n\n\n"
        "帳票の改ざんが判明しました。\n\n"
        "【セキュリティ事件簿#2025-923】子町 お知らせ 2025/1/28\n\n\n"
        "当初の点検で、名簿の紛失はありませんでした。当町では毎月の点検で書類の保管状況を確かめて"
        "おり、今回の点検も例年どおりの手順で行いました。点検の担当者は二名で、保管庫の鍵は総務課"
        "が管理しています。その後、別の倉庫で名簿の紛失が判明しました。\n\n"
        /* BCC's group in dict/synonyms.txt holds the phrase メールアドレスが表示:
         * 925 says it so, 926 has the two words apart */
        "【セキュリティ事件簿#2025-924】丑町 お知らせ 2025/1/29\n\n\n"
        "一斉送信の際、BCCで送るべきところを宛先欄に入力しました。\n\n"
        "【セキュリティ事件簿#2025-925】寅町 お知らせ 2025/1/30\n\n\n"
        "案内を送信した際、受信者のメールアドレスが表示される形で送信しました。\n\n"
        "【セキュリティ事件簿#2025-926】卯町 お知らせ 2025/1/31\n\n\n"
        "メールアドレスの変更を受け付けました。手続きは画面に表示される案内のとおりです。\n\n";
    jk_index *ix = NULL;
    jk_error err;
    CHECK_INT(jk_index_open(&ix, dir, &err), JK_OK);
    if (ix)
        CHECK_INT(jk_index_file(ix, "phrases.txt", text, sizeof text - 1, NULL, NULL, NULL, &err),
                  JK_OK);
    jk_index_free(ix);
}

static int by_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The ids of r's results, sorted, joined by spaces. */
static const char *ids(const jk_results *r)
{
    static char out[256];
    const char *v[16];
    size_t n = 0, at = 0;
    for (size_t i = 0; r && i < r->n && n < 16; i++)
        v[n++] = r->items[i].id;
    qsort(v, n, sizeof *v, by_str);
    out[0] = '\0';
    for (size_t i = 0; i < n && at < sizeof out; i++)
        at += (size_t)snprintf(out + at, sizeof out - at, "%s%s", i ? " " : "", v[i]);
    return out;
}

/* The query finds want (ids), and the first one's snippet marks mark, once. */
static void check_one_mark(jk_searcher *s, const char *text, const char *want, const char *mark)
{
    jk_results *r = search(s, text, 10);
    CHECK_STR(ids(r), want);
    CHECK_MSG(r && r->n && r->items[0].snippet.nhits == 1, "%s: %zu marks", text,
              r && r->n ? r->items[0].snippet.nhits : 0);
    if (r && r->n && r->items[0].snippet.nhits)
        CHECK_SPAN(r->items[0].snippet.text, r->items[0].snippet.hits[0].start,
                   r->items[0].snippet.hits[0].end, mark);
    jk_results_free(r);
}

static int keep_near(const char *term, size_t len, unsigned dist, void *payload)
{
    char *out = payload;
    size_t at = strlen(out);
    snprintf(out + at, 512 - at, "%s%.*s:%u", at ? " " : "", (int)len, term, dist);
    return 0;
}

/* The words within maxdist edits of word, "word:dist ..." in byte order. */
static const char *near(jk_searcher *s, const char *word, unsigned maxdist)
{
    static char out[512];
    out[0] = '\0';
    CHECK_INT(jk_vocab_near(jk_searcher_vocab(s), word, strlen(word), maxdist, keep_near, out), 0);
    return out;
}

static int count_plain(const char *text, unsigned *total, void *payload, jk_error *err)
{
    jk_results *r = search(payload, text, 0);
    (void)err;
    *total = r ? r->total : 0;
    jk_results_free(r);
    return r ? JK_OK : JK_EQUERY;
}

/* What jk_suggest offers for text ("" for nothing), with its matches. */
static void check_suggest(jk_searcher *s, const char *text, const char *want, unsigned min_total)
{
    jk_query *q = NULL;
    char *better = NULL;
    unsigned total = 0;
    jk_error err;
    CHECK_INT(jk_query_parse(&q, jk_searcher_analyzer(s), text, &err), JK_OK);
    if (q)
        CHECK_INT(jk_suggest(s, q, text, count_plain, s, &better, &total, &err), JK_OK);
    CHECK_MSG(strcmp(better ? better : "", want) == 0, "%s: offered '%s', want '%s'", text,
              better ? better : "", want);
    CHECK_MSG(better ? total >= min_total : total == 0, "%s: %u matches", text, total);
    free(better);
    jk_query_free(q);
}

/* "did you mean" (jk_suggest.h) and the vocabulary's near words */
static void check_did_you_mean(jk_searcher *s)
{
    /* one edit of each kind, by characters not bytes */
    CHECK_STR(near(s, "パスワド", 1), "パスワード:1");     /* one left out */
    CHECK_STR(near(s, "パスワーード", 1), "パスワード:1"); /* one too many */
    CHECK_STR(near(s, "パスワート", 1), "パスワード:1");   /* one replaced */
    CHECK_STR(near(s, "パスーワド", 1), "パスワード:1");   /* two swapped */
    CHECK_STR(near(s, "パスワード", 0), "");               /* not the word itself */
    CHECK_STR(near(s, "ワスパド", 1), "");
    CHECK(strstr(near(s, "ランサムエア", 2), "ランサムウェア:2") != NULL);

    CHECK_INT((int)jk_vocab_distance("ransomwere", 10, "ransomware", 10, 2), 1);
    CHECK_INT((int)jk_vocab_distance("パスワド", 12, "パスワード", 15, 2), 1);
    CHECK_INT((int)jk_vocab_distance("abcd", 4, "badc", 4, 2), 2); /* two swaps */
    CHECK_INT((int)jk_vocab_distance("abcd", 4, "xyzw", 4, 2), 3); /* too far: maxdist + 1 */

    check_suggest(s, "パスワド", "パスワード", 1);
    /* an English spelling of dict/variants.txt, which the vocabulary lacks */
    check_suggest(s, "ransomwere 委託", "ransomware 委託", 1);
    check_suggest(s, "ランサムエア 委託", "ランサムウェア 委託", 1);
    check_suggest(s, "委託  ランサムエア year:2024", "委託  ランサムウェア year:2024", 1);
    check_suggest(s, "不正アクセサ", "不正アクセス", 1); /* the missing term of two */
    check_suggest(s, "ランサム 委託", "", 0);            /* ランサム is inside a word */
    check_suggest(s, "ランサムウェア -パスワド", "", 0); /* not what is left out */
    check_suggest(s, "パスド", "", 0);                   /* 3 characters: one edit only */
    check_suggest(s, "xy", "", 0);                       /* too short to guess */
    check_suggest(s, "パスワド year:2019", "", 0);       /* offered only if it matches */
}

/* --months: the matches per month of their titles' dates, each as many as
 * the same query with date: that month finds, on one reader or several,
 * also when the page is ranked in a second pass */
/* file:NAME: the notices of the archive files it names, by name, end of
 * path or pattern; one that names none is an error that says so. may: the
 * notices of 2024-05.txt, all: of both months. */
static void check_files(jk_searcher *s, unsigned may, unsigned all)
{
    static const char *const bad[] = {"file:2024-07", "file:2024-0", "file:*.csv",
                                      "file:x/2024-05.txt", "ランサムウェア -file:2024-13"};
    char *desc;

    check_total(s, "file:2024-05", may);
    check_total(s, "file:2024-05.txt", may);
    CHECK(jk_files_named("a/b/2024-05.TXT", "2024-05"));
    CHECK(jk_files_named("a/b/2024-05.TXT", "b/2024-05.TXT"));
    CHECK(jk_files_named("a/b/2024-05.TXT", "a/b/2024-05.TXT"));
    CHECK(jk_files_named("a/b/2024-05.TXT", "*/b/*"));
    CHECK(jk_files_named("a/b/2024-05.TXT", "b/2024-0?.*"));
    CHECK(!jk_files_named("a/b/2024-05.TXT", "a/2024-*"));
    CHECK(jk_files_named("2024-05", "2024-05"));
    CHECK(!jk_files_named("a/b/2024-05.TXT", "2024-05.txt"));
    CHECK(!jk_files_named("a/b/2024-05.TXT", "/2024-05.TXT"));
    CHECK(!jk_files_named("a/b/2024-05.TXT", "ab/2024-05.TXT"));
    CHECK(!jk_files_named("a/b/2024-05.TXT", "2024"));
    CHECK(!jk_files_named("a/b/2024-05.TXT", ""));
    CHECK(!jk_files_named("a/b/2024-05.txt.gz", "2024-05"));
    /* a relative record named by its full path from where the indexer ran */
    CHECK(jk_files_named("a/b/2024-05.TXT", "/home/u/a/b/2024-05.TXT"));
    CHECK(jk_files_named("./a/b/2024-05.TXT", "/home/u/a/b/2024-05.TXT"));
    CHECK(jk_files_named("2024-05.TXT", "/x/2024-05.TXT"));
    CHECK(!jk_files_named("2024-05.TXT", "../x/2024-05.TXT")); /* a guess: not made */
    CHECK(!jk_files_named("a/b/2024-05.TXT", "/home/u/xa/b/2024-05.TXT"));
    CHECK(!jk_files_named("a/b/2024-05.TXT", "/home/u/a/c/2024-05.TXT"));
    CHECK(!jk_files_named("/r/a/b/2024-05.TXT", "/home/r/a/b/2024-05.TXT"));
    check_total(s, "file:2024-0*", all);
    check_total(s, "file:\"2024-0?.txt\"", all);
    check_total(s, "file:2024-05 OR file:2024-06", all);
    check_total(s, "* -file:2024-05", all - may);
    check_total(s, "file:2024-06 file:2024-05", 1); /* the one notice both months hold */
    check_total(s, "ランサムウェア file:2024-05", 2);
    desc = explain(s, "file:2024-05");
    CHECK_MSG(desc && strstr(desc, "XF") != NULL, "file:2024-05: %s", desc ? desc : "");
    free(desc);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        jk_query *q = NULL;
        jk_results *r = NULL;
        jk_search_opts o = {.limit = 10, .snippet_cols = 80};
        jk_error err;
        CHECK_INT(jk_query_parse(&q, jk_searcher_analyzer(s), bad[i], &err), JK_OK);
        if (!q)
            continue;
        CHECK_INT(jk_searcher_run(s, q, &o, &r, &err), JK_EQUERY);
        CHECK_MSG(strstr(err.msg, "no archive file in the index") != NULL, "%s: %s", bad[i],
                  err.msg);
        jk_results_free(r);
        jk_query_free(q);
    }
}

static void check_months(jk_searcher *s)
{
    const char *texts[] = {"year:2024", "個人情報漏えい OR 委託", "*"};
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        for (unsigned threads = 1; threads <= 4; threads += 3) {
            jk_query *q = NULL;
            jk_results *r = NULL;
            jk_search_opts o = {.limit = 3, .by_month = 1};
            jk_error err;
            unsigned sum = 0, dated = 0;
            CHECK_INT(jk_searcher_set_threads(s, threads, NULL), JK_OK);
            CHECK_INT(jk_query_parse(&q, jk_searcher_analyzer(s), texts[t], &err), JK_OK);
            CHECK_INT(jk_searcher_run(s, q, &o, &r, &err), JK_OK);
            CHECK_MSG(r && r->nmonths >= 2, "%s: %zu months", texts[t], r ? r->nmonths : 0);
            for (size_t k = 0; r && k < r->nmonths; k++) {
                char text[160];
                jk_results *m;
                snprintf(text, sizeof text, "(%s) date:%s", texts[t], r->months[k].label);
                m = search(s, text, 0);
                CHECK_MSG(m && m->total == r->months[k].count, "%s: %u, counted %u", text,
                          m ? m->total : 0, r->months[k].count);
                CHECK(k == 0 || strcmp(r->months[k - 1].label, r->months[k].label) < 0);
                sum += r->months[k].count;
                jk_results_free(m);
            }
            { /* and every dated match is in one month */
                char text[160];
                jk_results *d;
                snprintf(text, sizeof text, "(%s) date:1900..2999", texts[t]);
                d = search(s, text, 0);
                dated = d ? d->total : 0;
                jk_results_free(d);
            }
            CHECK_MSG(sum == dated && sum > 0, "%s: %u in months, %u dated", texts[t], sum, dated);
            jk_results_free(r);
            jk_query_free(q);
        }
    }
    CHECK_INT(jk_searcher_set_threads(s, 4, NULL), JK_OK);
}

/* A query that ranks by phrase and nearness ranks its best candidates a
 * second time, each reader those in its range: the same page, in the same
 * order and with the same scores, on one reader as on four, from the first
 * result and further on. */
static void check_rerank_split(jk_searcher *s)
{
    const char *texts[] = {"情報漏えい OR 個人情報 OR 不正アクセス OR サーバ攻撃",
                           "不正アクセス OR 委託", "情報漏えい OR メール"};
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        for (unsigned off = 0; off <= 2; off += 2) {
            jk_results *r[2] = {NULL, NULL};
            jk_search_opts o = {.offset = off, .limit = 5};
            jk_query *q = NULL;
            jk_error err;
            CHECK_INT(jk_query_parse(&q, jk_searcher_analyzer(s), texts[t], &err), JK_OK);
            CHECK(q && jk_query_has_boosts(q));
            for (unsigned k = 0; q && k < 2; k++) {
                CHECK_INT(jk_searcher_set_threads(s, k ? 4 : 1, NULL), JK_OK);
                CHECK_INT(jk_searcher_run(s, q, &o, &r[k], &err), JK_OK);
            }
            CHECK_MSG(r[0] && r[1] && r[0]->n >= 3 && r[0]->n == r[1]->n, "%s from %u: %zu, %zu",
                      texts[t], off, r[0] ? r[0]->n : 0, r[1] ? r[1]->n : 0);
            for (size_t i = 0; r[0] && r[1] && i < r[0]->n && i < r[1]->n; i++)
                CHECK_MSG(strcmp(r[0]->items[i].id, r[1]->items[i].id) == 0 &&
                              r[0]->items[i].score == r[1]->items[i].score,
                          "%s from %u, #%zu: %s (%.17g) on one reader, %s (%.17g) on four",
                          texts[t], off, i, r[0]->items[i].id, r[0]->items[i].score,
                          r[1]->items[i].id, r[1]->items[i].score);
            jk_results_free(r[0]);
            jk_results_free(r[1]);
            jk_query_free(q);
        }
    }
    CHECK_INT(jk_searcher_set_threads(s, 4, NULL), JK_OK);
}

/* A page as text: every field a program prints of each result, with its
 * snippet's and title's marks. */
static void page_text(const jk_results *r, jk_buf *b, int *brc)
{
    const jk_snippet *sn[2];
    for (size_t i = 0; r && i < r->n; i++) {
        const jk_result *x = &r->items[i];
        jk_buf_printf(b, brc, "%u %s %.17g %s %s %s %s:%u-%u %s|", x->rank, x->id, x->score,
                      x->org ? x->org : "-", x->date ? x->date : "-", x->sector ? x->sector : "-",
                      x->file ? x->file : "-", x->line, x->end_line, x->title);
        for (size_t k = 0; k < x->ncause; k++)
            jk_buf_printf(b, brc, "%s,", x->cause[k]);
        sn[0] = &x->title_hl;
        sn[1] = &x->snippet;
        for (int k = 0; k < 2; k++) {
            jk_buf_printf(b, brc, "|%s", sn[k]->text ? sn[k]->text : "-");
            for (size_t h = 0; h < sn[k]->nhits; h++)
                jk_buf_printf(b, brc, " %zu-%zu", sn[k]->hits[h].start, sn[k]->hits[h].end);
            for (size_t h = 0; h < sn[k]->nmarks; h++)
                jk_buf_printf(b, brc, " m%zu-%zu", sn[k]->marks[h].start, sn[k]->marks[h].end);
        }
        jk_buf_printf(b, brc, "\n");
    }
}

/* With jk_searcher_split_pages, a page is filled on every reader's thread,
 * each with its own analyzer: the very same page, field by field, as one
 * thread fills; by relevance and by date, from the first result and
 * further on, and after the number of threads changes. It stays on for the
 * rest of the tests. */
static void check_split_pages(jk_searcher *s)
{
    const char *texts[] = {"ランサムウェア OR 個人情報", "不正アクセス OR 委託",
                           "\"個人情報\" OR bcc OR メール", "*", "year:2024"};
    char *before[5][2][2];
    for (int pass = 0; pass < 3; pass++) {
        if (pass == 1)
            CHECK_INT(jk_searcher_split_pages(s, NULL), JK_OK);
        CHECK_INT(jk_searcher_set_threads(s, pass == 2 ? 2 : 4, NULL), JK_OK);
        for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++)
            for (int off = 0; off < 2; off++)
                for (int by_date = 0; by_date < 2; by_date++) {
                    jk_search_opts o = {.offset = off ? 3 : 0,
                                        .limit = 10,
                                        .sort_date = by_date ? JK_SORT_NEWEST : 0,
                                        .snippet_cols = 80,
                                        .title_cols = 40};
                    jk_query *q = NULL;
                    jk_results *r = NULL;
                    jk_buf b = JK_BUF_INIT;
                    jk_error err;
                    int brc = 0;
                    CHECK_INT(jk_query_parse(&q, jk_searcher_analyzer(s), texts[t], &err), JK_OK);
                    if (q)
                        CHECK_INT(jk_searcher_run(s, q, &o, &r, &err), JK_OK);
                    CHECK_MSG(r && r->n >= 3, "%s from %d: %zu", texts[t], off ? 3 : 0,
                              r ? r->n : 0);
                    page_text(r, &b, &brc);
                    jk_buf_printf(&b, &brc, "%s", "");
                    if (pass == 0) {
                        before[t][off][by_date] = b.p;
                        b.p = NULL;
                    } else {
                        CHECK_MSG(b.p && strcmp(b.p, before[t][off][by_date]) == 0,
                                  "%s from %d%s, pass %d:\n%s\nagainst\n%s", texts[t], off ? 3 : 0,
                                  by_date ? " by date" : "", pass, b.p ? b.p : "(none)",
                                  before[t][off][by_date]);
                    }
                    if (pass == 2)
                        free(before[t][off][by_date]);
                    jk_buf_free(&b);
                    jk_results_free(r);
                    jk_query_free(q);
                }
    }
    CHECK_INT(jk_searcher_set_threads(s, 4, NULL), JK_OK);
}

/* like:ID (jk_like.h) over the sample's two months */
static void check_like(jk_searcher *s)
{
    jk_results *r = search(s, "like:2024-124", 100), *more, *biz;
    int words = 0;

    /* サンプル工業's ransomware is most like 架空市's (2024-112), without
     * the words of its own name */
    CHECK(r && r->n >= 1 && r->n == r->total);
    CHECK(r && r->n && strcmp(r->items[0].id, "2024-112") == 0);
    for (size_t i = 0; r && i < r->n; i++) {
        CHECK(strcmp(r->items[i].id, "2024-124") != 0); /* never the notice itself */
        CHECK(r->items[i].score >= r->items[0].score * JK_LIKE_SHARE - 1e-9);
    }
    for (size_t i = 0; r && i < r->nlike; i++) {
        words += strcmp(r->like[i], "ランサムウェア") == 0;
        CHECK(strcmp(r->like[i], "工業") != 0 && strcmp(r->like[i], "サンプル") != 0);
    }
    CHECK(r && r->nlike > 0 && r->nlike <= JK_LIKE_TERMS && words == 1);
    /* far fewer than the notices that share a word with it */
    {
        jk_buf any = JK_BUF_INIT;
        int brc = 0;
        for (size_t i = 0; r && i < r->nlike; i++)
            jk_buf_printf(&any, &brc, "%s%s", i ? " OR " : "", r->like[i]);
        more = any.p ? search(s, any.p, 1) : NULL;
        CHECK(r && more && more->total > r->total + 5);
        jk_results_free(more);
        jk_buf_free(&any);
    }
    /* the spam sent through a university's mail account is most like the
     * spam sent through an NPO's mail server */
    more = search(s, "like:2024-111", 10);
    CHECK(more && more->n && strcmp(more->items[0].id, "2024-128") == 0);
    jk_results_free(more);
    /* the same notices however it is split over readers */
    CHECK_INT(jk_searcher_set_threads(s, 1, NULL), JK_OK);
    more = search(s, "like:2024-124", 100);
    CHECK(r && more && more->total == r->total && strcmp(ids(more), ids(r)) == 0);
    CHECK_INT(jk_searcher_set_threads(s, 4, NULL), JK_OK);
    /* the rest of the query narrows them and counts them exactly; a page
     * of one counts them all */
    biz = search(s, "like:2024-124 sector:business", 1);
    CHECK(biz && biz->total >= 1 && biz->n == 1 &&
          facet(biz, JK_FACET_SECTOR, "business") == biz->total);
    CHECK(biz && biz->nfacets[JK_FACET_SECTOR] == 1);
    jk_results_free(biz);
    /* by date, the same ones */
    {
        jk_query *q = NULL;
        jk_results *d = NULL;
        jk_search_opts o = {.limit = 100, .sort_date = 1, .snippet_cols = 80};
        jk_error err;
        CHECK_INT(jk_query_parse(&q, jk_searcher_analyzer(s), "like:2024-124", &err), JK_OK);
        CHECK_INT(jk_searcher_run(s, q, &o, &d, &err), JK_OK);
        CHECK(d && r && d->total == r->total && strcmp(ids(d), ids(r)) == 0);
        jk_results_free(d);
        jk_query_free(q);
    }
    jk_results_free(more);
    jk_results_free(r);
    check_explain(s, "like:2024-124", "AND_NOT XI2024-124", 1);
    /* an id no notice has, and like: where it cannot rank the search */
    {
        const char *bad[] = {"like:2099-1", "like:2024-124 OR 委託", "委託 NOT like:2024-124",
                             "like:2024-124 like:2024-112", "like:24-1"};
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            jk_query *q = NULL;
            jk_results *x = NULL;
            jk_search_opts o = {.limit = 10};
            jk_error err;
            int rc = jk_query_parse(&q, jk_searcher_analyzer(s), bad[i], &err);
            if (rc == JK_OK)
                rc = jk_searcher_run(s, q, &o, &x, &err);
            CHECK_MSG(rc == JK_EQUERY, "%s: %d", bad[i], rc);
            CHECK(x == NULL);
            jk_query_free(q);
        }
    }
}

/* A word also finds the other words of its groups in dict/synonyms.txt,
 * ranked below every notice with the word itself, and marked in snippets;
 * quoted or negated, it is the word alone. */
static void check_related(jk_searcher *s)
{
    jk_results *word = search(s, "漏えい", 50), *alone = search(s, "\"漏えい\"", 50),
               *either = search(s, "\"漏えい\" OR \"流出\"", 50);

    CHECK(word && alone && either && alone->total > 0 && either->total > alone->total &&
          either->total <= 50);
    if (word && alone && either && alone->total > 0 && either->total <= 50) {
        CHECK_INT(word->total, either->total);
        for (size_t i = 0; i < word->n; i++) {
            int with_word = 0;
            for (size_t k = 0; k < alone->n; k++)
                with_word |= word->items[i].docid == alone->items[k].docid;
            CHECK_MSG(with_word == (i < alone->total), "漏えい: result %zu", i + 1);
        }
        if (word->n > alone->total) { /* the first with 流出 alone: marked there */
            const jk_snippet *sn = &word->items[alone->total].snippet;
            CHECK(sn->nhits >= 1);
            if (sn->nhits >= 1)
                CHECK_SPAN(sn->text, sn->hits[0].start, sn->hits[0].end, "流出");
        }
    }
    jk_results_free(word);
    jk_results_free(alone);
    jk_results_free(either);
    {
        jk_results *a = search(s, "委託 -漏えい", 50), *b = search(s, "委託 -\"漏えい\"", 50);
        CHECK(a && b && a->total == b->total);
        jk_results_free(a);
        jk_results_free(b);
    }
    check_explain(s, "漏えい", "(漏えい MAX 0.5 * 流出)", 1);
    check_explain(s, "\"漏えい\"", "流出", 0);
    /* two words typed for a word of a group (無断 閲覧 for 無断閲覧) find the
     * group's other words too, below the notice with the two words; typed
     * the other way round, they are not that word */
    {
        jk_results *r = search(s, "職員 無断 閲覧 year:2025", 10);
        CHECK_STR(ids(r), "2025-919 2025-920");
        CHECK(r && r->n == 2 && strcmp(r->items[0].id, "2025-920") == 0);
        if (r && r->n == 2 && r->items[1].snippet.nhits >= 2) /* 職員, then 目的外閲覧 */
            CHECK_SPAN(r->items[1].snippet.text, r->items[1].snippet.hits[1].start,
                       r->items[1].snippet.hits[1].end, "目的外閲覧");
        else
            CHECK(0);
        jk_results_free(r);
        check_total(s, "閲覧 無断 year:2025", 1);
        check_total(s, "-無断 閲覧 year:2025", 1);
    }
    /* a word typed without spaces also finds itself with one of its terms
     * replaced by a related word of that term (個人情報漏えい: 個人情報流出) */
    {
        jk_results *a = search(s, "個人情報漏えい", 50),
                   *b = search(s, "(個人 情報 \"漏えい\") OR (個人 情報 \"流出\")", 50),
                   *c = search(s, "個人 情報 \"漏えい\"", 50);
        CHECK(a && b && c && a->total == b->total && a->total > c->total);
        jk_results_free(a);
        jk_results_free(b);
        jk_results_free(c);
    }
    check_explain(s, "私用パソコン", "0.5 * (私物@1 AND パソコン@2)", 1);
    /* the snippet shows where the words are said to have happened, not
     * where they are denied, though that comes first */
    {
        jk_results *r = search(s, "名簿 紛失 id:2025-923", 10);
        CHECK(r && r->n == 1 && strstr(r->items[0].snippet.text, "判明") &&
              !strstr(r->items[0].snippet.text, "ありません"));
        jk_results_free(r);
    }
    /* a notice that denies the words is found and counted, below one that
     * says they happened, though its text is shorter */
    {
        const char *qs[] = {"帳票 改ざん", "\"帳票の改ざん\"", "改ざん year:2025"};
        for (int i = 0; i < 3; i++) {
            jk_results *r = search(s, qs[i], 10);
            CHECK_MSG(r && r->total == 2 && r->n == 2 && strcmp(r->items[0].id, "2025-922") == 0 &&
                          r->items[1].score < r->items[0].score,
                      "%s", qs[i]);
            jk_results_free(r);
        }
    }
    /* a related word of several terms is all of its terms, without the weight
     * of their phrase that a word typed so gets */
    check_explain(s, "紛失", "0.5 * ((所在@1 AND 不明@2) OR (行方@1 AND 不明@2))", 1);
    /* a quoted related word is a phrase: where its words stand together,
     * below the word itself, and marked there; typed, it finds the word */
    {
        jk_results *r = search(s, "BCC year:2025", 10), *q = search(s, "\"BCC\" year:2025", 10),
                   *t = search(s, "メールアドレスが表示 year:2025", 10);
        CHECK_STR(ids(r), "2025-924 2025-925");
        CHECK(r && r->n == 2 && strcmp(r->items[0].id, "2025-924") == 0);
        if (r && r->n == 2 && r->items[1].snippet.nhits >= 1)
            CHECK_SPAN(r->items[1].snippet.text, r->items[1].snippet.hits[0].start,
                       r->items[1].snippet.hits[0].end, "メールアドレスが表示");
        else
            CHECK(0);
        CHECK_STR(ids(q), "2025-924");
        CHECK_STR(ids(t), "2025-924 2025-925 2025-926");
        jk_results_free(r);
        jk_results_free(q);
        jk_results_free(t);
    }
    check_explain(s, "BCC", "XPメールアドレス 表示", 1);
}

int main(void)
{
    jk_searcher *s = NULL;
    jk_results *all, *r;
    jk_error err;
    char q[128];
    unsigned may;

    if (!mkdtemp(dir))
        return 99;
    index_file("2024-05.txt");
    CHECK_INT(jk_searcher_open(&s, dir, &err), JK_OK);
    if (!s)
        return TEST_DONE();
    r = search(s, "cause:ransomware", 10);
    CHECK(r && r->total == 2);
    jk_results_free(r);
    r = search(s, "*", 10);
    may = r ? r->total : 0;
    jk_results_free(r);
    r = search(s, "架空大", 10); /* 県立架空大学 comes with the next month */
    CHECK(r && r->total == 0);
    jk_results_free(r);
    r = search(s, "券", 10); /* so does 証券, the only word holding 券 */
    CHECK(r && r->total == 0);
    jk_results_free(r);

    /* the index grows under the open searcher: the next search sees it */
    index_file("2024-06.txt");
    all = search(s, "year:2024", 1); /* a page of one, counts over all 20 */
    CHECK(all && all->total == 20 && all->n == 1);
    for (int f = 0; all && f < 2; f++) {
        size_t n;
        const jk_label *l = jk_taxonomy_labels((jk_facet)f, &n);
        unsigned sum = 0;
        for (size_t i = 0; i < n; i++) {
            snprintf(q, sizeof q, "year:2024 %s:%s", f ? "sector" : "cause", l[i].slug);
            r = search(s, q, 100);
            CHECK_MSG(r && r->total == facet(all, f, l[i].slug), "%s: %u matches, facet says %u", q,
                      r ? r->total : 0, facet(all, f, l[i].slug));
            CHECK(r && r->n == r->total); /* every match fits a page of 100 */
            sum += r ? r->total : 0;
            jk_results_free(r);
        }
        if (f == 1)
            CHECK_INT(sum, 20); /* one sector each */
        else
            CHECK(sum >= 20); /* one cause or more each */
    }
    CHECK(all && facet(all, JK_FACET_YEAR, "2024") == 20);
    jk_results_free(all);

    /* a title match ranks above body-only matches */
    r = search(s, "ランサムウェア", 10);
    CHECK(r && r->n >= 4);
    CHECK(r && strstr(r->items[0].title, "ランサムウェア") != NULL);
    CHECK(r && strstr(r->items[r->n - 1].title, "ランサムウェア") == NULL);
    jk_results_free(r);

    /* Japanese without spaces: the notice with the words together ranks first */
    r = search(s, "不正アクセス", 10);
    CHECK(r && r->total >= 3);
    CHECK(r && r->n && (strstr(r->items[0].title, "不正アクセス") != NULL));
    jk_results_free(r);

    /* width and case: ＢＣＣ in the text is found by bcc, and marked whole */
    r = search(s, "bcc", 10);
    CHECK(r && r->total == 1);
    if (r && r->n) {
        const jk_snippet *sn = &r->items[0].snippet;
        CHECK(sn->nhits >= 1);
        if (sn->nhits)
            CHECK_SPAN(sn->text, sn->hits[0].start, sn->hits[0].end, "ＢＣＣ");
        /* and in the whole body, for --full, with the phrase of BCC's
         * related words (dict/synonyms.txt) as written */
        CHECK_INT(sn->nmarks, 2);
        if (sn->nmarks == 2 && r->items[0].body) {
            CHECK_SPAN(r->items[0].body, sn->marks[0].start, sn->marks[0].end, "ＢＣＣ");
            CHECK_SPAN(r->items[0].body, sn->marks[1].start, sn->marks[1].end, "ﾒｰﾙｱﾄﾞﾚｽが表示");
        }
    }
    jk_results_free(r);
    /* Kangxi radical in the title 個⼈ is found by 個人 and marked as written */
    r = search(s, "\"個人情報\" cause:misdelivery", 10);
    CHECK(r && r->total == 1);
    if (r && r->n && r->items[0].title_hl.nhits)
        CHECK_SPAN(r->items[0].title_hl.text, r->items[0].title_hl.hits[0].start,
                   r->items[0].title_hl.hits[0].end, "個⼈情報");
    jk_results_free(r);

    /* spelling: variants and long-vowel marks match as if written the same */
    r = search(s, "漏洩", 30);
    jk_results *r2 = search(s, "漏えい", 30);
    CHECK(r && r2 && r->total == r2->total && r->total >= 1);
    jk_results_free(r);
    jk_results_free(r2);
    r = search(s, "サーバー", 30);
    r2 = search(s, "サーバ", 30);
    CHECK(r && r2 && r->total == r2->total && r->total >= 3);
    jk_results_free(r);
    jk_results_free(r2);
    r = search(s, "ウィルス", 30);
    CHECK(r && r->total >= 1);
    jk_results_free(r);
    r = search(s, "電子メール cause:misdelivery", 30);
    CHECK(r && r->total >= 1); /* the notice says メール only */
    jk_results_free(r);

    /* parts of words: ランサム finds ランサムウェア, and marks the part */
    r = search(s, "ランサム", 30);
    CHECK(r && r->total == 4);
    if (r && r->n && r->items[0].snippet.nhits)
        CHECK_SPAN(r->items[0].snippet.text, r->items[0].snippet.hits[0].start,
                   r->items[0].snippet.hits[0].end, "ランサム");
    jk_results_free(r);
    r = search(s, "エモテ", 30); /* unknown to the dictionary as a part */
    CHECK(r && r->total == 1 && r->n && strcmp(r->items[0].id, "2024-104") == 0);
    jk_results_free(r);
    r = search(s, "emot", 30); /* inside Emotet */
    CHECK(r && r->total == 1);
    jk_results_free(r);
    /* typed without spaces, starting or ending inside a word: 架空大 is
     * 架空 | 大 to MeCab, the notice has 架空 | 大学 (and the vocabulary
     * written with the second month has 大学 from it) */
    r = search(s, "架空大", 10);
    CHECK(r && r->total == 1 && r->n && strcmp(r->items[0].id, "2024-125") == 0);
    jk_results_free(r);
    /* the vocabulary written with the second month's transaction has 証券 */
    r = search(s, "券", 10);
    CHECK(r && r->total == 1 && r->n && strcmp(r->items[0].id, "2024-129") == 0);
    jk_results_free(r);
    /* both ends inside words: 空大 of 架空 | 大学 */
    r = search(s, "空大", 10);
    CHECK(r && r->total == 1 && r->n && strcmp(r->items[0].id, "2024-125") == 0);
    jk_results_free(r);
    /* a word with no term that is part of no indexed word is left out, with a note */
    {
        jk_query *qq = NULL;
        jk_search_opts o = {.limit = 10};
        CHECK_INT(jk_query_parse(&qq, jk_searcher_analyzer(s), "ランサムウェア ぞ", &err), JK_OK);
        CHECK_INT(jk_searcher_run(s, qq, &o, &r, &err), JK_OK);
        CHECK(r && r->total == 4);
        CHECK(qq && jk_query_nwarnings(qq) == 1 &&
              strstr(jk_query_warning(qq, 0), "'ぞ' (column 9)") != NULL);
        jk_results_free(r);
        jk_query_free(qq);
    }
    /* one character: 県 as a word (架空県) ranks above 県 inside 県立 */
    r = search(s, "県", 30);
    CHECK(r && r->total >= 2);
    if (r && r->n >= 2) {
        CHECK_STR(r->items[0].org, "架空県");
        int last_kenritsu = 0;
        for (size_t i = 0; i < r->n; i++)
            if (strstr(r->items[i].org, "県立"))
                last_kenritsu = (int)i;
        CHECK(last_kenritsu > 0);
    }
    jk_results_free(r);
    /* sort by date: newest first, or oldest first, the same notices */
    {
        jk_query *qq = NULL;
        jk_search_opts o = {.limit = 30, .sort_date = JK_SORT_NEWEST},
                       old = {.limit = 30, .sort_date = JK_SORT_OLDEST};
        jk_results *rev = NULL;
        CHECK_INT(jk_query_parse(&qq, jk_searcher_analyzer(s), "year:2024", &err), JK_OK);
        CHECK_INT(jk_searcher_run(s, qq, &o, &r, &err), JK_OK);
        CHECK_INT(jk_searcher_run(s, qq, &old, &rev, &err), JK_OK);
        for (size_t i = 1; r && i < r->n; i++)
            if (r->items[i - 1].date && r->items[i].date && r->items[i].year == 2024 &&
                strncmp(r->items[i].date, "2024", 4) == 0 &&
                strncmp(r->items[i - 1].date, "2024", 4) == 0)
                CHECK_MSG(strcmp(r->items[i - 1].date, r->items[i].date) >= 0, "%s before %s",
                          r->items[i - 1].date, r->items[i].date);
        CHECK(r && rev && r->n == rev->n && r->n > 5);
        for (size_t i = 0; r && rev && i < r->n; i++) { /* each notice in both */
            int in = 0;
            for (size_t k = 0; k < rev->n; k++)
                in += rev->items[k].docid == r->items[i].docid;
            CHECK_INT(in, 1);
        }
        for (size_t i = 1; rev && i < rev->n; i++)
            if (rev->items[i - 1].date && rev->items[i].date &&
                strncmp(rev->items[i].date, "2024", 4) == 0 &&
                strncmp(rev->items[i - 1].date, "2024", 4) == 0)
                CHECK_MSG(strcmp(rev->items[i - 1].date, rev->items[i].date) <= 0,
                          "oldest first: %s before %s", rev->items[i - 1].date, rev->items[i].date);
        CHECK(r && rev && r->n && strcmp(r->items[0].date, rev->items[rev->n - 1].date) == 0);
        jk_results_free(rev);
        jk_results_free(r);
        jk_query_free(qq);
    }
    /* every notice newest first: the sample's ids follow its dates, so the
     * ids fall too, the undated 2024-107 and 2024-127 (dated 2013 by a typo)
     * placed by their neighbours' dates, not at the start of 2024 */
    {
        jk_query *qq = NULL;
        jk_search_opts o = {.limit = 40, .sort_date = JK_SORT_NEWEST};
        CHECK_INT(jk_query_parse(&qq, jk_searcher_analyzer(s), "*", &err), JK_OK);
        CHECK_INT(jk_searcher_run(s, qq, &o, &r, &err), JK_OK);
        CHECK(r && r->n > 15 && r->n == r->total);
        for (size_t i = 1; r && i < r->n; i++)
            CHECK_MSG(strcmp(r->items[i - 1].id, r->items[i].id) >= 0, "%s before %s",
                      r->items[i - 1].id, r->items[i].id);
        jk_results_free(r);
        jk_query_free(qq);
    }
    /* offsets page through the same ranking */
    {
        jk_query *qq = NULL;
        jk_search_opts o1 = {.limit = 4}, o2 = {.offset = 2, .limit = 2};
        jk_results *a = NULL, *b = NULL;
        /* the second query ranks by phrase in a second pass over the best matches */
        const char *texts[] = {"委託 OR メール", "個人情報漏えい OR メール"};
        for (int t = 0; t < 2; t++) {
            CHECK_INT(jk_query_parse(&qq, jk_searcher_analyzer(s), texts[t], &err), JK_OK);
            CHECK_INT(jk_searcher_run(s, qq, &o1, &a, &err), JK_OK);
            CHECK_INT(jk_searcher_run(s, qq, &o2, &b, &err), JK_OK);
            CHECK_MSG(a && b && a->n == 4 && b->n == 2 && a->items[2].docid == b->items[0].docid &&
                          a->items[3].docid == b->items[1].docid && b->items[0].rank == 3 &&
                          a->total == b->total && a->total > 4,
                      "%s", texts[t]);
            jk_results_free(a);
            jk_results_free(b);
            jk_query_free(qq);
            qq = NULL;
        }
    }
    /* a quoted phrase matches its words side by side on one line, found
     * through the pair term of two adjacent words (jk_pairs.h) */
    {
        const char *yes[] = {"不正", "アクセス", "cc", "5g", "ウイルス"},
                   *no[] = {"する", "こと", "5", "2024", ""};
        char t[JK_XTERM_MAX + 1], big[200];
        for (int i = 0; i < 5; i++) {
            CHECK_MSG(jk_pairs_content(yes[i], strlen(yes[i])), "%s", yes[i]);
            CHECK_MSG(!jk_pairs_content(no[i], strlen(no[i])), "%s", no[i]);
        }
        const jk_pairs *pw = jk_analyzer_pairs(jk_searcher_analyzer(s));
        const char *pair[] = {"不正", "アクセス"}, *unlisted[] = {"不正", "ゾンビ"};
        CHECK_INT(jk_pairs_phrase_term(pw, pair, 2, t, sizeof t), 21);
        CHECK_STR(t, "XP不正 アクセス");
        CHECK_INT(jk_pairs_phrase_term(pw, unlisted, 2, t, sizeof t), 0); /* not listed */
        memset(big, 'a', sizeof big);
        CHECK(!jk_pairs_has(pw, big, 120));
    }
    check_like(s);
    check_did_you_mean(s);
    check_months(s);
    check_rerank_split(s);
    check_files(s, may, 20);
    index_phrases();
    r = search(s, "\"不正アクセス\" year:2025", 10);
    CHECK_STR(ids(r), "2025-901 2025-904 2025-905 2025-906");
    jk_results_free(r);
    r = search(s, "不正 アクセス year:2025", 10); /* the words anywhere */
    CHECK_STR(ids(r), "2025-901 2025-902 2025-903 2025-904 2025-905 2025-906");
    jk_results_free(r);
    r = search(s, "\"不正アクセスが判明\" year:2025", 10); /* three words */
    CHECK_STR(ids(r), "2025-901");
    jk_results_free(r);
    check_explain(s, "\"不正アクセス\"", "XP不正 アクセス", 1);
    check_explain(s, "\"不正アクセス\"", "PHRASE", 0);
    /* a listed phrase is one term (jk_pairs.h), found only where its words
     * stand side by side on one line; a longer phrase holding it is checked
     * by positions in the documents that have it */
    {
        const jk_pairs *pw = jk_analyzer_pairs(jk_searcher_analyzer(s));
        const char *listed[] = {"個人", "情報", "保護", "委員", "会"};
        const char *other[] = {"個人", "情報", "不正"};
        char t[JK_XTERM_MAX + 1];
        CHECK_INT(jk_pairs_phrase_term(pw, listed, 5, t, sizeof t), 33);
        CHECK_STR(t, "XP個人 情報 保護 委員 会");
        CHECK_INT(jk_pairs_phrase_term(pw, listed, 4, t, sizeof t), 29); /* listed too */
        CHECK_INT(jk_pairs_phrase_term(pw, listed + 1, 4, t, sizeof t), 26);
        CHECK_INT(jk_pairs_phrase_term(pw, other, 3, t, sizeof t), 0);
        CHECK_INT(jk_pairs_phrase_term(pw, other, 2, t, sizeof t), 15); /* a pair */
    }
    r = search(s, "\"個人情報保護委員会\" year:2025", 10);
    CHECK_STR(ids(r), "2025-907 2025-910");
    jk_results_free(r);
    r = search(s, "\"個人情報保護委員会へ報告しました\" year:2025", 10);
    CHECK_STR(ids(r), "2025-907");
    jk_results_free(r);
    r = search(s, "個人情報保護委員会 year:2025", 10); /* the words anywhere */
    CHECK(r && r->total == 4);
    jk_results_free(r);
    {
        const char *texts[] = {"\"個人情報保護委員会\"", "\"個人情報保護委員会へ報告しました\""};
        const char *want[] = {"Query(4 * XP個人 情報 保護 委員 会)",
                              "FILTER XP個人 情報 保護 委員 会 報告)"};
        for (int i = 0; i < 2; i++)
            check_explain(s, texts[i], want[i], 1);
    }

    /* letters and digits typed together find them written spaced, side by
     * side only, and mark both; typed spaced, they find both by parts */
    r = search(s, "Microsoft365 year:2025", 10);
    CHECK_STR(ids(r), "2025-911 2025-912");
    for (size_t i = 0; r && i < r->n; i++) {
        const jk_snippet *sn = &r->items[i].snippet;
        int spaced = strcmp(r->items[i].id, "2025-911") == 0;
        CHECK_INT((int)sn->nhits, spaced ? 2 : 1);
        if (sn->nhits)
            CHECK_SPAN(sn->text, sn->hits[0].start, sn->hits[0].end,
                       spaced ? "Microsoft" : "Microsoft365");
        if (spaced && sn->nhits == 2)
            CHECK_SPAN(sn->text, sn->hits[1].start, sn->hits[1].end, "365");
    }
    jk_results_free(r);
    r = search(s, "Microsoft 365 year:2025", 10);
    CHECK_STR(ids(r), "2025-911 2025-912 2025-913");
    jk_results_free(r);
    check_explain(s, "microsoft365", "(microsoft365 SYNONYM (microsoft@1 PHRASE 2 365@2))", 1);
    check_explain(s, "windows", "PHRASE", 0);

    /* a verb's stem typed alone finds the verb as the notice writes it, and
     * marks it where its words stand together; a word that is no stem asks
     * for nothing more */
    check_one_mark(s, "入れ違え year:2025", "2025-914", "入れ違え");
    check_one_mark(s, "持ち出し year:2025", "2025-915", "持ち出し");
    check_explain(s, "持ち出し", "(持ち出し OR 持ち出す@1)", 1);
    check_explain(s, "通知", " OR ", 0);
    check_explain(s, "漏えい", " OR ", 0); /* ends in hiragana, reads the same */
    check_explain(s, "漏え", "える", 0);   /* 漏 える ます: え alone is no stem */
    /* a noun after 誤 is also what a notice writes as 誤って and the verb,
     * marked there and not at its 廃棄 alone; not the two words apart, and
     * not a word of one kanji after 誤 */
    check_one_mark(s, "誤廃棄 year:2025", "2025-916 2025-917", "誤って廃棄");
    check_explain(s, "誤廃棄", "PHRASE 2 廃棄@2", 1);
    /* 誤る and 送信 are a listed pair: their one term, not their positions */
    check_explain(s, "誤送信", "(誤送信 OR XP誤る 送信)", 1);
    check_explain(s, "誤字", " OR ", 0);
    check_explain(s, "誤り", "誤る@1 PHRASE", 0);
    check_related(s);

    /* NOT and OR */
    check_total(s, "cause:ransomware -sector:business", 3);
    /* an alias is its label, and the query says so once; a slug says nothing */
    {
        const char *texts[] = {"sector:city cause:BCC sector:city", "sector:local-government"};
        const char *note = "sector:city is read as sector:local-government (地方自治体)";
        for (int i = 0; i < 2; i++) {
            jk_query *qq = NULL;
            CHECK_INT(jk_query_parse(&qq, jk_searcher_analyzer(s), texts[i], &err), JK_OK);
            CHECK_INT(qq ? (int)jk_query_nwarnings(qq) : -1, i == 0 ? 2 : 0);
            CHECK(i == 1 ||
                  (qq && jk_query_nwarnings(qq) == 2 &&
                   strcmp(jk_query_warning(qq, 0), note) == 0 &&
                   strstr(jk_query_warning(qq, 1), "cause:BCC is read as cause:misdelivery")));
            jk_query_free(qq);
        }
        {
            jk_query *qq = NULL;
            CHECK_INT(jk_query_parse(&qq, jk_searcher_analyzer(s), "sector:市", &err), JK_OK);
            CHECK(qq && jk_query_nwarnings(qq) == 1 &&
                  strstr(jk_query_warning(qq, 0), "; org:市 finds the organisations"));
            jk_query_free(qq);
        }
        r = search(s, "sector:local-government", 30);
        check_total(s, "sector:市", r ? r->total : 0);
        check_total(s, "sector:ＣＩＴＹ", r ? r->total : 0); /* normalised first */
        CHECK(r && r->total > 0);
        jk_results_free(r);
    }
    check_total(s, "(cause:fraud OR cause:insider) year:2024", 3);
    /* a list is either of its items, written with , ， or 、 */
    check_total(s, "cause:fraud,insider year:2024", 3);
    check_total(s, "cause:詐欺、内部不正 year:2020，2024", 3);
    check_total(s, "cause:fraud,insider,fraud year:2024", 3);
    check_total(s, "cause:fraud -cause:insider,fraud", 0);
    check_total(s, "id:2024-112,2024-110", 4);
    check_total(s, "id:2024-112、＃２０２４－１１０", 4);
    check_total(s, "org:架空市", 2);
    check_total(s, "org:架空市,見本町", 3); /* either name, each whole */
    check_total(s, "org:架空市、見本町 -org:見本町,架空市", 0);
    check_total(s, "id:2024-112", 3);
    /* an id as a notice writes it, copied from there, is the id: filter; with
     * more digits or letters after it, or quoted (the text), it is not */
    {
        const char *forms[] = {"2024-112",        "#2024-112",
                               "＃2024-112",      "【セキュリティ事件簿#2024-112】",
                               "(2024-112)",      "＃２０２４－１１２",
                               "２０２４ー１１２"};
        const char *not_ids[] = {"2024-112x",  "\"2024-112\"", "2024-1120000",
                                 "2024-112-1", "02024-112",    "2024"};
        for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++)
            check_total(s, forms[i], 3);
        for (size_t i = 0; i < sizeof not_ids / sizeof not_ids[0]; i++)
            check_explain(s, not_ids[i], "XI", 0);
    }
    check_total(s, "【セキュリティ事件簿#2024-112】架空市 委託事業者", 2);
    /* an address pasted whole is its words, not an unknown field https: */
    check_explain(s, "https://www.example.jp/news", "https@1 PHRASE 5 www@2", 1);
    check_explain(s, "https：／／www", "https@1 PHRASE 2 www@2", 1);
    check_total(s, "ランサムウェア -2024-112", 1);
    /* "*" is every notice */
    {
        jk_results *all = search(s, "*", 10), *years = search(s, "year:2000..2999", 10);
        CHECK(all && years && all->total > 0 && all->total == years->total);
        if (all && years) {
            check_total(s, "* -id:2024-112", all->total - 3);
            check_total(s, "＊ id:2024-112", 3);
        }
        jk_results_free(all);
        jk_results_free(years);
    }

    check_split_pages(s);
    jk_searcher_free(s);
    jk_paths_remove_tree(dir);
    return TEST_DONE();
}
