/* jk_check: a sound index passes; an index with a stale vocabulary, one
 * built by another analyzer and one whose table cannot be opened are found
 * out; a locked index and a missing one are not checked. */
#include "jk_check.h"
#include "jk_paths.h"
#include "jk_schema.h"
#include "jk_test_index.h"
#include "jk_vocab.h"
#include "jk_xapian.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char root[] = "/tmp/jk-test-check-XXXXXX";

/* A copy of the index at from, at root/name, into out. */
static void copy(const char *from, const char *name, char *out, size_t size)
{
    char cmd[9000];
    snprintf(out, size, "%s/%s", root, name);
    snprintf(cmd, sizeof cmd, "cp -a '%s' '%s'", from, out);
    CHECK_INT(system(cmd), 0);
}

/* Sets metadata key of the index at path to value, in one commit. */
static void set_meta(const char *path, const char *key, const char *value)
{
    jk_xdb *db = NULL;
    jk_error err;
    CHECK_MSG(jk_xdb_open(&db, path, JK_XDB_WRITE, &err) == JK_OK, "%s", err.msg);
    if (!db)
        return;
    CHECK_MSG(jk_xdb_begin(db, &err) == JK_OK &&
                  jk_xdb_set_metadata(db, key, value, &err) == JK_OK &&
                  jk_xdb_commit(db, &err) == JK_OK,
              "%s", err.msg);
    jk_xdb_free(db);
}

int main(void)
{
    const char *data = getenv("JK_DATA");
    char month[4200], sound[4200], path[4200];
    unsigned n = 99;
    jk_error err;
    jk_index *ix = NULL;

    if (!mkdtemp(root))
        return 2;
    snprintf(month, sizeof month, "%s/sample/2024-05.txt", data ? data : "tests/data");
    snprintf(sound, sizeof sound, "%s/sound", root);
    jk_test_index_file(sound, month);

    /* sound: every check passes and the notices are counted */
    CHECK_MSG(jk_check_index(sound, &n, &err) == JK_OK, "%s", err.msg);
    CHECK_INT(n, 11);

    /* an indexer writing to it: not checked */
    CHECK(jk_index_open(&ix, sound, &err) == JK_OK);
    CHECK_INT(jk_check_index(sound, &n, &err), JK_ELOCKED);
    CHECK(strstr(err.msg, "an indexer is writing to it") != NULL);
    jk_index_free(ix);

    /* nothing there: not checked */
    snprintf(path, sizeof path, "%s/none", root);
    CHECK_INT(jk_check_index(path, &n, &err), JK_ENOTFOUND);

    /* a vocabulary that no longer lists the index's words */
    copy(sound, "vocab", path, sizeof path);
    set_meta(path, JK_META_VOCAB, "\nランサムウェア\n");
    CHECK_INT(jk_check_index(path, &n, &err), JK_ECORRUPT);
    CHECK_MSG(strstr(err.msg, "the vocabulary (the words that parts of words are looked up in) "
                              "lists 1 words") &&
                  strstr(err.msg, "build it again from the archive"),
              "%s", err.msg);
    /* the right words under a wrong signature */
    copy(sound, "vsig", path, sizeof path);
    set_meta(path, JK_META_VOCAB_SIG, "0123456789abcdef");
    CHECK_INT(jk_check_index(path, &n, &err), JK_ECORRUPT);
    CHECK_MSG(strstr(err.msg, "signature is 0123456789abcdef"), "%s", err.msg);

    /* a term's bitmap that counts documents its posting list does not hold */
    copy(sound, "bits", path, sizeof path);
    {
        jk_xdb *rd = NULL;
        char *stamp = NULL, key[300];
        unsigned nbits = 0;
        CHECK_INT(jk_xdb_open(&rd, path, JK_XDB_READ, &err), JK_OK);
        CHECK_INT(jk_xdb_bitmaps(rd, &nbits, &err), JK_OK);
        CHECK(nbits > 0);
        CHECK_INT(jk_xdb_get_metadata(rd, "jikenbo.bits", &stamp, &err), JK_OK);
        jk_xdb_free(rd);
        /* its first term, after the revision's line */
        const char *t = stamp ? strchr(stamp, '\n') : NULL, *e = t ? strchr(t + 1, '\n') : NULL;
        CHECK(t && e);
        if (t && e) {
            snprintf(key, sizeof key,
                     "jikenbo.bits\x01%.*s\x01"
                     "0",
                     (int)(e - t - 1), t + 1);
            set_meta(path, key, "\xff\xff\xff\xff\xff\xff\xff\xff");
            CHECK_INT(jk_check_index(path, &n, &err), JK_ECORRUPT);
            CHECK_MSG(strstr(err.msg, "differs from its posting list") &&
                          strstr(err.msg, "build it again from the archive"),
                      "%s", err.msg);
        }
        free(stamp);
    }

    /* built by another analyzer: this jikenbo cannot use it */
    copy(sound, "analyzer", path, sizeof path);
    set_meta(path, JK_META_ANALYZER, "another analyzer");
    CHECK_INT(jk_check_index(path, &n, &err), JK_EVERSION);

    /* a table Xapian cannot open */
    copy(sound, "table", path, sizeof path);
    {
        char table[4300];
        FILE *f;
        snprintf(table, sizeof table, "%s/postlist.glass", path);
        f = fopen(table, "r+b");
        CHECK(f != NULL);
        if (f) {
            static const char junk[64] = "not a block of a B-tree at all, not at all, not at all";
            fwrite(junk, 1, sizeof junk, f);
            fclose(f);
        }
    }
    CHECK_INT(jk_check_index(path, &n, &err), JK_ECORRUPT);
    CHECK_MSG(strstr(err.msg, "build it again from the archive") != NULL, "%s", err.msg);

    jk_paths_remove_tree(root);
    return TEST_DONE();
}
