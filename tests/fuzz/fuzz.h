/* fuzz: what the fuzz targets share. A target defines FUZZ_NAME before
 * including this; must() reports a finding as libFuzzer expects, by
 * aborting, with what went wrong and the error's message when there is one. */
#ifndef JK_FUZZ_H
#define JK_FUZZ_H

#include "jk_error.h"

#include <stdio.h>
#include <stdlib.h>

static void must(int cond, const char *what, const jk_error *err)
{
    if (!cond) {
        fprintf(stderr, FUZZ_NAME ": %s%s%s\n", what, err ? ": " : "", err ? err->msg : "");
        abort();
    }
}

#endif
