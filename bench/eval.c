/* bench/eval: search quality, side by side, on the labelled queries of
 * tests/data/queries.tsv over the archive files given (default: $JK_SEEDS).
 *
 * The same notices are indexed four ways:
 *   mecab-terms    MeCab terms only (NFKC, ipadic + user dictionary; no
 *                  variants, no parts of words), words AND'ed, quotes as phrases, BM25
 *   xapian-ngram   Xapian's TermGenerator and QueryParser with FLAG_CJK_NGRAM,
 *                  as a Xapian user would do it
 *   fts5-trigram   SQLite FTS5 with the trigram tokenizer, "word" AND "word",
 *                  ordered by bm25()
 *   jikenbo        the real indexer and searcher
 * Facet filters in a query (cause:, sector:, year:) are applied to the three
 * others after ranking, with jikenbo's labels, so they are compared on words.
 * Prints recall@10, MRR and nDCG@10 per system. With --check, exits 1 when
 * jikenbo is below recall@10 0.95 or MRR 0.9, or below any other system on any
 * measure. Exit 77 when there are no archive files to read. */
#include "bench_common.h"
#include "jk_analyze.h"
#include "jk_buf.h"
#include "jk_classify.h"
#include "jk_cli.h"
#include "jk_index.h"
#include "jk_norm.h"
#include "jk_notice.h"
#include "jk_paths.h"
#include "jk_search.h"
#include "jk_taxonomy.h"
#include "jk_token.h"
#include "jk_xapian.h"

#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEPTH 1000

enum { S_MECAB, S_NGRAM, S_FTS5, S_JIKENBO, NSYS };
static const char *const sys_name[NSYS] = {"mecab-terms", "xapian-ngram", "fts5-trigram",
                                           "jikenbo"};

typedef struct doc {
    char ident[320]; /* id/org */
    char *text;      /* title, newline, body */
    jk_labels lab;
    int year;
} doc;

typedef struct query {
    char *text, *words;
    char filters[8][64];
    int nfilters;
    char **rel;
    size_t nrel;
} query;

static doc docs[4096];
static size_t ndocs;
static query qs[256];
static size_t nqs;

_Noreturn static void die(const char *what, const jk_error *err)
{
    fprintf(stderr, "eval: %s: %s\n", what, err ? err->msg : "");
    exit(2);
}

/* ---- input ---- */

static void load_files(char **files, size_t n, jk_index *ix, jk_rules *rules, jk_norm *norm)
{
    jk_error err;
    for (size_t f = 0; f < n; f++) {
        char *buf;
        size_t len;
        jk_archive *a;
        if (jk_cli_read_file(files[f], &buf, &len, &err) || jk_archive_parse(&a, buf, len, &err))
            die(files[f], &err);
        if (jk_index_file(ix, files[f], buf, len, NULL, NULL, NULL, &err))
            die(files[f], &err);
        for (size_t i = 0; i < a->nposts && ndocs < sizeof docs / sizeof docs[0]; i++) {
            const jk_post *p = &a->posts[i];
            doc *d = &docs[ndocs];
            if (p->kind != JK_POST_NOTICE)
                continue;
            snprintf(d->ident, sizeof d->ident, "%s/%s", p->id, p->org);
            d->text = malloc(strlen(p->title) + p->body_len + 2);
            sprintf(d->text, "%s\n%s", p->title, p->body);
            d->year = p->year;
            if (jk_classify_post(rules, norm, p, &d->lab, NULL, &err))
                die("classify", &err);
            ndocs++;
        }
        jk_archive_free(a);
        free(buf);
    }
}

static void load_queries(const char *path)
{
    char *buf, *save = NULL;
    size_t len;
    jk_error err;
    if (jk_cli_read_file(path, &buf, &len, &err))
        die(path, &err);
    for (char *l = strtok_r(buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        char *tab = strchr(l, '\t'), *save2 = NULL;
        query *q = &qs[nqs];
        if (l[0] == '#' || !tab || nqs == sizeof qs / sizeof qs[0])
            continue;
        *tab = '\0';
        q->text = strdup(l);
        for (char *r = strtok_r(tab + 1, ";", &save2); r; r = strtok_r(NULL, ";", &save2)) {
            q->rel = realloc(q->rel, (q->nrel + 1) * sizeof *q->rel);
            q->rel[q->nrel++] = strdup(r);
        }
        /* words and filters: a filter is field:value outside quotes */
        jk_buf w = JK_BUF_INIT;
        int rc = 0, inq = 0;
        for (char *p = l; *p;) {
            char *start = p;
            while (*p && (inq || *p != ' ')) {
                if (*p == '"')
                    inq = !inq;
                p++;
            }
            size_t tl = (size_t)(p - start);
            char *colon = memchr(start, ':', tl);
            if (colon && start[0] != '"' && q->nfilters < 8)
                snprintf(q->filters[q->nfilters++], 64, "%.*s", (int)tl, start);
            else if (tl) {
                if (w.n)
                    jk_buf_putc(&w, &rc, ' ');
                jk_buf_append(&w, &rc, start, tl);
            }
            while (*p == ' ')
                p++;
        }
        q->words = jk_buf_steal(&w);
        nqs++;
    }
    free(buf);
}

static int passes(const doc *d, const query *q)
{
    for (int i = 0; i < q->nfilters; i++) {
        const char *f = q->filters[i], *v = strchr(f, ':') + 1;
        if (!strncmp(f, "cause:", 6)) {
            size_t n;
            const jk_label *l = jk_taxonomy_find(JK_FACET_CAUSE, v, NULL);
            if (!l || !(d->lab.causes & (1u << (l - jk_taxonomy_labels(JK_FACET_CAUSE, &n)))))
                return 0;
        } else if (!strncmp(f, "sector:", 7)) {
            const jk_label *l = jk_taxonomy_find(JK_FACET_SECTOR, v, NULL);
            if (!l || strcmp(l->slug, jk_labels_sector(&d->lab)) != 0)
                return 0;
        } else if (!strncmp(f, "year:", 5)) {
            int a = atoi(v), b = strstr(v, "..") ? atoi(strstr(v, "..") + 2) : a;
            if (d->year < a || d->year > b)
                return 0;
        }
    }
    return 1;
}

/* ---- the systems ---- */

typedef struct ranking {
    int d[DEPTH];
    size_t n;
} ranking;

static void from_xapian(jk_xdb *db, jk_xquery *xq, const query *q, ranking *r)
{
    jk_xsearch_opts o;
    jk_xmset *ms = NULL;
    jk_error err;
    jk_xsearch_opts_init(&o);
    o.limit = DEPTH;
    r->n = 0;
    if (!xq || jk_xdb_search(db, xq, &o, &ms, &err))
        return;
    for (unsigned i = 0; i < jk_xmset_size(ms); i++) {
        int d = (int)jk_xmset_docid(ms, i) - 1;
        if (passes(&docs[d], q))
            r->d[r->n++] = d;
    }
    jk_xmset_free(ms);
}

/* The next word of a query's words (a "quoted phrase" is one, without its
 * quotes) from *w, which moves past it. 0 at the end. */
static int next_word(const char **w, const char **word, size_t *len, int *phrase)
{
    const char *p = *w, *end;
    while (*p == ' ')
        p++;
    if (!*p)
        return 0;
    *phrase = *p == '"';
    if (*phrase)
        p++;
    end = *phrase ? strchr(p, '"') : strchr(p, ' ');
    *word = p;
    *len = end ? (size_t)(end - p) : strlen(p);
    *w = p + *len + (*phrase && end ? 1 : 0);
    return 1;
}

typedef struct termlist {
    jk_xquery *q[64];
    size_t n;
} termlist;

static int add_q(const jk_token *t, void *payload)
{
    termlist *l = payload;
    jk_error err;
    if (l->n < 64 && jk_xquery_term(&l->q[l->n], t->term, t->len, 1, 0, &err) == JK_OK)
        l->n++;
    return 0;
}

/* MeCab terms only: NFKC, MeCab, no variants, no parts of words. */
typedef struct mecab_sys {
    jk_norm *norm;
    jk_tokenizer *tok;
    jk_normtext t;
    jk_xdb *db;
} mecab_sys;

typedef struct poster {
    jk_xdoc *doc;
    unsigned pos;
} poster;

static int post(const jk_token *t, void *payload)
{
    poster *p = payload;
    jk_error err;
    jk_xdoc_add_posting(p->doc, t->term, t->len, ++p->pos, 1, &err);
    return 0;
}

static void mecab_rank(mecab_sys *m, const query *q, ranking *r)
{
    jk_xquery *all[64], *xq = NULL;
    size_t nall = 0;
    jk_error err;
    const char *w = q->words, *word;
    size_t len;
    int phrase;
    while (nall < 64 && next_word(&w, &word, &len, &phrase)) {
        termlist l = {{0}, 0};
        jk_norm_run(m->norm, word, len, &m->t, &err);
        jk_tokenizer_run(m->tok, m->t.text, m->t.len, add_q, &l, &err);
        if (l.n && jk_xquery_combine(&all[nall], phrase ? JK_XOP_PHRASE : JK_XOP_AND, l.q, l.n, 0,
                                     &err) == JK_OK)
            nall++;
        for (size_t i = 0; i < l.n; i++)
            jk_xquery_free(l.q[i]);
    }
    if (nall)
        jk_xquery_combine(&xq, JK_XOP_AND, all, nall, 0, &err);
    from_xapian(m->db, xq, q, r);
    for (size_t i = 0; i < nall; i++)
        jk_xquery_free(all[i]);
    jk_xquery_free(xq);
}

static void fts5_rank(sqlite3 *db, const query *q, ranking *r)
{
    jk_buf m = JK_BUF_INIT;
    int rc = 0;
    sqlite3_stmt *st;
    const char *w = q->words, *word;
    size_t len;
    int phrase;
    r->n = 0;
    while (next_word(&w, &word, &len, &phrase)) { /* "word" AND "word"; a phrase stays one */
        if (m.n)
            jk_buf_puts(&m, &rc, " AND ");
        jk_buf_putc(&m, &rc, '"');
        jk_buf_append(&m, &rc, word, len);
        jk_buf_putc(&m, &rc, '"');
    }
    if (sqlite3_prepare_v2(db, "SELECT rowid FROM d WHERE d MATCH ?1 ORDER BY bm25(d) LIMIT 1000",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, m.p ? m.p : "", -1, SQLITE_TRANSIENT);
        while (sqlite3_step(st) == SQLITE_ROW && r->n < DEPTH) {
            int d = sqlite3_column_int(st, 0) - 1;
            if (passes(&docs[d], q))
                r->d[r->n++] = d;
        }
        sqlite3_finalize(st);
    }
    jk_buf_free(&m);
}

static void jikenbo_rank(jk_searcher *s, const query *q, ranking *r)
{
    jk_query *jq = NULL;
    jk_results *res = NULL;
    jk_search_opts o = {.limit = DEPTH};
    jk_error err;
    r->n = 0;
    if (jk_query_parse(&jq, jk_searcher_analyzer(s), q->text, &err) ||
        jk_searcher_run(s, jq, &o, &res, &err)) {
        fprintf(stderr, "eval: jikenbo: %s: %s\n", q->text, err.msg);
        jk_query_free(jq);
        return;
    }
    for (size_t i = 0; i < res->n && r->n < DEPTH; i++) {
        char ident[320];
        snprintf(ident, sizeof ident, "%s/%s", res->items[i].id, res->items[i].org);
        for (size_t d = 0; d < ndocs; d++)
            if (!strcmp(docs[d].ident, ident)) {
                r->d[r->n++] = (int)d;
                break;
            }
    }
    jk_results_free(res);
    jk_query_free(jq);
}

/* ---- measures ---- */

static int relevant(const query *q, int d)
{
    for (size_t i = 0; i < q->nrel; i++)
        if (!strcmp(q->rel[i], docs[d].ident))
            return 1;
    return 0;
}

static void measure(const query *q, const ranking *r, double *recall, double *rr, double *ndcg)
{
    size_t found = 0;
    double dcg = 0, idcg = 0;
    *rr = 0;
    for (size_t i = 0; i < r->n; i++) {
        if (!relevant(q, r->d[i]))
            continue;
        if (*rr == 0)
            *rr = 1.0 / (double)(i + 1);
        if (i < 10) {
            found++;
            dcg += 1.0 / __builtin_log2((double)i + 2);
        }
    }
    for (size_t i = 0; i < q->nrel && i < 10; i++)
        idcg += 1.0 / __builtin_log2((double)i + 2);
    *recall = q->nrel ? (double)found / (double)(q->nrel < 10 ? q->nrel : 10) : 1;
    *ndcg = idcg > 0 ? dcg / idcg : 1;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

#define PROG "bench-eval"

static const char help[] =
    "Usage: " PROG " [--check] [-v] [ARCHIVE...]\n"
    "\n"
    "Search quality, side by side: indexes the notices of the ARCHIVE files\n"
    "(default: every *.txt in $JK_SEEDS) four ways, runs the labelled queries\n"
    "of queries.tsv in $JK_DATA (default tests/data) on each, and prints\n"
    "recall@10, MRR and nDCG@10 per system:\n"
    "  mecab-terms    MeCab's words only (NFKC, the same dictionaries), AND, BM25\n"
    "  xapian-ngram   Xapian's own CJK n-grams (TermGenerator, QueryParser)\n"
    "  fts5-trigram   SQLite FTS5 with the trigram tokenizer, ordered by bm25()\n"
    "  jikenbo        the real indexer and searcher\n"
    "Facet filters in a query are applied to the other three after ranking,\n"
    "with jikenbo's labels, so that all four are compared on words.\n"
    "\n"
    "Options:\n"
    "  --check         exit 1 when jikenbo is below recall@10 0.95 or MRR 0.9, or\n"
    "                  below another system on any measure\n"
    "  -v, --verbose   also show, for each system, every query whose relevant\n"
    "                  notices it misses or does not rank first\n"
    "  -h, --help      show this help and exit\n"
    "\n"
    "Exit status: 0 measured (and, with --check, passed), 1 a --check failed,\n"
    "2 usage or other error, 77 no archive files to read (a skip for meson).\n";

int main(int argc, char **argv)
{
    const char *seeds = getenv("JK_SEEDS"), *data = getenv("JK_DATA");
    char qpath[4096], tmp[] = "/tmp/jk-eval-XXXXXX", path[4200], *files[256];
    size_t nfiles = 0;
    int check = 0, verbose = 0;
    double sum[NSYS][3] = {{0}};
    jk_error err;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--check"))
            check = 1;
        else if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose"))
            verbose = 1;
        else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(help, stdout);
            return 0;
        } else if (argv[i][0] == '-' && argv[i][1])
            return bench_usage_error(PROG, "unknown option %s", argv[i]);
        else if (nfiles < 256)
            files[nfiles++] = argv[i];
    }
    int owned = nfiles == 0 && seeds;
    if (owned) { /* every *.txt of the seeds folder */
        struct dirent **e;
        int n = scandir(seeds, &e, NULL, alphasort);
        for (int i = 0; i < n; i++) {
            size_t l = strlen(e[i]->d_name);
            if (l > 4 && !strcmp(e[i]->d_name + l - 4, ".txt") && nfiles < 256) {
                snprintf(path, sizeof path, "%s/%s", seeds, e[i]->d_name);
                files[nfiles++] = strdup(path);
            }
            free(e[i]);
        }
        if (n >= 0)
            free(e);
    }
    if (nfiles == 0) {
        printf("eval: no archive files (give some, or set JK_SEEDS): skipped\n");
        return 77;
    }
    qsort(files, nfiles, sizeof *files, by_name);
    snprintf(qpath, sizeof qpath, "%s/queries.tsv", data ? data : "tests/data");
    load_queries(qpath);
    if (!mkdtemp(tmp))
        return 2;

    /* jikenbo: the real indexer */
    jk_index *ix = NULL;
    jk_norm *norm = NULL;
    jk_rules *rules = NULL;
    snprintf(path, sizeof path, "%s/jikenbo", tmp);
    if (jk_index_open(&ix, path, &err) || jk_norm_new(&norm, &err) ||
        jk_rules_load(&rules, norm, NULL, &err))
        die("open", &err);
    load_files(files, nfiles, ix, rules, norm);
    jk_index_free(ix);

    /* mecab-terms and xapian-ngram: one Xapian database each; docid = doc + 1 */
    mecab_sys m;
    jk_xdb *ng = NULL;
    memset(&m, 0, sizeof m);
    m.norm = norm;
    snprintf(path, sizeof path, "%s/mecab", tmp);
    if (jk_tokenizer_new(&m.tok, NULL, NULL, &err) || jk_xdb_open(&m.db, path, JK_XDB_WRITE, &err))
        die("mecab", &err);
    snprintf(path, sizeof path, "%s/ngram", tmp);
    if (jk_xdb_open(&ng, path, JK_XDB_WRITE, &err))
        die("ngram", &err);
    jk_xdb_begin(m.db, &err);
    jk_xdb_begin(ng, &err);
    for (size_t d = 0; d < ndocs; d++) {
        jk_xdoc *x1 = NULL, *x2 = NULL;
        char key[32];
        poster p = {NULL, 0};
        snprintf(key, sizeof key, "Q%zu", d + 1);
        jk_xdoc_new(&x1, &err);
        p.doc = x1;
        jk_norm_run(norm, docs[d].text, strlen(docs[d].text), &m.t, &err);
        jk_tokenizer_run(m.tok, m.t.text, m.t.len, post, &p, &err);
        jk_xdoc_add_boolean_term(x1, key, &err);
        jk_xdb_replace(m.db, key, x1, NULL, &err);
        jk_xdoc_new(&x2, &err);
        jk_xdoc_index_cjk(x2, docs[d].text, strlen(docs[d].text), &err);
        jk_xdoc_add_boolean_term(x2, key, &err);
        if (jk_xdb_replace(ng, key, x2, NULL, &err))
            die("ngram", &err);
        jk_xdoc_free(x1);
        jk_xdoc_free(x2);
    }
    jk_xdb_commit(m.db, &err);
    jk_xdb_commit(ng, &err);

    /* fts5-trigram: in memory, rowid = doc + 1 */
    sqlite3 *sq;
    sqlite3_stmt *ins;
    if (sqlite3_open(":memory:", &sq) != SQLITE_OK ||
        sqlite3_exec(sq, "CREATE VIRTUAL TABLE d USING fts5(text, tokenize='trigram')", NULL, NULL,
                     NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(sq, "INSERT INTO d(rowid, text) VALUES (?1, ?2)", -1, &ins, NULL) !=
            SQLITE_OK) {
        fprintf(stderr, "eval: sqlite: %s\n", sqlite3_errmsg(sq));
        return 2;
    }
    for (size_t d = 0; d < ndocs; d++) {
        sqlite3_bind_int(ins, 1, (int)d + 1);
        sqlite3_bind_text(ins, 2, docs[d].text, -1, SQLITE_STATIC);
        sqlite3_step(ins);
        sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);

    jk_searcher *s = NULL;
    snprintf(path, sizeof path, "%s/jikenbo", tmp);
    if (jk_searcher_open(&s, path, &err))
        die("searcher", &err);

    for (size_t i = 0; i < nqs; i++) {
        static ranking r[NSYS];
        jk_xquery *xq = NULL;
        mecab_rank(&m, &qs[i], &r[S_MECAB]);
        jk_xquery_parse_cjk(&xq, qs[i].words, &err);
        from_xapian(ng, xq, &qs[i], &r[S_NGRAM]);
        jk_xquery_free(xq);
        fts5_rank(sq, &qs[i], &r[S_FTS5]);
        jikenbo_rank(s, &qs[i], &r[S_JIKENBO]);
        for (int k = 0; k < NSYS; k++) {
            double rec, rr, nd;
            measure(&qs[i], &r[k], &rec, &rr, &nd);
            sum[k][0] += rec;
            sum[k][1] += rr;
            sum[k][2] += nd;
            if (verbose && (rec < 1 || rr < 1))
                printf("  %-13s recall %.2f rr %.2f  %s\n", sys_name[k], rec, rr, qs[i].text);
        }
    }
    printf("%zu queries over %zu notices in %zu file(s)\n\n", nqs, ndocs, nfiles);
    printf("%-14s %10s %8s %9s\n", "system", "recall@10", "MRR", "nDCG@10");
    for (int k = 0; k < NSYS; k++)
        printf("%-14s %10.3f %8.3f %9.3f\n", sys_name[k], sum[k][0] / (double)nqs,
               sum[k][1] / (double)nqs, sum[k][2] / (double)nqs);

    int bad = 0;
    if (sum[S_JIKENBO][0] / (double)nqs < 0.95 || sum[S_JIKENBO][1] / (double)nqs < 0.9)
        bad = 1;
    for (int k = 0; k < S_JIKENBO; k++)
        for (int m2 = 0; m2 < 3; m2++)
            if (sum[S_JIKENBO][m2] < sum[k][m2] - 1e-9)
                bad = 1;
    if (check)
        printf("\n%s\n", bad ? "FAIL: jikenbo below recall@10 0.95, MRR 0.9 or another system"
                             : "ok: jikenbo at or above every threshold and every other system");

    jk_searcher_free(s);
    sqlite3_close(sq);
    jk_xdb_free(m.db);
    jk_xdb_free(ng);
    jk_tokenizer_free(m.tok);
    jk_normtext_free(&m.t);
    jk_rules_free(rules);
    jk_norm_free(norm);
    for (size_t d = 0; d < ndocs; d++)
        free(docs[d].text);
    for (size_t i = 0; i < nqs; i++) {
        free(qs[i].text);
        free(qs[i].words);
        for (size_t k = 0; k < qs[i].nrel; k++)
            free(qs[i].rel[k]);
        free(qs[i].rel);
    }
    if (owned) /* the names read from the seeds folder */
        for (size_t i = 0; i < nfiles; i++)
            free(files[i]);
    jk_paths_remove_tree(tmp);
    return check && bad ? 1 : 0;
}
