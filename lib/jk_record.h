/* jk_record: the text format of a document's data in the index.
 *
 * One field per line, "key<TAB>value<LF>", with '\\', TAB and LF in values
 * escaped as "\\\\", "\\t" and "\\n". Readable with any tool, stable across
 * versions (unknown keys are ignored by readers).
 */
#ifndef JK_RECORD_H
#define JK_RECORD_H

#include "jk_buf.h"

#include <stddef.h>

/* Appends one field to b (sticky rc, see jk_buf.h). value may be NULL (skipped). */
void jk_record_put(jk_buf *b, int *rc, const char *key, const char *value, size_t len);
void jk_record_puts(jk_buf *b, int *rc, const char *key, const char *value);
void jk_record_putu(jk_buf *b, int *rc, const char *key, unsigned long value);

/* Finds key in rec[0..len) and returns its unescaped value, malloc'd and
 * NUL-terminated (caller frees); NULL if absent or on allocation failure
 * (*rc set to JK_ENOMEM then, when rc is not NULL). */
char *jk_record_get(const char *rec, size_t len, const char *key, int *rc);

/* The value of key as an unsigned number, or dflt if absent or not a number. */
unsigned long jk_record_getu(const char *rec, size_t len, const char *key, unsigned long dflt);

#endif
