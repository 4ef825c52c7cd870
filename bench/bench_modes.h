/* bench_modes: the three modes of jikenbo-bench (bench.c holds its command
 * line), one file each: bench_tokenize.c, bench_index.c, bench_query.c. Each
 * mode prints its table on stdout and, with --json, writes one JSON object;
 * it returns the exit status (0 measured, 2 a step that failed). The corpus
 * is the caller's: a mode reads it and never frees it. */
#ifndef JK_BENCH_MODES_H
#define JK_BENCH_MODES_H

#include "bench_common.h"

#include <stdio.h>

typedef struct bench_opts {
    const char *mode, *corpus, *db, *json, *new_month;
    int jobs, runs, fts_runs, jikenbo_only;
} bench_opts;

/* The --json file opened for writing (the caller closes it), or NULL when
 * none was asked for or it cannot be opened. */
FILE *bench_json_out(const bench_opts *o);

/* Every notice's title and body, as the indexer sees them. */
#define FOR_NOTICES(c, p)                                                                          \
    for (size_t f_ = 0; f_ < (c)->nfiles; f_++)                                                    \
        for (size_t k_ = 0; k_ < (c)->archives[f_]->nposts; k_++)                                  \
            for (const jk_post *p = &(c)->archives[f_]->posts[k_]; p; p = NULL)                    \
                if (p->kind == JK_POST_NOTICE)

/* Seconds raw MeCab takes to parse every notice's title and body (the same
 * dictionaries as jikenbo, its lattice API, no filtering), line by line as
 * jikenbo's tokeniser does, on this thread; *nodes gets the nodes it made.
 * < 0 when MeCab cannot be opened. */
double bench_raw_mecab_seconds(const bench_corpus *c, size_t *nodes);

/* tokenize: jikenbo's analysis against raw MeCab and ICU alone. */
int bench_mode_tokenize(const bench_opts *o, bench_corpus *c);

/* What is timed before the corpus is read into this process, each in a
 * child process forked for it: the build, so that its peak RSS is the
 * build's own, as jikenbo-index would have it, and not the corpus this
 * program keeps for its other steps; and a first raw MeCab pass, so that the
 * build is compared with raw MeCab timed both before and after it (the
 * machine's speed drifts). */
typedef struct bench_built {
    double seconds, rss_mb, raw_before_s;
    size_t size;                                 /* the new index on disk, bytes */
    double month_s, month_rss_mb, month_notices; /* --new-month added, in a child */
    size_t month_bytes, month_growth;            /* its input, and what it added on disk */
} bench_built;

/* Runs the build (and the raw MeCab pass before it) in child processes,
 * with c listed but not yet read; fills *b. 0 on success. */
int bench_build_in_child(const bench_opts *o, bench_corpus *c, bench_built *b);
/* index: the build of *b against raw MeCab, then --new-month added. */
int bench_mode_index(const bench_opts *o, bench_corpus *c, const bench_built *b);

/* query: the mix's latency against FTS5 and grep, on the index at o->db. */
int bench_mode_query(const bench_opts *o, bench_corpus *c);

#endif
