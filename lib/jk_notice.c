#include "jk_notice.h"

#include "jk_charset.h"
#include "jk_sha256.h"
#include "jk_utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TRAILER "リリース文アーカイブ"

typedef struct line {
    size_t off, len; /* len excludes the newline (and a CR before it) */
    int blank;
} line;

/* ---- code point helpers ---- */

static int digit_value(int32_t cp)
{
    if (cp >= '0' && cp <= '9')
        return cp - '0';
    if (cp >= 0xFF10 && cp <= 0xFF19)
        return cp - 0xFF10;
    return -1;
}

static int is_one_of(int32_t cp, const int32_t *set)
{
    for (; *set; set++)
        if (*set == cp)
            return 1;
    return 0;
}

/* Decodes s[0..len) into at most cap code points and their byte offsets
 * (non-space only when skip_space), into cps and offs, which hold cap + 1;
 * offs[count] is len. Returns the count. */
static size_t decode_into(const char *s, size_t len, int skip_space, int32_t *cps, size_t *offs,
                          size_t cap)
{
    size_t i = 0, n, k = 0;
    while (i < len && k < cap) {
        int32_t cp = jk_utf8_decode(s + i, len - i, &n);
        if (!(skip_space && jk_utf8_is_space(cp))) {
            cps[k] = cp;
            offs[k] = i;
            k++;
        }
        i += n;
    }
    offs[k] = len;
    return k;
}

/* decode_into arrays of their own: *cps and *offs are malloc'd (NULL, and
 * 0 returned, when they cannot be). */
static size_t decode_all(const char *s, size_t len, int skip_space, int32_t **cps, size_t **offs)
{
    *cps = malloc((len + 1) * sizeof **cps);
    *offs = malloc((len + 1) * sizeof **offs);
    if (!*cps || !*offs) {
        free(*cps);
        free(*offs);
        *cps = NULL;
        *offs = NULL;
        return 0;
    }
    return decode_into(s, len, skip_space, *cps, *offs, len);
}

/* ---- tag ---- */

static int match_str(const char *s, size_t len, size_t *i, const char *lit)
{
    size_t l = strlen(lit);
    if (len - *i < l || memcmp(s + *i, lit, l) != 0)
        return 0;
    *i += l;
    return 1;
}

static int32_t next_cp(const char *s, size_t len, size_t *i)
{
    size_t n;
    int32_t cp;
    if (*i >= len)
        return -1;
    cp = jk_utf8_decode(s + *i, len - *i, &n);
    *i += n;
    return cp;
}

static const int32_t tag_hash[] = {'#', 0xFF03, 0x266F, 0};

/* If s starts like a notice tag (blanks and a BOM, 【, spaces,
 * セキュリティ事件簿), the byte offset past it; else 0. */
static size_t tag_start(const char *s, size_t len)
{
    size_t i = 0, save;
    while (i < len) {
        save = i;
        if (!jk_utf8_is_space(next_cp(s, len, &i))) {
            i = save;
            break;
        }
    }
    if (!match_str(s, len, &i, "【"))
        return 0;
    while (i < len && s[i] == ' ')
        i++;
    return match_str(s, len, &i, "セキュリティ事件簿") ? i : 0;
}

/* Does s start like a notice tag with an id, valid or not (【セキュリティ事件簿
 * and then, after any spaces, # or a digit)? A post titled
 * 【セキュリティ事件簿】まとめ is no notice and says so. */
static int tag_like(const char *s, size_t len)
{
    size_t i = tag_start(s, len);
    int32_t cp;
    if (i == 0)
        return 0;
    do
        cp = next_cp(s, len, &i);
    while (jk_utf8_is_space(cp));
    return is_one_of(cp, tag_hash) || digit_value(cp) >= 0;
}

size_t jk_notice_tag(const char *s, size_t len, char *id, int *year)
{
    static const int32_t dash[] = {'-', 0xFF0D, 0x2010, 0x2011, 0x2012, 0x2013, 0x2212, 0x30FC, 0};
    size_t i = tag_start(s, len), save;
    int32_t cp;
    int y = 0, nd = 0;
    char num[16];
    size_t nn = 0;

    if (i == 0)
        return 0;
    if (!is_one_of(next_cp(s, len, &i), tag_hash))
        return 0;
    for (nd = 0; nd < 4; nd++) {
        int d = digit_value(next_cp(s, len, &i));
        if (d < 0)
            return 0;
        y = y * 10 + d;
    }
    if (!is_one_of(next_cp(s, len, &i), dash))
        return 0;
    for (;;) {
        save = i;
        cp = next_cp(s, len, &i);
        int d = digit_value(cp);
        if (d < 0) {
            i = save;
            break;
        }
        if (nn + 1 >= sizeof num)
            return 0;
        num[nn++] = (char)('0' + d);
    }
    if (nn == 0)
        return 0;
    num[nn] = '\0';
    if (!match_str(s, len, &i, "】"))
        return 0;
    snprintf(id, 32, "%04d-%s", y, num);
    *year = y;
    return i;
}

/* ---- date ---- */

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return d[m - 1];
}

/* Reads up to max digits backwards ending at cps[*k]; returns the value or -1;
 * *k moves before them and *count gets how many there were. */
static int digits_back(const int32_t *cps, long *k, int max, int *count)
{
    int v = 0, mul = 1, c = 0;
    while (*k >= 0 && c < max && digit_value(cps[*k]) >= 0) {
        v += digit_value(cps[*k]) * mul;
        mul *= 10;
        c++;
        (*k)--;
    }
    *count = c;
    return c ? v : -1;
}

/* How many bytes at the end of a title the date is looked for in: the
 * longest date with its brackets and spaces takes well under half. */
#define DATE_TAIL 160

/* Steps k back over one of a few words that may follow a date at the end of
 * a title ("付", "更新", "発表", "公表", "掲載", "現在", "時点"), also inside
 * its brackets; returns the index of the last character before it. */
static long skip_date_word(const int32_t *cps, long k)
{
    static const int32_t words[][2] = {
        {0x4ED8, 0},      /* 付 */
        {0x66F4, 0x65B0}, /* 更新 */
        {0x767A, 0x8868}, /* 発表 */
        {0x516C, 0x8868}, /* 公表 */
        {0x63B2, 0x8F09}, /* 掲載 */
        {0x73FE, 0x5728}, /* 現在 */
        {0x6642, 0x70B9}, /* 時点 */
    };
    for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
        long len = words[w][1] ? 2 : 1;
        if (k + 1 >= len && cps[k] == words[w][len - 1] && cps[k - len + 1] == words[w][0])
            return k - len;
    }
    return k;
}

/* Steps k back over what may follow a date at the end of a title: a weekday
 * in brackets ("(月)", "（月曜日）", "(月曜)") or skip_date_word's words.
 * Returns the index of the last character the date (or its brackets) may end
 * at. */
static long skip_date_suffix(const int32_t *cps, long k)
{
    static const int32_t days[] = {0x6708, 0x706B, 0x6C34, 0x6728, 0x91D1, 0x571F, 0x65E5, 0};
    if (k >= 0 && (cps[k] == ')' || cps[k] == 0xFF09)) {
        long j = k - 1;
        if (j >= 1 && cps[j] == 0x65E5 && cps[j - 1] == 0x66DC) /* 曜日 */
            j -= 2;
        else if (j >= 0 && cps[j] == 0x66DC) /* 曜 */
            j--;
        if (j >= 1 && is_one_of(cps[j], days) && (cps[j - 1] == '(' || cps[j - 1] == 0xFF08))
            return j - 2;
        return k;
    }
    return skip_date_word(cps, k);
}

size_t jk_notice_date(const char *s, size_t len, char *iso)
{
    static const int32_t closers[] = {')', 0xFF09, ']', 0x300D, 0x3011, 0};
    static const int32_t openers[] = {'(', 0xFF08, '[', 0x300C, 0x3010, 0};
    static const int32_t seps[] = {'/', '.', '-', 0xFF0F, 0xFF0E, 0xFF0D, 0};
    int32_t cps[DATE_TAIL + 1];
    size_t offs[DATE_TAIL + 1], n, result = len, from = 0;
    long k;
    int y = -1, m, d, c, closed = 0;

    if (len > DATE_TAIL) { /* the date is at the end: its last bytes, from a character */
        from = len - DATE_TAIL;
        while (from < len && ((unsigned char)s[from] & 0xC0) == 0x80)
            from++;
    }
    n = decode_into(s + from, len - from, 1, cps, offs, DATE_TAIL);
    k = skip_date_suffix(cps, (long)n - 1);
    if (k >= 0 && is_one_of(cps[k], closers)) {
        closed = 1;
        k = skip_date_word(cps, k - 1);
    }
    if (k < 0)
        goto done;
    if (cps[k] == 0x65E5) { /* 日 */
        k--;
        d = digits_back(cps, &k, 2, &c);
        if (d < 0 || k < 0 || cps[k] != 0x6708) /* 月 */
            goto done;
        k--;
        m = digits_back(cps, &k, 2, &c);
        if (m < 0 || k < 0 || cps[k] != 0x5E74) /* 年 */
            goto done;
        k--;
        if (k >= 0 && cps[k] == 0x5143) { /* 元 (first year of an era) */
            y = 1;
            c = 1;
            k--;
        } else {
            y = digits_back(cps, &k, 4, &c);
        }
        if (y < 0)
            goto done;
        if (c != 4) { /* an era year: 令和 or 平成 before it */
            if (k >= 1 && cps[k - 1] == 0x4EE4 && cps[k] == 0x548C) /* 令和 */
                y += 2018;
            else if (k >= 1 && cps[k - 1] == 0x5E73 && cps[k] == 0x6210) /* 平成 */
                y += 1988;
            else
                goto done;
            k -= 2;
        }
    } else {
        int32_t sep;
        d = digits_back(cps, &k, 2, &c);
        if (d < 0 || k < 0 || !is_one_of(cps[k], seps))
            goto done;
        sep = cps[k--];
        m = digits_back(cps, &k, 2, &c);
        if (m < 0 || k < 0 || cps[k] != sep)
            goto done;
        k--;
        y = digits_back(cps, &k, 4, &c);
        if (c != 4)
            goto done;
    }
    if (closed) {
        if (k < 0 || !is_one_of(cps[k], openers))
            goto done;
        k--;
    }
    if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m) || y < 1900 || y > 2999)
        goto done;
    {
        char tmp[40];
        snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
        memcpy(iso, tmp, 11);
    }
    result = from + offs[k + 1];
done:
    return result;
}

/* ---- organisation ---- */

static const char *const org_suffixes[] = {
    "株式会社",   "有限会社", "合同会社", "大学院",   "大学",   "高等学校", "中学校",
    "小学校",     "学校",     "高校",     "学園",     "学院",   "病院",     "医院",
    "クリニック", "センター", "研究所",   "研究機構", "機構",   "協会",     "財団",
    "法人",       "組合",     "銀行",     "信用金庫", "委員会", "事務所",   "市場",
    "省",         "庁",       "局",       "県",       "都",     "府",       "市",
    "町",         "村",       "区",       "社",       "ストア", "グループ", "ホールディングス",
    NULL};

/* A legal form written as a word of its own before the name. */
static int legal_form(const char *s, size_t len)
{
    static const char *const forms[] = {
        "株式会社",           "有限会社",         "合同会社",
        "国立大学法人",       "公立大学法人",     "学校法人",
        "医療法人",           "社会福祉法人",     "一般社団法人",
        "公益社団法人",       "一般財団法人",     "公益財団法人",
        "独立行政法人",       "国立研究開発法人", "地方独立行政法人",
        "特定非営利活動法人", "NPO法人",          NULL};
    for (const char *const *f = forms; *f; f++)
        if (strlen(*f) == len && memcmp(*f, s, len) == 0)
            return 1;
    return 0;
}

static int ends_with(const char *s, size_t len, const char *suffix)
{
    size_t l = strlen(suffix);
    return len >= l && memcmp(s + len - l, suffix, l) == 0;
}

/* The organisation of a title with no space: the shortest prefix that ends in
 * an organisation word and is followed by a particle or bracket, else the text
 * before the first particle, else the whole text. */
static char *org_from_text(const char *s, size_t len)
{
    static const int32_t particles[] = {0x304C, 0x306E, 0x306F, 0x306B, 0x3067,
                                        0x3092, 0x3068, 0x3078, 0x3001, 0}; /* がのはにでをとへ、 */
    static const int32_t brackets[] = {'(', 0xFF08, 0x300C, 0};
    int32_t *cps;
    size_t *offs, n, p, cut = len;
    int found = 0;

    n = decode_all(s, len, 0, &cps, &offs);
    if (!cps)
        return NULL;
    for (p = 1; p < n && !found; p++) {
        if (!(is_one_of(cps[p], particles) || is_one_of(cps[p], brackets)))
            continue;
        for (const char *const *suf = org_suffixes; *suf; suf++) {
            if (ends_with(s, offs[p], *suf)) {
                cut = offs[p];
                found = 1;
                break;
            }
        }
    }
    for (p = 2; p < n && !found; p++) {
        if (is_one_of(cps[p], particles)) {
            cut = offs[p];
            found = 1;
        }
    }
    free(cps);
    free(offs);
    return strndup(s, cut);
}

/* ---- post boundaries ---- */

static int is_trailer(const char *s, size_t len)
{
    const char *t = jk_utf8_trim(s, &len);
    return len == strlen(TRAILER) && memcmp(t, TRAILER, len) == 0;
}

/* Lines that close or structure a notice (a heading, a contact) and are never
 * a blog post's title, though they are short and may stand before a dropped
 * picture (two blank lines). */
static int notice_line(const char *s, size_t len)
{
    static const char *const exact[] = {"以上",
                                        "記",
                                        "敬具",
                                        "概要",
                                        "経緯",
                                        "原因",
                                        "対応",
                                        "今後の対応",
                                        "再発防止策",
                                        "再発防止",
                                        "お問い合わせ",
                                        "お問い合わせ先",
                                        "問い合わせ先",
                                        "お問合せ",
                                        "お問合せ先",
                                        "連絡先",
                                        "本件に関するお問い合わせ",
                                        "本件に関するお問い合わせ先",
                                        "添付資料",
                                        "参考",
                                        "別紙",
                                        "詳細",
                                        "被害状況",
                                        "発生日時",
                                        "対象者",
                                        "対象",
                                        "事案の概要",
                                        "お詫び",
                                        NULL};
    static const char *const inside[] = {"電話", "tel",    "TEL",    "Tel",     "FAX",
                                         "fax",  "e-mail", "E-mail", "メール:", "メール：",
                                         "@",    "〒",     NULL};
    static const char *const ends[] = {"課", "係", "担当", "窓口", "事務局", "受付時間", NULL};
    char iso[11];
    for (const char *const *e = exact; *e; e++)
        if (strlen(*e) == len && memcmp(*e, s, len) == 0)
            return 1;
    for (const char *const *e = inside; *e; e++)
        if (memmem(s, len, *e, strlen(*e)))
            return 1;
    for (const char *const *e = ends; *e; e++)
        if (ends_with(s, len, *e))
            return 1;
    return jk_notice_date(s, len, iso) == 0; /* a date alone */
}

/* A title has at most 100 characters, so at most this many bytes. */
#define TITLE_MAX_BYTES 400

/* Could s (trimmed) be the title of a blog post, rather than a sentence, a list
 * item, a sub-heading, a line of a notice or a command line? (Nothing is
 * allocated: a failure here would have made a title a line of the post
 * before it.) */
static int title_shaped(const char *s, size_t len)
{
    static const int32_t bad_first[] = {
        0x3010, 0x203B, 0x30FB, 0x2022, 0x25CF, 0x25CB, 0x25A0, 0x25A1, 0x25C6, 0x25C7,
        0x25BC, 0x25B2, 0x25BD, 0x25B3, 0x2713, 0x2714, '-',    '*',    '<',    0xFF1C,
        0x226A, 0x300A, '(',    0xFF08, 0x300C, 0x300E, '[',    0xFF1E, '>',    0x2192,
        0x21D2, 0x25CE, 0x2606, 0x2605, '$',    '#',    0xFF03, 0x25B6, 0x25B7, 0};
    static const int32_t bad_last[] = {0x3002, 0xFF0E, 0x3001, 0xFF0C, ',',    0xFF1A, ':',
                                       0x2193, 0x2192, 0x2026, '.',    0xFF1B, ';',    0};
    static const int32_t list_marks[] = {'.', 0xFF0E, ')', 0xFF09, 0x3001, ':', 0xFF1A, 0x30FB, 0};
    int32_t cps[TITLE_MAX_BYTES + 1];
    size_t offs[TITLE_MAX_BYTES + 1], n, i;
    int ok = 1;

    if (len > TITLE_MAX_BYTES) /* more than 100 characters, however wide */
        return 0;
    n = decode_into(s, len, 0, cps, offs, TITLE_MAX_BYTES);
    if (n < 2 || n > 100 || is_one_of(cps[0], bad_first) || is_one_of(cps[n - 1], bad_last) ||
        (cps[0] >= 0x2460 && cps[0] <= 0x2473)) /* ①..⑳ */
        ok = 0;
    if (ok && digit_value(cps[0]) >= 0) { /* "1." "2)" "3、" list items */
        for (i = 1; i < n && digit_value(cps[i]) >= 0; i++)
            ;
        if (i < n && is_one_of(cps[i], list_marks))
            ok = 0;
    }
    if (ok && (memmem(s, len, "://", 3) || notice_line(s, len)))
        ok = 0;
    for (i = 0; ok && i + 2 < len; i++) /* a command-line flag: " -d" */
        if (s[i] == ' ' && s[i + 1] == '-' &&
            ((s[i + 2] >= 'a' && s[i + 2] <= 'z') || (s[i + 2] >= 'A' && s[i + 2] <= 'Z')))
            ok = 0;
    return ok;
}

/* Line i starts an other post: it follows a blank line, is followed by at
 * least two blank lines and then text, and is shaped like a title. */
static int other_title_at(const line *lines, size_t n, size_t i, const char *buf)
{
    size_t j, len;
    const char *t;

    if (i > 0 && !lines[i - 1].blank)
        return 0;
    if (i + 3 >= n || !lines[i + 1].blank || !lines[i + 2].blank)
        return 0;
    for (j = i + 3; j < n && lines[j].blank; j++)
        ;
    if (j >= n)
        return 0;
    len = lines[i].len;
    t = jk_utf8_trim(buf + lines[i].off, &len);
    return title_shaped(t, len) || tag_like(t, len);
}

/* The byte that ends a line in buf: LF (a CR before it is dropped), or CR in a
 * file with CR line ends only (classic Mac OS), which has no LF at all. */
static char line_end(const char *buf, size_t len)
{
    return !memchr(buf, '\n', len) && memchr(buf, '\r', len) ? '\r' : '\n';
}

static line *split_lines(const char *buf, size_t len, char eol, size_t *count)
{
    size_t n = 0, cap = 256, i = 0;
    line *lines = malloc(cap * sizeof *lines);

    if (!lines)
        return NULL;
    while (i < len) {
        const char *nl = memchr(buf + i, eol, len - i);
        size_t end = nl ? (size_t)(nl - buf) : len;
        size_t l = end - i;
        if (n == cap) {
            line *p = realloc(lines, (cap *= 2) * sizeof *lines);
            if (!p) {
                free(lines);
                return NULL;
            }
            lines = p;
        }
        if (l > 0 && buf[i + l - 1] == '\r')
            l--;
        lines[n].off = i;
        lines[n].len = l;
        lines[n].blank = jk_utf8_is_blank(buf + i, l);
        n++;
        i = end + 1;
    }
    *count = n;
    return lines;
}

int jk_archive_check(const char *buf, size_t len, jk_error *err)
{
    size_t bad, line_no = 1, col = 1, i;
    const char *cs;
    char eol;

    if (len == 0 || jk_utf8_is_blank(buf, len))
        return jk_error_set(err, JK_EINPUT, "empty file");
    bad = jk_utf8_invalid_at(buf, len);
    if (bad < len && (cs = jk_charset_guess(buf, len)) != NULL)
        return jk_error_set(err, JK_EINPUT,
                            "%s text, not UTF-8 as archive files must be: convert it first "
                            "(iconv -f %s -t UTF-8)",
                            jk_charset_label(cs), cs);
    if (memchr(buf, '\0', len))
        return jk_error_set(err, JK_EINPUT, "binary file (contains NUL bytes), not an archive");
    if (bad < len) {
        eol = line_end(buf, len);
        for (i = 0; i < bad; i++) {
            if (buf[i] == eol) {
                line_no++;
                col = 1;
            } else if (((unsigned char)buf[i] & 0xC0) != 0x80) {
                col++;
            }
        }
        return jk_error_set(err, JK_EINPUT,
                            "invalid UTF-8 at line %zu, column %zu (byte 0x%02x): archive files "
                            "must be UTF-8 text",
                            line_no, col, (unsigned char)buf[bad]);
    }
    return JK_OK;
}

int jk_archive_load(jk_archive **out, const char *buf, size_t len, jk_error *err)
{
    int rc = jk_archive_check(buf, len, err);

    *out = NULL;
    if (rc == JK_OK)
        rc = jk_archive_parse(out, buf, len, err);
    if (rc == JK_OK && (*out)->nnotices == 0 && (*out)->nbad_tag)
        rc = jk_error_set(err, JK_EINPUT,
                          "no notices found; %zu post%s titled like one but ha%s no id "
                          "#YYYY-NNN (--dry-run shows which)",
                          (*out)->nbad_tag, (*out)->nbad_tag == 1 ? "" : "s",
                          (*out)->nbad_tag == 1 ? "s" : "ve");
    else if (rc == JK_OK && (*out)->nnotices == 0)
        rc = jk_error_set(err, JK_EINPUT,
                          "no notices found (%zu other post%s): not an archive of "
                          "【セキュリティ事件簿#…】 notices",
                          (*out)->nposts, (*out)->nposts == 1 ? "" : "s");
    if (rc == JK_EINPUT && *out) {
        jk_archive_free(*out);
        *out = NULL;
    }
    return rc;
}

static void post_free(jk_post *p)
{
    free(p->title);
    free(p->body);
    free(p->id);
    free(p->org);
    free(p->date);
    free(p->key);
}

void jk_archive_free(jk_archive *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->nposts; i++)
        post_free(&a->posts[i]);
    free(a->posts);
    free(a);
}

/* The unique key: id and a hash of the title without tag, date and spaces, so a
 * re-post of the same release (even re-spaced or re-dated) has the same key. */
static char *make_key(const char *id, const char *rest, size_t len)
{
    char *compact = malloc(len + 1), hex[13], *key;
    size_t i = 0, n, k = 0;

    if (!compact)
        return NULL;
    while (i < len) {
        int32_t cp = jk_utf8_decode(rest + i, len - i, &n);
        if (!jk_utf8_is_space(cp)) {
            memcpy(compact + k, rest + i, n);
            k += n;
        }
        i += n;
    }
    jk_sha256_hex(compact, k, hex, 12);
    free(compact);
    key = malloc(strlen(id) + 14);
    if (key)
        sprintf(key, "%s/%s", id, hex);
    return key;
}

static int fill_notice(jk_post *p, const char *title, size_t tlen, jk_error *err)
{
    char id[32], iso[11];
    int year = 0, dated;
    size_t taglen = jk_notice_tag(title, tlen, id, &year), rlen, dstart, olen;
    const char *rest = title + taglen, *sp;

    rlen = tlen - taglen;
    rest = jk_utf8_trim(rest, &rlen);
    dstart = jk_notice_date(rest, rlen, iso);
    dated = dstart < rlen;
    p->id = strdup(id);
    p->year = year;
    p->date = dated ? strdup(iso) : NULL;
    rlen = dstart;
    rest = jk_utf8_trim(rest, &rlen);
    /* the org: before the first space, else what the title makes clear */
    sp = NULL;
    for (size_t i = 0, n; i < rlen; i += n) {
        int32_t cp = jk_utf8_decode(rest + i, rlen - i, &n);
        if (jk_utf8_is_space(cp)) {
            sp = rest + i;
            break;
        }
    }
    if (sp) {
        olen = (size_t)(sp - rest);
        if (legal_form(rest, olen)) { /* "国立大学法人 架空大学 ...": the name is the next word */
            size_t n2, at = olen;
            while (at < rlen && jk_utf8_is_space(jk_utf8_decode(rest + at, rlen - at, &n2)))
                at += n2;
            size_t end = at;
            while (end < rlen && !jk_utf8_is_space(jk_utf8_decode(rest + end, rlen - end, &n2)))
                end += n2;
            if (end > at && end < rlen) { /* keep a title after the name */
                char *joined = malloc(olen + (end - at) + 1);
                if (joined) {
                    memcpy(joined, rest, olen);
                    memcpy(joined + olen, rest + at, end - at);
                    joined[olen + end - at] = '\0';
                }
                p->org = joined;
                goto org_done;
            }
        }
        p->org = strndup(rest, olen);
    } else {
        p->org = org_from_text(rest, rlen);
    }
org_done:
    p->key = make_key(id, rest, rlen);
    p->title_text = taglen;
    if (!p->id || !p->org || !p->key || (dated && !p->date))
        return jk_error_set(err, JK_ENOMEM, "[notice][parse] out of memory");
    return JK_OK;
}

/* Gives body LF line ends, in place, so that a month saved on Windows (CRLF)
 * or classic Mac OS (CR, eol) holds the same notices as the LF month, and no
 * CR reaches the terminal: drops the CR of each CRLF pair (a CR inside a line
 * stays) or, when eol is CR, turns each CR into LF. Returns the new length. */
static size_t to_lf(char *body, size_t len, char eol)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (body[i] != '\r')
            body[n++] = body[i];
        else if (eol == '\r')
            body[n++] = '\n';
        else if (i + 1 < len && body[i + 1] != '\n')
            body[n++] = '\r';
    }
    body[n] = '\0';
    return n;
}

int jk_archive_parse(jk_archive **out, const char *buf, size_t len, jk_error *err)
{
    size_t nlines = 0, i, *starts = NULL, nstarts = 0;
    line *lines = NULL;
    jk_archive *a = NULL;
    int rc = JK_OK, in_notice = 0, body_seen = 0, after_trailer = 0;
    char idbuf[32];
    int ybuf;
    char eol = line_end(buf, len);

    *out = NULL;
    lines = split_lines(buf, len, eol, &nlines);
    starts = malloc((nlines + 1) * sizeof *starts);
    a = calloc(1, sizeof *a);
    if (!lines || !starts || !a) {
        rc = jk_error_set(err, JK_ENOMEM, "[notice][parse] out of memory");
        goto done;
    }
    for (i = 0; i < nlines; i++) {
        const char *s = buf + lines[i].off;
        size_t l = lines[i].len;
        if (lines[i].blank)
            continue;
        if (jk_notice_tag(s, l, idbuf, &ybuf)) {
            starts[nstarts++] = i;
            in_notice = 1;
            body_seen = after_trailer = 0;
            continue;
        }
        if (nstarts == 0 || (in_notice && after_trailer) ||
            (body_seen && other_title_at(lines, nlines, i, buf))) {
            starts[nstarts++] = i;
            in_notice = 0;
            body_seen = after_trailer = 0;
            continue;
        }
        body_seen = 1;
        if (in_notice && is_trailer(s, l))
            after_trailer = 1;
    }
    a->posts = calloc(nstarts ? nstarts : 1, sizeof *a->posts);
    if (!a->posts) {
        rc = jk_error_set(err, JK_ENOMEM, "[notice][parse] out of memory");
        goto done;
    }
    for (size_t k = 0; k < nstarts; k++) {
        jk_post *p = &a->posts[a->nposts++];
        size_t first = starts[k], limit = k + 1 < nstarts ? starts[k + 1] : nlines, end, b;
        size_t tlen = lines[first].len;
        const char *title = jk_utf8_trim(buf + lines[first].off, &tlen);

        p->kind = jk_notice_tag(title, tlen, idbuf, &ybuf) ? JK_POST_NOTICE : JK_POST_OTHER;
        end = limit - 1;
        while (end > first &&
               (lines[end].blank ||
                (p->kind == JK_POST_NOTICE && is_trailer(buf + lines[end].off, lines[end].len))))
            end--;
        p->start_line = (unsigned)first + 1;
        p->end_line = (unsigned)end + 1;
        for (b = first + 1; b <= end && lines[b].blank; b++)
            ;
        p->body_line = (unsigned)b + 1;
        p->title = strndup(title, tlen);
        if (b <= end) {
            p->body_offset = lines[b].off;
            p->body_len = lines[end].off + lines[end].len - lines[b].off;
        } else {
            p->body_offset = lines[first].off + lines[first].len;
            p->body_len = 0;
        }
        p->body = strndup(buf + p->body_offset, p->body_len);
        if (!p->title || !p->body) {
            rc = jk_error_set(err, JK_ENOMEM, "[notice][parse] out of memory");
            goto done;
        }
        p->body_len = to_lf(p->body, p->body_len, eol);
        if (p->kind == JK_POST_NOTICE) {
            rc = fill_notice(p, title, tlen, err);
            if (rc)
                goto done;
            a->nnotices++;
        } else if (tag_like(title, tlen)) {
            p->bad_tag = 1;
            a->nbad_tag++;
        }
    }
done:
    free(lines);
    free(starts);
    if (rc) {
        jk_archive_free(a);
        return rc;
    }
    *out = a;
    return JK_OK;
}
