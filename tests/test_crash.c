/* test_crash: the message a program leaves when it crashes while working on
 * an index (jk_crash.h), and that the crash still ends it as before. */
#include "jk_crash.h"
#include "jk_test.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Runs a child that installs the note and then gets sig; *status gets how it
 * ended, out what it wrote on standard error. */
static void crash_child(int sig, int checking, int *status, char *out, size_t outlen)
{
    int fd[2];
    size_t n = 0;
    ssize_t r;
    pid_t pid;

    out[0] = '\0';
    *status = 0;
    if (pipe(fd) != 0) {
        CHECK(0);
        return;
    }
    fflush(NULL);
    pid = fork();
    if (pid == 0) {
        dup2(fd[1], STDERR_FILENO);
        close(fd[0]);
        close(fd[1]);
        jk_crash_note("prog", "/x/db", 1);
        jk_crash_note("prog", "/x/db", checking); /* a second call: the last message */
        raise(sig);
        _exit(0); /* only if the signal did not end it */
    }
    close(fd[1]);
    while (n + 1 < outlen && (r = read(fd[0], out + n, outlen - 1 - n)) > 0)
        n += (size_t)r;
    out[n] = '\0';
    close(fd[0]);
    CHECK(pid > 0 && waitpid(pid, status, 0) == pid);
}

static void ended_by(int status, int sig)
{
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    /* the sanitizer's handler, the one before ours, reports and exits */
    (void)sig;
    CHECK(!(WIFEXITED(status) && WEXITSTATUS(status) == 0));
#else
    CHECK_MSG(WIFSIGNALED(status) && WTERMSIG(status) == sig, "status %#x, not signal %d", status,
              sig);
#endif
}

int main(void)
{
    char out[8192];
    int status;

    crash_child(SIGSEGV, 0, &status, out, sizeof out);
    CHECK(strstr(out, "prog: crashed while working on the index at /x/db.\n") != NULL);
    CHECK(strstr(out, "'jikenbo-index --check --db /x/db' says so") != NULL);
    CHECK(strstr(out, "this is a bug in jikenbo") != NULL);
    CHECK(strstr(out, "crashed while checking") == NULL);
    ended_by(status, SIGSEGV);

    crash_child(SIGBUS, 1, &status, out, sizeof out);
    CHECK(strstr(out, "prog: crashed while checking the index at /x/db: ") != NULL);
    CHECK(strstr(out, "most likely damaged; build it again from the archive.\n") != NULL);
    ended_by(status, SIGBUS);

    /* a signal it does not handle: no message */
    crash_child(SIGTERM, 0, &status, out, sizeof out);
    CHECK_STR(out, "");
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
    return TEST_DONE();
}
