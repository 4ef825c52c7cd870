#include "jk_paths.h"

#include "jk_config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *jk_paths_sysdic(void)
{
    const char *env = getenv("JIKENBO_SYSDIC");
    return env && *env ? env : JK_SYSDIC_DIR;
}

const char *jk_paths_dictdir(void)
{
    const char *env = getenv("JIKENBO_DICTDIR");
    struct stat st;

    if (env && *env)
        return env;
    if (stat(JK_DICT_BUILD_DIR "/" JK_USERDIC_NAME, &st) == 0)
        return JK_DICT_BUILD_DIR;
    return JK_DICT_INSTALL_DIR;
}

int jk_paths_default_db(char **out, jk_error *err)
{
    const char *env = getenv("JIKENBO_DB"), *xdg = getenv("XDG_DATA_HOME"), *home;
    char *p;
    size_t n;

    *out = NULL;
    if (env && *env) {
        p = strdup(env);
    } else if (xdg && *xdg) {
        n = strlen(xdg) + sizeof "/jikenbo/db";
        p = malloc(n);
        if (p)
            snprintf(p, n, "%s/jikenbo/db", xdg);
    } else {
        home = getenv("HOME");
        if (!home || !*home)
            return jk_error_set(err, JK_EINVAL,
                                "[paths] no index given: set --db, $JIKENBO_DB or $HOME");
        n = strlen(home) + sizeof "/.local/share/jikenbo/db";
        p = malloc(n);
        if (p)
            snprintf(p, n, "%s/.local/share/jikenbo/db", home);
    }
    if (!p)
        return jk_error_set(err, JK_ENOMEM, "[paths] out of memory");
    *out = p;
    return JK_OK;
}

int jk_paths_mkdirs(const char *dir, jk_error *err)
{
    char *p = strdup(dir);
    size_t i;

    if (!p)
        return jk_error_set(err, JK_ENOMEM, "[paths] out of memory");
    for (i = 1; p[i]; i++) {
        if (p[i] != '/')
            continue;
        p[i] = '\0';
        if (mkdir(p, 0755) < 0 && errno != EEXIST) {
            int e = errno;
            jk_error_set(err, JK_EIO, "[paths] cannot create %s: %s", p, strerror(e));
            free(p);
            return JK_EIO;
        }
        p[i] = '/';
    }
    if (mkdir(p, 0755) < 0 && errno != EEXIST) {
        int e = errno;
        jk_error_set(err, JK_EIO, "[paths] cannot create %s: %s", p, strerror(e));
        free(p);
        return JK_EIO;
    }
    free(p);
    return JK_OK;
}
