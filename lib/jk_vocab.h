/* jk_vocab: the index's vocabulary, jikenbo's second way to find a word: by
 * its characters. A query word that is only PART of an indexed word
 * (ランサム in ランサムウェア, ウイルス in コンピューターウイルス, a product
 * name MeCab cuts differently, 県 in 県立) finds the indexed words that contain
 * its characters; the query then asks for those words (jk_query.c), weighted
 * below the word's own terms so documents with the word itself rank first,
 * and with no noise from characters that merely sit side by side across words
 * (京都 is not found in 東京都, which MeCab reads 東京 | 都).
 *
 * Why not character n-grams of every document (jikenbo's first design, and
 * Xapian's FLAG_CJK_NGRAM): they are 500 of a notice's 640 distinct terms, so
 * they made indexing 2.5x slower and the index 1.7x bigger (bench, 10,000
 * notices: 21 s and 130 MB with them, 8.5 s and 77 MB without), and every
 * query paid for an n-gram conjunction. The vocabulary is small (the words of
 * all notices once: a few MB for years of archives) and a substring scan of
 * it takes well under a millisecond.
 *
 * Stored in the index's metadata (JK_META_VOCAB: every plain term once, in
 * byte order, each followed by '\n'), written in the same transaction as the
 * documents, so it always matches them. A term that no document has any more
 * drops out when the vocabulary is next written.
 */
#ifndef JK_VOCAB_H
#define JK_VOCAB_H

#include "jk_error.h"
#include "jk_xapian.h"

#include <stddef.h>

#define JK_META_VOCAB "jikenbo.vocab"
#define JK_META_VOCAB_SIG "jikenbo.vocab.sig" /* SHA-256 of the vocabulary, 16 hex digits */

/* Writes db's vocabulary (its plain terms, which start with no upper-case
 * ASCII prefix) into db's metadata; db must be writable. Inside a transaction
 * it sees the transaction's documents. */
int jk_vocab_store(jk_xdb *db, jk_error *err);

/* Checks that db's stored vocabulary lists exactly its plain terms, as
 * jk_vocab_store would write them now, with the right signature: JK_OK, or
 * JK_ECORRUPT saying how they differ. */
int jk_vocab_check(jk_xdb *db, jk_error *err);

typedef struct jk_vocab jk_vocab;

/* Reads the vocabulary of db (an index with none gives an empty one). */
int jk_vocab_load(jk_vocab **out, jk_xdb *db, jk_error *err);
void jk_vocab_free(jk_vocab *v);

/* Re-reads *v if db's vocabulary changed since it was loaded (a cheap check
 * of its signature otherwise). On error *v is left as it was. */
int jk_vocab_refresh(jk_vocab **v, jk_xdb *db, jk_error *err);

/* Calls cb for each term that contains needle[0..len) (len > 0), in byte
 * order, once each; term is borrowed (not NUL-terminated), valid while v is.
 * A non-zero return from cb stops and is returned. */
typedef int (*jk_vocab_cb)(const char *term, size_t len, void *payload);
int jk_vocab_find(const jk_vocab *v, const char *needle, size_t len, jk_vocab_cb cb, void *payload);

/* The edits between a[0..alen) and b[0..blen) as jk_vocab_near counts
 * them, or maxdist + 1 if more (maxdist at most 2; words of more than
 * JK_VOCAB_NEAR_MAX characters are always too far). */
unsigned jk_vocab_distance(const char *a, size_t alen, const char *b, size_t blen,
                           unsigned maxdist);

/* Calls cb for each term within maxdist edits of word[0..len) (a
 * character inserted, deleted or replaced, or two neighbours swapped;
 * characters are code points), the word itself excepted, with its distance
 * (term borrowed for the call, not NUL-terminated);
 * in byte order. Words of more than JK_VOCAB_NEAR_MAX characters find
 * nothing. A non-zero return from cb stops and is returned. */
#define JK_VOCAB_NEAR_MAX 48
typedef int (*jk_vocab_near_cb)(const char *term, size_t len, unsigned dist, void *payload);
int jk_vocab_near(const jk_vocab *v, const char *word, size_t len, unsigned maxdist,
                  jk_vocab_near_cb cb, void *payload);

#endif
