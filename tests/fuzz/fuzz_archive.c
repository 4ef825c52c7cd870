/* libFuzzer target: any bytes as an archive file. jk_archive_load must
 * accept them or reject them with a message; every post it finds must lie
 * inside the input and be whole; every notice must become a document
 * (jk_doc_build: normalisation, MeCab, facet rules, Xapian's document) or
 * fail with a message. Seeds: tests/data/sample (README, Fuzzing). */
#include "jk_analyze.h"
#include "jk_classify.h"
#include "jk_doc.h"
#include "jk_norm.h"
#include "jk_notice.h"
#include "jk_xapian.h"

#define FUZZ_NAME "fuzz-archive"
#include "fuzz.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static jk_analyzer *an;
static jk_norm *norm;
static jk_rules *rules;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    jk_error err;
    (void)argc, (void)argv;
    must(jk_analyzer_new(&an, &err) == JK_OK, "loading the analyzer", &err);
    must(jk_norm_new(&norm, &err) == JK_OK, "loading ICU", &err);
    must(jk_rules_load(&rules, norm, NULL, &err) == JK_OK, "loading the facet rules", &err);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    jk_archive *a = NULL;
    jk_error err;
    int rc = jk_archive_load(&a, (const char *)data, size, &err);

    if (rc != JK_OK) {
        must(rc == JK_EINPUT && err.msg[0], "a rejection without JK_EINPUT and a message", &err);
        must(a == NULL, "an archive left after a rejection", NULL);
        return 0;
    }
    for (size_t i = 0; i < a->nposts; i++) {
        const jk_post *p = &a->posts[i];
        must(p->title && p->body, "a post without title or body", NULL);
        must(p->body_offset <= size && p->body_len <= size - p->body_offset,
             "a body outside the input", NULL);
        must(strlen(p->body) == p->body_len, "a body length that is not the body's", NULL);
        must(p->start_line >= 1 && p->start_line <= p->end_line + 1, "lines out of order", NULL);
        if (p->kind != JK_POST_NOTICE)
            continue;
        must(p->id && p->key && p->org, "a notice without id, key or organisation", NULL);
        jk_xdoc *doc = NULL;
        jk_labels lab;
        rc = jk_doc_build(an, rules, p, "fuzz.txt", "fuzz", &doc, &lab, &err);
        must(rc == JK_OK || err.msg[0], "a document that failed without a message", &err);
        jk_xdoc_free(doc);
    }
    jk_archive_free(a);
    return 0;
}
