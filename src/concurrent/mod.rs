//! Rust's `concurrent.futures`, just enough of it for the tutorial: the library that parts 3 to 5 import, as
//! Beazley's samples import Python's.
//!
//! - [`pool`]: a thread pool whose `submit` returns a [`PoolFuture`](future::PoolFuture) (`ThreadPoolExecutor`); its jobs
//!   sleep on the pool's clock, so that jobs due at the same instant finish in the order they were submitted;
//! - [`future`]: concurrent.futures' `Future` (blocking `result()`, errors that propagate, done-callbacks);
//! - [`wakeup`]: where a Task's generator is resumed when its future is done: the thread story, told once
//!   (on the pool thread, as in Python, or on the generator's own home thread, for stackful coroutines);
//! - [`value`]: Python's dynamically typed values, so that a job can fail with `TypeError` at run time;
//! - [`jobs`]: the jobs the samples submit (`func(x, y)`, `time.sleep`), written once;
//! - [`task`]: inline2's Task, which four samples use unchanged;
//! - [`Env`]: what a generator body needs from the outside world: the pool to submit to, the transcript to
//!   print on. One cheap handle, taken by value.
//!
//! inline1's and inline_future's Tasks are not here: they stay in their samples, because the Task's evolution
//! (inline1 -> inline2 -> inline_future) is what the tutorial is about. inline2's is, because four samples take
//! it unchanged.

pub mod future;
pub mod jobs;
pub mod pool;
pub mod task;
pub mod value;
pub mod wakeup;

use crate::transcript::Transcript;
use pool::PoolHandle;

/// What the futures samples can fail with.
#[derive(Debug, thiserror::Error)]
pub enum FuturesError {
    /// The OS refused a worker thread.
    #[error("cannot start pool thread {index} of {workers}: {source} (too many threads? check `ulimit -u`)")]
    Spawn {
        /// Which thread.
        index: usize,
        /// How many were asked for.
        workers: usize,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
    /// A Task finished with an error that nobody caught (Python logs "exception calling callback", or the
    /// `result()` of an inlined future raises it).
    #[error("a task failed: {0}")]
    Task(#[from] future::JobError),
    /// A stackful Task could not get a coroutine stack.
    #[error(transparent)]
    Stack(#[from] crate::backend::stackful::StackError),
}

/// What a generator body of the futures samples needs: the pool (Python's global `pool`) and the transcript
/// (Python's `print`). Cheap to clone (two `Arc`s); a body takes it by value and moves it into itself.
#[derive(Clone)]
pub struct Env {
    /// Where `pool.submit(...)` goes.
    pub pool: PoolHandle,
    /// Where `print(...)` goes.
    pub t: Transcript,
}

impl Env {
    /// The environment of one run of a sample.
    pub fn new(pool: PoolHandle, t: &Transcript) -> Self {
        Env { pool, t: t.clone() }
    }
}
