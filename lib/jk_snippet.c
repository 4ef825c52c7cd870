#include "jk_snippet.h"

#include "jk_array.h"
#include "jk_buf.h"
#include "jk_negation.h"
#include "jk_norm.h"
#include "jk_utf8.h"
#include "jk_width.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct match {
    size_t start, end; /* in the source */
    size_t term;       /* index into terms */
    int denied;        /* in a clause that denies something (jk_negation.h) */
} match;

/* The last tokens seen, for terms of several words ("誤る 送信": the words
 * one after the other). */
#define RECENT 4
#define RECENT_LEN 64

typedef struct recent {
    char term[RECENT_LEN];
    size_t len; /* SIZE_MAX: too long to keep, matches nothing */
    size_t start;
} recent;

typedef struct finder {
    const char *const *terms;
    size_t nterms;
    match *m;
    size_t n, cap;
    int rc;
    recent last[RECENT]; /* last[(seen - 1) % RECENT] is the token before this one */
    size_t seen;
    size_t base; /* where in the source the text being analysed starts */
} finder;

static int add_match(finder *f, size_t start, size_t end, size_t term)
{
    if (JK_ARRAY_GROW(&f->m, &f->cap, f->n, 32))
        return f->rc = JK_ENOMEM;
    f->m[f->n].start = start;
    f->m[f->n].end = end;
    f->m[f->n].term = term;
    f->m[f->n].denied = 0;
    f->n++;
    return 0;
}

/* Does the term of words separated by spaces end with this token, its other
 * words the tokens just before? Sets *start to where its first word starts in
 * the source. */
static int words_end_here(const finder *f, const char *term, const jk_token *tok, size_t *start)
{
    const char *end = term + strlen(term), *sp = end;
    size_t back = 0;
    while (sp > term && sp[-1] != ' ')
        sp--;
    if ((size_t)(end - sp) != tok->len || memcmp(sp, tok->term, tok->len) != 0)
        return 0;
    *start = f->base + tok->start;
    while (sp > term) { /* the word before, against the token before */
        const char *we = sp - 1, *ws = we;
        while (ws > term && ws[-1] != ' ')
            ws--;
        if (++back > RECENT || back > f->seen)
            return 0;
        const recent *r = &f->last[(f->seen - back) % RECENT];
        if (r->len != (size_t)(we - ws) || memcmp(r->term, ws, r->len) != 0)
            return 0;
        *start = r->start;
        sp = ws;
    }
    return 1;
}

/* A token that is a term, or ends one of several words: the longest such
 * match is kept. */
static int find_hits(const jk_token *tok, void *payload)
{
    finder *f = payload;
    size_t best = f->nterms, best_start = 0;
    int rc = 0;
    for (size_t i = 0; i < f->nterms; i++) {
        size_t start = f->base + tok->start;
        int hit = strchr(f->terms[i], ' ') ? words_end_here(f, f->terms[i], tok, &start)
                                           : strlen(f->terms[i]) == tok->len &&
                                                 memcmp(f->terms[i], tok->term, tok->len) == 0;
        if (hit && (best == f->nterms || start < best_start)) {
            best = i;
            best_start = start;
        }
    }
    if (best < f->nterms)
        rc = add_match(f, best_start, f->base + tok->end, best);
    recent *r = &f->last[f->seen++ % RECENT];
    r->len = tok->len < RECENT_LEN ? tok->len : SIZE_MAX;
    if (r->len != SIZE_MAX)
        memcpy(r->term, tok->term, tok->len);
    r->start = f->base + tok->start;
    return rc;
}

static int by_start(const void *a, const void *b)
{
    const match *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->end > y->end ? -1 : x->end < y->end; /* the longer first */
}

/* Substrings of the normalised text of the piece analysed, mapped back to
 * the source; then the piece's matches (from f->m[first] on) in order
 * without overlaps. */
static void find_subs(finder *f, const jk_normtext *t, const char *const *subs, size_t nsubs,
                      size_t first)
{
    size_t k = first;
    for (size_t i = 0; i < nsubs && !f->rc; i++) {
        size_t sl = strlen(subs[i]), at = 0;
        const char *hit;
        if (!sl)
            continue;
        while (at < t->len && (hit = memmem(t->text + at, t->len - at, subs[i], sl))) {
            size_t off = (size_t)(hit - t->text);
            if (add_match(f, f->base + jk_normtext_src_start(t, off),
                          f->base + jk_normtext_src_end(t, off + sl), f->nterms + i))
                return;
            at = off + sl;
        }
    }
    if (f->n > first + 1) /* qsort wants an array, even for nothing to sort */
        qsort(f->m + first, f->n - first, sizeof *f->m, by_start);
    for (size_t i = first; i < f->n; i++)
        if (k == first || f->m[i].start >= f->m[k - 1].end)
            f->m[k++] = f->m[i];
    f->n = k;
}

/* Where the piece of src that starts at from ends, at most piece bytes on:
 * after the last line break of its second half, else at the start of a
 * character, so that no word is cut but in a line over half a piece long. */
static size_t piece_end(const char *src, size_t len, size_t from, size_t piece)
{
    size_t end = from + piece, half = from + piece / 2;
    const char *nl;

    if (len - from <= piece)
        return len;
    nl = memrchr(src + half, '\n', end - half);
    if (nl)
        return (size_t)(nl - src) + 1;
    for (size_t e = end; e > end - 4 && e > from; e--)
        if (((unsigned char)src[e] & 0xC0) != 0x80)
            return e;
    return end; /* not UTF-8 there: any cut will do */
}

/* The matches of src: its first piece (all of it with piece 0), then the
 * pieces after it only until one holds a match; *upto gets where the
 * analysis ended. */
static int find_matches(jk_analyzer *an, finder *f, const char *src, size_t len,
                        const char *const *subs, size_t nsubs, size_t piece, size_t *upto,
                        jk_error *err)
{
    int rc = JK_OK;

    *upto = 0;
    do {
        size_t end = piece ? piece_end(src, len, *upto, piece) : len, first = f->n;
        f->base = *upto;
        rc = jk_analyze(an, src + *upto, end - *upto, find_hits, f, err);
        if (rc == JK_OK)
            find_subs(f, jk_analyzer_normtext(an), subs, nsubs, first);
        if (f->rc)
            rc = jk_error_set(err, JK_ENOMEM, "[snippet] out of memory");
        *upto = end;
    } while (rc == JK_OK && f->n == 0 && *upto < len);
    return rc;
}

/* Marks the matches (in order) that lie in a clause of src that denies
 * something, so that a passage saying a thing happened is shown before one
 * saying it did not. */
static int mark_denied(finder *f, const char *src, size_t len, jk_error *err)
{
    jk_span *v = NULL;
    size_t cap = 0, n = 0, k = 0;
    int rc = jk_negation_find(src, len, &v, &cap, &n, err);

    for (size_t i = 0; rc == JK_OK && i < f->n; i++)
        f->m[i].denied = jk_negation_holds(v, n, &k, f->m[i].start);
    free(v);
    return rc;
}

/* The match that starts the window holding the most distinct terms, those
 * in a denied clause counting half. */
static size_t best_anchor(const finder *f, size_t window_bytes)
{
    size_t best = 0, best_score = 0;
    unsigned char seen[64];

    for (size_t i = 0; i < f->n; i++) {
        size_t score = 0;
        memset(seen, 0, sizeof seen);
        for (size_t j = i; j < f->n && f->m[j].start < f->m[i].start + window_bytes; j++) {
            size_t t = f->m[j].term % 64;
            if (!seen[t]) {
                seen[t] = 1;
                score += f->m[j].denied ? 2 : 4;
            } else {
                score += !f->m[j].denied;
            }
        }
        if (score > best_score) {
            best_score = score;
            best = i;
        }
    }
    return best;
}

/* Appends s[0..len) to b with each run of blanks as one space. */
static void blanks_as_spaces(jk_buf *b, int *rc, const char *s, size_t len)
{
    int in_blank = 0;
    for (size_t i = 0, n; i < len; i += n) {
        int32_t cp = jk_utf8_decode(s + i, len - i, &n);
        if (!jk_utf8_is_space(cp))
            jk_buf_append(b, rc, s + i, n);
        else if (!in_blank)
            jk_buf_putc(b, rc, ' ');
        in_blank = jk_utf8_is_space(cp);
    }
}

void jk_snippet_clear(jk_snippet *s)
{
    free(s->text);
    free(s->hits);
    free(s->marks);
    memset(s, 0, sizeof *s);
}

int jk_snippet_make(jk_analyzer *an, const char *src, size_t len, const char *const *terms,
                    size_t nterms, const char *const *subs, size_t nsubs, size_t cols, size_t piece,
                    jk_snippet *out, jk_error *err)
{
    finder f = {terms, nterms, NULL, 0, 0, 0, {{{0}, 0, 0}}, 0, 0};
    jk_buf b = JK_BUF_INIT, shown = JK_BUF_INIT;
    size_t start = 0, i, w = 0, mi = 0, nh = 0, n, upto = len;
    int brc = 0, rc = JK_OK, in_blank = 0;
    jk_hit *hits = NULL, *marks = NULL;

    jk_snippet_clear(out);
    if (nterms || nsubs) {
        rc = find_matches(an, &f, src, len, subs, nsubs, piece, &upto, err);
        if (rc == JK_OK && f.n)
            rc = mark_denied(&f, src, upto, err);
        if (rc)
            goto done;
    }
    if (f.n) {
        size_t a = best_anchor(&f, cols * 2);
        if (jk_width_str(src, f.m[a].end) <= cols * 2 / 3) {
            /* the match shows from the very start: no need to cut the head */
            mi = 0;
            goto build;
        }
        /* start a little before the anchor, at a character boundary */
        size_t back = 0, lead_cols = cols / 5;
        start = f.m[a].start;
        while (start > 0 && back < lead_cols) {
            size_t p = start - 1;
            while (p > 0 && ((unsigned char)src[p] & 0xC0) == 0x80)
                p--;
            if (src[p] == '\n')
                break;
            back += (size_t)jk_width_cp(jk_utf8_decode(src + p, start - p, &n));
            start = p;
        }
        mi = a;
        while (mi > 0 && f.m[mi - 1].end > start)
            mi--;
    }
build:
    hits = calloc(f.n ? f.n : 1, sizeof *hits);
    marks = calloc(f.n ? f.n : 1, sizeof *marks);
    if (!hits || !marks) {
        rc = jk_error_set(err, JK_ENOMEM, "[snippet] out of memory");
        goto done;
    }
    if (start > 0) {
        jk_buf_puts(&b, &brc, "…");
        w += 1;
    }
    /* skip leading blanks */
    for (i = start; i < len;) {
        int32_t cp = jk_utf8_decode(src + i, len - i, &n);
        if (!jk_utf8_is_space(cp))
            break;
        i += n;
    }
    while (mi < f.n && f.m[mi].start < i)
        mi++;
    for (; i < len;) {
        int32_t cp = jk_utf8_decode(src + i, len - i, &n);
        int cw;
        if (jk_utf8_is_space(cp)) {
            if (!in_blank && w + 1 < cols) {
                jk_buf_putc(&b, &brc, ' ');
                w++;
            }
            in_blank = 1;
            i += n;
            continue;
        }
        in_blank = 0;
        cw = jk_width_cp(cp);
        /* a match is kept whole or not at all, its blanks shown as one space
         * (a phrase typed with a tab in it matches one) */
        if (mi < f.n && f.m[mi].start == i) {
            size_t mw;
            jk_buf_reset(&shown);
            blanks_as_spaces(&shown, &brc, src + i, f.m[mi].end - i);
            mw = jk_width_str(shown.p ? shown.p : "", shown.n);
            if (w + mw + 1 > cols)
                break;
            /* marked without the blanks at its ends (text the normaliser drops
             * can put one inside a match's source range) */
            size_t lead = 0, trail = 0;
            while (lead < shown.n && shown.p[lead] == ' ')
                lead++;
            while (trail < shown.n - lead && shown.p[shown.n - 1 - trail] == ' ')
                trail++;
            if (lead + trail < shown.n) {
                hits[nh].start = b.n + lead;
                hits[nh].end = b.n + shown.n - trail;
                nh++;
            }
            jk_buf_append(&b, &brc, shown.p, shown.n);
            w += mw;
            i = f.m[mi].end;
            mi++;
            while (mi < f.n && f.m[mi].start < i)
                mi++;
            continue;
        }
        if (w + (size_t)cw + 1 > cols)
            break;
        jk_buf_append(&b, &brc, src + i, n);
        w += (size_t)cw;
        i += n;
    }
    while (b.n > 0 && b.p[b.n - 1] == ' ')
        b.n--;
    if (i < len)
        jk_buf_puts(&b, &brc, "…");
    if (brc) {
        rc = jk_error_set(err, JK_ENOMEM, "[snippet] out of memory");
        goto done;
    }
    out->text = jk_buf_steal(&b);
    out->len = strlen(out->text);
    out->hits = hits;
    out->nhits = nh;
    out->src_start = start;
    for (size_t k = 0; k < f.n; k++) {
        marks[k].start = f.m[k].start;
        marks[k].end = f.m[k].end;
    }
    out->marks = marks;
    out->nmarks = f.n;
    out->whole = upto == len;
    hits = marks = NULL;
done:
    free(hits);
    free(marks);
    free(f.m);
    jk_buf_free(&b);
    jk_buf_free(&shown);
    return rc;
}
