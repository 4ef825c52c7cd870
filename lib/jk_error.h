/* jk_error: the one error type of jikenbo.
 *
 * Every fallible function returns 0 (JK_OK) or a negative jk_code and, when
 * given a non-NULL jk_error, fills it with the code and a tagged message such
 * as "[index][commit] DatabaseLockError: ...". The struct is plain data owned
 * by the caller (usually on the stack); nothing in it needs freeing.
 */
#ifndef JK_ERROR_H
#define JK_ERROR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum jk_code {
    JK_OK = 0,
    JK_ENOMEM = -1,     /* allocation failed */
    JK_EIO = -2,        /* reading or writing a file failed */
    JK_EINVAL = -3,     /* bad argument from the caller */
    JK_EINPUT = -4,     /* bad input data: binary, invalid UTF-8, empty, no notices */
    JK_ELOCKED = -5,    /* the index is locked by another writer */
    JK_EXAPIAN = -6,    /* any other Xapian exception */
    JK_EVERSION = -7,   /* index built by another dictionary or analyzer */
    JK_ENOTFOUND = -8,  /* no index (or document) where one was expected */
    JK_EMECAB = -9,     /* MeCab failed (dictionary missing, parse error) */
    JK_EICU = -10,      /* ICU failed */
    JK_EQUERY = -11,    /* the user's query is malformed */
    JK_EMODIFIED = -12, /* the index changed under a reader: reopen and retry */
    JK_ECANCELED = -13, /* stopped when the caller asked (Ctrl-C) */
    JK_ECORRUPT = -14   /* the index is damaged (found by a check) */
} jk_code;

#define JK_ERROR_MSG_MAX 1024

typedef struct jk_error {
    int code;
    char msg[JK_ERROR_MSG_MAX];
} jk_error;

/* Sets err (if not NULL) to code and the printf-style message; returns code. */
int jk_error_set(jk_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prefixes the existing message with a tag, e.g. "[file a.txt]". Returns err->code. */
int jk_error_prefix(jk_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Resets err to JK_OK with an empty message. err may be NULL. */
void jk_error_clear(jk_error *err);

/* A short constant name for a code ("ENOMEM", ...). Never NULL, borrowed. */
const char *jk_error_name(int code);

#ifdef __cplusplus
}
#endif

#endif
