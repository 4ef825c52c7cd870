#include "jk_build.h"

#include "jk_analyze.h"
#include "jk_classify.h"
#include "jk_cli.h"
#include "jk_doc.h"
#include "jk_files.h"
#include "jk_norm.h"
#include "jk_notice.h"
#include "jk_order.h"
#include "jk_paths.h"
#include "jk_schema.h"
#include "jk_sha256.h"
#include "jk_vocab.h"
#include "jk_xapian.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct item {
    const jk_post *post;
    const char *file, *filekey, *fileid;
    const struct item *same; /* the notices of this key in reading order (this one last) */
    size_t nsame;            /* and how many: each of their files' ids goes on the document */
} item;

typedef struct input {
    char *name;
    char *buf; /* the file's bytes, until hashed and parsed */
    size_t len;
    jk_archive *a;
    char hash[65];
    char key[128]; /* the file's record in the index (jk_schema_file_key) */
    char id[JK_FILE_ID_LEN + 1];
} input;

typedef struct shard {
    char path[4300];
    const item *items;
    size_t n;
    const jk_rules *rules;
    atomic_size_t *done;
    atomic_int *stop;    /* jk_build_opts.stop, may be NULL */
    atomic_int finished; /* set by the thread as it ends: rc is then its own */
    int rc;
    jk_error err;
} shard;

/* True once the caller has asked the build to stop (jk_build_opts.stop). */
static int stopped(atomic_int *stop)
{
    return stop && atomic_load(stop);
}

static int stop_error(jk_error *err)
{
    return jk_error_set(err, JK_ECANCELED, "[build] stopped before the end");
}

/* The notices in the index at path, or -1 if it cannot be opened and read. */
static long notices_in(const char *path)
{
    jk_xdb *probe = NULL;
    unsigned n = 0;
    int rc = jk_xdb_open(&probe, path, JK_XDB_READ, NULL);
    if (rc == JK_OK)
        rc = jk_xdb_doccount(probe, &n, NULL);
    jk_xdb_free(probe);
    return rc == JK_OK ? (long)n : -1;
}

int jk_build_is_new(const char *path)
{
    jk_path_kind k = jk_paths_kind(path);
    return k == JK_PATH_NONE || k == JK_PATH_EMPTY || (k == JK_PATH_INDEX && notices_in(path) == 0);
}

/* A failed write is the shard's (a full disk, say), not the notice's: name
 * the shard's directory, which tells on which file system. */
static int wrote(shard *sh, int rc)
{
    if (rc)
        jk_error_prefix(&sh->err, "%s: ", sh->path);
    return rc;
}

/* Builds sh->items[from, to) into docs; returns how many it built (fewer when
 * it fails or is stopped: sh->rc then says why). */
static size_t build_batch(shard *sh, jk_analyzer *an, size_t from, size_t to, jk_xdoc **docs)
{
    size_t n = 0;
    for (size_t i = from; sh->rc == JK_OK && i < to; i++) {
        if (stopped(sh->stop)) {
            sh->rc = stop_error(&sh->err);
            break;
        }
        sh->rc = jk_doc_build(an, sh->rules, sh->items[i].post, sh->items[i].file,
                              sh->items[i].filekey, &docs[n], NULL, &sh->err);
        if (sh->rc == JK_OK)
            n++;
        for (size_t k = 0; sh->rc == JK_OK && k < sh->items[i].nsame; k++)
            sh->rc = jk_doc_add_file(docs[n - 1], sh->items[i].same[k].fileid, &sh->err);
        if (sh->rc) /* the notice's own fault: name it */
            jk_error_prefix(&sh->err, "%s:%u: ", sh->items[i].file, sh->items[i].post->start_line);
        atomic_fetch_add(sh->done, 1);
    }
    return n;
}

/* A shard is built a batch at a time: JK_XDB_FLUSH_DOCS documents, then all of
 * them added and flushed. MeCab's dictionary and Xapian's in-memory
 * inversion then each have the core's cache for a whole batch, where a
 * notice at a time they took it from each other: at 100k notices on two
 * cores, 58.2 s instead of 64.5 (bench/NOTES.md). Xapian's inversion slows
 * down as it grows, hence the frequent flushes (the shard is a temporary
 * until the merge, so this breaks no atomicity). */
static void *build_shard(void *arg)
{
    shard *sh = arg;
    jk_analyzer *an = NULL;
    jk_xdb *db = NULL;
    jk_xdoc *docs[JK_XDB_FLUSH_DOCS];
    sh->rc = jk_analyzer_new(&an, &sh->err);
    if (sh->rc == JK_OK)
        sh->rc = jk_xdb_open(&db, sh->path, JK_XDB_WRITE_SCRATCH, &sh->err);
    for (size_t i = 0; sh->rc == JK_OK && i < sh->n; i += JK_XDB_FLUSH_DOCS) {
        size_t to = sh->n - i < JK_XDB_FLUSH_DOCS ? sh->n : i + JK_XDB_FLUSH_DOCS;
        size_t built = build_batch(sh, an, i, to, docs);
        for (size_t k = 0; k < built; k++) {
            if (sh->rc == JK_OK)
                sh->rc = wrote(sh, jk_xdb_add(db, docs[k], NULL, &sh->err));
            jk_xdoc_free(docs[k]);
        }
        if (sh->rc == JK_OK)
            sh->rc = wrote(sh, jk_xdb_flush(db, &sh->err));
    }
    if (sh->rc == JK_OK && sh->n == 0) /* an empty shard is still a database */
        sh->rc = wrote(sh, jk_xdb_flush(db, &sh->err));
    jk_xdb_free(db);
    jk_analyzer_free(an);
    atomic_store(&sh->finished, 1);
    return NULL;
}

int jk_build_drop_empty(const char *path, jk_path_kind before)
{
    jk_path_kind now = jk_paths_kind(path);

    if (before != JK_PATH_NONE && before != JK_PATH_EMPTY)
        return 0;
    if (now == JK_PATH_EMPTY && before == JK_PATH_NONE) { /* made, then no index in it */
        rmdir(path);
        return 1;
    }
    /* An index that cannot be opened was left half made by this run (its
     * creation failed): nothing went in, so it goes too. */
    if (now != JK_PATH_INDEX || notices_in(path) > 0)
        return 0;
    jk_paths_remove_tree(path);
    if (before == JK_PATH_EMPTY)
        jk_paths_mkdirs(path, NULL);
    return 1;
}

/* Last occurrence of each key wins, as file-by-file indexing would leave it. */
static int cmp_key(const void *a, const void *b)
{
    const item *x = a, *y = b;
    int c = strcmp(x->post->key, y->post->key);
    if (c)
        return c;
    return x < y ? -1 : x > y; /* stable: keep reading order among equal keys */
}

int jk_build_new(const char *path, char *const *files, size_t nfiles, const jk_build_opts *o,
                 jk_index_stats *st, unsigned *files_in, jk_error *err)
{
    input *in = calloc(nfiles + 1, sizeof *in);
    item *all = NULL, *uniq = NULL;
    size_t nall = 0, nuniq = 0, nin = 0;
    char tmp[4200], merged[4300], old[4300];
    shard *shards = NULL;
    pthread_t *threads = NULL;
    jk_norm *norm = NULL;
    jk_rules *rules = NULL;
    jk_analyzer *an = NULL;
    jk_xdb *lock = NULL, *db = NULL;
    atomic_size_t done = 0;
    int rc = JK_OK, jobs = o->jobs > 0 ? o->jobs : 1, created = 0;
    jk_path_kind before = jk_paths_kind(path);
    jk_index_stats local = {0, 0, 0, 0, 0, 0};

    *files_in = 0;
    tmp[0] = '\0';
    if (!in)
        return jk_error_set(err, JK_ENOMEM, "[build] out of memory");
    if (!jk_build_is_new(path)) {
        free(in);
        return jk_error_set(err, JK_EINVAL, "[build] %s already holds an index", path);
    }
    /* Hold the lock: an empty index at path, until the new one replaces it. */
    rc = jk_paths_mkdirs(path, err);
    if (rc == JK_OK) {
        rc = jk_xdb_open(&lock, path, JK_XDB_WRITE, err);
        created = rc == JK_OK;
    }
    if (rc == JK_OK) /* what a build killed before this one left beside the index */
        jk_paths_remove_scratch(path);
    if (rc == JK_ELOCKED)
        jk_error_set(err, JK_ELOCKED, "index %s is locked: another jikenbo-index is writing to it",
                     path);
    if (rc == JK_OK)
        rc = jk_norm_new(&norm, err);
    if (rc == JK_OK)
        rc = jk_rules_load(&rules, norm, NULL, err);
    if (rc == JK_OK)
        rc = jk_analyzer_new(&an, err); /* for the analyzer's id (and an early dictionary check) */
    if (rc == JK_OK && o->phase)
        o->phase(JK_BUILD_READING, "reading the files", o->payload);
    /* read and parse every file */
    for (size_t f = 0; rc == JK_OK && f < nfiles; f++) {
        input *x = &in[nin];
        jk_error ferr;
        if (stopped(o->stop)) {
            rc = stop_error(err);
            break;
        }
        int frc = jk_cli_read_file(files[f], &x->buf, &x->len, &ferr);
        if (frc && stopped(o->stop)) { /* e.g. a read of standard input cut short */
            rc = stop_error(err);
            break;
        }
        if (frc == JK_OK) {
            frc = jk_archive_load(&x->a, x->buf, x->len, &ferr);
            if (frc)
                jk_error_prefix(&ferr, "%s: ", jk_cli_name(files[f]));
        }
        if (frc == JK_ENOMEM) {
            rc = jk_error_set(err, JK_ENOMEM, "[build] out of memory");
            break;
        }
        if (frc) {
            if (o->on_file)
                o->on_file(jk_cli_name(files[f]), frc, ferr.msg, o->payload);
            jk_archive_free(x->a);
            free(x->buf);
            memset(x, 0, sizeof *x);
            continue;
        }
        jk_sha256_hex(x->buf, x->len, x->hash, 64);
        jk_schema_file_key(x->hash, jk_rules_id(rules), x->key, sizeof x->key);
        for (unsigned salt = 0, clash = 1; clash; salt++) { /* an id of its own */
            jk_files_make_id(x->hash, jk_cli_name(files[f]), salt, x->id);
            clash = 0;
            for (size_t k = 0; k < nin && !clash; k++)
                clash = !strcmp(in[k].id, x->id);
        }
        free(x->buf); /* the archive owns copies of what it needs: keep one copy of the text */
        x->buf = NULL;
        int dup = 0;
        for (size_t k = 0; k < nin && !dup; k++)
            dup = !strcmp(in[k].hash, x->hash);
        if (dup) { /* the same bytes under another name: nothing new */
            if (o->on_file)
                o->on_file(jk_cli_name(files[f]), JK_OK, NULL, o->payload);
            jk_archive_free(x->a);
            free(x->buf);
            memset(x, 0, sizeof *x);
            continue;
        }
        x->name = strdup(jk_cli_name(files[f]));
        local.other += (unsigned)(x->a->nposts - x->a->nnotices);
        local.bad_tag += (unsigned)x->a->nbad_tag;
        /* (on a failed strdup, all must stay as it is: it is freed at the end) */
        item *v = x->name ? realloc(all, (nall + x->a->nnotices + 1) * sizeof *v) : NULL;
        if (!v) {
            rc = jk_error_set(err, JK_ENOMEM, "[build] out of memory");
            break;
        }
        all = v;
        for (size_t k = 0; k < x->a->nposts; k++)
            if (x->a->posts[k].kind == JK_POST_NOTICE) {
                all[nall].post = &x->a->posts[k];
                all[nall].file = x->name;
                all[nall].filekey = x->key;
                all[nall].fileid = x->id;
                nall++;
            }
        nin++;
    }
    if (rc || nin == 0) /* nothing went in: no index is made (done removes the lock's) */
        goto done;
    /* one notice per key: the last read; earlier ones count as updated/unchanged */
    uniq = malloc((nall + 1) * sizeof *uniq);
    if (!uniq) {
        rc = jk_error_set(err, JK_ENOMEM, "[build] out of memory");
        goto done;
    }
    if (nall > 1)
        qsort(all, nall, sizeof *all, cmp_key);
    for (size_t i = 0, first = 0; i < nall; i++) {
        if (i > 0 && strcmp(all[i - 1].post->key, all[i].post->key))
            first = i;
        if (i + 1 < nall && !strcmp(all[i].post->key, all[i + 1].post->key)) {
            char a[17], b[17];
            jk_doc_signature(all[i].post, jk_rules_id(rules), a);
            jk_doc_signature(all[i + 1].post, jk_rules_id(rules), b);
            if (strcmp(a, b))
                local.updated++;
            else
                local.unchanged++;
            continue;
        }
        uniq[nuniq] = all[i];
        uniq[nuniq].same = all + first;
        uniq[nuniq++].nsame = i - first + 1;
    }
    local.added = (unsigned)nuniq;
    /* shards, side by side in a temporary directory next to the index */
    jk_paths_scratch(path, "build", tmp, sizeof tmp);
    jk_paths_remove_tree(tmp);
    rc = jk_paths_mkdirs(tmp, err);
    if (rc == JK_OK)
        rc = jk_paths_mark_scratch(tmp, err);
    if (rc)
        goto done;
    if ((size_t)jobs > nuniq)
        jobs = nuniq ? (int)nuniq : 1;
    shards = calloc((size_t)jobs, sizeof *shards);
    threads = calloc((size_t)jobs, sizeof *threads);
    if (!shards || !threads) {
        rc = jk_error_set(err, JK_ENOMEM, "[build] out of memory");
        goto done;
    }
    if (o->phase)
        o->phase(JK_BUILD_BUILDING, "building", o->payload);
    for (int j = 0; j < jobs; j++) {
        size_t from = nuniq * (size_t)j / (size_t)jobs, to = nuniq * (size_t)(j + 1) / (size_t)jobs;
        snprintf(shards[j].path, sizeof shards[j].path, "%s/shard-%d", tmp, j);
        shards[j].items = uniq + from;
        shards[j].n = to - from;
        shards[j].rules = rules;
        shards[j].done = &done;
        shards[j].stop = o->stop;
        if (pthread_create(&threads[j], NULL, build_shard, &shards[j])) {
            shards[j].rc = jk_error_set(&shards[j].err, JK_ENOMEM, "[build] cannot start a thread");
            threads[j] = 0;
        }
    }
    for (size_t seen = 0; o->progress;) { /* report while the threads work */
        size_t d = atomic_load(&done);
        if (d != seen)
            o->progress(d, nuniq, o->payload);
        seen = d;
        if (d >= nuniq)
            break;
        int alive = 0; /* a thread's rc is read only after it has ended */
        for (int j = 0; j < jobs; j++)
            alive |= threads[j] && !atomic_load(&shards[j].finished);
        if (!alive)
            break;
        usleep(100000);
    }
    for (int j = 0; j < jobs; j++)
        if (threads[j])
            pthread_join(threads[j], NULL);
    for (int j = 0; j < jobs && rc == JK_OK; j++)
        if (shards[j].rc) {
            rc = shards[j].rc;
            if (err)
                *err = shards[j].err;
        }
    if (rc)
        goto done;
    /* merge, record the files and the analyzer, then put it in place */
    if (o->phase)
        o->phase(JK_BUILD_MERGING, "merging the shards", o->payload);
    {
        const char *srcs[64];
        for (int j = 0; j < jobs && j < 64; j++)
            srcs[j] = shards[j].path;
        snprintf(merged, sizeof merged, "%s/index", tmp);
        rc = jk_xdb_compact(merged, srcs, (size_t)(jobs < 64 ? jobs : 64), err);
        if (rc)
            jk_error_prefix(err, "merging the shards into %s: ", merged);
    }
    if (rc == JK_OK)
        rc = jk_xdb_open(&db, merged, JK_XDB_WRITE, err);
    if (rc == JK_OK)
        rc = jk_xdb_begin(db, err);
    if (rc == JK_OK)
        rc = jk_xdb_set_metadata(db, JK_META_ANALYZER, jk_analyzer_id(an), err);
    if (rc == JK_OK)
        rc = jk_xdb_set_metadata(db, JK_META_SCHEMA, JK_SCHEMA_VERSION, err);
    for (size_t f = 0; rc == JK_OK && f < nin; f++) {
        char meta[4200];
        snprintf(meta, sizeof meta, "%s\t%zu\t%s", in[f].name, in[f].a->nnotices, in[f].id);
        rc = jk_xdb_set_metadata(db, in[f].key, meta, err);
    }
    if (rc == JK_OK)
        rc = jk_vocab_store(db, err);
    if (rc == JK_OK)
        rc = jk_order_store(db, NULL, err);
    if (rc == JK_OK)
        rc = jk_xdb_commit(db, err);
    jk_xdb_free(db);
    db = NULL;
    if (rc)
        goto done;
    if (stopped(o->stop)) { /* the last moment: after this, the new index is in place */
        rc = stop_error(err);
        goto done;
    }
    jk_xdb_free(lock); /* release the empty index, then swap the new one in */
    lock = NULL;
    jk_paths_scratch(path, "old", old, sizeof old);
    rc = jk_paths_mark_scratch(path, err); /* the empty index, old once renamed */
    if (rc)
        goto done;
    if (rename(path, old) != 0 || rename(merged, path) != 0) {
        rc = jk_error_set(err, JK_EIO, "[build] cannot move the new index to %s", path);
        goto done;
    }
    jk_paths_remove_tree(old);
    *files_in = (unsigned)nin;
    if (st) {
        st->added += local.added;
        st->updated += local.updated;
        st->unchanged += local.unchanged;
        st->other += local.other;
        st->bad_tag += local.bad_tag;
    }
done:
    jk_xdb_free(db);
    jk_xdb_free(lock);
    /* leave path as it was before, unless another writer holds it */
    if ((rc || nin == 0) && (created || rc != JK_ELOCKED))
        jk_build_drop_empty(path, before);
    if (tmp[0])
        jk_paths_remove_tree(tmp);
    for (size_t f = 0; f < nfiles; f++) {
        jk_archive_free(in[f].a);
        free(in[f].buf);
        free(in[f].name);
    }
    free(in);
    free(all);
    free(uniq);
    free(shards);
    free(threads);
    jk_analyzer_free(an);
    jk_rules_free(rules);
    jk_norm_free(norm);
    return rc;
}
