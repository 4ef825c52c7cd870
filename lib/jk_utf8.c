#include "jk_utf8.h"

int32_t jk_utf8_decode(const char *str, size_t len, size_t *n)
{
    const unsigned char *s = (const unsigned char *)str;
    int32_t cp, min;
    size_t need, i;

    *n = 1;
    if (len == 0)
        return -1;
    if (s[0] < 0x80)
        return s[0];
    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        need = 2, cp = s[0] & 0x1F, min = 0x80;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF)
        need = 3, cp = s[0] & 0x0F, min = 0x800;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4)
        need = 4, cp = s[0] & 0x07, min = 0x10000;
    else
        return -1;
    if (len < need)
        return -1;
    for (i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return -1;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return -1;
    *n = need;
    return cp;
}

size_t jk_utf8_invalid_at(const char *s, size_t len)
{
    size_t i = 0, n;

    while (i < len) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        if (jk_utf8_decode(s + i, len - i, &n) < 0)
            return i;
        i += n;
    }
    return len;
}

size_t jk_utf8_encode(int32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

int jk_utf8_is_space(int32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' ||
           cp == 0xA0 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F ||
           cp == 0x205F || cp == 0xFEFF;
}

int jk_utf8_is_blank(const char *s, size_t len)
{
    size_t i = 0, n;

    while (i < len) {
        int32_t cp = jk_utf8_decode(s + i, len - i, &n);
        if (!jk_utf8_is_space(cp))
            return 0;
        i += n;
    }
    return 1;
}

const char *jk_utf8_trim(const char *s, size_t *len)
{
    size_t start = 0, end = *len, n;

    while (start < end) {
        int32_t cp = jk_utf8_decode(s + start, end - start, &n);
        if (!jk_utf8_is_space(cp))
            break;
        start += n;
    }
    while (end > start) {
        size_t back = 1;
        while (back < 4 && end - back > start && ((unsigned char)s[end - back] & 0xC0) == 0x80)
            back++;
        int32_t cp = jk_utf8_decode(s + end - back, back, &n);
        if (!jk_utf8_is_space(cp))
            break;
        end -= back;
    }
    *len = end - start;
    return s + start;
}

size_t jk_utf8_count(const char *s, size_t len)
{
    size_t i = 0, n, count = 0;

    while (i < len) {
        jk_utf8_decode(s + i, len - i, &n);
        i += n;
        count++;
    }
    return count;
}
