#include "jk_cli.h"

#include "jk_analyze.h"
#include "jk_config.h"
#include "jk_paths.h"
#include "jk_utf8.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const char *jk_cli_name(const char *path)
{
    return strcmp(path, "-") == 0 ? "(standard input)" : path;
}

void jk_cli_put_text(FILE *f, const char *s, size_t n, int keep_newlines)
{
    size_t run = 0; /* s[run..i) is clean and not yet written */
    for (size_t i = 0; i < n;) {
        unsigned char b = (unsigned char)s[i];
        size_t bad = 0, len = 1;
        if ((b < 0x20 && !(b == '\n' && keep_newlines)) || b == 0x7F)
            bad = 1;
        else if (b >= 0x80) {
            int32_t cp = jk_utf8_decode(s + i, n - i, &len);
            if (cp < 0 || (cp >= 0x80 && cp <= 0x9F)) /* not UTF-8 (damage), or C1 */
                bad = len;
        }
        if (!bad) {
            i += len;
            continue;
        }
        fwrite(s + run, 1, i - run, f);
        fputs("\xEF\xBF\xBD", f);
        i += bad;
        run = i;
    }
    fwrite(s + run, 1, n - run, f);
}

void jk_cli_put_str(FILE *f, const char *s)
{
    if (s)
        jk_cli_put_text(f, s, strlen(s), 0);
}

int jk_cli_read_file(const char *path, char **buf, size_t *len, jk_error *err)
{
    FILE *f;
    char *p = NULL;
    size_t n = 0, cap = 0;
    struct stat st;
    int is_stdin = strcmp(path, "-") == 0;

    *buf = NULL;
    *len = 0;
    if (!is_stdin && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return jk_error_set(err, JK_EIO, "%s: is a directory", path);
    f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) /* out of memory is the run's failure, not the file's */
        return jk_error_set(err, errno == ENOMEM ? JK_ENOMEM : JK_EIO, "%s: cannot open: %s", path,
                            strerror(errno));
    for (;;) {
        if (cap - n < 65536) {
            cap = cap ? cap * 2 : 262144;
            char *q = realloc(p, cap + 1);
            if (!q) {
                free(p);
                if (!is_stdin)
                    fclose(f);
                return jk_error_set(err, JK_ENOMEM, "%s: out of memory", jk_cli_name(path));
            }
            p = q;
        }
        size_t got = fread(p + n, 1, cap - n, f);
        n += got;
        /* a NUL byte makes it binary, not an archive: what was read says so,
         * and a stream such as /dev/zero is not read on until memory runs out */
        if (got == 0 || memchr(p + n - got, '\0', got))
            break;
    }
    if (ferror(f)) {
        int e = errno;
        free(p);
        if (!is_stdin)
            fclose(f);
        return jk_error_set(err, JK_EIO, "%s: cannot read: %s", jk_cli_name(path), strerror(e));
    }
    if (!is_stdin)
        fclose(f);
    p[n] = '\0';
    *buf = p;
    *len = n;
    return JK_OK;
}

int jk_cli_color(FILE *stream, const char *mode)
{
    const char *no = getenv("NO_COLOR"), *term = getenv("TERM");

    if (mode && strcmp(mode, "always") == 0)
        return 1;
    if (mode && strcmp(mode, "never") == 0)
        return 0;
    if (no && *no)
        return 0;
    if (term && strcmp(term, "dumb") == 0)
        return 0;
    return isatty(fileno(stream));
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void jk_progress_init(jk_progress *p, FILE *out, int on, size_t total)
{
    p->out = out;
    p->on = on;
    p->total = total;
    p->last = 0;
    p->start = now();
}

void jk_progress_eta(double elapsed, double pos, char *buf, size_t n)
{
    double left;

    buf[0] = '\0';
    if (elapsed < 1 || pos < 0.02 || pos >= 1)
        return;
    left = elapsed * (1 - pos) / pos;
    if (left >= 90)
        snprintf(buf, n, ", about %.0f min left", left / 60);
    else
        snprintf(buf, n, ", about %.0f s left", left < 1 ? 1 : left);
}

void jk_progress_show(jk_progress *p, size_t done, double frac, const char *note, int force)
{
    enum { WIDTH = 30 };
    char bar[WIDTH + 1], eta[48];
    double t, pos;
    int fill;

    if (!p->on || p->total == 0)
        return;
    t = now();
    if (!force && t - p->last < 0.1)
        return;
    p->last = t;
    pos = ((double)done + frac) / (double)p->total;
    if (pos > 1)
        pos = 1;
    fill = (int)(pos * WIDTH);
    memset(bar, '#', (size_t)fill);
    memset(bar + fill, '.', (size_t)(WIDTH - fill));
    bar[WIDTH] = '\0';
    jk_progress_eta(t - p->start, pos, eta, sizeof eta);
    if (p->total > 1) /* item done+1 of total is under way */
        fprintf(p->out, "\r\033[K[%s] %zu/%zu %.50s%s", bar, done, p->total, note ? note : "", eta);
    else
        fprintf(p->out, "\r\033[K[%s] %.50s%s", bar, note ? note : "", eta);
    fflush(p->out);
}

void jk_progress_done(jk_progress *p)
{
    if (!p->on)
        return;
    fprintf(p->out, "\r\033[K");
    fflush(p->out);
}

void jk_cli_version(FILE *f, const char *prog)
{
    jk_analyzer *a = NULL;
    jk_error err;

    fprintf(f, "%s %s\n", prog, JK_VERSION);
    fprintf(f, "system dictionary: %s\n", jk_paths_sysdic());
    fprintf(f, "user dictionary and lists: %s\n", jk_paths_dictdir());
    if (jk_analyzer_new(&a, &err) == JK_OK)
        fprintf(f, "analyzer: %s\n", jk_analyzer_id(a));
    else
        fprintf(f, "analyzer: cannot be loaded: %s\n", err.msg);
    jk_analyzer_free(a);
}
