/* jk_paths: where jikenbo finds its dictionaries and its default index.
 *
 * Dictionaries: $JIKENBO_SYSDIC, else the build's ipadic-utf8 directory; the
 * user dictionary and mecabrc: $JIKENBO_DICTDIR, else the build tree's dict/
 * when the program's executable lies in the build tree and it has them, else
 * the installed data directory (an installed copy never reads the build
 * tree). The returned strings are static or from the environment:
 * borrowed, never freed.
 */
#ifndef JK_PATHS_H
#define JK_PATHS_H

#include "jk_error.h"

const char *jk_paths_sysdic(void);
const char *jk_paths_dictdir(void);
/* What to do when jk_paths_dictdir's directory lacks a file: build, install
 * or set $JIKENBO_DICTDIR (a static string). */
const char *jk_paths_dictdir_hint(void);

/* The index directory: given (--db; may be NULL, and an empty one is an
 * error), else $JIKENBO_DB, else $XDG_DATA_HOME/jikenbo/db, else
 * $HOME/.local/share/jikenbo/db. *out is malloc'd (caller frees). */
int jk_paths_db(const char *given, char **out, jk_error *err);

/* Creates dir and its missing parents (mode 0755). */
int jk_paths_mkdirs(const char *dir, jk_error *err);

/* What is at path, for a writer about to put an index there. */
typedef enum jk_path_kind {
    JK_PATH_NONE,      /* nothing */
    JK_PATH_EMPTY,     /* an empty directory */
    JK_PATH_INDEX,     /* a directory with Xapian's lock or version file: an index */
    JK_PATH_OTHER,     /* a directory of other files and no index */
    JK_PATH_FILE,      /* not a directory */
    JK_PATH_UNREADABLE /* a directory that cannot be listed */
} jk_path_kind;
jk_path_kind jk_paths_kind(const char *path);

/* Removes the file or directory tree at path, as far as it can. */
void jk_paths_remove_tree(const char *path);

/* Scratch directories beside an index: "<index>.<kind>-<pid>", where kind is
 * "build" (the shards and merged index of a new index) or "old" (the empty
 * index it replaces). jk_paths_scratch writes the name for this process into
 * buf; jk_paths_mark_scratch marks a directory as scratch (a file in it).
 * jk_paths_remove_scratch removes the marked scratch directories of the index
 * whose process is gone (killed mid-build), or is this one (an earlier run
 * whose removal failed): a writer calls it once it holds the index's lock.
 * Another live writer's directory, and a directory that only looks like
 * scratch (a user's index named "db.build-7"), are left alone. */
void jk_paths_scratch(const char *index, const char *kind, char *buf, size_t size);
int jk_paths_mark_scratch(const char *dir, jk_error *err);
void jk_paths_remove_scratch(const char *index);

#endif
