#include "jk_token.h"

#include "jk_paths.h"
#include "jk_sha256.h"
#include "jk_utf8.h"

#include <errno.h>
#include <mecab.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/uchar.h>

/* Bump when the token rules change: old indexes then refuse to open. */
#define JK_TOKEN_RULES 1
#define CHUNK_MAX 4096
#define TERM_MAX 1024

/* ipadic's part-of-speech ids (pos-id.def) */
enum {
    POS_FILLER = 1,
    POS_SYMBOL_ALPHABET = 3,
    POS_SYMBOL_FIRST = 4, /* 記号: 一般, 括弧, 句点, 空白, 読点 */
    POS_SYMBOL_LAST = 9,
    POS_ADJ_FIRST = 10, /* 形容詞 */
    POS_ADJ_LAST = 12,
    POS_PARTICLE_FIRST = 13, /* 助詞 ... */
    POS_AUX_VERB = 25,       /* ... and 助動詞 */
    POS_VERB_FIRST = 31,     /* 動詞 */
    POS_VERB_LAST = 33,
    POS_PARTICLE_NO = 24 /* 助詞,連体化 (の), for the self-check */
};

struct jk_tokenizer {
    mecab_model_t *model;
    mecab_t *tagger;
    mecab_lattice_t *lattice;
    int by_posid; /* the dictionary uses ipadic's ids: filter on them, not on strings */
    char id[512];
    /* pending ASCII run (joined across MeCab's character-class splits) */
    char run[TERM_MAX];
    size_t run_len, run_start, run_end;
    int has_run;
};

static int starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int check_charset(jk_tokenizer *t, jk_error *err)
{
    const mecab_dictionary_info_t *d = mecab_model_dictionary_info(t->model);
    for (; d; d = d->next) {
        if (strcasecmp(d->charset, "utf-8") != 0 && strcasecmp(d->charset, "utf8") != 0)
            return jk_error_set(err, JK_EMECAB,
                                "[tokenizer][mecab] dictionary %s is %s, not UTF-8 "
                                "(install mecab-ipadic-utf8)",
                                d->filename, d->charset);
    }
    return JK_OK;
}

/* Hash of the user dictionary file, so a changed dict/ makes old indexes
 * stale; "none" for no user dictionary (path ""). A file MeCab has just
 * loaded that cannot be read now is an error: recording "none" for it would
 * make the index look built without it. */
static int file_hash(const char *path, char out[13], jk_error *err)
{
    FILE *f;
    jk_sha256 s;
    unsigned char buf[65536];
    size_t n;
    int failed;

    strcpy(out, "none");
    if (!*path)
        return JK_OK;
    f = fopen(path, "rb");
    if (!f)
        return jk_error_set(err, errno == ENOMEM ? JK_ENOMEM : JK_EIO,
                            "[tokenizer][userdic] cannot read %s: %s", path, strerror(errno));
    jk_sha256_init(&s);
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        jk_sha256_update(&s, buf, n);
    failed = ferror(f);
    fclose(f);
    if (failed)
        return jk_error_set(err, JK_EIO, "[tokenizer][userdic] cannot read %s", path);
    jk_sha256_final_hex(&s, out, 12);
    return JK_OK;
}

int jk_tokenizer_new(jk_tokenizer **out, const char *sysdic, const char *userdic, jk_error *err)
{
    char rc_path[4096], user_path[4096], uhash[13];
    const char *argv[8];
    int argc = 0, rc = JK_OK;
    jk_tokenizer *t;
    const mecab_dictionary_info_t *d;
    FILE *probe;

    *out = NULL;
    t = calloc(1, sizeof *t);
    if (!t)
        return jk_error_set(err, JK_ENOMEM, "[tokenizer][new] out of memory");
    if (!sysdic)
        sysdic = jk_paths_sysdic();
    snprintf(rc_path, sizeof rc_path, "%s/mecabrc", jk_paths_dictdir());
    if (!userdic) {
        snprintf(user_path, sizeof user_path, "%s/jikenbo.dic", jk_paths_dictdir());
        userdic = user_path;
    }
    probe = fopen(rc_path, "r");
    if (!probe && errno != ENOENT) {
        int e = errno;
        rc = jk_error_set(err, e == ENOMEM ? JK_ENOMEM : JK_EMECAB,
                          "[tokenizer][mecab] cannot read %s: %s", rc_path, strerror(e));
        goto done;
    }
    if (!probe) {
        rc = jk_error_set(err, JK_EMECAB, "[tokenizer][mecab] %s is missing: %s", rc_path,
                          jk_paths_dictdir_hint());
        goto done;
    }
    fclose(probe);
    argv[argc++] = "jikenbo";
    argv[argc++] = "-r";
    argv[argc++] = rc_path;
    argv[argc++] = "-d";
    argv[argc++] = sysdic;
    if (*userdic) {
        argv[argc++] = "-u";
        argv[argc++] = userdic;
    }
    argv[argc] = NULL;
    t->model = mecab_model_new(argc, (char **)argv);
    if (!t->model) {
        rc = jk_error_set(err, JK_EMECAB,
                          "[tokenizer][mecab] cannot load dictionary %s (user dictionary %s): %s",
                          sysdic, *userdic ? userdic : "none", mecab_strerror(NULL));
        goto done;
    }
    t->tagger = mecab_model_new_tagger(t->model);
    t->lattice = mecab_model_new_lattice(t->model);
    if (!t->tagger || !t->lattice) {
        rc = jk_error_set(err, JK_EMECAB, "[tokenizer][mecab] cannot create tagger: %s",
                          mecab_strerror(NULL));
        goto done;
    }
    rc = check_charset(t, err);
    if (rc)
        goto done;
    /* self-check: is の a 助詞 with ipadic's id? then ids can replace strings */
    mecab_lattice_set_sentence(t->lattice, "東京の");
    if (mecab_parse_lattice(t->tagger, t->lattice)) {
        for (const mecab_node_t *n = mecab_lattice_get_bos_node(t->lattice); n; n = n->next)
            if (n->length == 3 && memcmp(n->surface, "の", 3) == 0)
                t->by_posid = n->posid == POS_PARTICLE_NO && starts(n->feature, "助詞");
    }
    d = mecab_model_dictionary_info(t->model);
    rc = file_hash(userdic, uhash, err);
    if (rc)
        goto done;
    {
        const char *base = strrchr(sysdic, '/');
        size_t blen = strlen(base ? base + 1 : sysdic);
        if (base && blen == 0) { /* "dir/": use the component before the slash */
            const char *p = base;
            while (p > sysdic && p[-1] != '/')
                p--;
            base = p - 1;
            blen = (size_t)(strrchr(sysdic, '/') - p);
        }
        snprintf(t->id, sizeof t->id, "rules=%d mecab=%s sys=%.*s(%u entries,v%d) user=%s",
                 JK_TOKEN_RULES, mecab_version(), (int)blen, base ? base + 1 : sysdic,
                 d ? d->size : 0, d ? d->version : 0, uhash);
    }
done:
    if (rc) {
        jk_tokenizer_free(t);
        return rc;
    }
    *out = t;
    return JK_OK;
}

void jk_tokenizer_free(jk_tokenizer *t)
{
    if (!t)
        return;
    if (t->lattice)
        mecab_lattice_destroy(t->lattice);
    if (t->tagger)
        mecab_destroy(t->tagger);
    if (t->model)
        mecab_model_destroy(t->model);
    free(t);
}

const char *jk_tokenizer_id(const jk_tokenizer *t)
{
    return t->id;
}

/* Dropped: particles, auxiliary verbs, symbols (not single letters), fillers. */
static int dropped(const jk_tokenizer *t, const mecab_node_t *node)
{
    if (t->by_posid) {
        unsigned short p = node->posid;
        return p == POS_FILLER || (p >= POS_SYMBOL_FIRST && p <= POS_SYMBOL_LAST) ||
               (p >= POS_PARTICLE_FIRST && p <= POS_AUX_VERB);
    }
    const char *f = node->feature;
    return starts(f, "助詞") || starts(f, "助動詞") || starts(f, "フィラー") ||
           (starts(f, "記号") && !starts(f, "記号,アルファベット"));
}

/* Verbs and adjectives are indexed in their base form. */
static int inflected(const jk_tokenizer *t, const mecab_node_t *node)
{
    if (t->by_posid) {
        unsigned short p = node->posid;
        return (p >= POS_ADJ_FIRST && p <= POS_ADJ_LAST) ||
               (p >= POS_VERB_FIRST && p <= POS_VERB_LAST);
    }
    return starts(node->feature, "動詞") || starts(node->feature, "形容詞");
}

static int has_alnum(const char *s, size_t len)
{
    size_t i = 0, n;
    while (i < len) {
        int32_t cp = jk_utf8_decode(s + i, len - i, &n);
        if (cp >= 0 && u_isalnum(cp))
            return 1;
        i += n;
    }
    return 0;
}

static int is_ascii_word(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
            return 0;
    }
    return len > 0;
}

/* Field i (0-based) of a comma-separated feature string; *len set. NULL if absent. */
static const char *field(const char *feature, int i, size_t *len)
{
    const char *p = feature;
    for (; i > 0; i--) {
        p = strchr(p, ',');
        if (!p)
            return NULL;
        p++;
    }
    const char *end = strchr(p, ',');
    *len = end ? (size_t)(end - p) : strlen(p);
    return p;
}

static int flush_run(jk_tokenizer *t, jk_token_cb cb, void *payload)
{
    jk_token tok;
    if (!t->has_run)
        return 0;
    t->has_run = 0;
    tok.term = t->run;
    tok.len = t->run_len;
    tok.start = t->run_start;
    tok.end = t->run_end;
    tok.pos = NULL;
    return cb(&tok, payload);
}

static int parse_chunk(jk_tokenizer *t, const char *text, size_t base, size_t len, jk_token_cb cb,
                       void *payload, jk_error *err)
{
    const char *chunk = text + base;
    const mecab_node_t *node;
    int rc;

    mecab_lattice_set_sentence2(t->lattice, chunk, len);
    if (!mecab_parse_lattice(t->tagger, t->lattice))
        return jk_error_set(err, JK_EMECAB, "[tokenizer][mecab][chunk] parse failed len=%zu err=%s",
                            len, mecab_lattice_strerror(t->lattice));
    for (node = mecab_lattice_get_bos_node(t->lattice); node; node = node->next) {
        const char *f = node->feature, *term = node->surface;
        size_t tlen = node->length, start, blen;
        jk_token tok;

        if (node->stat == MECAB_BOS_NODE || node->stat == MECAB_EOS_NODE || node->length == 0)
            continue;
        if (dropped(t, node))
            continue;
        if (!has_alnum(node->surface, node->length))
            continue;
        start = base + (size_t)(node->surface - chunk);
        if (is_ascii_word(node->surface, node->length)) {
            if (t->has_run && t->run_end == start && t->run_len + tlen < TERM_MAX) {
                memcpy(t->run + t->run_len, term, tlen);
                t->run_len += tlen;
                t->run_end = start + tlen;
                continue;
            }
            rc = flush_run(t, cb, payload);
            if (rc)
                return rc;
            if (tlen < TERM_MAX) {
                memcpy(t->run, term, tlen);
                t->run_len = tlen;
                t->run_start = start;
                t->run_end = start + tlen;
                t->has_run = 1;
                continue;
            }
        }
        rc = flush_run(t, cb, payload);
        if (rc)
            return rc;
        if (inflected(t, node)) {
            const char *b = field(f, 6, &blen);
            if (b && !(blen == 1 && *b == '*')) {
                term = b;
                tlen = blen;
            }
        }
        tok.term = term;
        tok.len = tlen;
        tok.start = start;
        tok.end = start + node->length;
        tok.pos = f;
        rc = cb(&tok, payload);
        if (rc)
            return rc;
    }
    return flush_run(t, cb, payload);
}

/* Where to cut a long line: after the last 。 or 、 or space before max, else at
 * a character boundary. */
static size_t cut_at(const char *s, size_t len, size_t max)
{
    size_t i, best = 0;
    if (len <= max)
        return len;
    for (i = 0; i + 3 <= max; i++) {
        if (s[i] == ' ' || s[i] == '\t')
            best = i + 1;
        else if (memcmp(s + i, "。", 3) == 0 || memcmp(s + i, "、", 3) == 0)
            best = i + 3;
    }
    if (best)
        return best;
    i = max;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    return i ? i : max;
}

int jk_tokenizer_run(jk_tokenizer *t, const char *text, size_t len, jk_token_cb cb, void *payload,
                     jk_error *err)
{
    size_t i = 0;

    t->has_run = 0;
    while (i < len) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t line_end = nl ? (size_t)(nl - text) : len;
        while (i < line_end) {
            size_t n = cut_at(text + i, line_end - i, CHUNK_MAX);
            int rc = parse_chunk(t, text, i, n, cb, payload, err);
            if (rc)
                return rc;
            i += n;
        }
        i = line_end + 1;
    }
    return JK_OK;
}
