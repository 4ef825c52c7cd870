#include "jk_pairs.h"

#include "jk_hash.h"
#include "jk_xapian.h"

#include <stdlib.h>
#include <string.h>

#define BUCKETS 1024 /* a power of two */

typedef struct word {
    char *s;
    size_t len;
    int next; /* next word in the same bucket, or -1 */
} word;

struct jk_pairs {
    word *w;
    size_t n, cap;
    int buckets[BUCKETS];
};

static unsigned bucket(const char *s, size_t len)
{
    return jk_hash_fnv1a(s, len) & (BUCKETS - 1);
}

int jk_pairs_new(jk_pairs **out, jk_error *err)
{
    jk_pairs *p = calloc(1, sizeof *p);
    *out = NULL;
    if (!p)
        return jk_error_set(err, JK_ENOMEM, "[pairs] out of memory");
    for (int i = 0; i < BUCKETS; i++)
        p->buckets[i] = -1;
    *out = p;
    return JK_OK;
}

void jk_pairs_free(jk_pairs *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++)
        free(p->w[i].s);
    free(p->w);
    free(p);
}

int jk_pairs_has(const jk_pairs *p, const char *s, size_t len)
{
    for (int i = p->buckets[bucket(s, len)]; i >= 0; i = p->w[i].next)
        if (p->w[i].len == len && memcmp(p->w[i].s, s, len) == 0)
            return 1;
    return 0;
}

int jk_pairs_add(jk_pairs *p, const char *s, size_t len, jk_error *err)
{
    unsigned b = bucket(s, len);
    if (jk_pairs_has(p, s, len))
        return JK_OK;
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 256;
        word *w = realloc(p->w, cap * sizeof *w);
        if (!w)
            return jk_error_set(err, JK_ENOMEM, "[pairs] out of memory");
        p->w = w;
        p->cap = cap;
    }
    if (!(p->w[p->n].s = strndup(s, len)))
        return jk_error_set(err, JK_ENOMEM, "[pairs] out of memory");
    p->w[p->n].len = len;
    p->w[p->n].next = p->buckets[b];
    p->buckets[b] = (int)p->n++;
    return JK_OK;
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

size_t jk_pairs_write(const char *a, size_t alen, const char *b, size_t blen, char *out,
                      size_t outlen)
{
    size_t plen = strlen(JK_PREFIX_PAIR), n = plen + alen + 1 + blen;

    if (n > JK_XTERM_MAX || n + 1 > outlen)
        return 0;
    memcpy(out, JK_PREFIX_PAIR, plen);
    memcpy(out + plen, a, alen);
    out[plen + alen] = ' ';
    memcpy(out + plen + alen + 1, b, blen);
    out[n] = '\0';
    return n;
}

size_t jk_pairs_term(const jk_pairs *p, const char *a, size_t alen, const char *b, size_t blen,
                     char *out, size_t outlen)
{
    if (!jk_pairs_has(p, a, alen) || !jk_pairs_has(p, b, blen))
        return 0;
    return jk_pairs_write(a, alen, b, blen, out, outlen);
}
