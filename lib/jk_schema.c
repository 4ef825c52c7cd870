#include "jk_schema.h"

#include "jk_paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void jk_schema_file_key(const char *sha_hex, const char *rules_id, char *out, size_t outlen)
{
    snprintf(out, outlen, JK_META_FILE_PREFIX "%s:%s/" JK_DOC_SCHEME, sha_hex, rules_id);
}

int jk_schema_check(jk_xdb *db, const char *path, const char *analyzer_id, jk_error *err)
{
    char *have = NULL, *schema = NULL;
    int rc = jk_xdb_get_metadata(db, JK_META_ANALYZER, &have, err);

    if (rc == JK_OK)
        rc = jk_xdb_get_metadata(db, JK_META_SCHEMA, &schema, err);
    if (rc == JK_OK && schema && strcmp(schema, JK_SCHEMA_VERSION) != 0)
        rc = jk_error_set(err, JK_EVERSION,
                          "index %s has schema %s but this jikenbo writes schema %s: rebuild it "
                          "(rm -r '%s' and run jikenbo-index on your archive again)",
                          path, schema, JK_SCHEMA_VERSION, path);
    else if (rc == JK_OK && have && strcmp(have, analyzer_id) != 0)
        rc = jk_error_set(err, JK_EVERSION,
                          "index %s was built with another dictionary or tokeniser:\n"
                          "  index:  %s\n  this:   %s\n"
                          "rebuild it (rm -r '%s' and run jikenbo-index on your archive again)",
                          path, have, analyzer_id, path);
    free(have);
    free(schema);
    return rc;
}

int jk_schema_open_reader(jk_xdb **out, const char *path, const char *analyzer_id, jk_error *err)
{
    struct stat st;
    int rc;

    *out = NULL;
    if (stat(path, &st) != 0)
        return jk_error_set(err, JK_ENOTFOUND,
                            "no index at %s: build one with 'jikenbo-index --db %s ARCHIVE...'",
                            path, path);
    if (!S_ISDIR(st.st_mode)) /* Xapian would read it as a stub file */
        return jk_error_set(err, JK_ENOTFOUND,
                            "%s is a file, not an index: an index is a directory "
                            "(jikenbo-index --db DIR makes one)",
                            path);
    rc = jk_xdb_open(out, path, JK_XDB_READ, err);
    if ((rc == JK_ENOTFOUND || rc == JK_EIO) && jk_paths_kind(path) == JK_PATH_OTHER)
        return jk_error_set(err, JK_ENOTFOUND,
                            "%s holds other files and no index: --db names the index's own "
                            "directory (jikenbo-index --db NEWDIR ARCHIVE... makes one)",
                            path);
    if (rc == JK_ENOTFOUND || rc == JK_EIO) {
        char why[JK_ERROR_MSG_MAX];
        snprintf(why, sizeof why, "%s", err ? err->msg : "cannot open");
        return jk_error_set(err, JK_ENOTFOUND,
                            "%s is not a jikenbo index (%s): build one with 'jikenbo-index --db %s "
                            "ARCHIVE...'",
                            path, why, path);
    }
    if (rc && rc != JK_ENOMEM && rc != JK_ELOCKED) /* damaged: say which and what to do */
        return jk_schema_damaged(path, rc, err);
    if (rc || !analyzer_id)
        return rc;
    rc = jk_schema_check(*out, path, analyzer_id, err);
    if (rc) {
        jk_xdb_free(*out);
        *out = NULL;
    }
    return rc;
}

int jk_schema_damaged(const char *path, int rc, jk_error *err)
{
    char why[JK_ERROR_MSG_MAX];
    snprintf(why, sizeof why, "%s", err && err->msg[0] ? err->msg : "cannot open");
    return jk_error_set(err, rc,
                        "cannot read the index at %s (%s): if it is damaged, " JK_SCHEMA_REBUILD,
                        path, why);
}
