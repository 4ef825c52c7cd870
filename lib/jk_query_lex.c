/* The query's lexer: the text typed, split into words, "phrases", ( ), OR,
 * AND, NOT, -, field:value and the notice ids a notice writes (2023-442,
 * #2023-442, its 【セキュリティ事件簿#2023-442】 tag), each with its column
 * (jk_query_int.h). The parser is jk_query.c. */
#include "jk_query_int.h"

#include "jk_utf8.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static int is_quote(int32_t cp)
{
    return cp == '"' || cp == 0x201C || cp == 0x201D || cp == 0xFF02;
}

/* Does the colon at s (':' or '：', n bytes to the word's end) have two
 * slashes after it, '/' or '／', as in https://? */
static int two_slashes(const char *s, size_t n)
{
    size_t i = s[0] == ':' ? 1 : 3, cn;

    for (int k = 0; k < 2; k++) {
        int32_t c = i < n ? jk_utf8_decode(s + i, n - i, &cn) : -1;
        if (c != '/' && c != 0xFF0F)
            return 0;
        i += cn;
    }
    return 1;
}

static int is_paren(int32_t cp)
{
    return cp == '(' || cp == ')' || cp == 0xFF08 || cp == 0xFF09;
}

static int is_minus(int32_t cp)
{
    return cp == '-' || cp == 0xFF0D || cp == 0x2212;
}

void jk_query_toks_free(tok *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(t[i].text);
        free(t[i].field);
    }
    free(t);
}

/* The ASCII digit or '-' that cp is written for, in either width (a dash
 * or minus for '-'), or 0. */
static char id_char(int32_t cp)
{
    if (cp >= '0' && cp <= '9')
        return (char)cp;
    if (cp >= 0xFF10 && cp <= 0xFF19) /* ０-９ */
        return (char)('0' + (cp - 0xFF10));
    if (cp == '-' || cp == 0xFF0D || cp == 0x2010 || cp == 0x2011 || cp == 0x2012 || cp == 0x2013 ||
        cp == 0x2212 || cp == 0x30FC)
        return '-';
    return 0;
}

/* The bytes of a notice id at s as the archive writes it or a user copies it
 * from there: "【セキュリティ事件簿#2024-217】" (anything may follow), "#2024-217" or
 * "2024-217" (a whole word: then the end, a space, a parenthesis or a quote),
 * digits and dash in either width, with its "YYYY-NNN" into id; 0 if s does
 * not start with one. */
static size_t id_at(const char *s, size_t len, char id[16])
{
    static const char tag[] = "【セキュリティ事件簿", close[] = "】";
    size_t i = 0, n = 0, cn, ydigits = 0, ndigits = 0;
    int tagged = 0, dash = 0;
    int32_t cp;

    if (len >= sizeof tag - 1 && memcmp(s, tag, sizeof tag - 1) == 0) {
        i = sizeof tag - 1;
        tagged = 1;
    }
    cp = i < len ? jk_utf8_decode(s + i, len - i, &cn) : 0;
    if (cp == '#' || cp == 0xFF03)
        i += cn;
    else if (tagged)
        return 0;
    /* YYYY-N, N of 1 to 6 digits: at most 11 bytes into id */
    for (char c; i < len && (c = id_char(jk_utf8_decode(s + i, len - i, &cn))) != 0; i += cn) {
        if (c == '-') {
            if (dash++ || ydigits != 4)
                return 0;
        } else if (dash ? ++ndigits > 6 : ++ydigits > 4) {
            return 0;
        }
        id[n++] = c;
    }
    if (!dash || ndigits == 0)
        return 0;
    id[n] = '\0';
    if (tagged) {
        if (len - i < sizeof close - 1 || memcmp(s + i, close, sizeof close - 1) != 0)
            return 0;
        return i + sizeof close - 1;
    }
    if (i < len) {
        cp = jk_utf8_decode(s + i, len - i, &cn);
        if (!jk_utf8_is_space(cp) && !is_paren(cp) && !is_quote(cp))
            return 0;
    }
    return i;
}

int jk_query_lex(const char *s, tok **out, size_t *nout, jk_error *err)
{
    size_t len = strlen(s), i = 0, col = 1, n = 0, cap = 16, cn;
    char idbuf[16];
    tok *t = malloc(cap * sizeof *t);
    int rc = JK_OK;

    if (!t)
        return jk_error_set(err, JK_ENOMEM, "[query][lex] out of memory");
    while (i < len) {
        int32_t cp = jk_utf8_decode(s + i, len - i, &cn);
        tok k = {T_END, NULL, NULL, col, 0};

        if (jk_utf8_is_space(cp)) {
            i += cn;
            col++;
            continue;
        }
        if (n + 2 >= cap) {
            tok *p = realloc(t, (cap *= 2) * sizeof *t);
            if (!p) {
                rc = jk_error_set(err, JK_ENOMEM, "[query][lex] out of memory");
                break;
            }
            t = p;
        }
        if (is_paren(cp)) {
            k.type = (cp == '(' || cp == 0xFF08) ? T_LP : T_RP;
            i += cn;
            col++;
        } else if (is_quote(cp)) {
            size_t start = i + cn, j = start, qcol = col, jn;
            col++;
            while (j < len) {
                int32_t c2 = jk_utf8_decode(s + j, len - j, &jn);
                if (is_quote(c2))
                    break;
                j += jn;
                col++;
            }
            if (j >= len) {
                rc =
                    jk_error_set(err, JK_EQUERY,
                                 "unbalanced quote: the quote at column %zu is never closed", qcol);
                break;
            }
            k.type = T_PHRASE;
            k.text = strndup(s + start, j - start);
            i = j + jn;
            col++;
        } else if (is_minus(cp) && i + cn < len) {
            size_t nn;
            int32_t next = jk_utf8_decode(s + i + cn, len - i - cn, &nn);
            if (jk_utf8_is_space(next)) {
                i += cn; /* a lone minus: nothing to negate, ignore it */
                col++;
                continue;
            }
            k.type = T_MINUS;
            i += cn;
            col++;
        } else if ((cn = id_at(s + i, len - i, idbuf)) > 0) {
            /* a notice id copied from a notice: the id: filter */
            k.type = T_FIELD;
            k.bare_id = id_char(cp) >= '0' && id_char(cp) <= '9';
            k.field = strdup("id");
            k.text = strdup(idbuf);
            col += jk_utf8_count(s + i, cn);
            i += cn;
            if (!k.field || !k.text) {
                free(k.field);
                free(k.text);
                rc = jk_error_set(err, JK_ENOMEM, "[query][lex] out of memory");
                break;
            }
        } else {
            size_t start = i, colon = 0, wn;
            int has_colon = 0;
            while (i < len) {
                int32_t c2 = jk_utf8_decode(s + i, len - i, &wn);
                if (jk_utf8_is_space(c2) || is_paren(c2) || is_quote(c2))
                    break;
                if (!has_colon && (c2 == ':' || c2 == 0xFF1A)) {
                    has_colon = 1;
                    colon = i;
                    i += wn;
                    col++;
                    /* a quoted value: field:"..." */
                    if (i < len && is_quote(jk_utf8_decode(s + i, len - i, &wn)))
                        break;
                    continue;
                }
                i += wn;
                col++;
            }
            size_t wlen = i - start, flen = colon - start;
            int field = has_colon && flen > 0;
            for (size_t x = start; field && x < colon; x++)
                if (!isalpha((unsigned char)s[x]))
                    field = 0;
            /* https://…, ftp://…: an address pasted whole is words, not a field */
            if (field && two_slashes(s + colon, i - colon))
                field = 0;
            if (field) {
                size_t vstart = colon + (memcmp(s + colon, ":", 1) == 0 ? 1 : 3), vlen = i - vstart;
                k.type = T_FIELD;
                k.field = strndup(s + start, flen);
                for (char *f = k.field; f && *f; f++)
                    *f = (char)tolower((unsigned char)*f);
                if (vlen == 0 && i < len && is_quote(jk_utf8_decode(s + i, len - i, &wn))) {
                    size_t j = i + wn, jn = 0, qcol = col;
                    col++;
                    while (j < len && !is_quote(jk_utf8_decode(s + j, len - j, &jn))) {
                        j += jn;
                        col++;
                    }
                    if (j >= len) {
                        free(k.field);
                        rc = jk_error_set(
                            err, JK_EQUERY,
                            "unbalanced quote: the quote at column %zu is never closed", qcol);
                        break;
                    }
                    k.text = strndup(s + i + wn, j - i - wn);
                    i = j + jn;
                    col++;
                } else {
                    k.text = strndup(s + vstart, vlen);
                }
                if (!k.field || !k.text) {
                    free(k.field);
                    free(k.text);
                    rc = jk_error_set(err, JK_ENOMEM, "[query][lex] out of memory");
                    break;
                }
                if (!k.text[0]) {
                    rc = jk_error_set(err, JK_EQUERY, "%s: at column %zu needs a value", k.field,
                                      k.col);
                    free(k.field);
                    free(k.text);
                    break;
                }
            } else if (wlen == 2 && memcmp(s + start, "OR", 2) == 0) {
                k.type = T_OR;
            } else if (wlen == 3 && memcmp(s + start, "AND", 3) == 0) {
                k.type = T_AND;
            } else if (wlen == 3 && memcmp(s + start, "NOT", 3) == 0) {
                k.type = T_NOT;
            } else {
                k.type = T_WORD;
                k.text = strndup(s + start, wlen);
            }
        }
        if ((k.type == T_WORD || k.type == T_PHRASE) && !k.text) {
            rc = jk_error_set(err, JK_ENOMEM, "[query][lex] out of memory");
            break;
        }
        t[n++] = k;
    }
    if (rc) {
        jk_query_toks_free(t, n);
        return rc;
    }
    t[n].type = T_END;
    t[n].text = t[n].field = NULL;
    t[n].col = col;
    *out = t;
    *nout = n;
    return JK_OK;
}
