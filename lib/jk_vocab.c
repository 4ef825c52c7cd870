#include "jk_vocab.h"

#include "jk_buf.h"
#include "jk_sha256.h"
#include "jk_utf8.h"

#include <stdlib.h>
#include <string.h>

struct jk_vocab {
    char *text; /* "\nterm\nterm\n...": every term has '\n' on both sides */
    size_t len;
    char *sig;
};

typedef struct collect {
    jk_buf b;
    int rc;
} collect;

static int add_term(const char *term, size_t len, unsigned freq, void *payload)
{
    collect *c = payload;
    (void)freq;
    if (memchr(term, '\n', len))
        return 0; /* cannot happen for analysed terms; would break the format */
    jk_buf_append(&c->b, &c->rc, term, len);
    jk_buf_putc(&c->b, &c->rc, '\n');
    return c->rc;
}

/* The vocabulary db has now, into c->b (NUL-terminated), and its signature. */
static int make_vocab(jk_xdb *db, collect *c, char sig[17], const char *where, jk_error *err)
{
    int rc = JK_OK;

    jk_buf_putc(&c->b, &c->rc, '\n');
    /* plain terms: every first byte but the upper-case letters of prefixes
     * (Xapian keeps terms in byte order, so this is still byte order) */
    for (int first = 1; rc == JK_OK && first < 256; first++) {
        char prefix[2] = {(char)first, '\0'};
        if (first >= 'A' && first <= 'Z')
            continue;
        rc = jk_xdb_allterms(db, prefix, add_term, c, err);
    }
    if (c->rc) /* add_term's own failure, which also stopped the walk */
        rc = jk_error_set(err, JK_ENOMEM, "[vocab][%s] out of memory", where);
    if (rc == JK_OK)
        jk_sha256_hex(c->b.p, c->b.n, sig, 16);
    return rc;
}

int jk_vocab_store(jk_xdb *db, jk_error *err)
{
    collect c = {JK_BUF_INIT, 0};
    char sig[17];
    int rc = make_vocab(db, &c, sig, "store", err);

    if (rc == JK_OK)
        rc = jk_xdb_set_metadata(db, JK_META_VOCAB, c.b.p, err);
    if (rc == JK_OK)
        rc = jk_xdb_set_metadata(db, JK_META_VOCAB_SIG, sig, err);
    jk_buf_free(&c.b);
    return rc;
}

static size_t count_words(const char *text, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += text[i] == '\n';
    return n ? n - 1 : 0; /* "\nterm\n...": one more '\n' than words */
}

int jk_vocab_check(jk_xdb *db, jk_error *err)
{
    collect c = {JK_BUF_INIT, 0};
    char sig[17];
    jk_vocab *v = NULL;
    int rc = make_vocab(db, &c, sig, "check", err);

    if (rc == JK_OK)
        rc = jk_vocab_load(&v, db, err);
    if (rc == JK_OK && c.b.n > 1 && !v->text)
        rc = jk_error_set(err, JK_ECORRUPT,
                          "[vocab][check] the index has no vocabulary (the words that parts of "
                          "words are looked up in), yet %zu words",
                          count_words(c.b.p, c.b.n));
    else if (rc == JK_OK && v->text && (v->len != c.b.n || memcmp(v->text, c.b.p, c.b.n)))
        rc = jk_error_set(err, JK_ECORRUPT,
                          "[vocab][check] the vocabulary (the words that parts of words are "
                          "looked up in) lists %zu words, the index has %zu",
                          count_words(v->text, v->len), count_words(c.b.p, c.b.n));
    else if (rc == JK_OK && v->text && (!v->sig || strcmp(v->sig, sig)))
        rc = jk_error_set(err, JK_ECORRUPT,
                          "[vocab][check] the vocabulary's signature is %s, its words' %s",
                          v->sig ? v->sig : "missing", sig);
    jk_vocab_free(v);
    jk_buf_free(&c.b);
    return rc;
}

int jk_vocab_load(jk_vocab **out, jk_xdb *db, jk_error *err)
{
    jk_vocab *v = calloc(1, sizeof *v);
    int rc;

    *out = NULL;
    if (!v)
        return jk_error_set(err, JK_ENOMEM, "[vocab][load] out of memory");
    rc = jk_xdb_get_metadata(db, JK_META_VOCAB_SIG, &v->sig, err);
    if (rc == JK_OK)
        rc = jk_xdb_get_metadata(db, JK_META_VOCAB, &v->text, err);
    if (rc) {
        jk_vocab_free(v);
        return rc;
    }
    if (v->text)
        v->len = strlen(v->text);
    *out = v;
    return JK_OK;
}

void jk_vocab_free(jk_vocab *v)
{
    if (!v)
        return;
    free(v->text);
    free(v->sig);
    free(v);
}

int jk_vocab_refresh(jk_vocab **v, jk_xdb *db, jk_error *err)
{
    char *sig = NULL;
    jk_vocab *fresh = NULL;
    int rc = jk_xdb_get_metadata(db, JK_META_VOCAB_SIG, &sig, err);

    if (rc == JK_OK && *v &&
        ((!sig && !(*v)->sig) || (sig && (*v)->sig && !strcmp(sig, (*v)->sig)))) {
        free(sig);
        return JK_OK;
    }
    free(sig);
    if (rc == JK_OK)
        rc = jk_vocab_load(&fresh, db, err);
    if (rc)
        return rc;
    jk_vocab_free(*v);
    *v = fresh;
    return JK_OK;
}

int jk_vocab_find(const jk_vocab *v, const char *needle, size_t len, jk_vocab_cb cb, void *payload)
{
    const char *p, *end;

    if (!v || !v->text || len == 0 || memchr(needle, '\n', len))
        return 0;
    p = v->text;
    end = v->text + v->len;
    while (p < end) {
        const char *hit = memmem(p, (size_t)(end - p), needle, len), *start, *stop;
        int rc;
        if (!hit)
            break;
        start = hit;
        while (start[-1] != '\n') /* text starts with '\n' */
            start--;
        stop = memchr(hit + len, '\n', (size_t)(end - hit - len));
        if (!stop)
            break; /* text ends with '\n': not reached */
        rc = cb(start, (size_t)(stop - start), payload);
        if (rc)
            return rc;
        p = stop;
    }
    return 0;
}

/* word as code points into cp (room for max); the count, or max + 1 if it
 * has more. */
static size_t code_points(const char *word, size_t len, int32_t *cp, size_t max)
{
    size_t n = 0, cn;

    for (size_t i = 0; i < len; i += cn) {
        if (n == max)
            return max + 1;
        cp[n++] = jk_utf8_decode(word + i, len - i, &cn);
    }
    return n;
}

/* The optimal string alignment distance of a[0..na) and b[0..nb), or
 * maxdist + 1 as soon as it must exceed maxdist. */
static unsigned osa_distance(const int32_t *a, size_t na, const int32_t *b, size_t nb,
                             unsigned maxdist)
{
    unsigned rows[3][JK_VOCAB_NEAR_MAX + 3], *prev2 = rows[0], *prev = rows[1], *cur = rows[2];

    for (size_t j = 0; j <= nb; j++)
        prev[j] = (unsigned)j;
    for (size_t i = 1; i <= na; i++) {
        unsigned best = cur[0] = (unsigned)i;
        for (size_t j = 1; j <= nb; j++) {
            unsigned cost = a[i - 1] != b[j - 1], d = prev[j - 1] + cost;
            if (prev[j] + 1 < d)
                d = prev[j] + 1;
            if (cur[j - 1] + 1 < d)
                d = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                prev2[j - 2] + 1 < d)
                d = prev2[j - 2] + 1;
            cur[j] = d;
            if (d < best)
                best = d;
        }
        if (best > maxdist)
            return maxdist + 1;
        unsigned *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    return prev[nb];
}

unsigned jk_vocab_distance(const char *a, size_t alen, const char *b, size_t blen, unsigned maxdist)
{
    int32_t ca[JK_VOCAB_NEAR_MAX], cb[JK_VOCAB_NEAR_MAX + 3];
    size_t na = code_points(a, alen, ca, JK_VOCAB_NEAR_MAX), nb;

    if (maxdist > 2 || na > JK_VOCAB_NEAR_MAX)
        return maxdist + 1;
    nb = code_points(b, blen, cb, na + maxdist);
    if (nb > na + maxdist || nb + maxdist < na)
        return maxdist + 1;
    return osa_distance(ca, na, cb, nb, maxdist);
}

int jk_vocab_near(const jk_vocab *v, const char *word, size_t len, unsigned maxdist,
                  jk_vocab_near_cb cb, void *payload)
{
    int32_t a[JK_VOCAB_NEAR_MAX], b[JK_VOCAB_NEAR_MAX + 3];
    size_t na = code_points(word, len, a, JK_VOCAB_NEAR_MAX);
    const char *p, *end;

    if (!v || !v->text || len == 0 || na > JK_VOCAB_NEAR_MAX || maxdist > 2)
        return 0;
    p = v->text + 1; /* past the leading '\n' */
    end = v->text + v->len;
    while (p < end) {
        const char *stop = memchr(p, '\n', (size_t)(end - p));
        size_t tl = stop ? (size_t)(stop - p) : (size_t)(end - p), nb;
        /* a character is 1 to 4 bytes: farther apart than that, too many edits */
        if (tl + 4 * maxdist >= len && tl <= len + 4 * maxdist &&
            !(tl == len && memcmp(p, word, len) == 0)) {
            nb = code_points(p, tl, b, na + maxdist);
            if (nb <= na + maxdist && nb + maxdist >= na) {
                unsigned d = osa_distance(a, na, b, nb, maxdist);
                if (d <= maxdist) {
                    int rc = cb(p, tl, d, payload);
                    if (rc)
                        return rc;
                }
            }
        }
        if (!stop)
            break;
        p = stop + 1;
    }
    return 0;
}
