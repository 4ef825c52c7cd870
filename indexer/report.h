/* report: what jikenbo-index prints on stdout (a line per run for people,
 * one JSON object for scripts), its name and its exit statuses. */
#ifndef JK_INDEXER_REPORT_H
#define JK_INDEXER_REPORT_H

#include "jk_buf.h"
#include "jk_classify.h"
#include "jk_index.h"
#include "jk_notice.h"

#define PROG "jikenbo-index"

enum { EXIT_ALL_OK = 0, EXIT_REJECTED = 1, EXIT_FATAL = 2, EXIT_INTERRUPTED = 130 };

/* Closes the JSON object in b, prints it as one line (unless building it
 * failed: rc) and frees b's memory. */
void report_object(jk_buf *b, int rc);

/* A run's summary as one JSON object: the index, then fields (text after a
 * comma, as printf's fmt makes it), then, unless files is NULL, the list
 * files[0..nfiles) as "indexed_files". */
void report_summary(const char *db, const char *const *files, unsigned nfiles, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* A post found by --dry-run: one tab-separated line, or with json one JSON
 * object (README lists the fields). */
void report_post(const char *file, const jk_post *p, const jk_labels *lab, int json);

/* What an indexing run did: files_in went in (named in[0..files_in), as the
 * index records them), seen were in already, rejected were not taken; docs
 * is what the index holds after, and dropped says that no index was made at
 * db (nothing went into a new one). */
typedef struct report_outcome {
    const jk_index_stats *st;
    unsigned files_in, seen, rejected, docs;
    int dropped;
    const char *const *in;
} report_outcome;

/* The run's summary: two lines (naming the files that went in, up to
 * REPORT_NAMED of them), or with json one object (all of them, as
 * indexed_files: what a script asks its questions of, with file:). */
#define REPORT_NAMED 3
void report_run(const char *db, const report_outcome *o, int json);

#endif
