/* admin: the modes of jikenbo-index that look after an index rather than
 * add to it: --list, --remove and --check. Each prints its report (text, or
 * one JSON object with json) and returns the program's exit status. */
#ifndef JK_INDEXER_ADMIN_H
#define JK_INDEXER_ADMIN_H

#include <stdatomic.h>
#include <stddef.h>

/* --list: the files the index at db was built from, each with its notices
 * and whether the file there still has the bytes indexed; with paths, only
 * their paths, one per line, and no file is read. Reads only. */
int admin_list(const char *db, int json, int paths);

/* --remove: takes each file (labels: their paths as the index records them)
 * out of the index at db, with the notices that no other indexed file
 * holds; stops between files once *stop is set. */
int admin_remove(const char *db, char *const *labels, size_t n, int quiet, int json,
                 const atomic_int *stop);

/* --check: whether the index at db is sound (jk_check.h). Exit status 0
 * sound, 1 damaged or built by another jikenbo, 2 not checked. */
int admin_check(const char *db, int quiet, int json);

#endif
