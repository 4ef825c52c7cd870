/* jk_classify: facet labels for a notice from the rules in dict/facets.rules
 * (see the comment at the top of that file for the format).
 *
 * Patterns are normalised with jk_norm when loaded and matched on normalised
 * text in one pass per field (an Aho-Corasick automaton over bytes). Cause is
 * multi-valued: every cause whose score reaches the threshold and the share of
 * the best, less the suppressed ones; "other" when none. Sector is the single
 * best-scoring sector. The year comes from the notice id, not from rules.
 *
 * jk_rules is immutable once loaded and may be shared by threads; free it with
 * jk_rules_free.
 */
#ifndef JK_CLASSIFY_H
#define JK_CLASSIFY_H

#include "jk_buf.h"
#include "jk_error.h"
#include "jk_norm.h"
#include "jk_notice.h"

typedef struct jk_rules jk_rules;

typedef struct jk_labels {
    unsigned causes; /* bit i: cause i of jk_taxonomy_labels(JK_FACET_CAUSE) */
    int sector;      /* index into jk_taxonomy_labels(JK_FACET_SECTOR) */
} jk_labels;

/* Loads the rules at path (NULL: $JIKENBO_RULES, else facets.rules in the
 * dictionary directory). Errors name the file and line. */
int jk_rules_load(jk_rules **out, jk_norm *norm, const char *path, jk_error *err);
void jk_rules_free(jk_rules *r);

/* 12 hex digits of the rules file's hash: labels depend on it. Borrowed. */
const char *jk_rules_id(const jk_rules *r);
/* The path the rules were read from. Borrowed. */
const char *jk_rules_path(const jk_rules *r);

/* Classifies from normalised title (after the tag), org and body; the org
 * rules read the org with the legal form (the rules' legal-form directive)
 * that the body writes right beside it, if it has none. When explain
 * is not NULL, appends a readable account of every rule that fired, the scores
 * and why each label was or was not chosen. */
int jk_classify(const jk_rules *r, const char *title, size_t tlen, const char *org, size_t olen,
                const char *body, size_t blen, jk_labels *out, jk_buf *explain, jk_error *err);

/* The same from a parsed notice, normalising its fields with norm. */
int jk_classify_post(const jk_rules *r, jk_norm *norm, const jk_post *p, jk_labels *out,
                     jk_buf *explain, jk_error *err);

/* The causes as slugs joined by sep into out (at most outlen bytes, NUL-terminated). */
void jk_labels_causes(const jk_labels *l, char sep, char *out, size_t outlen);
/* The sector's slug. */
const char *jk_labels_sector(const jk_labels *l);

#endif
