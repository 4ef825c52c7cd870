/* test_array: the growable arrays and byte buffers every module appends to
 * (jk_array.h, jk_buf.h): what they keep when they grow, and that a failed
 * growth leaves them as they were. */
#include "jk_array.h"
#include "jk_buf.h"
#include "jk_error.h"
#include "jk_test.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct pair {
    int a;
    double b;
} pair;

int main(void)
{
    pair *v = NULL;
    size_t n = 0, cap = 0;

    /* the first growth gives `first` elements, then each doubles */
    for (int i = 0; i < 100; i++) {
        size_t before = cap;
        CHECK_INT(JK_ARRAY_GROW(&v, &cap, n, 3), JK_OK);
        CHECK(cap > n);
        CHECK(n < before ? cap == before : cap == (before ? before * 2 : 3));
        v[n].a = i;
        v[n++].b = i / 2.0;
    }
    CHECK_INT((int)cap, 192); /* 3, 6, 12, ... 192 */
    for (int i = 0; i < 100; i++)
        CHECK(v[i].a == i && v[i].b == i / 2.0);

    /* room to spare: nothing moves */
    {
        pair *same = v;
        CHECK_INT(JK_ARRAY_GROW(&v, &cap, 150, 3), JK_OK);
        CHECK(v == same && cap == 192);
    }

    /* a size that cannot be allocated: JK_ENOMEM, the array as it was */
    {
        pair *same = v;
        size_t huge = SIZE_MAX / 4;
        CHECK_INT(jk_array_grow(&v, &huge, huge, 8, 3), JK_ENOMEM);
        CHECK(v == same && huge == SIZE_MAX / 4);
        CHECK(v[99].a == 99);
    }
    free(v);

    /* jk_buf: appends stay NUL-terminated; the first error sticks */
    {
        jk_buf b = JK_BUF_INIT;
        int rc = 0;
        for (int i = 0; i < 1000; i++)
            jk_buf_printf(&b, &rc, "%d,", i % 10);
        CHECK_INT(rc, JK_OK);
        CHECK_INT((int)b.n, 2000);
        CHECK(b.p && b.p[b.n] == '\0' && strncmp(b.p, "0,1,2,", 6) == 0);
        rc = JK_ENOMEM;
        jk_buf_puts(&b, &rc, "more");
        CHECK_INT((int)b.n, 2000);
        jk_buf_free(&b);
        jk_buf_free(&b); /* freed twice is harmless */
    }
    return TEST_DONE();
}
