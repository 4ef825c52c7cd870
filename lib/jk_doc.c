#include "jk_doc.h"

#include "jk_buf.h"
#include "jk_negation.h"
#include "jk_order.h"
#include "jk_pairs.h"
#include "jk_record.h"
#include "jk_schema.h"
#include "jk_sha256.h"
#include "jk_taxonomy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct poster {
    jk_xdoc *doc;
    const char *prefix; /* the prefix of prefixed_term's terms */
    unsigned wdf;       /* post_term's wdf increment per occurrence */
    unsigned cur_wdf;   /* the current word's: 0 in a denied clause */
    const jk_span *neg; /* the denied clauses of text (jk_negation.h), in order */
    size_t nneg, ineg;  /* their count; the first that may hold the next word */
    const char *text;   /* the analysed text, to find line breaks between tokens */
    size_t last_end;
    unsigned pos;
    jk_error *err;
    char buf[JK_XTERM_MAX + 8];
    const jk_pairs *pairs; /* the words whose pairs and phrases are terms (jk_pairs.h) */
    jk_pairs_run run;
} poster;

static int post_pair(const char *term, size_t len, void *payload)
{
    poster *p = payload;
    return jk_xdoc_add_term(p->doc, term, len, p->cur_wdf, p->err);
}

static int post_term(const jk_token *tok, void *payload)
{
    poster *p = payload;
    int rc;

    if (p->text && tok->start > p->last_end &&
        memchr(p->text + p->last_end, '\n', tok->start - p->last_end))
        p->pos += JK_LINE_GAP;
    p->last_end = tok->end;
    p->pos++;
    p->cur_wdf = jk_negation_holds(p->neg, p->nneg, &p->ineg, tok->start) ? 0 : p->wdf;
    rc = jk_xdoc_add_posting(p->doc, tok->term, tok->len, p->pos, p->cur_wdf, p->err);
    if (rc || !jk_pairs_has(p->pairs, tok->term, tok->len)) {
        jk_pairs_run_break(&p->run);
        return rc;
    }
    /* a line break or the next field leaves a gap in positions: a new run */
    return jk_pairs_run_push(&p->run, tok->term, tok->len, p->pos, post_pair, p);
}

/* Prefixed terms only (org): no plain term. */
static int prefixed_term(const jk_token *tok, void *payload)
{
    poster *p = payload;
    size_t plen = strlen(p->prefix);

    if (plen + tok->len >= sizeof p->buf)
        return 0;
    memcpy(p->buf, p->prefix, plen);
    memcpy(p->buf + plen, tok->term, tok->len);
    p->pos++;
    return jk_xdoc_add_posting(p->doc, p->buf, plen + tok->len, p->pos, 1, p->err);
}

/* Analyses text (a C string) into postings and keeps a copy of its normalised
 * form in *norm (caller frees), *len its length. */
static int analyze_keep(jk_analyzer *a, const char *text, jk_token_cb cb, poster *ps, char **norm,
                        size_t *len, jk_error *err)
{
    int rc = jk_analyze(a, text, strlen(text), cb, ps, err);
    const char *n;
    if (rc)
        return rc;
    n = jk_analyzer_normalised(a, len);
    *norm = strndup(n, *len);
    return *norm ? JK_OK : jk_error_set(err, JK_ENOMEM, "[doc][build] out of memory");
}

void jk_doc_signature(const jk_post *p, const char *rules_id, char sig[17])
{
    jk_sha256 s;
    const char *parts[6] = {p->title, p->org, p->date, p->body, rules_id, JK_DOC_SCHEME};

    jk_sha256_init(&s);
    for (int i = 0; i < 6; i++) {
        if (parts[i])
            jk_sha256_update(&s, parts[i], strlen(parts[i]));
        jk_sha256_update(&s, "\x1f", 1);
    }
    jk_sha256_final_hex(&s, sig, 16);
}

int jk_doc_build(jk_analyzer *a, const jk_rules *rules, const jk_post *p, const char *file,
                 const char *filekey, jk_xdoc **out, jk_labels *labels, jk_error *err)
{
    jk_xdoc *doc = NULL;
    jk_buf rec = JK_BUF_INIT;
    jk_span *neg = NULL;
    size_t neg_cap = 0;
    char term[JK_XTERM_MAX + 8], sig[17], val[JK_ORDER_KEY_SIZE], causes[256];
    char *norm_org = NULL, *norm_title = NULL;
    const char *norm_body;
    size_t org_len = 0, title_len = 0, body_len;
    jk_labels lab;
    int rc, brc = 0;
    poster ps;

    *out = NULL;
    rc = jk_xdoc_new(&doc, err);
    if (rc)
        return rc;
    memset(&ps, 0, sizeof ps);
    ps.doc = doc;
    ps.err = err;
    ps.pairs = jk_analyzer_pairs(a);
    jk_pairs_run_init(&ps.run, ps.pairs, 0);

    /* The classifier reads the text each analysis has just normalised. */
    if (p->org) {
        ps.prefix = JK_PREFIX_ORG;
        rc = analyze_keep(a, p->org, prefixed_term, &ps, &norm_org, &org_len, err);
        if (rc)
            goto done;
    }
    ps.prefix = NULL;
    ps.wdf = JK_TITLE_WDF;
    ps.pos = 0;
    /* the tag (【セキュリティ事件簿#…】) is in every title: only the text after it */
    rc = analyze_keep(a, p->title + p->title_text, post_term, &ps, &norm_title, &title_len, err);
    if (rc)
        goto done;
    ps.wdf = 1;
    ps.text = p->body;
    ps.last_end = 0;
    ps.pos += JK_BODY_GAP;
    rc = jk_negation_find(p->body, p->body_len, &neg, &neg_cap, &ps.nneg, err);
    if (rc)
        goto done;
    ps.neg = neg;
    rc = jk_analyze(a, p->body, p->body_len, post_term, &ps, err);
    if (rc)
        goto done;
    norm_body = jk_analyzer_normalised(a, &body_len);
    rc = jk_classify(rules, norm_title, title_len, norm_org ? norm_org : "", org_len, norm_body,
                     body_len, &lab, NULL, err);
    if (rc)
        goto done;
    if (labels)
        *labels = lab;
    {
        size_t n;
        const jk_label *cl = jk_taxonomy_labels(JK_FACET_CAUSE, &n);
        for (size_t i = 0; rc == JK_OK && i < n; i++) {
            if (!(lab.causes & (1u << i)))
                continue;
            snprintf(term, sizeof term, JK_PREFIX_CAUSE "%s", cl[i].slug);
            rc = jk_xdoc_add_boolean_term(doc, term, err);
        }
        snprintf(term, sizeof term, JK_PREFIX_SECTOR "%s", jk_labels_sector(&lab));
        if (rc == JK_OK)
            rc = jk_xdoc_add_boolean_term(doc, term, err);
        jk_labels_causes(&lab, JK_LABEL_SEP, causes, sizeof causes);
        if (rc == JK_OK)
            rc = jk_xdoc_set_value(doc, JK_SLOT_CAUSE, causes, strlen(causes), err);
        if (rc == JK_OK)
            rc = jk_xdoc_set_value(doc, JK_SLOT_SECTOR, jk_labels_sector(&lab),
                                   strlen(jk_labels_sector(&lab)), err);
        if (rc == JK_OK) {
            char packed[4];
            packed[0] = (char)(lab.causes & 0xFF);
            packed[1] = (char)((lab.causes >> 8) & 0xFF);
            packed[2] = (char)lab.sector;
            packed[3] = (char)(p->year >= 1900 && p->year < 2156 ? p->year - 1900 : 0);
            rc = jk_xdoc_set_value(doc, JK_SLOT_FACETS, packed, 4, err);
        }
        if (rc)
            goto done;
    }

    snprintf(term, sizeof term, JK_PREFIX_KEY "%s", p->key);
    rc = jk_xdoc_add_boolean_term(doc, term, err);
    snprintf(term, sizeof term, JK_PREFIX_ID "%s", p->id);
    if (rc == JK_OK)
        rc = jk_xdoc_add_boolean_term(doc, term, err);
    snprintf(term, sizeof term, JK_PREFIX_YEAR "%d", p->year);
    if (rc == JK_OK)
        rc = jk_xdoc_add_boolean_term(doc, term, err);
    if (rc)
        goto done;

    if (p->date) { /* "YYYY-MM-DD" -> "YYYYMMDD" */
        snprintf(val, sizeof val, "%.4s%.2s%.2s", p->date, p->date + 5, p->date + 8);
        rc = jk_xdoc_set_value(doc, JK_SLOT_DATE, val, 8, err);
    }
    snprintf(val, sizeof val, "%04d", p->year);
    if (rc == JK_OK)
        rc = jk_xdoc_set_value(doc, JK_SLOT_YEAR, val, strlen(val), err);
    {
        /* newest first by date; jk_order_store dates the notices without one */
        const char *dash = strchr(p->id, '-');
        jk_order_key(p->date, p->year, dash ? strtol(dash + 1, NULL, 10) : 0L, p->key, val);
    }
    if (rc == JK_OK)
        rc = jk_xdoc_set_value(doc, JK_SLOT_ORDER, val, strlen(val), err);
    if (rc)
        goto done;

    jk_doc_signature(p, jk_rules_id(rules), sig);
    jk_record_puts(&rec, &brc, "id", p->id);
    jk_record_puts(&rec, &brc, "key", p->key);
    jk_record_puts(&rec, &brc, "org", p->org);
    jk_record_puts(&rec, &brc, "title", p->title);
    jk_record_puts(&rec, &brc, "date", p->date);
    jk_record_putu(&rec, &brc, "year", (unsigned long)p->year);
    jk_record_puts(&rec, &brc, "cause", causes);
    jk_record_puts(&rec, &brc, "sector", jk_labels_sector(&lab));
    jk_record_puts(&rec, &brc, "file", file);
    if (filekey)
        jk_record_puts(&rec, &brc, "filekey", filekey);
    jk_record_putu(&rec, &brc, "line", p->start_line);
    jk_record_putu(&rec, &brc, "end_line", p->end_line);
    jk_record_putu(&rec, &brc, "body_line", p->body_line);
    jk_record_puts(&rec, &brc, "sig", sig);
    jk_record_put(&rec, &brc, "body", p->body, p->body_len);
    if (brc) {
        rc = jk_error_set(err, JK_ENOMEM, "[doc][build] out of memory");
        goto done;
    }
    rc = jk_xdoc_set_data(doc, rec.p, rec.n, err);
done:
    free(neg);
    free(norm_org);
    free(norm_title);
    jk_buf_free(&rec);
    if (rc) {
        jk_xdoc_free(doc);
        return rc;
    }
    *out = doc;
    return JK_OK;
}

int jk_doc_add_file(jk_xdoc *doc, const char *fileid, jk_error *err)
{
    char term[JK_FILE_ID_LEN + 8];
    snprintf(term, sizeof term, JK_PREFIX_FILE "%s", fileid);
    return jk_xdoc_add_boolean_term(doc, term, err);
}
