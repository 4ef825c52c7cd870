#include "jk_sha256.h"

#include <stdatomic.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#include <immintrin.h>
#define JK_SHA_NI 1
#endif

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

/* One 64-byte block p into the state hs: FIPS 180-4 in plain C. */
static void compress_c(uint32_t hs[8], const unsigned char *p)
{
    uint32_t w[64], a, b, c, d, e, f, g, h;
    int i;

    for (i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
    for (i = 16; i < 64; i++) {
        uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    a = hs[0], b = hs[1], c = hs[2], d = hs[3];
    e = hs[4], f = hs[5], g = hs[6], h = hs[7];
    for (i = 0; i < 64; i++) {
        uint32_t t1 =
            h + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
        uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
    }
    hs[0] += a, hs[1] += b, hs[2] += c, hs[3] += d;
    hs[4] += e, hs[5] += f, hs[6] += g, hs[7] += h;
}

#ifdef JK_SHA_NI
/* n blocks with the x86 SHA extensions (the scheme of Intel's white paper
 * "New Instructions Supporting the Secure Hash Algorithm on Intel
 * Architecture Processors"): four rounds per step, two per sha256rnds2, with
 * the message schedule four words at a time in w[0..3]. The state is kept as
 * ABEF and CDGH, as the instructions want it. */
__attribute__((target("sha,sse4.1"))) static void compress_ni(uint32_t hs[8],
                                                              const unsigned char *p, size_t n)
{
    const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    __m128i tmp = _mm_loadu_si128((const __m128i *)&hs[0]);
    __m128i st1 = _mm_loadu_si128((const __m128i *)&hs[4]);
    __m128i st0, w[4], msg;

    tmp = _mm_shuffle_epi32(tmp, 0xB1);    /* CDAB */
    st1 = _mm_shuffle_epi32(st1, 0x1B);    /* EFGH */
    st0 = _mm_alignr_epi8(tmp, st1, 8);    /* ABEF */
    st1 = _mm_blend_epi16(st1, tmp, 0xF0); /* CDGH */
    for (; n > 0; n--, p += 64) {
        __m128i save0 = st0, save1 = st1;
        for (int g = 0; g < 16; g++) {
            __m128i *cur = &w[g % 4], *next = &w[(g + 1) % 4], *prev = &w[(g + 3) % 4];
            if (g < 4)
                *cur = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * g)), swap);
            msg = _mm_add_epi32(*cur, _mm_loadu_si128((const __m128i *)&K[4 * g]));
            st1 = _mm_sha256rnds2_epu32(st1, st0, msg);
            if (g >= 3 && g <= 14) { /* words 16 + 4(g-3) .. : finish the next four */
                *next = _mm_add_epi32(*next, _mm_alignr_epi8(*cur, *prev, 4));
                *next = _mm_sha256msg2_epu32(*next, *cur);
            }
            msg = _mm_shuffle_epi32(msg, 0x0E);
            st0 = _mm_sha256rnds2_epu32(st0, st1, msg);
            if (g >= 1 && g <= 12) /* start the four after next */
                *prev = _mm_sha256msg1_epu32(*prev, *cur);
        }
        st0 = _mm_add_epi32(st0, save0);
        st1 = _mm_add_epi32(st1, save1);
    }
    tmp = _mm_shuffle_epi32(st0, 0x1B);    /* FEBA */
    st1 = _mm_shuffle_epi32(st1, 0xB1);    /* DCHG */
    st0 = _mm_blend_epi16(tmp, st1, 0xF0); /* DCBA */
    st1 = _mm_alignr_epi8(st1, tmp, 8);    /* ABEF */
    _mm_storeu_si128((__m128i *)&hs[0], st0);
    _mm_storeu_si128((__m128i *)&hs[4], st1);
}

static int cpu_has_sha_ni(void)
{
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSSE3) || !(c & bit_SSE4_1) ||
        __get_cpuid_max(0, NULL) < 7)
        return 0;
    __cpuid_count(7, 0, a, b, c, d);
    return (b & bit_SHA) != 0;
}
#endif

/* 0: not decided yet; 1: plain C; 2: the SHA extensions. Threads that race
 * to decide decide alike. */
static atomic_int accel;

int jk_sha256_accelerated(int use)
{
    int mode = 1;
#ifdef JK_SHA_NI
    if (use && cpu_has_sha_ni())
        mode = 2;
#else
    (void)use;
#endif
    atomic_store_explicit(&accel, mode, memory_order_relaxed);
    return mode == 2;
}

static void compress(uint32_t hs[8], const unsigned char *p, size_t n)
{
    int mode = atomic_load_explicit(&accel, memory_order_relaxed);
    if (mode == 0) {
        jk_sha256_accelerated(1);
        mode = atomic_load_explicit(&accel, memory_order_relaxed);
    }
#ifdef JK_SHA_NI
    if (mode == 2) {
        compress_ni(hs, p, n);
        return;
    }
#endif
    for (; n > 0; n--, p += 64)
        compress_c(hs, p);
}

void jk_sha256_init(jk_sha256 *s)
{
    static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(s->h, iv, sizeof iv);
    s->len = 0;
    s->fill = 0;
}

void jk_sha256_update(jk_sha256 *s, const void *data, size_t len)
{
    const unsigned char *p = data;

    if (len == 0)
        return;
    s->len += len;
    if (s->fill > 0) { /* top up the partial block first */
        size_t take = 64 - s->fill;
        if (take > len)
            take = len;
        memcpy(s->block + s->fill, p, take);
        s->fill += take;
        p += take;
        len -= take;
        if (s->fill < 64)
            return;
        compress(s->h, s->block, 1);
        s->fill = 0;
    }
    if (len >= 64) { /* whole blocks straight from the input */
        compress(s->h, p, len / 64);
        p += len / 64 * 64;
        len %= 64;
    }
    memcpy(s->block, p, len);
    s->fill = len;
}

void jk_sha256_final(jk_sha256 *s, unsigned char digest[32])
{
    uint64_t bits = s->len * 8;
    unsigned char pad = 0x80, zero = 0, lenb[8];
    int i;

    jk_sha256_update(s, &pad, 1);
    while (s->fill != 56)
        jk_sha256_update(s, &zero, 1);
    for (i = 0; i < 8; i++)
        lenb[i] = (unsigned char)(bits >> (56 - 8 * i));
    jk_sha256_update(s, lenb, 8);
    for (i = 0; i < 8; i++) {
        digest[4 * i] = (unsigned char)(s->h[i] >> 24);
        digest[4 * i + 1] = (unsigned char)(s->h[i] >> 16);
        digest[4 * i + 2] = (unsigned char)(s->h[i] >> 8);
        digest[4 * i + 3] = (unsigned char)s->h[i];
    }
}

void jk_sha256_final_hex(jk_sha256 *s, char *out, size_t hexlen)
{
    static const char hex[] = "0123456789abcdef";
    unsigned char d[32];

    jk_sha256_final(s, d);
    if (hexlen > 64)
        hexlen = 64;
    for (size_t i = 0; i < hexlen; i++)
        out[i] = hex[(d[i / 2] >> (i % 2 ? 0 : 4)) & 0xF];
    out[hexlen] = '\0';
}

void jk_sha256_hex(const void *data, size_t len, char *out, size_t hexlen)
{
    jk_sha256 s;

    jk_sha256_init(&s);
    jk_sha256_update(&s, data, len);
    jk_sha256_final_hex(&s, out, hexlen);
}
