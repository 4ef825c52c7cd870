/* jk_pairs: a term for each pair of adjacent content words, so a quoted
 * phrase is found from posting lists instead of word positions.
 *
 * Counting a phrase exactly means checking the word positions of every
 * document that has all its words: "不正アクセス" at 100k notices is 49k
 * documents and two position lists each, 20 ms, while one posting list of the
 * same length takes 5. So the indexer also writes, for two content words at
 * adjacent positions (same line, same field), the term "XP" word1 " " word2
 * (no positions, the words' wdf). A two-word phrase is then that term alone;
 * a longer phrase is still checked by positions, but only in the documents
 * that hold all its pairs. (Elasticsearch's index_phrases does the same for
 * every pair; jikenbo leaves out pairs with a word that is hiragana only or
 * digits only, する, いる, こと, 5, whose pairs are many and rarely searched,
 * to keep the index smaller.)
 *
 * Both sides call jk_pairs_term, so the index and the query agree on which
 * pairs exist. No state; nothing to free.
 */
#ifndef JK_PAIRS_H
#define JK_PAIRS_H

#include <stddef.h>

#define JK_PREFIX_PAIR "XP"

/* 1 if the term (len bytes) takes part in pairs: not hiragana only, not ASCII
 * digits only. */
int jk_pairs_content(const char *term, size_t len);

/* Writes the pair term of a and b (both content words) into out (room for
 * outlen bytes, NUL-terminated) and returns its length; 0 when the pair would
 * be longer than a Xapian term may be (such a pair is not indexed). */
size_t jk_pairs_term(const char *a, size_t alen, const char *b, size_t blen, char *out,
                     size_t outlen);

#endif
