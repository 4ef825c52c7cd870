#include "jk_pairs.h"

#include "jk_array.h"
#include "jk_hash.h"
#include "jk_xapian.h"

#include <stdlib.h>
#include <string.h>

#define BUCKETS 1024 /* a power of two */
#define KEY_MAX (JK_PHRASE_WORDS * (JK_PAIRS_WORD_MAX + 1))

typedef struct entry {
    char *s;
    size_t len;
    int next; /* next entry in the same bucket, or -1 */
} entry;

/* A set of byte strings: chained hashing over a growing array. */
typedef struct strset {
    entry *e;
    size_t n, cap;
    int buckets[BUCKETS];
} strset;

struct jk_pairs {
    strset words;
    strset phrases;   /* words joined by single spaces */
    unsigned lens;    /* bit k: some listed phrase has k words */
    unsigned longest; /* the most words of a listed phrase, at least 2 */
};

static unsigned bucket(const char *s, size_t len)
{
    return jk_hash_fnv1a(s, len) & (BUCKETS - 1);
}

static void set_init(strset *t)
{
    for (int i = 0; i < BUCKETS; i++)
        t->buckets[i] = -1;
}

static void set_free(strset *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->e[i].s);
    free(t->e);
}

static int set_has(const strset *t, const char *s, size_t len)
{
    for (int i = t->buckets[bucket(s, len)]; i >= 0; i = t->e[i].next)
        if (t->e[i].len == len && memcmp(t->e[i].s, s, len) == 0)
            return 1;
    return 0;
}

static int set_add(strset *t, const char *s, size_t len, jk_error *err)
{
    unsigned b = bucket(s, len);
    if (set_has(t, s, len))
        return JK_OK;
    if (JK_ARRAY_GROW(&t->e, &t->cap, t->n, 256))
        return jk_error_set(err, JK_ENOMEM, "[pairs] out of memory");
    if (!(t->e[t->n].s = strndup(s, len)))
        return jk_error_set(err, JK_ENOMEM, "[pairs] out of memory");
    t->e[t->n].len = len;
    t->e[t->n].next = t->buckets[b];
    t->buckets[b] = (int)t->n++;
    return JK_OK;
}

int jk_pairs_new(jk_pairs **out, jk_error *err)
{
    jk_pairs *p = calloc(1, sizeof *p);
    *out = NULL;
    if (!p)
        return jk_error_set(err, JK_ENOMEM, "[pairs] out of memory");
    set_init(&p->words);
    set_init(&p->phrases);
    p->longest = 2;
    *out = p;
    return JK_OK;
}

void jk_pairs_free(jk_pairs *p)
{
    if (!p)
        return;
    set_free(&p->words);
    set_free(&p->phrases);
    free(p);
}

int jk_pairs_has(const jk_pairs *p, const char *s, size_t len)
{
    return set_has(&p->words, s, len);
}

int jk_pairs_add(jk_pairs *p, const char *s, size_t len, jk_error *err)
{
    if (len == 0 || len > JK_PAIRS_WORD_MAX)
        return jk_error_set(err, JK_EINVAL, "[pairs] a listed word has 1 to %d bytes, not %zu",
                            JK_PAIRS_WORD_MAX, len);
    return set_add(&p->words, s, len, err);
}

/* words[0..n) joined by spaces into key (KEY_MAX bytes); its length, or 0
 * when some word is not listed. */
static size_t join(const jk_pairs *p, const char *const *words, size_t n, char *key)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(words[i]);
        if (!jk_pairs_has(p, words[i], len))
            return 0;
        if (i)
            key[k++] = ' ';
        memcpy(key + k, words[i], len);
        k += len;
    }
    return k;
}

int jk_pairs_add_phrase(jk_pairs *p, const char *const *words, size_t n, jk_error *err)
{
    char key[KEY_MAX];
    size_t len;
    int rc;

    if (n < 3 || n > JK_PHRASE_WORDS)
        return jk_error_set(err, JK_EINVAL, "[pairs] a listed phrase has 3 to %d words, not %zu",
                            JK_PHRASE_WORDS, n);
    len = join(p, words, n, key);
    if (len == 0)
        return jk_error_set(err, JK_EINVAL, "[pairs] a listed phrase has listed words only");
    rc = set_add(&p->phrases, key, len, err);
    if (rc == JK_OK) {
        p->lens |= 1u << n;
        if (n > p->longest)
            p->longest = (unsigned)n;
    }
    return rc;
}

int jk_pairs_content(const char *term, size_t len)
{
    const unsigned char *u = (const unsigned char *)term;
    int digits = 1, hiragana = 1;

    if (len == 0)
        return 0;
    for (size_t i = 0; digits && i < len; i++)
        digits = u[i] >= '0' && u[i] <= '9';
    /* hiragana: U+3041..U+309F, E3 81 81 .. E3 82 9F */
    for (size_t i = 0; hiragana && i < len; i += 3)
        hiragana =
            i + 3 <= len && u[i] == 0xE3 &&
            ((u[i + 1] == 0x81 && u[i + 2] >= 0x81) || (u[i + 1] == 0x82 && u[i + 2] <= 0x9F));
    return !digits && !hiragana;
}

/* "XP" and key into out; its length, 0 when too long for a term or for out. */
static size_t write_term(const char *key, size_t len, char *out, size_t outlen)
{
    size_t plen = strlen(JK_PREFIX_PAIR), n = plen + len;

    if (n > JK_XTERM_MAX || n + 1 > outlen)
        return 0;
    memcpy(out, JK_PREFIX_PAIR, plen);
    memcpy(out + plen, key, len);
    out[n] = '\0';
    return n;
}

size_t jk_pairs_phrase_term(const jk_pairs *p, const char *const *words, size_t n, char *out,
                            size_t outlen)
{
    char key[KEY_MAX];
    size_t len;

    if (n < 2 || n > JK_PHRASE_WORDS || (n > 2 && !(p->lens & (1u << n))))
        return 0;
    len = join(p, words, n, key);
    if (len == 0 || (n > 2 && !set_has(&p->phrases, key, len)))
        return 0;
    return write_term(key, len, out, outlen);
}

void jk_pairs_run_init(jk_pairs_run *r, const jk_pairs *p, int every)
{
    r->p = p;
    r->every = every;
    r->n = r->head = r->last_pos = 0;
}

void jk_pairs_run_break(jk_pairs_run *r)
{
    r->n = 0;
}

int jk_pairs_run_push(jk_pairs_run *r, const char *word, size_t len, unsigned pos,
                      jk_pairs_emit emit, void *payload)
{
    unsigned longest = r->every ? JK_PHRASE_WORDS : r->p->longest, slot, m;
    char key[KEY_MAX], term[JK_XTERM_MAX + 1];
    size_t start[JK_PHRASE_WORDS], k = 0;
    int rc;

    if (len > JK_PAIRS_WORD_MAX) {
        r->n = 0;
        return 0;
    }
    if (r->n && r->last_pos + 1 != pos)
        r->n = 0;
    if (r->n == JK_PHRASE_WORDS) { /* the oldest word leaves */
        r->head = (r->head + 1) % JK_PHRASE_WORDS;
        r->n--;
    }
    slot = (r->head + r->n) % JK_PHRASE_WORDS;
    memcpy(r->word[slot], word, len);
    r->len[slot] = len;
    r->n++;
    r->last_pos = pos;
    if (r->n < 2)
        return 0;
    /* the last m words joined: each shorter run is a tail of it */
    m = r->n < longest ? r->n : longest;
    for (unsigned i = r->n - m; i < r->n; i++) {
        unsigned s = (r->head + i) % JK_PHRASE_WORDS;
        if (i > r->n - m)
            key[k++] = ' ';
        start[i - (r->n - m)] = k;
        memcpy(key + k, r->word[s], r->len[s]);
        k += r->len[s];
    }
    for (unsigned words = 2; words <= m; words++) {
        size_t at = start[m - words], n;
        if (words > 2 && !r->every &&
            (!(r->p->lens & (1u << words)) || !set_has(&r->p->phrases, key + at, k - at)))
            continue;
        n = write_term(key + at, k - at, term, sizeof term);
        if (n && (rc = emit(term, n, payload)) != 0)
            return rc;
    }
    return 0;
}
