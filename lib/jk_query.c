#include "jk_query.h"
#include "jk_query_int.h"

#include "jk_array.h"
#include "jk_buf.h"
#include "jk_charset.h"
#include "jk_norm.h"
#include "jk_pairs.h"
#include "jk_related.h"
#include "jk_schema.h"
#include "jk_taxonomy.h"
#include "jk_utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>

/* ---- small containers ---- */

int jk_query_strv_add(strv *s, const char *p, size_t len)
{
    if (JK_ARRAY_GROW(&s->v, &s->cap, s->n, 8))
        return JK_ENOMEM;
    if (!(s->v[s->n] = strndup(p, len)))
        return JK_ENOMEM;
    s->n++;
    return JK_OK;
}

int jk_query_strv_split(strv *s, const char *words)
{
    for (const char *p = words, *e; *p; p = *e ? e + 1 : e) {
        e = strchr(p, ' ');
        if (!e)
            e = p + strlen(p);
        if (e > p && jk_query_strv_add(s, p, (size_t)(e - p)))
            return JK_ENOMEM;
    }
    return JK_OK;
}

int jk_query_strv_has(const strv *s, const char *p, size_t len)
{
    for (size_t i = 0; i < s->n; i++)
        if (strlen(s->v[i]) == len && memcmp(s->v[i], p, len) == 0)
            return 1;
    return 0;
}

void jk_query_strv_free(strv *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    memset(s, 0, sizeof *s);
}

typedef struct parser {
    tok *toks;
    size_t ntoks, at;
    jk_analyzer *an;
    const jk_related *related; /* dict/synonyms.txt, read before the first analysis */
    jk_query *q;
    jk_error *err;
    jk_buf desc;
    int brc;
    unsigned depth; /* parentheses and NOTs open around the token at hand */
} parser;

/* How deep parentheses and NOT may nest: the parser, the query it builds and
 * Xapian's all recurse once a level, and a pasted line of 30,000 '(' would
 * otherwise run them out of stack. */
#define MAX_DEPTH 100

void jk_query_node_free(node *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->nkids; i++)
        jk_query_node_free(n->kids[i]);
    free(n->kids);
    jk_query_strv_free(&n->terms);
    jk_query_strv_free(&n->runs);
    jk_query_strv_free(&n->pairs);
    jk_query_strv_free(&n->alts);
    jk_query_strv_free(&n->spaced);
    jk_query_strv_free(&n->stem);
    jk_query_strv_free(&n->stem_pair);
    jk_query_strv_free(&n->related);
    for (size_t i = 0; i < n->nrelph; i++)
        jk_query_node_free(n->relph[i]);
    free(n->relph);
    free(n->joined);
    free(n->text);
    free(n);
}

node *jk_query_node_new(ntype t)
{
    node *n = calloc(1, sizeof *n);
    if (n)
        n->type = t;
    return n;
}

int jk_query_node_add(node *n, node *kid)
{
    if (JK_ARRAY_GROW(&n->kids, &n->capk, n->nkids, 4))
        return JK_ENOMEM;
    n->kids[n->nkids++] = kid;
    return JK_OK;
}

/* ---- analysis of words ---- */

typedef struct collect {
    strv *terms;
    int rc;
} collect;

static int collect_term(const jk_token *tok, void *payload)
{
    collect *c = payload;
    c->rc = jk_query_strv_add(c->terms, tok->term, tok->len);
    return c->rc;
}

int jk_query_terms(jk_analyzer *an, const char *text, strv *out, jk_error *err)
{
    collect c = {out, 0};
    int rc = jk_analyze(an, text, strlen(text), collect_term, &c, err);

    if (c.rc)
        return jk_error_set(err, JK_ENOMEM, "[query] out of memory");
    return rc;
}

/* Letters and digits (and ー 々) make runs; anything else separates them. */
static int word_char(int32_t cp)
{
    return cp >= 0 && (u_isalnum(cp) || cp == 0x30FC || cp == 0x3005);
}

/* Splits the normalised word into its runs; a run of one ASCII character
 * (the "a" of "a-b") is too short to look for inside words and is left out. */
static int split_runs(const char *norm, strv *runs)
{
    size_t i = 0, len = strlen(norm), n, start = 0, chars = 0;
    int in_run = 0;

    while (i <= len) {
        int32_t cp = i < len ? jk_utf8_decode(norm + i, len - i, &n) : -1;
        if (i < len && word_char(cp)) {
            if (!in_run)
                start = i, chars = 0;
            in_run = 1;
            chars++;
        } else {
            if (in_run && !(chars == 1 && (unsigned char)norm[start] < 0x80) &&
                jk_query_strv_add(runs, norm + start, i - start))
                return JK_ENOMEM;
            in_run = 0;
            if (i == len)
                break;
        }
        i += n;
    }
    return JK_OK;
}

/* A term of ASCII letters and digits, both (microsoft365, log4j, h30), cut
 * where letters meet digits; at most four pieces, else none. MeCab keeps it
 * one word, but a notice may write it spaced (Microsoft 365), which is
 * indexed as two. */
static int split_spaced(const char *term, strv *out)
{
    size_t len = strlen(term), start = 0, pieces = 1;
    int letters = 0, digits = 0;

    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)term[i];
        int d = ch >= '0' && ch <= '9', l = ch >= 'a' && ch <= 'z';
        if (!d && !l)
            return JK_OK;
        letters |= l;
        digits |= d;
        if (i && d != (term[i - 1] >= '0' && term[i - 1] <= '9'))
            pieces++;
    }
    if (!letters || !digits || pieces > 4)
        return JK_OK;
    for (size_t i = 1; i <= len; i++) {
        int cut = i == len || ((term[i] >= '0' && term[i] <= '9') !=
                               (term[i - 1] >= '0' && term[i - 1] <= '9'));
        if (cut && jk_query_strv_add(out, term + start, i - start))
            return JK_ENOMEM;
        if (cut)
            start = i;
    }
    return JK_OK;
}

typedef struct stem_collect {
    collect c;
    const char *text; /* what was analysed */
    int kana1;        /* a token is one hiragana alone */
} stem_collect;

static int collect_stem_term(const jk_token *tok, void *payload)
{
    stem_collect *sc = payload;
    size_t n;
    int32_t cp = tok->end - tok->start == 3 ? jk_utf8_decode(sc->text + tok->start, 3, &n) : -1;
    if (cp >= 0x3041 && cp <= 0x309F)
        sc->kana1 = 1;
    return collect_term(tok, &sc->c);
}

/* Appends v's items to b, sep between them. */
static void join_into(jk_buf *b, int *brc, const strv *v, const char *sep)
{
    for (size_t i = 0; i < v->n; i++) {
        if (i)
            jk_buf_puts(b, brc, sep);
        jk_buf_puts(b, brc, v->v[i]);
    }
}

/* The text with which a word is read again as a verb, or NULL when there is
 * none (sets *nomem on failure). A word that ends in hiragana may be a verb's
 * stem, which MeCab reads as a noun alone (持ち出し) or cuts its own way
 * (入れ違え: 入れ違う), while a notice writes the verb (持ち出した: 持ち出す;
 * 入れ違えて: 入れる 違える): read with ます after it, the stem is the verb. A
 * noun of two kanji or more after 誤 (誤送信, 誤廃棄) is what a notice also
 * writes as 誤って and the verb (誤って送信, 誤って廃棄): read so. */
static char *verb_reading(const char *text, int *nomem)
{
    static const char ayamari[] = "誤", atte[] = "誤って";
    size_t len = strlen(text), k = len, cl, head = sizeof ayamari - 1, kanji = 0;
    char *with = NULL;

    *nomem = 0;
    if (len > head && memcmp(text, ayamari, head) == 0) {
        for (size_t i = head; i < len; i += cl) {
            int32_t cp = jk_utf8_decode(text + i, len - i, &cl);
            if (cp < 0x4E00 || cp > 0x9FFF)
                return NULL;
            kanji++;
        }
        if (kanji < 2)
            return NULL;
        if (!(with = malloc(len - head + sizeof atte)))
            *nomem = 1;
        else
            snprintf(with, len - head + sizeof atte, "%s%s", atte, text + head);
        return with;
    }
    while (k > 0 && ((unsigned char)text[k - 1] & 0xC0) == 0x80)
        k--; /* text[k - 1]: the last character's first byte */
    int32_t last = k ? jk_utf8_decode(text + k - 1, len - k + 1, &cl) : -1;
    if (last < 0x3041 || last > 0x309F)
        return NULL;
    if (!(with = malloc(len + sizeof "ます")))
        *nomem = 1;
    else
        snprintf(with, len + sizeof "ます", "%sます", text);
    return with;
}

/* The word read as a verb (verb_reading): its terms go to n->stem when they
 * differ from the word's own (ます and て are no terms). A reading with a
 * token of one hiragana alone is no verb (漏え: 漏る える). */
static int read_stem(parser *p, const char *text, node *n)
{
    stem_collect sc = {{&n->stem, 0}, NULL, 0};
    int rc, same, nomem;
    char *with;

    if (!n->terms.n)
        return JK_OK;
    if (!(with = verb_reading(text, &nomem)))
        return nomem ? jk_error_set(p->err, JK_ENOMEM, "[query] out of memory") : JK_OK;
    sc.text = with;
    rc = jk_analyze(p->an, with, strlen(with), collect_stem_term, &sc, p->err);
    free(with);
    if (sc.c.rc)
        return jk_error_set(p->err, JK_ENOMEM, "[query] out of memory");
    same = n->stem.n == n->terms.n;
    for (size_t i = 0; same && i < n->stem.n; i++)
        same = strcmp(n->stem.v[i], n->terms.v[i]) == 0;
    if (same || sc.kana1)
        jk_query_strv_free(&n->stem);
    if (rc == JK_OK && n->stem.n >= 2) { /* one posting list instead of positions */
        char t[JK_XTERM_MAX + 1];
        size_t tl = jk_pairs_phrase_term(jk_analyzer_pairs(p->an), (const char *const *)n->stem.v,
                                         n->stem.n, t, sizeof t);
        if (tl && jk_query_strv_add(&n->stem_pair, t, tl))
            return jk_error_set(p->err, JK_ENOMEM, "[query] out of memory");
    }
    return rc;
}

/* The word's MeCab terms, its runs of characters, and its normalised text (for snippets). */
static int analyse(parser *p, const char *text, size_t col, node *n)
{
    char *norm = NULL;
    int rc = jk_query_terms(p->an, text, &n->terms, p->err);

    n->col = col;
    if (rc == JK_OK && !(n->text = strdup(text)))
        rc = jk_error_set(p->err, JK_ENOMEM, "[query] out of memory");
    if (rc == JK_OK)
        rc = jk_norm_string(jk_analyzer_norm(p->an), text, strlen(text), &norm, p->err);
    if (rc == JK_OK && split_runs(norm, &n->runs))
        rc = jk_error_set(p->err, JK_ENOMEM, "[query] out of memory");
    if (rc == JK_OK && n->terms.n == 1 && split_spaced(n->terms.v[0], &n->spaced))
        rc = jk_error_set(p->err, JK_ENOMEM, "[query] out of memory");
    if (rc == JK_OK && n->terms.n) {
        jk_buf j = JK_BUF_INIT;
        int brc = 0;
        join_into(&j, &brc, &n->terms, "");
        n->joined = brc ? NULL : jk_buf_steal(&j);
        jk_buf_free(&j);
        if (!n->joined)
            rc = jk_error_set(p->err, JK_ENOMEM, "[query] out of memory");
    }
    if (rc == JK_OK) { /* a phrase's blanks at either end ("0TT<TAB>") are not to mark */
        size_t sl = strlen(norm);
        const char *sub = jk_utf8_trim(norm, &sl);
        if (sl && !jk_query_strv_has(&p->q->subs, sub, sl) &&
            jk_query_strv_add(&p->q->subs, sub, sl))
            rc = jk_error_set(p->err, JK_ENOMEM, "[query] out of memory");
    }
    free(norm);
    return rc;
}

static void describe_terms(parser *p, const strv *terms, const char *open, const char *close)
{
    jk_buf_puts(&p->desc, &p->brc, open);
    for (size_t i = 0; i < terms->n; i++) {
        if (i)
            jk_buf_putc(&p->desc, &p->brc, ' ');
        jk_buf_puts(&p->desc, &p->brc, terms->v[i]);
    }
    jk_buf_puts(&p->desc, &p->brc, close);
}

/* field:value as typed, but a cause or sector as the labels it was read as
 * (sector:市,university is "sector:local-government,education"), so that the
 * description says what was searched, as it does for words. */
static void describe_filter(parser *p, const tok *t, const node *n)
{
    int f = jk_taxonomy_facet(t->field);
    size_t skip;

    if ((f != JK_FACET_CAUSE && f != JK_FACET_SECTOR) || n->terms.n == 0) {
        jk_buf_printf(&p->desc, &p->brc, "%s:%s", t->field, t->text);
        return;
    }
    skip = strlen(f == JK_FACET_CAUSE ? JK_PREFIX_CAUSE : JK_PREFIX_SECTOR);
    jk_buf_printf(&p->desc, &p->brc, "%s:", t->field);
    for (size_t i = 0, shown = 0; i < n->terms.n; i++) {
        size_t k = 0;
        while (k < i && strcmp(n->terms.v[k], n->terms.v[i]) != 0)
            k++;
        if (k == i) /* sector:市,町 are one label */
            jk_buf_printf(&p->desc, &p->brc, "%s%s", shown++ ? "," : "", n->terms.v[i] + skip);
    }
}

/* ---- parser ---- */

static tok *peek(parser *p)
{
    return &p->toks[p->at];
}

static int parse_or(parser *p, node **out, int negated);

/* The terms that stand for parts of the phrase n (jk_pairs.h), into
 * n->pairs: the whole phrase's if it has one; else the longest listed phrase
 * from each word on, and the pairs no such phrase covers. */
static int phrase_terms(const jk_pairs *pw, node *n)
{
    const char *const *w = (const char *const *)n->terms.v;
    size_t k = n->terms.n, covered = 0; /* words [0, covered) are in a phrase found */
    char t[JK_XTERM_MAX + 1];
    size_t len;

    if (k >= 2 && (len = jk_pairs_phrase_term(pw, w, k, t, sizeof t)) != 0) {
        n->whole = 1;
        return jk_query_strv_add(&n->pairs, t, len);
    }
    for (size_t i = 0; i + 1 < k; i++) {
        size_t m = k - i < JK_PHRASE_WORDS ? k - i : JK_PHRASE_WORDS;
        for (len = 0; m >= 3; m--)
            if ((len = jk_pairs_phrase_term(pw, w + i, m, t, sizeof t)) != 0)
                break;
        if (len != 0 && i + m > covered) {
            if (jk_query_strv_add(&n->pairs, t, len))
                return JK_ENOMEM;
            covered = i + m;
        } else if (i + 2 > covered && (len = jk_pairs_phrase_term(pw, w + i, 2, t, sizeof t))) {
            if (jk_query_strv_add(&n->pairs, t, len))
                return JK_ENOMEM;
        }
    }
    return JK_OK;
}

/* Keeps a variant's indexed spelling (jk_analyzer_variant_parts) in the
 * node's alts, once. */
static int add_alt(const char *term, size_t len, void *payload)
{
    node *n = payload;
    if (jk_query_strv_has(&n->alts, term, len) || jk_query_strv_has(&n->terms, term, len))
        return 0;
    return jk_query_strv_add(&n->alts, term, len);
}

/* Where related words go: words into *words, phrases into owner->relph. */
typedef struct relsink {
    const jk_pairs *pw;
    strv *words;
    node *owner;
} relsink;

/* Adds the related phrase words (terms joined by ' ') to k->owner, once, as
 * an N_PHRASE node with its pair terms. Returns JK_ENOMEM or 0. */
static int add_related_phrase(const relsink *k, const char *words)
{
    node *ph;

    for (size_t i = 0; i < k->owner->nrelph; i++)
        if (strcmp(k->owner->relph[i]->text, words) == 0)
            return 0;
    ph = jk_query_node_new(N_PHRASE);
    if (!ph || !(ph->text = strdup(words)) || jk_query_strv_split(&ph->terms, words) ||
        phrase_terms(k->pw, ph) ||
        JK_ARRAY_GROW(&k->owner->relph, &k->owner->caprelph, k->owner->nrelph, 4)) {
        jk_query_node_free(ph);
        return JK_ENOMEM;
    }
    k->owner->relph[k->owner->nrelph++] = ph;
    return 0;
}

/* Adds a related word to the sink, once. */
static int add_related_word(const char *words, int phrase, void *payload)
{
    const relsink *k = payload;
    size_t len = strlen(words);
    if (phrase)
        return add_related_phrase(k, words);
    return jk_query_strv_has(k->words, words, len) ? 0 : jk_query_strv_add(k->words, words, len);
}

/* One term of a word typed without spaces, replaced by each of its related
 * words: the word written so (個人 情報 漏えい: 個人 情報 流出). */
typedef struct swap {
    const strv *terms;
    size_t at;
    relsink *out;
} swap;

/* (A phrase is not put in place of one term: it is a whole statement.) */
static int add_swapped(const char *related, int phrase, void *payload)
{
    const swap *w = payload;
    jk_buf b = JK_BUF_INIT;
    int rc = 0;
    if (phrase)
        return 0;
    for (size_t i = 0; i < w->terms->n; i++) {
        if (i)
            jk_buf_putc(&b, &rc, ' ');
        jk_buf_puts(&b, &rc, i == w->at ? related : w->terms->v[i]);
    }
    if (rc == 0)
        rc = add_related_word(b.p, 0, w->out);
    jk_buf_free(&b);
    return rc;
}

/* The word's related words (jk_related.h): those of the groups that hold its
 * terms, all of them as one word; and for a word of several terms, the word
 * with one of its terms replaced by a related word of that term (情報漏えい:
 * 情報流出). Returns JK_ENOMEM or 0. */
static int find_related(parser *p, node *n)
{
    jk_buf key = JK_BUF_INIT;
    relsink sink = {jk_analyzer_pairs(p->an), &n->related, n};
    int rc = 0;

    if (!p->related || !n->terms.n)
        return 0;
    join_into(&key, &rc, &n->terms, " ");
    if (rc == 0)
        rc = jk_related_each(p->related, key.p, add_related_word, &sink);
    jk_buf_free(&key);
    for (size_t i = 0; rc == 0 && n->terms.n > 1 && i < n->terms.n; i++) {
        swap w = {&n->terms, i, &sink};
        rc = jk_related_each(p->related, n->terms.v[i], add_swapped, &w);
    }
    return rc ? JK_ENOMEM : 0;
}

/* An id typed bare whose two parts could be years (2023-2024) may have
 * meant them: q->hint says how to write either, for when nothing matches.
 * Returns JK_ENOMEM or 0. */
static int years_hint(jk_query *q, const char *id)
{
    int a = 0, b = 0, n = 0;
    char hint[256];

    if (sscanf(id, "%4d-%4d%n", &a, &b, &n) != 2 || id[n] != '\0' || strlen(id) != 9 ||
        a < JK_YEAR_MIN || b < a || b > 2999)
        return 0;
    snprintf(hint, sizeof hint,
             "%s was read as the notice id %s; for the years %d to %d write year:%d..%d, and "
             "for the text quote it: \"%s\"",
             id, id, a, b, a, b, id);
    q->hint = strdup(hint);
    return q->hint ? 0 : JK_ENOMEM;
}

/* Marks n's related phrases in snippets where their words stand together.
 * Returns JK_ENOMEM or 0. */
static int mark_phrases(jk_query *q, const node *n)
{
    for (size_t i = 0; i < n->nrelph; i++)
        if (jk_query_add_highlight(q, n->relph[i]->text, strlen(n->relph[i]->text)))
            return JK_ENOMEM;
    return 0;
}

static int parse_primary(parser *p, node **out, int negated)
{
    tok *t = peek(p);
    node *n = NULL;
    int rc;

    *out = NULL;
    switch (t->type) {
    case T_WORD:
        if (strcmp(t->text, "*") == 0 || strcmp(t->text, "＊") == 0) { /* every notice */
            n = jk_query_node_new(N_FILTER);
            if (!n)
                return jk_error_set(p->err, JK_ENOMEM, "[query] out of memory");
            n->all = 1;
            jk_buf_puts(&p->desc, &p->brc, "*");
            p->at++;
            *out = n;
            return JK_OK;
        }
        /* fall through */
    case T_PHRASE:
        n = jk_query_node_new(t->type == T_WORD ? N_TERMS : N_PHRASE);
        if (!n)
            return jk_error_set(p->err, JK_ENOMEM, "[query] out of memory");
        rc = analyse(p, t->text, t->col, n);
        if (rc == JK_OK && t->type == T_WORD)
            rc = read_stem(p, t->text, n);
        if (rc == JK_OK && t->type == T_WORD && !negated && find_related(p, n))
            rc = jk_error_set(p->err, JK_ENOMEM, "[query] out of memory");
        if (rc == JK_OK && t->type == T_PHRASE && phrase_terms(jk_analyzer_pairs(p->an), n))
            rc = jk_error_set(p->err, JK_ENOMEM, "[query] out of memory");
        for (size_t r = 0; rc == JK_OK && t->type == T_WORD && n->terms.n == 1 && r < n->runs.n;
             r++)
            rc = jk_analyzer_variant_parts(p->an, n->runs.v[r], strlen(n->runs.v[r]), add_alt, n)
                     ? jk_error_set(p->err, JK_ENOMEM, "[query] out of memory")
                     : JK_OK;
        if (rc) {
            jk_query_node_free(n);
            return rc;
        }
        if (n->terms.n == 0 && n->runs.n == 0) {
            char msg[512];
            snprintf(msg, sizeof msg,
                     "'%s' (column %zu) has no searchable term (particles, symbols and spaces "
                     "are not indexed): left out of the query",
                     t->text, t->col);
            if (jk_query_strv_add(&p->q->warnings, msg, strlen(msg)))
                return jk_error_set(p->err, JK_ENOMEM, "[query] out of memory");
        } else {
            p->q->has_words = 1;
            if (t->type == T_WORD && n->terms.n > 1)
                p->q->has_boosts = 1;
        }
        const strv *marks[] = {&n->terms, &n->alts, &n->spaced, &n->related};
        for (size_t m = 0; !negated && m < sizeof marks / sizeof *marks; m++)
            for (size_t i = 0; i < marks[m]->n; i++)
                if (jk_query_add_highlight(p->q, marks[m]->v[i], strlen(marks[m]->v[i])))
                    return jk_error_set(p->err, JK_ENOMEM, "[query] out of memory");
        if (mark_phrases(p->q, n))
            return jk_error_set(p->err, JK_ENOMEM, "[query] out of memory");
        if (!negated && n->stem.n) { /* the verb reading, marked where its words stand together */
            jk_buf b = JK_BUF_INIT;
            int brc = 0;
            join_into(&b, &brc, &n->stem, " ");
            if (brc || jk_query_add_highlight(p->q, b.p, b.n))
                brc = JK_ENOMEM;
            jk_buf_free(&b);
            if (brc)
                return jk_error_set(p->err, JK_ENOMEM, "[query] out of memory");
        }
        if (t->type == T_PHRASE)
            describe_terms(p, &n->terms, "\"", "\"");
        else
            describe_terms(p, &n->terms, n->terms.n > 1 ? "(" : "", n->terms.n > 1 ? ")" : "");
        if (n->runs.n && !(t->type == T_PHRASE && n->terms.n > 1))
            jk_buf_printf(&p->desc, &p->brc, "%s~parts", n->terms.n ? "" : "(no word) ");
        if (n->related.n || n->nrelph)
            jk_buf_puts(&p->desc, &p->brc, "~related");
        p->at++;
        *out = n;
        return JK_OK;
    case T_FIELD:
        rc = jk_query_filter(p->q, p->an, t->field, t->text, t->col, &n, p->err);
        if (rc)
            return rc;
        if (t->bare_id && !p->q->hint && years_hint(p->q, t->text)) {
            jk_query_node_free(n);
            return jk_error_set(p->err, JK_ENOMEM, "[query] out of memory");
        }
        describe_filter(p, t, n);
        p->at++;
        *out = n;
        return JK_OK;
    case T_LP: {
        size_t col = t->col;
        p->at++;
        if (peek(p)->type == T_RP)
            return jk_error_set(p->err, JK_EQUERY, "empty parentheses at column %zu", col);
        if (peek(p)->type == T_END)
            return jk_error_set(p->err, JK_EQUERY,
                                "unbalanced parenthesis: the '(' at column %zu is never closed",
                                col);
        jk_buf_putc(&p->desc, &p->brc, '(');
        rc = parse_or(p, &n, negated);
        if (rc)
            return rc;
        if (peek(p)->type != T_RP) {
            jk_query_node_free(n);
            return jk_error_set(p->err, JK_EQUERY,
                                "unbalanced parenthesis: the '(' at column %zu is never closed",
                                col);
        }
        jk_buf_putc(&p->desc, &p->brc, ')');
        p->at++;
        *out = n;
        return JK_OK;
    }
    case T_RP:
        return jk_error_set(p->err, JK_EQUERY,
                            "unbalanced parenthesis: the ')' at column %zu has no '(' before it",
                            t->col);
    default:
        return jk_error_set(p->err, JK_EQUERY, "expected a word at column %zu", t->col);
    }
}

static int parse_unary_here(parser *p, node **out, int negated);

/* One level deeper: refused past MAX_DEPTH. */
static int parse_unary(parser *p, node **out, int negated)
{
    int rc;
    *out = NULL;
    if (p->depth > MAX_DEPTH)
        return jk_error_set(p->err, JK_EQUERY,
                            "the query nests too deeply at column %zu: at most %d levels of "
                            "parentheses and NOT",
                            peek(p)->col, MAX_DEPTH);
    p->depth++;
    rc = parse_unary_here(p, out, negated);
    p->depth--;
    return rc;
}

static int parse_unary_here(parser *p, node **out, int negated)
{
    tok *t = peek(p);
    int rc;

    if (t->type == T_NOT || t->type == T_MINUS) {
        size_t col = t->col;
        node *n, *kid = NULL;
        p->at++;
        if (peek(p)->type == T_END || peek(p)->type == T_OR || peek(p)->type == T_RP)
            return jk_error_set(p->err, JK_EQUERY, "%s at column %zu needs a word after it",
                                t->type == T_NOT ? "NOT" : "'-'", col);
        jk_buf_puts(&p->desc, &p->brc, "NOT ");
        rc = parse_unary(p, &kid, !negated);
        if (rc)
            return rc;
        n = jk_query_node_new(N_NOT);
        if (!n || jk_query_node_add(n, kid)) {
            jk_query_node_free(n);
            jk_query_node_free(kid);
            return jk_error_set(p->err, JK_ENOMEM, "[query] out of memory");
        }
        *out = n;
        return JK_OK;
    }
    return parse_primary(p, out, negated);
}

/* Two words typed one after the other that a notice writes as one word of
 * dict/synonyms.txt (無断 閲覧 for 無断閲覧) also find that word's related
 * words (目的外閲覧, 私的閲覧): the two become one AND node that holds them,
 * built as the two words or the related words, the better (jk_query_build.c).
 * Returns JK_ENOMEM or 0. */
static int related_pairs(parser *p, node *n)
{
    for (size_t i = 0; p->related && i + 1 < n->nkids; i++) {
        node *a = n->kids[i], *b = n->kids[i + 1], *g;
        jk_buf key = JK_BUF_INIT;
        int rc = 0;
        if (a->type != N_TERMS || b->type != N_TERMS || !a->terms.n || !b->terms.n)
            continue;
        if (!(g = jk_query_node_new(N_AND))) /* holds the related words; the two if there are any */
            return JK_ENOMEM;
        relsink sink = {jk_analyzer_pairs(p->an), &g->related, g};
        join_into(&key, &rc, &a->terms, " ");
        jk_buf_putc(&key, &rc, ' ');
        join_into(&key, &rc, &b->terms, " ");
        if (rc == 0)
            rc = jk_related_each(p->related, key.p, add_related_word, &sink);
        jk_buf_free(&key);
        for (size_t k = 0; rc == 0 && k < g->related.n; k++) /* marked as a word's are */
            rc = jk_query_add_highlight(p->q, g->related.v[k], strlen(g->related.v[k]));
        if (rc == 0)
            rc = mark_phrases(p->q, g);
        if (rc == 0 && (g->related.n || g->nrelph)) {
            rc = jk_query_node_add(g, a) || jk_query_node_add(g, b) ? JK_ENOMEM : 0;
            if (rc == 0) {
                n->kids[i] = g;
                memmove(&n->kids[i + 1], &n->kids[i + 2], (n->nkids - i - 2) * sizeof *n->kids);
                n->nkids--;
                g = NULL;
            }
        }
        if (g) {
            g->nkids = 0; /* a and b are still n's */
            jk_query_node_free(g);
        }
        if (rc)
            return JK_ENOMEM;
    }
    return 0;
}

static int parse_and(parser *p, node **out, int negated)
{
    node *n = jk_query_node_new(N_AND);
    int rc = JK_OK;

    *out = NULL;
    if (!n)
        return jk_error_set(p->err, JK_ENOMEM, "[query] out of memory");
    for (;;) {
        tok *t = peek(p);
        node *kid = NULL;
        if (t->type == T_END || t->type == T_OR || t->type == T_RP)
            break;
        if (t->type == T_AND) {
            if (n->nkids == 0 || p->toks[p->at + 1].type == T_END ||
                p->toks[p->at + 1].type == T_OR || p->toks[p->at + 1].type == T_RP) {
                rc = jk_error_set(p->err, JK_EQUERY, "AND at column %zu needs a word on both sides",
                                  t->col);
                break;
            }
            p->at++;
            continue;
        }
        if (n->nkids)
            jk_buf_puts(&p->desc, &p->brc, " AND ");
        rc = parse_unary(p, &kid, negated);
        if (rc)
            break;
        if (jk_query_node_add(n, kid)) {
            jk_query_node_free(kid);
            rc = jk_error_set(p->err, JK_ENOMEM, "[query] out of memory");
            break;
        }
    }
    if (rc == JK_OK && !negated && related_pairs(p, n))
        rc = jk_error_set(p->err, JK_ENOMEM, "[query] out of memory");
    if (rc == JK_OK && n->nkids == 0) {
        tok *t = peek(p);
        if (t->type == T_RP)
            rc = jk_error_set(p->err, JK_EQUERY,
                              "unbalanced parenthesis: the ')' at column %zu has no '(' before it",
                              t->col);
        else if (t->type == T_OR)
            rc = jk_error_set(p->err, JK_EQUERY, "OR at column %zu needs a word on both sides",
                              t->col);
        else
            rc = jk_error_set(p->err, JK_EQUERY,
                              "empty query: give a word, a \"phrase\" or a "
                              "filter such as cause:ransomware");
    }
    if (rc) {
        jk_query_node_free(n);
        return rc;
    }
    *out = n;
    return JK_OK;
}

static int parse_or(parser *p, node **out, int negated)
{
    node *first = NULL, *n;
    int rc = parse_and(p, &first, negated);

    *out = NULL;
    if (rc)
        return rc;
    if (peek(p)->type != T_OR) {
        *out = first;
        return JK_OK;
    }
    n = jk_query_node_new(N_OR);
    if (!n || jk_query_node_add(n, first)) {
        jk_query_node_free(n);
        jk_query_node_free(first);
        return jk_error_set(p->err, JK_ENOMEM, "[query] out of memory");
    }
    while (peek(p)->type == T_OR) {
        size_t col = peek(p)->col;
        node *kid = NULL;
        p->at++;
        if (peek(p)->type == T_END || peek(p)->type == T_RP || peek(p)->type == T_OR) {
            jk_query_node_free(n);
            return jk_error_set(p->err, JK_EQUERY, "OR at column %zu needs a word on both sides",
                                col);
        }
        jk_buf_puts(&p->desc, &p->brc, " OR ");
        rc = parse_and(p, &kid, negated);
        if (rc == JK_OK && jk_query_node_add(n, kid)) {
            jk_query_node_free(kid);
            rc = jk_error_set(p->err, JK_ENOMEM, "[query] out of memory");
        }
        if (rc) {
            jk_query_node_free(n);
            return rc;
        }
    }
    *out = n;
    return JK_OK;
}

/* A query that is not UTF-8 (a terminal set to another encoding) is an
 * error, not a search for what is left of it once the bad bytes go. */
static int check_utf8(const char *text, jk_error *err)
{
    size_t len = strlen(text), bad = jk_utf8_invalid_at(text, len);
    const char *cs;
    if (bad == len)
        return JK_OK;
    cs = jk_charset_guess(text, len);
    return jk_error_set(err, JK_EQUERY,
                        "the query is not UTF-8: byte 0x%02x at column %zu%s%s%s; set the "
                        "terminal (or LANG) to UTF-8",
                        (unsigned char)text[bad], jk_utf8_count(text, bad) + 1,
                        cs ? " (it reads as " : "", cs ? jk_charset_label(cs) : "", cs ? ")" : "");
}

/* Is a like: anywhere but in the AND at the top (under OR, NOT or '-')? */
static const node *like_misplaced(const node *n, int top)
{
    if (n->like)
        return top ? NULL : n;
    for (size_t i = 0; i < n->nkids; i++) {
        const node *m = like_misplaced(n->kids[i], top && n->type == N_AND);
        if (m)
            return m;
    }
    return NULL;
}

int jk_query_parse(jk_query **out, jk_analyzer *an, const char *text, jk_error *err)
{
    parser p;
    jk_query *q = calloc(1, sizeof *q);
    int rc;

    *out = NULL;
    if (!q)
        return jk_error_set(err, JK_ENOMEM, "[query] out of memory");
    rc = check_utf8(text, err);
    if (rc) {
        free(q);
        return rc;
    }
    memset(&p, 0, sizeof p);
    p.an = an;
    p.q = q;
    p.err = err;
    rc = jk_analyzer_related(an, &p.related, err);
    if (rc == JK_OK)
        rc = jk_query_lex(text, &p.toks, &p.ntoks, err);
    if (rc == JK_OK && p.ntoks == 0) {
        /* nothing typed: empty until filters are added (jk_query_build says so if not) */
    } else if (rc == JK_OK) {
        rc = parse_or(&p, &q->root, 0);
        if (rc == JK_OK && peek(&p)->type != T_END)
            rc = jk_error_set(err, JK_EQUERY,
                              "unbalanced parenthesis: the ')' at column %zu has no '(' before it",
                              peek(&p)->col);
    }
    if (rc == JK_OK && q->like && like_misplaced(q->root, 1))
        rc = jk_error_set(err, JK_EQUERY,
                          "like:%s cannot be under OR, NOT or '-': it ranks the whole search; "
                          "put the other words and filters beside it",
                          q->like);
    if (rc == JK_OK && p.brc)
        rc = jk_error_set(err, JK_ENOMEM, "[query] out of memory");
    if (rc == JK_OK)
        q->desc = jk_buf_steal(&p.desc);
    jk_buf_free(&p.desc);
    if (p.toks)
        jk_query_toks_free(p.toks, p.ntoks + 1);
    if (rc) {
        jk_query_free(q);
        return rc;
    }
    *out = q;
    return JK_OK;
}

int jk_query_add_filter(jk_query *q, jk_analyzer *an, const char *field, const char *value,
                        jk_error *err)
{
    node *f = NULL, *and;
    int rc = jk_query_filter(q, an, field, value, 0, &f, err);
    size_t dl;
    char *d;

    if (rc) {
        /* options have no column: drop the " at column 0" part of the message */
        char *at = err ? strstr(err->msg, " at column 0") : NULL;
        if (at)
            memmove(at, at + strlen(" at column 0"), strlen(at + strlen(" at column 0")) + 1);
        return rc;
    }
    if (q->root && q->root->type == N_AND) {
        and = q->root;
    } else {
        and = jk_query_node_new(N_AND);
        if (!and || (q->root && jk_query_node_add(and, q->root))) {
            free(and);
            jk_query_node_free(f);
            return jk_error_set(err, JK_ENOMEM, "[query] out of memory");
        }
        q->root = and;
    }
    if (jk_query_node_add(and, f)) {
        jk_query_node_free(f);
        return jk_error_set(err, JK_ENOMEM, "[query] out of memory");
    }
    dl = strlen(q->desc ? q->desc : "") + strlen(field) + strlen(value) + 8;
    d = malloc(dl);
    if (!d)
        return jk_error_set(err, JK_ENOMEM, "[query] out of memory");
    snprintf(d, dl, "%s%s%s:%s", q->desc ? q->desc : "", q->desc && *q->desc ? " AND " : "", field,
             value);
    free(q->desc);
    q->desc = d;
    return JK_OK;
}

size_t jk_query_nterms(const jk_query *q)
{
    return q->hl.n;
}

const char *jk_query_term(const jk_query *q, size_t i)
{
    return i < q->hl.n ? q->hl.v[i] : NULL;
}

size_t jk_query_nsubs(const jk_query *q)
{
    return q->subs.n;
}

const char *jk_query_sub(const jk_query *q, size_t i)
{
    return i < q->subs.n ? q->subs.v[i] : NULL;
}

size_t jk_query_nwarnings(const jk_query *q)
{
    return q->warnings.n;
}

const char *jk_query_warning(const jk_query *q, size_t i)
{
    return i < q->warnings.n ? q->warnings.v[i] : NULL;
}

int jk_query_has_words(const jk_query *q)
{
    return q->has_words;
}

int jk_query_has_boosts(const jk_query *q)
{
    return q->has_boosts;
}

const char *jk_query_like(const jk_query *q)
{
    return q->like;
}

size_t jk_query_nfiles(const jk_query *q)
{
    return q->nfiles;
}

const char *jk_query_file(const jk_query *q, size_t i)
{
    return q->files[i]->text;
}

int jk_query_set_file_ids(jk_query *q, size_t i, const char *const *ids, size_t n, jk_error *err)
{
    node *f = q->files[i];
    char term[JK_XTERM_MAX + 8];

    jk_query_strv_free(&f->terms);
    if (n == 0) {
        char at[48] = "";
        if (f->col)
            snprintf(at, sizeof at, " at column %zu", f->col);
        return jk_error_set(err, JK_EQUERY,
                            strpbrk(f->text, "*?[")
                                ? "file:%s%s: no archive file in the index fits that pattern "
                                  "('jikenbo-index --list' shows them)"
                                : "file:%s%s: no archive file in the index is named so; "
                                  "file:%s* takes the names that start so, and "
                                  "'jikenbo-index --list' shows them",
                            f->text, at, f->text);
    }
    for (size_t k = 0; k < n; k++) {
        snprintf(term, sizeof term, JK_PREFIX_FILE "%s", ids[k]);
        if (!jk_query_strv_has(&f->terms, term, strlen(term)) &&
            jk_query_strv_add(&f->terms, term, strlen(term)))
            return jk_error_set(err, JK_ENOMEM, "[query] out of memory");
    }
    return JK_OK;
}

static int words_of(const node *n, jk_query_word_cb cb, void *payload)
{
    if (!n || n->type == N_NOT)
        return 0;
    if (n->type == N_TERMS && n->text)
        return cb(n->text, n->col, (const char *const *)n->terms.v, n->terms.n, payload);
    for (size_t i = 0; i < n->nkids; i++) {
        int rc = words_of(n->kids[i], cb, payload);
        if (rc)
            return rc;
    }
    return 0;
}

int jk_query_words(const jk_query *q, jk_query_word_cb cb, void *payload)
{
    return words_of(q->root, cb, payload);
}

const char *jk_query_nomatch_hint(const jk_query *q)
{
    return q->hint;
}

int jk_query_add_highlight(jk_query *q, const char *term, size_t len)
{
    if (jk_query_strv_has(&q->hl, term, len))
        return JK_OK;
    return jk_query_strv_add(&q->hl, term, len);
}

const char *jk_query_describe(const jk_query *q)
{
    return q->desc ? q->desc : "";
}

void jk_query_free(jk_query *q)
{
    if (!q)
        return;
    jk_query_node_free(q->root);
    jk_query_strv_free(&q->hl);
    jk_query_strv_free(&q->subs);
    jk_query_strv_free(&q->warnings);
    free(q->desc);
    free(q->like);
    free(q->files);
    free(q->hint);
    free(q);
}
