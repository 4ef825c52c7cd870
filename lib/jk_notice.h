/* jk_notice: splits an archive file (a month of the blog, UTF-8 text) into
 * posts and tells notices from the other posts.
 *
 * A post is a title line followed by its body. A notice's title starts with
 * 【セキュリティ事件簿#YYYY-NNN】 (full-width # and digits accepted); any other
 * post starts at a title-shaped line that follows a blank line and is followed
 * by two or more blank lines, or at the first line after a notice's
 * リリース文アーカイブ trailer. A post's first body line (an org label such as
 * "イセトー") never starts a new post, nor does a 【…】 sub-heading or a line
 * shaped like a sentence, list item or command; a line placed as a title
 * that starts like a notice tag but is not one (【セキュリティ事件簿#2O24-1】)
 * does, as an other post marked bad_tag, so that it is reported. Blank means white space only,
 * NBSP and the ideographic space included.
 *
 * The archive owns every string in its posts; free it with jk_archive_free.
 */
#ifndef JK_NOTICE_H
#define JK_NOTICE_H

#include "jk_error.h"

#include <stddef.h>

typedef enum jk_post_kind { JK_POST_OTHER = 0, JK_POST_NOTICE = 1 } jk_post_kind;

typedef struct jk_post {
    jk_post_kind kind;
    unsigned start_line; /* 1-based line of the title */
    unsigned end_line;   /* last non-blank line of the post's own text, trailer excluded */
    unsigned body_line;  /* first line after the title */
    char *title;         /* the whole title line, trimmed */
    size_t title_text;   /* byte offset in title past the notice tag (0 for other posts) */
    char *body; /* lines body_line..end_line as in the file, trimmed of blank lines at the ends,
                 * LF line ends (a CRLF file's CRs dropped; a CR-only file's CRs made LF) */
    size_t body_len;
    size_t body_offset; /* byte offset of body in the file */
    /* notices only (NULL / 0 for other posts): */
    char *id;   /* "2023-442" */
    char *org;  /* issuing organisation */
    char *date; /* "YYYY-MM-DD" written at the end of the title, or NULL */
    int year;   /* from the id */
    char *key;  /* unique key of the release: id + "/" + 12 hex digits of its title's hash */
    /* other posts only: the title starts like a notice tag (【セキュリティ事件簿…)
     * but holds no id #YYYY-NNN, so a notice with a typo is not indexed */
    int bad_tag;
} jk_post;

typedef struct jk_archive {
    jk_post *posts;
    size_t nposts;
    size_t nnotices;
    size_t nbad_tag; /* posts with bad_tag set */
} jk_archive;

/* Checks that buf can be an archive file: not empty, not binary (no NUL byte),
 * valid UTF-8. On failure returns JK_EINPUT with a message naming the line and
 * column ("invalid UTF-8 at line 12, column 5 (byte 0xff)"), or, for Japanese
 * text in Shift_JIS, EUC-JP or UTF-16, the encoding and the iconv command
 * that converts it (jk_charset.h). */
int jk_archive_check(const char *buf, size_t len, jk_error *err);

/* jk_archive_check, jk_archive_parse, and JK_EINPUT when the file holds no
 * notice: what indexing needs of a file before anything is written. */
int jk_archive_load(jk_archive **out, const char *buf, size_t len, jk_error *err);

/* Parses buf (already checked) into posts, in file order. */
int jk_archive_parse(jk_archive **out, const char *buf, size_t len, jk_error *err);
void jk_archive_free(jk_archive *a);

/* Parses a notice tag at the start of s: on success stores "YYYY-NNN" into id
 * (at least 32 bytes), the year, and returns the byte length of the tag; 0 if
 * s does not start with a tag. */
size_t jk_notice_tag(const char *s, size_t len, char *id, int *year);

/* Finds a publication date at the end of s ("2024/6/17", "2023年5月29日",
 * "2023 年 7 月 20 日", "令和5年5月29日", also with a weekday in brackets or
 * one of 付, 更新, 発表, 公表, 掲載, 現在, 時点 after it): stores "YYYY-MM-DD" into iso (11
 * bytes) and returns the byte offset where the date starts; returns len if
 * there is none. */
size_t jk_notice_date(const char *s, size_t len, char *iso);

#endif
