/* jk_query_int: what the query's parser (jk_query.c), its filters
 * (jk_query_filter.c) and its builder (jk_query_build.c) share: the tree a
 * query is parsed into and the small vector of strings its nodes hold; and
 * the tokens of its lexer (jk_query_lex.c). Internal to those four files;
 * the public interface is jk_query.h.
 *
 * A strv owns its strings; jk_query_strv_free frees them and leaves it empty. */
#ifndef JK_QUERY_INT_H
#define JK_QUERY_INT_H

#include "jk_analyze.h"
#include "jk_error.h"

#include <stddef.h>

typedef struct strv {
    char **v;
    size_t n, cap;
} strv;

typedef enum ntype { N_TERMS, N_PHRASE, N_FILTER, N_AND, N_OR, N_NOT } ntype;

/* How much a word's own (MeCab) terms weigh against the longer indexed words
 * that contain its characters (jk_vocab.h), so that documents with the word
 * itself rank above those with only a word that contains it. */
#define JK_WORD_BOOST 4.0

typedef struct node {
    ntype type;
    struct node **kids;
    size_t nkids, capk;
    strv terms;        /* N_TERMS, N_PHRASE: analysed terms; N_FILTER: boolean terms */
    int conjunctive;   /* N_FILTER: all terms, as a phrase (org:), instead of any */
    int dates;         /* N_FILTER: a date: range over the dates written in titles, */
    char lo[9], hi[9]; /* "YYYYMMDD" each, "" for an open end, instead of terms */
    int all;           /* N_FILTER: every notice ("*"), instead of terms */
    int like;          /* N_FILTER: like:ID (all set too; the search keeps the like ones) */
    int file;          /* N_FILTER: file:NAME (text, col); terms: the XF terms of the files
                          it names, none until jk_query_set_file_ids gives them */
    strv runs;         /* N_TERMS, N_PHRASE: the word's runs of letters and digits, normalised */
    char *joined;      /* N_TERMS, N_PHRASE: the terms joined (漏洩 -> 漏えい), or NULL */
    strv pairs;        /* N_PHRASE: the terms of its pairs and listed phrases (jk_pairs.h) */
    int whole;         /* N_PHRASE: pairs.v[0] is the whole phrase */
    strv
        alts; /* N_TERMS: indexed spellings of the variants that hold it (ransom: ランサムウェア) */
    strv spaced;    /* N_TERMS, N_PHRASE: a one-term word of ASCII letters and digits cut where
                       they meet (microsoft365: microsoft 365), the way it is also written */
    strv stem;      /* N_TERMS: the word read as a verb, when that reads otherwise: a verb's
                       stem (持ち出し: 持ち出す; 入れ違え: 入れる 違える), a noun after 誤
                       (誤廃棄: 誤る 廃棄) */
    strv stem_pair; /* N_TERMS: the one term of the stem's words when they are a listed
                       pair or phrase (jk_pairs.h): 誤送信 read as 誤る 送信 */
    strv related;   /* N_TERMS: the other words of its groups in dict/synonyms.txt
                       (jk_related.h), each its terms joined by ' ': 紛失: 所在 不明 */
    /* N_TERMS (and the N_AND of two words typed for a word of the list): those
     * of its related words that are phrases (quoted in the list), as N_PHRASE
     * nodes, owned: BCC: メールアドレス 表示 */
    struct node **relph;
    size_t nrelph, caprelph;
    char *text; /* N_TERMS, N_PHRASE: the word as typed, and its column; file: its name */
    size_t col;
} node;

struct jk_query {
    node *root;
    strv hl;
    strv subs; /* normalised words, marked as substrings in snippets */
    strv warnings;
    int has_words;
    int has_boosts;      /* some word of several terms: ranked by phrase and nearness */
    char *like;          /* like:ID: the id, normalised; NULL if none */
    struct node **files; /* the file: filters, in the order typed (borrowed from the tree) */
    size_t nfiles, capf;
    char *hint; /* what to say when nothing matches (jk_query_nomatch_hint), or NULL */
    char *desc;
};

/* The lexer's tokens (jk_query_lex.c). */
typedef enum ttype {
    T_END,
    T_WORD,
    T_PHRASE,
    T_LP,
    T_RP,
    T_OR,
    T_AND,
    T_NOT,
    T_MINUS,
    T_FIELD
} ttype;

typedef struct tok {
    ttype type;
    char *text;  /* word, phrase content or field value */
    char *field; /* T_FIELD: lower-case field name */
    size_t col;  /* 1-based character column in the query */
    int bare_id; /* T_FIELD: an id typed bare (2023-442), without id: or # */
} tok;

/* Splits s into *out (caller frees with jk_query_toks_free(*out, *nout + 1)),
 * *nout tokens and a T_END after them. A quote or a field's quoted value
 * never closed is JK_EQUERY with its column. */
int jk_query_lex(const char *s, tok **out, size_t *nout, jk_error *err);
void jk_query_toks_free(tok *t, size_t n);

/* The tree's nodes (jk_query.c): a new empty node of type t, NULL when out of
 * memory; jk_query_node_free frees n (NULL is fine) with its kids and
 * related phrases; jk_query_node_add makes kid n's (JK_ENOMEM, and kid is
 * still the caller's, if it cannot). */
node *jk_query_node_new(ntype t);
void jk_query_node_free(node *n);
int jk_query_node_add(node *n, node *kid);

/* Adds the analysed terms of text (jk_analyze) to *out. */
int jk_query_terms(jk_analyzer *an, const char *text, strv *out, jk_error *err);

#define JK_YEAR_MIN 1900 /* the first year a year: filter can name */

/* field:value (lower-case field, value as typed, col its column in the query,
 * 0 for an option) as a new filter node into *out (the caller's: free it
 * with jk_query_node_free); JK_EQUERY with what to write instead when it
 * names nothing, JK_ENOMEM. like: and file: are also noted in q
 * (jk_query_filter.c). */
int jk_query_filter(struct jk_query *q, jk_analyzer *an, const char *field, const char *value,
                    size_t col, node **out, jk_error *err);

int jk_query_strv_add(strv *s, const char *p, size_t len); /* copies p; JK_ENOMEM */
/* Adds each word of words, a string of words separated by one space. */
int jk_query_strv_split(strv *s, const char *words); /* JK_ENOMEM */
int jk_query_strv_has(const strv *s, const char *p, size_t len);
void jk_query_strv_free(strv *s);

#endif
