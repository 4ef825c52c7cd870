/* jk_crash: what a program says when it crashes while it works on an index.
 *
 * Xapian 1.4.22 can crash (SIGSEGV) on an index whose files were damaged in
 * the middle (bytes overwritten at random in a 10k index crashed one search
 * of five), and the shell's "Segmentation fault" names neither the index nor
 * what to do. jk_crash_note installs a handler for SIGSEGV, SIGBUS, SIGFPE and
 * SIGILL that writes, with write(2) alone, a message made beforehand: the
 * program, the index, how to check it and that otherwise it is a bug. The
 * signal then takes the course it had before (by default the process dies of
 * it, with a core dump where those are on; under a sanitizer, its report), so
 * the exit status still says how the program ended.
 *
 * Once per process (a second call replaces the message); the message lives in
 * static storage, prog and index_path are copied. */
#ifndef JK_CRASH_H
#define JK_CRASH_H

/* checking: the program is checking the index (jikenbo-index --check), where a
 * crash all but says the index is damaged. */
void jk_crash_note(const char *prog, const char *index_path, int checking);

#endif
