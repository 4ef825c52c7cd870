/* jk_query_filter: a query's field:value (cause:, sector:, year:, date:,
 * org:, id:, like:, file:) as a filter node of its tree: the labels, years,
 * id or organisation's words it names as boolean terms, or a date range, and
 * the error that says what to write instead when it names none. Internal to
 * the query's files (jk_query_int.h). */
#include "jk_query.h"
#include "jk_query_int.h"

#include "jk_array.h"
#include "jk_buf.h"
#include "jk_norm.h"
#include "jk_schema.h"
#include "jk_taxonomy.h"
#include "jk_utf8.h"
#include "jk_vocab.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The current year, for year:2022.. (a clock that fails gives 2998, so that one more is 2999). */
static int this_year(void)
{
    time_t now = time(NULL);
    struct tm tm;
    if (now == (time_t)-1 || !gmtime_r(&now, &tm))
        return 2998;
    return tm.tm_year + 1900;
}

/* One end of a date: range, YYYY, YYYY-M or YYYY-M-D ('-' or '/', months
 * and days of one or two digits), into out as "YYYYMMDD": the first day it
 * names, or the last if upper (a month ends at its 31st, which sorts after
 * every day it has). 0, or -1 if bad. */
static int date_bound(const char *s, size_t len, int upper, char out[9])
{
    int part[3] = {0, 0, 0}, np = 0, digits = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && isdigit((unsigned char)s[i])) {
            if (++digits > (np == 0 ? 4 : 2))
                return -1;
            part[np] = part[np] * 10 + (s[i] - '0');
        } else if (i == len || ((s[i] == '-' || s[i] == '/') && np < 2)) {
            if (digits == 0 || (np == 0 && digits != 4))
                return -1;
            np++;
            digits = 0;
        } else {
            return -1;
        }
    }
    if (np < 2)
        part[1] = upper ? 12 : 1;
    if (np < 3)
        part[2] = upper ? 31 : 1;
    if (part[0] < JK_YEAR_MIN || part[0] > 2999 || part[1] < 1 || part[1] > 12 || part[2] < 1 ||
        part[2] > 31)
        return -1;
    snprintf(out, 9, "%04d%02d%02d", part[0], part[1], part[2]);
    return 0;
}

/* date:V into n: V is one date (a year, month or day: all of its days), or
 * A..B, A.. or ..B. */
static int date_filter(node *n, const char *norm, const char *value, size_t col, jk_error *err)
{
    const char *dots = strstr(norm, "..");
    size_t len = strlen(norm);
    int bad;

    n->dates = 1;
    if (!dots)
        bad = date_bound(norm, len, 0, n->lo) || date_bound(norm, len, 1, n->hi);
    else
        bad = (dots == norm && dots[2] == '\0') ||
              (dots > norm && date_bound(norm, (size_t)(dots - norm), 0, n->lo)) ||
              (dots[2] && date_bound(dots + 2, strlen(dots + 2), 1, n->hi)) ||
              (n->lo[0] && n->hi[0] && strcmp(n->lo, n->hi) > 0);
    if (bad)
        return jk_error_set(err, JK_EQUERY,
                            "date:%s at column %zu: bad date or range; write date:2024-06, "
                            "date:2024-06-05 (or 2024/6/5), date:2024-05..2024-06, "
                            "date:2024-05-20.. or date:..2024 (first date not after the last)",
                            value, col);
    return JK_OK;
}

/* The edits from text to the nearest of the words of s between sep
 * ("|" for aliases, "・" for a name's parts), ASCII in any case: at most
 * maxdist + 1. */
static unsigned words_distance(const char *s, const char *sep, const char *text, unsigned maxdist)
{
    unsigned best = maxdist + 1;
    size_t len = strlen(text);
    char a[64], b[64];

    if (len >= sizeof b)
        return best;
    for (size_t i = 0; i <= len; i++)
        b[i] = (char)tolower((unsigned char)text[i]);
    for (const char *p = s; p && *p;) {
        const char *end = strstr(p, sep);
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n < sizeof a) {
            for (size_t i = 0; i < n; i++)
                a[i] = (char)tolower((unsigned char)p[i]);
            unsigned d = jk_vocab_distance(a, n, b, len, maxdist);
            best = d < best ? d : best;
        }
        p += n + (end ? strlen(sep) : 0);
    }
    return best;
}

/* The one label of facet f within one edit of text (two for a text of five
 * characters or more; none for fewer than three) by its slug, a part of its
 * name or an alias: cause:ransomeware, sector:educaton. NULL if there is
 * none, or more than one at the same distance. */
static const jk_label *label_near(jk_facet f, const char *text)
{
    size_t n, chars = jk_utf8_count(text, strlen(text));
    const jk_label *all = jk_taxonomy_labels(f, &n), *best = NULL;
    unsigned maxdist = chars <= 4 ? 1 : 2, bestd = maxdist + 1;
    int tie = 0;

    if (chars < 3)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned d = words_distance(all[i].slug, "|", text, maxdist);
        unsigned dn = words_distance(all[i].name, "・", text, maxdist);
        unsigned da = words_distance(all[i].aliases, "|", text, maxdist);
        d = dn < d ? dn : d;
        d = da < d ? da : d;
        if (d < bestd) {
            bestd = d;
            best = &all[i];
            tie = 0;
        } else if (d == bestd && d <= maxdist) {
            tie = 1;
        }
    }
    return tie ? NULL : best;
}

/* No label or more than one for field:value (text is value, perhaps
 * normalised): the error lists the labels to choose from, after the one
 * that value is likely a typo of. */
static int filter_error(const char *field, jk_facet f, const char *text, const char *value,
                        size_t col, size_t nmatch, jk_error *err)
{
    size_t nl;
    const jk_label *all = jk_taxonomy_labels(f, &nl), *near;
    jk_buf names = JK_BUF_INIT;
    int brc = 0, rc;

    for (size_t i = 0; i < nl; i++)
        if (nmatch < 2 || jk_taxonomy_near(&all[i], text))
            jk_buf_printf(&names, &brc, "%s%s (%s)", names.n ? ", " : "", all[i].slug, all[i].name);
    if (nmatch > 1)
        rc = jk_error_set(err, JK_EQUERY, "%s:%s at column %zu: fits %zu %ss; use one of: %s",
                          field, value, col, nmatch, field, names.p ? names.p : "");
    else if ((near = label_near(f, text)) != NULL)
        rc = jk_error_set(err, JK_EQUERY,
                          "%s:%s at column %zu: no such %s; did you mean %s:%s? (or one of: %s)",
                          field, value, col, field, field, near->slug, names.p ? names.p : "");
    else
        rc = jk_error_set(err, JK_EQUERY, "%s:%s at column %zu: no such %s; use one of: %s", field,
                          value, col, field, names.p ? names.p : "");
    jk_buf_free(&names);
    return rc;
}

/* The notice id value of field (id:, like:), normalised into *out (caller
 * frees): 2023-442, also written #2023-442 or in full width. */
static int notice_id(jk_analyzer *an, const char *field, const char *value, size_t col, char **out,
                     jk_error *err)
{
    char *norm = NULL;
    size_t len;
    int rc, ok;

    *out = NULL;
    rc = jk_norm_string(jk_analyzer_norm(an), value, strlen(value), &norm, err);
    if (rc)
        return rc;
    if (norm[0] == '#')
        memmove(norm, norm + 1, strlen(norm));
    /* YYYY-N, N of 1 to 6 digits, as id_at reads them */
    len = strlen(norm);
    ok = len >= 6 && len <= 11 && norm[4] == '-';
    for (size_t i = 0; ok && i < len; i++)
        ok = i == 4 || isdigit((unsigned char)norm[i]);
    if (!ok) {
        free(norm);
        return jk_error_set(err, JK_EQUERY, "%s:%s at column %zu: a notice id looks like 2023-442",
                            field, value, col);
    }
    *out = norm;
    return JK_OK;
}

/* Adds the boolean term to filter n; JK_ENOMEM with a message. */
static int filter_term(node *n, const char *term, jk_error *err)
{
    if (jk_query_strv_add(&n->terms, term, strlen(term)))
        return jk_error_set(err, JK_ENOMEM, "[query] out of memory");
    return JK_OK;
}

/* A note that field:value, an alias, stands for the whole of label l
 * (sector:市 is every local government, not only cities); a Japanese
 * sector alias is also how organisations are named, which org: narrows by. */
static int alias_note(jk_query *q, const char *field, const char *value, const jk_label *l,
                      jk_error *err)
{
    char msg[512];
    int org = 0; /* a Japanese word for a sector */

    for (const char *p = value; *p; p++)
        org |= (unsigned char)*p >= 0x80;
    org &= strcmp(field, "sector") == 0;
    snprintf(msg, sizeof msg, "%s:%s is read as %s:%s (%s)", field, value, field, l->slug, l->name);
    if (org) {
        size_t k = strlen(msg);
        snprintf(msg + k, sizeof msg - k, "; org:%s finds the organisations named with it", value);
    }
    if (!jk_query_strv_has(&q->warnings, msg, strlen(msg)) &&
        jk_query_strv_add(&q->warnings, msg, strlen(msg)))
        return jk_error_set(err, JK_ENOMEM, "[query] out of memory");
    return JK_OK;
}

/* The label of facet f (cause or sector) that value names, as the term of
 * filter n: as typed, or normalised (ＲＡＮＳＯＭＷＡＲＥ, ﾗﾝｻﾑｳｪｱ). */
static int label_filter(jk_query *q, jk_analyzer *an, node *n, const char *field, jk_facet f,
                        const char *value, size_t col, jk_error *err)
{
    char term[JK_XTERM_MAX + 8];
    size_t nmatch;
    const jk_label *l = jk_taxonomy_find(f, value, &nmatch);
    char *norm = NULL;
    int rc = JK_OK;

    if (!l && nmatch == 0 &&
        jk_norm_string(jk_analyzer_norm(an), value, strlen(value), &norm, NULL) == JK_OK)
        l = jk_taxonomy_find(f, norm, &nmatch);
    if (!l)
        rc = filter_error(field, f, norm ? norm : value, value, col, nmatch, err);
    if (l && jk_taxonomy_alias(l, norm ? norm : value))
        rc = alias_note(q, field, value, l, err);
    free(norm);
    if (l && rc == JK_OK) {
        snprintf(term, sizeof term, "%s%s",
                 f == JK_FACET_CAUSE ? JK_PREFIX_CAUSE : JK_PREFIX_SECTOR, l->slug);
        rc = filter_term(n, term, err);
    }
    return rc;
}

/* The years value names (2023, 2022..2024, 2022.., ..2022) as the terms of
 * filter n. */
static int year_filter(jk_analyzer *an, node *n, const char *value, size_t col, jk_error *err)
{
    char term[JK_XTERM_MAX + 8];
    char *norm = NULL;
    int a = 0, b = 0, consumed = 0;
    int rc = jk_norm_string(jk_analyzer_norm(an), value, strlen(value), &norm, err);

    if (rc == JK_OK) {
        size_t nl = strlen(norm);
        if (sscanf(norm, "%4d..%4d%n", &a, &b, &consumed) == 2 && consumed == 10 && nl == 10) {
            /* a range */
        } else if (sscanf(norm, "%4d%n", &a, &consumed) == 1 && consumed == 4 && nl == 4) {
            b = a;
        } else if (nl == 6 && sscanf(norm, "%4d..%n", &a, &consumed) == 1 && consumed == 6) {
            b = this_year() + 1; /* from a onwards: no notice is dated later */
        } else if (nl == 6 && sscanf(norm, "..%4d%n", &b, &consumed) == 1 && consumed == 6) {
            a = JK_YEAR_MIN;
        } else {
            a = -1;
        }
        if (a < JK_YEAR_MIN || b > 2999 || a > b)
            rc = jk_error_set(err, JK_EQUERY,
                              "year:%s at column %zu: bad year or range; write year:2023, "
                              "year:2022..2024 (first year not after the last), year:2022.. "
                              "or year:..2022",
                              value, col);
        for (int y = a; rc == JK_OK && y <= b; y++) {
            snprintf(term, sizeof term, JK_PREFIX_YEAR "%d", y);
            rc = filter_term(n, term, err);
        }
    }
    free(norm);
    return rc;
}

/* The length of the first item of a list written with ',' '，' or '、'
 * between items (cause:ransomware,malware), and in *sep the length of the
 * separator after it (0 at the end). */
static size_t list_item(const char *s, size_t *sep)
{
    static const char *const seps[] = {",", "，", "、"};

    for (size_t i = 0; s[i]; i++)
        for (size_t k = 0; k < sizeof seps / sizeof seps[0]; k++)
            if (strncmp(s + i, seps[k], strlen(seps[k])) == 0) {
                *sep = strlen(seps[k]);
                return i;
            }
    *sep = 0;
    return strlen(s);
}

/* The notice id value names (2023-442, #2023-442) as the term of filter n. */
static int id_filter(jk_analyzer *an, node *n, const char *value, size_t col, jk_error *err)
{
    char term[JK_XTERM_MAX + 8];
    char *norm = NULL;
    int rc = notice_id(an, "id", value, col, &norm, err);

    if (rc == JK_OK) {
        snprintf(term, sizeof term, JK_PREFIX_ID "%s", norm);
        rc = filter_term(n, term, err);
    }
    free(norm);
    return rc;
}

/* The words of an organisation's name (org:大阪市), all of them side by side,
 * as the terms of filter n. */
static int org_filter(jk_analyzer *an, node *n, const char *value, size_t col, jk_error *err)
{
    char term[JK_XTERM_MAX + 8];
    strv words = {NULL, 0, 0};
    int rc = jk_query_terms(an, value, &words, err);

    for (size_t i = 0; rc == JK_OK && i < words.n; i++) {
        snprintf(term, sizeof term, JK_PREFIX_ORG "%s", words.v[i]);
        rc = filter_term(n, term, err);
    }
    if (rc == JK_OK && words.n == 0)
        rc = jk_error_set(err, JK_EQUERY, "org:%s at column %zu: no searchable word in it", value,
                          col);
    n->conjunctive = 1;
    jk_query_strv_free(&words);
    return rc;
}

/* cause:, sector:, year:, id: and org: take a list, any of whose items
 * matches (cause:ransomware,malware; year:2019,2022..2024; org:大阪市,京都市).
 * Each item adds its terms to filter *n; for org:, whose name's words must
 * stand together, a list makes *n (an empty filter, replaced) an OR of one
 * filter per name. */
static int list_filter(jk_query *q, jk_analyzer *an, node **n, const char *field, const char *value,
                       size_t col, jk_error *err)
{
    int rc = JK_OK, f = jk_taxonomy_facet(field);
    size_t sep;
    node *any = NULL;

    list_item(value, &sep);
    if (sep && strcmp(field, "org") == 0 && !(any = jk_query_node_new(N_OR)))
        return jk_error_set(err, JK_ENOMEM, "[query] out of memory");
    for (const char *p = value; rc == JK_OK;) {
        size_t len = list_item(p, &sep);
        char *item = strndup(p, len);
        node *into = any ? jk_query_node_new(N_FILTER) : *n;
        if (!item || !into || (any && jk_query_node_add(any, into))) {
            if (any)
                jk_query_node_free(into);
            rc = jk_error_set(err, JK_ENOMEM, "[query] out of memory");
        } else if (len == 0 && (sep || p != value)) {
            rc = jk_error_set(err, JK_EQUERY,
                              "%s:%s at column %zu: an empty item in the list; write "
                              "%s:A,B (no spaces) for either",
                              field, value, col, field);
        } else if (f == JK_FACET_YEAR) {
            rc = year_filter(an, into, item, col, err);
        } else if (f == JK_FACET_CAUSE || f == JK_FACET_SECTOR) {
            rc = label_filter(q, an, into, field, (jk_facet)f, item, col, err);
        } else if (strcmp(field, "id") == 0) {
            rc = id_filter(an, into, item, col, err);
        } else {
            rc = org_filter(an, into, item, col, err);
        }
        free(item);
        if (!sep)
            break;
        p += len + sep;
    }
    if (any) {
        jk_query_node_free(*n);
        *n = any;
    }
    return rc;
}

int jk_query_filter(jk_query *q, jk_analyzer *an, const char *field, const char *value, size_t col,
                    node **out, jk_error *err)
{
    node *n = jk_query_node_new(N_FILTER);
    int rc = JK_OK, f = jk_taxonomy_facet(field);

    *out = NULL;
    if (!n)
        return jk_error_set(err, JK_ENOMEM, "[query] out of memory");
    if (f >= 0 || strcmp(field, "id") == 0 || strcmp(field, "org") == 0) {
        rc = list_filter(q, an, &n, field, value, col, err);
    } else if (strcmp(field, "like") == 0) {
        /* every notice here; the search ranks and keeps those like the notice */
        if (q->like)
            rc = jk_error_set(err, JK_EQUERY,
                              "like:%s at column %zu: one like: per query (like:%s came first)",
                              value, col, q->like);
        else
            rc = notice_id(an, field, value, col, &q->like, err);
        n->all = 1;
        n->like = 1;
    } else if (strcmp(field, "date") == 0) {
        char *norm = NULL;
        rc = jk_norm_string(jk_analyzer_norm(an), value, strlen(value), &norm, err);
        if (rc == JK_OK)
            rc = date_filter(n, norm, value, col, err);
        free(norm);
    } else if (strcmp(field, "file") == 0) {
        /* the index's records name the files: the search looks them up (jk_query_set_file_ids) */
        n->file = 1;
        n->col = col;
        if (!*value)
            rc = jk_error_set(err, JK_EQUERY, "file: at column %zu: name an archive file", col);
        else if (!(n->text = strdup(value)) || JK_ARRAY_GROW(&q->files, &q->capf, q->nfiles, 4))
            rc = jk_error_set(err, JK_ENOMEM, "[query] out of memory");
        else
            q->files[q->nfiles++] = n;
    } else {
        rc = jk_error_set(err, JK_EQUERY,
                          "unknown field '%s:' at column %zu; fields are cause:, sector:, year:, "
                          "date:, org:, id:, like:, file: (quote a word that contains a colon)",
                          field, col);
    }
    if (rc) {
        jk_query_node_free(n);
        return rc;
    }
    *out = n;
    return JK_OK;
}
