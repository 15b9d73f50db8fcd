//! A thread pool in the style of `concurrent.futures.ThreadPoolExecutor`: `submit` a job, get a [`Future`].
//!
//! - Workers share one job queue (a crossbeam channel: many senders, many receivers).
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
//!
//! - Jobs are closures given the run's [`Transcript`]: they sleep through it (scaled, and cut short when the run is
//!   stopped), so `pool.submit(func(x, y))` reads like Python's `pool.submit(func, x, y)`.
//!
//! Why not rayon's pool: it detaches its threads on drop and has no futures; the queue is the only plumbing
//! worth taking from a crate here.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::{self, JoinHandle};

use crossbeam_channel::{Receiver, Sender};

use super::FuturesError;
use super::future::{Future, JobError, Outcome};
use crate::transcript::Transcript;

type Job = Box<dyn FnOnce() + Send>;

struct Shared {
    /// What the jobs sleep through.
    t: Transcript,
    /// `None` once the pool is shut down.
    queue: Mutex<Option<Sender<Job>>>,
    /// Jobs submitted and not yet finished (their callbacks included).
    in_flight: Mutex<usize>,
    idle: Condvar,
}

impl Shared {
    fn in_flight(&self) -> MutexGuard<'_, usize> {
        // A counter cannot be left half-updated: a poisoned lock still holds the right number.
        self.in_flight.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn finished_one(&self) {
        let mut in_flight = self.in_flight();
        *in_flight = in_flight.saturating_sub(1);
        if *in_flight == 0 {
            self.idle.notify_all();
        }
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
    pub fn submit<T: Send + 'static>(&self, job: impl FnOnce(&Transcript) -> Outcome<T> + Send + 'static) -> Future<T> {
        let future = Future::new();
        let completer = future.clone();
        let t = self.shared.t.clone();
        let work: Job = Box::new(move || {
            let outcome = catch_unwind(AssertUnwindSafe(|| job(&t)))
                .unwrap_or_else(|payload| Err(JobError::from_panic(&*payload)));
            // Only this job sets this future, so it cannot already be done.
            let _ = completer.set(outcome);
        });
        *self.shared.in_flight() += 1;
        let queue = self.shared.queue.lock().unwrap_or_else(PoisonError::into_inner);
        let refused = match queue.as_ref() {
            Some(sender) => sender.send(work).is_err(),
            None => true,
        };
        drop(queue);
        if refused {
            self.shared.finished_one();
            let _ = future.set(Err(JobError::PoolShutDown));
        }
        future
    }

    /// Blocks until no submitted job is queued or running, callbacks included. A callback that submits a new
    /// job does so before its own job counts as finished, so a chain of Tasks keeps the pool busy to its end.
    pub fn wait_until_idle(&self) {
        let mut in_flight = self.shared.in_flight();
        while *in_flight > 0 {
            in_flight = self.shared.idle.wait(in_flight).unwrap_or_else(PoisonError::into_inner);
        }
    }
}

/// A fixed set of worker threads; dropping it shuts it down and joins them (see the module docs).
pub struct Pool {
    handle: PoolHandle,
    workers: Vec<JoinHandle<()>>,
}

impl Pool {
    /// Starts `workers` threads (at least one), named `pool-0`, `pool-1`, ..., whose jobs sleep through `t`.
    pub fn new(workers: usize, t: &Transcript) -> Result<Pool, FuturesError> {
        Self::named("pool", workers, t)
    }

    /// Like [`Pool::new`], its threads named `{name}-0`, `{name}-1`, ...: for a program with two pools (fib3),
    /// so that a thread's name says which pool it serves.
    pub fn named(name: &str, workers: usize, t: &Transcript) -> Result<Pool, FuturesError> {
        let workers = workers.max(1);
        let (sender, receiver) = crossbeam_channel::unbounded::<Job>();
        let shared = Arc::new(Shared {
            t: t.clone(),
            queue: Mutex::new(Some(sender)),
            in_flight: Mutex::new(0),
            idle: Condvar::new(),
        });
        // Built up one thread at a time: if a spawn fails, dropping `pool` joins the threads already started.
        let mut pool = Pool { handle: PoolHandle { shared: Arc::clone(&shared) }, workers: Vec::new() };
        for index in 0..workers {
            let receiver = receiver.clone();
            let shared = Arc::clone(&shared);
            let worker = thread::Builder::new()
                .name(format!("{name}-{index}"))
                .spawn(move || work(&receiver, &shared))
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
    pub fn submit<T: Send + 'static>(&self, job: impl FnOnce(&Transcript) -> Outcome<T> + Send + 'static) -> Future<T> {
        self.handle.submit(job)
    }

    /// See [`PoolHandle::wait_until_idle`].
    pub fn wait_until_idle(&self) {
        self.handle.wait_until_idle();
    }
}

/// A worker: run jobs until the queue is closed and empty.
fn work(jobs: &Receiver<Job>, shared: &Shared) {
    for job in jobs.iter() {
        // The job wrapper already catches the job's panic and each callback's; this is the last line of defence
        // so that a worker never dies and never leaves `in_flight` counting a job that is gone.
        let _ = catch_unwind(AssertUnwindSafe(job));
        shared.finished_one();
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        // Closing the queue: workers finish what is queued, then `jobs.iter()` ends.
        self.handle.shared.queue.lock().unwrap_or_else(PoisonError::into_inner).take();
        let me = thread::current().id();
        for worker in self.workers.drain(..) {
            // A pool dropped by one of its own jobs cannot join itself; that thread ends on its own.
            if worker.thread().id() != me && worker.join().is_err() {
                eprintln!("warning: a pool thread panicked outside any job");
            }
        }
    }
}
