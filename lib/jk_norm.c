#include "jk_norm.h"

#include "jk_utf8.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

/* Per-BMP-character cache bits: C_ALONE, the character alone is normalised
 * already; C_BOUNDARY, normalisation has a boundary before it. */
enum { C_KNOWN = 1, C_ALONE = 2, C_BOUNDARY = 4 };

struct jk_norm {
    const UNormalizer2 *nfkc_cf;
    uint8_t cache[0x10000];
    UChar *u16; /* scratch for one segment */
    UChar *u16n;
    size_t u16cap;
};

int jk_norm_new(jk_norm **out, jk_error *err)
{
    UErrorCode status = U_ZERO_ERROR;
    jk_norm *n;

    *out = NULL;
    n = calloc(1, sizeof *n);
    if (!n)
        return jk_error_set(err, JK_ENOMEM, "[norm][new] out of memory");
    n->nfkc_cf = unorm2_getNFKCCasefoldInstance(&status);
    if (U_FAILURE(status)) {
        free(n);
        return jk_error_set(err, JK_EICU, "[norm][new] unorm2_getNFKCCasefoldInstance: %s",
                            u_errorName(status));
    }
    *out = n;
    return JK_OK;
}

void jk_norm_free(jk_norm *n)
{
    if (!n)
        return;
    free(n->u16);
    free(n->u16n);
    free(n);
}

void jk_normtext_free(jk_normtext *t)
{
    if (!t)
        return;
    free(t->text);
    free(t->map);
    memset(t, 0, sizeof *t);
}

/* jk_utf8_decode with the three-byte sequences of Japanese text inline. */
static inline int32_t decode(const char *s, size_t len, size_t *n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (len >= 3 && (u[0] & 0xF0) == 0xE0 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
        int32_t cp = (u[0] & 0x0F) << 12 | (u[1] & 0x3F) << 6 | (u[2] & 0x3F);
        if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
            *n = 3;
            return cp;
        }
    }
    return jk_utf8_decode(s, len, n);
}

/* A character's bits, from ICU (see props). */
static uint8_t props_of(jk_norm *n, int32_t cp)
{
    uint8_t p = 0;
    UChar buf[2];
    int32_t len = 0;
    UErrorCode status = U_ZERO_ERROR;

    if (unorm2_hasBoundaryBefore(n->nfkc_cf, cp))
        p |= C_BOUNDARY;
    U16_APPEND_UNSAFE(buf, len, cp);
    if (unorm2_isNormalized(n->nfkc_cf, buf, len, &status) && U_SUCCESS(status))
        p |= C_ALONE;
    p |= C_KNOWN;
    if (cp < 0x10000)
        n->cache[cp] = p;
    return p;
}

static inline uint8_t props(jk_norm *n, int32_t cp)
{
    if (cp < 0x10000 && (n->cache[cp] & C_KNOWN))
        return n->cache[cp];
    return props_of(n, cp);
}

static int grow(jk_normtext *t, size_t need)
{
    if (need + 1 <= t->cap)
        return 0;
    size_t cap = t->cap ? t->cap : 256;
    while (cap < need + 1)
        cap *= 2;
    char *text = realloc(t->text, cap);
    if (!text)
        return -1;
    t->text = text;
    uint32_t *map = realloc(t->map, cap * sizeof *map);
    if (!map)
        return -1;
    t->map = map;
    t->cap = cap;
    return 0;
}

static int emit(jk_normtext *t, const char *bytes, size_t len, size_t src)
{
    if (grow(t, t->len + len) < 0)
        return -1;
    memcpy(t->text + t->len, bytes, len);
    for (size_t i = 0; i < len; i++)
        t->map[t->len + i] = (uint32_t)src;
    t->len += len;
    return 0;
}

static int u16_room(jk_norm *n, size_t need)
{
    if (need <= n->u16cap)
        return 0;
    size_t cap = n->u16cap ? n->u16cap : 64;
    while (cap < need)
        cap *= 2;
    UChar *a = realloc(n->u16, cap * sizeof(UChar));
    if (!a)
        return -1;
    n->u16 = a;
    UChar *b = realloc(n->u16n, cap * sizeof(UChar));
    if (!b)
        return -1;
    n->u16n = b;
    n->u16cap = cap;
    return 0;
}

/* Normalises one segment src[0..len) (several code points) through ICU. */
static int segment(jk_norm *n, const char *src, size_t len, size_t at, jk_normtext *t,
                   jk_error *err)
{
    UErrorCode status = U_ZERO_ERROR;
    int32_t ulen = 0, nlen, blen = 0;

    if (u16_room(n, len * 4 + 16) < 0)
        return jk_error_set(err, JK_ENOMEM, "[norm][segment] out of memory");
    u_strFromUTF8WithSub(n->u16, (int32_t)n->u16cap, &ulen, src, (int32_t)len, 0xFFFD, NULL,
                         &status);
    if (U_FAILURE(status))
        return jk_error_set(err, JK_EICU, "[norm][segment] u_strFromUTF8: %s", u_errorName(status));
    nlen = unorm2_normalize(n->nfkc_cf, n->u16, ulen, n->u16n, (int32_t)n->u16cap, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) { /* a rare long expansion (U+FDFA...) */
        status = U_ZERO_ERROR;
        if (u16_room(n, (size_t)nlen + 1) < 0)
            return jk_error_set(err, JK_ENOMEM, "[norm][segment] out of memory");
        nlen = unorm2_normalize(n->nfkc_cf, n->u16, ulen, n->u16n, (int32_t)n->u16cap, &status);
    }
    if (U_FAILURE(status))
        return jk_error_set(err, JK_EICU, "[norm][segment] unorm2_normalize: %s",
                            u_errorName(status));
    if (grow(t, t->len + (size_t)nlen * 3) < 0)
        return jk_error_set(err, JK_ENOMEM, "[norm][segment] out of memory");
    u_strToUTF8(t->text + t->len, (int32_t)(t->cap - t->len), &blen, n->u16n, nlen, &status);
    if (U_FAILURE(status))
        return jk_error_set(err, JK_EICU, "[norm][segment] u_strToUTF8: %s", u_errorName(status));
    for (int32_t i = 0; i < blen; i++)
        t->map[t->len + (size_t)i] = (uint32_t)at;
    t->len += (size_t)blen;
    return JK_OK;
}

/* Copies src[from..to), text that normalisation leaves as it is, to t: each
 * output byte maps to the start of its character. */
static int copy_identity(jk_normtext *t, const char *src, size_t from, size_t to)
{
    size_t start = from;
    if (to == from)
        return 0;
    if (grow(t, t->len + (to - from)) < 0)
        return -1;
    memcpy(t->text + t->len, src + from, to - from);
    for (size_t b = from; b < to; b++) {
        if (((unsigned char)src[b] & 0xC0) != 0x80)
            start = b;
        t->map[t->len++] = (uint32_t)start;
    }
    return 0;
}

int jk_norm_run(jk_norm *n, const char *src, size_t len, jk_normtext *t, jk_error *err)
{
    static const char replacement[] = "\xEF\xBF\xBD";
    size_t i = 0, run = 0; /* src[run..i) is unchanged text not yet copied */
    size_t cn = 0;
    int32_t cp = -2; /* the code point at i when already decoded, else -2 */

    t->len = 0;
    t->src_len = len;
    if (len >= UINT32_MAX)
        return jk_error_set(err, JK_EINVAL, "[norm][run] text too long (%zu bytes)", len);
    if (grow(t, len) < 0)
        return jk_error_set(err, JK_ENOMEM, "[norm][run] out of memory");
    while (i < len) {
        size_t j;
        unsigned char c = (unsigned char)src[i];

        /* ASCII fast path: a character not followed by a combining mark. */
        if (c < 0x80 && (i + 1 == len || (unsigned char)src[i + 1] < 0x80)) {
            if (c >= 'A' && c <= 'Z') {
                char lc = (char)(c + 32);
                if (copy_identity(t, src, run, i) < 0 || emit(t, &lc, 1, i) < 0)
                    return jk_error_set(err, JK_ENOMEM, "[norm][run] out of memory");
                run = i + 1;
            }
            i++;
            cp = -2;
            continue;
        }
        if (cp == -2)
            cp = decode(src + i, len - i, &cn);
        if (cp < 0) {
            if (copy_identity(t, src, run, i) < 0 || emit(t, replacement, 3, i) < 0)
                return jk_error_set(err, JK_ENOMEM, "[norm][run] out of memory");
            i += cn;
            run = i;
            cp = -2;
            continue;
        }
        /* the segment: cp and the characters up to the next boundary */
        j = i + cn;
        int32_t next = -2;
        size_t nn = 0;
        while (j < len) {
            next = decode(src + j, len - j, &nn);
            if (next < 0 || (props(n, next) & C_BOUNDARY))
                break;
            j += nn;
            next = -2;
        }
        /* A segment normalises apart from the text around it (the next
         * character has a boundary before it), so a character alone in its
         * segment that is normalised alone stays as it is: most kana, whose
         * lack of a boundary after them (し + U+3099 is じ) would otherwise
         * send each through ICU. */
        if (!(j == i + cn && (props(n, cp) & C_ALONE))) {
            int rc = copy_identity(t, src, run, i) < 0
                         ? jk_error_set(err, JK_ENOMEM, "[norm][run] out of memory")
                         : segment(n, src + i, j - i, i, t, err);
            if (rc)
                return rc;
            run = j;
        }
        i = j;
        cp = next; /* decoded already (or -2) */
        cn = nn;
    }
    if (copy_identity(t, src, run, len) < 0 || grow(t, t->len) < 0)
        return jk_error_set(err, JK_ENOMEM, "[norm][run] out of memory");
    t->text[t->len] = '\0';
    t->map[t->len] = (uint32_t)len;
    return JK_OK;
}

int jk_norm_string(jk_norm *n, const char *src, size_t len, char **out, jk_error *err)
{
    jk_normtext t = JK_NORMTEXT_INIT;
    int rc = jk_norm_run(n, src, len, &t, err);

    *out = NULL;
    if (rc == JK_OK) {
        *out = t.text;
        t.text = NULL;
    }
    jk_normtext_free(&t);
    return rc;
}

size_t jk_normtext_src_start(const jk_normtext *t, size_t off)
{
    if (off >= t->len)
        return t->src_len;
    return t->map[off];
}

size_t jk_normtext_src_end(const jk_normtext *t, size_t off)
{
    size_t k;
    uint32_t seg;

    if (off == 0)
        return t->len ? t->map[0] : 0;
    if (off > t->len)
        off = t->len;
    seg = t->map[off - 1];
    for (k = off; k < t->len && t->map[k] == seg; k++)
        ;
    return k < t->len ? t->map[k] : t->src_len;
}
