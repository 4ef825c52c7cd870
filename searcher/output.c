#include "output.h"

#include "jk_buf.h"
#include "jk_cli.h"
#include "jk_json.h"
#include "jk_taxonomy.h"
#include "jk_utf8.h"
#include "jk_width.h"

#include <stdlib.h>
#include <string.h>

#define C_RESET "\033[0m"
#define C_BOLD "\033[1m"
#define C_HIT "\033[1;31m"
#define C_ID "\033[33m"
#define C_DIM "\033[2m"
#define C_FILE "\033[35m"
#define C_LABEL "\033[36m"

static const char *c(const out_style *st, const char *code)
{
    return st->color ? code : "";
}

/* Prints text[0..len) with the byte ranges hits[0..n) marked (colour, or
 * nothing: plain text stays plain); line breaks kept or not. */
static void put_marked(FILE *f, const out_style *st, const char *text, size_t len,
                       const jk_hit *hits, size_t n, int keep_newlines)
{
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        jk_cli_put_text(f, text + at, hits[i].start - at, keep_newlines);
        fputs(c(st, C_HIT), f);
        jk_cli_put_text(f, text + hits[i].start, hits[i].end - hits[i].start, keep_newlines);
        fputs(c(st, C_RESET), f);
        at = hits[i].end;
    }
    jk_cli_put_text(f, text + at, len - at, keep_newlines);
}

/* Prints a snippet with its hits marked. */
static void print_marked(FILE *f, const out_style *st, const jk_snippet *s)
{
    put_marked(f, st, s->text, s->len, s->hits, s->nhits, 0);
}

static void print_causes(FILE *f, const jk_result *r)
{
    if (r->ncause == 0) {
        fputs("-", f);
        return;
    }
    for (size_t i = 0; i < r->ncause; i++)
        fprintf(f, "%s%s", i ? "," : "", r->cause[i]);
}

/* "st", "nd", "rd" or "th" after n */
static const char *ordinal(unsigned n)
{
    if (n % 100 >= 11 && n % 100 <= 13)
        return "th";
    return n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
}

void out_plain(FILE *f, const out_style *st, const jk_results *r)
{
    for (size_t i = 0; st->full && i < r->n; i++) {
        fprintf(f, "%s%3u.%s ", c(st, C_BOLD), r->items[i].rank, c(st, C_RESET));
        out_notice(f, st, &r->items[i]);
        fputc('\n', f);
    }
    for (size_t i = 0; !st->full && i < r->n; i++) {
        const jk_result *x = &r->items[i];
        fprintf(f, "%s%3u.%s %s%s%s  %s", c(st, C_BOLD), x->rank, c(st, C_RESET), c(st, C_ID),
                x->id ? x->id : "?", c(st, C_RESET), c(st, C_BOLD));
        jk_cli_put_str(f, x->org);
        fprintf(f, "%s  %s  ", c(st, C_RESET), x->date ? x->date : "(no date)");
        fprintf(f, "%s", c(st, C_LABEL));
        print_causes(f, x);
        fprintf(f, " / %s%s", x->sector ? x->sector : "-", c(st, C_RESET));
        if (r->scored) /* a query of filters alone ranks nothing: newest first */
            fprintf(f, "  %sscore %.2f%s", c(st, C_DIM), x->score, c(st, C_RESET));
        fputc('\n', f);
        fputs("     ", f);
        print_marked(f, st, &x->title_hl);
        fputc('\n', f);
        if (x->snippet.len) {
            fputs("     ", f);
            print_marked(f, st, &x->snippet);
            fputc('\n', f);
        }
        fprintf(f, "     %s", c(st, C_FILE));
        jk_cli_put_str(f, x->file ? x->file : "?");
        fprintf(f, ":%u%s\n\n", x->line, c(st, C_RESET));
    }
    if (r->total == 0)
        return;
    fprintf(f, "%u notice%s matched", r->total, r->total == 1 ? "" : "s");
    if (r->n)
        fprintf(f, " (showing %u-%u)", r->offset + 1, r->offset + (unsigned)r->n);
    else if (r->offset >= r->total) /* paged past the end */
        fprintf(f, " (none from the %u%s on)", r->offset + 1, ordinal(r->offset + 1));
    fprintf(f, " in %.1f ms\n", r->took_ms);
    if (r->nlike) { /* like:ID: the words it was found by */
        fprintf(f, "  %s%-7s%s", c(st, C_LABEL), "like", c(st, C_RESET));
        for (size_t k = 0; k < r->nlike; k++) {
            fputc(' ', f);
            jk_cli_put_str(f, r->like[k]);
        }
        fputc('\n', f);
    }
    for (int fc = 0; fc < 3; fc++) {
        if (!r->nfacets[fc])
            continue;
        fprintf(f, "  %s%-7s%s", c(st, C_LABEL), jk_taxonomy_facet_name((jk_facet)fc),
                c(st, C_RESET));
        for (size_t k = 0; k < r->nfacets[fc]; k++)
            fprintf(f, " %s (%u)", r->facets[fc][k].label, r->facets[fc][k].count);
        fputc('\n', f);
    }
    /* --months: a line per year, "2024: 05 (2) 06 (2)", wrapped to the width */
    size_t col = 0, width = st->width >= 40 ? st->width : 80;
    for (size_t k = 0; k < r->nmonths; k++) {
        const char *m = r->months[k].label;
        char item[32];
        int n = snprintf(item, sizeof item, " %s (%u)", m + 5, r->months[k].count);
        if (k == 0 || strncmp(r->months[k - 1].label, m, 4) != 0) {
            fprintf(f, "%s  %s%-7s%s %.4s:", k ? "\n" : "", c(st, C_LABEL), k ? "" : "month",
                    c(st, C_RESET), m);
            col = 15;
        } else if (col + (size_t)n > width) {
            fputs("\n               ", f);
            col = 15;
        }
        fputs(item, f);
        col += (size_t)n;
    }
    if (r->nmonths)
        fputc('\n', f);
    /* narrow: the biggest value of each facet that would actually narrow */
    int any = 0;
    for (int fc = 0; fc < 3; fc++) {
        for (size_t k = 0; k < r->nfacets[fc]; k++) {
            if (r->facets[fc][k].count >= r->total)
                continue;
            fprintf(f, "%s %s:%s (%u)",
                    any ? "" : "  narrow:", jk_taxonomy_facet_name((jk_facet)fc),
                    r->facets[fc][k].label, r->facets[fc][k].count);
            any = 1;
            break;
        }
    }
    if (any)
        fputc('\n', f);
}

/* The snippet's marks as [start, end) pairs counted in characters (code
 * points) of its text, the way jq, Python and most languages index a string. */
/* The byte ranges hits[0..n) of text as [start, end) pairs of code points. */
static void json_marks(jk_buf *b, int *rc, const char *text, const jk_hit *hits, size_t n)
{
    size_t at = 0, chars = 0; /* chars code points before byte at */
    jk_buf_putc(b, rc, '[');
    for (size_t i = 0; i < n; i++) {
        size_t start = chars + jk_utf8_count(text + at, hits[i].start - at);
        size_t end = start + jk_utf8_count(text + hits[i].start, hits[i].end - hits[i].start);
        jk_buf_printf(b, rc, "%s[%zu,%zu]", i ? "," : "", start, end);
        at = hits[i].end;
        chars = end;
    }
    jk_buf_putc(b, rc, ']');
}

static void json_facets(jk_buf *b, int *rc, const jk_results *r)
{
    jk_buf_putc(b, rc, '{');
    for (int fc = 0; fc < 3; fc++) {
        jk_json_key(b, rc, jk_taxonomy_facet_name((jk_facet)fc), fc == 0);
        jk_buf_putc(b, rc, '{');
        for (size_t k = 0; k < r->nfacets[fc]; k++) {
            jk_json_key(b, rc, r->facets[fc][k].label, k == 0);
            jk_buf_printf(b, rc, "%u", r->facets[fc][k].count);
        }
        jk_buf_putc(b, rc, '}');
    }
    jk_buf_putc(b, rc, '}');
}

int out_json(FILE *f, const char *query, const jk_query *q, const jk_results *r, int full,
             const char *suggestion)
{
    jk_buf b = JK_BUF_INIT;
    int rc = 0;

    jk_buf_putc(&b, &rc, '{');
    jk_json_key(&b, &rc, "query", 1);
    jk_json_cstr(&b, &rc, query);
    jk_json_key(&b, &rc, "total", 0);
    jk_buf_printf(&b, &rc, "%u", r->total);
    jk_json_key(&b, &rc, "offset", 0);
    jk_buf_printf(&b, &rc, "%u", r->offset);
    if (r->nlike) {
        jk_json_key(&b, &rc, "like", 0);
        jk_json_strv(&b, &rc, (const char *const *)r->like, r->nlike);
    }
    jk_json_key(&b, &rc, "results", 0);
    jk_buf_putc(&b, &rc, '[');
    for (size_t i = 0; i < r->n; i++) {
        const jk_result *x = &r->items[i];
        if (i)
            jk_buf_putc(&b, &rc, ',');
        jk_buf_putc(&b, &rc, '{');
        jk_json_key(&b, &rc, "rank", 1);
        jk_buf_printf(&b, &rc, "%u", x->rank);
        jk_json_key(&b, &rc, "id", 0);
        jk_json_cstr(&b, &rc, x->id);
        jk_json_key(&b, &rc, "org", 0);
        jk_json_cstr(&b, &rc, x->org);
        jk_json_key(&b, &rc, "title", 0);
        jk_json_cstr(&b, &rc, x->title);
        jk_json_key(&b, &rc, "date", 0);
        jk_json_cstr(&b, &rc, x->date);
        jk_json_key(&b, &rc, "year", 0);
        jk_buf_printf(&b, &rc, "%d", x->year);
        jk_json_key(&b, &rc, "cause", 0);
        jk_json_strv(&b, &rc, (const char *const *)x->cause, x->ncause);
        jk_json_key(&b, &rc, "sector", 0);
        jk_json_cstr(&b, &rc, x->sector);
        jk_json_key(&b, &rc, "score", 0);
        jk_buf_printf(&b, &rc, "%.4f", x->score);
        jk_json_key(&b, &rc, "snippet", 0);
        jk_json_str(&b, &rc, x->snippet.text ? x->snippet.text : "", x->snippet.len);
        jk_json_key(&b, &rc, "marks", 0);
        json_marks(&b, &rc, x->snippet.text, x->snippet.hits, x->snippet.nhits);
        jk_json_key(&b, &rc, "file", 0);
        jk_json_cstr(&b, &rc, x->file);
        jk_json_key(&b, &rc, "line", 0);
        jk_buf_printf(&b, &rc, "%u", x->line);
        if (full) {
            jk_json_key(&b, &rc, "end_line", 0);
            jk_buf_printf(&b, &rc, "%u", x->end_line);
            jk_json_key(&b, &rc, "body", 0);
            jk_json_cstr(&b, &rc, x->body ? x->body : "");
            jk_json_key(&b, &rc, "body_marks", 0);
            json_marks(&b, &rc, x->body ? x->body : "", x->snippet.marks, x->snippet.nmarks);
        }
        jk_buf_putc(&b, &rc, '}');
    }
    jk_buf_putc(&b, &rc, ']');
    jk_json_key(&b, &rc, "facets", 0);
    json_facets(&b, &rc, r);
    if (r->nmonths) {
        jk_json_key(&b, &rc, "months", 0);
        jk_buf_putc(&b, &rc, '{');
        for (size_t k = 0; k < r->nmonths; k++) {
            jk_json_key(&b, &rc, r->months[k].label, k == 0);
            jk_buf_printf(&b, &rc, "%u", r->months[k].count);
        }
        jk_buf_putc(&b, &rc, '}');
    }
    if (jk_query_nwarnings(q)) {
        jk_json_key(&b, &rc, "notes", 0);
        jk_buf_putc(&b, &rc, '[');
        for (size_t i = 0; i < jk_query_nwarnings(q); i++) {
            if (i)
                jk_buf_putc(&b, &rc, ',');
            jk_json_cstr(&b, &rc, jk_query_warning(q, i));
        }
        jk_buf_putc(&b, &rc, ']');
    }
    if (suggestion) {
        jk_json_key(&b, &rc, "suggestion", 0);
        jk_json_cstr(&b, &rc, suggestion);
    }
    jk_json_key(&b, &rc, "took_ms", 0);
    jk_buf_printf(&b, &rc, "%.3f", r->took_ms);
    jk_buf_puts(&b, &rc, "}\n");
    if (rc == 0)
        fwrite(b.p, 1, b.n, f);
    jk_buf_free(&b);
    return rc;
}

void out_explain(FILE *f, jk_searcher *s, jk_query *q)
{
    char *x = NULL;
    jk_error err;
    int rc = jk_searcher_explain(s, q, &x, &err);

    fprintf(f, "query:  %s\n", jk_query_describe(q));
    fputs("terms: ", f);
    for (size_t i = 0; i < jk_query_nterms(q); i++)
        fprintf(f, " %s", jk_query_term(q, i));
    fputc('\n', f);
    for (size_t i = 0; i < jk_query_nwarnings(q); i++)
        fprintf(f, "note:   %s\n", jk_query_warning(q, i));
    if (rc == JK_OK)
        fprintf(f, "xapian: %s\n", x);
    else
        fprintf(f, "xapian: (none: %s)\n", err.msg);
    free(x);
}

void out_notice(FILE *f, const out_style *st, const jk_result *r)
{
    fputs(c(st, C_BOLD), f);
    jk_cli_put_str(f, r->title);
    fprintf(f, "%s\n\nid:      %s\norg:     ", c(st, C_RESET), r->id ? r->id : "");
    jk_cli_put_str(f, r->org);
    fprintf(f, "\ndate:    %s\ncause:   ", r->date ? r->date : "(none)");
    print_causes(f, r);
    fprintf(f, "\nsector:  %s\nsource:  ", r->sector ? r->sector : "-");
    jk_cli_put_str(f, r->file);
    fprintf(f, ":%u-%u\n\n", r->line, r->end_line);
    if (r->body) {
        put_marked(f, st, r->body, strlen(r->body), r->snippet.marks, r->snippet.nmarks, 1);
        fputc('\n', f);
    }
}
