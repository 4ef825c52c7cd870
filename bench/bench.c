/* jikenbo-bench: tokenisation, indexing and query latency, side by side with
 * what a user would pick instead, in one run. Each mode prints a table and
 * writes a JSON object (--json FILE).
 *
 *   jikenbo-bench tokenize --corpus DIR
 *       ours (ICU + MeCab + filters + spelling), raw MeCab (same dictionaries,
 *       same text, its lattice API, no filtering), ICU normalisation alone
 *   jikenbo-bench index --corpus DIR --db DIR [--new-month FILE] [--jobs N]
 *       a new index from the corpus (both cores), then one more month added
 *       to it, against raw MeCab tokenising the same text on one core (timed
 *       before and after the build; their mean)
 *   jikenbo-bench query --corpus DIR --db DIR [--runs N] [--fts-runs N]
 *       a fixed mix of queries (one word, two words, phrase, part of a word;
 *       each without and with a facet filter; always with exact facet counts),
 *       warm and in process (pages filled on every thread, as the prompt
 *       fills them), round after round of the whole mix (jikenbo's rounds,
 *       then the others'), against
 *       SQLite FTS5 (trigram, bm25, counts by GROUP BY) over the same notices
 *       and grep -c over the same text
 *       (--jikenbo-only skips those two, for quick runs while tuning)
 */
#include "bench_common.h"
#include "jk_analyze.h"
#include "jk_buf.h"
#include "jk_build.h"
#include "jk_classify.h"
#include "jk_cli.h"
#include "jk_doc.h"
#include "jk_index.h"
#include "jk_json.h"
#include "jk_norm.h"
#include "jk_paths.h"
#include "jk_query.h"
#include "jk_search.h"
#include "jk_taxonomy.h"
#include "jk_token.h"

#include <getopt.h>
#include <mecab.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct opts {
    const char *mode, *corpus, *db, *json, *new_month;
    int jobs, runs, fts_runs, jikenbo_only;
} opts;

static FILE *json_out(const opts *o)
{
    return o->json ? fopen(o->json, "w") : NULL;
}

/* ---- raw MeCab: the same dictionaries, its own API, every node counted ---- */

typedef struct raw_mecab {
    mecab_model_t *model;
    mecab_t *tagger;
    mecab_lattice_t *lat;
} raw_mecab;

static int raw_open(raw_mecab *m)
{
    char rc[4096], user[4096];
    const char *argv[8];
    snprintf(rc, sizeof rc, "%s/mecabrc", jk_paths_dictdir());
    snprintf(user, sizeof user, "%s/jikenbo.dic", jk_paths_dictdir());
    argv[0] = "bench";
    argv[1] = "-r";
    argv[2] = rc;
    argv[3] = "-d";
    argv[4] = jk_paths_sysdic();
    argv[5] = "-u";
    argv[6] = user;
    argv[7] = NULL;
    m->model = mecab_model_new(7, (char **)argv);
    if (!m->model)
        return -1;
    m->tagger = mecab_model_new_tagger(m->model);
    m->lat = mecab_model_new_lattice(m->model);
    return m->tagger && m->lat ? 0 : -1;
}

static void raw_close(raw_mecab *m)
{
    mecab_lattice_destroy(m->lat);
    mecab_destroy(m->tagger);
    mecab_model_destroy(m->model);
}

/* Parses text line by line (as jikenbo's tokeniser does); returns nodes. */
static size_t raw_parse(raw_mecab *m, const char *text, size_t len)
{
    size_t nodes = 0, i = 0;
    while (i < len) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - text) : len;
        if (e > i) {
            mecab_lattice_set_sentence2(m->lat, text + i, e - i);
            mecab_parse_lattice(m->tagger, m->lat);
            for (const mecab_node_t *n = mecab_lattice_get_bos_node(m->lat); n; n = n->next)
                if (n->stat != MECAB_BOS_NODE && n->stat != MECAB_EOS_NODE)
                    nodes++;
        }
        i = e + 1;
    }
    return nodes;
}

/* Every notice's title and body, as the indexer sees them. */
#define FOR_NOTICES(c, p)                                                                          \
    for (size_t f_ = 0; f_ < (c)->nfiles; f_++)                                                    \
        for (size_t k_ = 0; k_ < (c)->archives[f_]->nposts; k_++)                                  \
            for (const jk_post *p = &(c)->archives[f_]->posts[k_]; p; p = NULL)                    \
                if (p->kind == JK_POST_NOTICE)

static double raw_mecab_seconds(const bench_corpus *c, size_t *nodes)
{
    raw_mecab m;
    double t0;
    *nodes = 0;
    if (raw_open(&m))
        return -1;
    t0 = bench_now();
    FOR_NOTICES(c, p)
    {
        *nodes += raw_parse(&m, p->title, strlen(p->title));
        *nodes += raw_parse(&m, p->body, p->body_len);
    }
    t0 = bench_now() - t0;
    raw_close(&m);
    return t0;
}

static int count_token(const jk_token *t, void *payload)
{
    (void)t;
    (*(size_t *)payload)++;
    return 0;
}

static int mode_tokenize(const opts *o, bench_corpus *c)
{
    jk_analyzer *an = NULL;
    jk_norm *norm = NULL;
    jk_normtext t = JK_NORMTEXT_INIT;
    jk_error err;
    raw_mecab m;
    size_t ours_tokens = 0, raw_nodes = 0;
    double mb = (double)c->text_bytes / 1e6, t_ours, t_raw, t_icu;
    FILE *js;

    if (jk_analyzer_new(&an, &err) || jk_norm_new(&norm, &err)) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return 2;
    }
    if (raw_open(&m)) {
        fprintf(stderr, "bench: cannot open raw MeCab\n");
        return 2;
    }
    /* File by file, the three in turn (in a rotating order), so the drift of
     * a shared machine over a long run falls on all three alike; the first
     * file once untimed, to warm the dictionaries' pages. */
    t_raw = t_icu = t_ours = 0;
    for (size_t f = 0; f <= c->nfiles; f++) {
        size_t file = f ? f - 1 : 0;
        for (int turn = 0; turn < 3; turn++) {
            int which = (int)((turn + f) % 3);
            size_t raw_n = 0, ours_n = 0;
            double t0 = bench_now();
            for (size_t k = 0; k < c->archives[file]->nposts; k++) {
                const jk_post *p = &c->archives[file]->posts[k];
                if (p->kind != JK_POST_NOTICE)
                    continue;
                if (which == 0) {
                    raw_n += raw_parse(&m, p->title, strlen(p->title));
                    raw_n += raw_parse(&m, p->body, p->body_len);
                } else if (which == 1) {
                    jk_norm_run(norm, p->title, strlen(p->title), &t, &err);
                    jk_norm_run(norm, p->body, p->body_len, &t, &err);
                } else {
                    jk_analyze(an, p->title, strlen(p->title), count_token, &ours_n, &err);
                    jk_analyze(an, p->body, p->body_len, count_token, &ours_n, &err);
                }
            }
            t0 = bench_now() - t0;
            if (f == 0)
                continue; /* the warm-up */
            *(which == 0 ? &t_raw : which == 1 ? &t_icu : &t_ours) += t0;
            raw_nodes += raw_n;
            ours_tokens += ours_n;
        }
    }
    raw_close(&m);
    printf("tokenize: %zu notices, %.1f MB of title and body text\n\n", c->notices, mb);
    printf("%-34s %9s %10s %12s\n", "", "seconds", "MB/s", "tokens/s");
    printf("%-34s %9.2f %10.2f %12.0f\n", "raw MeCab (ipadic + user dic)", t_raw, mb / t_raw,
           (double)raw_nodes / t_raw);
    printf("%-34s %9.2f %10.2f %12s\n", "ICU normalisation alone", t_icu, mb / t_icu, "-");
    printf("%-34s %9.2f %10.2f %12.0f\n", "jikenbo (normalise + tokenise)", t_ours, mb / t_ours,
           (double)ours_tokens / t_ours);
    printf("\njikenbo runs at %.2fx raw MeCab's speed (target: at least 0.8x)\n", t_raw / t_ours);
    if ((js = json_out(o))) {
        fprintf(js,
                "{\"mode\":\"tokenize\",\"notices\":%zu,\"mb\":%.3f,\"raw_mecab_s\":%.4f,"
                "\"raw_mecab_mb_s\":%.3f,\"raw_mecab_tokens_s\":%.0f,\"icu_s\":%.4f,"
                "\"icu_mb_s\":%.3f,\"jikenbo_s\":%.4f,\"jikenbo_mb_s\":%.3f,"
                "\"jikenbo_tokens_s\":%.0f,\"speed_vs_raw\":%.3f}\n",
                c->notices, mb, t_raw, mb / t_raw, (double)raw_nodes / t_raw, t_icu, mb / t_icu,
                t_ours, mb / t_ours, (double)ours_tokens / t_ours, t_raw / t_ours);
        fclose(js);
    }
    jk_normtext_free(&t);
    jk_norm_free(norm);
    jk_analyzer_free(an);
    return 0;
}

/* ---- index ---- */

/* Everything the indexer does to a notice but write it to Xapian (normalise,
 * tokenise, classify, build the Xapian document), on one core. */
static double analysis_seconds(const bench_corpus *c)
{
    jk_analyzer *an = NULL;
    jk_norm *norm = NULL;
    jk_rules *rules = NULL;
    jk_error err;
    double t0 = -1;

    if (jk_analyzer_new(&an, &err) == JK_OK && jk_norm_new(&norm, &err) == JK_OK &&
        jk_rules_load(&rules, norm, NULL, &err) == JK_OK) {
        t0 = bench_now();
        FOR_NOTICES(c, p)
        {
            jk_xdoc *doc = NULL;
            if (jk_doc_build(an, rules, p, "bench", NULL, &doc, NULL, &err) == JK_OK)
                jk_xdoc_free(doc);
        }
        t0 = bench_now() - t0;
    } else {
        fprintf(stderr, "bench: %s\n", err.msg);
    }
    jk_rules_free(rules);
    jk_norm_free(norm);
    jk_analyzer_free(an);
    return t0;
}

/* What is timed before the corpus is read into this process, each in a
 * child process forked for it: the build, so that its peak RSS is the
 * build's own, as jikenbo-index would have it, and not the corpus this
 * program keeps for its other steps; and a first raw MeCab pass, so that the
 * build is compared with raw MeCab timed both before and after it (the
 * machine's speed drifts). */
typedef struct built {
    double seconds, rss_mb, raw_before_s;
    size_t size;                                 /* the new index on disk, bytes */
    double month_s, month_rss_mb, month_notices; /* --new-month added, in a child */
    size_t month_bytes, month_growth;            /* its input, and what it added on disk */
} built;

/* A step run in a child: returns its seconds, or < 0 when it fails; *aux
 * may carry one more number back. */
typedef double (*child_step)(const opts *o, bench_corpus *c, double *aux);

static double step_build(const opts *o, bench_corpus *c, double *aux)
{
    jk_build_opts bo = {o->jobs, NULL, NULL, NULL, NULL, NULL};
    jk_index_stats st = {0, 0, 0, 0, 0, 0};
    unsigned files_in = 0;
    jk_error err;
    double t0 = bench_now();
    (void)aux;
    if (jk_build_new(o->db, c->files, c->nfiles, &bo, &st, &files_in, &err)) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return -1;
    }
    return bench_now() - t0;
}

static double step_raw_mecab(const opts *o, bench_corpus *c, double *aux)
{
    size_t nodes;
    (void)o, (void)aux;
    return bench_corpus_read(c) ? -1 : raw_mecab_seconds(c, &nodes);
}

/* Adds --new-month to the index as jikenbo-index would; *aux gets its
 * notices. */
static double step_month(const opts *o, bench_corpus *c, double *aux)
{
    jk_index *ix = NULL;
    jk_index_stats ms = {0, 0, 0, 0, 0, 0};
    jk_error err;
    char *buf = NULL;
    size_t len;
    double t = -1;
    (void)c;
    if (jk_cli_read_file(o->new_month, &buf, &len, &err) == JK_OK &&
        jk_index_open(&ix, o->db, &err) == JK_OK) {
        t = bench_now();
        if (jk_index_file(ix, o->new_month, buf, len, &ms, NULL, NULL, &err) == JK_OK)
            t = bench_now() - t;
        else
            t = -1;
    }
    if (t < 0)
        fprintf(stderr, "bench: %s\n", err.msg);
    *aux = (double)(ms.added + ms.updated + ms.unchanged);
    jk_index_free(ix);
    free(buf);
    return t;
}

/* Runs step in a child process; *rss_mb and *aux (may be NULL) get its peak
 * RSS and the step's aux. */
static double in_child(child_step step, const opts *o, bench_corpus *c, double *rss_mb, double *aux)
{
    int fd[2], status;
    struct rusage ru;
    double t[2] = {-1, 0};
    ssize_t got;
    pid_t pid;

    if (pipe(fd) != 0)
        return -1;
    fflush(NULL);
    pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        t[0] = step(o, c, &t[1]);
        got = write(fd[1], t, sizeof t);
        _exit(t[0] < 0 || got != sizeof t ? 1 : 0);
    }
    close(fd[1]);
    got = read(fd[0], t, sizeof t);
    close(fd[0]);
    if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
        got != sizeof t)
        return -1;
    if (rss_mb)
        *rss_mb = (double)ru.ru_maxrss / 1024.0;
    if (aux)
        *aux = t[1];
    return t[0];
}

static int build_in_child(const opts *o, bench_corpus *c, built *b)
{
    struct stat st;
    b->raw_before_s = in_child(step_raw_mecab, o, c, NULL, NULL);
    jk_paths_remove_tree(o->db);
    b->seconds = in_child(step_build, o, c, &b->rss_mb, NULL);
    if (b->raw_before_s < 0 || b->seconds < 0)
        return -1;
    b->size = bench_dir_bytes(o->db);
    if (!o->new_month)
        return 0;
    b->month_bytes = stat(o->new_month, &st) == 0 ? (size_t)st.st_size : 0;
    b->month_s = in_child(step_month, o, c, &b->month_rss_mb, &b->month_notices);
    b->month_growth = bench_dir_bytes(o->db) - b->size;
    return b->month_s < 0 ? -1 : 0;
}

static int mode_index(const opts *o, bench_corpus *c, const built *b)
{
    double t_build = b->seconds, t_month = b->month_s, t_raw, t_raw_after, t_an,
           mb = (double)c->bytes / 1e6, rss = b->rss_mb;
    size_t nodes, size = b->size, month_notices = (size_t)b->month_notices,
                  month_bytes = b->month_bytes;
    FILE *js;

    t_raw_after = raw_mecab_seconds(c, &nodes);
    t_raw = (b->raw_before_s + t_raw_after) / 2; /* the machine's speed drifts */
    t_an = analysis_seconds(c);
    printf("index: %zu notices in %zu files, %.1f MB, %d thread(s)\n\n", c->notices, c->nfiles, mb,
           o->jobs);
    printf("%-40s %9s %11s %8s\n", "", "seconds", "notices/s", "MB/s");
    printf("%-40s %9.2f %11.0f %8.2f\n", "raw MeCab, tokenise only, 1 core", t_raw,
           (double)c->notices / t_raw, mb / t_raw);
    printf("%-40s %9.2f  (before the build)\n", "", b->raw_before_s);
    printf("%-40s %9.2f  (after it; the row above is their mean)\n", "", t_raw_after);
    printf("%-40s %9.2f %11.0f %8.2f\n", "jikenbo, documents built, unwritten, 1c", t_an,
           (double)c->notices / t_an, mb / t_an);
    printf("%-40s %9.2f %11.0f %8.2f\n", "jikenbo, new index", t_build,
           (double)c->notices / t_build, mb / t_build);
    if (o->new_month)
        printf("%-40s %9.2f %11.0f %8.2f\n", "jikenbo, one more month (incremental)", t_month,
               (double)month_notices / t_month, (double)month_bytes / 1e6 / t_month);
    printf("\nbuilding takes %.2fx raw MeCab's time (target: at most 1.5x);\n"
           "building the documents without writing them takes %.2fx on one core\n",
           t_build / t_raw, t_an / t_raw);
    printf("peak RSS of the build %.0f MB; index %.1f MB on disk for %.1f MB of input (%.2fx)\n",
           rss, (double)size / 1e6, mb, (double)size / (double)c->bytes);
    if (o->new_month)
        printf("adding the month: peak RSS %.0f MB; the index grew %.1f MB for %.1f MB of input "
               "(%.2fx)\n",
               b->month_rss_mb, (double)b->month_growth / 1e6, (double)month_bytes / 1e6,
               month_bytes ? (double)b->month_growth / (double)month_bytes : 0.0);
    if ((js = json_out(o))) {
        fprintf(js,
                "{\"mode\":\"index\",\"notices\":%zu,\"files\":%zu,\"input_mb\":%.3f,"
                "\"jobs\":%d,\"build_s\":%.3f,\"build_notices_s\":%.0f,\"build_mb_s\":%.3f,"
                "\"raw_mecab_s\":%.3f,\"raw_mecab_before_s\":%.3f,\"raw_mecab_after_s\":%.3f,"
                "\"build_vs_raw_mecab\":%.3f,\"analysis_s\":%.3f,"
                "\"peak_rss_mb\":%.0f,"
                "\"index_mb\":%.3f,\"index_vs_input\":%.3f,\"month_notices\":%zu,"
                "\"month_s\":%.3f,\"month_input_mb\":%.3f,\"month_peak_rss_mb\":%.0f,"
                "\"month_index_growth_mb\":%.3f}\n",
                c->notices, c->nfiles, mb, o->jobs, t_build, (double)c->notices / t_build,
                mb / t_build, t_raw, b->raw_before_s, t_raw_after, t_build / t_raw, t_an, rss,
                (double)size / 1e6, (double)size / (double)c->bytes, month_notices, t_month,
                (double)month_bytes / 1e6, b->month_rss_mb, (double)b->month_growth / 1e6);
        fclose(js);
    }
    return 0;
}

/* ---- query ---- */

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
/* The mix's runs at or above its p99, slowest first, each with its query:
 * what the p99 is made of (one query every time, or a slow spell of the
 * machine falling on any). own[query * runs + run] holds each query's runs. */
static void print_tail(const double *own, int runs, double p99)
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
    printf("its runs at or above the p99:");
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

static int mode_query(const opts *o, bench_corpus *c)
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
    for (int r = -3; r < runs; r++) {
        for (size_t i = 0; i < NMIX; i++) {
            jk_results *res = NULL;
            jk_search_opts so = {.limit = 10};
            double t0 = bench_now();
            if (jk_searcher_run(s, qs[i], &so, &res, &err)) {
                fprintf(stderr, "bench: %s\n", err.msg);
                return 2;
            }
            if (r >= 0) {
                own[i * (size_t)runs + (size_t)r] = (bench_now() - t0) * 1e3;
                lat[0][cls_of[i]][nlat[0][cls_of[i]]++] = own[i * (size_t)runs + (size_t)r];
            }
            jk_results_free(res);
        }
    }
    /* The prompt's case: a search after the user's pause, in which the
     * searcher's workers have gone to sleep (jk_pool.h) and the machine
     * has run other things. Back to back, each search finds them watching. */
    double *paused = calloc(NMIX * (size_t)runs + 1, sizeof(double));
    size_t npaused = 0;
    if (!paused)
        return 2;
    for (int r = 0; r < runs; r++) {
        for (size_t i = 0; i < NMIX; i++) {
            jk_results *res = NULL;
            jk_search_opts so = {.limit = 10};
            struct timespec pause = {0, PAUSE_MS * 1000000L};
            nanosleep(&pause, NULL);
            double t0 = bench_now();
            if (jk_searcher_run(s, qs[i], &so, &res, &err)) {
                fprintf(stderr, "bench: %s\n", err.msg);
                return 2;
            }
            paused[npaused++] = (bench_now() - t0) * 1e3;
            jk_results_free(res);
        }
    }
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
    js = json_out(o);
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
    double z50 = bench_percentile(paused, npaused, 50), z95 = bench_percentile(paused, npaused, 95),
           z99 = bench_percentile(paused, npaused, 99);
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
    print_tail(own, runs, a99);
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
    if (fts)
        sqlite3_close(fts);
    jk_searcher_free(s);
    return 0;
}

#define PROG "jikenbo-bench"

static const char help[] =
    "Usage: " PROG " tokenize --corpus DIR [--json FILE]\n"
    "       " PROG " index --corpus DIR [--db DIR] [--jobs N]\n"
    "                      [--new-month FILE] [--json FILE]\n"
    "       " PROG " query --corpus DIR [--db DIR] [--runs N] [--fts-runs N]\n"
    "                      [--jikenbo-only]\n"
    "                      [--json FILE]\n"
    "\n"
    "Measures jikenbo side by side with what a user would pick instead, in one\n"
    "run, over the archive files (*.txt) of a corpus directory, such as one\n"
    "written by bench-gen. Each mode prints a table and its verdict on the\n"
    "target.\n"
    "\n"
    "Modes:\n"
    "  tokenize   MB/s and tokens/s of jikenbo's analysis (ICU normalisation,\n"
    "             MeCab, filters, spelling variants), of raw MeCab (the same\n"
    "             dictionaries and text, its lattice API, no filtering) and of ICU\n"
    "             normalisation alone, one core. Target: jikenbo >= 0.8x raw MeCab.\n"
    "  index      a new index of the corpus at --db (an index there is removed\n"
    "             first; anything else is refused) on --jobs threads: notices/s,\n"
    "             MB/s, peak RSS and size on disk, against raw MeCab tokenising\n"
    "             the same text on one core (the mean of a pass before the build\n"
    "             and one after it); then --new-month added to it. Target: at\n"
    "             most 1.5x raw MeCab.\n"
    "  query      p50/p95/p99 latency of a fixed mix of queries (one word, two\n"
    "             words, a phrase, part of a word; each with and without a facet\n"
    "             filter; always with exact facet counts), warm and in process,\n"
    "             a page of ten filled on every thread as the prompt fills it,\n"
    "             the whole mix round after round (a slow spell of the machine\n"
    "             falls on every query alike; jikenbo's rounds, then FTS5's,\n"
    "             each warm in its own), on the index at --db (built by\n"
    "             the index mode), against SQLite FTS5 (trigram, bm25, counts by\n"
    "             GROUP BY) over the same notices and grep -c over the same\n"
    "             files. Target: p99 < 10 ms, and faster than FTS5 in every\n"
    "             class of query. Then jikenbo's rounds again, each search 5 ms\n"
    "             after the last, as at the prompt, where the searcher's worker\n"
    "             threads have gone to sleep between searches. Then like:ID for\n"
    "             five notices spread over the corpus, outside the mix (FTS5\n"
    "             and grep have no such search).\n"
    "             Names the mix's slowest query by p50, and the runs at or\n"
    "             above the p99 with their queries (a slow spell of the machine\n"
    "             can put any query there); the JSON has each query's p50 and\n"
    "             slowest run.\n"
    "\n"
    "Options:\n"
    "  --corpus DIR      the archive files to use (required)\n"
    "  --db DIR          the index (default /tmp/jk-bench-db)\n"
    "  --jobs N          threads that build the new index (default 2)\n"
    "  --new-month FILE  one more month to add after the build (index)\n"
    "  --runs N          rounds of the query mix for jikenbo (default 50)\n"
    "  --fts-runs N      rounds of it for FTS5 (default 10; grep runs each query\n"
    "                    5 times, or --runs if fewer)\n"
    "  --jikenbo-only    query: skip FTS5 and grep, for quick runs while tuning\n"
    "  --json FILE       also write the figures as one JSON object to FILE\n"
    "  -h, --help        show this help and exit\n"
    "\n"
    "Exit status: 0 measured, 2 usage error or a step that failed.\n"
    "\n"
    "The whole benchmark of the README's Performance section is sh bench/run.sh.\n";

int main(int argc, char **argv)
{
    opts o = {.db = "/tmp/jk-bench-db", .jobs = 2, .runs = 50, .fts_runs = 10};
    bench_corpus c;
    built b;
    int rc, ch;
    memset(&b, 0, sizeof b);
    long v;
    static const struct option longopts[] = {
        {"corpus", required_argument, NULL, 'c'},   {"db", required_argument, NULL, 'd'},
        {"json", required_argument, NULL, 'J'},     {"new-month", required_argument, NULL, 'm'},
        {"jobs", required_argument, NULL, 'j'},     {"runs", required_argument, NULL, 'r'},
        {"fts-runs", required_argument, NULL, 'f'}, {"jikenbo-only", no_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0}};

    opterr = 0; /* bench_usage_error says it */
    while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'c':
            o.corpus = optarg;
            break;
        case 'd':
            o.db = optarg;
            break;
        case 'J':
            o.json = optarg;
            break;
        case 'm':
            o.new_month = optarg;
            break;
        case 'j':
            if (bench_arg_long(PROG, "--jobs", optarg, 1, 64, &v))
                return 2;
            o.jobs = (int)v;
            break;
        case 'r':
            if (bench_arg_long(PROG, "--runs", optarg, 1, 100000, &v))
                return 2;
            o.runs = (int)v;
            break;
        case 'f':
            if (bench_arg_long(PROG, "--fts-runs", optarg, 1, 100000, &v))
                return 2;
            o.fts_runs = (int)v;
            break;
        case 'o':
            o.jikenbo_only = 1;
            break;
        default: /* -h, --help or a usage error */
            return bench_getopt_rest(ch, PROG, help, argv);
        }
    }
    if (optind >= argc)
        return bench_usage_error(PROG, "no mode: give tokenize, index or query");
    o.mode = argv[optind];
    if (optind + 1 < argc)
        return bench_usage_error(PROG, "one mode at a time, not '%s' too", argv[optind + 1]);
    if (strcmp(o.mode, "tokenize") && strcmp(o.mode, "index") && strcmp(o.mode, "query"))
        return bench_usage_error(PROG, "unknown mode '%s': give tokenize, index or query", o.mode);
    if (!o.corpus)
        return bench_usage_error(PROG, "no --corpus DIR");
    if (!strcmp(o.mode, "index")) { /* it removes what is at --db: only ever an index */
        jk_path_kind k = jk_paths_kind(o.db);
        if (k != JK_PATH_NONE && k != JK_PATH_EMPTY && k != JK_PATH_INDEX) {
            fprintf(stderr, PROG ": %s holds something other than an index: not removing it\n",
                    o.db);
            return 2;
        }
    }
    if (bench_corpus_list(&c, o.corpus)) {
        fprintf(stderr, PROG ": no archive files (*.txt) at %s\n", o.corpus);
        return 2;
    }
    if (!strcmp(o.mode, "index") && build_in_child(&o, &c, &b) != 0) {
        fprintf(stderr, "jikenbo-bench: building the index in %s failed\n", o.db);
        bench_corpus_free(&c);
        return 2;
    }
    if (bench_corpus_read(&c)) {
        fprintf(stderr, PROG ": cannot read the archive files in %s\n", o.corpus);
        bench_corpus_free(&c);
        return 2;
    }
    if (!strcmp(o.mode, "tokenize"))
        rc = mode_tokenize(&o, &c);
    else if (!strcmp(o.mode, "index"))
        rc = mode_index(&o, &c, &b);
    else
        rc = mode_query(&o, &c);
    bench_corpus_free(&c);
    return rc;
}
