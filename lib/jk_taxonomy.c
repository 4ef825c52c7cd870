#include "jk_taxonomy.h"

#include <string.h>
#include <strings.h>

/* The other words each label answers to, whole and in any case: what a user
 * would call it ("cause:bcc", "sector:university", "sector:市"). A word
 * names one label only (test_facets checks). */
static const jk_label causes[] = {
    {"unauthorized-access", "不正アクセス",
     "unauthorised-access|intrusion|hacking|hack|tampering|defacement|不正ログイン|不正侵入|"
     "ハッキング|改ざん|サイバー攻撃"},
    {"ransomware", "ランサムウェア", "ランサム|身代金"},
    {"malware", "マルウェア", "virus|emotet|trojan|ウイルス|ウィルス|エモテット|ウイルス感染"},
    {"misdelivery", "誤送信・誤送付",
     "cc|bcc|missent|misdirected|wrong-recipient|wrong-address|誤配信|誤発送|誤添付|誤配達|"
     "メール誤送信"},
    {"exposure", "誤公開・設定不備", "misconfiguration|misconfigured|misconfig|設定ミス|公開設定"},
    {"loss-theft", "紛失・盗難", "loss|lost|theft|stolen|置き忘れ"},
    {"insider", "内部不正", "持ち出し|不正持ち出し|内部犯行"},
    {"fraud", "詐欺・フィッシング",
     "phishing|scam|support-scam|impersonation|サポート詐欺|なりすまし|フィッシング詐欺"},
    {"spam-relay", "踏み台・迷惑メール送信", "spam|relay|迷惑メール|スパム"},
    {"other", "その他", "ddos|dos|outage|障害"},
};

static const jk_label sectors[] = {
    {"national-government", "国の機関", "national|ministry|agency|国|省庁|独立行政法人"},
    {"local-government", "地方自治体",
     "local|city|town|village|ward|prefecture|municipality|市|町|村|区|県|都道府県|市区町村|"
     "市役所|県庁|役所|役場|教育委員会"},
    {"education", "教育機関",
     "university|college|school|academy|大学|学校|高校|高等学校|中学校|小学校|学園"},
    {"healthcare", "医療・福祉",
     "hospital|clinic|medical|welfare|health|病院|医院|クリニック|医療機関|介護"},
    {"finance", "金融",
     "bank|banking|insurance|insurer|securities|銀行|保険|証券|信用金庫|信用組合"},
    {"business", "企業", "company|corporation|corporate|firm|enterprise|会社|株式会社|民間企業"},
    {"nonprofit", "団体",
     "npo|ngo|non-profit|association|foundation|協会|財団|社団|財団法人|社団法人|npo法人"},
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

int jk_taxonomy_alias(const jk_label *l, const char *text)
{
    size_t len = strlen(text);

    for (const char *p = l->aliases; len && p && *p;) {
        const char *end = strchr(p, '|');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == len && strncasecmp(p, text, len) == 0)
            return 1;
        p += n + (end != NULL);
    }
    return 0;
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
        if (strcasecmp(l[i].slug, text) == 0 || names(l[i].name, text) ||
            jk_taxonomy_alias(&l[i], text)) {
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
