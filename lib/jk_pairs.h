/* jk_pairs: a term for each pair of adjacent frequent words, so a quoted
 * phrase of such words is found from posting lists instead of word positions.
 *
 * Counting a phrase exactly means checking the word positions of every
 * document that has all its words, which is slow only when all its words are
 * frequent: "不正アクセス" at 100k notices is 49k documents and two position
 * lists each, 20 ms, while one posting list of the same length takes 5. So
 * the indexer also writes, for two words of dict/pairwords.txt at adjacent
 * positions (same line, same field), the term "XP" word1 " " word2 (no
 * positions, the words' wdf). A two-word phrase of such words is then that
 * term alone; a longer phrase is still checked by positions, but only in the
 * documents that hold all its pairs; a phrase with a rarer word keeps the
 * position check, cheap because its documents are few. (Lucene's
 * CommonGramsFilter; Elasticsearch's index_phrases indexes every pair, which
 * measured here made the index grow by a third, mostly with pairs that occur
 * once in real text.)
 *
 * dict/pairwords.txt lists the words in at least 5% of real notices (made by
 * bench-words; 390 words); a word that is hiragana or digits only (する, こと,
 * 5) is never listed, its pairs being many and rarely searched. At 10k
 * notices this makes building 13% slower and the index 13% bigger; every
 * pair of content words cost 20-45% and 21%. The list is part of the
 * analyzer's identity: an index built with another list must be rebuilt.
 *
 * A jk_pairs set is owned by its analyzer (jk_analyzer_pairs); both sides call
 * jk_pairs_term, so the index and the query agree on which pairs exist.
 */
#ifndef JK_PAIRS_H
#define JK_PAIRS_H

#include "jk_error.h"

#include <stddef.h>

#define JK_PREFIX_PAIR "XP"

typedef struct jk_pairs jk_pairs;

/* An empty set; words are added with jk_pairs_add. */
int jk_pairs_new(jk_pairs **out, jk_error *err);
void jk_pairs_free(jk_pairs *p);
int jk_pairs_add(jk_pairs *p, const char *word, size_t len, jk_error *err);

/* 1 if word (len bytes) is in the set. */
int jk_pairs_has(const jk_pairs *p, const char *word, size_t len);

/* 1 if the term may be listed at all: not hiragana only, not ASCII digits only. */
int jk_pairs_content(const char *term, size_t len);

/* Writes the pair term of words a and b into out (room for outlen bytes,
 * NUL-terminated) and returns its length; 0 when either word is not in p, or
 * the pair would be longer than a Xapian term may be (no such pair is indexed). */
size_t jk_pairs_term(const jk_pairs *p, const char *a, size_t alen, const char *b, size_t blen,
                     char *out, size_t outlen);

/* jk_pairs_term for a caller that has already found both words in the set
 * (the indexer, which looks each word up once as it passes). */
size_t jk_pairs_write(const char *a, size_t alen, const char *b, size_t blen, char *out,
                      size_t outlen);

#endif
