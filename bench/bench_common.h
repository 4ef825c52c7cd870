/* bench_common: what the benchmark modes share: the notices of an archive
 * directory, timing, percentiles and peak memory. */
#ifndef JK_BENCH_COMMON_H
#define JK_BENCH_COMMON_H

#include "jk_notice.h"

#include <stddef.h>

typedef struct bench_corpus {
    char **files; /* the *.txt files, in name order */
    size_t nfiles;
    jk_archive **archives;
    char **bufs;
    size_t bytes; /* of all files */
    size_t notices;
    size_t text_bytes; /* of the notices' titles and bodies */
} bench_corpus;

/* Reads and parses every *.txt file under dir (or the one file dir names). */
int bench_corpus_load(bench_corpus *c, const char *dir);
/* Only lists them (c->files, c->nfiles); bench_corpus_read then reads them. */
int bench_corpus_list(bench_corpus *c, const char *dir);
int bench_corpus_read(bench_corpus *c);
void bench_corpus_free(bench_corpus *c);

double bench_now(void);
/* The p-th percentile (0..100) of v[0..n) (sorts v). */
double bench_percentile(double *v, size_t n, double p);
/* Peak resident memory of this process so far, in MB. */
double bench_peak_rss_mb(void);
/* Bytes of the files under dir. */
size_t bench_dir_bytes(const char *dir);

#endif
