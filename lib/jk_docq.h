/* jk_docq: the documents of an archive's notices, built on a thread of their
 * own while the caller writes the ones before them: a two-stage pipeline for
 * adding a file to an existing index (jk_index_file), so that analysis
 * (MeCab, ICU, the facet rules) and Xapian's writing use a core each.
 *
 * The thread builds every notice's document in archive order, at most a few
 * dozen ahead of the caller, who takes each in the same order and says
 * whether it wants it (a notice already indexed as it is is not rewritten).
 *
 * A jk_docq borrows the analyzer, the rules and the archive; the analyzer is
 * the queue's alone until jk_docq_free, which stops the thread and frees
 * every document built and not taken.
 */
#ifndef JK_DOCQ_H
#define JK_DOCQ_H

#include "jk_analyze.h"
#include "jk_classify.h"
#include "jk_error.h"
#include "jk_notice.h"
#include "jk_xapian.h"

typedef struct jk_docq jk_docq;

/* Starts building the documents of a's notices, read from file (the path as
 * the user gave it) whose record in the index is filekey (jk_doc_build).
 * ahead 1: on a thread of its own, ahead of the caller (when there is more
 * than one notice); 0: each when it is taken and wanted (for one CPU). */
int jk_docq_new(jk_docq **out, jk_analyzer *an, const jk_rules *rules, const jk_archive *a,
                const char *file, const char *filekey, int ahead, jk_error *err);

/* Takes the next notice's document, in archive order. want 0: it is not
 * needed (*doc is set to NULL, and no error is reported). want 1: *doc gets
 * it (the caller frees it with jk_xdoc_free), or building it failed: the
 * error, and *doc NULL. */
int jk_docq_take(jk_docq *q, int want, jk_xdoc **doc, jk_error *err);

void jk_docq_free(jk_docq *q);

#endif
