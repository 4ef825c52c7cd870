/* jk_token: the MeCab tokeniser (mecab-ipadic-utf8 plus jikenbo's user dictionary).
 *
 * The dictionary is chosen explicitly, never through the system's default
 * dictionary link or /etc/mecabrc. Tokens keep their byte offsets in the text
 * given. Dropped: particles (助詞), auxiliary verbs (助動詞), symbols (記号,
 * except single letters), fillers, spaces and anything with no letter or digit.
 * Verbs and adjectives become their base form (漏えいした → 漏えい する). Adjacent
 * ASCII letters and digits written without a space join into one term
 * (office365, sublist3r), which MeCab would split by character class.
 *
 * One jk_tokenizer holds one MeCab model and one lattice: use one per thread.
 */
#ifndef JK_TOKEN_H
#define JK_TOKEN_H

#include "jk_error.h"

#include <stddef.h>

typedef struct jk_tokenizer jk_tokenizer;

typedef struct jk_token {
    const char *term; /* the term (borrowed, valid during the callback only) */
    size_t len;       /* bytes in term */
    size_t start;     /* byte offset of the surface in the text given */
    size_t end;       /* byte offset just past the surface */
    const char *pos; /* MeCab's feature string, borrowed ("名詞,一般,..."); NULL for joined terms */
} jk_token;

/* Called for each kept token in text order; a non-zero return stops the run
 * and is returned by jk_tokenizer_run. */
typedef int (*jk_token_cb)(const jk_token *tok, void *payload);

/* Opens MeCab with the system dictionary directory sysdic and the compiled user
 * dictionary userdic (NULL: none). NULL for either path means the build's
 * default (see jk_paths.h). Checks that every dictionary is UTF-8. */
int jk_tokenizer_new(jk_tokenizer **out, const char *sysdic, const char *userdic, jk_error *err);
void jk_tokenizer_free(jk_tokenizer *t);

/* Identity of the dictionaries and of the token rules, recorded in an index so
 * that an index built another way is refused. Borrowed from t. */
const char *jk_tokenizer_id(const jk_tokenizer *t);

/* Tokenises text[0..len) (normalised UTF-8). Long lines are parsed in chunks
 * cut at 。, 、 or spaces. */
int jk_tokenizer_run(jk_tokenizer *t, const char *text, size_t len, jk_token_cb cb, void *payload,
                     jk_error *err);

#endif
