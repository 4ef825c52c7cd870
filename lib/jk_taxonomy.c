#include "jk_taxonomy.h"

#include <string.h>
#include <strings.h>

static const jk_label causes[] = {
    {"unauthorized-access", "不正アクセス"},
    {"ransomware", "ランサムウェア"},
    {"malware", "マルウェア"},
    {"misdelivery", "誤送信・誤送付"},
    {"exposure", "誤公開・設定不備"},
    {"loss-theft", "紛失・盗難"},
    {"insider", "内部不正"},
    {"fraud", "詐欺・フィッシング"},
    {"spam-relay", "踏み台・迷惑メール送信"},
    {"other", "その他"},
};

static const jk_label sectors[] = {
    {"national-government", "国の機関"},
    {"local-government", "地方自治体"},
    {"education", "教育機関"},
    {"healthcare", "医療・福祉"},
    {"finance", "金融"},
    {"business", "企業"},
    {"nonprofit", "団体"},
};

const jk_label *jk_taxonomy_labels(jk_facet f, size_t *n)
{
    if (f == JK_FACET_CAUSE) {
        *n = sizeof causes / sizeof causes[0];
        return causes;
    }
    if (f == JK_FACET_SECTOR) {
        *n = sizeof sectors / sizeof sectors[0];
        return sectors;
    }
    *n = 0;
    return NULL;
}

/* Is text the whole of name or one of its parts between '・'? */
static int names(const char *name, const char *text)
{
    static const char dot[] = "・";
    size_t len = strlen(text);
    const char *p = name;

    if (len == 0)
        return 0;
    if (strcmp(name, text) == 0)
        return 1;
    for (;;) {
        const char *end = strstr(p, dot);
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == len && memcmp(p, text, len) == 0)
            return 1;
        if (!end)
            return 0;
        p = end + sizeof dot - 1;
    }
}

int jk_taxonomy_near(const jk_label *l, const char *text)
{
    size_t len = strlen(text), chars = 0;

    for (size_t i = 0; i < len; i++)
        chars += ((unsigned char)text[i] & 0xC0) != 0x80;
    if (chars < 2)
        return 0;
    return strncasecmp(l->slug, text, len) == 0 || strstr(l->name, text) != NULL;
}

const jk_label *jk_taxonomy_find(jk_facet f, const char *text, size_t *nmatch)
{
    size_t n, found = 0;
    const jk_label *l = jk_taxonomy_labels(f, &n), *hit = NULL;

    if (nmatch)
        *nmatch = 0;
    for (size_t i = 0; i < n; i++)
        if (strcasecmp(l[i].slug, text) == 0 || names(l[i].name, text)) {
            if (nmatch)
                *nmatch = 1;
            return &l[i];
        }
    for (size_t i = 0; i < n; i++)
        if (jk_taxonomy_near(&l[i], text) && found++ == 0)
            hit = &l[i];
    if (nmatch)
        *nmatch = found;
    return found == 1 ? hit : NULL;
}

int jk_taxonomy_facet(const char *name)
{
    if (strcmp(name, "cause") == 0)
        return JK_FACET_CAUSE;
    if (strcmp(name, "sector") == 0)
        return JK_FACET_SECTOR;
    if (strcmp(name, "year") == 0)
        return JK_FACET_YEAR;
    return -1;
}

const char *jk_taxonomy_facet_name(jk_facet f)
{
    return f == JK_FACET_CAUSE ? "cause" : f == JK_FACET_SECTOR ? "sector" : "year";
}
