/* jk_files: the index's record of the archive files it was built from. Each
 * file indexed leaves a record (JK_META_FILE_PREFIX + its content hash and
 * the facet rules' id -> "path\tnotices\tfile id", see jk_schema.h), which
 * lets a file seen before be skipped unread. This module keeps one record per
 * path, finds a path's file id and lists the records.
 */
#ifndef JK_FILES_H
#define JK_FILES_H

#include "jk_error.h"
#include "jk_xapian.h"

/* Removes the records other than key that name path: what an earlier version
 * of the file (or the file under other facet rules) left. db must be
 * writable; call it inside the transaction that writes key. */
int jk_files_drop_stale(jk_xdb *db, const char *key, const char *path, jk_error *err);

/* The file id (JK_FILE_ID_LEN hex digits and a NUL, into id) of a record
 * that names path, other than key's, and (if record is not NULL: 128 bytes)
 * that record's key; *found is 0 (id untouched) if none does. */
int jk_files_id_of(jk_xdb *db, const char *key, const char *path, char *id, char *record,
                   int *found, jk_error *err);

/* The id a file with the bytes whose SHA-256 is hash_hex, read as path, gets
 * if it is new (salt 0; another salt gives another id): JK_FILE_ID_LEN hex
 * digits and a NUL into id. */
void jk_files_make_id(const char *hash_hex, const char *path, unsigned salt, char *id);

/* The id of a file new to the index: jk_files_make_id's, with the first salt
 * whose id no record holds, so that no two files share one. */
int jk_files_new_id(jk_xdb *db, const char *hash_hex, const char *path, char *id, jk_error *err);

/* The file id of the record key, if there is one (*found). */
int jk_files_id_of_key(jk_xdb *db, const char *key, char *id, int *found, jk_error *err);

/* Whether name names the archive file recorded as path, as a file: filter
 * reads it: the whole path; its end after a '/' (sample/2024-05.txt); its base
 * name, with or without a .txt extension in either case (2024-05.txt,
 * 2024-05); for a path recorded relative to where the indexer ran, a full
 * path whose end after a '/' it is (/home/u/sample/2024-05.txt); or, when name
 * holds * ? or [, a shell pattern (fnmatch) that the whole path or its end
 * after a '/' fits (2024-*, sample/2024-0?.txt). */
int jk_files_named(const char *path, const char *name);

/* Calls cb with the path and file id (borrowed for the call) of each record
 * of db that name names (jk_files_named). A non-zero return from cb stops and
 * is returned. */
typedef int (*jk_files_match_cb)(const char *path, const char *id, void *payload);
int jk_files_match(jk_xdb *db, const char *name, jk_files_match_cb cb, void *payload,
                   jk_error *err);

typedef enum jk_file_state {
    JK_FILE_SAME,    /* the file at path has the bytes that were indexed */
    JK_FILE_CHANGED, /* it has other bytes: indexing it again updates the index */
    JK_FILE_GONE,    /* there is no readable file at path */
    JK_FILE_STDIN,   /* it came from standard input: nothing to compare */
    JK_FILE_UNREAD   /* not looked at (jk_files_list without read) */
} jk_file_state;

/* Calls cb for each archive file the index at path records, in path order:
 * its path as last indexed, its notices then, and, when read is set, whether
 * the file there still has those bytes (each file is read and hashed;
 * otherwise every state is JK_FILE_UNREAD and no file is opened). The index
 * is opened read-only (an indexer may be writing), with no check of the
 * dictionary that built it. *notices gets the index's notice count. A
 * non-zero return from cb stops and is returned; strings are borrowed for
 * the call. */
typedef int (*jk_files_cb)(const char *file, unsigned notices, jk_file_state state, void *payload);
int jk_files_list(const char *path, int read, jk_files_cb cb, void *payload, unsigned *notices,
                  jk_error *err);

#endif
