/* test_negation: which clauses jk_negation_find takes as denied, and which
 * look alike but are not (an apology, a question, "not only", a doubt). */
#include "jk_error.h"
#include "jk_negation.h"
#include "jk_test.h"

#include <stdlib.h>
#include <string.h>

/* The denied clauses of text, joined by '|', into a static buffer. */
static const char *denied(const char *text)
{
    static char out[1024];
    jk_span *v = NULL;
    size_t cap = 0, n = 0, at = 0;
    jk_error err;

    out[0] = '\0';
    CHECK_INT(jk_negation_find(text, strlen(text), &v, &cap, &n, &err), JK_OK);
    for (size_t i = 0; i < n && at < sizeof out; i++) {
        CHECK(v[i].start < v[i].end && v[i].end <= strlen(text));
        CHECK(i == 0 || v[i].start >= v[i - 1].end);
        at += (size_t)snprintf(out + at, sizeof out - at, "%s%.*s", i ? "|" : "",
                               (int)(v[i].end - v[i].start), text + v[i].start);
    }
    free(v);
    return out;
}

int main(void)
{
    /* the clause after the last break, up to its topic */
    CHECK_STR(denied("現時点で、個人情報の流出は確認されておりません。"), "個人情報の流出");
    CHECK_STR(denied("ポイントの不正利用はございません。"), "ポイントの不正利用");
    CHECK_STR(denied("被害はなかった。"), "被害");
    CHECK_STR(denied("二次被害も一切確認されておりません。"), "二次被害");
    CHECK_STR(denied("なお、二次被害は、報告されておりません。"), "二次被害");
    CHECK_STR(denied("不正アクセスの痕跡は見つかっていません"), "不正アクセスの痕跡");
    CHECK_STR(denied("流出した情報に、クレジットカード情報は含まれておりません。"),
              "クレジットカード情報");
    CHECK_STR(denied("二次被害に関する報告は受けておりません。"), "二次被害に関する報告");
    CHECK_STR(denied("なお、流出がないことを確認しております。"), "流出");
    CHECK_STR(denied("クレジットカード番号は保存しておらず、流出はありません。"),
              "クレジットカード番号|流出");
    CHECK_STR(denied("外部に流出した可能性は極めて低いと考えております。"), "外部に流出した可能性");
    /* nor what comes before an earlier topic */
    CHECK_STR(denied("流出した情報にはクレジットカード情報は含まれておりません。"),
              "クレジットカード情報");
    CHECK_STR(denied("本件では流出は確認されていない。"), "流出");
    /* a list before a comma is not reached */
    CHECK_STR(denied("氏名、住所の流出は確認されておりません。"), "住所の流出");
    /* two denials in one sentence: the second starts after the first */
    CHECK_STR(denied("漏えいは確認されていないことから、被害はございません。"), "漏えい|被害");
    CHECK_STR(denied("漏えいは確認されておらず被害もございません。"), "漏えい|被害");
    /* the line and the brackets are breaks too */
    CHECK_STR(denied("調査した\n情報の漏えいは発生しておりません"), "情報の漏えい");
    CHECK_STR(denied("（詳細は調査中）改ざんは認められません"), "改ざん");

    /* not denials */
    CHECK_STR(denied("大変申し訳ございません。"), "");
    CHECK_STR(denied("流出していないか調査中です。"), "");
    CHECK_STR(denied("心当たりはありませんか。"), "");
    CHECK_STR(denied("氏名だけではないことが判明しました。"), "");
    CHECK_STR(denied("流出の有無は調査中です。"), "");
    CHECK_STR(denied("職員の意識が低いことが原因です。"), "");
    CHECK_STR(denied("個人情報だけではないと判明しました。"), "");
    CHECK_STR(denied("は"), "");
    CHECK_STR(denied(""), "");
    /* a topic with nothing before it denies no words */
    CHECK_STR(denied("。はございません"), "");

    /* a clause with no break is cut at about 60 characters, on a character */
    {
        char text[512];
        size_t n = 0;
        const char *got;
        for (int i = 0; i < 100; i++) {
            memcpy(text + n, "情", 3);
            n += 3;
        }
        strcpy(text + n, "はございません");
        got = denied(text);
        CHECK_INT((int)strlen(got), 180);
        CHECK(strncmp(got, "情情", 6) == 0);
    }
    /* the array is reused: a second call starts from no spans */
    {
        jk_span *v = NULL;
        size_t cap = 0, n = 0;
        jk_error err;
        const char *a = "被害はありません。損害はありません。", *b = "何もない";
        CHECK_INT(jk_negation_find(a, strlen(a), &v, &cap, &n, &err), JK_OK);
        CHECK_INT((int)n, 2);
        CHECK_INT(jk_negation_find(b, strlen(b), &v, &cap, &n, &err), JK_OK);
        CHECK_INT((int)n, 0);
        free(v);
    }
    /* a walk over increasing offsets: inside [2, 5) and [8, 10) only */
    {
        const jk_span v[] = {{2, 5}, {8, 10}};
        const size_t pos[] = {0, 2, 4, 5, 7, 8, 9, 10, 40};
        const int want[] = {0, 1, 1, 0, 0, 1, 1, 0, 0};
        size_t k = 0;
        for (size_t i = 0; i < sizeof pos / sizeof *pos; i++)
            CHECK_MSG(jk_negation_holds(v, 2, &k, pos[i]) == want[i], "at %zu", pos[i]);
    }
    return TEST_DONE();
}
