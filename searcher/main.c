/* jikenbo-search: searches a jikenbo index (argument handling and output
 * only; the work is in lib/jk_query.c and lib/jk_search.c). */
#include "interactive.h"
#include "jk_buf.h"
#include "jk_cli.h"
#include "jk_config.h"
#include "jk_crash.h"
#include "jk_paths.h"
#include "jk_query.h"
#include "jk_search.h"
#include "output.h"
#include "query.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define PROG "jikenbo-search"

enum { EXIT_MATCH = 0, EXIT_NOMATCH = 1, EXIT_ERROR = 2 };

static void usage(FILE *f)
{
    fputs("Usage: " PROG " [OPTIONS] [QUERY...]\n"
          "\n"
          "Search the security-incident notices in a jikenbo index. With no QUERY on a\n"
          "terminal, start an interactive prompt.\n"
          "\n"
          "Query language (words are normalised and tokenised exactly as at indexing,\n"
          "so width, case and Kangxi look-alikes do not matter):\n"
          "  ランサムウェア 委託        every word (AND)\n"
          "  個人情報漏えい             Japanese without spaces: its words as a phrase\n"
          "                             first, near each other next, then anywhere\n"
          "  ランサム                   also finds longer words that hold it, such as\n"
          "                             ランサムウェア (shown as ランサム~parts)\n"
          "  紛失                       also the words notices use in its place, such\n"
          "                             as 所在不明 (dict/synonyms.txt), weighed less:\n"
          "                             紛失~related; quoted, \"紛失\" is itself alone\n"
          "  \"メール 誤送信\"            a phrase\n"
          "  a OR b, ( ), -word, NOT w  either; grouping; without\n"
          "  cause:ransomware           also cause:ランサムウェア (slug or Japanese name)\n"
          "                             or a part of a name with ・: cause:誤送信\n"
          "  sector:education           also sector:教育機関; or what fits one label\n"
          "                             only: sector:local-gov, sector:自治体\n"
          "  sector:university, cause:bcc  common words for a label (sector:city,\n"
          "                             sector:市, sector:hospital, cause:phishing):\n"
          "                             a note says which label each one took\n"
          "  year:2023, year:2022..2024  also year:2022.. (onwards), year:..2022 (up to)\n"
          "  cause:ransomware,malware   either: cause:, sector:, year:, id: and org: take\n"
          "                             a list (no spaces between its items)\n"
          "  date:2024-06, date:2024-06-05, date:2024-05..2024-06, date:2024-05-20..\n"
          "                             by the date written in the title (a notice without\n"
          "                             one has none to match); year: goes by the id\n"
          "  org:大阪市, id:2023-442\n"
          "  file:2024-06               the notices of an indexed archive file (what a\n"
          "                             month added): its name, with or without .txt,\n"
          "                             the end of its path, or a pattern: file:2024-*\n"
          "  like:2023-442              the notices most like that one, by the words that\n"
          "                             tell it apart (listed after the results); the\n"
          "                             rest of the query narrows them\n"
          "  *                          every notice: " PROG " --sort date '*'\n"
          "  2023-442, #2023-442        a notice id as notices write it, or their tag\n"
          "                             【セキュリティ事件簿#2023-442】: id:2023-442\n"
          "                             (quoted, it is text)\n"
          "A query word that starts with '-' must follow '--' (or sit inside one quoted\n"
          "argument), or it is read as an option: " PROG " -- 漏えい -sector:finance\n"
          "\n"
          "Causes:  unauthorized-access ransomware malware misdelivery exposure\n"
          "         loss-theft insider fraud spam-relay other\n"
          "Sectors: national-government local-government education healthcare finance\n"
          "         business nonprofit\n"
          "\n"
          "Options:\n"
          "  --db DIR              the index (default: $JIKENBO_DB, else\n"
          "                        $XDG_DATA_HOME/jikenbo/db, else\n"
          "                        ~/.local/share/jikenbo/db)\n"
          "  --cause C, --sector S, --year Y|Y1..Y2|Y1..|..Y2, --date D|D1..D2,\n"
          "  --like ID, --file F   the same as cause:C, sector:S, year:Y, date:D,\n"
          "                        like:ID, file:F in the query\n"
          "  -n, --limit N         results per page (default 10); 0 prints only the\n"
          "                        number of matches and the facet counts\n"
          "      --months          also count the matches per month of the date in\n"
          "                        their titles (with --json: months)\n"
          "      --offset K        skip the first K results\n"
          "      --sort KEY        relevance (default), date (newest first) or oldest\n"
          "                        (oldest first: an incident's notices in the order\n"
          "                        they came out)\n"
          "      --full            print each result's whole notice (its fields, source\n"
          "                        lines and body, the query's words marked) instead of\n"
          "                        a snippet; with --json, each result gets end_line,\n"
          "                        body and body_marks\n"
          "      --json            print one JSON object (query, total, offset, results,\n"
          "                        facets, took_ms) for scripts\n"
          "      --explain         show the normalised query, its terms and the Xapian\n"
          "                        query, then search\n"
          "      --color WHEN      always, never or auto (default: auto = on a terminal\n"
          "                        and $NO_COLOR unset)\n"
          "  -h, --help            show this help and exit\n"
          "  -V, --version         show the version, the dictionaries and the analyzer,\n"
          "                        and exit\n"
          "\n"
          "When nothing matches, a word the index has nowhere is offered as the\n"
          "nearest word it has, if that query matches: did you mean: パスワード.\n"
          "\n"
          "Exit status: 0 something matched, 1 nothing matched, 2 error (bad query,\n"
          "no index, ...), like grep.\n"
          "\n"
          "Examples:\n"
          "  " PROG " ランサムウェア sector:local-government year:2024\n"
          "  " PROG " --sector education ＢＣＣ\n"
          "  " PROG " --json Proself | jq '.results[].id'\n"
          "  " PROG " --like 2023-436 year:2023       # incidents like that one\n"
          "\n"
          "The manual page has more (the prompt, JSON, environment): man " PROG "\n",
          f);
}

static size_t term_width(void)
{
    struct winsize ws;
    const char *cols = getenv("COLUMNS");
    if (cols && atoi(cols) > 20)
        return (size_t)atoi(cols);
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
        return ws.ws_col;
    return 100;
}

/* Does the long option that name (after "--", up to any '=') stands for, in
 * full or as a prefix, take a value? */
static int takes_value(const struct option *longopts, const char *name)
{
    size_t n = strcspn(name, "=");
    for (const struct option *o = longopts; o->name; o++)
        if (strncmp(o->name, name, n) == 0 && o->has_arg == required_argument)
            return 1;
    return 0;
}

/* The first argument that getopt would take for options but that is a query
 * word to leave out, such as "-ランサム" or "-sector:finance" (one '-', then
 * no short option), or 0: getopt would only say "invalid option -- '\343'".
 * Option values ("--db -x", "-n 5") are skipped, as is all after "--" (or,
 * with $POSIXLY_CORRECT, after the first word, where getopt stops too). */
static int word_read_as_option(int argc, char **argv, const struct option *longopts)
{
    int posix = getenv("POSIXLY_CORRECT") != NULL;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || !a[1]) {
            if (posix)
                return 0;
            continue;
        }
        if (!strcmp(a, "--"))
            return 0;
        if (a[1] == '-') {
            if (!strchr(a, '=') && takes_value(longopts, a + 2))
                i++;
        } else if (a[1] == 'n') {
            if (!a[2])
                i++;
        } else if (a[1] != 'h' && a[1] != 'V') {
            return i;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {{"db", required_argument, NULL, 'd'},
                                             {"cause", required_argument, NULL, 'c'},
                                             {"sector", required_argument, NULL, 's'},
                                             {"year", required_argument, NULL, 'y'},
                                             {"date", required_argument, NULL, 'D'},
                                             {"limit", required_argument, NULL, 'n'},
                                             {"offset", required_argument, NULL, 'o'},
                                             {"sort", required_argument, NULL, 'S'},
                                             {"json", no_argument, NULL, 'j'},
                                             {"full", no_argument, NULL, 'F'},
                                             {"explain", no_argument, NULL, 'e'},
                                             {"color", required_argument, NULL, 'C'},
                                             {"colour", required_argument, NULL, 'C'},
                                             {"help", no_argument, NULL, 'h'},
                                             {"version", no_argument, NULL, 'V'},
                                             {"like", required_argument, NULL, 'L'},
                                             {"months", no_argument, NULL, 'M'},
                                             {"file", required_argument, NULL, 'f'},
                                             {NULL, 0, NULL, 0}};
    search_filter filters[64];
    size_t nfilters = 0;
    const char *db_opt = NULL, *color = "auto";
    char *db = NULL, *end;
    int json = 0, explain = 0, full = 0, c, status = EXIT_ERROR, brc = 0, rc;
    jk_search_opts so = {.limit = 10};
    jk_searcher *s = NULL;
    jk_query *q = NULL;
    jk_results *r = NULL;
    jk_buf text = JK_BUF_INIT;
    jk_error err;
    out_style st;

    if ((c = word_read_as_option(argc, argv, longopts)) != 0) {
        fprintf(stderr,
                PROG ": '%s' is not an option: a query word that starts with '-' goes after "
                     "'--', as in " PROG " [OPTIONS] -- QUERY... %s\n"
                     "Try '" PROG " --help' for more information.\n",
                argv[c], argv[c]);
        return EXIT_ERROR;
    }
    while ((c = getopt_long(argc, argv, "n:hV", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db_opt = optarg;
            break;
        case 'c':
        case 's':
        case 'y':
        case 'D':
        case 'L':
        case 'f':
            if (nfilters == sizeof filters / sizeof filters[0]) {
                fprintf(stderr, PROG ": too many filters\n");
                return EXIT_ERROR;
            }
            filters[nfilters].field = c == 'c'   ? "cause"
                                      : c == 's' ? "sector"
                                      : c == 'y' ? "year"
                                      : c == 'D' ? "date"
                                      : c == 'f' ? "file"
                                                 : "like";
            filters[nfilters++].value = optarg;
            break;
        case 'M':
            so.by_month = 1;
            break;
        case 'n':
            so.limit = (unsigned)strtoul(optarg, &end, 10);
            if (*end || !*optarg || so.limit > 10000) {
                fprintf(stderr, PROG ": --limit takes a number from 0 to 10000, not '%s'\n",
                        optarg);
                return EXIT_ERROR;
            }
            break;
        case 'o':
            so.offset = (unsigned)strtoul(optarg, &end, 10);
            if (*end || !*optarg) {
                fprintf(stderr, PROG ": --offset takes a number, not '%s'\n", optarg);
                return EXIT_ERROR;
            }
            break;
        case 'S':
            if (strcmp(optarg, "date") == 0 || strcmp(optarg, "newest") == 0) {
                so.sort_date = JK_SORT_NEWEST;
            } else if (strcmp(optarg, "oldest") == 0) {
                so.sort_date = JK_SORT_OLDEST;
            } else if (strcmp(optarg, "relevance") != 0) {
                fprintf(stderr,
                        PROG ": --sort takes relevance, date (newest first) or oldest, not '%s'\n",
                        optarg);
                return EXIT_ERROR;
            }
            break;
        case 'j':
            json = 1;
            break;
        case 'F':
            full = 1;
            break;
        case 'e':
            explain = 1;
            break;
        case 'C':
            if (strcmp(optarg, "always") && strcmp(optarg, "never") && strcmp(optarg, "auto")) {
                fprintf(stderr, PROG ": --color takes always, never or auto, not '%s'\n", optarg);
                return EXIT_ERROR;
            }
            color = optarg;
            break;
        case 'h':
            usage(stdout);
            return EXIT_MATCH;
        case 'V':
            jk_cli_version(stdout, PROG);
            return EXIT_MATCH;
        default:
            fprintf(stderr, "Try '" PROG " --help' for more information.\n");
            return EXIT_ERROR;
        }
    }
    for (int i = optind; i < argc; i++) {
        if (i > optind)
            jk_buf_putc(&text, &brc, ' ');
        jk_buf_puts(&text, &brc, argv[i]);
    }
    if (brc) {
        fprintf(stderr, PROG ": out of memory\n");
        return EXIT_ERROR;
    }
    if (jk_paths_db(db_opt, &db, &err) != JK_OK) {
        fprintf(stderr, PROG ": %s\n", err.msg);
        goto done;
    }
    jk_crash_note(PROG, db, 0);
    st.color = jk_cli_color(stdout, color);
    st.width = term_width();
    st.full = full;
    if (jk_searcher_open(&s, db, &err) != JK_OK) {
        fprintf(stderr, PROG ": %s\n", err.msg);
        goto done;
    }
    so.snippet_cols = st.width > 10 ? st.width - 6 : 80;
    so.title_cols = so.snippet_cols;
    so.all_marks = full; /* the whole body is shown: all of it marked */
    if (so.snippet_cols > 160)
        so.snippet_cols = 160;
    if (text.n == 0 && optind >= argc) {
        if (!json && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
            interactive_opts io = {&so, &st, filters, nfilters};
            /* many searches: each page filled on every thread */
            if (jk_searcher_split_pages(s, &err) != JK_OK)
                fprintf(stderr, PROG ": %s (each page is filled in one thread)\n", err.msg);
            status = interactive_run(s, &io);
            goto done;
        }
        if (nfilters == 0) {
            fprintf(stderr, PROG ": no query given (and not on a terminal, so no prompt)\n"
                                 "Try '" PROG " --help' for more information.\n");
            goto done;
        }
    }
    if (query_build(s, text.p ? text.p : "", filters, nfilters, &q, &err) != JK_OK) {
        fprintf(stderr, PROG ": %s\n", err.msg);
        goto done;
    }
    if (explain)
        out_explain(json ? stderr : stdout, s, q);
    rc = jk_searcher_run(s, q, &so, &r, &err);
    /* notes after the run: building the query may leave words out */
    for (size_t i = 0; i < jk_query_nwarnings(q); i++)
        fprintf(stderr, PROG ": note: %s\n", jk_query_warning(q, i));
    if (rc != JK_OK) {
        fprintf(stderr, PROG ": %s\n", err.msg);
        goto done;
    }
    if (json) {
        unsigned n = 0;
        char *better =
            r->total ? NULL : query_suggest(s, q, text.p ? text.p : "", filters, nfilters, &n);
        out_json(stdout, text.p ? text.p : "", q, r, st.full, better);
        free(better);
    } else {
        out_plain(stdout, &st, r);
        if (r->total == 0)
            query_no_match(stderr, PROG ": ", s, q, text.p ? text.p : "", filters, nfilters, db);
    }
    status = r->total ? EXIT_MATCH : EXIT_NOMATCH;
done:
    jk_results_free(r);
    jk_query_free(q);
    jk_searcher_free(s);
    jk_buf_free(&text);
    free(db);
    if (fflush(stdout) != 0)
        status = EXIT_ERROR;
    return status;
}
