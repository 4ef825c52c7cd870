/* jk_check: whether an index is sound (jikenbo-index --check).
 *
 * Takes the index's writer lock for the time it reads, so that no indexer's
 * commit moves blocks under it (where no lock can be made, as on a read-only
 * file system, no indexer can write either), then checks, in order, and
 * stops at the first fault:
 *  - that it opens, and that this jikenbo can use it (its schema version and
 *    analyzer, jk_schema_check);
 *  - Xapian's own check of every block of every table and of the tables
 *    against each other (jk_xdb_check: a few seconds at 100k notices);
 *  - that its vocabulary lists exactly its words (jk_vocab_check);
 *  - that the bitmaps that count its most frequent terms' matches hold
 *    exactly their posting lists (jk_xdb_bitmaps_check).
 * Nothing is written.
 */
#ifndef JK_CHECK_H
#define JK_CHECK_H

#include "jk_error.h"

/* Checks the index at path and stores its notices in *notices. Returns
 * JK_OK when it is sound; JK_ECORRUPT (damaged) or JK_EVERSION (built by
 * another jikenbo) with what was found and what to do; or the error that
 * kept it from checking: JK_ENOTFOUND (no index there), JK_ELOCKED (an
 * indexer is writing to it), JK_ENOMEM, ... */
int jk_check_index(const char *path, unsigned *notices, jk_error *err);

#endif
