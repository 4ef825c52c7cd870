#include "jk_analyze.h"

#include "jk_array.h"
#include "jk_buf.h"
#include "jk_cli.h"
#include "jk_hash.h"
#include "jk_norm.h"
#include "jk_pairs.h"
#include "jk_paths.h"
#include "jk_related.h"
#include "jk_sha256.h"
#include "jk_utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uversion.h>

#define MAX_SEQ 4      /* terms in one spelling */
#define HASH_SIZE 1024 /* buckets of the variants table (a power of two) */

/* A token waiting for rewriting: offsets in the normalised text, term in the arena. */
typedef struct pending {
    size_t start, end, toff, tlen;
} pending;

/* One spelling that is replaced by its group's canonical spelling. */
typedef struct variant {
    char *from[MAX_SEQ], *to[MAX_SEQ];
    size_t nfrom, nto;
    int next; /* next variant whose first term hashes to the same bucket, or -1 */
} variant;

struct jk_analyzer {
    jk_norm *norm;
    jk_tokenizer *tok;
    jk_normtext text;
    pending *toks;
    size_t ntoks, captoks;
    jk_buf arena; /* the pending terms' bytes */
    int arena_rc;
    variant *vars;
    size_t nvars;
    int buckets[HASH_SIZE];
    char vars_id[13];
    jk_pairs *pairs;
    char pairs_id[13];
    jk_related *related; /* read on first use, by searching only; not in id */
    char id[700];
};

typedef struct mapping {
    const jk_normtext *text;
    jk_token_cb cb;
    void *payload;
} mapping;

static unsigned hash_term(const char *t, size_t len)
{
    return jk_hash_fnv1a(t, len) & (HASH_SIZE - 1);
}

/* Lucene's katakana stem: a katakana word of four or more characters loses a
 * final long-vowel mark (サーバー -> サーバ; コピー keeps it). Returns the new length. */
static size_t katakana_stem(const char *t, size_t len)
{
    size_t i = 0, n, chars = 0;
    if (len < 12 || memcmp(t + len - 3, "ー", 3) != 0)
        return len;
    while (i < len) {
        int32_t cp = jk_utf8_decode(t + i, len - i, &n);
        if (!((cp >= 0x30A1 && cp <= 0x30FA) || cp == 0x30FC))
            return len;
        chars++;
        i += n;
    }
    return chars >= 4 ? len - 3 : len;
}

static int collect_token(const jk_token *tok, void *payload)
{
    jk_analyzer *a = payload;
    if (JK_ARRAY_GROW(&a->toks, &a->captoks, a->ntoks, 256))
        return a->arena_rc = JK_ENOMEM;
    pending *p = &a->toks[a->ntoks++];
    p->start = tok->start;
    p->end = tok->end;
    p->toff = a->arena.n;
    p->tlen = katakana_stem(tok->term, tok->len);
    jk_buf_append(&a->arena, &a->arena_rc, tok->term, p->tlen);
    return a->arena_rc;
}

/* Tokenises the normalised text into a->toks (stemmed, not yet rewritten). */
static int tokenise(jk_analyzer *a, const char *text, size_t len, jk_error *err)
{
    int rc;
    a->ntoks = 0;
    jk_buf_reset(&a->arena);
    a->arena_rc = 0;
    rc = jk_tokenizer_run(a->tok, text, len, collect_token, a, err);
    if (a->arena_rc)
        return jk_error_set(err, JK_ENOMEM, "[analyze] out of memory");
    return rc;
}

static const char *tok_term(const jk_analyzer *a, size_t i)
{
    return a->arena.p + a->toks[i].toff;
}

/* The variant that matches the most terms at token i, or -1. */
static int match_variant(const jk_analyzer *a, size_t i)
{
    int best = -1;
    size_t best_n = 0;
    for (int v = a->buckets[hash_term(tok_term(a, i), a->toks[i].tlen)]; v >= 0;
         v = a->vars[v].next) {
        const variant *x = &a->vars[v];
        size_t k;
        if (x->nfrom <= best_n || i + x->nfrom > a->ntoks)
            continue;
        for (k = 0; k < x->nfrom; k++) {
            size_t l = strlen(x->from[k]);
            if (a->toks[i + k].tlen != l || memcmp(tok_term(a, i + k), x->from[k], l) != 0)
                break;
            if (k > 0 && a->toks[i + k].start != a->toks[i + k - 1].end)
                break; /* a several-word variant must be written as one word */
        }
        if (k == x->nfrom) {
            best = v;
            best_n = x->nfrom;
        }
    }
    return best;
}

static void variants_free(jk_analyzer *a)
{
    for (size_t i = 0; i < a->nvars; i++) {
        for (size_t k = 0; k < a->vars[i].nfrom; k++)
            free(a->vars[i].from[k]);
        for (size_t k = 0; k < a->vars[i].nto; k++)
            free(a->vars[i].to[k]);
    }
    free(a->vars);
    a->vars = NULL;
    a->nvars = 0;
}

/* Tokenises one spelling of the variants file into terms (at most MAX_SEQ). */
static int spelling_terms(jk_analyzer *a, const char *s, size_t len, char **out, size_t *n,
                          jk_error *err)
{
    int rc = jk_norm_run(a->norm, s, len, &a->text, err);
    if (rc == JK_OK)
        rc = tokenise(a, a->text.text, a->text.len, err);
    if (rc)
        return rc;
    *n = 0;
    for (size_t i = 0; i < a->ntoks && *n < MAX_SEQ; i++)
        if (!(out[(*n)++] = strndup(tok_term(a, i), a->toks[i].tlen)))
            return jk_error_set(err, JK_ENOMEM, "[analyze] out of memory");
    return JK_OK;
}

const char *jk_analyzer_list_field(const char **p, size_t *len)
{
    const char *s = *p, *field;

    while (*s == '\t' || *s == ' ')
        s++;
    if (!*s) {
        *p = s;
        return NULL;
    }
    field = s;
    while (*s && *s != '\t' && !(s[0] == ' ' && s[1] == ' ') && !(s[0] == ' ' && !s[1]))
        s++;
    *len = (size_t)(s - field);
    *p = s;
    return field;
}

static int load_variants(jk_analyzer *a, jk_error *err)
{
    char path[4096], *buf = NULL;
    size_t len = 0;
    unsigned lineno = 0;
    int rc;

    for (int i = 0; i < HASH_SIZE; i++)
        a->buckets[i] = -1;
    snprintf(path, sizeof path, "%s/variants.txt", jk_paths_dictdir());
    rc = jk_cli_read_file(path, &buf, &len, err);
    if (rc)
        return jk_error_prefix(err, "[analyze][variants] ");
    jk_sha256_hex(buf, len, a->vars_id, 12);
    for (char *line = buf, *nl; rc == JK_OK && line && *line; line = nl) {
        char *canon[MAX_SEQ];
        size_t ncanon = 0, fields = 0;
        nl = strchr(line, '\n');
        if (nl)
            *nl++ = '\0';
        lineno++;
        if (line[0] == '#')
            continue;
        const char *p = line, *field;
        size_t flen;
        while ((field = jk_analyzer_list_field(&p, &flen)) != NULL) {
            char *terms[MAX_SEQ];
            size_t nt = 0;
            rc = spelling_terms(a, field, flen, fields == 0 ? canon : terms,
                                fields == 0 ? &ncanon : &nt, err);
            if (rc)
                break;
            if (fields++ == 0) {
                if (ncanon == 0) {
                    rc = jk_error_set(err, JK_EINPUT, "%s:%u: '%.*s' has no searchable word", path,
                                      lineno, (int)flen, field);
                    break;
                }
                continue;
            }
            int same = nt == ncanon;
            for (size_t k = 0; same && k < nt; k++)
                same = strcmp(terms[k], canon[k]) == 0;
            if (nt == 0 || same) { /* already written the canonical way */
                for (size_t k = 0; k < nt; k++)
                    free(terms[k]);
                continue;
            }
            variant *v = realloc(a->vars, (a->nvars + 1) * sizeof *v);
            if (!v) {
                for (size_t k = 0; k < nt; k++)
                    free(terms[k]);
                rc = jk_error_set(err, JK_ENOMEM, "[analyze] out of memory");
                break;
            }
            a->vars = v;
            v = &a->vars[a->nvars];
            memset(v, 0, sizeof *v);
            memcpy(v->from, terms, nt * sizeof *terms);
            v->nfrom = nt;
            int copied = 1;
            for (size_t k = 0; k < ncanon; k++)
                copied &= (v->to[k] = strdup(canon[k])) != NULL;
            v->nto = ncanon;
            unsigned h = hash_term(v->from[0], strlen(v->from[0]));
            v->next = a->buckets[h];
            a->buckets[h] = (int)a->nvars++;
            if (!copied) { /* kept above, so that it is freed with the rest */
                rc = jk_error_set(err, JK_ENOMEM, "[analyze] out of memory");
                break;
            }
        }
        if (fields > 0)
            for (size_t k = 0; k < ncanon; k++)
                free(canon[k]);
    }
    free(buf);
    return rc;
}

int jk_analyzer_variant_parts(const jk_analyzer *a, const char *needle, size_t len,
                              int (*cb)(const char *term, size_t len, void *payload), void *payload)
{
    for (size_t i = 0; len && i < a->nvars; i++) {
        const variant *v = &a->vars[i];
        size_t flen = v->nfrom == 1 && v->nto == 1 ? strlen(v->from[0]) : 0;
        int rc;
        if (flen > len && memmem(v->from[0], flen, needle, len) &&
            (rc = cb(v->to[0], strlen(v->to[0]), payload)) != 0)
            return rc;
    }
    return 0;
}

int jk_analyzer_variant_each(const jk_analyzer *a,
                             int (*cb)(const char *spelling, const char *term, void *payload),
                             void *payload)
{
    for (size_t i = 0; i < a->nvars; i++) {
        const variant *v = &a->vars[i];
        int rc;
        if (v->nfrom == 1 && v->nto == 1 && (rc = cb(v->from[0], v->to[0], payload)) != 0)
            return rc;
    }
    return 0;
}

/* The terms of one list line, as the analyzer writes them. */
typedef struct line_terms {
    char term[JK_PHRASE_WORDS][JK_PAIRS_WORD_MAX + 1];
    const char *v[JK_PHRASE_WORDS];
    int n, fits; /* fits: every term kept (at most JK_PHRASE_WORDS, each short enough) */
} line_terms;

static int keep_term(const jk_token *t, void *payload)
{
    line_terms *o = payload;
    if (o->n < JK_PHRASE_WORDS && t->len <= JK_PAIRS_WORD_MAX) {
        memcpy(o->term[o->n], t->term, t->len);
        o->term[o->n][t->len] = '\0';
        o->v[o->n] = o->term[o->n];
    } else {
        o->fits = 0;
    }
    o->n++;
    return 0;
}

/* One line of dict/pairwords.txt: one content word. */
static int pair_word(jk_analyzer *a, const line_terms *o, const char *where, const char *line,
                     jk_error *err)
{
    if (o->n != 1 || !o->fits || !jk_pairs_content(o->v[0], strlen(o->v[0])))
        return jk_error_set(err, JK_EINPUT,
                            "%s: '%s' is %d words to jikenbo, not one word that is neither "
                            "hiragana nor digits only",
                            where, line, o->n);
    return jk_pairs_add(a->pairs, o->v[0], strlen(o->v[0]), err);
}

/* One line of dict/phrases.txt: 3 to JK_PHRASE_WORDS words of pairwords.txt. */
static int phrase(jk_analyzer *a, const line_terms *o, const char *where, const char *line,
                  jk_error *err)
{
    int listed = o->fits;
    for (int i = 0; listed && i < o->n; i++)
        listed = jk_pairs_has(a->pairs, o->v[i], strlen(o->v[i]));
    if (o->n < 3 || !o->fits || !listed)
        return jk_error_set(err, JK_EINPUT,
                            "%s: '%s' is %d words to jikenbo, not 3 to %d words that are all "
                            "in pairwords.txt",
                            where, line, o->n, JK_PHRASE_WORDS);
    return jk_pairs_add_phrase(a->pairs, o->v, (size_t)o->n, err);
}

typedef int (*list_line)(jk_analyzer *a, const line_terms *o, const char *where, const char *line,
                         jk_error *err);

/* A list of dict/ (name): each line that is not blank or a # comment is
 * analysed (so it is written the way the index spells it) and given to fn;
 * the file's bytes go into *digest. */
static int load_list(jk_analyzer *a, const char *name, list_line fn, jk_sha256 *digest,
                     jk_error *err)
{
    char path[4096], where[4200], *buf = NULL;
    size_t len = 0;
    unsigned lineno = 0;
    int rc;

    snprintf(path, sizeof path, "%s/%s", jk_paths_dictdir(), name);
    if ((rc = jk_cli_read_file(path, &buf, &len, err)) != JK_OK)
        return jk_error_prefix(err, "[analyze][lists] ");
    jk_sha256_update(digest, buf, len);
    for (char *line = buf, *nl; rc == JK_OK && line && *line; line = nl) {
        line_terms o;
        nl = strchr(line, '\n');
        if (nl)
            *nl++ = '\0';
        lineno++;
        if (line[0] == '#' || line[0] == '\0')
            continue;
        o.n = 0;
        o.fits = 1;
        rc = jk_analyze(a, line, strlen(line), keep_term, &o, err);
        snprintf(where, sizeof where, "%s:%u", path, lineno);
        if (rc == JK_OK)
            rc = fn(a, &o, where, line, err);
    }
    free(buf);
    return rc;
}

/* dict/pairwords.txt, then dict/phrases.txt (jk_pairs.h) */
static int load_pairwords(jk_analyzer *a, jk_error *err)
{
    jk_sha256 digest;
    int rc = jk_pairs_new(&a->pairs, err);

    jk_sha256_init(&digest);
    if (rc == JK_OK)
        rc = load_list(a, "pairwords.txt", pair_word, &digest, err);
    if (rc == JK_OK)
        rc = load_list(a, "phrases.txt", phrase, &digest, err);
    jk_sha256_final_hex(&digest, a->pairs_id, 12);
    return rc;
}

int jk_analyzer_related(jk_analyzer *a, const jk_related **out, jk_error *err)
{
    if (!a->related) { /* analysed with the variants, so spelled as indexed */
        char path[4096];
        int rc;
        snprintf(path, sizeof path, "%s/synonyms.txt", jk_paths_dictdir());
        if ((rc = jk_related_load(&a->related, a, path, err)) != JK_OK)
            return rc;
    }
    *out = a->related;
    return JK_OK;
}

const jk_pairs *jk_analyzer_pairs(const jk_analyzer *a)
{
    return a->pairs;
}

int jk_analyzer_new(jk_analyzer **out, jk_error *err)
{
    jk_analyzer *a = calloc(1, sizeof *a);
    int rc;

    *out = NULL;
    if (!a)
        return jk_error_set(err, JK_ENOMEM, "[analyze][new] out of memory");
    rc = jk_norm_new(&a->norm, err);
    if (rc == JK_OK)
        rc = jk_tokenizer_new(&a->tok, NULL, NULL, err);
    if (rc == JK_OK)
        rc = load_variants(a, err);
    if (rc == JK_OK)
        rc = load_pairwords(a, err);
    if (rc) {
        jk_analyzer_free(a);
        return rc;
    }
    snprintf(a->id, sizeof a->id, "%s icu=%s stem=kata4 variants=%s ngrams=%d pairs=%s",
             jk_tokenizer_id(a->tok), U_ICU_VERSION, a->vars_id, JK_NGRAM_SCHEME, a->pairs_id);
    *out = a;
    return JK_OK;
}

void jk_analyzer_free(jk_analyzer *a)
{
    if (!a)
        return;
    jk_tokenizer_free(a->tok);
    jk_norm_free(a->norm);
    jk_normtext_free(&a->text);
    variants_free(a);
    jk_pairs_free(a->pairs);
    jk_related_free(a->related);
    free(a->toks);
    jk_buf_free(&a->arena);
    free(a);
}

const char *jk_analyzer_id(const jk_analyzer *a)
{
    return a->id;
}

const char *jk_analyzer_normalised(const jk_analyzer *a, size_t *len)
{
    *len = a->text.len;
    return a->text.text ? a->text.text : "";
}

const jk_normtext *jk_analyzer_normtext(const jk_analyzer *a)
{
    return &a->text;
}

jk_norm *jk_analyzer_norm(jk_analyzer *a)
{
    return a->norm;
}

jk_tokenizer *jk_analyzer_tokenizer(jk_analyzer *a)
{
    return a->tok;
}

int jk_analyze(jk_analyzer *a, const char *src, size_t len, jk_token_cb cb, void *payload,
               jk_error *err)
{
    int rc = jk_norm_run(a->norm, src, len, &a->text, err);

    if (rc == JK_OK)
        rc = tokenise(a, a->text.text, a->text.len, err);
    for (size_t i = 0; rc == JK_OK && i < a->ntoks;) {
        int v = a->nvars ? match_variant(a, i) : -1;
        size_t span = v >= 0 ? a->vars[v].nfrom : 1;
        jk_token t;
        t.start = jk_normtext_src_start(&a->text, a->toks[i].start);
        t.end = jk_normtext_src_end(&a->text, a->toks[i + span - 1].end);
        t.pos = NULL;
        if (v < 0) {
            t.term = tok_term(a, i);
            t.len = a->toks[i].tlen;
            rc = cb(&t, payload);
        } else {
            for (size_t k = 0; rc == JK_OK && k < a->vars[v].nto; k++) {
                t.term = a->vars[v].to[k];
                t.len = strlen(t.term);
                rc = cb(&t, payload);
            }
        }
        i += span;
    }
    return rc;
}
