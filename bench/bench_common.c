#include "bench_common.h"

#include "jk_cli.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

static int add_file(bench_corpus *c, const char *path)
{
    char **v = realloc(c->files, (c->nfiles + 1) * sizeof *v);
    if (!v)
        return -1;
    c->files = v;
    c->files[c->nfiles++] = strdup(path);
    return 0;
}

static void walk(bench_corpus *c, const char *dir)
{
    struct dirent **e;
    int n = scandir(dir, &e, NULL, alphasort);
    for (int i = 0; i < n; i++) {
        char p[4096];
        struct stat st;
        snprintf(p, sizeof p, "%s/%s", dir, e[i]->d_name);
        if (e[i]->d_name[0] != '.' && stat(p, &st) == 0) {
            size_t l = strlen(e[i]->d_name);
            if (S_ISDIR(st.st_mode))
                walk(c, p);
            else if (l > 4 && !strcmp(e[i]->d_name + l - 4, ".txt"))
                add_file(c, p);
        }
        free(e[i]);
    }
    if (n >= 0)
        free(e);
}

int bench_corpus_list(bench_corpus *c, const char *dir)
{
    struct stat st;

    memset(c, 0, sizeof *c);
    if (stat(dir, &st) != 0)
        return -1;
    if (S_ISDIR(st.st_mode))
        walk(c, dir);
    else
        add_file(c, dir);
    return c->nfiles ? 0 : -1;
}

int bench_corpus_load(bench_corpus *c, const char *dir)
{
    return bench_corpus_list(c, dir) ? -1 : bench_corpus_read(c);
}

int bench_corpus_read(bench_corpus *c)
{
    jk_error err;

    c->archives = calloc(c->nfiles + 1, sizeof *c->archives);
    c->bufs = calloc(c->nfiles + 1, sizeof *c->bufs);
    for (size_t i = 0; i < c->nfiles; i++) {
        size_t len;
        if (jk_cli_read_file(c->files[i], &c->bufs[i], &len, &err) ||
            jk_archive_parse(&c->archives[i], c->bufs[i], len, &err)) {
            fprintf(stderr, "bench: %s\n", err.msg);
            return -1;
        }
        c->bytes += len;
        for (size_t k = 0; k < c->archives[i]->nposts; k++) {
            const jk_post *p = &c->archives[i]->posts[k];
            if (p->kind != JK_POST_NOTICE)
                continue;
            c->notices++;
            c->text_bytes += strlen(p->title) + p->body_len;
        }
    }
    return c->notices ? 0 : -1;
}

void bench_corpus_free(bench_corpus *c)
{
    for (size_t i = 0; i < c->nfiles; i++) {
        free(c->files[i]);
        if (c->archives)
            jk_archive_free(c->archives[i]);
        if (c->bufs)
            free(c->bufs[i]);
    }
    free(c->files);
    free(c->archives);
    free(c->bufs);
    memset(c, 0, sizeof *c);
}

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

double bench_percentile(double *v, size_t n, double p)
{
    if (n == 0)
        return 0;
    qsort(v, n, sizeof *v, cmp_double);
    size_t i = (size_t)(p / 100.0 * (double)(n - 1) + 0.5);
    return v[i < n ? i : n - 1];
}

double bench_peak_rss_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0;
}

size_t bench_dir_bytes(const char *dir)
{
    struct dirent *e;
    DIR *d = opendir(dir);
    size_t total = 0;
    if (!d)
        return 0;
    while ((e = readdir(d))) {
        char p[4096];
        struct stat st;
        if (e->d_name[0] == '.')
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        if (stat(p, &st) == 0)
            total += S_ISDIR(st.st_mode) ? bench_dir_bytes(p) : (size_t)st.st_size;
    }
    closedir(d);
    return total;
}

int bench_usage_error(const char *prog, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", prog);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry '%s --help' for more information.\n", prog);
    return 2;
}

int bench_getopt_rest(int c, const char *prog, const char *help, char **argv)
{
    if (c == 'h') {
        fputs(help, stdout);
        return 0;
    }
    return bench_usage_error(prog, "unknown option, or no value after it: %s", argv[optind - 1]);
}

int bench_arg_long(const char *prog, const char *opt, const char *s, long min, long max, long *out)
{
    char *end;
    long v;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < min || v > max) {
        bench_usage_error(prog, "%s wants a whole number from %ld to %ld, not '%s'", opt, min, max,
                          s);
        return -1;
    }
    *out = v;
    return 0;
}

int bench_arg_double(const char *prog, const char *opt, const char *s, double min, double max,
                     double *out)
{
    char *end;
    double v;
    errno = 0;
    v = strtod(s, &end);
    if (errno || end == s || *end || !(v > min && v <= max)) {
        bench_usage_error(prog, "%s wants a number above %g and at most %g, not '%s'", opt, min,
                          max, s);
        return -1;
    }
    *out = v;
    return 0;
}
