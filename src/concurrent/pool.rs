//! A thread pool in the style of `concurrent.futures.ThreadPoolExecutor`: `submit` a job, get a [`PoolFuture`].
//!
//! - Workers share one job queue and take jobs in the order they were submitted.
//! - A job's future is completed on the worker that ran it, and its done-callbacks run right there, before the
//!   worker takes its next job (as in CPython). The Tasks of the inline samples rely on that: their generators
//!   are resumed on pool threads, inside a callback.
//! - A job that panics completes its future with [`JobError::Panicked`]; the worker lives on.
//! - [`Pool::wait_until_idle`] blocks until no job is queued or running (callbacks included). Python's programs
//!   need no such call: the interpreter waits for the pool's threads at exit. Here `run` must not return while
//!   Tasks are still at work, and shutting the pool down would refuse their next jobs.
//! - Dropping the [`Pool`] shuts it down like `executor.shutdown(wait=True)`: jobs already submitted still run,
//!   then every worker thread is joined. A job submitted after that (from a callback, through a
//!   [`PoolHandle`]) never runs: its future fails at once with [`JobError::PoolShutDown`], where Python's
//!   `submit` would raise.
//! - Jobs are closures given the run's [`Transcript`]: they sleep through it (scaled, and cut short when the run is
//!   stopped), so `pool.submit(func(x, y))` reads like Python's `pool.submit(func, x, y)`.
//!
//! # The pool's clock: jobs due at the same instant finish in submission order
//!
//! inline1 submits two 1-second jobs at once to Beazley's 8 workers. Both are done "at t = 1 s", and in Python
//! their callbacks race: `Got: 5` and `Got: 20` come in either order. A transcript must not race, and it must not
//! cheat either: no extra sleep to part them, no sorting of lines afterwards, no single worker that runs one
//! after the other what Python runs side by side. So the jobs' sleeps run on the pool's own clock, which works as
//! a paused tokio clock (or any discrete-event simulator) does:
//!
//! - **Time moves in steps, from one deadline to the next.** The clock holds an instant, `now`. A sleep of `d`
//!   that a job starts ends at the instant `now + d`, exactly: two jobs submitted together are due at the same
//!   instant, not microseconds apart, whatever the OS scheduler did in between.
//! - **Time moves only while the pool is still**: every worker is asleep on the clock or has no job. While a
//!   job runs, or its callbacks do, or a job waits in the queue for an idle worker, the clock holds its instant.
//!   So a released job's completion, its callbacks and the first steps of the jobs they submit are all over
//!   before the next sleeper wakes.
//! - **Sleepers due at the same instant wake one at a time, in the order their jobs were submitted**, each into a
//!   still pool. That is the whole tie-break, and it needs no timing luck.
//! - **In step with the wall clock**: the instant `D` is released no earlier than `D` times the time scale after
//!   the pool started (later if the machine is busy, never in another order), so a run takes the original's
//!   time, scaled, and shows what overlaps: inline1 takes 10 job-lengths, not 11.
//!
//! One lock guards the queue, the workers' states and the clock, so "still" is never judged on a half-made
//! change. A job finds the clock as `tokio::time::sleep` finds its runtime, through the thread it runs on: each
//! worker hands the transcript its clock once ([`transcript::sleep_on`]), and jobs keep calling `t.sleep(..)`.
//!
//! What the rule costs: time does not pass while a job computes or waits for anything but the clock. A job that
//! blocks on a future of its own pool whose job sleeps would wait forever; none of the samples' jobs does (fib3's
//! blocking driver waits on the *other* pool). A thread outside the pool (the main thread, a stackful Task's
//! home) submits at the clock's current instant, the last one released.
//!
//! Why no crate: rayon's pool detaches its threads on drop and has no futures, and the queue must sit under the
//! clock's lock, so a channel would only add a second source of truth.

use std::collections::VecDeque;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use super::FuturesError;
use super::future::{JobError, JobResult, PoolFuture};
use crate::transcript::{self, Clock, SLEEP_SLICE, Stopped, Transcript};

type Job = Box<dyn FnOnce() + Send>;

/// What a worker is doing; `seq` is the number of its job, in submission order.
#[derive(Debug, Clone, Copy)]
enum Worker {
    /// Waiting for a job.
    Idle,
    /// Running job `seq`, or its callbacks.
    Running { seq: u64 },
    /// Running job `seq`, asleep on the clock until the instant `until`.
    Asleep { seq: u64, until: Duration },
}

/// Everything the clock judges by, under one lock.
struct State {
    /// Jobs submitted and not yet taken, with their numbers.
    queue: VecDeque<(u64, Job)>,
    next_seq: u64,
    workers: Vec<Worker>,
    /// The clock's instant: the deadline of the last sleep it ended (the original's time, unscaled).
    now: Duration,
    /// Jobs submitted and not yet finished (their callbacks included).
    in_flight: usize,
    shut_down: bool,
}

impl State {
    /// The clock may move: no worker is running anything, and no job waits for a worker that could take it.
    fn still(&self) -> bool {
        let running = self.workers.iter().any(|w| matches!(w, Worker::Running { .. }));
        let idle = self.workers.iter().any(|w| matches!(w, Worker::Idle));
        !running && (self.queue.is_empty() || !idle)
    }

    /// The worker whose sleep ends first: the earliest deadline, then the earliest submitted job.
    fn first_sleeper(&self) -> Option<usize> {
        (0..self.workers.len())
            .filter_map(|index| match self.workers[index] {
                Worker::Asleep { seq, until } => Some(((until, seq), index)),
                _ => None,
            })
            .min()
            .map(|(_, index)| index)
    }
}

struct Shared {
    /// What the jobs sleep through.
    t: Transcript,
    /// When the clock's instant zero was, on the wall clock.
    epoch: Instant,
    state: Mutex<State>,
    /// Workers wait here for jobs.
    work: Condvar,
    /// Sleepers wait here for their turn.
    clock: Condvar,
    /// [`PoolHandle::wait_until_idle`] waits here.
    idle: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // No code panics under this lock (jobs and callbacks run outside it): a poisoned state is still whole.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A cheap, cloneable, `Send` handle for submitting jobs, for code that runs on pool threads (Tasks, callbacks).
/// It does not keep the pool alive: once the [`Pool`] is dropped, its jobs fail with
/// [`JobError::PoolShutDown`].
#[derive(Clone)]
pub struct PoolHandle {
    shared: Arc<Shared>,
}

impl PoolHandle {
    /// Python's `pool.submit(fn)`: queues `job` and returns the future of its outcome at once.
    pub fn submit<T: Clone + Send + 'static>(
        &self,
        job: impl FnOnce(&Transcript) -> JobResult<T> + Send + 'static,
    ) -> PoolFuture<T> {
        let future = PoolFuture::new();
        let completer = future.clone();
        let t = self.shared.t.clone();
        let work: Job = Box::new(move || {
            let outcome = catch_unwind(AssertUnwindSafe(|| job(&t)))
                .unwrap_or_else(|payload| Err(JobError::from_panic(&*payload)));
            // Only this job sets this future, so it cannot already be done.
            let _ = completer.set(outcome);
        });
        let mut state = self.shared.lock();
        if state.shut_down {
            drop(state);
            let _ = future.set(Err(JobError::PoolShutDown));
            return future;
        }
        let seq = state.next_seq;
        state.next_seq += 1;
        state.queue.push_back((seq, work));
        state.in_flight += 1;
        drop(state);
        self.shared.work.notify_one();
        future
    }

    /// The clock's instant, in the original's time (unscaled): the deadline of the last sleep it ended, zero
    /// before the first (tokio's `Instant::now()` on a paused clock). See the module docs.
    pub fn now(&self) -> Duration {
        self.shared.lock().now
    }

    /// Blocks until no submitted job is queued or running, callbacks included. A callback that submits a new
    /// job does so before its own job counts as finished, so a chain of Tasks keeps the pool busy to its end.
    pub fn wait_until_idle(&self) {
        let mut state = self.shared.lock();
        while state.in_flight > 0 {
            state = self.shared.idle.wait(state).unwrap_or_else(PoisonError::into_inner);
        }
    }
}

/// A fixed set of worker threads; dropping it shuts it down and joins them (see the module docs).
pub struct Pool {
    handle: PoolHandle,
    workers: Vec<JoinHandle<()>>,
}

impl Pool {
    /// Starts `workers` threads (at least one), named `pool-0`, `pool-1`, ..., whose jobs sleep through `t`, on
    /// the pool's clock.
    pub fn new(workers: usize, t: &Transcript) -> Result<Pool, FuturesError> {
        Self::named("pool", workers, t)
    }

    /// Like [`Pool::new`], its threads named `{name}-0`, `{name}-1`, ...: for a program with two pools (fib3),
    /// so that a thread's name says which pool it serves.
    pub fn named(name: &str, workers: usize, t: &Transcript) -> Result<Pool, FuturesError> {
        let workers = workers.max(1);
        let shared = Arc::new(Shared {
            t: t.clone(),
            epoch: Instant::now(),
            state: Mutex::new(State {
                queue: VecDeque::new(),
                next_seq: 0,
                workers: vec![Worker::Idle; workers],
                now: Duration::ZERO,
                in_flight: 0,
                shut_down: false,
            }),
            work: Condvar::new(),
            clock: Condvar::new(),
            idle: Condvar::new(),
        });
        // Built up one thread at a time: if a spawn fails, dropping `pool` joins the threads already started.
        let mut pool = Pool { handle: PoolHandle { shared: Arc::clone(&shared) }, workers: Vec::new() };
        for index in 0..workers {
            let shared = Arc::clone(&shared);
            let worker = thread::Builder::new()
                .name(format!("{name}-{index}"))
                .spawn(move || work(&shared, index))
                .map_err(|source| FuturesError::Spawn { index, workers, source })?;
            pool.workers.push(worker);
        }
        Ok(pool)
    }

    /// A handle for submitting jobs from anywhere, pool threads included.
    pub fn handle(&self) -> PoolHandle {
        self.handle.clone()
    }

    /// Python's `pool.submit(fn)`; see [`PoolHandle::submit`].
    pub fn submit<T: Clone + Send + 'static>(
        &self,
        job: impl FnOnce(&Transcript) -> JobResult<T> + Send + 'static,
    ) -> PoolFuture<T> {
        self.handle.submit(job)
    }

    /// See [`PoolHandle::wait_until_idle`].
    pub fn wait_until_idle(&self) {
        self.handle.wait_until_idle();
    }
}

/// Worker `index`: run jobs until the pool is shut down and the queue is empty.
fn work(shared: &Arc<Shared>, index: usize) {
    transcript::sleep_on(PoolClock { shared: Arc::clone(shared), worker: index });
    loop {
        let job = {
            let mut state = shared.lock();
            loop {
                if let Some((seq, job)) = state.queue.pop_front() {
                    state.workers[index] = Worker::Running { seq };
                    break job;
                }
                if state.shut_down {
                    return;
                }
                state = shared.work.wait(state).unwrap_or_else(PoisonError::into_inner);
            }
        };
        // The job wrapper already catches the job's panic and each callback's; this is the last line of defence
        // so that a worker never dies and never leaves `in_flight` counting a job that is gone.
        let _ = catch_unwind(AssertUnwindSafe(job));
        let mut state = shared.lock();
        state.workers[index] = Worker::Idle;
        state.in_flight = state.in_flight.saturating_sub(1);
        if state.in_flight == 0 {
            shared.idle.notify_all();
        }
        drop(state);
        // The pool may be still now: the next sleeper may wake.
        shared.clock.notify_all();
    }
}

/// The clock as one worker sees it: [`Transcript::sleep`] on that worker's thread comes here.
struct PoolClock {
    shared: Arc<Shared>,
    worker: usize,
}

impl Clock for PoolClock {
    fn sleep(&self, t: &Transcript, delay: Duration) -> Result<(), Stopped> {
        let shared = &*self.shared;
        let mut state = shared.lock();
        let Worker::Running { seq } = state.workers[self.worker] else {
            // Only a worker's job or callback runs on its thread, and it is `Running`; nothing else gets here.
            drop(state);
            return t.sleep_on_wall_clock(delay);
        };
        let until = state.now.saturating_add(delay);
        state.workers[self.worker] = Worker::Asleep { seq, until };
        shared.clock.notify_all();
        loop {
            if let Err(stopped) = t.check() {
                state.workers[self.worker] = Worker::Running { seq };
                return Err(stopped);
            }
            let mut wait = SLEEP_SLICE;
            if state.still() && state.first_sleeper() == Some(self.worker) {
                // My turn once the wall clock has caught up with the instant `until`, scaled.
                let due = shared.epoch.checked_add(t.time_scale().scale(until));
                let left = due.map_or(SLEEP_SLICE, |due| due.saturating_duration_since(Instant::now()));
                if left.is_zero() {
                    state.now = until;
                    state.workers[self.worker] = Worker::Running { seq };
                    return Ok(());
                }
                wait = wait.min(left);
            }
            state = shared.clock.wait_timeout(state, wait).unwrap_or_else(PoisonError::into_inner).0;
        }
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        // Workers finish what is queued, then see `shut_down` and return.
        self.handle.shared.lock().shut_down = true;
        self.handle.shared.work.notify_all();
        let me = thread::current().id();
        for worker in self.workers.drain(..) {
            // A pool dropped by one of its own jobs cannot join itself; that thread ends on its own.
            if worker.thread().id() != me && worker.join().is_err() {
                eprintln!("warning: a pool thread panicked outside any job");
            }
        }
    }
}
