#include "jk_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int jk_error_set(jk_error *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        err->code = code;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

int jk_error_prefix(jk_error *err, const char *fmt, ...)
{
    char tag[256], old[JK_ERROR_MSG_MAX];
    va_list ap;

    if (!err)
        return JK_OK;
    va_start(ap, fmt);
    vsnprintf(tag, sizeof tag, fmt, ap);
    va_end(ap);
    memcpy(old, err->msg, sizeof old);
    size_t tl = strlen(tag), ol = strlen(old);
    if (tl > sizeof err->msg - 1)
        tl = sizeof err->msg - 1;
    if (ol > sizeof err->msg - 1 - tl)
        ol = sizeof err->msg - 1 - tl;
    memcpy(err->msg, tag, tl);
    memcpy(err->msg + tl, old, ol);
    err->msg[tl + ol] = '\0';
    return err->code;
}

void jk_error_clear(jk_error *err)
{
    if (err) {
        err->code = JK_OK;
        err->msg[0] = '\0';
    }
}

const char *jk_error_name(int code)
{
    switch (code) {
    case JK_OK:
        return "OK";
    case JK_ENOMEM:
        return "ENOMEM";
    case JK_EIO:
        return "EIO";
    case JK_EINVAL:
        return "EINVAL";
    case JK_EINPUT:
        return "EINPUT";
    case JK_ELOCKED:
        return "ELOCKED";
    case JK_EXAPIAN:
        return "EXAPIAN";
    case JK_EVERSION:
        return "EVERSION";
    case JK_ENOTFOUND:
        return "ENOTFOUND";
    case JK_EMECAB:
        return "EMECAB";
    case JK_EICU:
        return "EICU";
    case JK_EQUERY:
        return "EQUERY";
    case JK_EMODIFIED:
        return "EMODIFIED";
    case JK_ECANCELED:
        return "ECANCELED";
    case JK_ECORRUPT:
        return "ECORRUPT";
    }
    return "EUNKNOWN";
}
