#include "jk_crash.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const int crash_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL};
#define NSIGNALS (sizeof crash_signals / sizeof *crash_signals)

static char message[3 * 4096 + 1024];
static size_t message_len;
static struct sigaction before[NSIGNALS];
static int installed;

static void on_crash(int sig, siginfo_t *info, void *context)
{
    ssize_t w = write(STDERR_FILENO, message, message_len);
    (void)w, (void)context;
    for (size_t i = 0; i < NSIGNALS; i++)
        if (crash_signals[i] == sig)
            sigaction(sig, &before[i], NULL);
    /* A fault (si_code > 0) happens again when the handler returns, now under
     * the earlier action; a signal that was sent is sent again, delivered as
     * the handler returns. */
    if (!info || info->si_code <= 0)
        raise(sig);
}

void jk_crash_note(const char *prog, const char *index_path, int checking)
{
    struct sigaction sa;
    int n;

    if (checking)
        n = snprintf(message, sizeof message,
                     "\n%s: crashed while checking the index at %s: Xapian crashes so on "
                     "damaged files, so the index is most likely damaged; build it again from "
                     "the archive.\n",
                     prog, index_path);
    else
        n = snprintf(message, sizeof message,
                     "\n%s: crashed while working on the index at %s.\n"
                     "If that index is damaged (a disk error, a copy cut short), "
                     "'jikenbo-index --check --db %s' says so, and building it again from "
                     "the archive mends it. Otherwise this is a bug in jikenbo: please report "
                     "it with the command that crashed.\n",
                     prog, index_path, index_path);
    message_len = n < 0 ? 0 : (size_t)n < sizeof message ? (size_t)n : sizeof message - 1;
    if (installed)
        return;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_crash;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < NSIGNALS; i++)
        sigaction(crash_signals[i], &sa, &before[i]);
    installed = 1;
}
