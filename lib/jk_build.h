/* jk_build: a new index from many archive files at once, on several threads.
 *
 * Used when the index does not exist yet (the first import of an archive):
 * every file is read and parsed, releases that appear more than once are
 * resolved as one-file-at-a-time indexing would (the last one read wins), the
 * notices are split into one shard per thread, each thread analyses and writes
 * its shard, and the shards are merged with Xapian's compaction into a
 * temporary directory that is renamed into place at the end: until then path
 * holds only an empty index (the writer's lock), so an interrupted build leaves
 * nothing half-written.
 * An existing index is extended with jk_index instead (file by file).
 */
#ifndef JK_BUILD_H
#define JK_BUILD_H

#include "jk_error.h"
#include "jk_index.h"
#include "jk_paths.h"

#include <stdatomic.h>
#include <stddef.h>

/* Told about each input file that is not indexed: rc is JK_EINPUT or JK_EIO
 * with the message (naming the file), or JK_OK with a NULL message for a file
 * whose bytes were already read under another name. */
typedef void (*jk_build_file_cb)(const char *file, int rc, const char *msg, void *payload);

/* What a new build does, in this order; progress reports notices during
 * JK_BUILD_BUILDING. */
typedef enum jk_build_phase {
    JK_BUILD_READING,  /* reading and parsing the files */
    JK_BUILD_BUILDING, /* building the shards */
    JK_BUILD_MERGING   /* merging the shards into the index */
} jk_build_phase;

/* Told when the build starts a phase, for a progress display; what says it
 * in words ("merging the shards"; a static string). */
typedef void (*jk_build_phase_cb)(jk_build_phase phase, const char *what, void *payload);

typedef struct jk_build_opts {
    int jobs;                      /* threads (>= 1) */
    jk_build_file_cb on_file;      /* may be NULL */
    jk_index_progress_cb progress; /* notices done of all; may be NULL */
    void *payload;                 /* for all three callbacks */
    jk_build_phase_cb phase;       /* may be NULL */
    /* May be NULL. Once it is non-zero (set by any thread or a signal
     * handler; borrowed for the call), the build stops at the next notice or
     * file, or before it puts the merged index in place, and returns
     * JK_ECANCELED with path as it was. */
    atomic_int *stop;
} jk_build_opts;

/* True if path holds no index yet: nothing, an empty directory, or an index
 * with no notice in it (what a first build that was killed leaves: the empty
 * index that held its lock), which jk_build_new then replaces. */
int jk_build_is_new(const char *path);

/* Builds the index at path from files ("-" is standard input). *files_in gets
 * how many files went in. JK_EINVAL if path already holds something. When no
 * file goes in (every one rejected), no index is made: path stays as it was. */
int jk_build_new(const char *path, char *const *files, size_t nfiles, const jk_build_opts *o,
                 jk_index_stats *st, unsigned *files_in, jk_error *err);

/* For a run that found path as before (JK_PATH_NONE or JK_PATH_EMPTY) and
 * put nothing in it: removes the index at path if it holds no notice or
 * cannot be opened (its creation failed half way), and leaves path as it was
 * (nothing, or an empty directory). Returns 1 if it removed something. Call
 * it after closing the index. */
int jk_build_drop_empty(const char *path, jk_path_kind before);

#endif
