/* jk_negation: the clauses of a notice that deny something, so that their
 * words weigh nothing in ranking.
 *
 * Most notices say what did not happen: "現時点で、個人情報の流出は確認されて
 * おりません", "ポイントの不正利用はございません". An index of words counts
 * that 流出 as it counts "個人情報が流出しました", and a notice that denies a
 * leak ranked first for a query about leaks. So the indexer finds each clause
 * that ends in a denial (a topic marked は, も or が, then 確認されておりません,
 * 発生していない, ございません, 含まれておりません, 可能性は低い … as listed
 * in jk_negation.c, from reading real notices) and
 * posts its words with wdf 0: the notice still matches them and is counted in
 * every facet, but they add nothing to its weight (BM25 of a wdf of 0 is 0),
 * so a notice that says the thing happened ranks above one that denies it.
 *
 * A clause is the text from the last clause break (。、， a line break,
 * brackets, an earlier は) to the topic marker; in "氏名、住所の流出は確認されておりません" only
 * 住所 and 流出 are found, the list before the comma is not. Uncertain forms
 * are not denials: "流出していないか調査中" has no は before its predicate,
 * "ありませんか" is a question, and "だけではない" (not only) and "意識が低い"
 * (a cause) are skipped. A clause that only names what the denial is about
 * is denied too: in "流出した情報の不正利用は確認されておりません" 流出
 * weighs nothing there, though it happened; the other mentions of it count.
 */
#ifndef JK_NEGATION_H
#define JK_NEGATION_H

#include "jk_error.h"

#include <stddef.h>

/* A byte range [start, end) of the text. */
typedef struct jk_span {
    size_t start, end;
} jk_span;

/* Finds the denied clauses of text[0..len) (UTF-8), in order and not
 * overlapping. *spans is a growable array of *cap elements, the caller's
 * (reused between calls; free it when done); *n gets the count. Returns
 * JK_OK or JK_ENOMEM. */
int jk_negation_find(const char *text, size_t len, jk_span **spans, size_t *cap, size_t *n,
                     jk_error *err);

/* Whether offset pos lies in one of the n spans v (in order, as found), for
 * offsets asked in increasing order: *k (0 at first) moves past the spans that
 * end at or before pos, so a walk over a text's words is one pass. */
int jk_negation_holds(const jk_span *v, size_t n, size_t *k, size_t pos);

#endif
