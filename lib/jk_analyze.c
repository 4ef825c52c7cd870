#include "jk_analyze.h"

#include "jk_norm.h"

#include <stdio.h>
#include <stdlib.h>
#include <unicode/uversion.h>

struct jk_analyzer {
    jk_norm *norm;
    jk_tokenizer *tok;
    jk_normtext text;
    char id[640];
};

typedef struct mapping {
    const jk_normtext *text;
    jk_token_cb cb;
    void *payload;
} mapping;

int jk_analyzer_new(jk_analyzer **out, jk_error *err)
{
    jk_analyzer *a = calloc(1, sizeof *a);
    int rc;

    *out = NULL;
    if (!a)
        return jk_error_set(err, JK_ENOMEM, "[analyze][new] out of memory");
    rc = jk_norm_new(&a->norm, err);
    if (rc == JK_OK)
        rc = jk_tokenizer_new(&a->tok, NULL, NULL, err);
    if (rc) {
        jk_analyzer_free(a);
        return rc;
    }
    snprintf(a->id, sizeof a->id, "%s icu=%s", jk_tokenizer_id(a->tok), U_ICU_VERSION);
    *out = a;
    return JK_OK;
}

void jk_analyzer_free(jk_analyzer *a)
{
    if (!a)
        return;
    jk_tokenizer_free(a->tok);
    jk_norm_free(a->norm);
    jk_normtext_free(&a->text);
    free(a);
}

const char *jk_analyzer_id(const jk_analyzer *a)
{
    return a->id;
}

const char *jk_analyzer_normalised(const jk_analyzer *a, size_t *len)
{
    *len = a->text.len;
    return a->text.text ? a->text.text : "";
}

jk_norm *jk_analyzer_norm(jk_analyzer *a)
{
    return a->norm;
}

jk_tokenizer *jk_analyzer_tokenizer(jk_analyzer *a)
{
    return a->tok;
}

static int map_back(const jk_token *tok, void *payload)
{
    const mapping *m = payload;
    jk_token t = *tok;
    t.start = jk_normtext_src_start(m->text, tok->start);
    t.end = jk_normtext_src_end(m->text, tok->end);
    return m->cb(&t, m->payload);
}

int jk_analyze(jk_analyzer *a, const char *src, size_t len, jk_token_cb cb, void *payload,
               jk_error *err)
{
    mapping m;
    int rc = jk_norm_run(a->norm, src, len, &a->text, err);

    if (rc)
        return rc;
    m.text = &a->text;
    m.cb = cb;
    m.payload = payload;
    return jk_tokenizer_run(a->tok, a->text.text, a->text.len, map_back, &m, err);
}
