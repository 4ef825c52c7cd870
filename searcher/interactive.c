#include "interactive.h"

#include <stdio.h>

int interactive_run(jk_searcher *s, const interactive_opts *o)
{
    (void)s;
    (void)o;
    fprintf(stderr, "jikenbo-search: the interactive prompt is not built yet; give a QUERY\n");
    return 2;
}
