/* jk_analyze: normalise (jk_norm), tokenise (jk_token), then spell every term
 * one way: a final long-vowel mark is dropped from katakana words of four or
 * more characters (サーバー = サーバ, コピー stays), and the spellings listed in
 * dict/variants.txt become their group's first spelling (漏洩 -> 漏えい, 電子メール
 * -> メール). Token offsets are mapped back to the ORIGINAL text (a variant's
 * span covers all the words it replaced). The same analysis serves indexing and
 * querying, so a query finds a document however either is written.
 *
 * A jk_analyzer owns its normaliser and tokeniser; one per thread.
 */
#ifndef JK_ANALYZE_H
#define JK_ANALYZE_H

#include "jk_error.h"
#include "jk_token.h"

typedef struct jk_analyzer jk_analyzer;
struct jk_related;

/* Bump when the terms besides the analysed words change (2: character
 * n-grams of every document; 3: none, parts of words through the vocabulary,
 * see jk_vocab.h). */
#define JK_NGRAM_SCHEME 3

/* Opens the analyzer with the build's dictionaries (see jk_paths.h). */
int jk_analyzer_new(jk_analyzer **out, jk_error *err);
void jk_analyzer_free(jk_analyzer *a);

/* The identity recorded in an index: token rules, dictionaries, normaliser. Borrowed. */
const char *jk_analyzer_id(const jk_analyzer *a);

/* Calls cb for each term of src[0..len); tok->start/end are offsets in src.
 * tok->term is normalised. A non-zero return from cb stops and is returned. */
int jk_analyze(jk_analyzer *a, const char *src, size_t len, jk_token_cb cb, void *payload,
               jk_error *err);

/* The normalised text of the last jk_analyze call (borrowed: valid until the
 * next call); *len gets its length. */
const char *jk_analyzer_normalised(const jk_analyzer *a, size_t *len);

/* The normalised text of the last jk_analyze call with its map back to the
 * source (borrowed: valid until the next call). */
const struct jk_normtext *jk_analyzer_normtext(const jk_analyzer *a);

/* Calls cb with the group's spelling (the indexed term) of each one-word
 * spelling in dict/variants.txt that holds needle[0..len) and is longer:
 * ransom is in ransomware, so a part of a word finds ランサムウェア, the only
 * spelling the index has. term is borrowed; a non-zero return from cb stops
 * and is returned. */
int jk_analyzer_variant_parts(const jk_analyzer *a, const char *needle, size_t len,
                              int (*cb)(const char *term, size_t len, void *payload),
                              void *payload);

/* Calls cb with each one-word spelling of dict/variants.txt (ransomware,
 * ウィルス) and the indexed term it stands for (ランサムウェア, ウイルス),
 * both normalised and borrowed. A non-zero return from cb stops and is
 * returned. */
int jk_analyzer_variant_each(const jk_analyzer *a,
                             int (*cb)(const char *spelling, const char *term, void *payload),
                             void *payload);

/* The next field of a line of a dict/ list whose fields are separated by a
 * TAB or by two spaces or more (variants.txt, synonyms.txt): its start, with
 * *len its length, and *p moved past it; NULL at the end of the line. */
const char *jk_analyzer_list_field(const char **p, size_t *len);
/* The words of dict/synonyms.txt that a query word also finds (jk_related.h),
 * borrowed. Read on the first call, since only searching needs them (not
 * while a jk_analyze call's results are in use: reading analyses each word);
 * not part of the analyzer's identity, so a changed list needs no rebuilding. */
int jk_analyzer_related(jk_analyzer *a, const struct jk_related **out, jk_error *err);
/* The frequent words whose adjacent pairs are indexed (jk_pairs.h), borrowed. */
const struct jk_pairs *jk_analyzer_pairs(const jk_analyzer *a);

/* The analyzer's tokeniser and normaliser, borrowed (for benchmarks and tests). */
jk_tokenizer *jk_analyzer_tokenizer(jk_analyzer *a);
struct jk_norm *jk_analyzer_norm(jk_analyzer *a);

#endif
