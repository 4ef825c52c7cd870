/* Runs a fuzz target (tests/fuzz/fuzz_*.c) over the files named on the
 * command line, and over every file of a directory named there, without
 * libFuzzer: how the normal build and the test suite
 * keep the targets compiling and replay their seeds (and any input a fuzzer
 * once found) as a regression test. A target reports a finding by aborting,
 * so exit status 0 means every input passed. */
#include "jk_cli.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Runs the target over the file at path; 0, or 2 if it cannot be read. */
static int replay(const char *prog, const char *path)
{
    char *buf;
    size_t len;
    jk_error err;
    if (jk_cli_read_file(path, &buf, &len, &err) != JK_OK) {
        fprintf(stderr, "%s: %s\n", prog, err.msg);
        return 2;
    }
    LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
    free(buf);
    return 0;
}

int main(int argc, char **argv)
{
    int inputs = 0;

    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
        return 2;
    }
    LLVMFuzzerInitialize(&argc, &argv);
    for (int i = 1; i < argc; i++) {
        struct stat st;
        DIR *d;
        struct dirent *e;
        if (stat(argv[i], &st) != 0 || !S_ISDIR(st.st_mode)) {
            if (replay(argv[0], argv[i]))
                return 2;
            inputs++;
            continue;
        }
        if (!(d = opendir(argv[i])))
            return 2;
        while ((e = readdir(d))) {
            char path[4200];
            if (e->d_name[0] == '.')
                continue;
            snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
            if (replay(argv[0], path)) {
                closedir(d);
                return 2;
            }
            inputs++;
        }
        closedir(d);
    }
    printf("%d inputs passed\n", inputs);
    return 0;
}
