#include "jk_order.h"

#include "jk_array.h"
#include "jk_schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A date of date_year is the notice's own if it is within a year of its id's
 * year; further off it is a typo (a 2023 notice dated 2013). */
static int usable(int date_year, int id_year)
{
    return abs(date_year - id_year) <= 1;
}

void jk_order_key(const char *date, int year, long number, const char *release, char *key)
{
    const char *slash = release ? strchr(release, '/') : NULL;
    char day[16];
    if (date && usable(atoi(date), year)) /* "YYYY-MM-DD" */
        snprintf(day, sizeof day, "%.4s%.2s%.2s", date, date + 5, date + 8);
    else
        snprintf(day, sizeof day, "%04d0000", year);
    snprintf(key, JK_ORDER_KEY_SIZE, "%.8s-%06ld%s%.12s", day, number, slash ? "-" : "",
             slash ? slash + 1 : "");
}

/* A notice as its values give it: 32 bytes, so that the 100k notices of a
 * large index take 3 MB while the keys are set. */
typedef struct entry {
    unsigned docid;
    unsigned day;    /* its date, YYYYMMDD; then the day its key should have (0: none) */
    unsigned keyday; /* the day its key has (YYYY0000 for none) */
    int number;      /* its id's, from its key */
    short year;      /* its id's */
    char dated;      /* its date is usable */
    char tie[13];    /* the rest of its key: its release's hex digits */
} entry;

typedef struct walk {
    entry *e;
    size_t n, cap, at; /* at: the next entry a later value stream may name */
    int rc;
} walk;

/* The number that the digits s[0..len) make, or -1 if they are not all digits. */
static long digits(const char *s, size_t len)
{
    long v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9' || v > 99999999)
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return len ? v : -1;
}

static int add_key(unsigned docid, const char *val, size_t len, void *payload)
{
    walk *w = payload;
    const char *dash = len > 9 ? memchr(val + 9, '-', len - 9) : NULL;
    size_t nlen = dash ? (size_t)(dash - val) - 9 : len - 9, tlen = dash ? len - nlen - 10 : 0;
    long day = len > 9 ? digits(val, 8) : -1, number = day >= 0 ? digits(val + 9, nlen) : -1;
    /* a key not of jk_order_key's making is left as it is */
    if (day < 0 || val[8] != '-' || number < 0 || number > 999999 || tlen > 12)
        return 0;
    if ((w->rc = JK_ARRAY_GROW(&w->e, &w->cap, w->n, 1024)))
        return w->rc;
    entry *e = &w->e[w->n++];
    memset(e, 0, sizeof *e);
    e->docid = docid;
    e->keyday = (unsigned)day;
    e->number = (int)number;
    memcpy(e->tie, val + len - tlen, tlen);
    return 0;
}

/* The entry of docid, or NULL; the value streams come in docid order, as the
 * entries do. */
static entry *entry_of(walk *w, unsigned docid)
{
    while (w->at < w->n && w->e[w->at].docid < docid)
        w->at++;
    return w->at < w->n && w->e[w->at].docid == docid ? &w->e[w->at] : NULL;
}

static int add_year(unsigned docid, const char *val, size_t len, void *payload)
{
    entry *e = entry_of(payload, docid);
    long y = len == 4 ? digits(val, 4) : -1;
    if (e && y >= 0)
        e->year = (short)y;
    return 0;
}

static int add_date(unsigned docid, const char *val, size_t len, void *payload)
{
    entry *e = entry_of(payload, docid);
    long d = len == 8 ? digits(val, 8) : -1;
    if (e && d > 0) {
        e->day = (unsigned)d;
        e->dated = 1; /* until the year is checked */
    }
    return 0;
}

/* By id year and number; at one number the dated first, by day, so that the
 * last dated one before an undated notice is the latest of its number. */
static int by_id(const void *pa, const void *pb)
{
    const entry *a = *(entry *const *)pa, *b = *(entry *const *)pb;
    if (a->year != b->year)
        return a->year < b->year ? -1 : 1;
    if (a->number != b->number)
        return a->number < b->number ? -1 : 1;
    if (a->dated != b->dated)
        return a->dated ? -1 : 1;
    if (a->day != b->day)
        return a->day < b->day ? -1 : 1;
    return a->docid < b->docid ? -1 : a->docid > b->docid;
}

/* Gives each undated notice of by[0..n) (one id year, sorted by_id) the day
 * of its dated neighbour, or 0 if the year has none. */
static void estimate(entry **by, size_t n)
{
    unsigned last = 0, next = 0;
    for (size_t i = 0; i < n; i++) {
        if (by[i]->dated)
            last = by[i]->day;
        else
            by[i]->day = last;
    }
    for (size_t i = n; i-- > 0;) {
        if (by[i]->dated)
            next = by[i]->day;
        else if (!by[i]->day)
            by[i]->day = next;
    }
}

int jk_order_store(jk_xdb *db, unsigned *changed, jk_error *err)
{
    walk w = {0};
    entry **by = NULL;
    unsigned set = 0;
    int rc = jk_xdb_values(db, JK_SLOT_ORDER, add_key, &w, err);
    if (w.rc) /* add_key's own failure, which stopped the walk */
        rc = jk_error_set(err, w.rc, "out of memory for the notices' sort keys");
    if (rc == JK_OK && w.n) {
        w.at = 0;
        rc = jk_xdb_values(db, JK_SLOT_YEAR, add_year, &w, err);
    }
    if (rc == JK_OK && w.n) {
        w.at = 0;
        rc = jk_xdb_values(db, JK_SLOT_DATE, add_date, &w, err);
    }
    if (rc == JK_OK && w.n && !(by = malloc(w.n * sizeof *by)))
        rc = jk_error_set(err, JK_ENOMEM, "out of memory for the notices' sort keys");
    if (rc || !w.n)
        goto done;

    for (size_t i = 0; i < w.n; i++) {
        entry *e = &w.e[i];
        if (e->dated && !usable((int)(e->day / 10000), e->year))
            e->dated = 0; /* a typo: as if it had no date */
        by[i] = e;
    }
    qsort(by, w.n, sizeof *by, by_id);
    for (size_t i = 0, j; i < w.n; i = j) {
        for (j = i + 1; j < w.n && by[j]->year == by[i]->year;)
            j++;
        estimate(by + i, j - i);
    }
    for (size_t i = 0; i < w.n && rc == JK_OK; i++) {
        const entry *e = &w.e[i];
        unsigned want = e->day ? e->day : (unsigned)e->year * 10000;
        if (e->dated || want == e->keyday)
            continue; /* a dated notice's key is its own date's */
        char key[JK_ORDER_KEY_SIZE];
        snprintf(key, sizeof key, "%08u-%06d%s%s", want, e->number, e->tie[0] ? "-" : "", e->tie);
        rc = jk_xdb_set_value(db, e->docid, JK_SLOT_ORDER, key, strlen(key), err);
        set++;
    }
done:
    free(by);
    free(w.e);
    if (changed)
        *changed = rc ? 0 : set;
    return rc;
}
