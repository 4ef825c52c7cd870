#include "jk_order.h"

#include "jk_array.h"
#include "jk_schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void jk_order_key(const char *date, int year, long number, char *key)
{
    if (date && abs(atoi(date) - year) <= 1) /* "YYYY-MM-DD" */
        snprintf(key, JK_ORDER_KEY_SIZE, "%.4s%.2s%.2s-%06ld", date, date + 5, date + 8, number);
    else
        snprintf(key, JK_ORDER_KEY_SIZE, "%04d0000-%06ld", year, number);
}

/* A notice as its values give it. */
typedef struct entry {
    unsigned docid;
    long number;                 /* from its key */
    int year;                    /* its id's */
    int dated;                   /* its date is usable */
    char day[9];                 /* that date, "YYYYMMDD"; then the day its key should have */
    char key[JK_ORDER_KEY_SIZE]; /* the key it has */
} entry;

typedef struct walk {
    entry *e;
    size_t n, cap, at; /* at: the next entry a later value stream may name */
    int rc;
} walk;

static int add_key(unsigned docid, const char *val, size_t len, void *payload)
{
    walk *w = payload;
    /* a key not of jk_order_key's making is left as it is */
    if (len < 10 || len >= JK_ORDER_KEY_SIZE || val[8] != '-')
        return 0;
    if ((w->rc = JK_ARRAY_GROW(&w->e, &w->cap, w->n, 1024)))
        return w->rc;
    entry *e = &w->e[w->n++];
    memset(e, 0, sizeof *e);
    e->docid = docid;
    memcpy(e->key, val, len);
    e->number = strtol(e->key + 9, NULL, 10);
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
    if (e && len == 4)
        e->year = atoi(val);
    return 0;
}

static int add_date(unsigned docid, const char *val, size_t len, void *payload)
{
    entry *e = entry_of(payload, docid);
    if (e && len == 8) {
        memcpy(e->day, val, 8);
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
    int c = strcmp(a->day, b->day);
    if (c)
        return c;
    return a->docid < b->docid ? -1 : a->docid > b->docid;
}

/* Gives each undated notice of by[0..n) (one id year, sorted by_id) the day
 * of its dated neighbour, or clears it if the year has none. */
static void estimate(entry **by, size_t n)
{
    const char *last = NULL;
    for (size_t i = 0; i < n; i++) {
        if (by[i]->dated)
            last = by[i]->day;
        else if (last)
            memcpy(by[i]->day, last, 9);
        else
            by[i]->day[0] = '\0';
    }
    const char *next = NULL;
    for (size_t i = n; i-- > 0;) {
        if (by[i]->dated)
            next = by[i]->day;
        else if (!by[i]->day[0] && next)
            memcpy(by[i]->day, next, 9);
    }
}

int jk_order_store(jk_xdb *db, unsigned *changed, jk_error *err)
{
    walk w = {0};
    entry **by = NULL;
    unsigned set = 0;
    int rc = jk_xdb_values(db, JK_SLOT_ORDER, add_key, &w, err);
    if (rc == JK_OK && w.rc)
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
        if (e->dated && abs(atoi(e->day) / 10000 - e->year) > 1)
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
        entry *e = &w.e[i];
        char want[JK_ORDER_KEY_SIZE];
        if (e->dated)
            continue; /* its key is its own date's */
        if (e->day[0])
            snprintf(want, sizeof want, "%.8s-%06ld", e->day, e->number);
        else
            jk_order_key(NULL, e->year, e->number, want);
        if (strcmp(want, e->key) != 0) {
            rc = jk_xdb_set_value(db, e->docid, JK_SLOT_ORDER, want, strlen(want), err);
            set++;
        }
    }
done:
    free(by);
    free(w.e);
    if (changed)
        *changed = rc ? 0 : set;
    return rc;
}
