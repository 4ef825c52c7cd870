/* The notice parser: tags, dates, organisations, and every post boundary of
 * the bundled sample and (when ../shared/seeds is there) of the seed months,
 * against hand-checked tables in tests/data/. */
#include "jk_cli.h"
#include "jk_notice.h"
#include "jk_test.h"

#include <stdlib.h>
#include <sys/stat.h>

static void check_tag(const char *s, const char *want_id, int want_year)
{
    char id[32] = "";
    int year = 0;
    size_t n = jk_notice_tag(s, strlen(s), id, &year);
    if (!want_id) {
        CHECK_MSG(n == 0, "'%s' is not a tag", s);
        return;
    }
    CHECK_MSG(n > 0, "'%s' is a tag", s);
    CHECK_STR(id, want_id);
    CHECK_INT(year, want_year);
}

static void check_date(const char *s, const char *want)
{
    char iso[11] = "";
    size_t at = jk_notice_date(s, strlen(s), iso);
    if (!want) {
        CHECK_MSG(at == strlen(s), "no date in '%s'", s);
        return;
    }
    CHECK_MSG(at < strlen(s), "a date in '%s'", s);
    CHECK_STR(iso, want);
}

static jk_archive *parse_text(const char *text)
{
    jk_archive *a = NULL;
    jk_error err;
    CHECK_INT(jk_archive_check(text, strlen(text), &err), JK_OK);
    CHECK_INT(jk_archive_parse(&a, text, strlen(text), &err), JK_OK);
    return a;
}

/* Compares the parse of every file named in table (rows: file kind start end
 * id org date) found in dir. Returns the number of rows checked. */
static int check_table(const char *table, const char *dir)
{
    char *tsv = NULL, *save = NULL, current[256] = "";
    size_t len = 0, at = 0;
    jk_archive *a = NULL;
    jk_error err;
    int rows = 0;

    CHECK_INT(jk_cli_read_file(table, &tsv, &len, &err), JK_OK);
    if (!tsv)
        return 0;
    for (char *line = strtok_r(tsv, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char file[256], kind[16], id[32], org[256], date[16];
        unsigned start, end;
        if (line[0] == '#')
            continue;
        if (sscanf(line, "%255[^\t]\t%15[^\t]\t%u\t%u\t%31[^\t]\t%255[^\t]\t%15s", file, kind,
                   &start, &end, id, org, date) != 7) {
            CHECK_MSG(0, "bad row in %s: %s", table, line);
            continue;
        }
        if (strcmp(file, current) != 0) {
            char path[4096], *buf = NULL;
            size_t blen = 0;
            if (a) {
                CHECK_MSG(at == a->nposts, "%s: %zu posts parsed, %zu in the table", current,
                          a->nposts, at);
                jk_archive_free(a);
                a = NULL;
            }
            snprintf(path, sizeof path, "%s/%s", dir, file);
            CHECK_INT(jk_cli_read_file(path, &buf, &blen, &err), JK_OK);
            CHECK_INT(jk_archive_parse(&a, buf, blen, &err), JK_OK);
            free(buf);
            snprintf(current, sizeof current, "%s", file);
            at = 0;
            if (!a)
                continue;
        }
        rows++;
        if (!a || at >= a->nposts) {
            CHECK_MSG(0, "%s: missing post at line %u", file, start);
            continue;
        }
        const jk_post *p = &a->posts[at++];
        CHECK_STR(p->kind == JK_POST_NOTICE ? "notice" : "other", kind);
        CHECK_MSG(p->start_line == start && p->end_line == end, "%s: post %u-%u parsed as %u-%u",
                  file, start, end, p->start_line, p->end_line);
        if (p->kind == JK_POST_NOTICE) {
            CHECK_STR(p->id, id);
            CHECK_STR(p->org, org);
            CHECK_STR(p->date ? p->date : "-", date);
            CHECK(p->key && strncmp(p->key, id, strlen(id)) == 0);
            CHECK(p->year == atoi(id));
        }
    }
    if (a)
        CHECK_MSG(at == a->nposts, "%s: %zu posts parsed, %zu in the table", current, a->nposts,
                  at);
    jk_archive_free(a);
    free(tsv);
    return rows;
}

int main(void)
{
    const char *data = getenv("JK_DATA"), *seeds = getenv("JK_SEEDS");
    char table[4096], dir[4096];
    struct stat st;
    jk_archive *a;
    jk_error err;

    check_tag("【セキュリティ事件簿#2023-442】西日本工業大学 …", "2023-442", 2023);
    check_tag("【セキュリティ事件簿＃２０２４－００１】全角の番号", "2024-001", 2024);
    check_tag("\xEF\xBB\xBF【セキュリティ事件簿#2024-217】BOMつき", "2024-217", 2024);
    check_tag("【2024年1月10日リリース分】", NULL, 0);
    check_tag("【セキュリティ事件簿】番号なし", NULL, 0);
    check_tag("セキュリティ事件簿#2024-001 括弧なし", NULL, 0);

    check_date("東京都 委託事業者 2024/6/17", "2024-06-17");
    check_date("厚生労働省 迷惑メール 2023年5月29日", "2023-05-29");
    check_date("東京医科歯科大学 2023 年 7 月 20 日", "2023-07-20");
    check_date("豊見城市 2023年05月23日", "2023-05-23");
    check_date("株式会社X お知らせ 令和5年5月29日", "2023-05-29");
    check_date("Y町 お知らせ 令和元年5月1日", "2019-05-01");
    check_date("Z市 お知らせ 平成31年4月1日", "2019-04-01");
    check_date("X社 お詫び(2023年5月17日)", "2023-05-17");
    check_date("運輸 盗難 2024.6.5", "2024-06-05");
    check_date("全角 ２０２４年６月１日", "2024-06-01");
    check_date("橿原市 流出について 2013年5月12日", "2013-05-12"); /* as written */
    /* a weekday or a word after the date */
    check_date("A市 お知らせ 2024年6月17日(月)", "2024-06-17");
    check_date("A市 お知らせ 2024/6/17（月）", "2024-06-17");
    check_date("A市 お知らせ 2024年6月16日 (日曜日)", "2024-06-16");
    check_date("A市 お知らせ 令和6年6月18日（火曜）", "2024-06-18");
    check_date("A市 お知らせ 2024年6月17日付", "2024-06-17");
    check_date("A市 お知らせ 2024年6月17日 更新", "2024-06-17");
    check_date("A市 お知らせ 2024/6/17発表", "2024-06-17");
    check_date("A市 お知らせ (2024年6月17日)", "2024-06-17");
    check_date("A市 お知らせ（2024年6月17日現在）", "2024-06-17");
    check_date("A市 お知らせ 2024/6/17時点", "2024-06-17");
    check_date("A市 お知らせ（現在）", NULL);
    check_date("A市 お知らせ 2024年6月17日(祝)", NULL); /* not a weekday */
    check_date("A市 お知らせ(月)", NULL);
    check_date("A市 お知らせ 更新", NULL);
    check_date("A市 2024年6月17日の不正アクセスについて", NULL); /* not at the end */
    check_date("存在しない日 2023年2月30日", NULL);
    check_date("日付なし 不正アクセスについて", NULL);
    check_date("月だけ 2023年5月", NULL);
    check_date("数字だけ 2023", NULL);

    /* organisations when the title has no space */
    a = parse_text("【セキュリティ事件簿#2023-"
                   "436】国立架空研究所が運用するサーバへの不正アクセス\n\n\n本文。\n");
    CHECK_STR(a->posts[0].org, "国立架空研究所");
    CHECK(a->posts[0].date == NULL);
    jk_archive_free(a);
    a = parse_text(
        "【セキュリティ事件簿#2023-189】架空市中央卸売市場のウェブサーバが踏み台に\n\n\n本文。\n");
    CHECK_STR(a->posts[0].org, "架空市中央卸売市場");
    jk_archive_free(a);
    a = parse_text(
        "【セキュリティ事件簿#2023-100】架空大学\u3000メール誤送信 2023/1/2\n\n\n本文。\n");
    CHECK_STR(a->posts[0].org, "架空大学");
    jk_archive_free(a);

    /* a legal form written apart from the name joins it */
    a = parse_text("【セキュリティ事件簿#2024-010】国立大学法人 架空大学 メール誤送信について "
                   "2024/2/1\n\n\n本文。\n");
    CHECK_STR(a->posts[0].org, "国立大学法人架空大学");
    jk_archive_free(a);
    a = parse_text("【セキュリティ事件簿#2024-011】株式会社 不正アクセスについて\n\n\n本文。\n");
    CHECK_STR(a->posts[0].org, "株式会社"); /* nothing after the next word: left as written */
    jk_archive_free(a);

    /* re-spacing or re-dating a title keeps the release's key; another title does not */
    {
        jk_archive *b, *c;
        a = parse_text("【セキュリティ事件簿#2024-001】X社 お詫び 2024/1/5\n\n\n本文。\n");
        b = parse_text(
            "【セキュリティ事件簿#2024-001】X社\u3000お詫び  2024年1月5日\n\n\n本文。\n");
        c = parse_text("【セキュリティ事件簿#2024-001】X社 お詫び(続報) 2024/2/1\n\n\n本文。\n");
        CHECK_STR(a->posts[0].key, b->posts[0].key);
        CHECK(strcmp(a->posts[0].key, c->posts[0].key) != 0);
        jk_archive_free(a);
        jk_archive_free(b);
        jk_archive_free(c);
    }

    /* boundaries: an other post after a notice; a double blank inside a notice
     * after a sentence; a trailer; an org label line followed by two blanks */
    a = parse_text("【セキュリティ事件簿#2024-002】A市 お知らせ\n\nラベル\n\u00a0\n\n"
                   "一段落目です。\n\n\n二段落目です。\n\nリリース文アーカイブ\n\n"
                   "旅行の話\n\n\n本文です。\n\n"
                   "【セキュリティ事件簿#2024-003】B社 お知らせ\n\n\n"
                   "詳しくは次のとおりです。\n\n\npython tool.py -d example.com\n\n\n最後。\n");
    CHECK_INT(a->nposts, 3);
    CHECK_INT(a->nnotices, 2);
    CHECK_INT(a->posts[0].start_line, 1);
    CHECK_INT(a->posts[0].end_line, 9); /* the trailer on line 11 is not the notice's */
    CHECK_INT(a->posts[0].body_line, 3);
    CHECK(strstr(a->posts[0].body, "リリース文アーカイブ") == NULL);
    CHECK(strstr(a->posts[0].body, "二段落目") != NULL);
    CHECK_INT(a->posts[1].kind, JK_POST_OTHER);
    CHECK_INT(a->posts[1].start_line, 13);
    CHECK_INT(a->posts[1].end_line, 16);
    CHECK_INT(a->posts[2].end_line, 27);
    CHECK(strstr(a->posts[2].body, "最後") != NULL);
    jk_archive_free(a);

    /* lines that end or structure a notice before a dropped picture stay in it */
    a = parse_text("【セキュリティ事件簿#2024-004】C市 お知らせ\n\n\n本文です。\n\n"
                   "お問い合わせ先\n\n\n総務部 情報政策課\n\n\n電話 03-0000-0000\n\n\n"
                   "令和6年6月1日\n\n\n以上\n\n\n旅行の話\n\n\n本文です。\n");
    CHECK_INT(a->nposts, 2);
    CHECK_INT(a->posts[0].end_line, 18); /* 以上 */
    CHECK_STR(a->posts[1].title, "旅行の話");
    jk_archive_free(a);

    /* a notice whose tag has a typo is its own post, marked so that it is
     * reported, and not a part of the notice before it; a line 【セキュリティ事件簿】
     * with no number at all is a sub-heading, as before, and unmarked */
    a = parse_text("【セキュリティ事件簿#2024-005】D市 お知らせ\n\n\n本文です。\n\n"
                   "【セキュリティ事件簿#2O24-006】E市 お知らせ\n\n\n本文です。\n\n"
                   "【セキュリティ事件簿 ＃２０２４ー】F市 お知らせ\n\n\n本文です。\n\n"
                   "【セキュリティ事件簿#2024-007】G社 お知らせ\n\n\n本文です。\n\n"
                   "【セキュリティ事件簿】について\n\n\n本文の続きです。\n");
    CHECK_INT(a->nposts, 4);
    CHECK_INT(a->nnotices, 2);
    CHECK_INT(a->nbad_tag, 2);
    CHECK_INT(a->posts[0].end_line, 4);
    CHECK_INT(a->posts[1].kind, JK_POST_OTHER);
    CHECK_INT(a->posts[1].start_line, 6);
    CHECK_INT(a->posts[1].bad_tag, 1);
    CHECK_INT(a->posts[2].start_line, 11);
    CHECK_INT(a->posts[2].bad_tag, 1);
    CHECK_INT(a->posts[3].kind, JK_POST_NOTICE);
    CHECK_INT(a->posts[3].bad_tag, 0);
    CHECK_INT(a->posts[3].end_line, 24);
    jk_archive_free(a);
    {
        const char *t = "【セキュリティ事件簿#2O24-006】E市 お知らせ\n\n\n本文です。\n";
        CHECK_INT(jk_archive_load(&a, t, strlen(t), &err), JK_EINPUT);
        CHECK_MSG(strstr(err.msg, "1 post titled like one but has no id") != NULL, "%s", err.msg);
    }

    /* a month saved with CRLF line ends: the same posts, lines and text */
    {
        const char *lf =
            "【セキュリティ事件簿#2024-002】A市 お知らせ 2024/2/1\n\n\n一段落目です。\n\n"
            "二段落目です。\r語中のCRは残る。\n\nリリース文アーカイブ\n\n"
            "旅行の話\n\n\n本文です。\n";
        char crlf[512];
        size_t n = 0;
        jk_archive *b;
        for (const char *c = lf; *c; c++) {
            if (*c == '\n')
                crlf[n++] = '\r';
            crlf[n++] = *c;
        }
        crlf[n] = '\0';
        a = parse_text(lf);
        b = parse_text(crlf);
        CHECK_INT(b->nposts, a->nposts);
        for (size_t k = 0; k < a->nposts && k < b->nposts; k++) {
            CHECK_STR(b->posts[k].title, a->posts[k].title);
            CHECK_STR(b->posts[k].body, a->posts[k].body);
            CHECK_INT(b->posts[k].body_len, a->posts[k].body_len);
            CHECK_INT(b->posts[k].end_line, a->posts[k].end_line);
        }
        CHECK(strstr(b->posts[0].body, "です。\r語中") != NULL);
        CHECK_STR(b->posts[0].date, "2024-02-01");
        jk_archive_free(b);
        /* and with CR line ends only (classic Mac OS), where every CR ends a
         * line; a bad byte is placed by those lines too */
        n = 0;
        for (const char *c = lf; *c; c++)
            crlf[n++] = *c == '\n' ? '\r' : *c;
        crlf[n] = '\0';
        b = parse_text(crlf);
        CHECK_INT(b->nposts, a->nposts);
        CHECK_INT(b->nnotices, 1);
        for (size_t k = 0; k < a->nposts && k < b->nposts; k++)
            CHECK_STR(b->posts[k].title, a->posts[k].title);
        /* the CR inside line 6 of the LF text is a line end here */
        CHECK_INT(b->posts[0].end_line, 7);
        CHECK_INT(b->posts[1].start_line, 11);
        CHECK_INT(b->posts[1].end_line, 14);
        CHECK_STR(b->posts[0].body, "一段落目です。\n\n二段落目です。\n語中のCRは残る。");
        CHECK_STR(b->posts[0].date, "2024-02-01");
        jk_archive_free(a);
        jk_archive_free(b);
        CHECK_INT(jk_archive_check("ok\rline2\rab\xff", strlen("ok\rline2\rab\xff"), &err),
                  JK_EINPUT);
        CHECK_MSG(strstr(err.msg, "line 3, column 3") != NULL, "%s", err.msg);
    }

    /* bad input */
    CHECK_INT(jk_archive_check("", 0, &err), JK_EINPUT);
    CHECK(strstr(err.msg, "empty") != NULL);
    CHECK_INT(jk_archive_check(" \n\u3000\n", 5, &err), JK_EINPUT);
    CHECK_INT(jk_archive_check("ab\0cd", 5, &err), JK_EINPUT);
    CHECK(strstr(err.msg, "binary") != NULL);
    CHECK_INT(jk_archive_check("ok\nline2\nab\xff", strlen("ok\nline2\nab\xff"), &err), JK_EINPUT);
    CHECK_MSG(strstr(err.msg, "line 3, column 3") != NULL, "%s", err.msg);
    /* a Japanese text in another encoding is named, with how to convert it:
     * 個人情報の漏えいについて in EUC-JP, Shift_JIS and UTF-16 with its BOM;
     * Latin-1 that happens to read as EUC-JP kanji (éé) has no kana and is
     * only not UTF-8 */
    {
        static const char euc[] = "\xb8\xc4\xbf\xcd\xbe\xf0\xca\xf3\xa4\xce\xcf\xb3\xa4\xa8\xa4"
                                  "\xa4\xa4\xcb\xa4\xc4\xa4\xa4\xa4\xc6\x0a";
        static const char sjis[] = "\x8c\xc2\x90\x6c\x8f\xee\x95\xf1\x82\xcc\x98\x52\x82\xa6\x82"
                                   "\xa2\x82\xc9\x82\xc2\x82\xa2\x82\xc4\x0a";
        static const char u16[] = "\xff\xfe\x0b\x50\xba\x4e\xc5\x60\x31\x58\x6e\x30\x0f\x6f\x48"
                                  "\x30\x44\x30\x6b\x30\x64\x30\x44\x30\x66\x30\x0a\x00";
        CHECK_INT(jk_archive_check(euc, sizeof euc - 1, &err), JK_EINPUT);
        CHECK_MSG(strstr(err.msg, "EUC-JP text, not UTF-8") && strstr(err.msg, "iconv -f EUC-JP"),
                  "%s", err.msg);
        CHECK_INT(jk_archive_check(sjis, sizeof sjis - 1, &err), JK_EINPUT);
        CHECK_MSG(strstr(err.msg, "Shift_JIS (CP932) text") && strstr(err.msg, "iconv -f CP932"),
                  "%s", err.msg);
        CHECK_INT(jk_archive_check(u16, sizeof u16 - 1, &err), JK_EINPUT);
        CHECK_MSG(strstr(err.msg, "UTF-16 text") && strstr(err.msg, "iconv -f UTF-16"), "%s",
                  err.msg);
        CHECK_INT(jk_archive_check("caf\xe9\xe9\n", 6, &err), JK_EINPUT);
        CHECK_MSG(strstr(err.msg, "invalid UTF-8 at line 1, column 4") != NULL, "%s", err.msg);
    }

    /* the bundled sample, every boundary */
    snprintf(table, sizeof table, "%s/sample-posts.tsv", data ? data : "tests/data");
    snprintf(dir, sizeof dir, "%s/sample", data ? data : "tests/data");
    CHECK_INT(check_table(table, dir), 24);

    /* the seed months, when they are there */
    if (seeds && stat(seeds, &st) == 0) {
        snprintf(table, sizeof table, "%s/seeds-posts.tsv", data ? data : "tests/data");
        CHECK_INT(check_table(table, seeds), 41);
    } else {
        printf("seeds not found (%s): seed boundaries not checked\n", seeds ? seeds : "unset");
    }
    return TEST_DONE();
}
