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
 *       fills them), round after round of the whole mix (jikenbo's rounds
 *       back to back, then with a pause before each search, then the
 *       others'), against SQLite FTS5 (trigram, bm25, counts by GROUP BY)
 *       over the same notices and grep -c over the same text
 *       (--jikenbo-only skips those two, for quick runs while tuning)
 *
 * This file is the command line; each mode is a file of its own
 * (bench_modes.h).
 */
#include "bench_modes.h"
#include "jk_paths.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

FILE *bench_json_out(const bench_opts *o)
{
    return o->json ? fopen(o->json, "w") : NULL;
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
    "             above the p99 with their queries, back to back and after a\n"
    "             pause (a slow spell of the machine can put any query there);\n"
    "             the JSON has each query's p50 and slowest run.\n"
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
    bench_opts o = {.db = "/tmp/jk-bench-db", .jobs = 2, .runs = 50, .fts_runs = 10};
    bench_corpus c;
    bench_built b;
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
    if (!strcmp(o.mode, "index") && bench_build_in_child(&o, &c, &b) != 0) {
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
        rc = bench_mode_tokenize(&o, &c);
    else if (!strcmp(o.mode, "index"))
        rc = bench_mode_index(&o, &c, &b);
    else
        rc = bench_mode_query(&o, &c);
    bench_corpus_free(&c);
    return rc;
}
