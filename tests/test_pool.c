/* test_pool: jk_pool runs every job exactly once and returns only when all
 * are done: the first in the calling thread, the others each on its own
 * worker, the same worker every time, or in the caller when the worker has
 * not started it by the end of the caller's own (a paused pool's workers
 * never do: a worker that never got its job hangs the test until meson's
 * timeout); in turn in the caller when there are too few workers or no
 * pool. The workers take no signal but a fault. Jobs slower than the spin
 * and pauses longer than it make both sides sleep and be woken (a lost
 * wake-up hangs the test too). A worker is kept off the CPU of the caller
 * that posts it a job, and the pool leaves the workers of a process on one
 * CPU where they are. Freeing a pool that never ran a job, or a paused one,
 * stops it. */
#include "jk_pool.h"
#include "jk_test.h"

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

typedef struct job {
    long tid;              /* the thread that last ran it */
    int sigint, sigsegv;   /* blocked there */
    int wsigint, wsigsegv; /* blocked on the last worker it ran on */
    long worker;           /* the thread other than the caller's it ran on, or 0 */
    int runs;              /* how often it ran */
    long sleep_us;         /* how long it takes */
} job;

static long main_tid;

static long tid(void)
{
    return (long)syscall(SYS_gettid);
}

static void pause_us(long us)
{
    struct timespec ts = {us / 1000000, us % 1000000 * 1000};
    nanosleep(&ts, NULL);
}

static void run_job(void *arg)
{
    job *j = arg;
    if (j->sleep_us)
        pause_us(j->sleep_us);
    sigset_t mask;
    pthread_sigmask(SIG_BLOCK, NULL, &mask);
    j->sigint = sigismember(&mask, SIGINT);
    j->sigsegv = sigismember(&mask, SIGSEGV);
    j->tid = tid();
    if (j->tid != main_tid) {
        j->wsigint = j->sigint;
        j->wsigsegv = j->sigsegv;
    }
    j->runs++;
}

typedef struct where {
    long hold_us; /* how long it takes */
    long tid;     /* the thread it ran on */
    int cpu;      /* the CPU it ran on */
    int on[2];    /* whether its thread's mask holds the CPUs cpus[0] and [1] */
    int cpus[2];
} where;

static void where_job(void *arg)
{
    where *w = arg;
    cpu_set_t m;
    if (w->hold_us)
        pause_us(w->hold_us);
    w->tid = tid();
    w->cpu = sched_getcpu();
    CPU_ZERO(&m);
    pthread_getaffinity_np(pthread_self(), sizeof m, &m);
    w->on[0] = CPU_ISSET(w->cpus[0], &m);
    w->on[1] = CPU_ISSET(w->cpus[1], &m);
}

/* Pins the calling thread to CPU c (all: -1), pauses long enough for p's
 * worker to sleep, and runs a job here and one on the worker: again while
 * the caller ran both (its own takes long enough for the worker to wake and
 * start the other, unless the machine is busy). */
static void run_from(jk_pool *p, const cpu_set_t *all, int c, where w[2])
{
    cpu_set_t m = *all;
    if (c >= 0) {
        CPU_ZERO(&m);
        CPU_SET(c, &m);
    }
    CHECK_INT(pthread_setaffinity_np(pthread_self(), sizeof m, &m), 0);
    void *args[2] = {&w[0], &w[1]};
    for (int k = 0; k < 100; k++) {
        pause_us(3 * JK_POOL_SPIN_US);
        jk_pool_run(p, where_job, args, 2);
        if (!p || w[1].tid != tid())
            return;
    }
    CHECK_MSG(0, "caller on %d: the worker never started its job", c);
}

/* Woken on the CPU that wakes it, a worker waits there for the caller's own
 * part: the pool keeps each worker off the caller's CPU of the moment. */
static void placement(void)
{
    cpu_set_t all;
    where w[2] = {{.hold_us = 2 * JK_POOL_SPIN_US}, {0}};
    jk_pool *p = NULL;
    jk_error err;
    int n = 0;

    CHECK_INT(sched_getaffinity(0, sizeof all, &all), 0);
    for (int c = 0; c < CPU_SETSIZE && n < 2; c++)
        if (CPU_ISSET(c, &all))
            w[0].cpus[n] = w[1].cpus[n] = c, n++;
    if (n < 2) {
        printf("placement not tested: this process has one CPU\n");
        return;
    }
    int a = w[0].cpus[0], b = w[0].cpus[1];
    CHECK_INT(jk_pool_new(&p, 1, &err), JK_OK);
    run_from(p, &all, a, w);
    CHECK_INT(w[0].cpu, a);
    CHECK_MSG(!w[1].on[0] && w[1].on[1] && w[1].cpu != a, "caller on %d: worker on %d, mask %d%d",
              a, w[1].cpu, w[1].on[0], w[1].on[1]);
    /* the caller moved: the worker's mask follows */
    run_from(p, &all, b, w);
    CHECK_MSG(w[1].on[0] && !w[1].on[1] && w[1].cpu != b, "caller on %d: worker on %d, mask %d%d",
              b, w[1].cpu, w[1].on[0], w[1].on[1]);
    run_from(p, &all, -1, w);
    jk_pool_free(p);
    /* a pool made on one CPU leaves its worker there */
    run_from(NULL, &all, a, w);
    CHECK_INT(jk_pool_new(&p, 1, &err), JK_OK);
    run_from(p, &all, a, w);
    CHECK_MSG(w[1].on[0] && !w[1].on[1] && w[1].cpu == a, "one CPU: worker on %d, mask %d%d",
              w[1].cpu, w[1].on[0], w[1].on[1]);
    jk_pool_free(p);
    run_from(NULL, &all, -1, w);
}

/* Runs jobs[0..n) on p rounds times; each round's jobs must each run once,
 * in the caller or on the one worker they ran on before. With need, only
 * until jobs[1..need] have each run on a worker (which must happen within
 * the rounds: the caller's own job is made slow enough, but on a busy
 * machine a worker may not start in time every round). */
static void rounds_until(jk_pool *p, job *jobs, size_t n, int times, long pause, size_t need,
                         const char *what)
{
    void *args[4];

    for (size_t i = 0; i < n; i++) {
        args[i] = &jobs[i];
        jobs[i].runs = 0;
        jobs[i].worker = 0;
    }
    for (int r = 0; r < times; r++) {
        if (pause)
            pause_us(pause);
        jk_pool_run(p, run_job, args, n);
        for (size_t i = 0; i < n; i++) {
            CHECK_MSG(jobs[i].runs == r + 1, "%s, round %d, job %zu: ran %d times", what, r, i,
                      jobs[i].runs);
            if (jobs[i].tid != main_tid && !jobs[i].worker)
                jobs[i].worker = jobs[i].tid;
            CHECK_MSG(jobs[i].tid == main_tid || jobs[i].tid == jobs[i].worker,
                      "%s, round %d, job %zu: on another worker", what, r, i);
        }
        if (jk_test_failed)
            break;
        size_t k = 1;
        while (k <= need && jobs[k].worker)
            k++;
        if (need && k > need)
            return;
    }
    for (size_t k = 1; k <= need; k++)
        CHECK_MSG(jobs[k].worker != 0, "%s: job %zu never ran on a worker", what, k);
}

static void rounds(jk_pool *p, job *jobs, size_t n, int times, long pause, const char *what)
{
    rounds_until(p, jobs, n, times, pause, 0, what);
}

int main(void)
{
    jk_error err;
    jk_pool *p = NULL;
    long me = main_tid = tid();

    /* three workers, four jobs, many times: the first here, each other on a
     * worker of its own or here */
    {
        job jobs[4] = {{0}};
        CHECK_INT(jk_pool_new(&p, 3, &err), JK_OK);
        CHECK_INT(jk_pool_size(p), 3);
        rounds(p, jobs, 4, 2000, 0, "3 workers");
        CHECK(jobs[0].tid == me);
        /* with the caller's own job slower than a wake-up, the workers start
         * theirs first */
        jobs[0].sleep_us = 5 * JK_POOL_SPIN_US;
        rounds_until(p, jobs, 4, 200, 0, 3, "3 workers, the caller's job slow");
        jobs[0].sleep_us = 0;
        /* a signal sent to the process reaches the caller, a fault the
         * worker's own handler */
        CHECK(jobs[0].sigint == 0 && jobs[0].sigsegv == 0);
        for (int i = 1; i < 4; i++) {
            CHECK_MSG(jobs[i].wsigint == 1 && jobs[i].wsigsegv == 0, "job %d's signals", i);
            for (int k = 1; k < i; k++)
                CHECK_MSG(jobs[i].worker != jobs[k].worker, "jobs %d and %d on one worker", k, i);
        }
        /* fewer jobs than workers, and none */
        rounds(p, jobs, 2, 100, 0, "2 jobs on 3 workers");
        jk_pool_run(p, run_job, NULL, 0);
        CHECK_INT(jobs[0].runs, 100);
        jk_pool_free(p);
    }
    /* one worker for four jobs: the second on it, the rest here in turn */
    {
        job jobs[4] = {{0}};
        CHECK_INT(jk_pool_new(&p, 1, &err), JK_OK);
        rounds(p, jobs, 4, 500, 0, "1 worker");
        CHECK(jobs[0].tid == me && jobs[2].tid == me && jobs[3].tid == me);
        /* a job longer than the spin (the caller sleeps until it ends), and
         * pauses longer than it (the worker sleeps until it is woken) */
        jobs[0].sleep_us = JK_POOL_SPIN_US / 2;
        jobs[1].sleep_us = 3 * JK_POOL_SPIN_US;
        rounds_until(p, jobs, 2, 200, 0, 1, "a slow job");
        jobs[0].sleep_us = 2 * JK_POOL_SPIN_US;
        jobs[1].sleep_us = 0;
        rounds_until(p, jobs, 2, 200, 3 * JK_POOL_SPIN_US, 1, "pauses");
        jk_pool_free(p);
    }
    /* workers that never start their jobs (their CPU gone): the caller runs
     * them, whether the workers are watching or asleep */
    {
        job jobs[3] = {{0}};
        CHECK_INT(jk_pool_new(&p, 2, &err), JK_OK);
        jk_pool_pause(p, 1);
        rounds(p, jobs, 3, 200, 0, "paused");
        CHECK(jobs[0].tid == me && jobs[1].tid == me && jobs[2].tid == me);
        rounds(p, jobs, 3, 5, 3 * JK_POOL_SPIN_US, "paused, after pauses");
        CHECK(jobs[1].worker == 0 && jobs[2].worker == 0);
        jk_pool_pause(p, 0);
        jobs[0].sleep_us = 5 * JK_POOL_SPIN_US;
        rounds_until(p, jobs, 3, 200, 0, 2, "resumed");
        jk_pool_free(p);
    }
    /* no pool: every job here, in turn */
    {
        job jobs[3] = {{0}};
        rounds(NULL, jobs, 3, 10, 0, "no pool");
        CHECK(jobs[0].tid == me && jobs[1].tid == me && jobs[2].tid == me);
        CHECK_INT(jk_pool_size(NULL), 0);
    }
    placement();
    /* a pool that never ran a job, a paused one, and one of no workers */
    CHECK_INT(jk_pool_new(&p, 2, &err), JK_OK);
    jk_pool_free(p);
    CHECK_INT(jk_pool_new(&p, 2, &err), JK_OK);
    jk_pool_pause(p, 1);
    jk_pool_free(p);
    CHECK_INT(jk_pool_new(&p, 0, &err), JK_OK);
    CHECK_INT(jk_pool_size(p), 0);
    jk_pool_free(p);
    jk_pool_free(NULL);
    return TEST_DONE();
}
