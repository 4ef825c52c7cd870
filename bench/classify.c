/* bench/classify: how much facet classification adds to indexing.
 *
 * Over the notices of the archive files given (default: the bundled sample),
 * times building every document without labels (analysis: normalise +
 * tokenise + postings) and classifying the same notices from their
 * normalised text, as jk_doc_build does, repeated until each takes at least
 * --seconds. Prints both and the ratio; the target is at most 10%. */
#include "bench_common.h"
#include "jk_analyze.h"
#include "jk_classify.h"
#include "jk_cli.h"
#include "jk_doc.h"
#include "jk_notice.h"
#include "jk_xapian.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct corpus {
    jk_archive **a;
    size_t n;
    size_t bytes, notices;
} corpus;

static int count_tok(const jk_token *t, void *p)
{
    (void)t;
    (*(size_t *)p)++;
    return 0;
}

#define PROG "bench-classify"

static const char help[] =
    "Usage: " PROG " [--seconds S] [ARCHIVE...]\n"
    "\n"
    "How much facet classification adds to indexing: over the notices of the\n"
    "ARCHIVE files (default: the bundled sample, from the top of the source\n"
    "tree), times building every document without labels (normalise, tokenise,\n"
    "postings) and classifying the same notices from their normalised text, as\n"
    "the indexer does, each repeated until it has taken at least S seconds.\n"
    "Prints both and their ratio; the target is at most 10%.\n"
    "\n"
    "Options:\n"
    "  --seconds S   the least time each is measured for (default 1; first)\n"
    "  -h, --help    show this help and exit\n"
    "\n"
    "Exit status: 0 measured, 2 usage error or an input that cannot be read.\n";

int main(int argc, char **argv)
{
    const char *def[] = {"tests/data/sample/2024-05.txt", "tests/data/sample/2024-06.txt"};
    const char **files = def;
    size_t nfiles = 2;
    double min_s = 1.0;
    corpus c = {NULL, 0, 0, 0};
    jk_analyzer *an = NULL;
    jk_rules *rules = NULL;
    jk_error err;

    if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
        fputs(help, stdout);
        return 0;
    }
    if (argc > 1 && !strcmp(argv[1], "--seconds")) {
        if (argc < 3)
            return bench_usage_error(PROG, "--seconds wants a value");
        if (bench_arg_double(PROG, "--seconds", argv[2], 0, 3600, &min_s))
            return 2;
        argv += 2;
        argc -= 2;
    }
    if (argc > 1 && argv[1][0] == '-' && argv[1][1])
        return bench_usage_error(PROG, "unknown option %s", argv[1]);
    if (argc > 1) {
        files = (const char **)argv + 1;
        nfiles = (size_t)argc - 1;
    }
    if (jk_analyzer_new(&an, &err) || jk_rules_load(&rules, jk_analyzer_norm(an), NULL, &err)) {
        fprintf(stderr, PROG ": %s\n", err.msg);
        return 2;
    }
    c.a = calloc(nfiles, sizeof *c.a);
    if (!c.a) {
        fprintf(stderr, PROG ": out of memory\n");
        return 2;
    }
    for (size_t i = 0; i < nfiles; i++) {
        char *buf;
        size_t len;
        if (jk_cli_read_file(files[i], &buf, &len, &err) ||
            jk_archive_parse(&c.a[c.n], buf, len, &err)) {
            fprintf(stderr, PROG ": %s\n", err.msg);
            return 2;
        }
        for (size_t k = 0; k < c.a[c.n]->nposts; k++)
            if (c.a[c.n]->posts[k].kind == JK_POST_NOTICE) {
                c.notices++;
                c.bytes += c.a[c.n]->posts[k].body_len + strlen(c.a[c.n]->posts[k].title);
            }
        c.n++;
        free(buf);
    }
    /* analysis alone: what indexing does besides classifying */
    double t0 = bench_now(), t_an;
    size_t rounds_an = 0, toks = 0;
    do {
        for (size_t f = 0; f < c.n; f++)
            for (size_t k = 0; k < c.a[f]->nposts; k++) {
                const jk_post *p = &c.a[f]->posts[k];
                if (p->kind != JK_POST_NOTICE)
                    continue;
                jk_analyze(an, p->org, strlen(p->org), count_tok, &toks, &err);
                jk_analyze(an, p->title, strlen(p->title), count_tok, &toks, &err);
                jk_analyze(an, p->body, p->body_len, count_tok, &toks, &err);
            }
        rounds_an++;
    } while (bench_now() - t0 < min_s);
    t_an = (bench_now() - t0) / (double)rounds_an;

    /* classification from normalised text (jk_doc_build reuses the analyzer's) */
    jk_norm *norm = jk_analyzer_norm(an);
    jk_normtext tt = JK_NORMTEXT_INIT, ot = JK_NORMTEXT_INIT, bt = JK_NORMTEXT_INIT;
    double t_cl = 0;
    size_t rounds_cl = 0;
    do {
        for (size_t f = 0; f < c.n; f++)
            for (size_t k = 0; k < c.a[f]->nposts; k++) {
                const jk_post *p = &c.a[f]->posts[k];
                jk_labels lab;
                if (p->kind != JK_POST_NOTICE)
                    continue;
                jk_norm_run(norm, p->title, strlen(p->title), &tt, &err);
                jk_norm_run(norm, p->org, strlen(p->org), &ot, &err);
                jk_norm_run(norm, p->body, p->body_len, &bt, &err);
                double s = bench_now();
                jk_classify(rules, tt.text, tt.len, ot.text, ot.len, bt.text, bt.len, &lab, NULL,
                            &err);
                t_cl += bench_now() - s;
            }
        rounds_cl++;
    } while (t_cl < min_s / 4);
    t_cl /= (double)rounds_cl;
    printf("notices: %zu (%.1f KB of title and body) in %zu file(s)\n", c.notices,
           (double)c.bytes / 1024, c.n);
    printf("analysis (normalise + tokenise): %8.3f ms per pass  %6.1f MB/s\n", t_an * 1e3,
           (double)c.bytes / t_an / 1e6);
    printf("classification (rules):          %8.3f ms per pass  %6.1f MB/s\n", t_cl * 1e3,
           (double)c.bytes / t_cl / 1e6);
    printf("classification adds %.1f%% to analysis (target: at most 10%%)\n", 100 * t_cl / t_an);
    jk_normtext_free(&tt);
    jk_normtext_free(&ot);
    jk_normtext_free(&bt);
    for (size_t i = 0; i < c.n; i++)
        jk_archive_free(c.a[i]);
    free(c.a);
    jk_rules_free(rules);
    jk_analyzer_free(an);
    return 0;
}
