#include "complete.h"

#include "jk_array.h"
#include "jk_files.h"
#include "jk_taxonomy.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct adder {
    complete_list *l;
    size_t cap;
    const char *lead; /* what goes before each word: "+", "cause:", "sort " */
    size_t nlead;
    const char *typed; /* the word as typed, lead included */
    int failed;
} adder;

/* Adds lead + word (word's first n bytes) if it starts with what was typed. */
static void add_n(adder *a, const char *word, size_t n)
{
    size_t len = a->nlead + n;
    char *w;

    if (a->failed)
        return;
    w = malloc(len + 1);
    if (!w) {
        a->failed = 1;
        return;
    }
    memcpy(w, a->lead, a->nlead);
    memcpy(w + a->nlead, word, n);
    w[len] = '\0';
    if (strncmp(w, a->typed, strlen(a->typed)) != 0) {
        free(w);
        return;
    }
    if (JK_ARRAY_GROW(&a->l->words, &a->cap, a->l->n, 16) != JK_OK) {
        free(w);
        a->failed = 1;
        return;
    }
    a->l->words[a->l->n++] = w;
}

static void add(adder *a, const char *word)
{
    add_n(a, word, strlen(word));
}

/* file: takes a file's name without .txt (jk_files_named); the index records
 * the path it was indexed under. */
static int add_file(const char *path, const char *id, void *payload)
{
    const char *base = strrchr(path, '/');
    size_t n;

    (void)id;
    base = base ? base + 1 : path;
    n = strlen(base);
    if (n > 4 && strncasecmp(base + n - 4, ".txt", 4) == 0)
        n -= 4;
    add_n(payload, base, n);
    return 0;
}

static int by_bytes(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int complete_word(jk_searcher *s, const char *line, complete_list *out)
{
    static const char *const fields[] = {
        "cause:", "date:", "file:", "id:", "like:", "org:", "sector:", "year:"};
    static const char *const sorts[] = {"date", "oldest", "relevance"};
    const char *word = line + strlen(line), *colon;
    adder a = {out, 0, "", 0, NULL, 0};
    size_t k;

    out->words = NULL;
    out->n = 0;
    while (word > line && word[-1] != ' ' && word[-1] != '\t')
        word--;
    a.typed = word;
    out->start = (size_t)(word - line);
    if (word - line == 5 && strncmp(line, "sort ", 5) == 0) {
        a.lead = "sort ";
        a.nlead = 5;
        a.typed = line;
        out->start = 0;
        for (k = 0; k < sizeof sorts / sizeof *sorts; k++)
            add(&a, sorts[k]);
    } else {
        /* narrowing (+) or leaving out (-): the sign is kept */
        const char *field = word + (*word == '+' || *word == '-');
        a.lead = word;
        a.nlead = (size_t)(field - word);
        colon = strchr(field, ':');
        if (!colon) {
            for (k = 0; k < sizeof fields / sizeof *fields; k++)
                add(&a, fields[k]);
        } else {
            a.nlead = (size_t)(colon + 1 - word);
            if (strncmp(field, "cause:", 6) == 0 || strncmp(field, "sector:", 7) == 0) {
                size_t n;
                const jk_label *l =
                    jk_taxonomy_labels(field[0] == 'c' ? JK_FACET_CAUSE : JK_FACET_SECTOR, &n);
                const char *comma = strrchr(colon, ','); /* a list: its last item */
                if (comma)
                    a.nlead = (size_t)(comma + 1 - word);
                for (k = 0; k < n; k++)
                    add(&a, l[k].slug);
            } else if (s && strncmp(field, "file:", 5) == 0) {
                jk_error err;
                if (jk_files_match(jk_searcher_db(s), "*", add_file, &a, &err) != JK_OK &&
                    err.code == JK_ENOMEM) {
                    a.failed = 1;
                    jk_searcher_distrust(s); /* a reader that ran out of memory */
                }
            }
        }
    }
    if (a.failed) {
        complete_free(out);
        return JK_ENOMEM;
    }
    /* each word once: two months of one name in two folders */
    if (out->n > 1) {
        size_t j = 1;
        qsort(out->words, out->n, sizeof *out->words, by_bytes);
        for (k = 1; k < out->n; k++) {
            if (strcmp(out->words[k], out->words[j - 1]) == 0)
                free(out->words[k]);
            else
                out->words[j++] = out->words[k];
        }
        out->n = j;
    }
    return JK_OK;
}

size_t complete_common(const complete_list *l)
{
    size_t n;

    if (l->n == 0)
        return 0;
    n = strlen(l->words[0]);
    for (size_t k = 1; k < l->n; k++) {
        size_t i = 0;
        while (i < n && l->words[k][i] == l->words[0][i])
            i++;
        n = i;
    }
    /* never end inside a UTF-8 character */
    while (n > 0 && ((unsigned char)l->words[0][n] & 0xC0) == 0x80)
        n--;
    return n;
}

void complete_free(complete_list *l)
{
    if (!l)
        return;
    for (size_t k = 0; k < l->n; k++)
        free(l->words[k]);
    free(l->words);
    l->words = NULL;
    l->n = 0;
}
