/* interactive: the jikenbo-search prompt, on libedit (BSD licence).
 *
 * Ctrl-C is a key here (ISIG is off while a line is edited) bound to a
 * function that empties the line; Ctrl-D on an empty line leaves. History is
 * kept in $XDG_STATE_HOME/jikenbo/history (~/.local/state/jikenbo/history).
 * Every query re-reads the index (jk_searcher_run does), so notices indexed
 * while the prompt is open are found by the next query. */
#include "interactive.h"

#include "complete.h"
#include "jk_buf.h"
#include "jk_paths.h"
#include "jk_query.h"

#include <errno.h>
#include <histedit.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct session {
    jk_searcher *s;
    const interactive_opts *o;
    jk_search_opts so;
    jk_buf query;     /* the current query text, narrowing included */
    jk_results *last; /* the page on screen */
} session;

static int line_cleared;

static char *prompt(EditLine *el)
{
    (void)el;
    return "jikenbo> ";
}

static unsigned char clear_line(EditLine *el, int ch)
{
    const LineInfo *li = el_line(el);
    (void)ch;
    el_cursor(el, (int)(li->lastchar - li->cursor));
    li = el_line(el);
    el_deletestr(el, (int)(li->cursor - li->buffer));
    line_cleared = 1;
    return CC_NEWLINE;
}

/* Tab: completes the word before the cursor (complete.h) as far as its
 * choices agree, with a blank after a whole word; when nothing can be added,
 * lists the choices. */
static unsigned char complete_key(EditLine *el, int ch)
{
    const LineInfo *li = el_line(el);
    session *ss = NULL;
    complete_list l;
    char *upto, *more;
    size_t typed, common;
    unsigned char rc = CC_REFRESH;

    (void)ch;
    el_get(el, EL_CLIENTDATA, &ss);
    upto = strndup(li->buffer, (size_t)(li->cursor - li->buffer));
    if (!upto || complete_word(ss ? ss->s : NULL, upto, &l) != JK_OK) {
        free(upto);
        return CC_ERROR;
    }
    typed = strlen(upto) - l.start;
    free(upto);
    if (l.n == 0) {
        rc = CC_ERROR; /* a beep: nothing fits */
    } else if ((common = complete_common(&l)) > typed || l.n == 1) {
        more = strndup(l.words[0] + typed, common - typed);
        if (!more || (*more && el_insertstr(el, more) != 0))
            rc = CC_ERROR;
        else if (l.n == 1 && common > 0 && l.words[0][common - 1] != ':')
            el_insertstr(el, " "); /* a whole word; a field's value follows it */
        free(more);
    } else {
        fputc('\n', stdout);
        for (size_t k = 0; k < l.n; k++)
            printf("%s%s", k ? "  " : "", l.words[k]);
        fputc('\n', stdout);
        rc = CC_REDISPLAY;
    }
    complete_free(&l);
    return rc;
}

static void ignore_sigint(int sig)
{
    (void)sig; /* a Ctrl-C while results print must not kill the prompt */
}

static void help(void)
{
    puts("Type a query to search (the same language as on the command line:\n"
         "words, \"phrase\", OR, -word, cause:, sector:, year:, date:, org:, id:,\n"
         "file:; * for every notice; like:2023-442 for the notices like that one).\n"
         "  n / p           next / previous page\n"
         "  N (a number)    open result N in $PAGER\n"
         "  like N          the notices like result N (like:ID of its id)\n"
         "  +FILTER         narrow the current query, e.g. +cause:ransomware +year:2024\n"
         "  sort date|oldest|relevance   order of the results (date: newest first)\n"
         "  months          count the matches per month too, or no more (--months)\n"
         "  Tab             complete a field, a cause or sector, a file's name, a sort\n"
         "  ? / help        this help\n"
         "  q / quit / :q   leave (or Ctrl-D); Ctrl-C clears the line\n"
         "To search for a number, quote it (\"2023\") or use year:/id:.");
}

static char *history_path(void)
{
    const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    char dir[4096], *p;
    jk_error err;

    if (xdg && *xdg)
        snprintf(dir, sizeof dir, "%s/jikenbo", xdg);
    else if (home && *home)
        snprintf(dir, sizeof dir, "%s/.local/state/jikenbo", home);
    else
        return NULL;
    if (jk_paths_mkdirs(dir, &err) != JK_OK)
        return NULL;
    p = malloc(strlen(dir) + sizeof "/history");
    if (p)
        sprintf(p, "%s/history", dir);
    return p;
}

/* Runs the current query at the current offset and shows the page. */
static void run(session *ss)
{
    jk_query *q = NULL;
    jk_error err;
    const char *text = ss->query.p ? ss->query.p : "";

    jk_results_free(ss->last);
    ss->last = NULL;
    if (query_build(ss->s, text, ss->o->filters, ss->o->nfilters, &q, &err)) {
        printf("error: %s\n", err.msg);
        return;
    }
    int rc = jk_searcher_run(ss->s, q, &ss->so, &ss->last, &err);
    for (size_t i = 0; i < jk_query_nwarnings(q); i++)
        printf("note: %s\n", jk_query_warning(q, i));
    if (rc)
        printf("error: %s\n", err.msg);
    else if (ss->last->total == 0)
        query_no_match(stdout, "", ss->s, q, text, ss->o->filters, ss->o->nfilters, NULL);
    else if (ss->last->n == 0 && ss->so.limit > 0)
        printf("no more results (%u in all)\n", ss->last->total);
    else
        out_plain(stdout, ss->o->style, ss->last);
    jk_query_free(q);
}

/* True if an executable called name is on $PATH. */
static int on_path(const char *name)
{
    const char *path = getenv("PATH");
    char dir[4096];
    while (path && *path) {
        size_t n = strcspn(path, ":");
        snprintf(dir, sizeof dir, "%.*s/%s", (int)n, path, name);
        if (access(dir, X_OK) == 0)
            return 1;
        path += n + (path[n] == ':');
    }
    return 0;
}

/* Result rank of the page shown, or NULL (and says so) if it is not there. */
static const jk_result *on_page(const session *ss, unsigned rank)
{
    if (!ss->last || rank <= ss->last->offset || rank > ss->last->offset + ss->last->n) {
        printf("no result %u on this page\n", rank);
        return NULL;
    }
    return &ss->last->items[rank - 1 - ss->last->offset];
}

/* Result rank searched again alone with every match of its body marked,
 * for a body too long to have been marked whole for its snippet
 * (jk_snippet.whole); NULL if that fails, or finds another notice there (the
 * index changed since). */
static jk_results *marked_whole(session *ss, const jk_result *x)
{
    jk_search_opts so = ss->so;
    jk_results *r = NULL;
    jk_query *q = NULL;
    jk_error err;

    so.offset = x->rank - 1;
    so.limit = 1;
    so.all_marks = 1;
    if (query_build(ss->s, ss->query.p ? ss->query.p : "", ss->o->filters, ss->o->nfilters, &q,
                    &err) == JK_OK &&
        jk_searcher_run(ss->s, q, &so, &r, &err) == JK_OK &&
        (r->n != 1 || !r->items[0].key || !x->key || strcmp(r->items[0].key, x->key))) {
        jk_results_free(r);
        r = NULL;
    }
    jk_query_free(q);
    return r;
}

static void open_result(session *ss, unsigned rank)
{
    const char *pager = getenv("PAGER");
    const jk_result *x = on_page(ss, rank);
    jk_results *again = NULL;
    FILE *p = NULL;

    if (!x)
        return;
    if (!x->snippet.whole && (again = marked_whole(ss, x)) != NULL)
        x = &again->items[0];
    if (!pager || !*pager)
        pager = on_path("less") ? "less -R" : on_path("more") ? "more" : NULL;
    fflush(stdout);
    if (pager)
        p = popen(pager, "w");
    if (!p) /* no pager to be had: print it here */
        out_notice(stdout, ss->o->style, x);
    else {
        out_notice(p, ss->o->style, x);
        pclose(p);
    }
    jk_results_free(again);
}

/* line without its ':', '\\' or '.' when it is one of the prompt's own words
 * spelt as another prompt would have it: ":q" (vi), "\\q" (psql), ".quit"
 * (sqlite3), ":help". Anything else is line as it is: ".NET" is a query. */
static char *plain_word(char *line)
{
    static const char *const words[] = {"q", "quit", "exit", "?", "help"};

    if (line[0] != ':' && line[0] != '\\' && line[0] != '.')
        return line;
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (!strcmp(line + 1, words[i]))
            return line + 1;
    return line;
}

/* Handles one line; returns 0 to go on, 1 to leave. */
static int command(session *ss, char *line)
{
    size_t len = strlen(line);
    int brc = 0;
    char *end;

    while (len && (line[len - 1] == '\n' || line[len - 1] == ' '))
        line[--len] = '\0';
    while (*line == ' ')
        line++;
    if (!*line)
        return 0;
    line = plain_word(line);
    if (!strcmp(line, "q") || !strcmp(line, "quit") || !strcmp(line, "exit"))
        return 1;
    if (!strcmp(line, "?") || !strcmp(line, "help")) {
        help();
        return 0;
    }
    if (!strcmp(line, "n") || !strcmp(line, "p")) {
        if (!ss->query.n) {
            puts("no query yet: type one first");
            return 0;
        }
        if (ss->so.limit == 0) {
            puts("--limit 0 shows the counts only: there are no pages");
            return 0;
        }
        if (line[0] == 'n') {
            if (ss->last && ss->so.offset + ss->so.limit >= ss->last->total) {
                puts("this is the last page");
                return 0;
            }
            ss->so.offset += ss->so.limit;
        } else {
            if (ss->so.offset == 0) {
                puts("this is the first page");
                return 0;
            }
            ss->so.offset = ss->so.offset > ss->so.limit ? ss->so.offset - ss->so.limit : 0;
        }
        run(ss);
        return 0;
    }
    if (!strcmp(line, "months")) {
        ss->so.by_month = !ss->so.by_month;
        printf("matches per month: %s\n", ss->so.by_month ? "on" : "off");
        if (ss->query.n)
            run(ss);
        return 0;
    }
    if (!strncmp(line, "sort ", 5)) {
        if (!strcmp(line + 5, "date") || !strcmp(line + 5, "oldest") ||
            !strcmp(line + 5, "relevance")) {
            ss->so.sort_date = line[5] == 'd'   ? JK_SORT_NEWEST
                               : line[5] == 'o' ? JK_SORT_OLDEST
                                                : 0;
            ss->so.offset = 0;
            if (ss->query.n)
                run(ss);
        } else {
            puts("sort date (newest first), sort oldest, or sort relevance");
        }
        return 0;
    }
    unsigned long n = strtoul(line, &end, 10);
    if (*end == '\0' && end != line) {
        open_result(ss, (unsigned)n);
        return 0;
    }
    if (!strncmp(line, "like ", 5) && (n = strtoul(line + 5, &end, 10)) > 0 && *end == '\0') {
        const jk_result *x = on_page(ss, (unsigned)n);
        if (!x)
            return 0;
        jk_buf_reset(&ss->query);
        jk_buf_printf(&ss->query, &brc, "like:%s", x->id ? x->id : "");
        printf("like:%s\n", x->id ? x->id : "");
    } else if (line[0] == '+') {
        if (!ss->query.n) {
            puts("no query to narrow: type one first");
            return 0;
        }
        jk_buf_putc(&ss->query, &brc, ' ');
        jk_buf_puts(&ss->query, &brc, line + 1);
    } else {
        jk_buf_reset(&ss->query);
        jk_buf_puts(&ss->query, &brc, line);
    }
    if (brc) {
        puts("error: out of memory");
        return 1;
    }
    ss->so.offset = 0;
    run(ss);
    return 0;
}

int interactive_run(jk_searcher *s, const interactive_opts *o)
{
    EditLine *el;
    History *hist;
    HistEvent ev;
    session ss;
    char *hpath = history_path();
    struct sigaction sa, old;
    unsigned docs = 0;
    jk_error err;

    /* libedit decodes keys by the locale; jikenbo's text is always UTF-8 */
    if (!setlocale(LC_CTYPE, "") || strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
        setlocale(LC_CTYPE, "C.UTF-8");
    memset(&ss, 0, sizeof ss);
    ss.s = s;
    ss.o = o;
    ss.so = *o->search;
    hist = history_init();
    history(hist, &ev, H_SETSIZE, 1000);
    history(hist, &ev, H_SETUNIQUE, 1);
    if (hpath)
        history(hist, &ev, H_LOAD, hpath);
    el = el_init("jikenbo", stdin, stdout, stderr);
    el_set(el, EL_PROMPT, prompt);
    el_set(el, EL_EDITOR, "emacs");
    el_set(el, EL_HIST, history, hist);
    el_set(el, EL_ADDFN, "jk-clear-line", "clear the line", clear_line);
    el_set(el, EL_BIND, "^C", "jk-clear-line", NULL);
    el_set(el, EL_CLIENTDATA, &ss);
    el_set(el, EL_ADDFN, "jk-complete", "complete the word", complete_key);
    el_set(el, EL_BIND, "^I", "jk-complete", NULL);
    el_set(el, EL_SETTY, "-d", "-isig", NULL);
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = ignore_sigint;
    sigaction(SIGINT, &sa, &old);

    if (jk_searcher_doccount(s, &docs, &err) == JK_OK)
        printf("jikenbo: %u notices. Type a query, ? for help, Ctrl-D to leave.\n", docs);
    for (;;) {
        int count = 0;
        const char *line;
        char *copy;
        line_cleared = 0;
        line = el_gets(el, &count);
        if (line_cleared) {
            fputs("^C\n", stdout);
            continue;
        }
        if (!line || count <= 0) {
            if (!line && count < 0 && errno == EINTR)
                continue;
            fputc('\n', stdout);
            break;
        }
        copy = strdup(line);
        if (!copy)
            break;
        copy[strcspn(copy, "\n")] = '\0';
        if (copy[0]) {
            history(hist, &ev, H_ENTER, copy);
            if (hpath)
                history(hist, &ev, H_SAVE, hpath);
        }
        int leave = command(&ss, copy);
        free(copy);
        fflush(stdout);
        if (leave)
            break;
    }
    sigaction(SIGINT, &old, NULL);
    el_end(el);
    history_end(hist);
    free(hpath);
    jk_results_free(ss.last);
    jk_buf_free(&ss.query);
    return 0;
}
