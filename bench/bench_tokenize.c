/* jikenbo-bench tokenize, and raw MeCab, which the index mode times too. */
#include "bench_modes.h"
#include "jk_analyze.h"
#include "jk_norm.h"
#include "jk_paths.h"
#include "jk_token.h"

#include <mecab.h>
#include <stdlib.h>
#include <string.h>

/* ---- raw MeCab: the same dictionaries, its own API, every node counted ---- */

typedef struct raw_mecab {
    mecab_model_t *model;
    mecab_t *tagger;
    mecab_lattice_t *lat;
} raw_mecab;

static int raw_open(raw_mecab *m)
{
    char rc[4096], user[4096];
    const char *argv[8];
    snprintf(rc, sizeof rc, "%s/mecabrc", jk_paths_dictdir());
    snprintf(user, sizeof user, "%s/jikenbo.dic", jk_paths_dictdir());
    argv[0] = "bench";
    argv[1] = "-r";
    argv[2] = rc;
    argv[3] = "-d";
    argv[4] = jk_paths_sysdic();
    argv[5] = "-u";
    argv[6] = user;
    argv[7] = NULL;
    m->model = mecab_model_new(7, (char **)argv);
    if (!m->model)
        return -1;
    m->tagger = mecab_model_new_tagger(m->model);
    m->lat = mecab_model_new_lattice(m->model);
    return m->tagger && m->lat ? 0 : -1;
}

static void raw_close(raw_mecab *m)
{
    mecab_lattice_destroy(m->lat);
    mecab_destroy(m->tagger);
    mecab_model_destroy(m->model);
}

/* Parses text line by line (as jikenbo's tokeniser does); returns nodes. */
static size_t raw_parse(raw_mecab *m, const char *text, size_t len)
{
    size_t nodes = 0, i = 0;
    while (i < len) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - text) : len;
        if (e > i) {
            mecab_lattice_set_sentence2(m->lat, text + i, e - i);
            mecab_parse_lattice(m->tagger, m->lat);
            for (const mecab_node_t *n = mecab_lattice_get_bos_node(m->lat); n; n = n->next)
                if (n->stat != MECAB_BOS_NODE && n->stat != MECAB_EOS_NODE)
                    nodes++;
        }
        i = e + 1;
    }
    return nodes;
}

double bench_raw_mecab_seconds(const bench_corpus *c, size_t *nodes)
{
    raw_mecab m;
    double t0;
    *nodes = 0;
    if (raw_open(&m))
        return -1;
    t0 = bench_now();
    FOR_NOTICES(c, p)
    {
        *nodes += raw_parse(&m, p->title, strlen(p->title));
        *nodes += raw_parse(&m, p->body, p->body_len);
    }
    t0 = bench_now() - t0;
    raw_close(&m);
    return t0;
}

static int count_token(const jk_token *t, void *payload)
{
    (void)t;
    (*(size_t *)payload)++;
    return 0;
}

int bench_mode_tokenize(const bench_opts *o, bench_corpus *c)
{
    jk_analyzer *an = NULL;
    jk_norm *norm = NULL;
    jk_normtext t = JK_NORMTEXT_INIT;
    jk_error err;
    raw_mecab m;
    size_t ours_tokens = 0, raw_nodes = 0;
    double mb = (double)c->text_bytes / 1e6, t_ours, t_raw, t_icu;
    FILE *js;

    if (jk_analyzer_new(&an, &err) || jk_norm_new(&norm, &err)) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return 2;
    }
    if (raw_open(&m)) {
        fprintf(stderr, "bench: cannot open raw MeCab\n");
        return 2;
    }
    /* File by file, the three in turn (in a rotating order), so the drift of
     * a shared machine over a long run falls on all three alike; the first
     * file once untimed, to warm the dictionaries' pages. */
    t_raw = t_icu = t_ours = 0;
    for (size_t f = 0; f <= c->nfiles; f++) {
        size_t file = f ? f - 1 : 0;
        for (int turn = 0; turn < 3; turn++) {
            int which = (int)((turn + f) % 3);
            size_t raw_n = 0, ours_n = 0;
            double t0 = bench_now();
            for (size_t k = 0; k < c->archives[file]->nposts; k++) {
                const jk_post *p = &c->archives[file]->posts[k];
                if (p->kind != JK_POST_NOTICE)
                    continue;
                if (which == 0) {
                    raw_n += raw_parse(&m, p->title, strlen(p->title));
                    raw_n += raw_parse(&m, p->body, p->body_len);
                } else if (which == 1) {
                    jk_norm_run(norm, p->title, strlen(p->title), &t, &err);
                    jk_norm_run(norm, p->body, p->body_len, &t, &err);
                } else {
                    jk_analyze(an, p->title, strlen(p->title), count_token, &ours_n, &err);
                    jk_analyze(an, p->body, p->body_len, count_token, &ours_n, &err);
                }
            }
            t0 = bench_now() - t0;
            if (f == 0)
                continue; /* the warm-up */
            *(which == 0 ? &t_raw : which == 1 ? &t_icu : &t_ours) += t0;
            raw_nodes += raw_n;
            ours_tokens += ours_n;
        }
    }
    raw_close(&m);
    printf("tokenize: %zu notices, %.1f MB of title and body text\n\n", c->notices, mb);
    printf("%-34s %9s %10s %12s\n", "", "seconds", "MB/s", "tokens/s");
    printf("%-34s %9.2f %10.2f %12.0f\n", "raw MeCab (ipadic + user dic)", t_raw, mb / t_raw,
           (double)raw_nodes / t_raw);
    printf("%-34s %9.2f %10.2f %12s\n", "ICU normalisation alone", t_icu, mb / t_icu, "-");
    printf("%-34s %9.2f %10.2f %12.0f\n", "jikenbo (normalise + tokenise)", t_ours, mb / t_ours,
           (double)ours_tokens / t_ours);
    printf("\njikenbo runs at %.2fx raw MeCab's speed (target: at least 0.8x)\n", t_raw / t_ours);
    if ((js = bench_json_out(o))) {
        fprintf(js,
                "{\"mode\":\"tokenize\",\"notices\":%zu,\"mb\":%.3f,\"raw_mecab_s\":%.4f,"
                "\"raw_mecab_mb_s\":%.3f,\"raw_mecab_tokens_s\":%.0f,\"icu_s\":%.4f,"
                "\"icu_mb_s\":%.3f,\"jikenbo_s\":%.4f,\"jikenbo_mb_s\":%.3f,"
                "\"jikenbo_tokens_s\":%.0f,\"speed_vs_raw\":%.3f}\n",
                c->notices, mb, t_raw, mb / t_raw, (double)raw_nodes / t_raw, t_icu, mb / t_icu,
                t_ours, mb / t_ours, (double)ours_tokens / t_ours, t_raw / t_ours);
        fclose(js);
    }
    jk_normtext_free(&t);
    jk_norm_free(norm);
    jk_analyzer_free(an);
    return 0;
}
