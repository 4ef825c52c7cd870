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

/* Reads and parses every *.txt file under dir (or the one file dir names).
 * Listing fails silently (a missing dir, no *.txt under it: the caller says
 * it); reading says on stderr which file could not be read or parsed. */
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

/* Command lines. Each says what is wrong on stderr as "prog: ...", adds
 * "Try 'prog --help' for more information." and returns 2 (the usage exit
 * status); bench_arg_* return 0 when the argument is good. */
int bench_usage_error(const char *prog, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The rest of a getopt_long loop's switch: 'h' prints help on stdout and
 * returns 0; anything else is a usage error naming the argument at
 * argv[optind - 1] (returns 2). */
int bench_getopt_rest(int c, const char *prog, const char *help, char **argv);
/* s as a whole number in [min, max], the value of option opt, into *out. */
int bench_arg_long(const char *prog, const char *opt, const char *s, long min, long max, long *out);
/* s as a number in (min, max], into *out. */
int bench_arg_double(const char *prog, const char *opt, const char *s, double min, double max,
                     double *out);

#endif
