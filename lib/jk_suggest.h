/* jk_suggest: "did you mean", for a query that matched nothing.
 *
 * Each word the query searches for that the index has nowhere (a term no
 * notice has, which no indexed word holds either: jk_vocab.h) is replaced
 * by the nearest word the index has or, failing one, the nearest spelling of
 * dict/variants.txt (ransomware, which the index holds as ランサムウェア): one
 * edit away for a word of 3 or 4
 * characters, two for a longer one (shorter words have too many neighbours
 * to guess among), and of the nearest, the one in most notices. The whole
 * word is tried first (パスワド: パスワード), then each of its terms that
 * is missing (不正アクセサ: 不正アクセス). The query so rewritten is offered
 * only if it matches.
 */
#ifndef JK_SUGGEST_H
#define JK_SUGGEST_H

#include "jk_error.h"
#include "jk_query.h"
#include "jk_search.h"

/* Counts the matches of a query text as the caller would search it (with
 * the filters of its options, say): JK_OK and *total, or an error in err. */
typedef int (*jk_suggest_count_cb)(const char *text, unsigned *total, void *payload, jk_error *err);

/* text is the query as typed, which q was parsed from; count checks a
 * rewritten text. *out (caller frees) gets the rewritten text and *total its
 * number of matches, or NULL and 0 when there is nothing to offer. A
 * rewritten text that count finds no query in (JK_EQUERY) is not offered;
 * its other errors, the index's and memory's are returned. */
int jk_suggest(jk_searcher *s, const jk_query *q, const char *text, jk_suggest_count_cb count,
               void *payload, char **out, unsigned *total, jk_error *err);

#endif
