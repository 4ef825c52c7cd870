/* A quoted phrase finds the same notices whether it is answered by the terms
 * of adjacent frequent words and of frequent phrases (dict/pairwords.txt,
 * dict/phrases.txt; jk_pairs.h) or by checking its words' positions alone.
 * Two indexes of the same files, one made with both lists empty, get the
 * same random phrases: runs of 2 to 5 words cut from the lines of the
 * notices in those files, as a user would copy them, the words on either
 * side of a line break, and runs of words from different places.
 * Unquoted, the same text must match the same number of notices too. */
#include "jk_analyze.h"
#include "jk_notice.h"
#include "jk_paths.h"
#include "jk_query.h"
#include "jk_search.h"
#include "jk_test.h"
#include "jk_test_index.h"

#include <stdint.h>
#include <unistd.h>

static char root[] = "/tmp/jk-test-phrase-XXXXXX";
static char with_lists[4200], without_lists[4200], dict[4200];

static uint64_t seed = 7;

static unsigned pick(unsigned n)
{
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL; /* Knuth's MMIX LCG */
    return (unsigned)((seed >> 33) % n);
}

/* The phrases to try: copied from the files' lines, at word boundaries. */
#define MAX_PHRASES 400
static char *phrases[MAX_PHRASES];
static size_t nphrases;
/* And the words on either side of a line break, written together: a phrase
 * only where they also stand side by side on one line. */
#define MAX_SEAMS 400
static char *seams[MAX_SEAMS];
static size_t nseams;

typedef struct span {
    size_t start[256], end[256];
    size_t n;
} span;

static int keep_span(const jk_token *t, void *payload)
{
    span *s = payload;
    if (s->n < 256) {
        s->start[s->n] = t->start;
        s->end[s->n] = t->end;
        s->n++;
    }
    return 0;
}

/* Analyses one line: now and then keeps a run of 2 to 5 of its words as a
 * phrase, and the last word before the line (prev: of the line above, or of
 * the title) with the line's first word as a seam; leaves its own last word
 * in prev. */
static void cut(jk_analyzer *a, const char *line, size_t len, char *prev, size_t cap)
{
    span s = {{0}, {0}, 0};
    jk_error err;
    if (jk_analyze(a, line, len, keep_span, &s, &err) != JK_OK || s.n == 0)
        return;
    if (prev[0] && !pick(2) && nseams < MAX_SEAMS) {
        size_t n = strlen(prev) + (s.end[0] - s.start[0]) + 1;
        if ((seams[nseams] = malloc(n)))
            snprintf(seams[nseams++], n, "%s%.*s", prev, (int)(s.end[0] - s.start[0]),
                     line + s.start[0]);
    }
    snprintf(prev, cap, "%.*s", (int)(s.end[s.n - 1] - s.start[s.n - 1]), line + s.start[s.n - 1]);
    if (s.n < 2 || pick(2) || nphrases == MAX_PHRASES)
        return;
    size_t k = 2 + pick(4), from;
    if (k > s.n)
        k = s.n;
    from = pick((unsigned)(s.n - k + 1));
    size_t b = s.start[from], e = s.end[from + k - 1];
    if ((phrases[nphrases] = strndup(line + b, e - b)))
        nphrases++;
}

/* Cuts phrases and seams from the lines of every notice of the file at path. */
static void collect(const char *path, void *payload)
{
    jk_analyzer *a = payload;
    char *buf = NULL, prev[256];
    size_t len;
    jk_archive *ar = NULL;
    jk_error err;
    if (jk_cli_read_file(path, &buf, &len, &err) != JK_OK ||
        jk_archive_load(&ar, buf, len, &err) != JK_OK) {
        free(buf);
        return;
    }
    for (size_t i = 0; i < ar->nposts; i++) {
        const jk_post *p = &ar->posts[i];
        if (p->kind != JK_POST_NOTICE)
            continue;
        prev[0] = '\0';
        cut(a, p->title + p->title_text, strlen(p->title + p->title_text), prev, sizeof prev);
        for (const char *line = p->body, *nl; line < p->body + p->body_len; line = nl + 1) {
            nl = memchr(line, '\n', (size_t)(p->body + p->body_len - line));
            if (!nl)
                nl = p->body + p->body_len;
            cut(a, line, (size_t)(nl - line), prev, sizeof prev);
        }
    }
    jk_archive_free(ar);
    free(buf);
}

static void index_both(const char *path, void *payload)
{
    (void)payload;
    jk_test_index_file(with_lists, path);
    setenv("JIKENBO_DICTDIR", dict, 1);
    jk_test_index_file(without_lists, path);
    unsetenv("JIKENBO_DICTDIR");
}

/* Copies the dictionary directory with the two lists emptied. */
static int empty_lists(void)
{
    char cmd[9000];
    FILE *f;
    snprintf(cmd, sizeof cmd,
             "mkdir -p '%s' && find '%s' -maxdepth 1 -type f -exec cp {} '%s'/ \\;", dict,
             jk_paths_dictdir(), dict);
    if (system(cmd) != 0)
        return -1;
    const char *lists[] = {"pairwords.txt", "phrases.txt"};
    for (int i = 0; i < 2; i++) {
        snprintf(cmd, sizeof cmd, "%s/%s", dict, lists[i]);
        if (!(f = fopen(cmd, "w")))
            return -1;
        fputs("# emptied by test_phrase\n", f);
        fclose(f);
    }
    return 0;
}

/* The notices text matches, sorted by docid, and their number. */
static unsigned matches(jk_searcher *s, const char *text, unsigned *ids, size_t cap)
{
    jk_query *q = NULL;
    jk_results *r = NULL;
    jk_search_opts o = {.limit = (unsigned)cap};
    jk_error err;
    unsigned total;
    if (jk_query_parse(&q, jk_searcher_analyzer(s), text, &err) != JK_OK || !q)
        return 0;
    CHECK_MSG(jk_searcher_run(s, q, &o, &r, &err) == JK_OK, "%s: %s", text, err.msg);
    total = r ? r->total : 0;
    for (size_t i = 0; r && i < r->n; i++) {
        size_t j = i;
        for (; j > 0 && ids[j - 1] > r->items[i].docid; j--)
            ids[j] = ids[j - 1];
        ids[j] = r->items[i].docid;
    }
    jk_results_free(r);
    jk_query_free(q);
    return total;
}

/* Whether the Xapian query for text holds a pair or phrase term (XP...). */
static int uses_pairs(jk_searcher *s, const char *text)
{
    jk_query *q = NULL;
    char *desc = NULL;
    jk_error err;
    int yes = jk_query_parse(&q, jk_searcher_analyzer(s), text, &err) == JK_OK && q &&
              jk_searcher_explain(s, q, &desc, &err) == JK_OK && desc && strstr(desc, "XP");
    free(desc);
    jk_query_free(q);
    return yes;
}

int main(void)
{
    char text[1024];
    jk_searcher *a = NULL, *b = NULL;
    jk_analyzer *an = NULL;
    jk_error err;
    unsigned found = 0, pairs_used = 0, seams_paired = 0;

    if (!mkdtemp(root))
        return 99;
    snprintf(with_lists, sizeof with_lists, "%s/with", root);
    snprintf(without_lists, sizeof without_lists, "%s/without", root);
    snprintf(dict, sizeof dict, "%s/dict", root);
    CHECK_INT(empty_lists(), 0);
    CHECK_INT(jk_analyzer_new(&an, &err), JK_OK);
    if (!an)
        return TEST_DONE();
    jk_test_each_archive(index_both, NULL);
    jk_test_each_archive(collect, an);
    CHECK_INT(jk_searcher_open(&a, with_lists, &err), JK_OK);
    setenv("JIKENBO_DICTDIR", dict, 1);
    CHECK_INT(jk_searcher_open(&b, without_lists, &err), JK_OK);
    unsetenv("JIKENBO_DICTDIR");
    CHECK(nphrases >= 30);
    for (size_t i = 0; a && b && i < nphrases + nseams + 100; i++) {
        static unsigned ia[100], ib[100];
        int copied = i < nphrases, seam = !copied && i < nphrases + nseams;
        if (copied) /* as copied: a phrase that is there */
            snprintf(text, sizeof text, "\"%s\"", phrases[i]);
        else if (seam) /* across a line break: no phrase there */
            snprintf(text, sizeof text, "\"%s\"", seams[i - nphrases]);
        else /* words of two copied phrases, side by side: seldom there */
            snprintf(text, sizeof text, "\"%s%s\"", phrases[pick((unsigned)nphrases)],
                     phrases[pick((unsigned)nphrases)]);
        unsigned ta = matches(a, text, ia, 100), tb = matches(b, text, ib, 100);
        CHECK_MSG(ta == tb, "%s: %u notices with the lists, %u without", text, ta, tb);
        CHECK_MSG(ta > 100 || memcmp(ia, ib, ta * sizeof *ia) == 0, "%s: other notices", text);
        found += copied && ta > 0;
        /* did the lists answer it? (the Xapian query holds a pair term) */
        if (copied && ta)
            pairs_used += uses_pairs(a, text);
        if (seam)
            seams_paired += uses_pairs(a, text);
        CHECK_MSG(!uses_pairs(b, text), "%s: pair terms without the lists", text);
        /* unquoted: all its words, anywhere */
        memmove(text, text + 1, strlen(text));
        text[strlen(text) - 1] = '\0';
        ta = matches(a, text, ia, 100);
        tb = matches(b, text, ib, 100);
        CHECK_MSG(ta == tb, "%s: %u notices with the lists, %u without", text, ta, tb);
    }
    printf("%zu phrases copied: %u found, %u of them through pair or phrase terms; "
           "%zu seams, %u of them asked as pair terms\n",
           nphrases, found, pairs_used, nseams, seams_paired);
    /* a copied phrase is found in its own notice, but for a word MeCab cuts
     * otherwise without what follows it (あっ of あった) */
    CHECK_MSG(found * 10 >= nphrases * 9, "only %u of %zu copied phrases found", found, nphrases);
    CHECK_MSG(pairs_used * 5 >= found, "only %u of %u through the lists", pairs_used, found);
    CHECK_MSG(seams_paired > 0 && seams_paired * 20 >= nseams,
              "only %u of %zu seams asked as pair terms", seams_paired, nseams);

    for (size_t i = 0; i < nphrases; i++)
        free(phrases[i]);
    for (size_t i = 0; i < nseams; i++)
        free(seams[i]);
    jk_searcher_free(a);
    jk_searcher_free(b);
    jk_analyzer_free(an);
    jk_paths_remove_tree(root);
    return TEST_DONE();
}
