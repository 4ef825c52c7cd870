/* jk_ngram: jikenbo's second representation of text, character n-grams, so
 * that any part of a word is found (ランサム in ランサムウェア, ウイルス in
 * コンピュータウイルス, a product name MeCab does not know).
 *
 * The normalised text is cut into runs of letters and digits (kana, kanji,
 * Latin; spaces and punctuation end a run). Each run gives its bigrams as XB
 * terms, and each non-ASCII character a unigram XU term, for one-character
 * queries (県). A query of several characters matches documents that have all
 * of its bigrams. The terms carry no positions: positions of every character
 * were 70% of the index on disk and a third of the indexing time (bench, 10k
 * notices: 251 MB and 25 s with positions, 130 MB and 16 s without), while the
 * n-grams are only the fallback under a word's own terms, and snippets mark
 * the query's exact characters, so the loss in precision does not reach the
 * top of the results (bench/eval measures it). Why bigrams: Japanese words are mostly two
 * kanji or more, so every word of two characters or more is one term or a
 * phrase of terms; trigrams would leave two-character words (流出, 漏えい's
 * 漏え) unfindable, as SQLite's trigram tokenizer does. The noise n-grams
 * bring (京都 inside 東京都) is kept out of the top by the query: a word's own
 * MeCab terms weigh four times its n-grams (see jk_query.c).
 */
#ifndef JK_NGRAM_H
#define JK_NGRAM_H

#include <stddef.h>

#define JK_PREFIX_BIGRAM "XB"
#define JK_PREFIX_UNIGRAM "XU"
#define JK_NGRAM_RUN_GAP 2 /* positions between runs: phrases never cross them */

/* Called for each n-gram term (prefix included; borrowed, valid during the call).
 * pos is the bigram's place in the text (counted from *pos), 0 for unigrams;
 * run the run it belongs to. A non-zero return stops. */
typedef int (*jk_ngram_cb)(const char *term, size_t len, unsigned pos, int run, void *payload);

/* Emits the n-grams of the normalised text[0..len), numbering bigram positions
 * from *pos + 1 and leaving *pos at the last one used. run counts runs from 0. */
int jk_ngrams(const char *text, size_t len, unsigned *pos, jk_ngram_cb cb, void *payload);

#endif
