/* jk_cli: helpers shared by the command-line programs (after libxkbcommon's
 * tools-common.c): reading input files, deciding on colour, a progress line. */
#ifndef JK_CLI_H
#define JK_CLI_H

#include "jk_error.h"

#include <stddef.h>
#include <stdio.h>

/* Reads the whole file at path ("-" is standard input) into a malloc'd buffer
 * with a NUL after the last byte (*buf: caller frees). A file that holds a
 * NUL byte is binary: it is read only to the end of the block that holds the
 * first one, so that an endless stream (/dev/zero) ends too. Errors name the
 * file as jk_cli_name does. */
int jk_cli_read_file(const char *path, char **buf, size_t *len, jk_error *err);

/* How messages and the index name the file at path: "(standard input)" for
 * "-", as grep says it; else path itself (borrowed). */
const char *jk_cli_name(const char *path);

/* Writes n bytes of archive text to f with every control character (C0 but
 * for a newline when keep_newlines, DEL, C1) and every byte that is not
 * UTF-8 (text read back from a damaged index, a file name in another
 * encoding) shown as U+FFFD: a notice's text never reaches the terminal as an
 * escape sequence or as bytes it cannot show. */
void jk_cli_put_text(FILE *f, const char *s, size_t n, int keep_newlines);
/* The same for a C string (NULL prints nothing). */
void jk_cli_put_str(FILE *f, const char *s);

/* The --version text of program prog: its version, the dictionaries it
 * reads (jk_paths.h) and the analyzer identity an index built by it records
 * (or why the analyzer cannot be loaded). */
void jk_cli_version(FILE *f, const char *prog);

/* Colour on stream? mode is "always", "never" or "auto" (NULL = auto): auto
 * means stream is a terminal, $NO_COLOR is unset or empty and $TERM is not "dumb". */
int jk_cli_color(FILE *stream, const char *mode);

/* A one-line progress display on a terminal (nothing at all when off). */
typedef struct jk_progress {
    FILE *out;
    int on;
    size_t total;
    double last, start;
} jk_progress;

void jk_progress_init(jk_progress *p, FILE *out, int on, size_t total);
/* Shows item done (0-based count finished) of total with a note, and how
 * long the rest should take (jk_progress_eta); throttled. */
void jk_progress_show(jk_progress *p, size_t done, double frac_of_current, const char *note,
                      int force);
/* Erases the line. */
void jk_progress_done(jk_progress *p);

/* How long the rest of some work should take, when the part pos (0 to 1) of
 * it took elapsed seconds, for a progress line: into buf (n bytes) ", about
 * 12 s left" or ", about 3 min left", or "" when it is too early to tell
 * (under a second, or under 2% done) or the work is done. */
void jk_progress_eta(double elapsed, double pos, char *buf, size_t n);

#endif
