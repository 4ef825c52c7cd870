#include "jk_record.h"

#include "jk_error.h"

#include <stdlib.h>
#include <string.h>

void jk_record_put(jk_buf *b, int *rc, const char *key, const char *value, size_t len)
{
    size_t i, run = 0;

    if (!value)
        return;
    jk_buf_puts(b, rc, key);
    jk_buf_putc(b, rc, '\t');
    for (i = 0; i < len; i++) {
        const char *esc = value[i] == '\\'   ? "\\\\"
                          : value[i] == '\t' ? "\\t"
                          : value[i] == '\n' ? "\\n"
                                             : NULL;
        if (!esc)
            continue;
        jk_buf_append(b, rc, value + run, i - run);
        jk_buf_puts(b, rc, esc);
        run = i + 1;
    }
    jk_buf_append(b, rc, value + run, len - run);
    jk_buf_putc(b, rc, '\n');
}

void jk_record_puts(jk_buf *b, int *rc, const char *key, const char *value)
{
    if (value)
        jk_record_put(b, rc, key, value, strlen(value));
}

void jk_record_putu(jk_buf *b, int *rc, const char *key, unsigned long value)
{
    jk_buf_printf(b, rc, "%s\t%lu\n", key, value);
}

/* Finds the raw (escaped) value of key: returns its start and sets *vlen. */
static const char *find_raw(const char *rec, size_t len, const char *key, size_t *vlen)
{
    size_t klen = strlen(key), i = 0;

    while (i < len) {
        const char *line = rec + i;
        const char *nl = memchr(line, '\n', len - i);
        size_t linelen = nl ? (size_t)(nl - line) : len - i;
        if (linelen > klen && memcmp(line, key, klen) == 0 && line[klen] == '\t') {
            *vlen = linelen - klen - 1;
            return line + klen + 1;
        }
        i += linelen + 1;
    }
    return NULL;
}

char *jk_record_get(const char *rec, size_t len, const char *key, int *rc)
{
    size_t vlen, i, o = 0;
    const char *v = find_raw(rec, len, key, &vlen);
    char *out;

    if (!v)
        return NULL;
    out = malloc(vlen + 1);
    if (!out) {
        if (rc)
            *rc = JK_ENOMEM;
        return NULL;
    }
    for (i = 0; i < vlen; i++) {
        if (v[i] == '\\' && i + 1 < vlen) {
            i++;
            out[o++] = v[i] == 'n' ? '\n' : v[i] == 't' ? '\t' : v[i];
        } else {
            out[o++] = v[i];
        }
    }
    out[o] = '\0';
    return out;
}

unsigned long jk_record_getu(const char *rec, size_t len, const char *key, unsigned long dflt)
{
    size_t vlen;
    const char *v = find_raw(rec, len, key, &vlen);
    unsigned long n = 0;
    size_t i;

    if (!v || vlen == 0)
        return dflt;
    for (i = 0; i < vlen; i++) {
        if (v[i] < '0' || v[i] > '9')
            return dflt;
        n = n * 10 + (unsigned long)(v[i] - '0');
    }
    return n;
}
