/* jk_taxonomy: the facet labels of DESIGN.md §2 (slugs, Japanese names, aliases).
 * All strings are static: borrowed, never freed. */
#ifndef JK_TAXONOMY_H
#define JK_TAXONOMY_H

#include <stddef.h>

typedef enum jk_facet { JK_FACET_CAUSE = 0, JK_FACET_SECTOR = 1, JK_FACET_YEAR = 2 } jk_facet;

typedef struct jk_label {
    const char *slug;    /* "ransomware" */
    const char *name;    /* "ランサムウェア" */
    const char *aliases; /* other words for it, '|' between: "ランサム|身代金" */
} jk_label;

/* The labels of facet f (cause or sector) in DESIGN.md order; *n gets the count. */
const jk_label *jk_taxonomy_labels(jk_facet f, size_t *n);

/* The label of facet f named text: its slug (any case), its Japanese name,
 * one part of a name written with '・' (誤送信 for 誤送信・誤送付, 医療
 * for 医療・福祉) or one of its aliases (university, 市, bcc); failing
 * those, the one label whose slug text begins or whose name holds text, two
 * characters at least (local-gov, ransom, 自治体). NULL if there is none or
 * more than one; *nmatch (when not NULL) gets how many labels text names. */
const jk_label *jk_taxonomy_find(jk_facet f, const char *text, size_t *nmatch);

/* Is text one of l's aliases (whole, any case)? They name the label but are
 * not its name: a search that used one says which label it took. */
int jk_taxonomy_alias(const jk_label *l, const char *text);

/* Does text begin l's slug (any case) or lie inside its name, with two
 * characters at least, so that one letter or one kanji names nothing? */
int jk_taxonomy_near(const jk_label *l, const char *text);

/* The facet called name ("cause", "sector", "year"); -1 if none. */
int jk_taxonomy_facet(const char *name);

/* "cause", "sector", "year". */
const char *jk_taxonomy_facet_name(jk_facet f);

#endif
