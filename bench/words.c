/* bench-words: the lists of frequent words whose adjacent pairs jikenbo
 * indexes (dict/pairwords.txt) and of frequent phrases of them
 * (dict/phrases.txt), from archive files (see lib/jk_pairs.h):
 *
 *   bench-words [--min-share PCT] DIR|FILE...            > dict/pairwords.txt
 *   bench-words --phrases [--min-share PCT] DIR|FILE...  > dict/phrases.txt
 *
 * Prints every word (as the analyzer spells it) that is in at least PCT% of
 * the notices (default 10), is neither hiragana nor digits only and is
 * analysed as itself when it stands alone, most frequent first, with a header
 * saying how the list was made. With --phrases: every run of 3 to
 * JK_PHRASE_WORDS words of the installed pairwords.txt, side by side on one
 * line, in at least PCT% of the notices, written as its words joined, when
 * that text is analysed into the same words.
 */
#include "bench_common.h"
#include "jk_analyze.h"
#include "jk_array.h"
#include "jk_hash.h"
#include "jk_pairs.h"

#include <getopt.h>
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

/* Counts the notice c->notice for key (len bytes). */
static int count_key(counter *c, const char *key, size_t len)
{
    uint32_t h;
    size_t i;
    for (h = jk_hash_fnv1a(key, len) & (SLOTS - 1); c->slot[h] >= 0; h = (h + 1) & (SLOTS - 1)) {
        const char *w = c->v[c->slot[h]].word;
        if (strlen(w) == len && memcmp(w, key, len) == 0)
            break;
    }
    i = c->slot[h] >= 0 ? (size_t)c->slot[h] : c->n;
    if (i == c->n) {
        if (c->n + 1 >= SLOTS / 2)
            return 1; /* a vocabulary this large is not a list of frequent words */
        if (JK_ARRAY_GROW(&c->v, &c->cap, c->n, 1024))
            return 1;
        c->v[i].word = strndup(key, len);
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

static int count(const jk_token *t, void *payload)
{
    return jk_pairs_content(t->term, t->len) ? count_key(payload, t->term, t->len) : 0;
}

/* --phrases: the runs of listed words, positioned as the indexer does
 * (a line break ends a run; jk_doc.c) */
typedef struct runs {
    counter *c;
    const jk_pairs *pairs;
    jk_pairs_run run;
    const char *text;
    size_t last_end;
    unsigned pos;
} runs;

static int count_run(const char *term, size_t len, void *payload)
{
    size_t plen = strlen(JK_PREFIX_PAIR);
    const char *key = term + plen;
    int words = 1;
    for (size_t i = plen; i < len; i++)
        words += term[i] == ' ';
    return words >= 3 ? count_key(payload, key, len - plen) : 0;
}

static int count_runs(const jk_token *t, void *payload)
{
    runs *r = payload;
    if (t->start > r->last_end && memchr(r->text + r->last_end, '\n', t->start - r->last_end))
        r->pos++;
    r->last_end = t->end;
    r->pos++;
    if (!jk_pairs_has(r->pairs, t->term, t->len)) {
        jk_pairs_run_break(&r->run);
        return 0;
    }
    return jk_pairs_run_push(&r->run, t->term, t->len, r->pos, count_run, r->c);
}

typedef struct alone {
    const char *key; /* words joined by spaces */
    size_t at;       /* bytes of key matched so far */
    int same;
} alone;

static int check_alone(const jk_token *t, void *payload)
{
    alone *a = payload;
    size_t rest = strlen(a->key + a->at);
    if (a->at > 0 && rest > 0 && a->key[a->at] == ' ') {
        a->at++;
        rest--;
    } else if (a->at > 0) {
        a->same = 0;
    }
    if (t->len > rest || memcmp(a->key + a->at, t->term, t->len) != 0 ||
        (t->len < rest && a->key[a->at + t->len] != ' '))
        a->same = 0;
    else
        a->at += t->len;
    return 0;
}

/* 1 if text is analysed into the words of key (joined by spaces): MeCab
 * cuts some words differently out of context (十分 alone is 十 | 分), and
 * the lists are read line by line (jk_analyze.c refuses such a line). */
static int analyses_to(jk_analyzer *an, const char *text, const char *key)
{
    alone a = {key, 0, 1};
    jk_error err;
    return jk_analyze(an, text, strlen(text), check_alone, &a, &err) == JK_OK && a.same &&
           a.at == strlen(key);
}

/* Counts the notice's words, or with phrases its runs of listed words. */
static int count_notice(jk_analyzer *an, const jk_post *p, counter *c, int phrases, jk_error *err)
{
    const char *title = p->title + p->title_text;
    runs r;
    int rc;

    if (!phrases)
        return jk_analyze(an, title, strlen(title), count, c, err) ||
               jk_analyze(an, p->body, p->body_len, count, c, err);
    memset(&r, 0, sizeof r);
    r.c = c;
    r.pairs = jk_analyzer_pairs(an);
    jk_pairs_run_init(&r.run, r.pairs, 1);
    r.text = title;
    rc = jk_analyze(an, title, strlen(title), count_runs, &r, err);
    jk_pairs_run_break(&r.run);
    r.text = p->body;
    r.last_end = 0;
    return rc || jk_analyze(an, p->body, p->body_len, count_runs, &r, err);
}

static int by_df(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    if (x->df != y->df)
        return x->df > y->df ? -1 : 1;
    return strcmp(x->word, y->word);
}

#define PROG "bench-words"
#define STR_(x) #x
#define STR(x) STR_(x)

static const char help[] =
    "Usage: " PROG " [--min-share PCT] DIR|FILE...            > dict/pairwords.txt\n"
    "       " PROG " --phrases [--min-share PCT] DIR|FILE...  > dict/phrases.txt\n"
    "\n"
    "Makes the lists of frequent words whose adjacent pairs jikenbo indexes, and\n"
    "of frequent phrases of them, from archive files (DIR: every *.txt below it),\n"
    "so that a quoted phrase of them is one posting list (see lib/jk_pairs.h).\n"
    "\n"
    "Without --phrases: every word (as the analyzer spells it) in at least PCT%\n"
    "of the notices, neither hiragana nor digits only, and analysed as itself\n"
    "when it stands alone. With --phrases: every run of 3 to " STR(
        JK_PHRASE_WORDS) " words of the\n"
                         "installed pairwords.txt, side by side on one line, in at least PCT% of "
                         "the\n"
                         "notices, written as its words joined, when that text is analysed into "
                         "the\n"
                         "same words. Most frequent first, after a header saying how the list was\n"
                         "made. Changing either list makes existing indexes stale.\n"
                         "\n"
                         "Options:\n"
                         "  --phrases          the phrases, not the words\n"
                         "  --min-share PCT    the share of notices a word or phrase must be in\n"
                         "                     (default 10)\n"
                         "  -h, --help         show this help and exit\n"
                         "\n"
                         "Exit status: 0 listed, 2 usage error or an input that cannot be read.\n";

int main(int argc, char **argv)
{
    jk_analyzer *an = NULL;
    jk_error err;
    counter c = {NULL, 0, 0, 0, NULL};
    double share = 10;
    int first, phrases = 0, ch;
    static const struct option longopts[] = {{"phrases", no_argument, NULL, 'p'},
                                             {"min-share", required_argument, NULL, 's'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};

    opterr = 0; /* bench_usage_error says it */
    while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'p':
            phrases = 1;
            break;
        case 's':
            if (bench_arg_double(PROG, "--min-share", optarg, 0, 100, &share))
                return 2;
            break;
        default: /* -h, --help or a usage error */
            return bench_getopt_rest(ch, PROG, help, argv);
        }
    }
    first = optind;
    if (first >= argc)
        return bench_usage_error(PROG, "no archive files to read");
    c.slot = malloc(SLOTS * sizeof(int)); /* after the arguments: a usage error leaks nothing */
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
                if (count_notice(an, p, &c, phrases, &err)) {
                    fprintf(stderr, "bench-words: %s\n", err.msg);
                    return 2;
                }
            }
        bench_corpus_free(&corpus);
    }
    qsort(c.v, c.n, sizeof *c.v, by_df);
    if (phrases)
        printf("# The phrases jikenbo indexes as terms, so a quoted phrase that is one of\n"
               "# them is one posting list (see lib/jk_pairs.h): every run of 3 to %d\n"
               "# words of pairwords.txt side by side on one line in at least %g%% of %u\n"
               "# notices, most frequent first.\n"
               "# Made by: build/bench/bench-words --phrases --min-share %g ARCHIVES...\n"
               "#   > dict/phrases.txt (after pairwords.txt)\n",
               JK_PHRASE_WORDS, share, c.notice, share);
    else
        printf("# The words whose adjacent pairs jikenbo indexes, so a quoted phrase of\n"
               "# them is one posting list (see lib/jk_pairs.h): every word in at least\n"
               "# %g%% of %u notices, neither hiragana nor digits only, most frequent first.\n"
               "# Made by: build/bench/bench-words --min-share %g ARCHIVES... > "
               "dict/pairwords.txt\n",
               share, c.notice, share);
    printf("# Changing this list makes existing indexes stale (rebuild them).\n");
    for (size_t i = 0; i < c.n; i++) {
        char text[4096];
        size_t k = 0;
        if (c.v[i].df * 100.0 < share * c.notice)
            break;
        for (const char *w = c.v[i].word; *w && k + 1 < sizeof text; w++)
            if (*w != ' ')
                text[k++] = *w;
        text[k] = '\0';
        if (analyses_to(an, text, c.v[i].word))
            printf("%s\n", text);
    }
    for (size_t i = 0; i < c.n; i++)
        free(c.v[i].word);
    free(c.v);
    free(c.slot);
    jk_analyzer_free(an);
    return 0;
}
