#include "jk_related.h"

#include "jk_analyze.h"
#include "jk_array.h"
#include "jk_buf.h"
#include "jk_cli.h"

#include <stdlib.h>
#include <string.h>

/* A word of the list (its terms joined by ' '), its group's number, and
 * whether it was quoted (a phrase). */
typedef struct rword {
    char *word;
    size_t group;
    int phrase;
} rword;

/* Every word of the list, in the order of the file. */
struct jk_related {
    rword *v;
    size_t n, cap, ngroups;
};

void jk_related_free(jk_related *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        free(r->v[i].word);
    free(r->v);
    free(r);
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

/* Adds the word w (owned from here on) to group g, whose words start at
 * first, unless the group has it. */
static int add_word(jk_related *r, char *w, int phrase, size_t g, size_t first)
{
    for (size_t i = first; i < r->n; i++)
        if (strcmp(r->v[i].word, w) == 0) {
            free(w);
            return JK_OK;
        }
    if (JK_ARRAY_GROW(&r->v, &r->cap, r->n, 64)) {
        free(w);
        return JK_ENOMEM;
    }
    r->v[r->n].word = w;
    r->v[r->n].phrase = phrase;
    r->v[r->n++].group = g;
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
        int phrase = flen > 2 && field[0] == '"' && field[flen - 1] == '"';
        if (phrase) {
            field++;
            flen -= 2;
        }
        rc = jk_analyze(an, field, flen, join_term, &b, err);
        if (rc == JK_OK && b.n == 0)
            rc = jk_error_set(err, JK_EINPUT, "%s:%u: '%.*s' has no searchable word", path, lineno,
                              (int)flen, field);
        else if (rc == JK_ENOMEM || (rc == JK_OK && !(w = jk_buf_steal(&b))) ||
                 (rc == JK_OK && add_word(r, w, phrase, r->ngroups, first)))
            rc = jk_error_set(err, JK_ENOMEM, "[related] out of memory");
        jk_buf_free(&b);
    }
    if (rc == JK_OK && r->n - first == 1)
        rc = jk_error_set(err, JK_EINPUT, "%s:%u: a group of one word ('%s') relates nothing", path,
                          lineno, r->v[first].word);
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
                    int (*cb)(const char *related, int phrase, void *payload), void *payload)
{
    for (size_t i = 0; r && i < r->n; i++) {
        if (strcmp(r->v[i].word, word))
            continue;
        for (size_t k = 0; k < r->n; k++) {
            int rc;
            if (r->v[k].group == r->v[i].group && k != i &&
                (rc = cb(r->v[k].word, r->v[k].phrase, payload)) != 0)
                return rc;
        }
    }
    return 0;
}
