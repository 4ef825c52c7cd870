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
 * Longer phrases that are themselves frequent keep the cost of a position
 * check even with their pairs: "個人情報保護委員会" (個人 情報 保護 委員 会)
 * is in 12% of notices, every one of them holds all four pairs, and checking
 * five position lists in each took 12 ms at 100k notices. So the phrases of
 * dict/phrases.txt (3 to JK_PHRASE_WORDS listed words each, those in at least
 * 5% of real notices, made by bench-words --phrases) are terms too, written
 * the same way: "XP" and the words joined by spaces, wherever the words stand
 * side by side on one line. A quoted phrase that is one of them is that term
 * alone; one that holds some narrows its position check to the documents
 * holding them. (The phrase index of Williams, Zobel and Bahle, "Fast phrase
 * querying with combined indexes", 2004, which also keeps a pair index.)
 *
 * A jk_pairs set is owned by its analyzer (jk_analyzer_pairs); the indexer
 * writes through a jk_pairs_run and the query asks jk_pairs_phrase_term, both
 * over the same set, so the index and the query agree on which terms exist.
 */
#ifndef JK_PAIRS_H
#define JK_PAIRS_H

#include "jk_error.h"

#include <stddef.h>

#define JK_PREFIX_PAIR "XP"
#define JK_PHRASE_WORDS 8     /* the most words a listed phrase may have */
#define JK_PAIRS_WORD_MAX 127 /* the longest word the set takes, in bytes */

typedef struct jk_pairs jk_pairs;

/* An empty set; words are added with jk_pairs_add (at most
 * JK_PAIRS_WORD_MAX bytes each), then phrases with jk_pairs_add_phrase. */
int jk_pairs_new(jk_pairs **out, jk_error *err);
void jk_pairs_free(jk_pairs *p);
int jk_pairs_add(jk_pairs *p, const char *word, size_t len, jk_error *err);

/* 1 if word (len bytes) is in the set. */
int jk_pairs_has(const jk_pairs *p, const char *word, size_t len);

/* 1 if the term may be listed at all: not hiragana only, not ASCII digits only. */
int jk_pairs_content(const char *term, size_t len);

/* Adds the phrase of words[0..n) (NUL-terminated, each already added with
 * jk_pairs_add), n from 3 to JK_PHRASE_WORDS. */
int jk_pairs_add_phrase(jk_pairs *p, const char *const *words, size_t n, jk_error *err);

/* The term of the phrase words[0..n) (NUL-terminated) into out (room for
 * outlen bytes, NUL-terminated), and its length: for two listed words their
 * pair, for more a listed phrase; 0 when there is no such term, or it would be
 * longer than a Xapian term may be (no such term is indexed). */
size_t jk_pairs_phrase_term(const jk_pairs *p, const char *const *words, size_t n, char *out,
                            size_t outlen);

/* The indexer's side: the run of listed words at consecutive positions that
 * the text has just passed, and the terms each new word ends. Owned by the
 * caller (no heap; about 1 KB); set up with jk_pairs_run_init. */
typedef struct jk_pairs_run {
    const jk_pairs *p;
    int every;                                         /* every 2..JK_PHRASE_WORDS suffix */
    unsigned n, head, last_pos;                        /* words kept; the oldest's slot */
    size_t len[JK_PHRASE_WORDS];                       /* ring of the last words */
    char word[JK_PHRASE_WORDS][JK_PAIRS_WORD_MAX + 1]; /* slot (head + i) % max */
} jk_pairs_run;

/* every: report every run of 2 to JK_PHRASE_WORDS words, listed or not
 * (bench-words counts them to choose phrases); else the pairs and the listed
 * phrases. */
void jk_pairs_run_init(jk_pairs_run *r, const jk_pairs *p, int every);

/* Ends the run (a word that is not listed, a line break, a new field). */
void jk_pairs_run_break(jk_pairs_run *r);

typedef int (*jk_pairs_emit)(const char *term, size_t len, void *payload);

/* word (len bytes), which the caller has found in the set, at position pos:
 * continues the run when pos follows the last word's, else starts one, and
 * calls emit (a non-zero return stops and is returned) with the term of each
 * pair or phrase that now ends at it. A word too long for a term ends the run. */
int jk_pairs_run_push(jk_pairs_run *r, const char *word, size_t len, unsigned pos,
                      jk_pairs_emit emit, void *payload);

#endif
