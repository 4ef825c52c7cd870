#include "jk_width.h"

#include "jk_utf8.h"

#include <unicode/uchar.h>

int jk_width_cp(int32_t cp)
{
    if (cp < 0)
        return 1;
    if (cp < 0x300)
        return cp < 0x20 || cp == 0x7F ? 0 : 1;
    int8_t t = u_charType(cp);
    if (t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK || t == U_FORMAT_CHAR || cp == 0x200B)
        return 0;
    int ea = u_getIntPropertyValue(cp, UCHAR_EAST_ASIAN_WIDTH);
    return ea == U_EA_WIDE || ea == U_EA_FULLWIDTH ? 2 : 1;
}

size_t jk_width_str(const char *s, size_t len)
{
    size_t i = 0, n, w = 0;
    while (i < len) {
        w += (size_t)jk_width_cp(jk_utf8_decode(s + i, len - i, &n));
        i += n;
    }
    return w;
}

size_t jk_width_fit(const char *s, size_t len, size_t cols)
{
    size_t i = 0, n, w = 0;
    while (i < len) {
        int cw = jk_width_cp(jk_utf8_decode(s + i, len - i, &n));
        if (w + (size_t)cw > cols)
            break;
        w += (size_t)cw;
        i += n;
    }
    return i;
}
