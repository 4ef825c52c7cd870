/* test_sha256: FIPS 180-4 test vectors, both ways (the x86 SHA extensions
 * when this CPU has them, and plain C), and updates split anywhere. */
#include "jk_sha256.h"
#include "jk_test.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void hex(const void *p, size_t n, char out[65])
{
    jk_sha256_hex(p, n, out, 64);
}

/* Does /proc/cpuinfo list the SHA extensions? -1 when it cannot be read. */
static int cpuinfo_has_sha(void)
{
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[8192];
    int has = 0;
    if (!f)
        return -1;
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, "flags", 5) && strstr(line, " sha_ni"))
            has = 1;
    fclose(f);
    return has;
}

static void vectors(void)
{
    static const struct {
        const char *text;
        const char *digest;
    } v[] = {
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrl"
         "mnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
    };
    char out[65];
    char *million = malloc(1000000);

    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        hex(v[i].text, strlen(v[i].text), out);
        CHECK_STR(out, v[i].digest);
    }
    if (million) {
        memset(million, 'a', 1000000);
        hex(million, 1000000, out);
        CHECK_STR(out, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    }
    free(million);
    /* a prefix of the hex digest */
    jk_sha256_hex("abc", 3, out, 12);
    CHECK_STR(out, "ba7816bf8f01");
}

int main(void)
{
    unsigned char data[1000];
    char fast[301][65], plain[65], split[65];
    uint32_t x = 2463534242u;
    int have = cpuinfo_has_sha();

    for (size_t i = 0; i < sizeof data; i++) { /* xorshift: any bytes, 0 and 0xFF too */
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        data[i] = (unsigned char)x;
    }
    /* the default: the SHA extensions exactly when the CPU has them */
    int accel = jk_sha256_accelerated(1);
    /* valgrind presents a CPU of its own, without them, whatever the real one
     * has: its test setup (tests/meson.build) sets JK_VALGRIND */
    if (have >= 0 && !getenv("JK_VALGRIND"))
        CHECK_INT(accel, have);
    printf("SHA extensions: %s\n", accel ? "used" : "not on this CPU");
    vectors();
    for (size_t n = 0; n <= 300; n++)
        hex(data, n, fast[n]);

    jk_sha256_accelerated(0);
    vectors();
    for (size_t n = 0; n <= 300; n++) {
        hex(data, n, plain);
        CHECK_MSG(!strcmp(fast[n], plain), "%zu bytes: %s accelerated, %s plain", n, fast[n],
                  plain);
    }

    /* any split of the input gives the digest of the whole, both ways */
    for (int way = 0; way < 2; way++) {
        jk_sha256_accelerated(way);
        for (size_t step = 1; step <= 130; step += 7) {
            jk_sha256 s;
            jk_sha256_init(&s);
            jk_sha256_update(&s, NULL, 0);
            for (size_t off = 0; off < 1000; off += step)
                jk_sha256_update(&s, data + off, off + step <= 1000 ? step : 1000 - off);
            jk_sha256_final_hex(&s, split, 64);
            hex(data, 1000, plain);
            CHECK_MSG(!strcmp(split, plain), "steps of %zu (way %d)", step, way);
        }
    }
    return TEST_DONE();
}
