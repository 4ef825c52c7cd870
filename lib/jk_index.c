#include "jk_index.h"

#include "jk_analyze.h"
#include "jk_array.h"
#include "jk_cli.h"
#include "jk_doc.h"
#include "jk_docq.h"
#include "jk_files.h"
#include "jk_order.h"
#include "jk_paths.h"
#include "jk_record.h"
#include "jk_schema.h"
#include "jk_sha256.h"
#include "jk_vocab.h"
#include "jk_xapian.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct jk_index {
    jk_xdb *db;
    jk_analyzer *an;
    jk_rules *rules;
    char *path;
};

/* JK_OK if path is missing, an empty directory or an index; else an error:
 * the index would land among other files. (An unreadable directory is left
 * for opening the index to report.) */
static int index_or_nothing(const char *path, jk_error *err)
{
    switch (jk_paths_kind(path)) {
    case JK_PATH_FILE:
        return jk_error_set(err, JK_EINVAL, "%s is a file, not an index: give a directory", path);
    case JK_PATH_OTHER:
        return jk_error_set(err, JK_EINVAL,
                            "%s holds other files and no index: give a new or empty directory",
                            path);
    default:
        return JK_OK;
    }
}

int jk_index_open(jk_index **out, const char *path, jk_error *err)
{
    jk_index *ix = calloc(1, sizeof *ix);
    int rc;

    *out = NULL;
    if (!ix || !(ix->path = strdup(path))) {
        free(ix);
        return jk_error_set(err, JK_ENOMEM, "[index][open] out of memory");
    }
    rc = index_or_nothing(path, err);
    if (rc == JK_OK)
        rc = jk_analyzer_new(&ix->an, err);
    if (rc == JK_OK)
        rc = jk_rules_load(&ix->rules, jk_analyzer_norm(ix->an), NULL, err);
    if (rc == JK_OK)
        rc = jk_paths_mkdirs(path, err);
    if (rc == JK_OK) {
        rc = jk_xdb_open(&ix->db, path, JK_XDB_WRITE, err);
        if (rc == JK_ELOCKED)
            jk_error_set(err, JK_ELOCKED,
                         "index %s is locked: another jikenbo-index is writing to it", path);
        else if (rc)
            jk_error_prefix(err, "cannot open index %s: ", path);
    }
    if (rc == JK_OK) /* a new index's build killed midway left its scratch beside it */
        jk_paths_remove_scratch(path);
    if (rc == JK_OK)
        rc = jk_schema_check(ix->db, path, jk_analyzer_id(ix->an), err);
    if (rc) {
        jk_index_free(ix);
        return rc;
    }
    *out = ix;
    return JK_OK;
}

void jk_index_free(jk_index *ix)
{
    if (!ix)
        return;
    jk_xdb_free(ix->db);
    jk_analyzer_free(ix->an);
    jk_rules_free(ix->rules);
    free(ix->path);
    free(ix);
}

int jk_index_doccount(jk_index *ix, unsigned *out, jk_error *err)
{
    return jk_xdb_doccount(ix->db, out, err);
}

/* The record of a file: its content hash and the facet rules that labelled
 * it, so a file is read again after the rules change. */
static void file_key(const jk_index *ix, const char *buf, size_t len, char *key)
{
    char hex[65];
    jk_sha256_hex(buf, len, hex, 64);
    jk_schema_file_key(hex, jk_rules_id(ix->rules), key, 128);
}

int jk_index_has_file(jk_index *ix, const char *label, const char *buf, size_t len, int *out,
                      jk_error *err)
{
    char key[128], *val = NULL, *tab, meta[4200];
    struct stat st;
    int rc;

    file_key(ix, buf, len, key);
    rc = jk_xdb_get_metadata(ix->db, key, &val, err);
    *out = rc == JK_OK && val != NULL;
    tab = val ? strchr(val, '\t') : NULL;
    if (tab)
        *tab = '\0'; /* val: the path recorded */
    if (*out && tab && strcmp(val, label) != 0 && stat(val, &st) != 0) {
        /* the same bytes under another path, and the recorded one is gone: the
         * month was moved. Its notices show the path their file's record holds
         * (jk_doc_build's filekey). A copy beside the old path changes nothing. */
        snprintf(meta, sizeof meta, "%s\t%s", label, tab + 1);
        rc = jk_xdb_begin(ix->db, err);
        if (rc == JK_OK)
            rc = jk_xdb_set_metadata(ix->db, key, meta, err);
        if (rc == JK_OK)
            rc = jk_files_drop_stale(ix->db, key, label, err);
        if (rc == JK_OK)
            rc = jk_xdb_commit(ix->db, err);
        else
            jk_xdb_cancel(ix->db, NULL);
    }
    free(val);
    return rc;
}

/* ---- which files hold a release ----
 *
 * Every document carries the id of each archive file that holds it (a
 * JK_PREFIX_FILE term). When a file is indexed again with other bytes, a
 * release it no longer holds loses that file's term, and goes when no file
 * is left that holds it: the index holds what the files hold. */

/* A stored document's key term and the ids of the files that hold it, as
 * many as there are; origin_clear frees them. */
typedef struct origin {
    char qterm[JK_XTERM_MAX + 8];
    char (*files)[JK_FILE_ID_LEN + 8];
    size_t nfiles, cap;
} origin;

static void origin_clear(origin *o)
{
    free(o->files);
    memset(o, 0, sizeof *o);
}

static int collect_origin(const char *term, size_t len, unsigned wdf, void *payload)
{
    origin *o = payload;
    size_t fl = strlen(JK_PREFIX_FILE);
    (void)wdf;
    if (term[0] == JK_PREFIX_KEY[0] && len < sizeof o->qterm && !o->qterm[0]) {
        memcpy(o->qterm, term, len);
        o->qterm[len] = '\0';
    } else if (len > fl && len - fl < sizeof o->files[0] && memcmp(term, JK_PREFIX_FILE, fl) == 0) {
        if (JK_ARRAY_GROW(&o->files, &o->cap, o->nfiles, 4))
            return JK_ENOMEM;
        memcpy(o->files[o->nfiles], term + fl, len - fl);
        o->files[o->nfiles++][len - fl] = '\0';
    }
    return 0;
}

/* Fills *o (emptied first; origin_clear it after, also on failure). */
static int origin_of(jk_xdoc *doc, origin *o, jk_error *err)
{
    int rc;
    origin_clear(o);
    rc = jk_xdoc_terms(doc, collect_origin, o, err);
    return rc == JK_ENOMEM ? jk_error_set(err, JK_ENOMEM, "[index][files] out of memory") : rc;
}

static int origin_has(const origin *o, const char *fileid)
{
    for (size_t i = 0; i < o->nfiles; i++)
        if (strcmp(o->files[i], fileid) == 0)
            return 1;
    return 0;
}

/* The documents that carried the file's id before it was indexed again, in
 * docid order, and which of them it still holds. */
typedef struct members {
    unsigned *id;
    unsigned char *kept;
    size_t n, cap;
} members;

static int add_member(unsigned docid, void *payload)
{
    members *m = payload;
    if (JK_ARRAY_GROW(&m->id, &m->cap, m->n, 256))
        return JK_ENOMEM;
    m->id[m->n++] = docid;
    return 0;
}

/* Index of docid among the members, or -1. */
static long member_at(const members *m, unsigned docid)
{
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->id[mid] == docid)
            return (long)mid;
        if (m->id[mid] < docid)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static int load_members(jk_index *ix, const char *fterm, members *m, jk_error *err)
{
    int rc = jk_xdb_postings(ix->db, fterm, add_member, m, err);
    if (rc == JK_ENOMEM)
        return jk_error_set(err, JK_ENOMEM, "[index][files] out of memory");
    if (rc == JK_OK && !(m->kept = calloc(m->n + 1, 1)))
        return jk_error_set(err, JK_ENOMEM, "[index][files] out of memory");
    return rc;
}

static void members_free(members *m)
{
    free(m->id);
    free(m->kept);
}

/* Document docid, unchanged, is in the file fileid too: give it the file's term. */
static int add_file_to(jk_index *ix, unsigned docid, const char *fileid, jk_error *err)
{
    jk_xdoc *doc = NULL;
    origin o = {0};
    int rc = jk_xdb_get_document(ix->db, docid, &doc, err);
    if (rc == JK_OK)
        rc = origin_of(doc, &o, err);
    if (rc == JK_OK && o.qterm[0] && !origin_has(&o, fileid)) {
        rc = jk_doc_add_file(doc, fileid, err);
        if (rc == JK_OK)
            rc = jk_xdb_replace(ix->db, o.qterm, doc, NULL, err);
    }
    origin_clear(&o);
    jk_xdoc_free(doc);
    return rc;
}

/* Document docid is no longer in the file whose term is fterm: it loses the
 * term, or goes if no other file holds it (*gone set). */
static int leave_file(jk_index *ix, unsigned docid, const char *fterm, int *gone, jk_error *err)
{
    jk_xdoc *doc = NULL;
    origin o = {0};
    int rc = jk_xdb_get_document(ix->db, docid, &doc, err);

    *gone = 0;
    if (rc == JK_OK)
        rc = origin_of(doc, &o, err);
    if (rc == JK_OK && !o.qterm[0])
        rc = jk_error_set(err, JK_EIO, "[index][files] document %u has no key", docid);
    if (rc == JK_OK && o.nfiles <= 1) {
        rc = jk_xdb_delete(ix->db, o.qterm, err);
        *gone = 1;
    } else if (rc == JK_OK) {
        rc = jk_xdoc_remove_term(doc, fterm, err);
        if (rc == JK_OK)
            rc = jk_xdb_replace(ix->db, o.qterm, doc, NULL, err);
    }
    origin_clear(&o);
    jk_xdoc_free(doc);
    return rc;
}

/* The members not kept leave the file whose term is fterm; *removed counts
 * those that left the index. */
static int leave_all(jk_index *ix, const members *m, const char *fterm, unsigned *removed,
                     jk_error *err)
{
    int rc = JK_OK;
    for (size_t i = 0; rc == JK_OK && i < m->n; i++) {
        int gone = 0;
        if (m->kept[i])
            continue;
        rc = leave_file(ix, m->id[i], fterm, &gone, err);
        *removed += (unsigned)gone;
    }
    return rc;
}

/* Was this exact notice indexed before? Sets *state 0 new, 1 changed, 2 same,
 * and *docid (0 when new). A changed one's files go into *o (origin_clear it
 * after, also on failure). */
static int compare_existing(jk_index *ix, const jk_post *p, const char *qterm, int *state,
                            unsigned *docid, origin *o, jk_error *err)
{
    jk_xdoc *old = NULL;
    char *data = NULL, *oldsig = NULL, sig[17];
    size_t len = 0;
    int rc = jk_xdb_find_unique(ix->db, qterm, docid, err);

    *state = 0;
    origin_clear(o);
    if (rc || *docid == 0)
        return rc;
    rc = jk_xdb_get_document(ix->db, *docid, &old, err);
    if (rc == JK_OK)
        rc = jk_xdoc_get_data(old, &data, &len, err);
    if (rc == JK_OK) {
        jk_doc_signature(p, jk_rules_id(ix->rules), sig);
        oldsig = jk_record_get(data, len, "sig", NULL);
        *state = oldsig && strcmp(oldsig, sig) == 0 ? 2 : 1;
    }
    if (rc == JK_OK && *state == 1)
        rc = origin_of(old, o, err);
    free(oldsig);
    free(data);
    jk_xdoc_free(old);
    return rc;
}

/* What the index derives from all its notices, after the documents changed:
 * the vocabulary and the sort keys of notices without a date. */
static int store_derived(jk_index *ix, jk_error *err)
{
    int rc = jk_vocab_store(ix->db, err);
    return rc ? rc : jk_order_store(ix->db, NULL, err);
}

/* label, a file of the index, no longer loads (JK_EINPUT): err's message
 * goes on to say that what it brought stays, and how to take that out. */
static void note_kept(jk_index *ix, const char *label, jk_error *err)
{
    char id[JK_FILE_ID_LEN + 1];
    int found = 0;
    size_t n = strlen(err->msg);

    if (jk_files_id_of(ix->db, "", label, id, NULL, &found, NULL) == JK_OK && found)
        snprintf(err->msg + n, sizeof err->msg - n,
                 "; the notices it brought before stay in the index (jikenbo-index --remove "
                 "%s takes them out)",
                 label);
}

int jk_index_file(jk_index *ix, const char *label, const char *buf, size_t len, jk_index_stats *st,
                  jk_index_progress_cb progress, void *payload, jk_error *err)
{
    jk_archive *a = NULL;
    jk_docq *q = NULL;
    jk_index_stats local = {0, 0, 0, 0, 0, 0};
    char key[128], qterm[JK_XTERM_MAX + 8], meta[4200], fileid[JK_FILE_ID_LEN + 1],
        fterm[JK_FILE_ID_LEN + 8];
    members mem = {NULL, NULL, 0, 0};
    origin was = {0};
    int rc, in_txn = 0, known = 0, is_stdin = strcmp(label, jk_cli_name("-")) == 0;
    size_t done = 0;

    rc = jk_archive_load(&a, buf, len, err);
    if (rc == JK_EINPUT && !is_stdin)
        note_kept(ix, label, err);
    if (rc)
        return rc;
    file_key(ix, buf, len, key);
    /* the file's id: these bytes' record keeps its own (standard input's, read
     * again); so does the file at this path, changed (each input on standard
     * input is a file of its own); a new file gets one no record holds */
    rc = jk_files_id_of_key(ix->db, key, fileid, &known, err);
    if (rc == JK_OK && !known && !is_stdin)
        rc = jk_files_id_of(ix->db, key, label, fileid, NULL, &known, err);
    if (rc == JK_OK && !known) { /* the key holds the bytes' hash (file_key) */
        char hex[65];
        memcpy(hex, key + strlen(JK_META_FILE_PREFIX), 64);
        hex[64] = '\0';
        rc = jk_files_new_id(ix->db, hex, label, fileid, err);
    }
    snprintf(fterm, sizeof fterm, JK_PREFIX_FILE "%s", fileid);
    if (rc == JK_OK && known)
        rc = load_members(ix, fterm, &mem, err);
    if (rc)
        goto done;
    local.other = (unsigned)(a->nposts - a->nnotices);
    local.bad_tag = (unsigned)a->nbad_tag;
    rc = jk_xdb_begin(ix->db, err);
    if (rc)
        goto done;
    in_txn = 1;
    rc = jk_xdb_set_metadata(ix->db, JK_META_ANALYZER, jk_analyzer_id(ix->an), err);
    if (rc == JK_OK)
        rc = jk_xdb_set_metadata(ix->db, JK_META_SCHEMA, JK_SCHEMA_VERSION, err);
    /* the documents are built on another core, if there is one, while this
     * one writes; the analyzer is the queue's until it is freed */
    if (rc == JK_OK)
        rc = jk_docq_new(&q, ix->an, ix->rules, a, label, key, sysconf(_SC_NPROCESSORS_ONLN) > 1,
                         err);
    for (size_t i = 0; rc == JK_OK && i < a->nposts; i++) {
        const jk_post *p = &a->posts[i];
        jk_xdoc *doc = NULL;
        int state;
        unsigned docid = 0;
        long at;

        if (p->kind != JK_POST_NOTICE)
            continue;
        snprintf(qterm, sizeof qterm, JK_PREFIX_KEY "%s", p->key);
        rc = compare_existing(ix, p, qterm, &state, &docid, &was, err);
        if (rc)
            break;
        at = docid ? member_at(&mem, docid) : -1;
        if (at >= 0)
            mem.kept[at] = 1;
        rc = jk_docq_take(q, state != 2, &doc, err);
        if (state == 2) {
            local.unchanged++;
            if (rc == JK_OK && at < 0) /* a re-post: the release is in this file too */
                rc = add_file_to(ix, docid, fileid, err);
        } else {
            if (rc == JK_OK)
                rc = jk_doc_add_file(doc, fileid, err);
            /* a changed release stays in the other files that hold it */
            for (size_t k = 0; rc == JK_OK && state == 1 && k < was.nfiles; k++)
                if (strcmp(was.files[k], fileid) != 0)
                    rc = jk_doc_add_file(doc, was.files[k], err);
            if (rc == JK_OK)
                rc = jk_xdb_replace(ix->db, qterm, doc, NULL, err);
            jk_xdoc_free(doc);
            if (rc) {
                jk_error_prefix(err, "line %u: ", p->start_line);
                break;
            }
            if (state == 0)
                local.added++;
            else
                local.updated++;
        }
        if (progress)
            progress(++done, a->nnotices, payload);
    }
    jk_docq_free(q);
    q = NULL;
    /* the releases the file held before and holds no more */
    if (rc == JK_OK)
        rc = leave_all(ix, &mem, fterm, &local.removed, err);
    if (rc == JK_OK) {
        snprintf(meta, sizeof meta, "%s\t%zu\t%s", label, a->nnotices, fileid);
        rc = jk_xdb_set_metadata(ix->db, key, meta, err);
    }
    /* one record per path: not the file's earlier bytes too (each input on
     * standard input is a file of its own) */
    if (rc == JK_OK && !is_stdin)
        rc = jk_files_drop_stale(ix->db, key, label, err);
    if (rc == JK_OK && (local.added || local.updated || local.removed))
        rc = store_derived(ix, err);
    if (rc == JK_OK) {
        rc = jk_xdb_commit(ix->db, err);
        in_txn = 0;
    }
done:
    origin_clear(&was);
    jk_docq_free(q);
    if (in_txn)
        jk_xdb_cancel(ix->db, NULL);
    if (rc == JK_OK && st) {
        st->added += local.added;
        st->updated += local.updated;
        st->unchanged += local.unchanged;
        st->other += local.other;
        st->bad_tag += local.bad_tag;
        st->removed += local.removed;
    }
    members_free(&mem);
    jk_archive_free(a);
    return rc;
}

int jk_index_remove_file(jk_index *ix, const char *label, unsigned *removed, jk_error *err)
{
    char fileid[JK_FILE_ID_LEN + 1], fterm[JK_FILE_ID_LEN + 8], record[128];
    int rc, found = 0, files = 0;

    *removed = 0;
    rc = jk_xdb_begin(ix->db, err);
    if (rc)
        return rc;
    /* each record that names label (several inputs on standard input share
     * one): every release leaves the file, and those in no other file go */
    while (rc == JK_OK &&
           (rc = jk_files_id_of(ix->db, "", label, fileid, record, &found, err)) == JK_OK &&
           found) {
        members mem = {NULL, NULL, 0, 0};
        snprintf(fterm, sizeof fterm, JK_PREFIX_FILE "%s", fileid);
        rc = load_members(ix, fterm, &mem, err);
        if (rc == JK_OK)
            rc = leave_all(ix, &mem, fterm, removed, err);
        if (rc == JK_OK)
            rc = jk_xdb_set_metadata(ix->db, record, "", err); /* an empty value is no record */
        members_free(&mem);
        files++;
    }
    if (rc == JK_OK && !files)
        rc =
            jk_error_set(err, JK_ENOTFOUND,
                         "%s is not a file of this index (jikenbo-index --list names them)", label);
    if (rc == JK_OK && *removed)
        rc = store_derived(ix, err);
    if (rc == JK_OK)
        rc = jk_xdb_commit(ix->db, err);
    else
        jk_xdb_cancel(ix->db, NULL);
    if (rc)
        *removed = 0;
    return rc;
}
