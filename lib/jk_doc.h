/* jk_doc: turns a parsed notice into the Xapian document of the index schema
 * (jk_schema.h): positional title and body terms, organisation terms, boolean
 * filter terms, values and the data record. */
#ifndef JK_DOC_H
#define JK_DOC_H

#include "jk_analyze.h"
#include "jk_classify.h"
#include "jk_error.h"
#include "jk_notice.h"
#include "jk_xapian.h"

/* The signature of a notice's content (title, org, date, body), of JK_DOC_SCHEME and of the
 * facet rules that label it: 16 hex digits into sig (17 bytes). Equal
 * signatures mean re-indexing would change nothing. */
void jk_doc_signature(const jk_post *p, const char *rules_id, char sig[17]);

/* Builds the document for notice p read from file (the path as the user gave
 * it), labelled by rules. filekey (may be NULL) is the key of the file's
 * record in the index (jk_schema_file_key): the searcher shows the path that
 * record holds now, so a month moved and indexed again shows its new path.
 * *out belongs to the caller (jk_xdoc_free); labels (may be NULL) gets the
 * facet labels. */
int jk_doc_build(jk_analyzer *a, const jk_rules *rules, const jk_post *p, const char *file,
                 const char *filekey, jk_xdoc **out, jk_labels *labels, jk_error *err);

/* Marks doc as a release that the archive file with id fileid (jk_schema.h's
 * file id) holds: a boolean term. A document carries one for each file. */
int jk_doc_add_file(jk_xdoc *doc, const char *fileid, jk_error *err);

#endif
