/* jikenbo-index: adds archive files to a jikenbo index (argument handling and
 * output only; the work is in lib/jk_index.c and lib/jk_build.c). Its
 * inputs are gathered in inputs.c, its reports written by report.c, and
 * --list, --remove and --check are in admin.c. */
#include "admin.h"
#include "inputs.h"
#include "jk_buf.h"
#include "jk_build.h"
#include "jk_classify.h"
#include "jk_crash.h"
#include "jk_cli.h"
#include "jk_index.h"
#include "jk_norm.h"
#include "jk_notice.h"
#include "jk_paths.h"
#include "report.h"

#include <getopt.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* the long options with no letter */
enum { OPT_JSON = 1000, OPT_EXPLAIN, OPT_RULES, OPT_LIST, OPT_PATHS, OPT_REMOVE, OPT_CHECK };

/* Ctrl-C (or SIGTERM) asks the work to stop at the next safe point: a new
 * index leaves its path as it was, adding files stops after the file under
 * way. A second one ends the program at once (the handler is reset). Both
 * leave the index whole. */
static atomic_int interrupted;

static void on_signal(int sig)
{
    atomic_store(&interrupted, 1);
    signal(sig, SIG_DFL);
}

static void catch_signals(void)
{
    const int sigs[] = {SIGINT, SIGTERM};
    struct sigaction sa, was;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal; /* no SA_RESTART: a read of standard input stops too */
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
        if (sigaction(sigs[i], NULL, &was) == 0 && was.sa_handler != SIG_IGN)
            sigaction(sigs[i], &sa, NULL); /* an ignored one stays ignored (nohup, &) */
}

static void usage(FILE *f)
{
    fputs("Usage: " PROG " [OPTIONS] FILE|DIR|- ...\n"
          "       " PROG " --list [--json|--paths] [--db DIR]\n"
          "       " PROG " --remove [--json] [--db DIR] FILE...\n"
          "       " PROG " --check [--json] [--db DIR]\n"
          "\n"
          "Add monthly archive files of security-incident notices to a jikenbo index.\n"
          "\n"
          "Each FILE is one archive month (UTF-8 text: posts of a title line, two blank\n"
          "lines and a body; notices are the posts titled 【セキュリティ事件簿#YYYY-NNN】).\n"
          "A DIR adds every *.txt (or .TXT) file below it, in name order; - reads\n"
          "standard input.\n"
          "Each file goes in as one transaction: all of its notices or none. A file\n"
          "whose exact content is already in the index is skipped without being read\n"
          "again (if it was moved, results show its new path from then on); a notice\n"
          "already indexed with the same content is left unchanged, so adding the same\n"
          "or an overlapping month twice changes nothing. A file edited and indexed\n"
          "again replaces what it brought: a notice no longer in it leaves the index\n"
          "unless another indexed file holds it too.\n"
          "\n"
          "Options:\n"
          "  --db DIR        the index (default: $JIKENBO_DB, else\n"
          "                  $XDG_DATA_HOME/jikenbo/db, else ~/.local/share/jikenbo/db);\n"
          "                  created if missing; a directory holding other files is\n"
          "                  refused\n"
          "  -n, --dry-run   parse only, print the posts found; no index is opened\n"
          "      --list      the files the index holds, each with its notices and\n"
          "                  whether the file there changed since (or is gone); reads\n"
          "                  the index only, so it can run beside an indexer; with\n"
          "                  --json, one object per file: file, notices, state (same,\n"
          "                  changed, gone or stdin)\n"
          "      --paths     with --list: only the paths, one per line, without\n"
          "                  reading the files (quick on a large archive)\n"
          "      --remove    take the FILEs (their paths as --list shows them; they\n"
          "                  need not exist any more) out of the index: their\n"
          "                  records, and the notices no other indexed file holds\n"
          "      --check     whether the index is sound: Xapian reads every block of\n"
          "                  every table and checks the tables against each other, the\n"
          "                  vocabulary must list exactly the index's words, and the\n"
          "                  bitmaps of its most frequent terms their postings (a few\n"
          "                  seconds for 100,000 notices; nothing is written); with\n"
          "                  --json: db, sound, notices, fault (null or what is wrong)\n"
          "                  and seconds\n"
          "      --json      when indexing: the summary as one JSON object, also with\n"
          "                  -q: db, made (false: no index was made), files {indexed,\n"
          "                  already, rejected}, notices {added, updated, unchanged,\n"
          "                  removed, bad_tag}, other_posts, total (notices in the\n"
          "                  index) and indexed_files (the files that went in);\n"
          "                  with --dry-run: one JSON object per post (JSON Lines) with\n"
          "                  kind, file, start_line, end_line, title and, for notices,\n"
          "                  id, org, date, year, key, cause (a list) and sector;\n"
          "                  \"bad_tag\":true marks a post titled like a notice whose\n"
          "                  id is not #YYYY-NNN (not indexed)\n"
          "      --explain   with --dry-run: for each notice, the facet rules that fired\n"
          "                  (file:line), their weights and why each label won or lost\n"
          "      --rules FILE  facet rules to use (default: $JIKENBO_RULES, else the\n"
          "                  facets.rules installed with the dictionary)\n"
          "  -j, --jobs N    threads for building a new index (default: the number of\n"
          "                  processors, at most 8); adding to an existing index goes\n"
          "                  file by file\n"
          "  -q, --quiet     print errors only (no summary, no progress)\n"
          "      --no-progress  no progress bar (it is shown only on a terminal anyway)\n"
          "  -h, --help      show this help and exit\n"
          "  -V, --version   show the version, the dictionaries and the analyzer, and exit\n"
          "\n"
          "Exit status:\n"
          "  0  every input file was indexed (or was already in the index)\n"
          "  1  some input was rejected (missing, unreadable, binary, not UTF-8, empty,\n"
          "     no notices, a directory with no *.txt file, or a post titled like a\n"
          "     notice whose id is not #YYYY-NNN, such as #2O24-112: --dry-run names\n"
          "     it by file and line); the others were indexed, the rejected ones left\n"
          "     no trace, and if nothing went in no index was made; with --remove,\n"
          "     a FILE the index does not have; with --check, the index is damaged\n"
          "     or was built by another jikenbo\n"
          "  2  usage error, or a fatal error: the index is locked by another writer,\n"
          "     cannot be opened, or was built with another dictionary, or the disk\n"
          "     is full (a new index leaves DIR as it was; adding keeps the files\n"
          "     before)\n"
          "  130  interrupted (Ctrl-C or SIGTERM): a new index leaves DIR as it\n"
          "       was; adding files stops after the file under way, and the index\n"
          "       keeps every file before it. A second Ctrl-C stops at once, still\n"
          "       leaving the index whole.\n"
          "\n"
          "Examples:\n"
          "  " PROG " --db ~/jikenbo.db archive/2024-06.txt\n"
          "  " PROG " archive/                  # the monthly routine: new months only\n"
          "  " PROG " --dry-run --json 2024-06.txt |\n"
          "      jq -r 'select(.kind==\"notice\").id'    # the ids of a month's notices\n"
          "\n"
          "The manual page has more: man " PROG "\n",
          f);
}

static int dry_run(const inputs *files, int json, int explain, const char *rules_path)
{
    int status = EXIT_ALL_OK;
    jk_norm *norm = NULL;
    jk_rules *rules = NULL;
    jk_buf ex = JK_BUF_INIT;
    jk_error err;

    if (jk_norm_new(&norm, &err) != JK_OK ||
        jk_rules_load(&rules, norm, rules_path, &err) != JK_OK) {
        fprintf(stderr, PROG ": %s\n", err.msg);
        jk_norm_free(norm);
        return EXIT_FATAL;
    }

    for (size_t i = 0; i < files->n; i++) {
        const char *name = jk_cli_name(files->v[i]);
        char *buf = NULL;
        size_t len = 0;
        jk_archive *a = NULL;
        int rc = jk_cli_read_file(files->v[i], &buf, &len, &err);
        if (rc == JK_OK) {
            rc = jk_archive_check(buf, len, &err);
            if (rc)
                jk_error_prefix(&err, "%s: ", name);
        }
        if (rc == JK_OK)
            rc = jk_archive_parse(&a, buf, len, &err);
        if (rc) {
            fprintf(stderr, PROG ": %s\n", err.msg);
            status = EXIT_REJECTED;
        } else {
            for (size_t k = 0; k < a->nposts && rc == JK_OK; k++) {
                const jk_post *p = &a->posts[k];
                jk_labels lab = {0, 0};
                jk_buf_reset(&ex);
                if (p->kind == JK_POST_NOTICE)
                    rc = jk_classify_post(rules, norm, p, &lab, explain ? &ex : NULL, &err);
                if (rc) {
                    fprintf(stderr, PROG ": %s: %s\n", name, err.msg);
                    status = EXIT_FATAL;
                    break;
                }
                report_post(name, p, &lab, json);
                if (p->bad_tag) {
                    fprintf(stderr,
                            PROG ": %s:%u: titled like a notice but no id #YYYY-NNN: not "
                                 "indexed\n",
                            name, p->start_line);
                    status = status == EXIT_ALL_OK ? EXIT_REJECTED : status;
                }
                if (explain && p->kind == JK_POST_NOTICE)
                    printf("%s\n", ex.p ? ex.p : "");
            }
            if (a->nnotices == 0) {
                fprintf(stderr, PROG ": %s: no notices found\n", name);
                status = EXIT_REJECTED;
            }
        }
        jk_archive_free(a);
        free(buf);
    }
    jk_buf_free(&ex);
    jk_rules_free(rules);
    jk_norm_free(norm);
    fflush(stdout);
    return status;
}

typedef struct progress_ctx {
    jk_progress *bar;
    size_t file_index;
    const char *name;
} progress_ctx;

static void on_progress(size_t done, size_t total, void *payload)
{
    progress_ctx *c = payload;
    jk_progress_show(c->bar, c->file_index, total ? (double)done / (double)total : 0, c->name, 0);
}

typedef struct build_ctx {
    jk_progress *bar;
    unsigned rejected, seen;
    const inputs *files;
    char *left_out; /* per input file: 1 when it did not go in; may be NULL */
} build_ctx;

static void on_build_file(const char *file, int rc, const char *msg, void *payload)
{
    build_ctx *c = payload;
    jk_progress_done(c->bar);
    /* from the end: a file named twice is read at its first mention and
     * reported at the later one */
    for (size_t i = c->files->n; c->left_out && i-- > 0;)
        if (!c->left_out[i] && strcmp(jk_cli_name(c->files->v[i]), file) == 0) {
            c->left_out[i] = 1;
            break;
        }
    if (rc == JK_OK) {
        c->seen++;
        return;
    }
    c->rejected++;
    fprintf(stderr, PROG ": %s; file skipped\n", msg ? msg : file);
}

static void on_build_progress(size_t done, size_t total, void *payload)
{
    build_ctx *c = payload;
    char note[64];
    snprintf(note, sizeof note, "%zu of %zu notices", done, total);
    jk_progress_show(c->bar, 0, total ? (double)done / (double)total : 0, note, 0);
}

static void on_build_phase(jk_build_phase phase, const char *what, void *payload)
{
    build_ctx *c = payload;
    /* merging comes after every notice is built: the bar is full */
    jk_progress_show(c->bar, 0, phase == JK_BUILD_MERGING ? 1 : 0, what, 1);
}

/* Posts titled like a notice with no valid id are not indexed: say so (on
 * stderr, -q or not). Returns the exit status that this leaves. */
static int warn_bad_tags(unsigned n, int status)
{
    if (n == 0)
        return status;
    fprintf(stderr,
            PROG ": %u post%s titled like a notice but with no id #YYYY-NNN, not indexed; "
                 "'" PROG " --dry-run FILE...' shows which\n",
            n, n == 1 ? "" : "s");
    return status == EXIT_ALL_OK ? EXIT_REJECTED : status;
}

/* A new index: all files at once, on several threads (jk_build.h). */
static int build_new(const char *db, const inputs *files, int quiet, int json, int show_progress,
                     int jobs)
{
    jk_index_stats st = {0, 0, 0, 0, 0, 0};
    jk_progress bar;
    build_ctx c = {&bar, 0, 0, files, calloc(files->n ? files->n : 1, 1)};
    jk_build_opts o = {jobs, on_build_file, on_build_progress, &c, on_build_phase, &interrupted};
    unsigned files_in = 0;
    const char **in = NULL;
    jk_error err;
    int rc;

    jk_progress_init(&bar, stderr, show_progress && !quiet && isatty(fileno(stderr)), 1);
    rc = jk_build_new(db, files->v, files->n, &o, &st, &files_in, &err);
    jk_progress_done(&bar);
    if (rc == JK_ECANCELED) {
        fprintf(stderr, PROG ": interrupted; %s left as it was\n", db);
        free(c.left_out);
        return EXIT_INTERRUPTED;
    }
    if (rc) {
        fprintf(stderr, PROG ": %s\n", err.msg);
        if (rc != JK_ELOCKED)
            fprintf(stderr, PROG ": nothing was indexed; %s left as it was\n", db);
        free(c.left_out);
        return EXIT_FATAL;
    }
    /* the files that went in: every one the build did not report */
    if (c.left_out && (in = calloc(files->n ? files->n : 1, sizeof *in)) != NULL) {
        unsigned k = 0;
        for (size_t i = 0; i < files->n; i++)
            if (!c.left_out[i] && k < files_in)
                in[k++] = jk_cli_name(files->v[i]);
        if (k != files_in) { /* not as the build counted: name none */
            free(in);
            in = NULL;
        }
    }
    if (!quiet || json) {
        report_outcome out = {&st, files_in, c.seen, c.rejected, st.added, files_in == 0, in};
        report_run(db, &out, json);
    }
    free(in);
    free(c.left_out);
    return warn_bad_tags(st.bad_tag, c.rejected ? EXIT_REJECTED : EXIT_ALL_OK);
}

static int index_files(const char *db, const inputs *files, int quiet, int json, int show_progress)
{
    jk_index *ix = NULL;
    jk_index_stats st = {0, 0, 0, 0, 0, 0};
    jk_progress bar;
    jk_error err;
    unsigned files_in = 0, files_seen = 0, files_bad = 0, docs = 0;
    int status = EXIT_ALL_OK, rc;
    const char **in = calloc(files->n ? files->n : 1, sizeof *in); /* NULL: name none */

    jk_path_kind before = jk_paths_kind(db);
    int dropped = 0;

    rc = jk_index_open(&ix, db, &err);
    if (rc) {
        fprintf(stderr, PROG ": %s\n", err.msg);
        free(in);
        return EXIT_FATAL;
    }
    jk_progress_init(&bar, stderr, show_progress && !quiet && isatty(fileno(stderr)), files->n);
    for (size_t i = 0; i < files->n && !atomic_load(&interrupted); i++) {
        const char *path = files->v[i], *name = jk_cli_name(path);
        char *buf = NULL;
        size_t len = 0;
        int seen = 0;
        progress_ctx pc = {&bar, i, name};

        jk_progress_show(&bar, i, 0, name, 1);
        rc = jk_cli_read_file(path, &buf, &len, &err);
        if (rc == JK_OK && strcmp(path, "-") != 0) {
            rc = jk_index_has_file(ix, name, buf, len, &seen, &err);
            if (rc == JK_OK && seen) {
                files_seen++;
                free(buf);
                continue;
            }
        }
        if (rc == JK_OK) {
            rc = jk_index_file(ix, name, buf, len, &st, on_progress, &pc, &err);
            if (rc)
                jk_error_prefix(&err, "%s: ", name);
        }
        free(buf);
        if (rc == JK_OK) {
            if (in)
                in[files_in] = name;
            files_in++;
            continue;
        }
        if (atomic_load(&interrupted)) /* e.g. standard input's read cut short */
            break;
        jk_progress_done(&bar);
        if (rc == JK_EINPUT || rc == JK_EIO) {
            fprintf(stderr, PROG ": %s; file skipped\n", err.msg);
            files_bad++;
            status = EXIT_REJECTED;
            continue;
        }
        fprintf(stderr,
                PROG ": %s\n" PROG ": stopped; the index keeps every file before this one\n",
                err.msg);
        jk_index_free(ix);
        free(in);
        return EXIT_FATAL;
    }
    jk_progress_done(&bar);
    if (jk_index_doccount(ix, &docs, &err) != JK_OK)
        docs = 0;
    jk_index_free(ix);
    if (files_in == 0) /* a new index that nothing went into is not made */
        dropped = jk_build_drop_empty(db, before);
    if (!quiet || json) {
        report_outcome out = {&st, files_in, files_seen, files_bad, docs, dropped, in};
        report_run(db, &out, json);
    }
    free(in);
    if (atomic_load(&interrupted)) {
        if (dropped)
            fprintf(stderr, PROG ": interrupted; %s left as it was\n", db);
        else
            fprintf(stderr, PROG ": interrupted; %s keeps the %u file%s indexed before\n", db,
                    files_in, files_in == 1 ? "" : "s");
        return EXIT_INTERRUPTED;
    }
    return warn_bad_tags(st.bad_tag, status);
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {{"db", required_argument, NULL, 'd'},
                                             {"dry-run", no_argument, NULL, 'n'},
                                             {"json", no_argument, NULL, OPT_JSON},
                                             {"explain", no_argument, NULL, OPT_EXPLAIN},
                                             {"rules", required_argument, NULL, OPT_RULES},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {"jobs", required_argument, NULL, 'j'},
                                             {"no-progress", no_argument, NULL, 'P'},
                                             {"list", no_argument, NULL, OPT_LIST},
                                             {"help", no_argument, NULL, 'h'},
                                             {"remove", no_argument, NULL, OPT_REMOVE},
                                             {"check", no_argument, NULL, OPT_CHECK},
                                             {"version", no_argument, NULL, 'V'},
                                             {"paths", no_argument, NULL, OPT_PATHS},
                                             {NULL, 0, NULL, 0}};
    const char *db_opt = NULL, *rules_path = NULL;
    char *db = NULL;
    int dry = 0, json = 0, explain = 0, quiet = 0, progress = 1, c, status, collect_rc = 0,
        list = 0, paths = 0, removing = 0, checking = 0;
    long jobs = sysconf(_SC_NPROCESSORS_ONLN);
    char *end;
    inputs files = {NULL, 0, 0};
    jk_error err;

    if (jobs < 1)
        jobs = 1;
    if (jobs > 8)
        jobs = 8;
    while ((c = getopt_long(argc, argv, "nqj:hV", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db_opt = optarg;
            break;
        case 'n':
            dry = 1;
            break;
        case OPT_LIST:
            list = 1;
            break;
        case OPT_PATHS:
            paths = 1;
            break;
        case OPT_REMOVE:
            removing = 1;
            break;
        case OPT_CHECK:
            checking = 1;
            break;
        case OPT_JSON:
            json = 1;
            break;
        case OPT_EXPLAIN:
            explain = 1;
            break;
        case OPT_RULES:
            rules_path = optarg;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'j':
            jobs = strtol(optarg, &end, 10);
            if (*end || jobs < 1 || jobs > 64) {
                fprintf(stderr, PROG ": --jobs takes a number from 1 to 64, not '%s'\n", optarg);
                return EXIT_FATAL;
            }
            break;
        case 'P':
            progress = 0;
            break;
        case 'h':
            usage(stdout);
            return EXIT_ALL_OK;
        case 'V':
            jk_cli_version(stdout, PROG);
            return EXIT_ALL_OK;
        default:
            fprintf(stderr, "Try '" PROG " --help' for more information.\n");
            return EXIT_FATAL;
        }
    }
    if (explain && !dry) {
        fprintf(stderr, PROG ": --explain goes with --dry-run\n");
        return EXIT_FATAL;
    }
    if (rules_path)
        setenv("JIKENBO_RULES", rules_path, 1); /* the indexer's rules too */
    if (paths && (!list || json)) {
        fprintf(stderr, PROG ": --paths goes with --list, and not with --json\nTry '" PROG
                             " --help' for more information.\n");
        return EXIT_FATAL;
    }
    if (list && (dry || optind < argc)) {
        fprintf(stderr, PROG ": --list takes no files and no --dry-run\nTry '" PROG
                             " --help' for more information.\n");
        return EXIT_FATAL;
    }
    if (removing && (dry || list || optind >= argc)) {
        fprintf(stderr,
                PROG ": --remove takes the files to take out (as --list names them), "
                     "and no --dry-run or --list\nTry '" PROG " --help' for more information.\n");
        return EXIT_FATAL;
    }
    if (checking && (dry || list || removing || optind < argc)) {
        fprintf(stderr,
                PROG ": --check takes no files and no --dry-run, --list or --remove\nTry '" PROG
                     " --help' for more information.\n");
        return EXIT_FATAL;
    }
    /* every mode but --dry-run works on the index */
    if (!dry && jk_paths_db(db_opt, &db, &err) != JK_OK) {
        fprintf(stderr, PROG ": %s\n", err.msg);
        return EXIT_FATAL;
    }
    if (!dry)
        jk_crash_note(PROG, db, checking);
    if (checking || removing || list) {
        if (checking) {
            status = admin_check(db, quiet, json);
        } else if (removing) {
            catch_signals();
            status =
                admin_remove(db, argv + optind, (size_t)(argc - optind), quiet, json, &interrupted);
        } else {
            status = admin_list(db, json, paths);
        }
        free(db);
        return status;
    }
    if (optind >= argc) {
        fprintf(stderr, PROG ": no input files\nTry '" PROG " --help' for more information.\n");
        free(db);
        return EXIT_FATAL;
    }
    for (int i = optind; i < argc; i++) {
        struct stat st;
        if (strcmp(argv[i], "-") != 0 && stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            size_t before = files.n;
            collect_rc |= inputs_add_dir(argv[i], &files);
            if (files.n == before) {
                fprintf(stderr, PROG ": %s: no *.txt archive files in or below this directory\n",
                        argv[i]);
                collect_rc = 1; /* an input that gave nothing: exit status 1 */
            }
        } else if (inputs_add(&files, argv[i])) {
            fprintf(stderr, PROG ": out of memory\n");
            inputs_free(&files);
            free(db);
            return EXIT_FATAL;
        }
    }
    if (dry) {
        status = dry_run(&files, json, explain, rules_path);
    } else {
        catch_signals();
        if (jobs > 1 && files.n > 1 && jk_build_is_new(db))
            status = build_new(db, &files, quiet, json, progress, (int)jobs);
        else
            status = index_files(db, &files, quiet, json, progress);
    }
    free(db);
    inputs_free(&files);
    if (status == EXIT_ALL_OK && collect_rc)
        status = EXIT_REJECTED;
    return status;
}
