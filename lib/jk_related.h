/* jk_related: the words that notices use for the same thing though they are
 * different words (紛失 and 所在不明, 改ざん and 書き換える, 漏えい and 流出),
 * from dict/synonyms.txt, so that a query word also finds the others of its
 * group. Unlike dict/variants.txt (one word spelled several ways, made one
 * term when indexing, jk_analyze.h), these stay apart in the index and are
 * asked for at query time only, weighed less than the word typed: notices
 * with the word itself rank first, an index needs no rebuilding when the list
 * changes, and a quoted word asks for itself alone (jk_query.h).
 *
 * The file: one group per line, its words separated by a TAB or two spaces
 * or more; # starts a comment. Each word is analysed as text is (jk_analyze),
 * so it is kept as the terms the index has, joined by one space ("所在 不明").
 * A word in double quotes ("メールアドレスが表示") is a phrase: it is to be
 * found where its terms stand together, as a quoted query phrase is, where
 * another word of several terms is found wherever they all are.
 *
 * A jk_related owns its words; jk_related_free frees them. */
#ifndef JK_RELATED_H
#define JK_RELATED_H

#include "jk_error.h"

#include <stddef.h>

typedef struct jk_related jk_related;
struct jk_analyzer;

/* Reads and analyses the list at path with an (whose variants it applies).
 * A line with a word that has no searchable term, or a group of fewer than
 * two different words, is an error naming the file and line. */
int jk_related_load(jk_related **out, struct jk_analyzer *an, const char *path, jk_error *err);
void jk_related_free(jk_related *r);

/* Calls cb with each other word of every group that holds word (its terms
 * joined by one space, quoted or not in the file), as terms joined by one
 * space, and phrase non-zero for a quoted one (a word that two of those
 * groups hold comes twice). The words are borrowed; a non-zero return from
 * cb stops and is returned. */
int jk_related_each(const jk_related *r, const char *word,
                    int (*cb)(const char *related, int phrase, void *payload), void *payload);

#endif
