#include "jk_negation.h"

#include "jk_array.h"

#include <string.h>

typedef struct denial {
    const char *s;
    unsigned char len;
    unsigned char flags; /* NOT_AFTER_DE, NOT_AFTER_GA */
} denial;

/* a bare ない form is no denial after で (だけではない: not only), and 低い
 * none after が (意識が低い: a cause, not a denial) */
#define NOT_AFTER_DE 1
#define NOT_AFTER_GA 2

/* clang-format off */
#define D(s) {s, sizeof s - 1, 0}
#define PLAIN(s) {s, sizeof s - 1, NOT_AFTER_DE}
#define LOW(s) {s, sizeof s - 1, NOT_AFTER_GA}
/* clang-format on */

/* What follows the topic (は, も or が, then a comma or 一切 if written): the
 * predicates that notices deny with, from reading real ones; any match is a
 * denial. */
static const denial denials[] = {
    D("確認されておりません"),
    D("確認されていません"),
    D("確認されておらず"),
    D("確認されていない"),
    D("確認されません"),
    D("確認されなかった"),
    D("確認できておりません"),
    D("確認できていません"),
    D("確認できておらず"),
    D("確認できていない"),
    D("確認できません"),
    D("確認できなかった"),
    D("確認しておりません"),
    D("確認していません"),
    D("発生しておりません"),
    D("発生していません"),
    D("発生しておらず"),
    D("発生していない"),
    D("発生しなかった"),
    D("認められておりません"),
    D("認められていません"),
    D("認められません"),
    D("認められなかった"),
    D("見つかっておりません"),
    D("見つかっていません"),
    D("見つかっておらず"),
    D("見つかっていない"),
    D("見つかりません"),
    D("見つからなかった"),
    D("発見されておりません"),
    D("発見されていません"),
    D("発見されておらず"),
    D("発見されていない"),
    D("発見されません"),
    D("報告されておりません"),
    D("報告されていません"),
    D("報告されておらず"),
    D("受けておりません"),
    D("受けていません"),
    D("含まれておりません"),
    D("含まれていません"),
    D("含まれていない"),
    D("含まれておらず"),
    D("見られません"),
    D("見られない"),
    D("みられません"),
    D("みられない"),
    D("保存しておりません"),
    D("保存していません"),
    D("保存しておらず"),
    D("保持しておりません"),
    D("保持していません"),
    D("保持しておらず"),
    D("保有しておりません"),
    D("保有していません"),
    D("保有しておらず"),
    D("ございません"),
    D("ありません"),
    LOW("低い"),
    LOW("極めて低い"),
    PLAIN("ないこと"),
    PLAIN("ないと"),
    PLAIN("ない。"),
    PLAIN("なかった"),
};

#define TOPIC_WA "\xE3\x81\xAF" /* は */
#define TOPIC_MO "\xE3\x82\x82" /* も */
#define TOPIC_GA "\xE3\x81\x8C" /* が */
#define ISSAI "一切"
#define COMMA "、"
#define DE "で"
#define KA "か"

/* The longest stretch of text a clause is taken to be, when no break comes
 * first: about 60 characters. */
#define CLAUSE_MAX 180

/* What ends a clause, looking back from its topic (besides a line break and
 * ASCII brackets and marks): punctuation, brackets and an earlier は, so that
 * in 流出した情報にはカード情報は含まれておりません only カード情報 is denied. */
static const char *const breaks[] = {"。", "、", "，", "．", "「", "」",
                                     "（", "）", "！", "？", "：", TOPIC_WA};

static int has(const char *p, const char *end, const char *s, size_t n)
{
    return (size_t)(end - p) >= n && memcmp(p, s, n) == 0;
}

/* The length of the denial that starts at p (0 when none). ruled_out: the
 * NOT_AFTER_ flags that the topic marker and what precedes it rule out. */
static size_t denial_at(const char *p, const char *end, unsigned ruled_out)
{
    for (size_t i = 0; i < sizeof denials / sizeof *denials; i++) {
        const denial *d = &denials[i];
        if (!has(p, end, d->s, d->len) || (d->flags & ruled_out))
            continue;
        if (has(p + d->len, end, KA, sizeof KA - 1)) /* ありませんか: a question */
            continue;
        return d->len;
    }
    return 0;
}

/* Where the clause that ends at text + at starts: just after the last break
 * before it, no earlier than floor nor CLAUSE_MAX bytes back (on a character
 * boundary). */
static size_t clause_start(const char *text, size_t at, size_t floor)
{
    size_t i = at, limit = at > CLAUSE_MAX ? at - CLAUSE_MAX : 0;

    if (limit < floor)
        limit = floor;
    while (i > limit) {
        unsigned char c = (unsigned char)text[i - 1];
        if (c == '\n' || c == '(' || c == ')' || c == '!' || c == '?' || c == ':')
            return i;
        if (i - limit >= 3 && c >= 0x80)
            for (size_t k = 0; k < sizeof breaks / sizeof *breaks; k++)
                if (memcmp(text + i - 3, breaks[k], 3) == 0)
                    return i;
        i--;
        while (i > limit && ((unsigned char)text[i] & 0xC0) == 0x80)
            i--;
    }
    while (i < at && ((unsigned char)text[i] & 0xC0) == 0x80) /* never inside a character */
        i++;
    return i;
}

int jk_negation_find(const char *text, size_t len, jk_span **spans, size_t *cap, size_t *n,
                     jk_error *err)
{
    const char *end = text + len;
    size_t floor = 0;

    *n = 0;
    for (size_t i = 0; i + 3 <= len; i++) {
        const char *q;
        size_t dl, from;
        if ((unsigned char)text[i] != 0xE3 ||
            (memcmp(text + i, TOPIC_WA, 3) != 0 && memcmp(text + i, TOPIC_MO, 3) != 0 &&
             memcmp(text + i, TOPIC_GA, 3) != 0))
            continue;
        q = text + i + 3;
        if (has(q, end, COMMA, sizeof COMMA - 1))
            q += sizeof COMMA - 1;
        if (has(q, end, ISSAI, sizeof ISSAI - 1))
            q += sizeof ISSAI - 1;
        dl = denial_at(q, end,
                       (i >= 3 && memcmp(text + i - 3, DE, 3) == 0 ? NOT_AFTER_DE : 0) |
                           (memcmp(text + i, TOPIC_GA, 3) == 0 ? NOT_AFTER_GA : 0));
        if (!dl)
            continue;
        from = clause_start(text, i, floor);
        if (from < i) {
            if (JK_ARRAY_GROW(spans, cap, *n, 8))
                return jk_error_set(err, JK_ENOMEM, "[negation] out of memory");
            (*spans)[*n].start = from;
            (*spans)[*n].end = i;
            (*n)++;
        }
        floor = (size_t)(q - text) + dl;
        i = floor - 1;
    }
    return JK_OK;
}

int jk_negation_holds(const jk_span *v, size_t n, size_t *k, size_t pos)
{
    while (*k < n && v[*k].end <= pos)
        (*k)++;
    return *k < n && v[*k].start <= pos;
}
