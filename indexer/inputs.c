#include "inputs.h"

#include "jk_array.h"
#include "report.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

int inputs_add(inputs *l, const char *s)
{
    if (JK_ARRAY_GROW(&l->v, &l->cap, l->n, 16))
        return -1;
    if (!(l->v[l->n] = strdup(s)))
        return -1;
    l->n++;
    return 0;
}

void inputs_free(inputs *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
}

static int ends_with_txt(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && strcasecmp(name + n - 4, ".txt") == 0;
}

/* The directories from the one given down to the one being read, to tell a
 * symbolic link back up (a loop) from one to elsewhere. */
typedef struct dir_chain {
    dev_t dev;
    ino_t ino;
    const struct dir_chain *up;
} dir_chain;

/* Adds every *.txt file (.TXT too) below dir (hidden entries skipped), in name order. */
static int collect_below(const char *dir, const dir_chain *up, inputs *out)
{
    struct dirent **ents = NULL;
    struct stat self;
    int n, rc = 0;

    if (stat(dir, &self) == 0)
        for (const dir_chain *c = up; c; c = c->up)
            if (c->dev == self.st_dev && c->ino == self.st_ino)
                return 0; /* a link back up: seen already */
    dir_chain here = {self.st_dev, self.st_ino, up};
    n = scandir(dir, &ents, NULL, alphasort);
    if (n < 0) {
        fprintf(stderr, PROG ": %s: cannot read directory\n", dir);
        return 1;
    }
    for (int i = 0; i < n; i++) {
        char path[4096];
        struct stat st;
        if (ents[i]->d_name[0] == '.')
            goto next;
        snprintf(path, sizeof path, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/",
                 ents[i]->d_name);
        if (stat(path, &st) != 0)
            goto next;
        if (S_ISDIR(st.st_mode))
            rc |= collect_below(path, &here, out);
        else if (S_ISREG(st.st_mode) && ends_with_txt(ents[i]->d_name) && inputs_add(out, path))
            rc = 1;
    next:
        free(ents[i]);
    }
    free(ents);
    return rc;
}

int inputs_add_dir(const char *dir, inputs *out)
{
    return collect_below(dir, NULL, out);
}
