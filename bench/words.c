/* bench-words: the list of frequent words whose adjacent pairs jikenbo
 * indexes (dict/pairwords.txt, see lib/jk_pairs.h), from archive files:
 *
 *   bench-words [--min-share PCT] DIR|FILE...   > dict/pairwords.txt
 *
 * Prints every word (as the analyzer spells it) that is in at least PCT% of
 * the notices (default 10), is neither hiragana nor digits only and is
 * analysed as itself when it stands alone, most frequent first, with a header
 * saying how the list was made.
 */
#include "bench_common.h"
#include "jk_analyze.h"
#include "jk_hash.h"
#include "jk_pairs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry {
    char *word;
    unsigned df, last; /* notices holding it; the last notice counted */
} entry;

#define SLOTS (1u << 20) /* open addressing over entry indexes; a power of two */

typedef struct counter {
    entry *v;
    size_t n, cap;
    unsigned notice;
    int *slot; /* SLOTS entries: index into v, or -1 */
} counter;

static int count(const jk_token *t, void *payload)
{
    counter *c = payload;
    uint32_t h;
    size_t i;
    if (!jk_pairs_content(t->term, t->len))
        return 0;
    for (h = jk_hash_fnv1a(t->term, t->len) & (SLOTS - 1); c->slot[h] >= 0;
         h = (h + 1) & (SLOTS - 1)) {
        const char *w = c->v[c->slot[h]].word;
        if (strlen(w) == t->len && memcmp(w, t->term, t->len) == 0)
            break;
    }
    i = c->slot[h] >= 0 ? (size_t)c->slot[h] : c->n;
    if (i == c->n) {
        if (c->n + 1 >= SLOTS / 2)
            return 1; /* a vocabulary this large is not a list of frequent words */
        if (c->n == c->cap) {
            size_t cap = c->cap ? c->cap * 2 : 1024;
            entry *v = realloc(c->v, cap * sizeof *v);
            if (!v)
                return 1;
            c->v = v;
            c->cap = cap;
        }
        c->v[i].word = strndup(t->term, t->len);
        c->v[i].df = 0;
        c->v[i].last = 0;
        if (!c->v[i].word)
            return 1;
        c->slot[h] = (int)i;
        c->n++;
    }
    if (c->v[i].last != c->notice) {
        c->v[i].last = c->notice;
        c->v[i].df++;
    }
    return 0;
}

typedef struct alone {
    const char *word;
    int n, same;
} alone;

static int check_alone(const jk_token *t, void *payload)
{
    alone *a = payload;
    a->n++;
    a->same = t->len == strlen(a->word) && memcmp(t->term, a->word, t->len) == 0;
    return 0;
}

/* 1 if the word, analysed on its own, is itself: MeCab cuts some words
 * differently out of context (十分 alone is 十 | 分), and the list is read
 * word by word (jk_analyze.c refuses such a line). */
static int stands_alone(jk_analyzer *an, const char *word)
{
    alone a = {word, 0, 0};
    jk_error err;
    return jk_analyze(an, word, strlen(word), check_alone, &a, &err) == JK_OK && a.n == 1 && a.same;
}

static int by_df(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    if (x->df != y->df)
        return x->df > y->df ? -1 : 1;
    return strcmp(x->word, y->word);
}

int main(int argc, char **argv)
{
    jk_analyzer *an = NULL;
    jk_error err;
    counter c = {NULL, 0, 0, 0, malloc(SLOTS * sizeof(int))};
    double share = 10;
    int first = 1;

    if (argc > 2 && !strcmp(argv[1], "--min-share")) {
        share = atof(argv[2]);
        first = 3;
    }
    if (first >= argc || share <= 0 || share > 100) {
        fprintf(stderr, "usage: bench-words [--min-share PCT] DIR|FILE...\n");
        return 2;
    }
    if (!c.slot) {
        fprintf(stderr, "bench-words: out of memory\n");
        return 2;
    }
    memset(c.slot, 0xFF, SLOTS * sizeof(int)); /* all -1 */
    if (jk_analyzer_new(&an, &err)) {
        fprintf(stderr, "bench-words: %s\n", err.msg);
        return 2;
    }
    /* what a stop from count() means; the analyzer overwrites it with its own */
    jk_error_set(&err, JK_ENOMEM, "out of memory, or over %u distinct words", SLOTS / 2);
    for (int i = first; i < argc; i++) {
        bench_corpus corpus;
        if (bench_corpus_load(&corpus, argv[i])) {
            fprintf(stderr, "bench-words: cannot read %s\n", argv[i]);
            return 2;
        }
        for (size_t f = 0; f < corpus.nfiles; f++)
            for (size_t k = 0; k < corpus.archives[f]->nposts; k++) {
                const jk_post *p = &corpus.archives[f]->posts[k];
                if (p->kind != JK_POST_NOTICE)
                    continue;
                c.notice++;
                if (jk_analyze(an, p->title + p->title_text, strlen(p->title + p->title_text),
                               count, &c, &err) ||
                    jk_analyze(an, p->body, p->body_len, count, &c, &err)) {
                    fprintf(stderr, "bench-words: %s\n", err.msg);
                    return 2;
                }
            }
        bench_corpus_free(&corpus);
    }
    qsort(c.v, c.n, sizeof *c.v, by_df);
    printf("# The words whose adjacent pairs jikenbo indexes, so a quoted phrase of\n"
           "# them is one posting list (see lib/jk_pairs.h): every word in at least\n"
           "# %g%% of %u notices, neither hiragana nor digits only, most frequent first.\n"
           "# Made by: build/bench/bench-words --min-share %g ARCHIVES... > dict/pairwords.txt\n"
           "# Changing this list makes existing indexes stale (rebuild them).\n",
           share, c.notice, share);
    for (size_t i = 0; i < c.n; i++) {
        if (c.v[i].df * 100.0 < share * c.notice)
            break;
        if (stands_alone(an, c.v[i].word))
            printf("%s\n", c.v[i].word);
    }
    for (size_t i = 0; i < c.n; i++)
        free(c.v[i].word);
    free(c.v);
    free(c.slot);
    jk_analyzer_free(an);
    return 0;
}
