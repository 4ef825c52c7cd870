#include "jk_ngram.h"

#include "jk_utf8.h"

#include <string.h>
#include <unicode/uchar.h>

static int word_char(int32_t cp)
{
    return cp >= 0 && (u_isalnum(cp) || cp == 0x30FC || cp == 0x3005); /* ー 々 */
}

int jk_ngrams(const char *text, size_t len, unsigned *pos, jk_ngram_cb cb, void *payload)
{
    char term[32];
    size_t i = 0, n, prev = 0, prevlen = 0;
    int in_run = 0, run = -1, rc;
    const size_t bl = strlen(JK_PREFIX_BIGRAM), ul = strlen(JK_PREFIX_UNIGRAM);

    while (i < len) {
        int32_t cp = jk_utf8_decode(text + i, len - i, &n);
        if (!word_char(cp)) {
            if (in_run)
                *pos += JK_NGRAM_RUN_GAP;
            in_run = 0;
            i += n;
            continue;
        }
        if (!in_run)
            run++;
        if (cp >= 0x80) {
            memcpy(term, JK_PREFIX_UNIGRAM, ul);
            memcpy(term + ul, text + i, n);
            rc = cb(term, ul + n, 0, run, payload);
            if (rc)
                return rc;
        }
        if (in_run) {
            memcpy(term, JK_PREFIX_BIGRAM, bl);
            memcpy(term + bl, text + prev, prevlen);
            memcpy(term + bl + prevlen, text + i, n);
            rc = cb(term, bl + prevlen + n, ++*pos, run, payload);
            if (rc)
                return rc;
        }
        in_run = 1;
        prev = i;
        prevlen = n;
        i += n;
    }
    return 0;
}
