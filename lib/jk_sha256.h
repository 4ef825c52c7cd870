/* jk_sha256: SHA-256 (FIPS 180-4) for content hashes of archive files and
 * notices. Plain functions over caller-owned memory; nothing to free. */
#ifndef JK_SHA256_H
#define JK_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct jk_sha256 {
    uint32_t h[8];
    uint64_t len;
    unsigned char block[64];
    size_t fill;
} jk_sha256;

void jk_sha256_init(jk_sha256 *s);
void jk_sha256_update(jk_sha256 *s, const void *data, size_t len);
void jk_sha256_final(jk_sha256 *s, unsigned char digest[32]);
/* Finishes s and writes the first hexlen hex digits (at most 64) of its digest
 * into out (hexlen+1 bytes, NUL-terminated). */
void jk_sha256_final_hex(jk_sha256 *s, char *out, size_t hexlen);

/* Whether the x86 SHA extensions do the work: on by default when the CPU has
 * them. jk_sha256_accelerated(0) turns them off for the whole process (for
 * tests: both ways give the same digests); returns 1 when they are now used. */
int jk_sha256_accelerated(int use);

/* Hex digest of data, first hexlen hex digits (at most 64) into out (hexlen+1 bytes). */
void jk_sha256_hex(const void *data, size_t len, char *out, size_t hexlen);

#endif
