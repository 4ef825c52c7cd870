#include "jk_files.h"

#include "jk_array.h"
#include "jk_cli.h"
#include "jk_schema.h"
#include "jk_sha256.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

typedef struct stale {
    jk_xdb *db;
    const char *key, *path;
    jk_error *err;
} stale;

/* Does the record's value ("path\tnotices\tid") name path? */
static int names(const char *value, const char *path)
{
    size_t n = strlen(path);
    return strncmp(value, path, n) == 0 && value[n] == '\t';
}

static int drop_if_stale(const char *key, const char *value, void *payload)
{
    stale *s = payload;
    if (strcmp(key, s->key) == 0 || !names(value, s->path))
        return 0;
    return jk_xdb_set_metadata(s->db, key, "", s->err); /* an empty value is no record */
}

int jk_files_drop_stale(jk_xdb *db, const char *key, const char *path, jk_error *err)
{
    stale s = {db, key, path, err};
    return jk_xdb_metadata_each(db, JK_META_FILE_PREFIX, drop_if_stale, &s, err);
}

/* The id at the end of a record's value ("path\tnotices\tid"), or NULL. */
static const char *record_id(const char *value)
{
    const char *id = strrchr(value, '\t');
    if (!id || id == strchr(value, '\t') || strlen(id + 1) != JK_FILE_ID_LEN)
        return NULL;
    return id + 1;
}

void jk_files_make_id(const char *hash_hex, const char *path, unsigned salt, char *id)
{
    jk_sha256 s;
    char n[16];
    snprintf(n, sizeof n, "%u", salt);
    jk_sha256_init(&s);
    jk_sha256_update(&s, hash_hex, strlen(hash_hex));
    jk_sha256_update(&s, "\t", 1);
    jk_sha256_update(&s, path, strlen(path));
    jk_sha256_update(&s, "\t", 1);
    jk_sha256_update(&s, n, strlen(n));
    jk_sha256_final_hex(&s, id, JK_FILE_ID_LEN);
}

typedef struct taken {
    const char *id;
    int found;
} taken;

static int holds_id(const char *key, const char *value, void *payload)
{
    taken *t = payload;
    const char *id = record_id(value);
    (void)key;
    t->found |= id && strcmp(id, t->id) == 0;
    return t->found;
}

int jk_files_new_id(jk_xdb *db, const char *hash_hex, const char *path, char *id, jk_error *err)
{
    for (unsigned salt = 0;; salt++) {
        taken t = {id, 0};
        int rc;
        jk_files_make_id(hash_hex, path, salt, id);
        rc = jk_xdb_metadata_each(db, JK_META_FILE_PREFIX, holds_id, &t, err);
        if (rc < 0)
            return rc;
        if (!t.found)
            return JK_OK;
    }
}

int jk_files_id_of_key(jk_xdb *db, const char *key, char *id, int *found, jk_error *err)
{
    char *value = NULL;
    const char *at;
    int rc = jk_xdb_get_metadata(db, key, &value, err);
    *found = 0;
    if (rc == JK_OK && value && (at = record_id(value))) {
        memcpy(id, at, JK_FILE_ID_LEN + 1);
        *found = 1;
    }
    free(value);
    return rc;
}

typedef struct id_of {
    const char *key, *path;
    char *id, *record;
    int *found;
} id_of;

static int take_id(const char *key, const char *value, void *payload)
{
    id_of *x = payload;
    const char *id = record_id(value);
    if (strcmp(key, x->key) == 0 || !names(value, x->path) || !id)
        return 0;
    memcpy(x->id, id, JK_FILE_ID_LEN + 1);
    if (x->record)
        snprintf(x->record, 128, "%s", key);
    *x->found = 1;
    return 1; /* the first will do: stop */
}

int jk_files_id_of(jk_xdb *db, const char *key, const char *path, char *id, char *record,
                   int *found, jk_error *err)
{
    id_of x = {key, path, id, record, found};
    int rc;
    *found = 0;
    rc = jk_xdb_metadata_each(db, JK_META_FILE_PREFIX, take_id, &x, err);
    return rc == 1 ? JK_OK : rc;
}

int jk_files_named(const char *path, const char *name)
{
    const char *base = strrchr(path, '/');
    size_t n = strlen(name), pl = strlen(path), bl;

    base = base ? base + 1 : path;
    bl = strlen(base);
    if (n == 0)
        return 0;
    if (strpbrk(name, "*?[")) { /* the whole path, or its end after any '/' */
        for (const char *p = path; p; p = strchr(p, '/'), p = p ? p + 1 : NULL)
            if (fnmatch(name, p, 0) == 0)
                return 1;
        return 0;
    }
    if (strcmp(path, name) == 0 || strcmp(base, name) == 0)
        return 1;
    if (n < pl && path[pl - n - 1] == '/' && strcmp(path + pl - n, name) == 0)
        return 1; /* the end of the path after a '/' */
    if (bl == n + 4 && strncmp(base, name, n) == 0 && strcasecmp(base + n, ".txt") == 0)
        return 1;
    /* a path recorded relative to the folder the indexer ran in, named by its
     * full path (file:$PWD/archive/2024-05.txt for archive/2024-05.txt): the
     * record is the end of the name after a '/' */
    while (path[0] == '.' && path[1] == '/')
        path += 2, pl -= 2;
    return name[0] == '/' && path[0] != '/' && pl < n && name[n - pl - 1] == '/' &&
           strcmp(name + n - pl, path) == 0;
}

typedef struct matching {
    const char *name;
    jk_files_match_cb cb;
    void *payload;
} matching;

static int match_record(const char *key, const char *value, void *payload)
{
    matching *m = payload;
    const char *id = record_id(value), *tab = strchr(value, '\t');
    char *path;
    int rc;
    (void)key;
    if (!id || !tab || !(path = strndup(value, (size_t)(tab - value))))
        return id && tab ? JK_ENOMEM : 0; /* not a record this version writes: passed over */
    rc = jk_files_named(path, m->name) ? m->cb(path, id, m->payload) : 0;
    free(path);
    return rc;
}

int jk_files_match(jk_xdb *db, const char *name, jk_files_match_cb cb, void *payload, jk_error *err)
{
    matching m = {name, cb, payload};
    int rc = jk_xdb_metadata_each(db, JK_META_FILE_PREFIX, match_record, &m, err);
    if (rc == JK_ENOMEM)
        jk_error_set(err, JK_ENOMEM, "[files] out of memory");
    return rc;
}

typedef struct record {
    char *path;
    char hash[65];
    unsigned notices;
} record;

typedef struct records {
    record *v;
    size_t n, cap;
} records;

static int collect(const char *key, const char *value, void *payload)
{
    records *r = payload;
    const char *hash = key + strlen(JK_META_FILE_PREFIX), *tab = strchr(value, '\t');
    const char *colon = strchr(hash, ':');
    if (!tab || !colon || colon - hash != 64)
        return 0; /* not a record this version writes: passed over */
    if (JK_ARRAY_GROW(&r->v, &r->cap, r->n, 64))
        return JK_ENOMEM;
    record *x = &r->v[r->n];
    if (!(x->path = strndup(value, (size_t)(tab - value))))
        return JK_ENOMEM;
    memcpy(x->hash, hash, 64);
    x->hash[64] = '\0';
    x->notices = (unsigned)strtoul(tab + 1, NULL, 10);
    r->n++;
    return 0;
}

static int by_path(const void *a, const void *b)
{
    const record *x = a, *y = b;
    int c = strcmp(x->path, y->path);
    return c ? c : strcmp(x->hash, y->hash);
}

/* Whether the file at path still has the bytes whose hash is hash. Anything
 * but a regular file there (a FIFO, which would block the read) is no file. */
static jk_file_state state_of(const char *path, const char *hash)
{
    char *buf = NULL, hex[65];
    size_t len = 0;
    struct stat st;
    jk_error err;
    if (strcmp(path, jk_cli_name("-")) == 0)
        return JK_FILE_STDIN;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
        jk_cli_read_file(path, &buf, &len, &err) != JK_OK)
        return JK_FILE_GONE;
    jk_sha256_hex(buf, len, hex, 64);
    free(buf);
    return strcmp(hex, hash) == 0 ? JK_FILE_SAME : JK_FILE_CHANGED;
}

int jk_files_list(const char *path, int read, jk_files_cb cb, void *payload, unsigned *notices,
                  jk_error *err)
{
    records r = {NULL, 0, 0};
    jk_xdb *db = NULL;
    int rc;

    *notices = 0;
    rc = jk_schema_open_reader(&db, path, NULL, err); /* any dictionary's records will do */
    if (rc == JK_OK)
        rc = jk_xdb_doccount(db, notices, err);
    if (rc == JK_OK) {
        rc = jk_xdb_metadata_each(db, JK_META_FILE_PREFIX, collect, &r, err);
        if (rc == JK_ENOMEM)
            jk_error_set(err, JK_ENOMEM, "[files] out of memory");
    }
    jk_xdb_free(db);
    if (rc == JK_OK && r.n)
        qsort(r.v, r.n, sizeof *r.v, by_path);
    for (size_t i = 0; rc == JK_OK && i < r.n; i++)
        rc = cb(r.v[i].path, r.v[i].notices,
                read ? state_of(r.v[i].path, r.v[i].hash) : JK_FILE_UNREAD, payload);
    for (size_t i = 0; i < r.n; i++)
        free(r.v[i].path);
    free(r.v);
    return rc;
}
