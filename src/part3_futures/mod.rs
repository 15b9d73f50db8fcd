//! Part 3 of the tutorial: futures, and generators that yield them ("inlined futures").
//!
//! Shared by every sample here and in part 4:
//!
//! - [`pool`]: a thread pool whose `submit` returns a [`future::Future`];
//! - [`future`]: concurrent.futures' `Future` (blocking `result()`, errors that propagate, done-callbacks);
//! - [`home`]: where stackful Tasks wait, since their coroutines cannot be resumed on a pool thread;
//! - [`value`]: Python's dynamically typed values, so that a job can fail with `TypeError` at run time;
//! - [`jobs`]: the jobs the inline samples submit (`func(x, y)`, `time.sleep`).
//!
//! The samples, in the tutorial's order. Each keeps its own small `Task`: the Task's evolution is the content.
//!
//! - [`simplefuture`]: the pool and the Future alone, no generator;
//! - [`inline1`]: a Task sends each result back into the generator from a done-callback;
//! - [`inline2`]: the Task throws a failed job's error in at the `yield`;
//! - [`inline_recursive`]: tasks that start tasks, forever in Python, without growing the stack.

pub mod future;
pub mod home;
pub mod inline1;
pub mod inline2;
pub mod inline_recursive;
pub mod jobs;
pub mod pool;
pub mod simplefuture;
pub mod value;

/// What parts 3 and 4 can fail with.
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
    /// An inlined future (a Task) finished with an error nobody caught.
    #[error("a task failed: {0}")]
    Task(#[from] future::JobError),
}
