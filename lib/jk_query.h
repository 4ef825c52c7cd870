/* jk_query: jikenbo's query language, parsed into a Xapian query.
 *
 *   words          AND by default; each word is normalised and tokenised as
 *                  at indexing. A word that becomes several terms (Japanese
 *                  typed without spaces: 個人情報漏えい) matches them all,
 *                  ranked phrase first, then near each other, then scattered.
 *   "a phrase"     the terms in this order, next to each other
 *   a OR b         either; AND is also accepted; ( ) group
 *   -word, NOT w   without
 *   cause:SLUG|名前   sector:SLUG|名前   year:2023   year:2022..2024
 *   cause:A,B  sector:A,B  year:2019,2022..2024  id:A,B  org:A,B (either item;
 *                  also ，、 between items)
 *   year:2022.. (to next year)   year:..2022 (from 1900)
 *   date:2024-06  date:2024-06-05  date:2024-05..2024-06  date:2024-05-20..
 *                  (the date written in the title: a value range, not terms)
 *   org:WORDS      id:2023-442        (filters: they narrow, they do not score)
 *   file:2024-06   the notices an indexed archive file holds (file:2024-06.txt,
 *                  file:seeds/2024-06.txt, file:2024-*; jk_files_named)
 *   like:2023-442  the notices like that one, ranked by likeness (jk_like.h);
 *                  the rest of the query, ANDed beside it, only narrows them
 *
 * Each word also finds the longer indexed words that contain it
 * (jk_vocab.h): ランサム finds ランサムウェア, 県 finds 県立; documents with
 * the word itself rank above those with only a longer word. Title matches weigh more than body
 * matches. A syntax error is JK_EQUERY with a message that says what is wrong and at which column.
 *
 * jk_query owns everything it returns; free it with jk_query_free.
 */
#ifndef JK_QUERY_H
#define JK_QUERY_H

#include "jk_analyze.h"
#include "jk_error.h"
#include "jk_vocab.h"
#include "jk_xapian.h"

typedef struct jk_query jk_query;

/* Parses text with the analyzer an (borrowed during the call only). Blank text
 * gives an empty query, to which filters can be added; building an empty
 * query is the error. */
int jk_query_parse(jk_query **out, jk_analyzer *an, const char *text, jk_error *err);

/* Adds a filter as if "field:value" had been typed (for --cause, --year ...). */
int jk_query_add_filter(jk_query *q, jk_analyzer *an, const char *field, const char *value,
                        jk_error *err);

/* The Xapian query (caller frees with jk_xquery_free), with the words of the
 * vocabulary voc (borrowed; NULL: a word matches only its own terms) that
 * contain the query's words. A word that has no term and is inside no word
 * of voc is left out with a note (jk_query_warning). boosts: see
 * jk_query_has_boosts. An empty query is
 * JK_EQUERY ("nothing to search for"). */
int jk_query_build(jk_query *q, const jk_vocab *voc, int boosts, jk_xquery **out, jk_error *err);

/* The distinct positive search terms (for highlighting); borrowed. A term may
 * be several words separated by spaces, to be marked where they stand
 * together (a word read as a verb: 誤る 廃棄). */
size_t jk_query_nterms(const jk_query *q);
const char *jk_query_term(const jk_query *q, size_t i);

/* The normalised words (for marking them inside longer words); borrowed. */
size_t jk_query_nsubs(const jk_query *q);
const char *jk_query_sub(const jk_query *q, size_t i);

/* Human-readable notes: words that produced no term and were dropped (also
 * those jk_query_build left out). */
size_t jk_query_nwarnings(const jk_query *q);
const char *jk_query_warning(const jk_query *q, size_t i);

/* True if the query has a word of several terms (個人情報漏えい), which ranks
 * by phrase and nearness: with boosts 0, jk_query_build leaves that ranking out
 * (the same documents match, found faster, weighted by their terms alone). */
int jk_query_has_boosts(const jk_query *q);

/* True if the query has words to rank by (not only filters). */
int jk_query_has_words(const jk_query *q);

/* The id of like:ID, normalised (2023-442); NULL if the query has none.
 * Borrowed. jk_query_build reads like:ID as every notice: the search ranks
 * and keeps the like ones (jk_like.h). */
const char *jk_query_like(const jk_query *q);

/* The file: filters, in the order typed: each one's name as typed
 * (borrowed). The index's records say which files a name names
 * (jk_files_match), so the search looks them up and gives each filter their
 * ids with jk_query_set_file_ids before jk_query_build, which fails on one
 * not given them. n == 0 ids is JK_EQUERY: no file of the index has that
 * name (the message says so and where it was typed). */
size_t jk_query_nfiles(const jk_query *q);
const char *jk_query_file(const jk_query *q, size_t i);
int jk_query_set_file_ids(jk_query *q, size_t i, const char *const *ids, size_t n, jk_error *err);

/* What to tell a user whom nothing matched, beyond the query itself: a
 * bare 2023-2024 is the notice id, and year:2023..2024 the years. NULL if
 * nothing. Borrowed. */
const char *jk_query_nomatch_hint(const jk_query *q);

/* Calls cb for each word the query searches for (not under NOT or '-', not a
 * phrase or a filter): as typed, its 1-based character column in the query
 * text, and its terms (borrowed for the call). A non-zero return from cb
 * stops and is returned. */
typedef int (*jk_query_word_cb)(const char *typed, size_t col, const char *const *terms,
                                size_t nterms, void *payload);
int jk_query_words(const jk_query *q, jk_query_word_cb cb, void *payload);

/* Adds term (len bytes, copied) to the terms to highlight: a like: search's
 * words. JK_ENOMEM. */
int jk_query_add_highlight(jk_query *q, const char *term, size_t len);

/* The query as parsed, normalised: "(個人 情報 漏えい) AND cause:ransomware". Borrowed. */
const char *jk_query_describe(const jk_query *q);

void jk_query_free(jk_query *q);

#endif
