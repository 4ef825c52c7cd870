/* jk_hash: FNV-1a, 32 bits, for the small in-memory tables (spelling
 * variants, pair words). Not for anything stored: the index keeps SHA-256
 * digests (jk_sha256.h). Header only; no state.
 */
#ifndef JK_HASH_H
#define JK_HASH_H

#include <stddef.h>
#include <stdint.h>

static inline uint32_t jk_hash_fnv1a(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

#endif
