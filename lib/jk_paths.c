#include "jk_paths.h"

#include "jk_config.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *jk_paths_sysdic(void)
{
    const char *env = getenv("JIKENBO_SYSDIC");
    return env && *env ? env : JK_SYSDIC_DIR;
}

/* 1 when this program's executable lies inside the build tree it was built
 * in, 0 when it does not (an installed copy), -1 when that cannot be told
 * (no /proc). */
static int runs_from_build_tree(void)
{
    char exe[PATH_MAX], root[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    size_t len;

    if (n <= 0)
        return -1;
    exe[n] = '\0';
    if (!realpath(JK_BUILD_ROOT, root))
        return 0; /* the build tree is gone */
    len = strlen(root);
    return strncmp(exe, root, len) == 0 && exe[len] == '/';
}

const char *jk_paths_dictdir(void)
{
    const char *env = getenv("JIKENBO_DICTDIR");
    struct stat st;

    if (env && *env)
        return env;
    /* An installed program keeps to the installed dictionary even while the
     * build tree it came from is still there: that tree's dict/ may since
     * have been rebuilt from other sources. */
    if (runs_from_build_tree() != 0 && stat(JK_DICT_BUILD_DIR "/" JK_USERDIC_NAME, &st) == 0)
        return JK_DICT_BUILD_DIR;
    return JK_DICT_INSTALL_DIR;
}

const char *jk_paths_dictdir_hint(void)
{
    return strcmp(jk_paths_dictdir(), JK_DICT_INSTALL_DIR) == 0
               ? "install jikenbo (meson install) or set $JIKENBO_DICTDIR"
               : "build jikenbo (meson compile) or set $JIKENBO_DICTDIR";
}

int jk_paths_db(const char *given, char **out, jk_error *err)
{
    const char *env = getenv("JIKENBO_DB"), *xdg = getenv("XDG_DATA_HOME"), *home;
    char *p;
    size_t n;

    *out = NULL;
    if (given && !*given)
        return jk_error_set(err, JK_EINVAL, "--db needs the index's directory");
    if (given) {
        p = strdup(given);
    } else if (env && *env) {
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

jk_path_kind jk_paths_kind(const char *path)
{
    struct stat st;
    DIR *d;
    struct dirent *e;
    int other = 0, xapian = 0;

    if (stat(path, &st) != 0)
        return JK_PATH_NONE;
    if (!S_ISDIR(st.st_mode))
        return JK_PATH_FILE;
    if (!(d = opendir(path)))
        return JK_PATH_UNREADABLE;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (!strcmp(e->d_name, "iamglass") || !strcmp(e->d_name, "flintlock"))
            xapian = 1;
        else
            other = 1;
    }
    closedir(d);
    return xapian ? JK_PATH_INDEX : other ? JK_PATH_OTHER : JK_PATH_EMPTY;
}

void jk_paths_remove_tree(const char *path)
{
    DIR *d = opendir(path);
    struct dirent *e;
    char p[4400];
    if (!d) {
        remove(path);
        return;
    }
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        snprintf(p, sizeof p, "%s/%s", path, e->d_name);
        jk_paths_remove_tree(p);
    }
    closedir(d);
    rmdir(path);
}

/* index without the slashes at its end ("db/" is "db", "/" stays) */
static int trimmed(const char *index)
{
    size_t n = strlen(index);
    while (n > 1 && index[n - 1] == '/')
        n--;
    return (int)n;
}

void jk_paths_scratch(const char *index, const char *kind, char *buf, size_t size)
{
    snprintf(buf, size, "%.*s.%s-%ld", trimmed(index), index, kind, (long)getpid());
}

#define SCRATCH_MARK ".jikenbo-scratch"

int jk_paths_mark_scratch(const char *dir, jk_error *err)
{
    char p[4400];
    FILE *f;
    snprintf(p, sizeof p, "%s/" SCRATCH_MARK, dir);
    if (!(f = fopen(p, "w"))) {
        int e = errno;
        return jk_error_set(err, JK_EIO, "[paths] cannot create %s: %s", p, strerror(e));
    }
    fclose(f);
    return JK_OK;
}

void jk_paths_remove_scratch(const char *index)
{
    static const char *const kinds[] = {"build", "old"};
    char whole[4096], dir[4096], p[4400];
    const char *slash, *base;
    size_t blen;
    DIR *d;
    struct dirent *e;

    snprintf(whole, sizeof whole, "%.*s", trimmed(index), index);
    index = whole;
    slash = strrchr(index, '/');
    base = slash ? slash + 1 : index;
    blen = strlen(base);
    if (blen == 0)
        return;

    if (slash)
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - index) + 1, index);
    else
        snprintf(dir, sizeof dir, ".");
    if (!(d = opendir(dir)))
        return;
    while ((e = readdir(d))) {
        const char *rest = e->d_name + blen;
        if (strncmp(e->d_name, base, blen) != 0 || rest[0] != '.')
            continue;
        for (int k = 0; k < 2; k++) {
            size_t kl = strlen(kinds[k]);
            char *end;
            long pid;
            if (strncmp(rest + 1, kinds[k], kl) != 0 || rest[1 + kl] != '-')
                continue;
            pid = strtol(rest + 2 + kl, &end, 10);
            if (*end || pid <= 0)
                continue;
            /* the caller holds the lock, so what has its own pid was left by
             * an earlier run in this process (a removal that failed) */
            if (pid != (long)getpid() && (kill((pid_t)pid, 0) == 0 || errno != ESRCH))
                continue; /* its writer is alive */
            snprintf(p, sizeof p, "%s%s%s/" SCRATCH_MARK, dir, slash ? "" : "/", e->d_name);
            if (access(p, F_OK) != 0)
                continue; /* not ours */
            snprintf(p, sizeof p, "%s%s%s", dir, slash ? "" : "/", e->d_name);
            jk_paths_remove_tree(p);
        }
    }
    closedir(d);
}
