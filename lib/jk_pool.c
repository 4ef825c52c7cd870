#include "jk_pool.h"

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

typedef struct worker {
    /* the job posted, written by the caller before it raises seq (a NULL
     * fn: stop); read by the one that takes it */
    jk_pool_fn *fn;
    void *arg;
    atomic_uint seq;     /* jobs posted; written by the caller only */
    atomic_uint claimed; /* the last job taken, by the worker or the caller (take) */
    atomic_uint done;    /* jobs finished; by whoever took the job */
    pthread_mutex_t mu;
    pthread_cond_t wake;      /* the worker sleeps on it, sleeping set */
    pthread_cond_t finished;  /* the caller sleeps on it, waiting set */
    int sleeping, waiting;    /* under mu */
    int off;                  /* the CPU its mask leaves out, or -1; the caller's */
    const atomic_int *paused; /* its pool's */
    pthread_t tid;
} worker;

struct jk_pool {
    worker **w;
    size_t n;
    cpu_set_t cpus;    /* the process's CPUs when the pool was made */
    int place;         /* keep the workers off the caller's CPU (see keep_off) */
    atomic_int paused; /* jk_pool_pause: the workers take no job */
};

static void relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

static long long now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Watches *a for up to JK_POOL_SPIN_US while it holds v; returns what it
 * last read (v when the time ran out). */
static unsigned spin_while(atomic_uint *a, unsigned v)
{
    long long until = 0;

    for (unsigned i = 0;; i++) {
        unsigned x = atomic_load_explicit(a, memory_order_acquire);
        if (x != v)
            return x;
        if ((i & 255) == 0) { /* and let another thread of this core run */
            long long t = now_us();
            sched_yield();
            if (!until)
                until = t + JK_POOL_SPIN_US;
            else if (t >= until)
                return v;
        }
        relax();
    }
}

/* Takes job s, posted to w, for the calling thread, the worker or the
 * caller: true for the one of them that got it first. */
static int take(worker *w, unsigned s)
{
    unsigned prev = s - 1;
    return atomic_compare_exchange_strong_explicit(&w->claimed, &prev, s, memory_order_acq_rel,
                                                   memory_order_acquire);
}

static void *work(void *arg)
{
    worker *w = arg;
    unsigned seen = 0, s = 0;
    jk_pool_fn *fn;

    for (int spin = 0;; spin = 1) { /* no job yet: sleep at once */
        if (spin)
            s = spin_while(&w->seq, seen);
        if (s == seen) {
            pthread_mutex_lock(&w->mu);
            w->sleeping = 1;
            while ((s = atomic_load_explicit(&w->seq, memory_order_acquire)) == seen)
                pthread_cond_wait(&w->wake, &w->mu);
            w->sleeping = 0;
            pthread_mutex_unlock(&w->mu);
        }
        seen = s;
        /* a job taken by the caller is its own (jk_pool_run), and so are
         * its fn and arg, which the caller may already have reused */
        if (atomic_load_explicit(w->paused, memory_order_relaxed) || !take(w, s))
            continue;
        if (!(fn = w->fn))
            return NULL;
        fn(w->arg);
        atomic_store_explicit(&w->done, s, memory_order_release);
        pthread_mutex_lock(&w->mu);
        if (w->waiting)
            pthread_cond_signal(&w->finished);
        pthread_mutex_unlock(&w->mu);
    }
}

/* Keeps w off CPU c, the caller's, from its next wake-up on. Woken on the
 * CPU that wakes it (Linux's wake-affine placement), a sleeping worker would
 * wait there for the caller's own part to end, or for the load balancer's
 * next tick: on the project's 2-core machine a search after a pause took
 * twice as long on two threads, and longer than on one. The mask is set only
 * when the caller's CPU changed since the last job; when setting it fails
 * (a CPU taken offline, a seccomp filter), the pool stops trying and the
 * scheduler places the workers as it would. */
static void keep_off(jk_pool *p, worker *w, int c)
{
    cpu_set_t m;

    if (!p->place || c < 0 || c == w->off || c >= CPU_SETSIZE || !CPU_ISSET(c, &p->cpus))
        return;
    m = p->cpus;
    CPU_CLR(c, &m);
    if (pthread_setaffinity_np(w->tid, sizeof m, &m))
        p->place = 0;
    else
        w->off = c;
}

static void post(worker *w, jk_pool_fn *fn, void *arg)
{
    w->fn = fn;
    w->arg = arg;
    atomic_store_explicit(&w->seq, atomic_load_explicit(&w->seq, memory_order_relaxed) + 1,
                          memory_order_release);
    pthread_mutex_lock(&w->mu);
    if (w->sleeping)
        pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->mu);
}

/* Returns once w has finished the job last posted to it. */
static void await(worker *w)
{
    unsigned s = atomic_load_explicit(&w->seq, memory_order_relaxed);

    if (atomic_load_explicit(&w->done, memory_order_acquire) == s)
        return;
    if (spin_while(&w->done, s - 1) == s)
        return;
    pthread_mutex_lock(&w->mu);
    w->waiting = 1;
    while (atomic_load_explicit(&w->done, memory_order_acquire) != s)
        pthread_cond_wait(&w->finished, &w->mu);
    w->waiting = 0;
    pthread_mutex_unlock(&w->mu);
}

static void free_worker(worker *w)
{
    pthread_cond_destroy(&w->finished);
    pthread_cond_destroy(&w->wake);
    pthread_mutex_destroy(&w->mu);
    free(w);
}

/* A worker with its thread started, or NULL. */
static worker *start_worker(const atomic_int *paused)
{
    worker *w = calloc(1, sizeof *w);

    if (!w)
        return NULL;
    atomic_init(&w->seq, 0);
    atomic_init(&w->claimed, 0);
    atomic_init(&w->done, 0);
    w->off = -1;
    w->paused = paused;
    if (pthread_mutex_init(&w->mu, NULL)) {
        free(w);
        return NULL;
    }
    if (pthread_cond_init(&w->wake, NULL)) {
        pthread_mutex_destroy(&w->mu);
        free(w);
        return NULL;
    }
    if (pthread_cond_init(&w->finished, NULL)) {
        pthread_cond_destroy(&w->wake);
        pthread_mutex_destroy(&w->mu);
        free(w);
        return NULL;
    }
    if (pthread_create(&w->tid, NULL, work, w)) {
        free_worker(w);
        return NULL;
    }
    return w;
}

int jk_pool_new(jk_pool **out, size_t n, jk_error *err)
{
    jk_pool *p = calloc(1, sizeof *p);
    sigset_t mask, before;

    *out = NULL;
    if (!p || (n && !(p->w = calloc(n, sizeof *p->w)))) {
        free(p);
        return jk_error_set(err, JK_ENOMEM, "[pool] out of memory");
    }
    /* Signals sent to the process go to the caller's threads, as before
     * there were workers (the prompt's read is the one to interrupt); a
     * fault is still the faulting worker's own (jk_crash). */
    sigfillset(&mask);
    sigdelset(&mask, SIGSEGV);
    sigdelset(&mask, SIGBUS);
    sigdelset(&mask, SIGFPE);
    sigdelset(&mask, SIGILL);
    sigdelset(&mask, SIGABRT);
    atomic_init(&p->paused, 0);
    pthread_sigmask(SIG_SETMASK, &mask, &before);
    while (p->n < n && (p->w[p->n] = start_worker(&p->paused)))
        p->n++;
    pthread_sigmask(SIG_SETMASK, &before, NULL);
    p->place = sched_getaffinity(0, sizeof p->cpus, &p->cpus) == 0 && CPU_COUNT(&p->cpus) > 1;
    *out = p;
    return JK_OK;
}

size_t jk_pool_size(const jk_pool *p)
{
    return p ? p->n : 0;
}

void jk_pool_run(jk_pool *p, jk_pool_fn *fn, void *const *args, size_t n)
{
    size_t posted = 0;
    int c = p && p->place && n > 1 ? sched_getcpu() : -1;

    while (posted + 1 < n && posted < jk_pool_size(p)) {
        keep_off(p, p->w[posted], c);
        post(p->w[posted], fn, args[posted + 1]);
        posted++;
    }
    for (size_t i = 0; i < n; i++)
        if (i == 0 || i > posted)
            fn(args[i]);
    /* A job that its worker has not started yet is the caller's: the
     * worker's CPU may be taken, by another thread or by the host (in a
     * virtual machine), for milliseconds. Every such job first, then the
     * wait for those the workers took. */
    for (size_t i = 0; i < posted; i++) {
        worker *w = p->w[i];
        unsigned s = atomic_load_explicit(&w->seq, memory_order_relaxed);
        if (take(w, s)) {
            fn(args[i + 1]);
            atomic_store_explicit(&w->done, s, memory_order_release);
        }
    }
    for (size_t i = 0; i < posted; i++)
        await(p->w[i]);
}

void jk_pool_pause(jk_pool *p, int on)
{
    if (p)
        atomic_store_explicit(&p->paused, on != 0, memory_order_relaxed);
}

void jk_pool_free(jk_pool *p)
{
    if (!p)
        return;
    jk_pool_pause(p, 0); /* the workers take the job that stops them */
    for (size_t i = 0; i < p->n; i++) {
        post(p->w[i], NULL, NULL);
        pthread_join(p->w[i]->tid, NULL);
        free_worker(p->w[i]);
    }
    free(p->w);
    free(p);
}
