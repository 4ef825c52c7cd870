#include "jk_classify.h"

#include "jk_cli.h"
#include "jk_paths.h"
#include "jk_sha256.h"
#include "jk_taxonomy.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COUNT 3 /* a rule counts at most this many places per field */

enum { F_TITLE = 1, F_ORG = 2, F_BODY = 4 };
enum { FIELD_TITLE = 0, FIELD_ORG = 1, FIELD_BODY = 2, NFIELDS = 3 };

typedef struct anchored {
    char *text;
    size_t len;
    int start, end; /* ^ and $ */
} anchored;

/* "A…B": B starting within GAP_MAX bytes after A ends. */
#define GAP_MAX 120
typedef struct gap {
    char *a, *b, *shown;
    size_t alen, blen;
} gap;

typedef struct rule {
    int facet; /* JK_FACET_CAUSE or JK_FACET_SECTOR */
    int label;
    int where; /* F_* mask */
    int weight;
    unsigned line;
    anchored *anch; /* org patterns with ^ or $ */
    size_t nanch;
    gap *gaps; /* patterns with a gap */
    size_t ngaps;
} rule;

/* A pattern that is the A of an A…B: the rule, its gap, and the gap's
 * number among all gaps (its slot in a scan's state). */
typedef struct gapref {
    int rule, k, id;
} gapref;

typedef struct pattern {
    char *text;
    size_t len;
    int *rules; /* rules using this pattern */
    size_t nrules;
    gapref *gaps; /* gaps whose A this is: B is looked for where it is found */
    size_t ngaps;
} pattern;

struct jk_rules {
    rule *rules;
    size_t nrules;
    pattern *pats;
    size_t npats;
    size_t ngaps; /* gaps of all rules */
    /* automaton */
    int32_t (*delta)[256];
    int32_t *out;   /* pattern ending exactly at the state, or -1 */
    int32_t *dlink; /* next state on the failure chain with an output, or -1 */
    size_t nstates;
    int threshold, share;
    int fallback;          /* when no cause reaches the threshold, a lone best one this high */
    unsigned suppress[16]; /* suppress[a]: causes hidden when a is chosen */
    int default_cause, default_sector;
    char **forms; /* legal forms (normalised) the body may write by the organisation's name */
    size_t nforms;
    unsigned forms_line;
    char id[13];
    char *path;
};

static void rules_free_parts(jk_rules *r)
{
    for (size_t i = 0; i < r->nrules; i++) {
        for (size_t k = 0; k < r->rules[i].nanch; k++)
            free(r->rules[i].anch[k].text);
        free(r->rules[i].anch);
        for (size_t k = 0; k < r->rules[i].ngaps; k++) {
            free(r->rules[i].gaps[k].a);
            free(r->rules[i].gaps[k].b);
            free(r->rules[i].gaps[k].shown);
        }
        free(r->rules[i].gaps);
    }
    free(r->rules);
    for (size_t i = 0; i < r->npats; i++) {
        free(r->pats[i].text);
        free(r->pats[i].rules);
        free(r->pats[i].gaps);
    }
    free(r->pats);
    for (size_t i = 0; i < r->nforms; i++)
        free(r->forms[i]);
    free(r->forms);
    free(r->delta);
    free(r->out);
    free(r->dlink);
    free(r->path);
}

void jk_rules_free(jk_rules *r)
{
    if (!r)
        return;
    rules_free_parts(r);
    free(r);
}

const char *jk_rules_id(const jk_rules *r)
{
    return r->id;
}

const char *jk_rules_path(const jk_rules *r)
{
    return r->path;
}

static int label_index(int facet, const char *slug)
{
    size_t n;
    const jk_label *l = jk_taxonomy_labels((jk_facet)facet, &n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(l[i].slug, slug) == 0)
            return (int)i;
    return -1;
}

/* The automaton's pattern for text, added if new; NULL when out of memory.
 * Valid until the next pattern is added. */
static pattern *pattern_for(jk_rules *r, const char *text, size_t len)
{
    for (size_t i = 0; i < r->npats; i++)
        if (r->pats[i].len == len && memcmp(r->pats[i].text, text, len) == 0)
            return &r->pats[i];
    pattern *v = realloc(r->pats, (r->npats + 1) * sizeof *v), *p;
    if (!v)
        return NULL;
    r->pats = v;
    p = &r->pats[r->npats++];
    memset(p, 0, sizeof *p);
    if (!(p->text = strndup(text, len)))
        return NULL;
    p->len = len;
    return p;
}

/* The A of gap k of a rule, into the automaton. */
static int add_gap_pattern(jk_rules *r, const char *text, size_t len, int rule_index, int k)
{
    pattern *p = pattern_for(r, text, len);
    gapref *g = p ? realloc(p->gaps, (p->ngaps + 1) * sizeof *g) : NULL;
    if (!g)
        return JK_ENOMEM;
    p->gaps = g;
    p->gaps[p->ngaps++] = (gapref){rule_index, k, (int)r->ngaps++};
    return JK_OK;
}

static int add_pattern(jk_rules *r, const char *text, size_t len, int rule_index)
{
    pattern *p = pattern_for(r, text, len);
    if (!p)
        return JK_ENOMEM;
    int *ri = realloc(p->rules, (p->nrules + 1) * sizeof *ri);
    if (!ri)
        return JK_ENOMEM;
    p->rules = ri;
    p->rules[p->nrules++] = rule_index;
    return JK_OK;
}

/* Builds the automaton: a trie of all patterns, then failure links folded
 * into a full transition table (one lookup per byte when matching). */
static int build_automaton(jk_rules *r)
{
    size_t cap = 1, n = 1, total = 1;
    int32_t *fail, *queue;
    size_t qh = 0, qt = 0;

    for (size_t i = 0; i < r->npats; i++)
        total += r->pats[i].len;
    cap = total;
    r->delta = calloc(cap, sizeof *r->delta);
    r->out = malloc(cap * sizeof *r->out);
    r->dlink = malloc(cap * sizeof *r->dlink);
    fail = calloc(cap, sizeof *fail);
    queue = malloc(cap * sizeof *queue);
    if (!r->delta || !r->out || !r->dlink || !fail || !queue) {
        free(fail);
        free(queue);
        return JK_ENOMEM;
    }
    for (size_t s = 0; s < cap; s++) {
        r->out[s] = -1;
        r->dlink[s] = -1;
        for (int c = 0; c < 256; c++)
            r->delta[s][c] = -1;
    }
    for (size_t i = 0; i < r->npats; i++) {
        int32_t s = 0;
        for (size_t k = 0; k < r->pats[i].len; k++) {
            unsigned char c = (unsigned char)r->pats[i].text[k];
            if (r->delta[s][c] < 0)
                r->delta[s][c] = (int32_t)n++;
            s = r->delta[s][c];
        }
        r->out[s] = (int32_t)i;
    }
    for (int c = 0; c < 256; c++) {
        int32_t t = r->delta[0][c];
        if (t < 0) {
            r->delta[0][c] = 0;
        } else {
            fail[t] = 0;
            queue[qt++] = t;
        }
    }
    while (qh < qt) {
        int32_t s = queue[qh++];
        int32_t f = fail[s];
        r->dlink[s] = r->out[f] >= 0 ? f : r->dlink[f];
        for (int c = 0; c < 256; c++) {
            int32_t t = r->delta[s][c];
            if (t < 0) {
                r->delta[s][c] = r->delta[f][c];
            } else {
                fail[t] = r->delta[f][c];
                queue[qt++] = t;
            }
        }
    }
    r->nstates = n;
    free(fail);
    free(queue);
    return JK_OK;
}

static char *next_word(char **p)
{
    char *s = *p;
    while (*s == ' ' || *s == '\t')
        s++;
    if (!*s)
        return NULL;
    char *w = s;
    while (*s && *s != ' ' && *s != '\t')
        s++;
    if (*s)
        *s++ = '\0';
    *p = s;
    return w;
}

/* The next of the alternatives A|B|... at *rest (NUL-terminated in place),
 * its length without trailing blanks in *len; NULL after the last. */
static char *next_alt(char **rest, size_t *len)
{
    char *alt = *rest, *bar;
    if (!alt)
        return NULL;
    bar = strchr(alt, '|');
    if (bar)
        *bar++ = '\0';
    *rest = bar;
    *len = strlen(alt);
    while (*len > 0 && (alt[*len - 1] == ' ' || alt[*len - 1] == '\t'))
        (*len)--;
    return alt;
}

static int parse_line(jk_rules *r, jk_norm *norm, char *line, unsigned lineno, const char *path,
                      jk_error *err)
{
    char *p = line, *w = next_word(&p), *a, *b;
    int facet, label;

    if (!w || w[0] == '#')
        return JK_OK;
    if (strcmp(w, "threshold") == 0 || strcmp(w, "share") == 0 || strcmp(w, "fallback") == 0) {
        a = next_word(&p);
        b = next_word(&p);
        if (!a || strcmp(a, "cause") != 0 || !b || atoi(b) <= 0)
            return jk_error_set(err, JK_EINPUT, "%s:%u: write '%s cause N' (N > 0)", path, lineno,
                                w);
        if (w[0] == 't')
            r->threshold = atoi(b);
        else if (w[0] == 's')
            r->share = atoi(b);
        else
            r->fallback = atoi(b);
        return JK_OK;
    }
    if (strcmp(w, "suppress") == 0) {
        int x, y;
        a = next_word(&p);
        b = next_word(&p);
        x = a ? label_index(JK_FACET_CAUSE, a) : -1;
        y = b ? label_index(JK_FACET_CAUSE, b) : -1;
        if (x < 0 || y < 0)
            return jk_error_set(err, JK_EINPUT,
                                "%s:%u: write 'suppress CAUSE CAUSE' with two "
                                "cause slugs",
                                path, lineno);
        r->suppress[x] |= 1u << y;
        return JK_OK;
    }
    if (strcmp(w, "legal-form") == 0) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            return jk_error_set(err, JK_EINPUT, "%s:%u: write 'legal-form FORM|FORM...'", path,
                                lineno);
        size_t len;
        for (char *rest = p, *alt; (alt = next_alt(&rest, &len));) {
            char *text = NULL;
            if (len == 0)
                return jk_error_set(err, JK_EINPUT, "%s:%u: an empty legal form", path, lineno);
            int rc = jk_norm_string(norm, alt, len, &text, err);
            if (rc)
                return rc;
            char **v = realloc(r->forms, (r->nforms + 1) * sizeof *v);
            if (!v) {
                free(text);
                return jk_error_set(err, JK_ENOMEM, "[rules] out of memory");
            }
            r->forms = v;
            r->forms[r->nforms++] = text;
        }
        r->forms_line = lineno;
        return JK_OK;
    }
    if (strcmp(w, "default") == 0) {
        a = next_word(&p);
        b = next_word(&p);
        facet = a ? jk_taxonomy_facet(a) : -1;
        label =
            (facet == JK_FACET_CAUSE || facet == JK_FACET_SECTOR) && b ? label_index(facet, b) : -1;
        if (label < 0)
            return jk_error_set(err, JK_EINPUT, "%s:%u: write 'default cause|sector SLUG'", path,
                                lineno);
        if (facet == JK_FACET_CAUSE)
            r->default_cause = label;
        else
            r->default_sector = label;
        return JK_OK;
    }
    facet = jk_taxonomy_facet(w);
    if (facet != JK_FACET_CAUSE && facet != JK_FACET_SECTOR)
        return jk_error_set(err, JK_EINPUT,
                            "%s:%u: unknown word '%s': a rule starts with cause or sector, a "
                            "directive with threshold, share, fallback, suppress, legal-form or "
                            "default",
                            path, lineno, w);
    char *slug = next_word(&p), *where = next_word(&p), *weight = next_word(&p), *end;
    while (*p == ' ' || *p == '\t')
        p++;
    label = slug ? label_index(facet, slug) : -1;
    if (label < 0)
        return jk_error_set(err, JK_EINPUT, "%s:%u: '%s' is not a %s slug", path, lineno,
                            slug ? slug : "", w);
    rule ru;
    memset(&ru, 0, sizeof ru);
    ru.facet = facet;
    ru.label = label;
    ru.line = lineno;
    if (!where)
        where = "";
    ru.where = strcmp(where, "title") == 0  ? F_TITLE
               : strcmp(where, "org") == 0  ? F_ORG
               : strcmp(where, "body") == 0 ? F_BODY
               : strcmp(where, "text") == 0 ? F_TITLE | F_BODY
                                            : 0;
    if (!ru.where)
        return jk_error_set(err, JK_EINPUT, "%s:%u: where is title, org, body or text, not '%s'",
                            path, lineno, where);
    ru.weight = weight ? (int)strtol(weight, &end, 10) : 0;
    if (!weight || *end || ru.weight == 0)
        return jk_error_set(err, JK_EINPUT, "%s:%u: the weight must be a non-zero whole number",
                            path, lineno);
    if (!*p)
        return jk_error_set(err, JK_EINPUT, "%s:%u: no pattern", path, lineno);
    int ri = (int)r->nrules;
    rule *v = realloc(r->rules, (r->nrules + 1) * sizeof *v);
    if (!v)
        return jk_error_set(err, JK_ENOMEM, "[rules] out of memory");
    r->rules = v;
    r->rules[r->nrules++] = ru;
    size_t len;
    for (char *rest = p, *alt; (alt = next_alt(&rest, &len));) {
        char *norm_text = NULL;
        int start = 0, endanch = 0, rc;
        if (len && alt[0] == '^' && ru.where == F_ORG)
            start = 1, alt++, len--;
        if (len && alt[len - 1] == '$' && ru.where == F_ORG)
            endanch = 1, len--;
        if (len == 0)
            return jk_error_set(err, JK_EINPUT, "%s:%u: an empty pattern", path, lineno);
        {
            char *ell = memmem(alt, len, "…", strlen("…"));
            if (ell) { /* A…B: both parts normalised on their own */
                rule *cur = &r->rules[ri];
                gap g = {NULL, NULL, NULL, 0, 0};
                size_t al = (size_t)(ell - alt), bo = al + strlen("…");
                if (al == 0 || bo >= len)
                    return jk_error_set(err, JK_EINPUT, "%s:%u: write A…B with text on both sides",
                                        path, lineno);
                rc = jk_norm_string(norm, alt, al, &g.a, err);
                if (rc == JK_OK)
                    rc = jk_norm_string(norm, alt + bo, len - bo, &g.b, err);
                g.shown = strndup(alt, len);
                /* grown only once the rest is there: a grown array must be kept */
                gap *gv = rc || !g.shown ? NULL : realloc(cur->gaps, (cur->ngaps + 1) * sizeof *gv);
                if (!gv) {
                    free(g.a);
                    free(g.b);
                    free(g.shown);
                    return rc ? rc : jk_error_set(err, JK_ENOMEM, "[rules] out of memory");
                }
                g.alen = strlen(g.a);
                g.blen = strlen(g.b);
                cur->gaps = gv;
                gv[cur->ngaps++] = g;
                if (add_gap_pattern(r, g.a, g.alen, ri, (int)cur->ngaps - 1))
                    return jk_error_set(err, JK_ENOMEM, "[rules] out of memory");
                continue;
            }
        }
        rc = jk_norm_string(norm, alt, len, &norm_text, err);
        if (rc)
            return rc;
        if (start || endanch) {
            rule *cur = &r->rules[ri];
            anchored *an = realloc(cur->anch, (cur->nanch + 1) * sizeof *an);
            if (!an) {
                free(norm_text);
                return jk_error_set(err, JK_ENOMEM, "[rules] out of memory");
            }
            cur->anch = an;
            an[cur->nanch].text = norm_text;
            an[cur->nanch].len = strlen(norm_text);
            an[cur->nanch].start = start;
            an[cur->nanch].end = endanch;
            cur->nanch++;
            continue;
        }
        rc = add_pattern(r, norm_text, strlen(norm_text), ri);
        free(norm_text);
        if (rc)
            return jk_error_set(err, JK_ENOMEM, "[rules] out of memory");
    }
    return JK_OK;
}

int jk_rules_load(jk_rules **out, jk_norm *norm, const char *path, jk_error *err)
{
    char defpath[4096], *buf = NULL;
    size_t len = 0;
    unsigned lineno = 0;
    jk_rules *r;
    int rc;

    *out = NULL;
    if (!path) {
        const char *env = getenv("JIKENBO_RULES");
        snprintf(defpath, sizeof defpath, "%s/facets.rules", jk_paths_dictdir());
        path = env && *env ? env : defpath;
    }
    r = calloc(1, sizeof *r);
    if (!r)
        return jk_error_set(err, JK_ENOMEM, "[rules] out of memory");
    r->threshold = 5;
    r->share = 0;
    r->default_cause = label_index(JK_FACET_CAUSE, "other");
    r->default_sector = label_index(JK_FACET_SECTOR, "business");
    rc = jk_cli_read_file(path, &buf, &len, err);
    if (rc) {
        jk_error_prefix(err, "[rules] ");
        goto done;
    }
    if (!(r->path = strdup(path))) {
        rc = jk_error_set(err, JK_ENOMEM, "[rules] out of memory");
        goto done;
    }
    jk_sha256_hex(buf, len, r->id, 12);
    /* strtok_r would merge empty lines and lose line numbers: split by hand */
    for (char *line = buf, *nl; line && *line; line = nl) {
        nl = strchr(line, '\n');
        if (nl)
            *nl++ = '\0';
        lineno++;
        rc = parse_line(r, norm, line, lineno, path, err);
        if (rc)
            goto done;
    }
    rc = build_automaton(r);
    if (rc)
        rc = jk_error_set(err, JK_ENOMEM, "[rules] out of memory");
done:
    free(buf);
    if (rc) {
        jk_rules_free(r);
        return rc;
    }
    *out = r;
    return JK_OK;
}

/* ---- classifying ---- */

typedef struct hit {
    int count;
    size_t last_end; /* end of the last counted place (alternatives never overlap) */
    int first_pat;   /* the pattern first found, for explanations (-1: anchored) */
} hit;

/* A gap's A found at [start, end): counted when B starts within GAP_MAX
 * bytes after it. at (the gap's state in this field) is where the next A may
 * start: after the B of the last place counted, or after an A without B. */
static void gap_found(const jk_rules *r, const gapref *gr, const char *text, size_t len,
                      size_t start, size_t end, hit *h, size_t *at)
{
    const gap *g = &r->rules[gr->rule].gaps[gr->k];
    if (h->count >= MAX_COUNT || start < *at)
        return;
    size_t win = len - end < GAP_MAX + g->blen ? len - end : GAP_MAX + g->blen;
    const char *b = memmem(text + end, win, g->b, g->blen);
    if (!b) {
        *at = end;
        return;
    }
    if (h->count == 0)
        h->first_pat = -1000 - gr->k;
    h->count++;
    *at = (size_t)(b - text) + g->blen;
}

/* One pass of the automaton over a field: plain patterns, and the A of each
 * A…B (not in the organisation's name); gat holds the gaps' states. */
static void scan(const jk_rules *r, const char *text, size_t len, int field, hit *hits, size_t *gat)
{
    int32_t s = 0;
    int fmask = 1 << field;
    for (size_t i = 0; i < len; i++) {
        s = r->delta[s][(unsigned char)text[i]];
        for (int32_t t = r->out[s] >= 0 ? s : r->dlink[s]; t >= 0; t = r->dlink[t]) {
            const pattern *p = &r->pats[r->out[t]];
            size_t end = i + 1, start = end - p->len;
            for (size_t k = 0; k < p->nrules; k++) {
                const rule *ru = &r->rules[p->rules[k]];
                hit *h = &hits[(size_t)p->rules[k] * NFIELDS + (size_t)field];
                if (!(ru->where & fmask) || h->count >= MAX_COUNT ||
                    (h->count && start < h->last_end))
                    continue;
                if (h->count == 0)
                    h->first_pat = r->out[t];
                h->count++;
                h->last_end = end;
            }
            for (size_t k = 0; field != FIELD_ORG && k < p->ngaps; k++) {
                const gapref *gr = &p->gaps[k];
                if (r->rules[gr->rule].where & fmask)
                    gap_found(r, gr, text, len, start, end,
                              &hits[(size_t)gr->rule * NFIELDS + (size_t)field],
                              &gat[(size_t)gr->id * NFIELDS + (size_t)field]);
            }
        }
    }
}

static void scan_anchored(const jk_rules *r, const char *org, size_t olen, hit *hits)
{
    for (size_t i = 0; i < r->nrules; i++) {
        const rule *ru = &r->rules[i];
        for (size_t k = 0; k < ru->nanch; k++) {
            const anchored *a = &ru->anch[k];
            int ok = a->len <= olen;
            if (ok && a->start)
                ok = memcmp(org, a->text, a->len) == 0;
            if (ok && a->end)
                ok = memcmp(org + olen - a->len, a->text, a->len) == 0;
            if (ok && a->start && a->end)
                ok = a->len == olen;
            hit *h = &hits[i * NFIELDS + FIELD_ORG];
            if (ok && h->count < MAX_COUNT) {
                if (h->count == 0)
                    h->first_pat = -1 - (int)k;
                h->count++;
            }
        }
    }
}

static const char *field_name(int f)
{
    return f == FIELD_TITLE ? "title" : f == FIELD_ORG ? "org" : "body";
}

/* A title often names the organisation without its legal form (共同通信社),
 * which its body then writes in full (一般社団法人共同通信社). Writes into buf
 * the name with the legal form that the body puts right before or after its
 * first mentions of it, and returns its length; 0 if the name has a legal
 * form already, or the body gives none. */
static size_t full_name(const jk_rules *r, const char *org, size_t olen, const char *body,
                        size_t blen, char *buf, size_t cap)
{
    if (!olen)
        return 0;
    for (size_t f = 0; f < r->nforms; f++)
        if (memmem(org, olen, r->forms[f], strlen(r->forms[f])))
            return 0;
    const char *at = body, *end = body + blen;
    for (int seen = 0; seen < 3 && at < end; seen++) {
        const char *hit = memmem(at, (size_t)(end - at), org, olen);
        if (!hit)
            break;
        /* the longest form beside it: 地方独立行政法人, not the 独立行政法人 it ends with */
        size_t best = 0;
        int before = 0;
        for (size_t f = 0; f < r->nforms; f++) {
            size_t fl = strlen(r->forms[f]);
            if (fl <= best || fl + olen > cap)
                continue;
            if ((size_t)(hit - body) >= fl && memcmp(hit - fl, r->forms[f], fl) == 0)
                best = fl, before = 1;
            else if ((size_t)(end - hit) >= olen + fl && memcmp(hit + olen, r->forms[f], fl) == 0)
                best = fl, before = 0;
        }
        if (best) {
            memcpy(buf, before ? hit - best : hit, best + olen);
            return best + olen;
        }
        at = hit + olen;
    }
    return 0;
}

int jk_classify(const jk_rules *r, const char *title, size_t tlen, const char *org, size_t olen,
                const char *body, size_t blen, jk_labels *out, jk_buf *ex, jk_error *err)
{
    size_t nc, ns;
    const jk_label *causes = jk_taxonomy_labels(JK_FACET_CAUSE, &nc);
    const jk_label *sectors = jk_taxonomy_labels(JK_FACET_SECTOR, &ns);
    int cscore[16] = {0}, sscore[16] = {0}, best = 0, brc = 0;
    unsigned chosen = 0, hidden = 0;
    bool fell_back = false;
    /* one block: the hits of each rule and field, then each gap's state */
    hit *hits =
        calloc(1, (r->nrules * NFIELDS + 1) * sizeof(hit) + r->ngaps * NFIELDS * sizeof(size_t));
    size_t *gat = hits ? (size_t *)(hits + r->nrules * NFIELDS + 1) : NULL;

    if (!hits)
        return jk_error_set(err, JK_ENOMEM, "[classify] out of memory");
    char full[512];
    size_t flen = full_name(r, org, olen, body, blen, full, sizeof full);
    if (flen) {
        if (ex)
            jk_buf_printf(ex, &brc, "  org    read as '%.*s', as the body writes it (%s:%u)\n",
                          (int)flen, full, r->path, r->forms_line);
        org = full;
        olen = flen;
    }
    scan(r, title, tlen, FIELD_TITLE, hits, gat);
    scan(r, org, olen, FIELD_ORG, hits, gat);
    scan(r, body, blen, FIELD_BODY, hits, gat);
    scan_anchored(r, org, olen, hits);
    for (size_t i = 0; i < r->nrules; i++) {
        const rule *ru = &r->rules[i];
        for (int f = 0; f < NFIELDS; f++) {
            const hit *h = &hits[i * NFIELDS + (size_t)f];
            if (!h->count)
                continue;
            int add = ru->weight * h->count;
            if (ru->facet == JK_FACET_CAUSE)
                cscore[ru->label] += add;
            else
                sscore[ru->label] += add;
            if (ex) {
                const char *pat = h->first_pat >= 0       ? r->pats[h->first_pat].text
                                  : h->first_pat <= -1000 ? ru->gaps[-1000 - h->first_pat].shown
                                                          : ru->anch[-1 - h->first_pat].text;
                jk_buf_printf(
                    ex, &brc, "  %-6s %-20s %+4d  %s '%s'%s (%s:%u)\n",
                    ru->facet == JK_FACET_CAUSE ? "cause" : "sector",
                    ru->facet == JK_FACET_CAUSE ? causes[ru->label].slug : sectors[ru->label].slug,
                    add, field_name(f), pat, h->count > 1 ? " and more" : "", r->path, ru->line);
            }
        }
    }
    /* causes: threshold, share of the best, then suppression. A cause's share
     * is of the best cause it does not suppress: the words of the story it
     * tells (ransomware's "virus", "infected") do not make it look weak. */
    for (size_t i = 0; i < nc; i++)
        if (cscore[i] > best)
            best = cscore[i];
    for (size_t i = 0; i < nc; i++) {
        int top = 0;
        for (size_t j = 0; j < nc; j++)
            if (!(r->suppress[i] & (1u << j)) && cscore[j] > top)
                top = cscore[j];
        if (cscore[i] >= r->threshold && cscore[i] * 100 >= top * r->share)
            chosen |= 1u << i;
    }
    for (size_t i = 0; i < nc; i++)
        if (chosen & (1u << i))
            hidden |= r->suppress[i];
    out->causes = chosen & ~hidden;
    /* nothing reached the threshold: one plain mention of one cause (a
     * neutral title, "紛失しました" once in the body) beats the default;
     * a tie says nothing */
    if (!out->causes && r->fallback > 0 && best >= r->fallback) {
        size_t top = 0, ntop = 0;
        for (size_t i = 0; i < nc; i++)
            if (cscore[i] == best) {
                top = i;
                ntop++;
            }
        if (ntop == 1) {
            out->causes = 1u << top;
            fell_back = true;
        }
    }
    if (!out->causes)
        out->causes = 1u << r->default_cause;
    /* sector: the best score, ties to the earlier label */
    out->sector = r->default_sector;
    for (size_t i = 0, top = 0; i < ns; i++) {
        if (sscore[i] > 0 && (size_t)sscore[i] > top) {
            top = (size_t)sscore[i];
            out->sector = (int)i;
        }
    }
    if (ex) {
        jk_buf_puts(ex, &brc, "  cause scores:");
        for (size_t i = 0; i < nc; i++)
            if (cscore[i])
                jk_buf_printf(ex, &brc, " %s=%d", causes[i].slug, cscore[i]);
        jk_buf_printf(ex, &brc,
                      "  (a cause needs >= %d and >= %d%% of the best it does not suppress, %d)\n",
                      r->threshold, r->share, best);
        for (size_t i = 0; i < nc; i++) {
            if (!cscore[i] && !(out->causes & (1u << i)))
                continue;
            const char *why = (out->causes & (1u << i))
                                  ? (fell_back   ? "chosen: below the threshold, but the only "
                                                   "cause with a score of the fallback or more"
                                     : cscore[i] ? "chosen"
                                                 : "chosen: the default, nothing else was")
                              : (hidden & (1u << i)) && (chosen & (1u << i))
                                  ? "not chosen: suppressed by a chosen cause"
                              : cscore[i] < r->threshold
                                  ? "not chosen: below the threshold"
                                  : "not chosen: below the share of the best";
            jk_buf_printf(ex, &brc, "    %-20s %s\n", causes[i].slug, why);
        }
        jk_buf_puts(ex, &brc, "  sector scores:");
        for (size_t i = 0; i < ns; i++)
            if (sscore[i])
                jk_buf_printf(ex, &brc, " %s=%d", sectors[i].slug, sscore[i]);
        jk_buf_printf(ex, &brc, "  -> %s%s\n", sectors[out->sector].slug,
                      sscore[out->sector] > 0 ? " (the highest)" : " (the default: no rule fired)");
    }
    free(hits);
    if (brc)
        return jk_error_set(err, JK_ENOMEM, "[classify] out of memory");
    return JK_OK;
}

int jk_classify_post(const jk_rules *r, jk_norm *norm, const jk_post *p, jk_labels *out,
                     jk_buf *explain, jk_error *err)
{
    jk_normtext t = JK_NORMTEXT_INIT, o = JK_NORMTEXT_INIT, b = JK_NORMTEXT_INIT;
    const char *title = p->title + p->title_text;
    int rc = jk_norm_run(norm, title, strlen(title), &t, err);

    if (rc == JK_OK)
        rc = jk_norm_run(norm, p->org ? p->org : "", p->org ? strlen(p->org) : 0, &o, err);
    if (rc == JK_OK)
        rc = jk_norm_run(norm, p->body, p->body_len, &b, err);
    if (rc == JK_OK)
        rc = jk_classify(r, t.text, t.len, o.text, o.len, b.text, b.len, out, explain, err);
    jk_normtext_free(&t);
    jk_normtext_free(&o);
    jk_normtext_free(&b);
    return rc;
}

void jk_labels_causes(const jk_labels *l, char sep, char *out, size_t outlen)
{
    size_t n, at = 0;
    const jk_label *causes = jk_taxonomy_labels(JK_FACET_CAUSE, &n);
    if (outlen == 0)
        return;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (!(l->causes & (1u << i)))
            continue;
        size_t sl = strlen(causes[i].slug);
        if (at + sl + 2 > outlen)
            break;
        if (at)
            out[at++] = sep;
        memcpy(out + at, causes[i].slug, sl);
        at += sl;
        out[at] = '\0';
    }
}

const char *jk_labels_sector(const jk_labels *l)
{
    size_t n;
    const jk_label *s = jk_taxonomy_labels(JK_FACET_SECTOR, &n);
    return l->sector >= 0 && (size_t)l->sector < n ? s[l->sector].slug : "business";
}
