/* jikenbo-bench index: a new index of the corpus on every core, against raw
 * MeCab on one, then one more month added. */
#include "bench_modes.h"
#include "jk_analyze.h"
#include "jk_build.h"
#include "jk_classify.h"
#include "jk_cli.h"
#include "jk_doc.h"
#include "jk_index.h"
#include "jk_norm.h"
#include "jk_paths.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

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

/* A step run in a child: returns its seconds, or < 0 when it fails; *aux
 * may carry one more number back. */
typedef double (*child_step)(const bench_opts *o, bench_corpus *c, double *aux);

static double step_build(const bench_opts *o, bench_corpus *c, double *aux)
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

static double step_raw_mecab(const bench_opts *o, bench_corpus *c, double *aux)
{
    size_t nodes;
    (void)o, (void)aux;
    return bench_corpus_read(c) ? -1 : bench_raw_mecab_seconds(c, &nodes);
}

/* Adds --new-month to the index as jikenbo-index would; *aux gets its
 * notices. */
static double step_month(const bench_opts *o, bench_corpus *c, double *aux)
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
static double in_child(child_step step, const bench_opts *o, bench_corpus *c, double *rss_mb,
                       double *aux)
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

int bench_build_in_child(const bench_opts *o, bench_corpus *c, bench_built *b)
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

int bench_mode_index(const bench_opts *o, bench_corpus *c, const bench_built *b)
{
    double t_build = b->seconds, t_month = b->month_s, t_raw, t_raw_after, t_an,
           mb = (double)c->bytes / 1e6, rss = b->rss_mb;
    size_t nodes, size = b->size, month_notices = (size_t)b->month_notices,
                  month_bytes = b->month_bytes;
    FILE *js;

    t_raw_after = bench_raw_mecab_seconds(c, &nodes);
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
    if ((js = bench_json_out(o))) {
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
