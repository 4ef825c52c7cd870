/* The sort keys of `--sort date`: a notice's own date, and for one without a
 * usable date the day of its nearest dated neighbour by id, set again as
 * notices come and go, without touching the documents' terms. */
#include "jk_order.h"
#include "jk_paths.h"
#include "jk_schema.h"
#include "jk_test.h"
#include "jk_xapian.h"

#include <stdlib.h>

static char dir[] = "/tmp/jk-test-order-XXXXXX";

/* Adds notice year-number (date "YYYY-MM-DD" or NULL) as jk_doc would give
 * it its values, with the word w. */
static void add(jk_xdb *db, int year, long number, const char *date, const char *w)
{
    jk_xdoc *d = NULL;
    jk_error err;
    char key[JK_ORDER_KEY_SIZE], v[16], q[64];
    CHECK_INT(jk_xdoc_new(&d, &err), JK_OK);
    CHECK_INT(jk_xdoc_add_posting(d, w, strlen(w), 1, 1, &err), JK_OK);
    snprintf(q, sizeof q, "Q%d-%03ld/%s", year, number, date ? date : "-");
    CHECK_INT(jk_xdoc_add_boolean_term(d, q, &err), JK_OK);
    if (date) {
        snprintf(v, sizeof v, "%.4s%.2s%.2s", date, date + 5, date + 8);
        CHECK_INT(jk_xdoc_set_value(d, JK_SLOT_DATE, v, 8, &err), JK_OK);
    }
    snprintf(v, sizeof v, "%04d", year);
    CHECK_INT(jk_xdoc_set_value(d, JK_SLOT_YEAR, v, 4, &err), JK_OK);
    char release[64];
    snprintf(release, sizeof release, "%d-%03ld/%012x", year, number, (unsigned)w[0]);
    jk_order_key(date, year, number, release, key);
    CHECK_INT(jk_xdoc_set_value(d, JK_SLOT_ORDER, key, strlen(key), &err), JK_OK);
    CHECK_INT(jk_xdb_replace(db, q, d, NULL, &err), JK_OK);
    jk_xdoc_free(d);
}

/* The sort key of the document with unique term q, without its release's
 * digits (all of it when whole). */
static const char *key_whole(jk_xdb *db, const char *q, int whole)
{
    static char out[JK_ORDER_KEY_SIZE];
    unsigned id = 0;
    jk_xdoc *d = NULL;
    char *v = NULL;
    jk_error err;
    out[0] = '\0';
    if (jk_xdb_find_unique(db, q, &id, &err) || !id || jk_xdb_get_document(db, id, &d, &err))
        return "(none)";
    if (jk_xdoc_get_value(d, JK_SLOT_ORDER, &v, NULL, &err) == JK_OK)
        snprintf(out, sizeof out, "%.*s", whole ? (int)sizeof out : 15, v);
    free(v);
    jk_xdoc_free(d);
    return out;
}

static const char *key_of(jk_xdb *db, const char *q)
{
    return key_whole(db, q, 0);
}

static unsigned store(jk_xdb *db)
{
    unsigned changed = 99;
    jk_error err;
    CHECK_INT(jk_order_store(db, &changed, &err), JK_OK);
    return changed;
}

int main(void)
{
    jk_xdb *db = NULL;
    jk_error err;
    char key[JK_ORDER_KEY_SIZE];
    unsigned n = 0;

    jk_order_key("2024-06-17", 2024, 251, "2024-251/0123456789ab", key);
    CHECK_STR(key, "20240617-000251-0123456789ab");
    /* a notice of late December, numbered in 2024 */
    jk_order_key("2023-12-28", 2024, 3, "2024-003/0123456789ab", key);
    CHECK_STR(key, "20231228-000003-0123456789ab");
    jk_order_key("2013-05-12", 2023, 194, "2023-194/cdef01234567", key); /* a typo: estimated */
    CHECK_STR(key, "20230000-000194-cdef01234567");
    jk_order_key(NULL, 2023, 436, "2023-436/89abcdef0123", key);
    CHECK_STR(key, "20230000-000436-89abcdef0123");

    if (!mkdtemp(dir))
        return 1;
    CHECK_INT(jk_xdb_open(&db, dir, JK_XDB_WRITE, &err), JK_OK);
    if (!db)
        return TEST_DONE();
    CHECK_INT(store(db), 0); /* an empty index */
    CHECK_INT(jk_xdb_begin(db, &err), JK_OK);
    add(db, 2023, 5, NULL, "a"); /* before any dated one: the next */
    add(db, 2023, 10, "2023-05-01", "b");
    add(db, 2023, 11, "2013-05-20", "c"); /* a typo: as if undated */
    add(db, 2023, 12, NULL, "d");
    add(db, 2023, 20, NULL, "e"); /* its number has a dated one */
    add(db, 2023, 20, "2023-06-10", "f");
    add(db, 2023, 20, "2023-06-08", "g");
    add(db, 2022, 3, NULL, "h"); /* a year without a date */
    add(db, 2022, 4, NULL, "i");
    add(db, 2024, 1, "2023-12-30", "j"); /* dated the year before: usable */
    add(db, 2024, 2, NULL, "k");
    CHECK_INT(store(db), 5); /* 5, 11, 12, 20, 2024-2; the 2022 ones keep their keys */
    CHECK_INT(jk_xdb_commit(db, &err), JK_OK);

    CHECK_STR(key_of(db, "Q2023-005/-"), "20230501-000005");
    CHECK_STR(key_of(db, "Q2023-010/2023-05-01"), "20230501-000010");
    CHECK_STR(key_of(db, "Q2023-011/2013-05-20"), "20230501-000011");
    CHECK_STR(key_of(db, "Q2023-012/-"), "20230501-000012");
    CHECK_STR(key_of(db, "Q2023-020/-"), "20230610-000020"); /* the latest of its number */
    CHECK_STR(key_of(db, "Q2023-020/2023-06-08"), "20230608-000020");
    CHECK_STR(key_of(db, "Q2022-003/-"), "20220000-000003");
    CHECK_STR(key_of(db, "Q2022-004/-"), "20220000-000004");
    CHECK_STR(key_of(db, "Q2024-002/-"), "20231230-000002");
    /* the release's digits kept, so that no two notices tie */
    CHECK_STR(key_whole(db, "Q2023-020/-", 1), "20230610-000020-000000000065");
    CHECK_STR(key_whole(db, "Q2023-020/2023-06-10", 1), "20230610-000020-000000000066");
    /* the keys set, the terms stay */
    CHECK_INT(jk_xdb_termfreq(db, "d", &n, &err), JK_OK);
    CHECK_INT(n, 1);
    CHECK_INT(jk_xdb_termfreq(db, "Q2023-012/-", &n, &err), JK_OK);
    CHECK_INT(n, 1);
    CHECK_INT(jk_xdb_doccount(db, &n, &err), JK_OK);
    CHECK_INT(n, 11);
    CHECK_INT(store(db), 0); /* nothing new: nothing set */

    /* a dated notice between: the ones after it follow it; the transaction
     * cancelled: the keys as they were */
    CHECK_INT(jk_xdb_begin(db, &err), JK_OK);
    add(db, 2023, 11, "2023-05-20", "l");
    add(db, 2022, 9, "2022-11-02", "m");
    CHECK_INT(store(db), 4); /* 11 and 12; 2022-3 and 4 */
    CHECK_STR(key_of(db, "Q2023-012/-"), "20230520-000012");
    CHECK_STR(key_of(db, "Q2023-011/2013-05-20"), "20230520-000011");
    CHECK_STR(key_of(db, "Q2022-004/-"), "20221102-000004");
    CHECK_STR(key_of(db, "Q2023-005/-"), "20230501-000005");
    CHECK_INT(jk_xdb_cancel(db, &err), JK_OK);
    CHECK_STR(key_of(db, "Q2023-012/-"), "20230501-000012");
    CHECK_STR(key_of(db, "Q2022-004/-"), "20220000-000004");

    /* the dated one of 2024 goes: its undated neighbour back to the year's start */
    CHECK_INT(jk_xdb_begin(db, &err), JK_OK);
    CHECK_INT(jk_xdb_delete(db, "Q2024-001/2023-12-30", &err), JK_OK);
    CHECK_INT(store(db), 1);
    CHECK_INT(jk_xdb_commit(db, &err), JK_OK);
    CHECK_STR(key_of(db, "Q2024-002/-"), "20240000-000002");

    CHECK_INT(jk_xdb_set_value(db, 9999, JK_SLOT_ORDER, "x", 1, &err), JK_ENOTFOUND);
    jk_xdb_free(db);
    jk_paths_remove_tree(dir);
    return TEST_DONE();
}
