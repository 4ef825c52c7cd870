/* Allocation failures: any one allocation made while a month is added to an
 * index, while a new index is built on two threads, while a query is
 * answered, while a month whose file was moved is recognised, or while an
 * index is checked may fail. Each run must then end in success (the failure
 * was recovered from) or in an error with a message; never in a crash, a
 * wrong answer or a half-written index: the index holds the month (or its
 * new path) entirely or not at all, and a rerun completes it; a check never
 * calls a sound index damaged. (The fault-injection tests of SQLite and
 * FTS5; STYLE.md.)
 *
 * malloc, calloc and realloc are replaced in this program (glibc lets a
 * program do so), so Xapian, zlib, ICU and libc fail as well as jikenbo. The
 * n-th allocation after arming fails, once, for n = 1, 2, ... up to 64 and
 * then in steps of about 6% until a run makes no allocation that many.
 *
 * Three kinds of allocation are passed over (the next one fails instead),
 * because the libraries cannot survive their failure and nothing on our side
 * can help it (README, "Allocation failures"): MeCab's, since its C API lets
 * C++'s bad_alloc through to C callers, which cannot catch it; Xapian 1.4's
 * while it matches (Enquire::get_mset), which turns the query into its
 * matcher, where a failure while a phrase, NEAR or OR is made deletes the
 * term lists twice and crashes (allocations of jikenbo's spies and posting
 * sources, which Xapian calls while it matches, still fail); and Xapian's
 * while it writes a batch (WritableDatabase::commit and commit_transaction,
 * and Database::valuestream_begin on a writer, which first writes the
 * transaction's pending values into their table: jk_order_store), where a
 * bad_alloc can meet a function that must not throw, and the program is
 * terminated.
 *
 * Skipped (77) under AddressSanitizer, ThreadSanitizer and valgrind, which
 * replace malloc themselves. */
#include "jk_analyze.h"
#include "jk_build.h"
#include "jk_check.h"
#include "jk_classify.h"
#include "jk_cli.h"
#include "jk_index.h"
#include "jk_norm.h"
#include "jk_notice.h"
#include "jk_paths.h"
#include "jk_query.h"
#include "jk_search.h"
#include "jk_suggest.h"
#include "jk_test.h"
#include "jk_test_index.h"

#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);

/* A run that ended in an error: an allocation was made to fail in it
 * (fired), and the error rc is negative and has a message. */
#define CHECK_FAILED(rc, fired, n, err)                                                            \
    do {                                                                                           \
        CHECK_MSG(fired, "no failure, yet: %s", (err).msg);                                        \
        CHECK_MSG((rc) < 0 && (err).msg[0], "allocation %ld: rc %d without a message", (n), (rc)); \
    } while (0)

static atomic_long countdown; /* > 0: the countdown-th allocation from now fails */
static atomic_int fired;      /* an allocation was made to fail */
static _Thread_local int in_check;

static const char *self; /* this program's file, as dladdr names it */

/* 1 if the allocation is one that must not fail here: one by MeCab, or one
 * by Xapian while it matches (Enquire::get_mset, which turns the query into
 * its matcher: Debian's library names none of the functions that do it, so
 * the step cannot be told apart from the rest of matching) or writes a
 * batch or a transaction's pending values (the header says why). An allocation by jikenbo's own
 * code that Xapian calls while it matches (spies, posting sources) may fail: a frame of this
 * program between the allocating library and get_mset shows it. */
static int passed_over(void)
{
    void *frames[64];
    int n = backtrace(frames, 64), lib = 0, ours = 0;
    for (int i = 2; i < n; i++) {
        Dl_info info;
        if (!dladdr(frames[i], &info))
            continue;
        if (info.dli_fname && self && strcmp(info.dli_fname, self) == 0)
            ours |= lib; /* our code, called by a library that allocates */
        else
            lib = 1;
        if (info.dli_fname && strstr(info.dli_fname, "libmecab"))
            return 1;
        if (info.dli_sname &&
            (strstr(info.dli_sname, "postlist_sub_") ||
             !strcmp(info.dli_sname, "_ZN6Xapian16WritableDatabase6commitEv") ||
             !strcmp(info.dli_sname, "_ZN6Xapian16WritableDatabase18commit_transactionEv") ||
             !strcmp(info.dli_sname, "_ZNK6Xapian8Database17valuestream_beginEj")))
            return 1;
        if (info.dli_sname && strstr(info.dli_sname, "_ZNK6Xapian7Enquire8Internal8get_mset"))
            return !ours;
    }
    return 0;
}

static int fail_now(void)
{
    if (in_check || atomic_load(&countdown) <= 0)
        return 0;
    if (atomic_fetch_sub(&countdown, 1) != 1)
        return 0;
    in_check = 1;
    int skip = passed_over();
    in_check = 0;
    if (skip) {
        atomic_store(&countdown, 1); /* the next one, then */
        return 0;
    }
    atomic_store(&fired, 1);
    errno = ENOMEM;
    return 1;
}

void *malloc(size_t n)
{
    return fail_now() ? NULL : __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
    return fail_now() ? NULL : __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
    return n && fail_now() ? NULL : __libc_realloc(p, n);
}

static void arm(long n)
{
    atomic_store(&fired, 0);
    atomic_store(&countdown, n);
}

/* Disarms; returns 1 if an allocation failed since arm. */
static int disarm(void)
{
    atomic_store(&countdown, 0);
    return atomic_load(&fired);
}

static char root[] = "/tmp/jk-test-fault-XXXXXX";
static char pristine[4200], work[4200], newdb[4200], month[4200], month2[4200];
static unsigned n_before, n_after; /* notices before and after the month goes in */

static void sh(const char *fmt, const char *a, const char *b)
{
    char cmd[9000];
    snprintf(cmd, sizeof cmd, fmt, a, b);
    if (system(cmd) != 0)
        fprintf(stderr, "failed: %s\n", cmd), exit(2);
}

static unsigned doccount(const char *path)
{
    jk_index *ix = NULL;
    jk_error err;
    unsigned n = 0;
    CHECK_MSG(jk_index_open(&ix, path, &err) == JK_OK, "reopening %s: %s", path, err.msg);
    if (ix)
        CHECK_MSG(jk_index_doccount(ix, &n, &err) == JK_OK, "%s", err.msg);
    jk_index_free(ix);
    return n;
}

/* Opens the index at path and adds the month to it, read from label. */
static int add_month(const char *path, const char *label, const char *buf, size_t len,
                     jk_error *err)
{
    jk_index *ix = NULL;
    int rc = jk_index_open(&ix, path, err);
    if (rc == JK_OK)
        rc = jk_index_file(ix, label, buf, len, NULL, NULL, NULL, err);
    jk_index_free(ix);
    return rc;
}

/* Opens the index at path and asks whether the month is in it as label. */
static int has_month(const char *path, const char *label, const char *buf, size_t len, int *in,
                     jk_error *err)
{
    jk_index *ix = NULL;
    int rc = jk_index_open(&ix, path, err);
    *in = 0;
    if (rc == JK_OK)
        rc = jk_index_has_file(ix, label, buf, len, in, err);
    jk_index_free(ix);
    return rc;
}

/* Opens the index at path and searches it for text: *s, *q and *r are the
 * caller's to free, whatever it returns. */
static int by_month; /* the searches also count per month (--months) */
/* the searcher fills each page on all its threads, with snippets (as at
 * the prompt: jk_searcher_split_pages) */
static int split_pages;

static int open_and_search(const char *path, const char *text, jk_searcher **s, jk_query **q,
                           jk_results **r, jk_error *err)
{
    jk_search_opts o = {.limit = 10, .snippet_cols = split_pages ? 80 : 0, .by_month = by_month};
    int rc = jk_searcher_open(s, path, err);
    *q = NULL;
    *r = NULL;
    if (rc == JK_OK && split_pages)
        rc = jk_searcher_split_pages(*s, err);
    if (rc == JK_OK)
        rc = jk_query_parse(q, jk_searcher_analyzer(*s), text, err);
    if (rc == JK_OK)
        rc = jk_searcher_run(*s, *q, &o, r, err);
    return rc;
}

/* The answer that matters: the total and the first key, "" if none, then
 * the months counted, if any. */
static int answer(const char *path, const char *text, unsigned *total, char *key, jk_error *err)
{
    jk_searcher *s = NULL;
    jk_query *q = NULL;
    jk_results *r = NULL;
    int rc = open_and_search(path, text, &s, &q, &r, err);
    if (rc == JK_OK) {
        *total = (unsigned)r->total;
        size_t at = (size_t)snprintf(key, 256, "%s", r->n ? r->items[0].key : "");
        for (size_t k = 0; k < r->nmonths && at < 256; k++)
            at += (size_t)snprintf(key + at, 256 - at, " %s:%u", r->months[k].label,
                                   r->months[k].count);
        for (size_t k = 1; split_pages && k < r->n && at < 256; k++) /* the whole page */
            at += (size_t)snprintf(key + at, 256 - at, " %s/%zu", r->items[k].id,
                                   r->items[k].snippet.nhits);
    }
    jk_results_free(r);
    jk_query_free(q);
    jk_searcher_free(s);
    return rc;
}

static int count_text(const char *text, unsigned *total, void *payload, jk_error *err)
{
    jk_query *q = NULL;
    jk_results *r = NULL;
    jk_search_opts o = {.limit = 0};
    int rc = jk_query_parse(&q, jk_searcher_analyzer(payload), text, err);
    if (rc == JK_OK)
        rc = jk_searcher_run(payload, q, &o, &r, err);
    *total = rc == JK_OK ? r->total : 0;
    jk_results_free(r);
    jk_query_free(q);
    return rc;
}

/* What "did you mean" offers for text (a query that matches nothing), into
 * key, and its matches. */
static int offer(const char *path, const char *text, unsigned *total, char *key, jk_error *err)
{
    jk_searcher *s = NULL;
    jk_query *q = NULL;
    jk_results *r = NULL;
    char *better = NULL;
    /* the search first: it loads the vocabulary, as in the programs */
    int rc = open_and_search(path, text, &s, &q, &r, err);
    if (rc == JK_OK)
        rc = jk_suggest(s, q, text, count_text, s, &better, total, err);
    if (rc == JK_OK)
        snprintf(key, 256, "%s", better ? better : "");
    free(better);
    jk_results_free(r);
    jk_query_free(q);
    jk_searcher_free(s);
    return rc;
}

/* The file that results show for a notice of the second month, into out. */
static void shown_file(const char *path, char out[4200])
{
    jk_searcher *s = NULL;
    jk_query *q = NULL;
    jk_results *r = NULL;
    jk_search_opts o = {.limit = 1};
    jk_error err;
    out[0] = '\0';
    CHECK_MSG(jk_searcher_open(&s, path, &err) == JK_OK, "%s", err.msg);
    if (s && jk_query_parse(&q, jk_searcher_analyzer(s), "id:2024-124", &err) == JK_OK &&
        jk_searcher_run(s, q, &o, &r, &err) == JK_OK && r->n)
        snprintf(out, 4200, "%s", r->items[0].file);
    jk_results_free(r);
    jk_query_free(q);
    jk_searcher_free(s);
}

/* Runs step(n) for the n-th allocation failing, over the spread of n above,
 * until a run fails nothing; returns how many runs failed one. */
static int each_failure(const char *what, int (*step)(long n, int *fired_out))
{
    int runs = 0;
    for (long n = 1;; n += n < 64 ? 1 : n / 16) {
        int f = 0;
        if (step(n, &f) != 0 || !f) {
            printf("%s: %d runs with one allocation failing, the last at %ld\n", what, runs, n - 1);
            return runs;
        }
        runs++;
    }
}

static char *month_buf;
static size_t month_len;

/* A copy of the index at from gets buf as the file label, with the n-th
 * allocation failing: it holds `after` notices, or `before` if the failure
 * stopped the file (with a message), and a rerun completes it. */
static int all_or_nothing(long n, int *f, const char *from, const char *label, const char *buf,
                          size_t len, unsigned before, unsigned after)
{
    jk_error err;
    jk_error_clear(&err);
    jk_paths_remove_tree(work);
    sh("cp -a '%s' '%s'", from, work);
    arm(n);
    int rc = add_month(work, label, buf, len, &err);
    *f = disarm();
    if (!*f) {
        CHECK_MSG(rc == JK_OK, "no failure, yet: %s", err.msg);
        CHECK_INT(doccount(work), after);
        return 0;
    }
    if (rc != JK_OK)
        CHECK_MSG(rc < 0 && err.msg[0], "allocation %ld: rc %d without a message", n, rc);
    unsigned got = doccount(work);
    CHECK_MSG(got == after || (rc != JK_OK && got == before),
              "allocation %ld failed (rc %d: %s): %u notices, want %u or %u", n, rc, err.msg, got,
              before, after);
    CHECK_MSG(add_month(work, label, buf, len, &err) == JK_OK, "rerun: %s", err.msg);
    CHECK_INT(doccount(work), after);
    return 0;
}

/* A month added to an index of one month. */
static int step_add(long n, int *f)
{
    return all_or_nothing(n, f, pristine, month2, month_buf, month_len, n_before, n_after);
}

/* A new index of both months on two threads: complete, or nothing at path. */
static int step_build(long n, int *f)
{
    char *files[2] = {month, month2};
    jk_build_opts o = {2, NULL, NULL, NULL, NULL, NULL};
    unsigned in = 0;
    jk_error err;
    jk_error_clear(&err);
    jk_paths_remove_tree(newdb);
    arm(n);
    int rc = jk_build_new(newdb, files, 2, &o, NULL, &in, &err);
    *f = disarm();
    if (rc == JK_OK) {
        CHECK_INT(in, 2);
        CHECK_INT(doccount(newdb), n_after);
    } else {
        CHECK_FAILED(rc, *f, n, err);
        CHECK_MSG(jk_paths_kind(newdb) == JK_PATH_NONE, "allocation %ld (%s): %s left behind (%d)",
                  n, err.msg, newdb, (int)jk_paths_kind(newdb));
    }
    return 0;
}

static char moved0[4200], old_file[4200], new_file[4200];

/* A month found moved (its old path gone): the index records the new path
 * entirely or not at all, and asking again without failures records it. */
static int step_moved(long n, int *f)
{
    char shown[4200];
    int in = 0;
    jk_error err;
    jk_error_clear(&err);
    jk_paths_remove_tree(work);
    sh("cp -a '%s' '%s'", moved0, work);
    arm(n);
    int rc = has_month(work, new_file, month_buf, month_len, &in, &err);
    *f = disarm();
    shown_file(work, shown);
    if (rc == JK_OK) {
        CHECK_MSG(in == 1, "allocation %ld: the moved month is not found in", n);
        CHECK_STR(shown, new_file);
        return 0;
    }
    CHECK_FAILED(rc, *f, n, err);
    CHECK_MSG(!strcmp(shown, old_file) || !strcmp(shown, new_file),
              "allocation %ld: results show '%s'", n, shown);
    CHECK_MSG(has_month(work, new_file, month_buf, month_len, &in, &err) == JK_OK && in == 1,
              "rerun: %s", err.msg);
    shown_file(work, shown);
    CHECK_STR(shown, new_file);
    return 0;
}

static char both[4200], *edited;
static size_t edited_len;

/* The first month indexed again without two notices, one of which the second
 * month holds too: one notice goes. */
static int step_edit(long n, int *f)
{
    return all_or_nothing(n, f, both, month, edited, edited_len, n_after, n_after - 1);
}

/* A check of a sound index: sound, or an error that does not call it
 * damaged. */
static int step_check(long n, int *f)
{
    unsigned notices = 0;
    jk_error err;
    jk_error_clear(&err);
    arm(n);
    int rc = jk_check_index(pristine, &notices, &err);
    *f = disarm();
    if (rc == JK_OK) {
        CHECK_INT(notices, n_before);
        return 0;
    }
    CHECK_FAILED(rc, *f, n, err);
    CHECK_MSG(rc != JK_ECORRUPT && rc != JK_EVERSION, "allocation %ld: a sound index called %s: %s",
              n, jk_error_name(rc), err.msg);
    /* and files that are there are not called missing */
    CHECK_MSG(!strstr(err.msg, "is missing"), "allocation %ld: %s", n, err.msg);
    return 0;
}

static unsigned want_total;
static char want_key[256];

/* A query with phrase, parts of words and a facet: the right answer or an error. */
/* step_search's query, whose answer (by way) is want_total, want_key */
static const char *search_text;
static int (*way)(const char *path, const char *text, unsigned *total, char *key, jk_error *err);

/* Parsing alone, with every allocation failing in turn (a parse makes one
 * or two hundred; the spread above passes most by): a failure parses
 * nothing and says so. parse_text uses every kind of token and filter. */
static jk_analyzer *parse_an;
static const char *parse_text;

static int step_parse(long n, int *f)
{
    jk_query *q = NULL;
    jk_error err;
    jk_error_clear(&err);
    arm(n);
    int rc = jk_query_parse(&q, parse_an, parse_text, &err);
    *f = disarm();
    if (rc != JK_OK) {
        CHECK_FAILED(rc, *f, n, err);
        CHECK(q == NULL);
    }
    jk_query_free(q);
    return 0;
}

/* Loading the facet rules, every allocation failing in turn: a failure
 * loads nothing and says so (an A…B pattern once left its rule holding an
 * array that had been moved). */
static jk_norm *rules_norm;

static int step_rules(long n, int *f)
{
    jk_rules *r = NULL;
    jk_error err;
    jk_error_clear(&err);
    arm(n);
    int rc = jk_rules_load(&r, rules_norm, NULL, &err);
    *f = disarm();
    if (rc != JK_OK) {
        CHECK_FAILED(rc, *f, n, err);
        CHECK(r == NULL);
    }
    jk_rules_free(r);
    return 0;
}

/* "Did you mean" alone, every allocation failing in turn, on a search
 * already made, with one searcher for all the runs, as the prompt keeps
 * one: the offer is the right one, or an error with a message (a failed
 * copy of a near word once gave none). A Xapian 1.4 reader can crash on its
 * next read after an allocation failed inside one, so the searcher opens its
 * readers afresh after such a failure (jk_searcher_distrust); without that,
 * this crashed at the 268th. */
static jk_searcher *offer_s;
static jk_query *offer_q;

static int step_suggest(long n, int *f)
{
    char *better = NULL;
    unsigned total = 0;
    jk_error err;
    jk_error_clear(&err);
    arm(n);
    int rc = jk_suggest(offer_s, offer_q, search_text, count_text, offer_s, &better, &total, &err);
    *f = disarm();
    if (rc == JK_OK) {
        CHECK_STR(better, want_key);
        CHECK_INT(total, want_total);
    } else {
        CHECK_FAILED(rc, *f, n, err);
    }
    free(better);
    return 0;
}

/* Parsing a month, every allocation failing in turn: the same posts, ids
 * and dates as without a failure, or an error with a message (a date whose
 * copy failed was once dropped without one). */
static jk_archive *month_want;

static int step_month(long n, int *f)
{
    jk_archive *a = NULL;
    jk_error err;
    jk_error_clear(&err);
    arm(n);
    int rc = jk_archive_load(&a, month_buf, month_len, &err);
    *f = disarm();
    if (rc == JK_OK) {
        CHECK_MSG(a->nposts == month_want->nposts, "allocation %ld: %zu posts, want %zu", n,
                  a->nposts, month_want->nposts);
        for (size_t i = 0; i < a->nposts && i < month_want->nposts; i++) {
            const jk_post *x = &a->posts[i], *y = &month_want->posts[i];
            CHECK_STR(x->id, y->id);
            CHECK_STR(x->date, y->date);
            CHECK_STR(x->org, y->org);
        }
    } else {
        CHECK_FAILED(rc, *f, n, err);
    }
    jk_archive_free(a);
    return 0;
}

/* Making an analyzer (dictionaries, variant spellings, pair words), every
 * allocation failing in turn but MeCab's: one that is made analyses variant
 * spellings as one made without a failure does (a variant whose copy failed
 * was once kept as a null pointer). */
static const char *analyzer_text = "漏洩 ウィルス ransomware";
static char analyzer_want[256];

static int step_analyzer(long n, int *f)
{
    jk_analyzer *an = NULL;
    jk_query *q = NULL;
    jk_error err;
    jk_error_clear(&err);
    arm(n);
    int rc = jk_analyzer_new(&an, &err);
    *f = disarm();
    if (rc == JK_OK) {
        CHECK(jk_query_parse(&q, an, analyzer_text, &err) == JK_OK);
        CHECK_STR(q ? jk_query_describe(q) : NULL, analyzer_want);
        jk_query_free(q);
    } else {
        CHECK_FAILED(rc, *f, n, err);
    }
    jk_analyzer_free(an);
    return 0;
}

/* Reading a month's file, every allocation failing in turn: out of memory
 * is JK_ENOMEM, which stops a run, never the JK_EIO of a file that cannot
 * be read, which skips the file (fopen's once was: a new index was then
 * made of the other month alone). */
static int step_read(long n, int *f)
{
    char *buf = NULL;
    size_t len = 0;
    jk_error err;
    jk_error_clear(&err);
    arm(n);
    int rc = jk_cli_read_file(month, &buf, &len, &err);
    *f = disarm();
    if (rc != JK_OK) {
        CHECK_FAILED(rc, *f, n, err);
        CHECK_MSG(rc == JK_ENOMEM, "allocation %ld: %s (rc %d)", n, err.msg, rc);
    }
    free(buf);
    return 0;
}

/* step(n) for n = 1, 2, ... until a run fails nothing; returns the runs. */
static int every_failure(const char *what, int (*step)(long n, int *fired_out))
{
    int runs = 0, f = 1;
    for (long n = 1; f; n++, runs += f)
        step(n, &f);
    printf("%s: %d runs, every allocation failing in turn\n", what, runs);
    return runs;
}

static int step_search(long n, int *f)
{
    const char *text = search_text;
    unsigned total = 0;
    char key[256] = "";
    jk_error err;
    jk_error_clear(&err);
    arm(n);
    int rc = way(pristine, text, &total, key, &err);
    *f = disarm();
    if (rc == JK_OK) {
        CHECK_MSG(total == want_total, "allocation %ld: total %u, want %u", n, total, want_total);
        CHECK_STR(key, want_key);
    } else {
        CHECK_FAILED(rc, *f, n, err);
    }
    return 0;
}

int main(void)
{
    const char *data = getenv("JK_DATA");
    void *warm[4];
    jk_error err;

    if (getenv("JK_VALGRIND")) {
        printf("skipped: valgrind replaces malloc\n");
        return 77;
    }
    setvbuf(stdout, NULL, _IONBF, 0);
    backtrace(warm, 4); /* loads the unwinder now, not inside malloc */
    {
        Dl_info me;
        if (dladdr((void *)passed_over, &me))
            self = me.dli_fname;
    }
    if (!mkdtemp(root))
        return 2;
    snprintf(pristine, sizeof pristine, "%s/one", root);
    snprintf(work, sizeof work, "%s/work", root);
    snprintf(newdb, sizeof newdb, "%s/new", root);
    snprintf(month, sizeof month, "%s/sample/2024-05.txt", data ? data : "tests/data");
    snprintf(month2, sizeof month2, "%s/sample/2024-06.txt", data ? data : "tests/data");

    /* without failures: the index of the first month, and what the second adds */
    CHECK(jk_cli_read_file(month2, &month_buf, &month_len, &err) == JK_OK);
    jk_test_index_file(pristine, month);
    n_before = doccount(pristine);
    sh("cp -a '%s' '%s'", pristine, work);
    CHECK(add_month(work, month2, month_buf, month_len, &err) == JK_OK);
    n_after = doccount(work);
    CHECK(n_before > 0 && n_after > n_before);

    /* the second month indexed from one folder, then moved to another */
    snprintf(moved0, sizeof moved0, "%s/moved", root);
    snprintf(old_file, sizeof old_file, "%s/old/2024-06.txt", root);
    snprintf(new_file, sizeof new_file, "%s/new-place/2024-06.txt", root);
    sh("mkdir '%s/old' '%s/new-place'", root, root);
    sh("cp '%s' '%s'", month2, old_file);
    sh("cp -a '%s' '%s'", pristine, moved0);
    CHECK(add_month(moved0, old_file, month_buf, month_len, &err) == JK_OK);
    CHECK(rename(old_file, new_file) == 0);
    {
        char shown[4200];
        shown_file(moved0, shown);
        CHECK_STR(shown, old_file);
    }

    /* both months in, then the first without 2024-106 and 2024-111 (which the
     * second holds too): one notice goes */
    snprintf(both, sizeof both, "%s/both", root);
    sh("cp -a '%s' '%s'", work, both);
    {
        char *may = NULL, *cut1;
        size_t len = 0, n1 = 0;
        CHECK(jk_cli_read_file(month, &may, &len, &err) == JK_OK);
        cut1 = jk_test_cut(may, "【セキュリティ事件簿#2024-106】",
                           "【セキュリティ事件簿#2024-105】", &n1);
        edited = jk_test_cut(cut1, "【セキュリティ事件簿#2024-111】", "春の鉄道旅行", &edited_len);
        free(may);
        free(cut1);
    }

    /* each allocation of a parse (the lexer once let a failed one through) */
    CHECK(jk_analyzer_new(&parse_an, &err) == JK_OK);
    parse_text = "\"メール 誤送信\" 個人情報漏えい cause:ransomware sector:教育 year:2022..2024 "
                 "date:2024-05 org:大阪市 id:2024-110 -委託 (a OR b) NOT c 2024-112 file:2024-*";
    CHECK(every_failure("parsing a query", step_parse) > 100);
    parse_text = "like:#2024-110 https://example.jp/x ransomwere sector:ＣＩＴＹ cause:bcc "
                 "org:大阪市,京都市 id:2024-110,2024-112 office365 持ち出し 誤送信 誤廃棄 "
                 "BCC 宛先 見える"; /* related phrases: of a word, and of two words typed */
    CHECK(every_failure("parsing like:, an address, a variant, aliases, lists, verbs", step_parse) >
          20);
    jk_analyzer_free(parse_an);
    CHECK(every_failure("reading a month's file", step_read) >= 2);
    CHECK(jk_archive_load(&month_want, month_buf, month_len, &err) == JK_OK);
    if (month_want)
        CHECK(every_failure("parsing a month", step_month) > 50);
    jk_archive_free(month_want);
    {
        jk_analyzer *an = NULL;
        jk_query *q = NULL;
        CHECK(jk_analyzer_new(&an, &err) == JK_OK);
        CHECK(an && jk_query_parse(&q, an, analyzer_text, &err) == JK_OK);
        snprintf(analyzer_want, sizeof analyzer_want, "%s", q ? jk_query_describe(q) : "");
        CHECK(strstr(analyzer_want, "漏えい") && strstr(analyzer_want, "ランサムウェア"));
        jk_query_free(q);
        jk_analyzer_free(an);
    }
    CHECK(every_failure("making an analyzer", step_analyzer) > 100);
    CHECK(jk_norm_new(&rules_norm, &err) == JK_OK);
    CHECK(every_failure("loading the facet rules", step_rules) > 1000);
    jk_norm_free(rules_norm);
    /* each scenario fails somewhere at least a hundred times */
    CHECK(each_failure("adding a month", step_add) > 100);
    CHECK(each_failure("a new index on two threads", step_build) > 100);
    /* a search, then a like: search (query expansion, the likest one's
     * weight, then the search with it) */
    way = answer;
    search_text = "\"個人情報\" ランサム sector:local-government";
    CHECK(answer(pristine, search_text, &want_total, want_key, &err) == JK_OK);
    CHECK(want_total > 0);
    CHECK(each_failure("a search", step_search) > 100);
    search_text = "like:2024-110 year:2024";
    CHECK(answer(pristine, search_text, &want_total, want_key, &err) == JK_OK);
    CHECK(want_total > 0);
    CHECK(each_failure("a like: search", step_search) > 100);
    /* a search by file, whose names the index's records resolve */
    search_text = "委託 file:*.txt";
    CHECK(answer(pristine, search_text, &want_total, want_key, &err) == JK_OK);
    CHECK(want_total > 0);
    CHECK(each_failure("a file: search", step_search) > 100);
    /* a search that counts per month too */
    by_month = 1;
    search_text = "委託 OR 不正アクセス OR BCC"; /* BCC's related words hold phrases */
    CHECK(answer(pristine, search_text, &want_total, want_key, &err) == JK_OK);
    CHECK(want_total > 0 && strstr(want_key, " 2024-05:") != NULL);
    CHECK(each_failure("a search with --months", step_search) > 100);
    by_month = 0;
    /* and with its page filled on every thread, an analyzer each */
    split_pages = 1;
    CHECK(answer(pristine, search_text, &want_total, want_key, &err) == JK_OK);
    CHECK(want_total > 0 && strchr(want_key, '/') != NULL);
    CHECK(each_failure("a page filled on every thread", step_search) > 100);
    split_pages = 0;
    /* and "did you mean" for a query that matches nothing */
    way = offer;
    search_text = "ランサムエア 委託";
    CHECK(offer(pristine, search_text, &want_total, want_key, &err) == JK_OK);
    CHECK(want_total > 0);
    CHECK_STR(want_key, "ランサムウェア 委託");
    CHECK(each_failure("did you mean", step_search) > 100);
    {
        jk_results *r = NULL;
        CHECK(open_and_search(pristine, search_text, &offer_s, &offer_q, &r, &err) == JK_OK);
        jk_results_free(r);
        if (offer_q)
            CHECK(every_failure("did you mean, on a search made", step_suggest) > 100);
        jk_query_free(offer_q);
        jk_searcher_free(offer_s);
    }
    CHECK(each_failure("a month found moved", step_moved) > 100);
    CHECK(each_failure("a month edited", step_edit) > 100);
    CHECK(each_failure("a check", step_check) > 100);
    /* the same two with Xapian writing postings into the tables after every
     * change, inside the file's transaction (as it does every
     * JK_XDB_FLUSH_DOCS): a failure after such a write still leaves the
     * index as it was */
    CHECK(setenv("XAPIAN_FLUSH_THRESHOLD", "1", 1) == 0);
    CHECK(each_failure("adding a month, written as they go", step_add) > 100);
    CHECK(each_failure("a month edited, written as they go", step_edit) > 100);

    free(month_buf);
    free(edited);
    jk_paths_remove_tree(root);
    return TEST_DONE();
}

#else

int main(void)
{
    printf("skipped: the sanitizer replaces malloc\n");
    (void)jk_test_passed, (void)jk_test_failed;
    return 77;
}

#endif
