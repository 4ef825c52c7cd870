#include "admin.h"

#include "jk_check.h"
#include "jk_cli.h"
#include "jk_files.h"
#include "jk_index.h"
#include "jk_json.h"
#include "jk_paths.h"
#include "report.h"

#include <stdio.h>
#include <time.h>

typedef struct list_ctx {
    unsigned files, notices, changed, gone;
    int json, paths;
} list_ctx;

static int print_file(const char *file, unsigned notices, jk_file_state state, void *payload)
{
    static const char *const note[] = {"", "  (changed since it was indexed)", "  (gone)",
                                       "  (read from standard input)", ""};
    static const char *const slug[] = {"same", "changed", "gone", "stdin", "unread"};
    list_ctx *c = payload;
    if (c->paths) { /* for scripts and completion: nothing but the path */
        jk_cli_put_str(stdout, file);
        putchar('\n');
        return 0;
    }
    if (c->json) { /* one object per file, JSON Lines as --dry-run --json */
        jk_buf b = JK_BUF_INIT;
        int rc = 0;
        jk_buf_putc(&b, &rc, '{');
        jk_json_key(&b, &rc, "file", 1);
        jk_json_cstr(&b, &rc, file);
        jk_json_key(&b, &rc, "notices", 0);
        jk_buf_printf(&b, &rc, "%u", notices);
        jk_json_key(&b, &rc, "state", 0);
        jk_json_cstr(&b, &rc, slug[state]);
        report_object(&b, rc);
    } else {
        printf("%7u  ", notices);
        jk_cli_put_str(stdout, file);
        puts(note[state]);
    }
    c->files++;
    c->notices += notices;
    c->changed += state == JK_FILE_CHANGED;
    c->gone += state == JK_FILE_GONE;
    return 0;
}

int admin_list(const char *db, int json, int paths)
{
    list_ctx c = {0, 0, 0, 0, json, paths};
    unsigned docs = 0;
    jk_error err;
    if (jk_files_list(db, !paths, print_file, &c, &docs, &err) != JK_OK) {
        fprintf(stderr, PROG ": %s\n", err.msg);
        return EXIT_FATAL;
    }
    if (json || paths)
        return EXIT_ALL_OK;
    printf("%u file%s (%u notices in them); %s holds %u notice%s\n", c.files,
           c.files == 1 ? "" : "s", c.notices, db, docs, docs == 1 ? "" : "s");
    if (c.changed)
        printf("%u changed since indexed: index %s\n", c.changed,
               c.changed == 1 ? "it again to update its notices"
                              : "them again to update their notices");
    if (c.gone)
        printf("%u gone from where %s indexed (moved or deleted): %s notices stay in the "
               "index\n",
               c.gone, c.gone == 1 ? "it was" : "they were", c.gone == 1 ? "its" : "their");
    return EXIT_ALL_OK;
}

int admin_remove(const char *db, char *const *labels, size_t n, int quiet, int json,
                 const atomic_int *stop)
{
    jk_index *ix = NULL;
    jk_error err;
    unsigned removed = 0, files = 0, missing = 0, docs = 0;

    if (jk_paths_kind(db) != JK_PATH_INDEX) {
        fprintf(stderr, PROG ": no index at %s: nothing to remove\n", db);
        return EXIT_FATAL;
    }
    if (jk_index_open(&ix, db, &err) != JK_OK) {
        fprintf(stderr, PROG ": %s\n", err.msg);
        return EXIT_FATAL;
    }
    for (size_t i = 0; i < n && !atomic_load(stop); i++) {
        unsigned r = 0;
        int rc = jk_index_remove_file(ix, labels[i], &r, &err);
        if (rc == JK_ENOTFOUND) {
            fprintf(stderr, PROG ": %s; nothing removed for it\n", err.msg);
            missing++;
            continue;
        }
        if (rc) {
            fprintf(stderr, PROG ": %s: %s\n" PROG ": stopped; the files before it are out\n",
                    labels[i], err.msg);
            jk_index_free(ix);
            return EXIT_FATAL;
        }
        files++;
        removed += r;
    }
    if (jk_index_doccount(ix, &docs, &err) != JK_OK)
        docs = 0;
    jk_index_free(ix);
    if (json) {
        report_summary(db, NULL, 0,
                       "\"files\":{\"removed\":%u,\"not_in_index\":%u},\"notices\":{\"removed\":%u}"
                       ",\"total\":%u",
                       files, missing, removed, docs);
    } else if (!quiet) {
        printf("%u file%s taken out, %u notice%s removed; "
               "%s holds %u notice%s\n",
               files, files == 1 ? "" : "s", removed, removed == 1 ? "" : "s", db, docs,
               docs == 1 ? "" : "s");
    }
    if (atomic_load(stop))
        return EXIT_INTERRUPTED;
    return missing ? EXIT_REJECTED : EXIT_ALL_OK;
}

int admin_check(const char *db, int quiet, int json)
{
    struct timespec t0, t1;
    unsigned docs = 0;
    double secs;
    jk_error err;
    int rc;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    rc = jk_check_index(db, &docs, &err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (rc != JK_OK && rc != JK_ECORRUPT && rc != JK_EVERSION) {
        fprintf(stderr, PROG ": %s; not checked\n", err.msg);
        return EXIT_FATAL;
    }
    if (rc)
        fprintf(stderr, PROG ": %s\n", err.msg);
    if (json) {
        jk_buf b = JK_BUF_INIT;
        int brc = 0;
        jk_buf_putc(&b, &brc, '{');
        jk_json_key(&b, &brc, "db", 1);
        jk_json_cstr(&b, &brc, db);
        jk_json_key(&b, &brc, "sound", 0);
        jk_buf_puts(&b, &brc, rc ? "false" : "true");
        jk_json_key(&b, &brc, "notices", 0);
        jk_buf_printf(&b, &brc, "%u", docs);
        jk_json_key(&b, &brc, "fault", 0);
        if (rc)
            jk_json_cstr(&b, &brc, err.msg);
        else
            jk_buf_puts(&b, &brc, "null");
        jk_json_key(&b, &brc, "seconds", 0);
        jk_buf_printf(&b, &brc, "%.2f", secs);
        report_object(&b, brc);
    } else if (!quiet && rc == JK_OK) {
        printf("%s is sound: %u notice%s; every block of every table read, the tables, the "
               "vocabulary and the term bitmaps agree (%.1f s)\n",
               db, docs, docs == 1 ? "" : "s", secs);
    }
    return rc ? EXIT_REJECTED : EXIT_ALL_OK;
}
