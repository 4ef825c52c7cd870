/* The C API over libxapian, used from C: documents, transactions, every query
 * operator, BM25 order, exact facet counts, long terms and error mapping. */
#include "jk_fanout.h"
#include "jk_paths.h"
#include "jk_test.h"
#include "jk_xapian.h"

#include <stdlib.h>
#include <unistd.h>

static char dir[] = "/tmp/jk-test-xapian-XXXXXX";

static void add(jk_xdb *db, const char *key, const char *words, const char *year,
                const char *labels)
{
    jk_xdoc *d = NULL;
    jk_error err;
    char buf[256], *save = NULL, q[64];
    unsigned pos = 0;

    CHECK_INT(jk_xdoc_new(&d, &err), JK_OK);
    snprintf(buf, sizeof buf, "%s", words);
    for (char *w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save))
        CHECK_INT(jk_xdoc_add_posting(d, w, strlen(w), ++pos, 1, &err), JK_OK);
    snprintf(q, sizeof q, "Q%s", key);
    CHECK_INT(jk_xdoc_add_boolean_term(d, q, &err), JK_OK);
    snprintf(q, sizeof q, "Y%s", year);
    CHECK_INT(jk_xdoc_add_boolean_term(d, q, &err), JK_OK);
    CHECK_INT(jk_xdoc_set_value(d, 1, year, strlen(year), &err), JK_OK);
    CHECK_INT(jk_xdoc_set_value(d, 2, labels, strlen(labels), &err), JK_OK);
    CHECK_INT(jk_xdoc_set_data(d, key, strlen(key), &err), JK_OK);
    snprintf(q, sizeof q, "Q%s", key);
    CHECK_INT(jk_xdb_replace(db, q, d, NULL, &err), JK_OK);
    jk_xdoc_free(d);
}

static jk_xquery *term(const char *t)
{
    jk_xquery *q = NULL;
    jk_error err;
    CHECK_INT(jk_xquery_term(&q, t, strlen(t), 1, 0, &err), JK_OK);
    return q;
}

static jk_xquery *op2(jk_xop op, jk_xquery *a, jk_xquery *b, unsigned window)
{
    jk_xquery *v[2] = {a, b}, *q = NULL;
    jk_error err;
    CHECK_INT(jk_xquery_combine(&q, op, v, 2, window, &err), JK_OK);
    jk_xquery_free(a);
    jk_xquery_free(b);
    return q;
}

/* Runs q and returns the matching keys in result order, space separated. */
static char *run(jk_xdb *db, jk_xquery *q, unsigned *total)
{
    static char out[1024];
    jk_xsearch_opts o;
    jk_xmset *ms = NULL;
    jk_error err;

    jk_xsearch_opts_init(&o);
    o.limit = 100;
    out[0] = '\0';
    CHECK_INT(jk_xdb_search(db, q, &o, &ms, &err), JK_OK);
    if (!ms)
        return out;
    for (unsigned i = 0; i < jk_xmset_size(ms); i++) {
        jk_xdoc *d = NULL;
        char *data = NULL;
        CHECK_INT(jk_xmset_document(ms, i, &d, &err), JK_OK);
        CHECK_INT(jk_xdoc_get_data(d, &data, NULL, &err), JK_OK);
        strcat(out, i ? " " : "");
        strcat(out, data);
        free(data);
        jk_xdoc_free(d);
    }
    if (total)
        *total = jk_xmset_total(ms);
    jk_xmset_free(ms);
    jk_xquery_free(q);
    return out;
}

typedef struct counts {
    char text[512];
} counts;

static int facet_cb(const char *label, size_t len, unsigned count, void *payload)
{
    counts *c = payload;
    char one[64];
    snprintf(one, sizeof one, "%s%.*s=%u", c->text[0] ? " " : "", (int)len, label, count);
    strcat(c->text, one);
    return 0;
}

static int count_terms(const char *t, size_t len, unsigned freq, void *payload)
{
    (void)t;
    (void)len;
    (void)freq;
    (*(int *)payload)++;
    return 0;
}

static int collect_docid(unsigned docid, void *payload)
{
    unsigned *sum = payload;
    *sum += docid;
    return 0;
}

/* A writer on a new index in the directory made from the template d (its
 * XXXXXX replaced), in a transaction; NULL if it cannot be made. */
static jk_xdb *scratch(char *d)
{
    jk_xdb *db = NULL;
    jk_error err;

    if (!mkdtemp(d))
        return NULL;
    CHECK_INT(jk_xdb_open(&db, d, JK_XDB_WRITE, &err), JK_OK);
    if (db)
        CHECK_INT(jk_xdb_begin(db, &err), JK_OK);
    return db;
}

/* Xapian 1.4.22 fails a query whose weightless term (0 * term) indexes every
 * document once documents have been deleted from a posting list of several
 * chunks ("Unexpected end of posting list"); the shim's filters must not. The
 * new posting and term-removal calls are checked on the way. */
static void check_filter_after_delete(void)
{
    char d[] = "/tmp/jk-test-xapian-del-XXXXXX";
    jk_xdb *db = scratch(d);
    jk_xquery *y = NULL, *f = NULL, *both = NULL;
    jk_error err;
    unsigned total = 0, sum = 0;
    char key[32];

    if (!db)
        return;
    for (int i = 1; i <= 5000; i++) {
        jk_xdoc *doc = NULL;
        snprintf(key, sizeof key, "Q%d", i);
        CHECK_INT(jk_xdoc_new(&doc, &err), JK_OK);
        CHECK_INT(jk_xdoc_add_boolean_term(doc, "Y2024", &err), JK_OK);
        CHECK_INT(jk_xdoc_add_boolean_term(doc, key, &err), JK_OK);
        CHECK_INT(jk_xdoc_add_term(doc, "word", 4, 1, &err), JK_OK);
        if (i <= 2)
            CHECK_INT(jk_xdoc_add_boolean_term(doc, "XFa", &err), JK_OK);
        CHECK_INT(jk_xdb_replace(db, key, doc, NULL, &err), JK_OK);
        jk_xdoc_free(doc);
    }
    CHECK_INT(jk_xdb_commit(db, &err), JK_OK);
    CHECK_INT(jk_xdb_postings(db, "XFa", collect_docid, &sum, &err), JK_OK);
    CHECK_INT(sum, 1 + 2);
    /* a term taken from a stored document, and the document put back */
    {
        jk_xdoc *doc = NULL;
        CHECK_INT(jk_xdb_get_document(db, 2, &doc, &err), JK_OK);
        CHECK_INT(jk_xdoc_remove_term(doc, "XFa", &err), JK_OK);
        CHECK_INT(jk_xdoc_remove_term(doc, "XFnone", &err), JK_OK);
        CHECK_INT(jk_xdb_begin(db, &err), JK_OK);
        CHECK_INT(jk_xdb_replace(db, "Q2", doc, NULL, &err), JK_OK);
        CHECK_INT(jk_xdb_delete(db, "Q3", &err), JK_OK);
        CHECK_INT(jk_xdb_commit(db, &err), JK_OK);
        jk_xdoc_free(doc);
        sum = 0;
        CHECK_INT(jk_xdb_postings(db, "XFa", collect_docid, &sum, &err), JK_OK);
        CHECK_INT(sum, 1);
    }
    CHECK_INT(jk_xquery_term(&y, "Y2024", 5, 1, 0, &err), JK_OK);
    CHECK_INT(jk_xquery_scale(&f, y, 0.0, &err), JK_OK);
    run(db, f, &total);
    CHECK_INT(total, 4999);
    CHECK_INT(jk_xquery_scale(&f, y, 0.0, &err), JK_OK);
    both = op2(JK_XOP_AND, f, term("word"), 0);
    run(db, both, &total);
    CHECK_INT(total, 4999);
    CHECK_INT(jk_xquery_scale(&f, y, 0.0, &err), JK_OK);
    both = op2(JK_XOP_OR, term("word"), f, 0);
    run(db, both, &total);
    CHECK_INT(total, 4999);
    jk_xquery_free(y);
    jk_xdb_free(db);
    jk_paths_remove_tree(d);
}

/* q's page from off (limit results) on the ids [lo, hi] (0, 0: all), with
 * its packed facets (slot 3) counted by walking into *walked and by Xapian's
 * matcher into *matched. */
static void both_ways(jk_xdb *rd, const jk_xquery *q, unsigned off, unsigned limit, unsigned lo,
                      unsigned hi, jk_xmset **walked, jk_xmset **matched)
{
    jk_xsearch_opts o;
    jk_error err;

    jk_xsearch_opts_init(&o);
    o.offset = off;
    o.limit = limit;
    o.packed_slot = 3;
    o.docid_lo = lo;
    o.docid_hi = hi;
    CHECK_INT(jk_xdb_search(rd, q, &o, walked, &err), JK_OK);
    o.count_by_matcher = 1;
    CHECK_INT(jk_xdb_search(rd, q, &o, matched, &err), JK_OK);
}

/* The page of q (limit results from off, on the ids lo..hi, all when hi is
 * 0) as the shim ranks it, and as Xapian's matcher does over the whole query:
 * the same notices, weights and total; ranked by the word alone or not as
 * want_alone says. */
static void same_page(jk_xdb *rd, const jk_xquery *q, unsigned off, unsigned limit, unsigned lo,
                      unsigned hi, int want_alone, const char *what)
{
    jk_xmset *a = NULL, *b = NULL;

    both_ways(rd, q, off, limit, lo, hi, &a, &b);
    if (!a || !b)
        return;
    CHECK_MSG(jk_xmset_ranked_alone(a) == want_alone, "%s, from %u: ranked alone %d", what, off,
              jk_xmset_ranked_alone(a));
    CHECK(!jk_xmset_ranked_alone(b));
    CHECK_MSG(jk_xmset_total(a) == jk_xmset_total(b) && jk_xmset_size(a) == jk_xmset_size(b),
              "%s, from %u: %u of %u against %u of %u", what, off, jk_xmset_size(a),
              jk_xmset_total(a), jk_xmset_size(b), jk_xmset_total(b));
    for (unsigned i = 0; i < jk_xmset_size(a) && i < jk_xmset_size(b); i++)
        CHECK_MSG(jk_xmset_docid(a, i) == jk_xmset_docid(b, i) &&
                      jk_xmset_weight(a, i) == jk_xmset_weight(b, i),
                  "%s, from %u: #%u is %u (%.17g), not %u (%.17g)", what, off, i,
                  jk_xmset_docid(a, i), jk_xmset_weight(a, i), jk_xmset_docid(b, i),
                  jk_xmset_weight(b, i));
    jk_xmset_free(a);
    jk_xmset_free(b);
}

static jk_xquery *scaled(jk_xquery *q, double factor)
{
    jk_xquery *s = NULL;
    jk_error err;
    CHECK_INT(jk_xquery_scale(&s, q, factor, &err), JK_OK);
    jk_xquery_free(q);
    return s;
}

/* A word and its related words (jk_query_build.c: 4 * (word MAX 0.5 *
 * related)), ranked by the word alone when the related side cannot reach the
 * page: the same page as the whole query's, alone or with facet filters and
 * negations, over all ids or a range; and the whole query ranked when the
 * related side is heavier, the page longer than the word's matches, or
 * anything else in the query weighs. */
static void check_rank_alone(void)
{
    char d[] = "/tmp/jk-test-xapian-alone-XXXXXX";
    jk_xdb *db = scratch(d);
    jk_error err;
    char key[32];

    if (!db)
        return;
    for (unsigned i = 1; i <= 200; i++) {
        jk_xdoc *doc = NULL;
        unsigned pos = 0;
        snprintf(key, sizeof key, "Q%u", i);
        CHECK_INT(jk_xdoc_new(&doc, &err), JK_OK);
        CHECK_INT(jk_xdoc_add_boolean_term(doc, key, &err), JK_OK);
        CHECK_INT(jk_xdoc_add_boolean_term(doc, i % 2 ? "Y2023" : "Y2024", &err), JK_OK);
        if (i % 4 != 0) /* the common related word: 150 of 200 */
            CHECK_INT(jk_xdoc_add_posting(doc, "common", 6, ++pos, 1 + i % 3, &err), JK_OK);
        if (i % 5 == 0) /* the word: 40 */
            CHECK_INT(jk_xdoc_add_posting(doc, "word", 4, ++pos, 1 + i % 4, &err), JK_OK);
        if (i == 7 || i == 11) /* a rare related word */
            CHECK_INT(jk_xdoc_add_posting(doc, "rare", 4, ++pos, 6, &err), JK_OK);
        if (i % 7 == 0)
            CHECK_INT(jk_xdoc_add_posting(doc, "other", 5, ++pos, 1, &err), JK_OK);
        for (unsigned k = 0; k < i % 9; k++)
            CHECK_INT(jk_xdoc_add_posting(doc, "filler", 6, ++pos, 1, &err), JK_OK);
        CHECK_INT(jk_xdoc_set_value(doc, 3, "\x01\x00\x01\x02", 4, &err), JK_OK);
        CHECK_INT(jk_xdb_replace(db, key, doc, NULL, &err), JK_OK);
        jk_xdoc_free(doc);
    }
    CHECK_INT(jk_xdb_commit(db, &err), JK_OK);
    jk_xdb_free(db);
    CHECK_INT(jk_xdb_open(&db, d, JK_XDB_READ, &err), JK_OK);
    if (!db)
        return;

    jk_xquery *with_common =
        scaled(op2(JK_XOP_MAX, term("word"), scaled(term("common"), 0.5), 0), 4);
    jk_xquery *with_rare = scaled(op2(JK_XOP_MAX, term("word"), scaled(term("rare"), 0.5), 0), 4);
    jk_xquery *copy = NULL, *filtered = NULL, *negated = NULL, *weighed = NULL, *overlap = NULL;
    CHECK_INT(jk_xquery_copy(&copy, with_common, &err), JK_OK);
    filtered = op2(JK_XOP_AND, scaled(term("Y2024"), 0), copy, 0);
    CHECK_INT(jk_xquery_copy(&copy, with_common, &err), JK_OK);
    negated = op2(JK_XOP_AND_NOT, copy, term("other"), 0);
    CHECK_INT(jk_xquery_copy(&copy, with_common, &err), JK_OK);
    weighed = op2(JK_XOP_AND, copy, term("filler"), 0);
    overlap = scaled(op2(JK_XOP_MAX, term("word"),
                         scaled(op2(JK_XOP_OR, term("word"), term("common"), 0), 0.5), 0),
                     4);

    for (unsigned off = 0; off <= 3; off += 3) {
        same_page(db, with_common, off, 5, 0, 0, 1, "word with common");
        same_page(db, with_common, off, 5, 60, 140, 1, "word with common, ids 60-140");
        same_page(db, filtered, off, 5, 0, 0, 1, "filtered");
        same_page(db, negated, off, 5, 0, 0, 1, "negated");
        same_page(db, with_common, off, 60, 0, 0, 0, "a page longer than the word's matches");
        same_page(db, with_rare, off, 5, 0, 0, 0, "word with rare");
        same_page(db, weighed, off, 5, 0, 0, 0, "another word weighs");
        same_page(db, overlap, off, 5, 0, 0, 0, "the word among its related words");
    }
    jk_xquery_free(with_common);
    jk_xquery_free(with_rare);
    jk_xquery_free(filtered);
    jk_xquery_free(negated);
    jk_xquery_free(weighed);
    jk_xquery_free(overlap);
    jk_xdb_free(db);
    jk_paths_remove_tree(d);
}

/* The count of q by walking (term bitmaps where there are some) equals
 * Xapian's matcher's, over all ids and over the range [lo, hi]. */
static void same_count(jk_xdb *rd, jk_xquery *q, unsigned lo, unsigned hi, const char *what)
{
    jk_xmset *a = NULL, *b = NULL;

    both_ways(rd, q, 0, 3, lo, hi, &a, &b);
    CHECK_MSG(a && b && jk_xmset_total(a) == jk_xmset_total(b) && jk_xmset_total(b) > 0,
              "%s, ids %u-%u: %u walked, %u by Xapian", what, lo, hi, a ? jk_xmset_total(a) : 0,
              b ? jk_xmset_total(b) : 0);
    jk_xmset_free(a);
    jk_xmset_free(b);
    jk_xquery_free(q);
}

static void add_numbered(jk_xdb *db, unsigned i, const char *extra)
{
    jk_xdoc *doc = NULL;
    jk_error err;
    char key[32];
    snprintf(key, sizeof key, "Q%u", i);
    CHECK_INT(jk_xdoc_new(&doc, &err), JK_OK);
    CHECK_INT(jk_xdoc_add_boolean_term(doc, key, &err), JK_OK);
    CHECK_INT(jk_xdoc_add_term(doc, "all", 3, 1, &err), JK_OK);
    if (i % 3 == 0)
        CHECK_INT(jk_xdoc_add_term(doc, "three", 5, 1, &err), JK_OK);
    if (i % 7 == 0)
        CHECK_INT(jk_xdoc_add_term(doc, "seven", 5, 1, &err), JK_OK);
    if (extra)
        CHECK_INT(jk_xdoc_add_term(doc, extra, strlen(extra), 1, &err), JK_OK);
    CHECK_INT(jk_xdoc_set_value(doc, 3, "\x01\x00\x01\x02", 4, &err), JK_OK);
    CHECK_INT(jk_xdb_replace(db, key, doc, NULL, &err), JK_OK);
    jk_xdoc_free(doc);
}

/* Counts of the index's frequent terms by their bitmaps, over more than one
 * chunk of ids, after every kind of change: added, replaced and deleted
 * documents (each commit rewrites the chunks from the least id it touched
 * on); after a commit that is not jikenbo's (a scratch writer's, as an
 * older jikenbo's would be), which the bitmaps are then not used after; and
 * once the next commit has made them anew. */
static void check_bitmaps(void)
{
    char d[] = "/tmp/jk-test-xapian-bits-XXXXXX";
    jk_xdb *db = scratch(d), *rd = NULL;
    jk_error err;
    unsigned n = 0;
    const unsigned N = 9000; /* two chunks of 8192 ids */

    if (!db)
        return;
    for (unsigned i = 1; i <= N; i++)
        add_numbered(db, i, i % 11 == 0 ? "eleven" : NULL);
    CHECK_INT(jk_xdb_commit(db, &err), JK_OK);
    jk_xdb_free(db);
    db = NULL;
    for (int round = 0; round < 5; round++) {
        unsigned want = round == 3 ? 0 : 3; /* all, three and seven: in a tenth or more */
        CHECK_INT(jk_xdb_open(&rd, d, JK_XDB_READ, &err), JK_OK);
        if (!rd)
            break;
        CHECK_INT(jk_xdb_bitmaps(rd, &n, &err), JK_OK);
        CHECK_MSG(n == want, "round %d: %u terms with bitmaps, not %u", round, n, want);
        for (unsigned r = 0; r < 3; r++) {
            unsigned lo = r == 0 ? 0 : r == 1 ? 1 : 8000, hi = r == 0 ? 0 : r == 1 ? 8300 : N + 10;
            same_count(rd, term("three"), lo, hi, "three");
            same_count(rd, term("seven"), lo, hi, "seven");
            same_count(rd, op2(JK_XOP_AND, term("three"), term("seven"), 0), lo, hi,
                       "three AND seven");
            same_count(rd, op2(JK_XOP_OR, term("seven"), term("eleven"), 0), lo, hi,
                       "seven OR eleven");
            same_count(rd, op2(JK_XOP_AND_NOT, term("all"), term("three"), 0), lo, hi,
                       "all AND_NOT three");
        }
        jk_xdb_free(rd);
        rd = NULL;
        if (round == 4)
            break;
        CHECK_INT(jk_xdb_open(&db, d, round == 2 ? JK_XDB_WRITE_SCRATCH : JK_XDB_WRITE, &err),
                  JK_OK);
        if (!db)
            break;
        CHECK_INT(jk_xdb_begin(db, &err), JK_OK);
        if (round == 0) {
            /* in the first chunk and past the end; Q5 is now seven, not three */
            add_numbered(db, 5, "seven");
            CHECK_INT(jk_xdb_delete(db, "Q6", &err), JK_OK);
            for (unsigned i = N + 1; i <= N + 40; i++)
                add_numbered(db, i, NULL);
        } else if (round == 1) {
            /* in the second chunk alone: three and seven */
            CHECK_INT(jk_xdb_delete(db, "Q8400", &err), JK_OK);
        } else if (round == 2) {
            /* not jikenbo's commit */
            add_numbered(db, 8407, NULL);
            CHECK_INT(jk_xdb_delete(db, "Q21", &err), JK_OK);
        } /* round 3: jikenbo's commit of nothing else */
        CHECK_INT(jk_xdb_commit(db, &err), JK_OK);
        jk_xdb_free(db);
        db = NULL;
    }
    jk_xdb_free(db);
    jk_paths_remove_tree(d);
}

int main(void)
{
    jk_xdb *db = NULL, *db2 = NULL, *rd = NULL;
    jk_xdoc *d = NULL;
    jk_error err;
    char *meta = NULL, *desc = NULL;
    unsigned n = 0, total = 0, docid = 0;

    if (!mkdtemp(dir))
        return 99;
    /* a reader on nothing: not found */
    CHECK_INT(jk_xdb_open(&rd, "/nonexistent/jk", JK_XDB_READ, &err), JK_ENOTFOUND);
    CHECK(rd == NULL);
    CHECK(strstr(err.msg, "[xapian][open]") != NULL);

    CHECK_INT(jk_xdb_open(&db, dir, JK_XDB_WRITE, &err), JK_OK);
    /* one writer only: a second gets JK_ELOCKED */
    CHECK_INT(jk_xdb_open(&db2, dir, JK_XDB_WRITE, &err), JK_ELOCKED);
    CHECK(strstr(err.msg, "DatabaseLockError") != NULL);

    /* a cancelled transaction leaves nothing */
    CHECK_INT(jk_xdb_begin(db, &err), JK_OK);
    add(db, "gone", "ransomware city", "2020", "ransomware");
    CHECK_INT(jk_xdb_set_metadata(db, "k", "v", &err), JK_OK);
    CHECK_INT(jk_xdb_cancel(db, &err), JK_OK);
    CHECK_INT(jk_xdb_doccount(db, &n, &err), JK_OK);
    CHECK_INT(n, 0);
    CHECK_INT(jk_xdb_get_metadata(db, "k", &meta, &err), JK_OK);
    CHECK(meta == NULL);

    CHECK_INT(jk_xdb_begin(db, &err), JK_OK);
    add(db, "a", "ransomware attack on city server", "2024", "ransomware,unauthorized-access");
    add(db, "b", "city mail sent to wrong address", "2023", "misdelivery");
    add(db, "c", "server attack ransomware ransomware ransomware", "2024", "ransomware");
    add(db, "d", "university mail account spam", "2023", "unauthorized-access,spam-relay");
    add(db, "e", "attack city", "2022", "other");
    CHECK_INT(jk_xdb_set_metadata(db, "jikenbo.test", "yes", &err), JK_OK);
    CHECK_INT(jk_xdb_commit(db, &err), JK_OK);
    CHECK_INT(jk_xdb_doccount(db, &n, &err), JK_OK);
    CHECK_INT(n, 5);
    CHECK_INT(jk_xdb_get_metadata(db, "jikenbo.test", &meta, &err), JK_OK);
    CHECK_STR(meta, "yes");
    free(meta);

    /* replace by unique term keeps one document */
    CHECK_INT(jk_xdb_begin(db, &err), JK_OK);
    add(db, "e", "attack city hall", "2022", "other");
    CHECK_INT(jk_xdb_commit(db, &err), JK_OK);
    CHECK_INT(jk_xdb_doccount(db, &n, &err), JK_OK);
    CHECK_INT(n, 5);
    CHECK_INT(jk_xdb_find_unique(db, "Qe", &docid, &err), JK_OK);
    CHECK(docid != 0);
    CHECK_INT(jk_xdb_find_unique(db, "Qzzz", &docid, &err), JK_OK);
    CHECK_INT(docid, 0);
    CHECK_INT(jk_xdb_get_document(db, 9999, &d, &err), JK_ENOTFOUND);

    /* operators */
    CHECK_STR(run(db, op2(JK_XOP_AND, term("city"), term("attack"), 0), NULL), "e a");
    CHECK_STR(run(db, op2(JK_XOP_AND_NOT, term("city"), term("mail"), 0), NULL), "e a");
    CHECK_STR(run(db, op2(JK_XOP_OR, term("spam"), term("wrong"), 0), &total), "d b");
    CHECK_INT(total, 2);
    CHECK_STR(run(db, op2(JK_XOP_PHRASE, term("city"), term("server"), 2), NULL), "a");
    CHECK_STR(run(db, op2(JK_XOP_PHRASE, term("server"), term("city"), 2), NULL), "");
    CHECK_STR(run(db, op2(JK_XOP_NEAR, term("server"), term("city"), 2), NULL), "a");
    CHECK_STR(run(db, op2(JK_XOP_FILTER, term("attack"), term("Y2024"), 0), NULL),
              "a c"); /* equal weights: docid order */
    CHECK_STR(run(db, op2(JK_XOP_SYNONYM, term("spam"), term("wrong"), 0), NULL), "d b");
    /* a list of documents (any order, repeats, ids that match nothing) narrows a
     * query to them, keeping its weights; alone it matches just those */
    {
        unsigned ids[] = {5, 1, 1, 9}, none[1] = {0};
        jk_xquery *q = NULL;
        CHECK_INT(jk_xquery_docids(&q, ids, 4, &err), JK_OK);
        CHECK_STR(run(db, op2(JK_XOP_FILTER, term("attack"), q, 0), &total), "e a");
        CHECK_INT(total, 2);
        CHECK_INT(jk_xquery_docids(&q, ids, 4, &err), JK_OK);
        { /* a copy, for another thread, holds the same documents */
            jk_xquery *c = NULL;
            CHECK_INT(jk_xquery_copy(&c, q, &err), JK_OK);
            CHECK_STR(run(db, op2(JK_XOP_FILTER, term("attack"), c, 0), NULL), "e a");
        }
        CHECK_STR(run(db, q, NULL), "a e"); /* 9 is past the last document */
        CHECK_INT(jk_xquery_docids(&q, none, 0, &err), JK_OK);
        CHECK_STR(run(db, op2(JK_XOP_FILTER, term("attack"), q, 0), NULL), "");
    }
    /* a range of ids narrows a search, weights as over all documents; a copy
     * of a query runs the same */
    {
        jk_xquery *q = term("attack"), *c = NULL;
        jk_xsearch_opts o;
        jk_xmset *all = NULL, *part = NULL;
        jk_xsearch_opts_init(&o);
        CHECK_INT(jk_xquery_copy(&c, q, &err), JK_OK);
        CHECK_INT(jk_xdb_search(db, q, &o, &all, &err), JK_OK);
        o.docid_lo = 2;
        o.docid_hi = 5;
        CHECK_INT(jk_xdb_search(db, c, &o, &part, &err), JK_OK);
        CHECK(all && part && jk_xmset_total(all) == 3 && jk_xmset_total(part) == 2);
        for (unsigned i = 0, j = 0; all && part && i < jk_xmset_size(all); i++) {
            unsigned id = jk_xmset_docid(all, i);
            if (id < 2 || id > 5)
                continue;
            CHECK(j < jk_xmset_size(part) && jk_xmset_docid(part, j) == id &&
                  jk_xmset_weight(part, j) == jk_xmset_weight(all, i));
            j++;
        }
        jk_xmset_free(all);
        jk_xmset_free(part);
        jk_xquery_free(q);
        jk_xquery_free(c);
    }
    /* a search split over 1 to 4 readers (a worker each) returns what one
     * returns, however few documents each range holds */
    {
        jk_xdb *rds[JK_FANOUT_MAX] = {NULL};
        unsigned long rev = 0;
        unsigned last = 0;
        jk_xquery *qs[2] = {term("attack"), NULL};
        CHECK_INT(jk_xquery_match_all(&qs[1], &err), JK_OK);
        for (int i = 0; i < JK_FANOUT_MAX; i++)
            CHECK_INT(jk_xdb_open(&rds[i], dir, JK_XDB_READ, &err), JK_OK);
        CHECK_INT(jk_xdb_revision(rds[0], &rev, &last, &err), JK_OK);
        CHECK(last >= 5);
        for (int k = 0; k < 2; k++) {
            jk_hits one, split;
            jk_xsearch_opts o;
            jk_xsearch_opts_init(&o);
            o.offset = 1;
            o.limit = 3;
            CHECK_INT(jk_fanout_search(NULL, rds, 1, last, qs[k], &o, &one, &err), JK_OK);
            /* with a worker for every other part, with too few, with none */
            for (int w = 0; w < 3; w++)
                for (size_t n = 2; n <= JK_FANOUT_MAX; n++) {
                    jk_pool *pool = NULL;
                    if (w < 2)
                        CHECK_INT(jk_pool_new(&pool, w ? 1 : JK_FANOUT_MAX - 1, &err), JK_OK);
                    CHECK_INT(jk_fanout_search(pool, rds, n, last, qs[k], &o, &split, &err), JK_OK);
                    CHECK_MSG(split.total == one.total && split.n == one.n,
                              "query %d, %zu ways, pool %d", k, n, w);
                    for (unsigned i = 0; i < one.n && i < split.n; i++)
                        CHECK_MSG(split.docid[i] == one.docid[i] &&
                                      split.weight[i] == one.weight[i],
                                  "query %d, %zu ways, pool %d, hit %u", k, n, w, i);
                    jk_hits_clear(&split);
                    jk_pool_free(pool);
                }
            CHECK_INT(one.total, k ? 5 : 3);
            jk_hits_clear(&one);
            jk_xquery_free(qs[k]);
        }
        for (int i = 0; i < JK_FANOUT_MAX; i++)
            jk_xdb_free(rds[i]);
    }
    /* BM25: the document with ransomware three times ranks first */
    CHECK_STR(run(db, term("ransomware"), NULL), "c a");
    {
        jk_xquery *q = NULL, *t = term("ransomware");
        CHECK_INT(jk_xquery_scale(&q, t, 0.0, &err), JK_OK);
        jk_xquery_free(t);
        CHECK_INT(jk_xquery_describe(q, &desc, &err), JK_OK);
        CHECK(strstr(desc, "ransomware") != NULL);
        free(desc);
        run(db, q, &total);
        CHECK_INT(total, 2);
    }
    {
        jk_xquery *q = NULL;
        CHECK_INT(jk_xquery_value_range(&q, 1, "2023", "2024", &err), JK_OK);
        run(db, q, &total);
        CHECK_INT(total, 4);
        CHECK_INT(jk_xquery_value_range(&q, 1, NULL, "2022", &err), JK_OK);
        CHECK_STR(run(db, q, &total), "e");
    }
    {
        jk_xquery *q = NULL;
        CHECK_INT(jk_xquery_wildcard(&q, "ransom", &err), JK_OK);
        run(db, q, &total);
        CHECK_INT(total, 2);
    }

    /* facets count every match, not the page: a page of 1 still counts all */
    {
        jk_xsearch_opts o;
        jk_xmset *ms = NULL;
        jk_xquery *q = NULL;
        counts c = {""}, y = {""};
        jk_xsearch_opts_init(&o);
        o.limit = 1;
        o.nfacets = 2;
        o.facet_slots[0] = 2;
        o.facet_slots[1] = 1;
        o.facet_sep = ',';
        CHECK_INT(jk_xquery_match_all(&q, &err), JK_OK);
        CHECK_INT(jk_xdb_search(db, q, &o, &ms, &err), JK_OK);
        CHECK_INT(jk_xmset_size(ms), 1);
        CHECK_INT(jk_xmset_total(ms), 5);
        CHECK_INT(jk_xmset_facets(ms, 0, facet_cb, &c, &err), JK_OK);
        CHECK_STR(c.text, "ransomware=2 unauthorized-access=2 misdelivery=1 other=1 spam-relay=1");
        CHECK_INT(jk_xmset_facets(ms, 1, facet_cb, &y, &err), JK_OK);
        CHECK_STR(y.text, "2023=2 2024=2 2022=1");
        CHECK_INT(jk_xmset_facets(ms, 5, facet_cb, &y, &err), JK_EINVAL);
        jk_xmset_free(ms);
        jk_xquery_free(q);
    }

    /* a term over Xapian's 245-byte limit is hashed, and still found */
    {
        char longterm[400];
        int nterms = 0;
        memset(longterm, 'x', sizeof longterm - 1);
        longterm[sizeof longterm - 1] = '\0';
        CHECK_INT(jk_xdb_begin(db, &err), JK_OK);
        CHECK_INT(jk_xdoc_new(&d, &err), JK_OK);
        CHECK_INT(jk_xdoc_add_posting(d, longterm, strlen(longterm), 1, 1, &err), JK_OK);
        CHECK_INT(jk_xdoc_add_boolean_term(d, "Qlong", &err), JK_OK);
        CHECK_INT(jk_xdoc_set_data(d, "long", 4, &err), JK_OK);
        CHECK_INT(jk_xdb_replace(db, "Qlong", d, NULL, &err), JK_OK);
        CHECK_INT(jk_xdb_commit(db, &err), JK_OK);
        CHECK_INT(jk_xdoc_terms(d, count_terms, &nterms, &err), JK_OK);
        CHECK_INT(nterms, 2);
        jk_xdoc_free(d);
        CHECK_STR(run(db, term(longterm), NULL), "long");
        char buf[JK_XTERM_MAX + 1];
        CHECK(jk_xterm_fit(longterm, strlen(longterm), buf) <= JK_XTERM_MAX);
        /* a multi-byte term is never cut inside a character */
        char jp[600] = "";
        for (int i = 0; i < 100; i++)
            strcat(jp, "漏");
        size_t fl = jk_xterm_fit(jp, strlen(jp), buf);
        CHECK(fl <= JK_XTERM_MAX);
        CHECK_INT((fl - 17) % 3, 0);
    }

    /* the writer sees its own pending changes inside a transaction */
    CHECK_INT(jk_xdb_begin(db, &err), JK_OK);
    add(db, "f", "pending", "2021", "other");
    CHECK_INT(jk_xdb_find_unique(db, "Qf", &docid, &err), JK_OK);
    CHECK(docid != 0);
    /* closing with an open transaction cancels it */
    jk_xdb_free(db);
    CHECK_INT(jk_xdb_open(&rd, dir, JK_XDB_READ, &err), JK_OK);
    CHECK_INT(jk_xdb_find_unique(rd, "Qf", &docid, &err), JK_OK);
    CHECK_INT(docid, 0);
    CHECK_INT(jk_xdb_doccount(rd, &n, &err), JK_OK);
    CHECK_INT(n, 6);
    /* a reader cannot write */
    CHECK_INT(jk_xdb_begin(rd, &err), JK_EINVAL);
    CHECK_INT(jk_xdb_reopen(rd, &err), JK_OK);
    jk_xdb_free(rd);
    jk_xdb_free(NULL);
    jk_xdoc_free(NULL);
    jk_xquery_free(NULL);
    jk_xmset_free(NULL);

    jk_paths_remove_tree(dir);
    check_filter_after_delete();
    check_rank_alone();
    check_bitmaps();
    return TEST_DONE();
}
