#include "jk_fanout.h"

#include "jk_array.h"

#include <stdlib.h>
#include <string.h>

typedef struct part {
    jk_xdb *db;
    const jk_xquery *q; /* this part's own */
    jk_xsearch_opts o;
    jk_xmset *ms;
    jk_error err;
    int rc;
} part;

static void run_part(void *arg)
{
    part *p = arg;
    p->rc = jk_xdb_search(p->db, p->q, &p->o, &p->ms, &p->err);
}

typedef struct hit {
    unsigned docid;
    double weight;
    char *key; /* the value it was sorted by, in a search sorted by one; else NULL */
    size_t klen;
    int reverse; /* that search's: descending values */
} hit;

static int by_weight(const void *a, const void *b)
{
    const hit *x = a, *y = b;
    if (x->weight != y->weight)
        return x->weight > y->weight ? -1 : 1;
    return x->docid < y->docid ? -1 : x->docid > y->docid;
}

/* As Xapian orders a search sorted by value then relevance: the values in
 * byte order (descending if reverse), then by weight and document id. */
static int by_key(const void *a, const void *b)
{
    const hit *x = a, *y = b;
    size_t n = x->klen < y->klen ? x->klen : y->klen;
    int c = n ? memcmp(x->key, y->key, n) : 0;

    if (c == 0 && x->klen != y->klen)
        c = x->klen < y->klen ? -1 : 1;
    if (c != 0)
        return x->reverse ? -c : c;
    return by_weight(a, b);
}

static int add_label(const char *label, size_t len, unsigned count, void *payload)
{
    jk_hits *out = payload;

    if (JK_ARRAY_GROW(&out->labels, &out->caplabels, out->nlabels, 64))
        return JK_ENOMEM;
    if (!(out->labels[out->nlabels].label = strndup(label, len)))
        return JK_ENOMEM;
    out->labels[out->nlabels++].count = count;
    return 0;
}

static int by_label(const void *a, const void *b)
{
    return strcmp(((const jk_label_count *)a)->label, ((const jk_label_count *)b)->label);
}

/* The labels every part counted, in byte order, one entry per label. */
static void merge_labels(jk_hits *out)
{
    size_t n = 0;

    if (out->nlabels)
        qsort(out->labels, out->nlabels, sizeof *out->labels, by_label);
    for (size_t i = 0; i < out->nlabels; i++) {
        if (n && strcmp(out->labels[n - 1].label, out->labels[i].label) == 0) {
            out->labels[n - 1].count += out->labels[i].count;
            free(out->labels[i].label);
        } else {
            out->labels[n++] = out->labels[i];
        }
    }
    out->nlabels = n;
}

/* Adds p's total and facets to out, and its hits to all (room for them),
 * with the values they were sorted by if keys. */
static int gather(const part *p, int packed, int keys, jk_hits *out, hit *all, size_t *nall,
                  jk_error *err)
{
    unsigned bits[16], a[256], b[256];
    unsigned n = jk_xmset_size(p->ms);

    out->total += jk_xmset_total(p->ms);
    if (p->o.nfacets == 1) {
        int rc = jk_xmset_facets(p->ms, 0, add_label, out, err);
        if (rc)
            return rc == JK_ENOMEM ? jk_error_set(err, JK_ENOMEM, "[fanout] out of memory") : rc;
    }
    if (packed) {
        int rc = jk_xmset_packed(p->ms, bits, a, b, err);
        if (rc)
            return rc;
        for (int i = 0; i < 16; i++)
            out->bits[i] += bits[i];
        for (int i = 0; i < 256; i++) {
            out->a[i] += a[i];
            out->b[i] += b[i];
        }
    }
    for (unsigned i = 0; i < n; i++) {
        hit *h = &all[*nall];
        h->docid = jk_xmset_docid(p->ms, i);
        h->weight = jk_xmset_weight(p->ms, i);
        h->key = NULL;
        h->klen = 0;
        h->reverse = p->o.sort_reverse;
        ++*nall;
        if (keys) {
            int rc = jk_xmset_sort_key(p->ms, i, &h->key, &h->klen, err);
            if (rc)
                return rc;
        }
    }
    return JK_OK;
}

int jk_fanout_search(jk_pool *pool, jk_xdb *const *dbs, size_t n, unsigned lastdocid,
                     const jk_xquery *q, const jk_xsearch_opts *o, jk_hits *out, jk_error *err)
{
    part parts[JK_FANOUT_MAX];
    jk_xquery *copies[JK_FANOUT_MAX] = {NULL};
    void *args[JK_FANOUT_MAX] = {NULL};
    hit *all = NULL;
    size_t nall = 0, room = 0;
    unsigned want = o->offset + o->limit, share;
    int rc = JK_OK;

    memset(out, 0, sizeof *out);
    memset(parts, 0, sizeof parts);
    if (n < 1 || n > JK_FANOUT_MAX)
        return jk_error_set(err, JK_EINVAL, "[fanout] cannot split this search %zu ways", n);
    /* equal ranges of ids, none empty: ceil(lastdocid / n) each, so fewer
     * parts when there are few documents */
    share = n > 1 && lastdocid > 0 ? (lastdocid + (unsigned)n - 1) / (unsigned)n : 1;
    if (n > 1)
        n = lastdocid > 0 ? (lastdocid + share - 1) / share : 1;
    for (size_t i = 0; i < n; i++) {
        part *p = &parts[i];
        p->db = dbs[i];
        p->q = q;
        p->o = *o; /* ms, rc and err start zeroed (JK_OK, no message) */
        args[i] = p;
        if (n == 1)
            break;
        p->o.offset = 0; /* each part's best `want` hold the page */
        p->o.limit = want;
        p->o.docid_lo = (unsigned)i * share + 1;
        p->o.docid_hi = i + 1 == n ? lastdocid : (unsigned)(i + 1) * share;
        if (i > 0 && rc == JK_OK && (rc = jk_xquery_copy(&copies[i], q, err)) == JK_OK)
            p->q = copies[i];
    }
    if (rc == JK_OK)
        jk_pool_run(pool, run_part, args, n);
    for (size_t i = 0; rc == JK_OK && i < n; i++)
        if (parts[i].rc) {
            rc = parts[i].rc;
            *err = parts[i].err;
        }
    for (size_t i = 0; rc == JK_OK && i < n; i++)
        room += jk_xmset_size(parts[i].ms);
    if (rc == JK_OK && !(all = malloc((room + 1) * sizeof *all)))
        rc = jk_error_set(err, JK_ENOMEM, "[fanout] out of memory");
    for (size_t i = 0; rc == JK_OK && i < n; i++)
        rc = gather(&parts[i], o->packed_slot >= 0, n > 1 && o->sort_slot >= 0, out, all, &nall,
                    err);
    if (rc == JK_OK)
        merge_labels(out);
    if (rc == JK_OK && n > 1)
        qsort(all, nall, sizeof *all, o->sort_slot >= 0 ? by_key : by_weight);
    for (size_t i = 0; i < nall; i++) { /* in order now */
        free(all[i].key);
        all[i].key = NULL;
    }
    if (rc == JK_OK && n > 1) { /* the page of the merged order */
        size_t from = o->offset < nall ? o->offset : nall;
        memmove(all, all + from, (nall - from) * sizeof *all);
        nall -= from;
        if (nall > o->limit)
            nall = o->limit;
    }
    if (rc == JK_OK) {
        out->docid = malloc((nall + 1) * sizeof *out->docid);
        out->weight = malloc((nall + 1) * sizeof *out->weight);
        if (!out->docid || !out->weight)
            rc = jk_error_set(err, JK_ENOMEM, "[fanout] out of memory");
    }
    for (size_t i = 0; rc == JK_OK && i < nall; i++) {
        out->docid[i] = all[i].docid;
        out->weight[i] = all[i].weight;
    }
    if (rc == JK_OK)
        out->n = (unsigned)nall;
    for (size_t i = 0; i < n; i++) {
        jk_xmset_free(parts[i].ms);
        jk_xquery_free(copies[i]);
    }
    free(all);
    if (rc)
        jk_hits_clear(out);
    return rc;
}

void jk_hits_clear(jk_hits *h)
{
    free(h->docid);
    free(h->weight);
    for (size_t i = 0; i < h->nlabels; i++)
        free(h->labels[i].label);
    free(h->labels);
    memset(h, 0, sizeof *h);
}
