#include "jk_check.h"

#include "jk_analyze.h"
#include "jk_schema.h"
#include "jk_vocab.h"
#include "jk_xapian.h"

#include <stdio.h>

/* err (code rc) as a fault found in the index at path: a check's finding, or
 * Xapian failing to read what opened. */
static int damaged(const char *path, int rc, jk_error *err)
{
    char why[JK_ERROR_MSG_MAX];
    if (rc != JK_ECORRUPT && rc != JK_EXAPIAN)
        return rc;
    rc = JK_ECORRUPT;
    snprintf(why, sizeof why, "%s", err ? err->msg : "");
    return jk_error_set(err, rc, "the index at %s is damaged (%s): " JK_SCHEMA_REBUILD, path, why);
}

int jk_check_index(const char *path, unsigned *notices, jk_error *err)
{
    jk_xdb *rd = NULL, *lock = NULL;
    jk_analyzer *an = NULL;
    jk_error lerr;
    int rc;

    *notices = 0;
    /* there is an index, and it opens (else a message that names the fault) */
    rc = jk_schema_open_reader(&rd, path, NULL, err);
    if (rc == JK_EXAPIAN) { /* it is there but Xapian cannot open it */
        rc = JK_ECORRUPT;
        if (err)
            err->code = rc;
    }
    if (rc == JK_OK)
        rc = jk_analyzer_new(&an, err);
    if (rc == JK_OK) {
        /* the writer's lock; one that cannot be made (a read-only file
         * system) means that no indexer can write either */
        int lrc = jk_xdb_open(&lock, path, JK_XDB_WRITE, &lerr);
        if (lrc == JK_ELOCKED)
            rc = jk_error_set(err, JK_ELOCKED,
                              "index %s is locked: an indexer is writing to it; check it when "
                              "that is done",
                              path);
        else if (lrc == JK_OK)
            rc = jk_xdb_reopen(rd, err); /* the revision the lock holds */
    }
    if (rc == JK_OK)
        rc = damaged(path, jk_schema_check(rd, path, jk_analyzer_id(an), err), err);
    if (rc == JK_OK)
        rc = damaged(path, jk_xdb_doccount(rd, notices, err), err);
    if (rc == JK_OK)
        rc = damaged(path, jk_xdb_check(path, err), err);
    if (rc == JK_OK)
        rc = damaged(path, jk_vocab_check(rd, err), err);
    if (rc == JK_OK)
        rc = damaged(path, jk_xdb_bitmaps_check(rd, err), err);
    jk_xdb_free(lock);
    jk_xdb_free(rd);
    jk_analyzer_free(an);
    return rc;
}
