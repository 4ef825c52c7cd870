/* jk_schema: the layout of a jikenbo index, shared by indexer and searcher.
 *
 * Terms (Omega's conventions): plain terms for title and body text, with
 * positions (a title word counts JK_TITLE_WDF times, a word of a clause that
 * denies something none: jk_negation.h); XP pairs of adjacent
 * content words, no positions (jk_pairs.h); O organisation terms; boolean filter terms Q
 * (the release's unique key), XI (notice id), Y (year), XC (cause), XS (sector), XF (each
 * archive file the release is in, by the file's id: see JK_META_FILE_PREFIX). Values: date,
 * year, cause list, sector, sortable id. Document data: a jk_record with the fields below.
 * Metadata: the analyzer that built the index and the content hash of every archive file indexed.
 */
#ifndef JK_SCHEMA_H
#define JK_SCHEMA_H

#include "jk_error.h"
#include "jk_xapian.h"

#define JK_SCHEMA_VERSION "6"

/* Bump when the same notice under the same facet rules makes another
 * document (2: the words of a denied clause weigh nothing, jk_negation.h;
 * 3: a title's date is found with a weekday or a word after it).
 * It is part of each file's record and each notice's signature, so the next
 * run of the indexer over the archive builds every notice's document again,
 * as for changed rules; an index that was never updated keeps working. */
#define JK_DOC_SCHEME "3"

#define JK_PREFIX_KEY "Q"
#define JK_PREFIX_ID "XI"
#define JK_PREFIX_YEAR "Y"
#define JK_PREFIX_CAUSE "XC"
#define JK_PREFIX_SECTOR "XS"
#define JK_PREFIX_ORG "O"
#define JK_PREFIX_FILE "XF"

enum jk_slot {
    JK_SLOT_DATE = 0,   /* "YYYYMMDD", empty when the notice has no date */
    JK_SLOT_YEAR = 1,   /* "YYYY" */
    JK_SLOT_CAUSE = 2,  /* cause slugs joined by JK_LABEL_SEP */
    JK_SLOT_SECTOR = 3, /* sector slug */
    JK_SLOT_ORDER = 4,  /* date, id number and release, for --sort date (jk_order.h) */
    JK_SLOT_FACETS = 5  /* 4 bytes for fast exact counts: cause bits (16, little-endian),
                           sector index, year - 1900 (see jk_xapian.h, packed facets) */
};

#define JK_LABEL_SEP ','

/* Body terms start this many positions after the title's, and each new line
 * adds JK_LINE_GAP, so phrases never match across title, body or lines. */
#define JK_BODY_GAP 100
#define JK_LINE_GAP 8

/* A word of the title weighs as this many occurrences in the body. (A separate
 * S-prefixed title term did the same through a second posting list per word,
 * ~10% more terms to write and an OR in every query.) */
#define JK_TITLE_WDF 4

#define JK_META_ANALYZER "jikenbo.analyzer"
#define JK_META_SCHEMA "jikenbo.schema"
/* A file's record: JK_META_FILE_PREFIX + sha256 of its bytes ":" rules id
 * "/" JK_DOC_SCHEME ->
 * "path\tnotices\tfile id". The file id (JK_FILE_ID_LEN hex digits, made from
 * the bytes and path it was first indexed with and held by no other record:
 * jk_files_new_id) stays with the file when it moves or changes, and its
 * releases carry the term JK_PREFIX_FILE + id. */
#define JK_META_FILE_PREFIX "file:"
#define JK_FILE_ID_LEN 12

/* The metadata key that records an indexed file: its bytes' SHA-256 (64 hex
 * digits), the facet rules that labelled it and JK_DOC_SCHEME, into out (at
 * least 128 bytes). */
void jk_schema_file_key(const char *sha_hex, const char *rules_id, char *out, size_t outlen);

/* Checks that db was built by this schema and analyzer_id. An index with no
 * such record yet (new) passes. A mismatch is JK_EVERSION with a message that
 * names both and says how to rebuild the index at path. */
int jk_schema_check(jk_xdb *db, const char *path, const char *analyzer_id, jk_error *err);

/* Opens the index at path read-only and checks it (see above; a NULL
 * analyzer_id skips the check, for what reads only the index's records). A
 * missing index is JK_ENOTFOUND with a message saying how to build one; a
 * file, another directory or a damaged index are named as such. */
int jk_schema_open_reader(jk_xdb **out, const char *path, const char *analyzer_id, jk_error *err);

/* What to do with a damaged index (the end of a message). */
#define JK_SCHEMA_REBUILD "build it again from the archive: 'jikenbo-index --db NEW_DIR ARCHIVE...'"

/* Rewrites err (code rc, already set) as an index at path that cannot be
 * read, with what to do if it is damaged (build it again from the archive);
 * returns rc. For Xapian's errors on reading an index that opened, such as
 * a block that ends early. */
int jk_schema_damaged(const char *path, int rc, jk_error *err);

#endif
