#include "jk_related.h"

#include "jk_analyze.h"
#include "jk_buf.h"
#include "jk_cli.h"

#include <stdlib.h>
#include <string.h>

/* Every word of the list with its group's number, in the order of the file. */
struct jk_related {
    char **word;
    size_t *group;
    size_t n, cap, ngroups;
};

void jk_related_free(jk_related *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        free(r->word[i]);
    free(r->word);
    free(r->group);
    free(r);
}

size_t jk_related_groups(const jk_related *r)
{
    return r ? r->ngroups : 0;
}

static int join_term(const jk_token *t, void *payload)
{
    jk_buf *b = payload;
    int rc = 0;
    if (b->n)
        jk_buf_putc(b, &rc, ' ');
    jk_buf_append(b, &rc, t->term, t->len);
    return rc;
}

static int has_word(const jk_related *r, size_t from, const char *w)
{
    for (size_t i = from; i < r->n; i++)
        if (strcmp(r->word[i], w) == 0)
            return 1;
    return 0;
}

/* Adds the word w (owned from here on) to group g unless the group has it. */
static int add_word(jk_related *r, char *w, size_t g, size_t first)
{
    if (has_word(r, first, w)) {
        free(w);
        return JK_OK;
    }
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 64;
        char **wv = realloc(r->word, cap * sizeof *wv);
        if (wv)
            r->word = wv;
        size_t *gv = wv ? realloc(r->group, cap * sizeof *gv) : NULL;
        if (!gv) {
            free(w);
            return JK_ENOMEM;
        }
        r->group = gv;
        r->cap = cap;
    }
    r->word[r->n] = w;
    r->group[r->n++] = g;
    return JK_OK;
}

/* One line: its words, analysed, as group r->ngroups (none for a blank line). */
static int load_line(jk_related *r, jk_analyzer *an, const char *line, const char *path,
                     unsigned lineno, jk_error *err)
{
    size_t first = r->n, flen;
    const char *field, *p = line;
    int rc = JK_OK;

    while (rc == JK_OK && (field = jk_analyzer_list_field(&p, &flen)) != NULL) {
        jk_buf b = JK_BUF_INIT;
        char *w = NULL;
        rc = jk_analyze(an, field, flen, join_term, &b, err);
        if (rc == JK_OK && b.n == 0)
            rc = jk_error_set(err, JK_EINPUT, "%s:%u: '%.*s' has no searchable word", path, lineno,
                              (int)flen, field);
        else if (rc == JK_ENOMEM || (rc == JK_OK && !(w = jk_buf_steal(&b))) ||
                 (rc == JK_OK && add_word(r, w, r->ngroups, first)))
            rc = jk_error_set(err, JK_ENOMEM, "[related] out of memory");
        jk_buf_free(&b);
    }
    if (rc == JK_OK && r->n - first == 1)
        rc = jk_error_set(err, JK_EINPUT, "%s:%u: a group of one word ('%s') relates nothing", path,
                          lineno, r->word[first]);
    if (rc == JK_OK && r->n > first)
        r->ngroups++;
    return rc;
}

int jk_related_load(jk_related **out, jk_analyzer *an, const char *path, jk_error *err)
{
    jk_related *r = calloc(1, sizeof *r);
    char *buf = NULL;
    size_t len = 0;
    unsigned lineno = 0;
    int rc;

    *out = NULL;
    if (!r)
        return jk_error_set(err, JK_ENOMEM, "[related] out of memory");
    rc = jk_cli_read_file(path, &buf, &len, err);
    if (rc)
        rc = jk_error_prefix(err, "[related] ");
    for (char *line = buf, *nl; rc == JK_OK && line && *line; line = nl) {
        nl = strchr(line, '\n');
        if (nl)
            *nl++ = '\0';
        lineno++;
        if (line[0] != '#')
            rc = load_line(r, an, line, path, lineno, err);
    }
    free(buf);
    if (rc) {
        jk_related_free(r);
        return rc;
    }
    *out = r;
    return JK_OK;
}

int jk_related_each(const jk_related *r, const char *word,
                    int (*cb)(const char *related, void *payload), void *payload)
{
    for (size_t i = 0; r && i < r->n; i++) {
        if (strcmp(r->word[i], word))
            continue;
        for (size_t k = 0; k < r->n; k++) {
            int rc;
            if (r->group[k] != r->group[i] || strcmp(r->word[k], word) == 0)
                continue;
            if ((rc = cb(r->word[k], payload)) != 0)
                return rc;
        }
    }
    return 0;
}
