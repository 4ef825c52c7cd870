/* libFuzzer target: any bytes as a facet rules file (a user may edit
 * dict/facets.rules or give --rules). jk_rules_load must load the rules or
 * fail with a message that names the file; loaded rules must classify a
 * notice or fail with a message. Seeds: dict/facets.rules (README, Fuzzing). */
#include "jk_classify.h"
#include "jk_norm.h"

#define FUZZ_NAME "fuzz-rules"
#include "fuzz.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/jk-fuzz-rules-XXXXXX";
static char path[4200];
static jk_norm *norm;

static void cleanup(void)
{
    unlink(path);
    rmdir(dir);
    jk_norm_free(norm);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    jk_error err;
    (void)argc, (void)argv;
    must(mkdtemp(dir) != NULL, "making a temporary directory", NULL);
    snprintf(path, sizeof path, "%s/facets.rules", dir);
    atexit(cleanup);
    must(jk_norm_new(&norm, &err) == JK_OK, "loading ICU", &err);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *title = "委託事業者におけるランサムウェア被害について";
    const char *org = "架空市";
    const char *body = "本市が委託している事業者のサーバーがランサムウェアに感染し、"
                       "個人情報が漏えいしたおそれがあります。";
    jk_rules *r = NULL;
    jk_labels lab;
    jk_error err;
    FILE *f = fopen(path, "wb");
    int rc;

    must(f && fwrite(data, 1, size, f) == size && fclose(f) == 0, "writing the rules file", NULL);
    rc = jk_rules_load(&r, norm, path, &err);
    if (rc != JK_OK) {
        must(err.msg[0] && strstr(err.msg, path), "an error that does not name the file", &err);
        must(r == NULL, "rules left after an error", NULL);
        return 0;
    }
    rc = jk_classify(r, title, strlen(title), org, strlen(org), body, strlen(body), &lab, NULL,
                     &err);
    must(rc == JK_OK || err.msg[0], "a classification failed without a message", &err);
    jk_rules_free(r);
    return 0;
}
