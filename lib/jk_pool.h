/* jk_pool: worker threads that outlive their jobs, for work split over the
 * cores several times a second (jk_fanout: every search by relevance, twice
 * when it is re-ranked).
 *
 * Starting a thread for each part and joining it cost 0.45 ms a search on
 * the project's machine (p50; over 1 ms at p95), a twentieth of its slowest
 * query. A worker here is started once; having done a job, it watches for
 * the next for JK_POOL_SPIN_US before it sleeps on a condition variable, and
 * the caller, having done its own part, watches for the workers' ends as long
 * before it sleeps too. Watching costs a core for that long at most, and a
 * wake-up through the kernel is what it saves (about 0.1 ms here). Each
 * worker's CPU mask leaves out the CPU of the caller that posts it a job
 * (when the process has more than one): woken where the caller runs, a
 * worker would wait for the caller's own part to end, so that a search after
 * a pause took longer on two threads than on one. And a job that its worker
 * has not started by the time the caller has done its own part, the caller
 * takes and runs itself: in a virtual machine the host takes a CPU away for
 * milliseconds now and then (the project's 2-core machine: 2 to 7 ms, a few
 * searches in a hundred), and the worker held off the caller's CPU would
 * wait for it to come back.
 *
 * The workers block every signal but a fault's, so that a signal sent to the
 * process reaches the caller's threads.
 *
 * The caller owns the pool: jk_pool_free stops and joins its workers. One
 * thread at a time may run jobs on a pool; the jobs' arguments stay the
 * caller's.
 */
#ifndef JK_POOL_H
#define JK_POOL_H

#include "jk_error.h"

#include <stddef.h>

#define JK_POOL_SPIN_US 1000

typedef struct jk_pool jk_pool;

typedef void jk_pool_fn(void *arg);

/* A pool of up to n workers. Fewer when the system gives fewer threads (the
 * pool still runs every job: see jk_pool_run); JK_ENOMEM when there is no
 * memory for the pool itself. */
int jk_pool_new(jk_pool **out, size_t n, jk_error *err);

/* How many workers the pool has (0 for NULL). */
size_t jk_pool_size(const jk_pool *p);

/* Runs fn(args[i]) for every i below n and returns when all are done:
 * args[0] in the calling thread, args[i] on the pool's worker i - 1, or in
 * the calling thread after args[0] when there is no such worker (p may be
 * NULL: all of them in turn) or when the worker has not started it by then.
 * Each job runs once, on one thread at a time, so a job may use what only
 * one thread may use at once (its worker's Xapian reader), but no state of
 * the thread it runs on. */
void jk_pool_run(jk_pool *p, jk_pool_fn *fn, void *const *args, size_t n);

/* While on, the workers take no job and jk_pool_run runs every job in the
 * calling thread: for tests, a worker whose CPU never comes back. */
void jk_pool_pause(jk_pool *p, int on);

void jk_pool_free(jk_pool *p);

#endif
