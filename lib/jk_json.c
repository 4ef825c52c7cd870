#include "jk_json.h"

#include "jk_utf8.h"

#include <string.h>

void jk_json_str(jk_buf *b, int *rc, const char *s, size_t len)
{
    size_t i, run = 0;

    if (!s) {
        jk_buf_puts(b, rc, "null");
        return;
    }
    jk_buf_putc(b, rc, '"');
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        size_t n;
        if (c >= 0x80) { /* JSON is UTF-8: a byte that is not (a path) is U+FFFD */
            if (jk_utf8_decode(s + i, len - i, &n) >= 0) {
                i += n - 1;
                continue;
            }
            jk_buf_append(b, rc, s + run, i - run);
            jk_buf_puts(b, rc, "\xEF\xBF\xBD");
            run = i + 1;
            continue;
        }
        if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F)
            continue;
        jk_buf_append(b, rc, s + run, i - run);
        switch (c) {
        case '"':
            jk_buf_puts(b, rc, "\\\"");
            break;
        case '\\':
            jk_buf_puts(b, rc, "\\\\");
            break;
        case '\n':
            jk_buf_puts(b, rc, "\\n");
            break;
        case '\t':
            jk_buf_puts(b, rc, "\\t");
            break;
        case '\r':
            jk_buf_puts(b, rc, "\\r");
            break;
        default:
            jk_buf_printf(b, rc, "\\u%04x", c);
            break;
        }
        run = i + 1;
    }
    jk_buf_append(b, rc, s + run, len - run);
    jk_buf_putc(b, rc, '"');
}

void jk_json_cstr(jk_buf *b, int *rc, const char *s)
{
    jk_json_str(b, rc, s, s ? strlen(s) : 0);
}

void jk_json_strv(jk_buf *b, int *rc, const char *const *v, size_t n)
{
    jk_buf_putc(b, rc, '[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            jk_buf_putc(b, rc, ',');
        jk_json_cstr(b, rc, v[i]);
    }
    jk_buf_putc(b, rc, ']');
}

void jk_json_key(jk_buf *b, int *rc, const char *key, int first)
{
    if (!first)
        jk_buf_putc(b, rc, ',');
    jk_json_cstr(b, rc, key);
    jk_buf_putc(b, rc, ':');
}
