/* inputs: the archive files jikenbo-index reads, in the order given, a
 * directory's *.txt files below it in name order. */
#ifndef JK_INDEXER_INPUTS_H
#define JK_INDEXER_INPUTS_H

#include <stddef.h>

/* Paths, each a copy owned by the list. */
typedef struct inputs {
    char **v;
    size_t n, cap;
} inputs;

/* Adds a copy of path; -1 when out of memory. */
int inputs_add(inputs *l, const char *path);

/* Adds every *.txt file below dir (hidden entries skipped; a symbolic link
 * back up is not followed twice), in name order. Returns 1 if some of it
 * could not be read (said on stderr) or memory ran out, else 0. */
int inputs_add_dir(const char *dir, inputs *out);

/* Frees the paths and the list's array (not l itself). */
void inputs_free(inputs *l);

#endif
