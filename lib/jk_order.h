/* jk_order: the key that `--sort date` and `--sort oldest` sort notices by
 * (JK_SLOT_ORDER: "YYYYMMDD-NNNNNN-HHHHHHHHHHHH", a day, the id's number and
 * the 12 hex digits of the release's key, so that no two notices tie and the
 * order is the same however the index was made: releases of one id on one
 * day, or an undated one that takes the day of a dated one of its id, would
 * otherwise come in the order of their document ids).
 *
 * A notice's day is the date at the end of its title. A notice without one
 * (or with a typo far from its id's year: a 2023 notice dated 2013) takes the
 * day of the nearest notice of its id's year with a date: the one with the
 * greatest id number not above its own, else the one with the least number
 * above it, since the blog numbers a year's notices in the order they came
 * out. So 2023-436, undated, sorts just after the notices dated like 2023-435
 * rather than before every dated notice of 2023. Only a year without any
 * dated notice leaves the day as "YYYY0000", the start of the id's year.
 *
 * That day depends on the other notices, so the index writes it in two
 * steps: a document gets its own date's key, or "YYYY0000", when it is built
 * (jk_order_key), and jk_order_store then sets the key of every notice without
 * a usable date from the index as a whole, in the same transaction as the
 * documents, so it always matches them (whatever order the files came in).
 */
#ifndef JK_ORDER_H
#define JK_ORDER_H

#include "jk_error.h"
#include "jk_xapian.h"

#include <stddef.h>

#define JK_ORDER_KEY_SIZE 40 /* the key and its NUL, with room for a longer number */

/* Writes into key (JK_ORDER_KEY_SIZE bytes) the sort key of a notice of
 * id year `year` and id number `number` whose title gives date ("YYYY-MM-DD",
 * or NULL), with the release key `release` (jk_post.key: "YYYY-NNN/" and 12
 * hex digits): that date if it is within a year of the id's year, else
 * "YYYY0000" for jk_order_store to estimate. */
void jk_order_key(const char *date, int year, long number, const char *release, char *key);

/* Sets the sort key of every notice of db without a usable date as the file
 * comment says, where it differs from the key it has; db must be writable,
 * and inside a transaction it sees the transaction's documents. *changed (may
 * be NULL) gets how many keys it set. */
int jk_order_store(jk_xdb *db, unsigned *changed, jk_error *err);

#endif
