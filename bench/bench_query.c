/* jikenbo-bench query: the latency of a fixed mix of queries, against SQLite
 * FTS5 and grep -c over the same notices. */
#include "bench_modes.h"
#include "jk_buf.h"
#include "jk_classify.h"
#include "jk_json.h"
#include "jk_norm.h"
#include "jk_query.h"
#include "jk_search.h"
#include "jk_taxonomy.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct qcase {
    const char *cls, *text;
    const char *words[2]; /* for FTS5 and grep: the words, as typed (no filter) */
    const char *filter_col, *filter_val;
} qcase;

static const qcase mix[] = {
    {"word", "ランサムウェア", {"ランサムウェア", NULL}, NULL, NULL},
    {"word", "誤送信", {"誤送信", NULL}, NULL, NULL},
    {"word", "パスワード", {"パスワード", NULL}, NULL, NULL},
    {"word", "流出", {"流出", NULL}, NULL, NULL},
    {"word+filter",
     "ランサムウェア sector:local-government",
     {"ランサムウェア", NULL},
     "sector",
     "local-government"},
    {"word+filter", "パスワード year:2020", {"パスワード", NULL}, "year", "2020"},
    {"word+filter", "流出 cause:exposure", {"流出", NULL}, "cause", "exposure"},
    {"two-word", "メール 誤送信", {"メール", "誤送信"}, NULL, NULL},
    {"two-word", "委託 ランサムウェア", {"委託", "ランサムウェア"}, NULL, NULL},
    {"two-word", "不正アクセス クレジットカード", {"不正アクセス", "クレジットカード"}, NULL, NULL},
    {"two-word+filter",
     "メール 誤送信 sector:education",
     {"メール", "誤送信"},
     "sector",
     "education"},
    {"two-word+filter",
     "委託 ランサムウェア year:2023",
     {"委託", "ランサムウェア"},
     "year",
     "2023"},
    {"phrase", "\"個人情報保護委員会\"", {"個人情報保護委員会", NULL}, NULL, NULL},
    {"phrase", "\"不正アクセス\"", {"不正アクセス", NULL}, NULL, NULL},
    {"phrase+filter",
     "\"不正アクセス\" cause:ransomware",
     {"不正アクセス", NULL},
     "cause",
     "ransomware"},
    {"partial", "ランサム", {"ランサム", NULL}, NULL, NULL},
    {"partial", "セキュリ", {"セキュリ", NULL}, NULL, NULL},
    {"partial", "漏え", {"漏え", NULL}, NULL, NULL},
    {"partial+filter", "ランサム sector:business", {"ランサム", NULL}, "sector", "business"},
};
#define NMIX (sizeof mix / sizeof mix[0])

static const char *const classes[] = {"word",   "word+filter",   "two-word", "two-word+filter",
                                      "phrase", "phrase+filter", "partial",  "partial+filter"};
#define NCLASSES (sizeof classes / sizeof classes[0])

/* SQLite FTS5 with the trigram tokenizer over the same notices; facet columns
 * from jikenbo's labels (causes in a side table, one row per cause). */
static sqlite3 *fts5_build(const bench_corpus *c, double *seconds)
{
    sqlite3 *db;
    sqlite3_stmt *ins, *cins;
    jk_norm *norm = NULL;
    jk_rules *rules = NULL;
    jk_error err;
    double t0;
    long row = 0;

    if (jk_norm_new(&norm, &err) || jk_rules_load(&rules, norm, NULL, &err))
        return NULL;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK)
        return NULL;
    sqlite3_exec(db,
                 "CREATE VIRTUAL TABLE n USING fts5(text, sector UNINDEXED, year UNINDEXED, "
                 "tokenize='trigram');"
                 "CREATE TABLE c(id INTEGER, cause TEXT); CREATE INDEX ci ON c(id);",
                 NULL, NULL, NULL);
    sqlite3_prepare_v2(db, "INSERT INTO n(rowid, text, sector, year) VALUES (?1, ?2, ?3, ?4)", -1,
                       &ins, NULL);
    sqlite3_prepare_v2(db, "INSERT INTO c(id, cause) VALUES (?1, ?2)", -1, &cins, NULL);
    t0 = bench_now();
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    FOR_NOTICES(c, p)
    {
        jk_labels lab;
        size_t nc;
        const jk_label *cl = jk_taxonomy_labels(JK_FACET_CAUSE, &nc);
        char *text = malloc(strlen(p->title) + p->body_len + 2);
        sprintf(text, "%s\n%s", p->title, p->body);
        jk_classify_post(rules, norm, p, &lab, NULL, &err);
        row++;
        sqlite3_bind_int64(ins, 1, row);
        sqlite3_bind_text(ins, 2, text, -1, free);
        sqlite3_bind_text(ins, 3, jk_labels_sector(&lab), -1, SQLITE_STATIC);
        sqlite3_bind_int(ins, 4, p->year);
        sqlite3_step(ins);
        sqlite3_reset(ins);
        for (size_t i = 0; i < nc; i++)
            if (lab.causes & (1u << i)) {
                sqlite3_bind_int64(cins, 1, row);
                sqlite3_bind_text(cins, 2, cl[i].slug, -1, SQLITE_STATIC);
                sqlite3_step(cins);
                sqlite3_reset(cins);
            }
    }
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    *seconds = bench_now() - t0;
    sqlite3_finalize(ins);
    sqlite3_finalize(cins);
    jk_rules_free(rules);
    jk_norm_free(norm);
    return db;
}

/* One FTS5 search as a user would write it: the top 10 by bm25, the total
 * and the counts per cause, sector and year (GROUP BY). Returns the total. */
static long fts5_search(sqlite3 *db, const qcase *q)
{
    char match[512], where[256], sql[1400];
    long total = 0;
    sqlite3_stmt *st;

    snprintf(match, sizeof match, "\"%s\"%s%s%s", q->words[0], q->words[1] ? " AND \"" : "",
             q->words[1] ? q->words[1] : "", q->words[1] ? "\"" : "");
    where[0] = '\0';
    if (q->filter_col && !strcmp(q->filter_col, "cause"))
        snprintf(where, sizeof where,
                 " AND EXISTS (SELECT 1 FROM c WHERE c.id = n.rowid AND c.cause='%s')",
                 q->filter_val);
    else if (q->filter_col)
        snprintf(where, sizeof where, " AND %s='%s'", q->filter_col, q->filter_val);
    const char *queries[] = {
        "SELECT rowid FROM n WHERE n MATCH ?1%s ORDER BY bm25(n) LIMIT 10",
        "SELECT count(*) FROM n WHERE n MATCH ?1%s",
        ("SELECT c.cause, count(*) FROM n JOIN c ON c.id = n.rowid WHERE n MATCH ?1%s GROUP BY "
         "c.cause"),
        "SELECT sector, count(*) FROM n WHERE n MATCH ?1%s GROUP BY sector",
        "SELECT year, count(*) FROM n WHERE n MATCH ?1%s GROUP BY year",
    };
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        snprintf(sql, sizeof sql, queries[i], where);
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
            continue;
        sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
        while (sqlite3_step(st) == SQLITE_ROW)
            if (i == 1)
                total = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    return total;
}

/* grep -c over the same text (one file of all notices), as a shell user would. */
static double grep_once(const char *file, const qcase *q)
{
    char cmd[1024];
    double t0;
    if (q->words[1])
        snprintf(cmd, sizeof cmd, "grep -F -e '%s' '%s' | grep -c -F -e '%s' >/dev/null",
                 q->words[0], file, q->words[1]);
    else
        snprintf(cmd, sizeof cmd, "grep -c -F -e '%s' '%s' >/dev/null", q->words[0], file);
    t0 = bench_now();
    if (system(cmd) == -1)
        return -1;
    return bench_now() - t0;
}

/* The pause before each search of the mix's rounds after a pause: longer
 * than a worker watches for its next job (JK_POOL_SPIN_US). */
#define PAUSE_MS 5

/* p50/p95/p99 (ms) of like:ID for NLIKE notices spread over the corpus,
 * run as the mix is; outside the mix, since FTS5 and grep have no such
 * search to compare with. */
#define NLIKE 5
/* The mix's runs at or above its p99, slowest first, each with its query,
 * after what (a line's start):
 * what the p99 is made of (one query every time, or a slow spell of the
 * machine falling on any). own[query * runs + run] holds each query's runs. */
static void print_tail(const char *what, const double *own, int runs, double p99)
{
    enum { SHOWN = 5 };
    size_t at[SHOWN], n = 0, more = 0;
    for (size_t k = 0; k < NMIX * (size_t)runs; k++) {
        if (own[k] < p99)
            continue;
        if (n == SHOWN) { /* one is left out: the fastest of them */
            more++;
            if (own[k] <= own[at[n - 1]])
                continue;
            n--;
        }
        at[n++] = k;
        for (size_t j = n - 1; j > 0 && own[at[j]] > own[at[j - 1]]; j--) {
            size_t t = at[j];
            at[j] = at[j - 1];
            at[j - 1] = t;
        }
    }
    printf("%s:", what);
    for (size_t j = 0; j < n; j++)
        printf("%s %.2f ms %s", j ? "," : "", own[at[j]], mix[at[j] / (size_t)runs].text);
    if (more)
        printf(" and %zu more", more);
    printf("\n");
}

/* Writes text to js as a JSON string (nothing when out of memory). */
static void json_text(FILE *js, const char *text)
{
    jk_buf b = JK_BUF_INIT;
    int brc = 0;
    jk_json_cstr(&b, &brc, text);
    fwrite(b.p, 1, brc ? 0 : b.n, js);
    jk_buf_free(&b);
}

/* Each query of the mix with its p50 (as the slowest query's is taken) and
 * its slowest run, as JSON. own's runs of a query are sorted
 * (bench_percentile sorted them). */
static void json_queries(FILE *js, double *own, int runs)
{
    fprintf(js, "\"queries\":[");
    for (size_t i = 0; i < NMIX; i++) {
        double *v = own + i * (size_t)runs;
        fprintf(js, "%s{\"class\":\"%s\",\"query\":", i ? "," : "", mix[i].cls);
        json_text(js, mix[i].text);
        fprintf(js, ",\"p50\":%.3f,\"max\":%.3f}", bench_percentile(v, (size_t)runs, 50),
                v[runs - 1]);
    }
    fprintf(js, "]");
}

static int like_latency(jk_searcher *s, const bench_corpus *c, int runs, double out[3])
{
    const char *ids[NLIKE];
    size_t n = 0, i = 0, nlat = 0;
    double *lat = calloc((size_t)NLIKE * (size_t)runs + 1, sizeof *lat);
    jk_error err;

    if (!lat)
        return 2;
    FOR_NOTICES(c, p)
    {
        if (n < NLIKE && i++ % (c->notices / NLIKE + 1) == 0)
            ids[n++] = p->id;
    }
    for (size_t k = 0; k < n; k++) {
        char text[64];
        jk_query *q = NULL;
        jk_search_opts so = {.limit = 10};
        snprintf(text, sizeof text, "like:%s", ids[k]);
        if (jk_query_parse(&q, jk_searcher_analyzer(s), text, &err)) {
            fprintf(stderr, "bench: %s: %s\n", text, err.msg);
            free(lat);
            return 2;
        }
        for (int r = -3; r < runs; r++) {
            jk_results *res = NULL;
            double t0 = bench_now();
            if (jk_searcher_run(s, q, &so, &res, &err)) {
                fprintf(stderr, "bench: %s: %s\n", text, err.msg);
                jk_query_free(q);
                free(lat);
                return 2;
            }
            if (r >= 0)
                lat[nlat++] = (bench_now() - t0) * 1e3;
            jk_results_free(res);
        }
        jk_query_free(q);
    }
    out[0] = bench_percentile(lat, nlat, 50);
    out[1] = bench_percentile(lat, nlat, 95);
    out[2] = bench_percentile(lat, nlat, 99);
    free(lat);
    return 0;
}

/* One round of the mix: round[i] gets the ms that query i took, each
 * search pause_ms after the last. 0, or 2 when a search failed (said on
 * stderr). */
static int time_round(jk_searcher *s, jk_query *const *qs, int pause_ms, double round[NMIX])
{
    for (size_t i = 0; i < NMIX; i++) {
        jk_results *res = NULL;
        jk_search_opts so = {.limit = 10};
        jk_error err;
        struct timespec pause = {0, pause_ms * 1000000L};
        if (pause_ms > 0)
            nanosleep(&pause, NULL);
        double t0 = bench_now();
        if (jk_searcher_run(s, qs[i], &so, &res, &err)) {
            fprintf(stderr, "bench: %s: %s\n", mix[i].text, err.msg);
            return 2;
        }
        round[i] = (bench_now() - t0) * 1e3;
        jk_results_free(res);
    }
    return 0;
}

int bench_mode_query(const bench_opts *o, bench_corpus *c)
{
    jk_searcher *s = NULL;
    jk_error err;
    double t_fts = 0, *lat[3][NCLASSES], slow50 = -1;
    size_t slowest = 0; /* the mix's query with the highest p50 */
    size_t nlat[3][NCLASSES] = {{0}};
    int runs = o->runs, fts_runs = o->fts_runs;
    char textfile[] = "/tmp/jk-bench-text-XXXXXX";
    FILE *js;
    sqlite3 *fts;

    /* warm and in process, as the prompt runs searches */
    if (jk_searcher_open(&s, o->db, &err) || jk_searcher_split_pages(s, &err)) {
        fprintf(stderr, "bench: %s\n", err.msg);
        jk_searcher_free(s);
        return 2;
    }
    fts = o->jikenbo_only ? NULL : fts5_build(c, &t_fts);
    if (!fts && !o->jikenbo_only) {
        fprintf(stderr, "bench: cannot build the FTS5 table\n");
        return 2;
    }
    int fd = mkstemp(textfile);
    FILE *tf = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!tf)
        return 2;
    FOR_NOTICES(c, p)
    {
        fprintf(tf, "%s\n%s\n", p->title, p->body);
    }
    fclose(tf);
    for (int k = 0; k < 3; k++)
        for (size_t i = 0; i < NCLASSES; i++)
            lat[k][i] =
                calloc(NMIX * (size_t)(runs > fts_runs ? runs : fts_runs) + 1, sizeof(double));
    /* Round after round of the whole mix (three to warm up, not counted), so
     * that a spell in which the machine slows down falls on every query alike
     * rather than on the one that happened to run in it: jikenbo's rounds,
     * then FTS5's, each warm in its own (FTS5's 0.1-1 s scan of its table
     * between two searches of jikenbo took their caches: the slowest query's
     * p50 was 7.2 ms on average between them, 6.4 alone, in three alternating
     * pairs). jikenbo runs more rounds, as its p99 over 10 rounds (190
     * searches) was its second or third slowest search. */
    jk_query *qs[NMIX] = {NULL};
    size_t cls_of[NMIX];
    double *own = calloc(NMIX * (size_t)runs + 1, sizeof(double)); /* [query][run] */
    if (!own)
        return 2;
    for (size_t i = 0; i < NMIX; i++) {
        cls_of[i] = 0;
        while (strcmp(classes[cls_of[i]], mix[i].cls))
            cls_of[i]++;
        if (jk_query_parse(&qs[i], jk_searcher_analyzer(s), mix[i].text, &err)) {
            fprintf(stderr, "bench: %s: %s\n", mix[i].text, err.msg);
            return 2;
        }
    }
    double round[NMIX];
    for (int r = -3; r < runs; r++) {
        if (time_round(s, qs, 0, round))
            return 2;
        for (size_t i = 0; r >= 0 && i < NMIX; i++) {
            own[i * (size_t)runs + (size_t)r] = round[i];
            lat[0][cls_of[i]][nlat[0][cls_of[i]]++] = round[i];
        }
    }
    /* The prompt's case: a search after the user's pause, in which the
     * searcher's workers have gone to sleep (jk_pool.h). Back to back, each
     * search finds them watching for it. */
    size_t npaused = NMIX * (size_t)runs;
    double *paused = calloc(npaused + 1, sizeof(double)); /* [query][run], as own */
    double *zsorted = calloc(npaused + 1, sizeof(double));
    if (!paused || !zsorted)
        return 2;
    for (int r = 0; r < runs; r++) {
        if (time_round(s, qs, PAUSE_MS, round))
            return 2;
        for (size_t i = 0; i < NMIX; i++)
            paused[i * (size_t)runs + (size_t)r] = round[i];
    }
    memcpy(zsorted, paused, npaused * sizeof *paused); /* bench_percentile sorts */
    for (int r = -3; fts && r < fts_runs; r++) {
        for (size_t i = 0; i < NMIX; i++) {
            double t0 = bench_now();
            fts5_search(fts, &mix[i]);
            if (r >= 0)
                lat[1][cls_of[i]][nlat[1][cls_of[i]]++] = (bench_now() - t0) * 1e3;
        }
    }
    for (size_t i = 0; i < NMIX; i++) {
        double p50 = bench_percentile(own + i * (size_t)runs, (size_t)runs, 50);
        if (p50 > slow50) {
            slow50 = p50;
            slowest = i;
        }
        if (!mix[i].filter_col && fts) /* grep cannot filter by facet */
            for (int r = 0; r < (runs < 5 ? runs : 5); r++)
                lat[2][cls_of[i]][nlat[2][cls_of[i]]++] = grep_once(textfile, &mix[i]) * 1e3;
        jk_query_free(qs[i]);
    }
    if (!getenv("JK_BENCH_KEEP"))
        unlink(textfile);
    else
        fprintf(stderr, "text kept in %s\n", textfile);
    printf("query: %zu notices; %zu queries x %d runs, warm, in process; latency in ms\n",
           c->notices, NMIX, runs);
    if (fts)
        printf("(FTS5: %d runs, its trigram table built in %.1f s; grep -c: %d runs,\n"
               "a process per query)\n\n",
               fts_runs, t_fts, runs < 5 ? runs : 5);
    else
        printf("(FTS5 and grep not run: --jikenbo-only)\n\n");
    printf("%-16s | %-22s | %-22s | %-22s\n", "", "jikenbo p50/p95/p99", "FTS5 p50/p95/p99",
           "grep -c p50/p95/p99");
    double *all[3]; /* every run of a system, for the mix's percentiles */
    size_t nall[3] = {0, 0, 0};
    for (int k = 0; k < 3; k++) {
        size_t n = 0;
        for (size_t i = 0; i < NCLASSES; i++)
            n += nlat[k][i];
        if (!(all[k] = calloc(n + 1, sizeof(double))))
            return 2;
    }
    int faster_everywhere = 1;
    js = bench_json_out(o);
    if (js)
        fprintf(js, "{\"mode\":\"query\",\"notices\":%zu,\"runs\":%d,\"fts_runs\":%d,\"classes\":{",
                c->notices, runs, fts ? fts_runs : 0);
    for (size_t i = 0; i < NCLASSES; i++) {
        double p[3][3];
        for (int k = 0; k < 3; k++) {
            for (size_t j = 0; j < nlat[k][i]; j++)
                all[k][nall[k]++] = lat[k][i][j];
            p[k][0] = bench_percentile(lat[k][i], nlat[k][i], 50);
            p[k][1] = bench_percentile(lat[k][i], nlat[k][i], 95);
            p[k][2] = bench_percentile(lat[k][i], nlat[k][i], 99);
        }
        if (p[0][2] >= p[1][2] || p[0][0] >= p[1][0])
            faster_everywhere = 0;
        printf("%-16s | %6.2f %6.2f %6.2f     | ", classes[i], p[0][0], p[0][1], p[0][2]);
        if (!fts)
            printf("%-22s | %-22s\n", "(not run)", "(not run)");
        else if (nlat[2][i])
            printf("%6.2f %6.2f %6.2f     | %6.2f %6.2f %6.2f\n", p[1][0], p[1][1], p[1][2],
                   p[2][0], p[2][1], p[2][2]);
        else
            printf("%6.2f %6.2f %6.2f     | %-22s\n", p[1][0], p[1][1], p[1][2],
                   "(no facet filter)");
        if (js) { /* null: not run (--jikenbo-only, or grep with a facet filter) */
            fprintf(js, "%s\"%s\":{\"jikenbo\":", i ? "," : "", classes[i]);
            for (int k = 0; k < 3; k++) {
                if (k)
                    fprintf(js, ",\"%s\":", k == 1 ? "fts5" : "grep");
                if (nlat[k][i])
                    fprintf(js, "[%.3f,%.3f,%.3f]", p[k][0], p[k][1], p[k][2]);
                else
                    fprintf(js, "null");
            }
            fprintf(js, "}");
        }
    }
    double a50 = bench_percentile(all[0], nall[0], 50), a95 = bench_percentile(all[0], nall[0], 95),
           a99 = bench_percentile(all[0], nall[0], 99);
    double like[3];
    if (like_latency(s, c, runs, like))
        return 2;
    double f99 = bench_percentile(all[1], nall[1], 99), f50 = bench_percentile(all[1], nall[1], 50);
    if (fts)
        printf("%-16s | %6.2f %6.2f %6.2f     | %6.2f %6s %6.2f     |\n", "all", a50, a95, a99, f50,
               "", f99);
    else
        printf("%-16s | %6.2f %6.2f %6.2f     |\n", "all", a50, a95, a99);
    double z50 = bench_percentile(zsorted, npaused, 50),
           z95 = bench_percentile(zsorted, npaused, 95),
           z99 = bench_percentile(zsorted, npaused, 99);
    printf("%-16s | %6.2f %6.2f %6.2f     | (each search %d ms after the last)\n", "all, paused",
           z50, z95, z99, PAUSE_MS);
    printf("%-16s | %6.2f %6.2f %6.2f     | (not in the mix; FTS5 and grep have none)\n", "like:ID",
           like[0], like[1], like[2]);
    printf("\njikenbo p99 %.2f ms back to back, %.2f ms after a pause (target: under 10 ms);\n%s\n",
           a99, z99,
           !fts                ? "FTS5 not run"
           : faster_everywhere ? "faster than FTS5 in every class"
                               : "NOT faster than FTS5 in every class");
    printf("its slowest query: %s (p50 %.2f ms)\n", mix[slowest].text, slow50);
    print_tail("its runs at or above the p99", own, runs, a99);
    print_tail("after a pause, at or above that p99", paused, runs, z99);
    if (js) {
        fprintf(js,
                "},\"like\":[%.3f,%.3f,%.3f],\"jikenbo_all\":[%.3f,%.3f,%.3f],"
                "\"jikenbo_paused\":[%.3f,%.3f,%.3f],\"slowest\":{\"query\":",
                like[0], like[1], like[2], a50, a95, a99, z50, z95, z99);
        json_text(js, mix[slowest].text);
        fprintf(js, ",\"p50\":%.3f},\"faster_than_fts5_everywhere\":%s,", slow50,
                !fts                ? "null"
                : faster_everywhere ? "true"
                                    : "false");
        fprintf(js, "\"timed\":{\"jikenbo\":%zu,\"paused\":%zu,\"fts5\":%zu,\"grep\":%zu},",
                nall[0], npaused, nall[1], nall[2]); /* searches behind the percentiles */
        json_queries(js, own, runs);
        fprintf(js, "}\n");
        fclose(js);
    }
    for (int k = 0; k < 3; k++) {
        for (size_t i = 0; i < NCLASSES; i++)
            free(lat[k][i]);
        free(all[k]);
    }
    free(own);
    free(paused);
    free(zsorted);
    if (fts)
        sqlite3_close(fts);
    jk_searcher_free(s);
    return 0;
}
