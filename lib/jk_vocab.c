#include "jk_vocab.h"

#include "jk_buf.h"
#include "jk_sha256.h"

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
