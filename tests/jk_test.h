/* jk_test: the few assertion macros the tests share. Each tests/test_*.c is
 * its own meson test(); it exits 0 when every check passed, 1 otherwise, and
 * 77 (meson's "skipped") when what it needs is absent. */
#ifndef JK_TEST_H
#define JK_TEST_H

#include <stdio.h>
#include <string.h>

static int jk_test_failed, jk_test_passed;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (cond) {                                                                                \
            jk_test_passed++;                                                                      \
        } else {                                                                                   \
            jk_test_failed++;                                                                      \
            fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond);               \
        }                                                                                          \
    } while (0)

#define CHECK_MSG(cond, ...)                                                                       \
    do {                                                                                           \
        if (cond) {                                                                                \
            jk_test_passed++;                                                                      \
        } else {                                                                                   \
            jk_test_failed++;                                                                      \
            fprintf(stderr, "%s:%d: CHECK(%s) failed: ", __FILE__, __LINE__, #cond);               \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
        }                                                                                          \
    } while (0)

#define CHECK_STR(got, want)                                                                       \
    do {                                                                                           \
        const char *g_ = (got), *w_ = (want);                                                      \
        CHECK_MSG((g_ == NULL && w_ == NULL) || (g_ && w_ && strcmp(g_, w_) == 0),                 \
                  "got \"%s\", want \"%s\"", g_ ? g_ : "(null)", w_ ? w_ : "(null)");              \
    } while (0)

#define CHECK_INT(got, want)                                                                       \
    do {                                                                                           \
        long long g_ = (long long)(got), w_ = (long long)(want);                                   \
        CHECK_MSG(g_ == w_, "got %lld, want %lld", g_, w_);                                        \
    } while (0)

/* text[start..end) equals want */
#define CHECK_SPAN(text, start, end, want)                                                         \
    do {                                                                                           \
        size_t s_ = (start), e_ = (end), wl_ = strlen(want);                                       \
        CHECK_MSG(e_ - s_ == wl_ && memcmp((text) + s_, (want), wl_) == 0,                         \
                  "got \"%.*s\", want \"%s\"", (int)(e_ - s_), (text) + s_, (want));               \
    } while (0)

/* Prints the summary line and returns the exit status. */
#define TEST_DONE()                                                                                \
    (printf("%d passed, %d failed\n", jk_test_passed, jk_test_failed), jk_test_failed ? 1 : 0)

#endif
