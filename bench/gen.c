/* bench/gen: writes a large archive for benchmarks from real archive files.
 *
 *   bench-gen [--notices N] [--seed S] [--out DIR] [--first-month YYYY-MM]
 *             [--months M] FILE...     (--help says more)
 *
 * Reads the notices and other posts of FILE..., then writes DIR/YYYY-MM.txt for
 * M months (default 120: the ten years 2015-2024) from the first month given:
 * N notices in all, spread evenly, each with a
 * fresh id (#YYYY-NNN, numbered per year), an organisation and a title taken
 * from the real notices, a date in one of the real formats, and a body of real
 * paragraphs recombined (as many as a real notice has), sometimes with an org
 * label line and the リリース文アーカイブ trailer; other posts are mixed in at the
 * real ratio. The same seed and inputs give the same bytes. */
#include "bench_common.h"
#include "jk_array.h"
#include "jk_buf.h"
#include "jk_cli.h"
#include "jk_notice.h"
#include "jk_paths.h"
#include "jk_utf8.h"

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct pool {
    char **v;
    size_t n, cap;
} pool;

static void add(pool *p, const char *s, size_t len)
{
    if (JK_ARRAY_GROW(&p->v, &p->cap, p->n, 256))
        exit(2);
    p->v[p->n++] = strndup(s, len);
}

static void pool_free(pool *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->v[i]);
    free(p->v);
}

static uint64_t rng;

static uint64_t next(void) /* xorshift64*: fast, and the same everywhere */
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 2685821657736338717ULL;
}

static size_t pick(size_t n)
{
    return n ? (size_t)(next() % n) : 0;
}

#define PROG "bench-gen"

static const char help[] =
    "Usage: " PROG " [OPTIONS] ARCHIVE...\n"
    "\n"
    "Writes a large archive for benchmarks from real archive files: N notices,\n"
    "spread evenly over M monthly files OUT/YYYY-MM.txt, each with a fresh id\n"
    "(#YYYY-NNN, numbered per year), an organisation and a title taken from the\n"
    "notices read, a date in one of the real formats and a body of their\n"
    "paragraphs recombined; the other posts read are mixed in at their ratio.\n"
    "The same seed and the same ARCHIVE files give the same bytes.\n"
    "\n"
    "Options:\n"
    "  -n, --notices N          notices in all (default 10000)\n"
    "  -s, --seed S             seed of the random choices (default: a fixed one)\n"
    "  -o, --out DIR            where the months go (default bench-corpus; made\n"
    "                           when missing; files of the same name are replaced)\n"
    "      --first-month YYYY-MM  the first month (default 2015-01)\n"
    "      --months M           how many months (default 120: 2015 to 2024)\n"
    "  -h, --help               show this help and exit\n"
    "\n"
    "Exit status: 0 written, 2 usage error, an unreadable ARCHIVE or no notices\n"
    "in them.\n"
    "\n"
    "Example (the corpus of sh bench/run.sh):\n"
    "  " PROG " -n 100000 -s 7 -o /tmp/c100k ../shared/seeds/*.txt \\\n"
    "      tests/data/sample/*.txt\n";

int main(int argc, char **argv)
{
    pool orgs = {0}, titles = {0}, paras = {0}, others = {0}, lens = {0};
    const char *out = "bench-corpus";
    long notices = 10000, seed = -1, months = 120;
    int first_year = 2015, first_month = 1;
    size_t nnotices = 0, nothers = 0;
    jk_error err;
    int i, c;
    static const struct option longopts[] = {{"notices", required_argument, NULL, 'n'},
                                             {"seed", required_argument, NULL, 's'},
                                             {"out", required_argument, NULL, 'o'},
                                             {"first-month", required_argument, NULL, 'f'},
                                             {"months", required_argument, NULL, 'm'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};

    opterr = 0; /* bench_usage_error says it */
    while ((c = getopt_long(argc, argv, "n:s:o:h", longopts, NULL)) != -1) {
        char extra;
        switch (c) {
        case 'n':
            if (bench_arg_long(PROG, "--notices", optarg, 1, 100000000, &notices))
                return 2;
            break;
        case 's':
            if (bench_arg_long(PROG, "--seed", optarg, 0, 2147483647, &seed))
                return 2;
            break;
        case 'o':
            out = optarg;
            break;
        case 'f':
            if (sscanf(optarg, "%4d-%2d%c", &first_year, &first_month, &extra) != 2 ||
                first_year < 1900 || first_month < 1 || first_month > 12)
                return bench_usage_error(PROG, "--first-month wants YYYY-MM, not '%s'", optarg);
            break;
        case 'm':
            if (bench_arg_long(PROG, "--months", optarg, 1, 1200, &months))
                return 2;
            break;
        default: /* -h, --help or a usage error */
            return bench_getopt_rest(c, PROG, help, argv);
        }
    }
    if (optind >= argc)
        return bench_usage_error(PROG, "no ARCHIVE files to read");
    /* the seed's bytes as they always were: 42 without --seed */
    rng = seed < 0 ? 42 : (uint64_t)seed * 2654435761ULL + 1;
    i = optind;
    for (; i < argc; i++) {
        char *buf;
        size_t len;
        jk_archive *a;
        if (jk_cli_read_file(argv[i], &buf, &len, &err) || jk_archive_parse(&a, buf, len, &err)) {
            fprintf(stderr, "bench-gen: %s\n", err.msg);
            return 2;
        }
        for (size_t k = 0; k < a->nposts; k++) {
            const jk_post *p = &a->posts[k];
            if (p->kind != JK_POST_NOTICE) {
                /* an other post, whole: its title, two blank lines, its body */
                jk_buf b = JK_BUF_INIT;
                int rc = 0;
                jk_buf_printf(&b, &rc, "%s\n\n\n%s", p->title, p->body);
                add(&others, b.p, b.n);
                jk_buf_free(&b);
                nothers++;
                continue;
            }
            nnotices++;
            add(&orgs, p->org, strlen(p->org));
            /* the title without tag, org and date */
            const char *t = p->title + p->title_text;
            size_t tl = strlen(t);
            char iso[11];
            t = jk_utf8_trim(t, &tl);
            tl = jk_notice_date(t, tl, iso);
            if (tl > strlen(p->org) && !strncmp(t, p->org, strlen(p->org)))
                t += strlen(p->org), tl -= strlen(p->org);
            t = jk_utf8_trim(t, &tl);
            if (tl)
                add(&titles, t, tl);
            /* paragraphs: runs of non-blank lines, blank as the parser means it
             * (white space, NBSP, ideographic space), so that no paragraph
             * carries a blank-looking line into the middle of a notice */
            size_t np = 0;
            const char *para = NULL, *line = p->body;
            while (1) {
                const char *nl = strchr(line, '\n');
                size_t ll = nl ? (size_t)(nl - line) : strlen(line);
                int blank = jk_utf8_is_blank(line, ll);
                if (!blank && !para)
                    para = line;
                if ((blank || !nl) && para) {
                    const char *end = blank ? line : line + ll;
                    size_t pl = (size_t)(end - para);
                    while (pl && para[pl - 1] == '\n')
                        pl--;
                    add(&paras, para, pl);
                    np++;
                    para = NULL;
                }
                if (!nl)
                    break;
                line = nl + 1;
            }
            char n[24];
            snprintf(n, sizeof n, "%zu", np ? np : 1);
            add(&lens, n, strlen(n));
        }
        jk_archive_free(a);
        free(buf);
    }
    if (!nnotices || !paras.n) {
        fprintf(stderr, "bench-gen: no notices in the input\n");
        return 2;
    }
    if (jk_paths_mkdirs(out, &err)) {
        fprintf(stderr, "bench-gen: %s\n", err.msg);
        return 2;
    }
    double other_ratio = (double)nothers / (double)nnotices;
    long done = 0, inserted = 0;
    int *seq = calloc((size_t)months / 12 + 2, sizeof *seq);
    for (int m = 0; m < months; m++) {
        int k0 = first_month - 1 + m, year = first_year + k0 / 12, month = k0 % 12 + 1;
        long count = (notices * (m + 1)) / months - done;
        char path[4096];
        FILE *f;
        snprintf(path, sizeof path, "%s/%04d-%02d.txt", out, year, month);
        f = fopen(path, "w");
        if (!f) {
            perror(path);
            return 2;
        }
        for (long k = 0; k < count; k++) {
            int day = 1 + (int)pick(28);
            const char *org = orgs.v[pick(orgs.n)];
            fprintf(f, "【セキュリティ事件簿#%04d-%03d】%s %s ", year, ++seq[year - first_year],
                    org, titles.v[pick(titles.n)]);
            switch (pick(3)) {
            case 0:
                fprintf(f, "%d/%d/%d\n\n", year, month, day);
                break;
            case 1:
                fprintf(f, "%d年%d月%d日\n\n", year, month, day);
                break;
            default:
                fprintf(f, "%d 年 %d 月 %d 日\n\n", year, month, day);
                break;
            }
            if (pick(5) == 0)
                fprintf(f, "%s\n\u00a0\n", orgs.v[pick(orgs.n)]);
            fputc('\n', f);
            long np = atol(lens.v[pick(lens.n)]);
            for (long p = 0; p < np; p++)
                fprintf(f, "%s\n\n", paras.v[pick(paras.n)]);
            if (pick(3) == 0)
                fputs("リリース文アーカイブ\n\n", f);
            /* other posts at the real ratio, between notices */
            if ((double)(next() % 1000) / 1000.0 < other_ratio) {
                fprintf(f, "%s\n\n", others.v[pick(others.n)]);
                inserted++;
            }
        }
        done += count;
        fclose(f);
    }
    printf("bench-gen: %ld notices and %ld other posts in %ld monthly file%s under %s (from %zu "
           "notices, %zu paragraphs, %zu other posts)\n",
           done, inserted, months, months == 1 ? "" : "s", out, nnotices, paras.n, nothers);
    free(seq);
    pool_free(&orgs);
    pool_free(&titles);
    pool_free(&paras);
    pool_free(&others);
    pool_free(&lens);
    return 0;
}
