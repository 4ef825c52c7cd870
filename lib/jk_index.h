/* jk_index: the indexing pipeline. An archive file goes in as one Xapian
 * transaction: all of its notices, and the record of its content hash, or
 * nothing. The indexer program is a thin layer over this.
 *
 * A jk_index owns a writable database (the single writer: a second one gets
 * JK_ELOCKED at once) and an analyzer; free it with jk_index_free, which
 * cancels any unfinished transaction.
 */
#ifndef JK_INDEX_H
#define JK_INDEX_H

#include "jk_error.h"
#include "jk_notice.h"

#include <stddef.h>

typedef struct jk_index jk_index;

typedef struct jk_index_stats {
    unsigned added;     /* notices new to the index */
    unsigned updated;   /* notices whose key was there with other content */
    unsigned unchanged; /* notices already there as they are */
    unsigned other;     /* other posts skipped */
    unsigned bad_tag;   /* of them, titled like a notice but with no valid id (jk_post.bad_tag) */
    unsigned removed;   /* notices gone from a file indexed again and held by no other file */
} jk_index_stats;

/* Called after each notice of a file with how many are done of how many. */
typedef void (*jk_index_progress_cb)(size_t done, size_t total, void *payload);

/* Opens (creating if needed) the index at path for writing. */
int jk_index_open(jk_index **out, const char *path, jk_error *err);
void jk_index_free(jk_index *ix);

/* True (1) if a file with exactly these bytes was indexed before. If it was
 * under another path than label and that path is gone, the month was moved:
 * its notices show label from now on (the index records the new path;
 * nothing is read again). A copy beside the old path changes nothing. */
int jk_index_has_file(jk_index *ix, const char *label, const char *buf, size_t len, int *out,
                      jk_error *err);

/* Indexes one archive file's bytes; label is the path as the user gave it
 * (stored with each notice). Adds to *st. A file indexed before under label
 * (or moved there) with other bytes is replaced: a release it no longer holds
 * goes from the index, unless another indexed file holds it too. On more than one CPU, a thread
 * builds the documents for the duration of the call (jk_docq.h). A file that is not an archive
 * (empty, binary, invalid UTF-8, no notices) is JK_EINPUT and changes nothing. */
int jk_index_file(jk_index *ix, const char *label, const char *buf, size_t len, jk_index_stats *st,
                  jk_index_progress_cb progress, void *payload, jk_error *err);

/* Takes the archive file recorded as label (as jk_files_list names it; the
 * file itself is not read, and may be gone) out of the index, in one
 * transaction: its record, and the releases no other indexed file holds
 * (*removed counts them). JK_ENOTFOUND if the index records no such file. */
int jk_index_remove_file(jk_index *ix, const char *label, unsigned *removed, jk_error *err);

/* Number of documents in the index. */
int jk_index_doccount(jk_index *ix, unsigned *out, jk_error *err);

#endif
