//! Part 5 of the tutorial: the GIL, and inlined futures that do real work in parallel.
//!
//! - [`fib1`]: `compute_fibs(35)`, one `fib(i)` job after another, driven by inline_future's Task;
//! - [`fib2`]: two `compute_fibs(34)` one after the other, then two at once: is it twice as fast?
//! - [`fib3`]: the same test, but in Parallel each generator is driven start to end by one blocking thread.
//!
//! # What Python needed processes for
//!
//! `fib` is pure CPU work. CPython runs Python code on one thread at a time: a thread must hold the Global
//! Interpreter Lock to run bytecode, so a `ThreadPoolExecutor` running `fib` jobs runs them one at a time, however
//! many cores there are (and a little slower than one thread, for the lock's hand-offs). Beazley's samples submit
//! `fib` to a `ProcessPoolExecutor`: each worker is a process with its own interpreter and its own GIL, the argument
//! and the result are pickled through a pipe, and two `fib`s really do run on two cores. The generators and their
//! Tasks stay in the main process, where they only wait; the GIL is side-stepped, not removed. The samples' point
//! is that inlined futures do not care: `yield from pool.submit(fib, i)` reads the same whatever the pool is.
//!
//! # What changes in Rust
//!
//! There is no GIL: the pool is threads ([`Pool`](crate::concurrent::pool::Pool), 4 workers as in the originals),
//! `fib` runs on them in parallel, and nothing is pickled (a job is a closure, its result a [`Value`] handed over
//! in memory). So fib2's "Parallel" should take half of "Sequential" on two free cores. What still keeps the
//! measured speedup under 2 on this 2-core machine:
//!
//! - the two computations need both cores for the whole run, and get them only if nothing else wants them: the
//!   machine is shared (other processes, other builds), and any time a core spends elsewhere comes off the
//!   speedup;
//! - the 4 fib workers contend for 2 cores: each `compute_fibs` has one job in flight at a time, so at most two
//!   workers compute, but which two changes at every step, and a job handed to a sleeping worker waits for the
//!   OS to wake it (microseconds per step, ~35 steps per run; the bench measures it);
//! - the main thread is a third runnable thread: it waits, but on the stackful backend it resumes every step
//!   (the Tasks live there), and in fib3 two more threads block in `fut.result()` and wake at every step;
//! - each `compute_fibs` is a chain: its last job, `fib(n - 1)`, is 38% of its work and cannot start before the
//!   one before it ends. Two chains in parallel finish together only if both always have a core.
//!
//! `cargo bench --bench fib` measures the same lists against a plain loop on one thread, and against two plain
//! loops on two threads (the limit of "Parallel").
//!
//! # Said once
//!
//! Each original file defines its own `fib` and its own `compute_fibs` (Python copies them from file to file).
//! Here they live once, in this module, with the three backend bodies of `compute_fibs` side by side; the
//! samples differ only in how they drive them. The Task, `start_inline_future`, `run_inline_future` and the
//! future's `iter` are imported from [`inline_future`], as the Python files import them.
//!
//! `--show-threads` ([`ShowThreads`]) prints, on stderr, which thread resumes each generator at each step: the
//! originals' commented-out `print(threading.current_thread())  # Uncomment to see weird thread switching`.

pub mod fib1;
pub mod fib2;
pub mod fib3;

use std::io::{self, Write};

use crate::backend::stackful::StackError;
use crate::concurrent::future::{JobError, JobResult};
use crate::concurrent::task::{Body, TaskCo, TaskYielder};
use crate::concurrent::value::Value;
use crate::concurrent::{Env, FuturesError};
use crate::part4_yield_from::inline_future;
use crate::transcript::Transcript;

/// The largest `n` accepted. Naive `fib` does 1.6 times more work per step of `n`: in a release build on this
/// machine `compute_fibs(45)` takes about 2.5 s of CPU (fib2 and fib3 run it four times per backend),
/// `compute_fibs(50)` would take half a minute and `compute_fibs(60)` an hour (CPython: days). Nothing is learnt
/// beyond, so a larger `n` is refused rather than left to run. (`fib(92)` is the last that fits in 64 bits.)
pub const MAX_N: u32 = 45;

/// What the part 5 samples can fail with.
#[derive(Debug, thiserror::Error)]
pub enum GilError {
    /// `n` beyond [`MAX_N`].
    #[error(
        "n = {0} is too large: at most {MAX_N} (naive fib's work grows 1.6 times per step of n: compute_fibs({MAX_N}) \
         takes seconds in a release build, compute_fibs(60) an hour)"
    )]
    TooLarge(u32),
    /// The pool, a Task or a coroutine stack failed, or the run was stopped.
    #[error(transparent)]
    Futures(#[from] FuturesError),
}

impl From<JobError> for GilError {
    fn from(error: JobError) -> Self {
        GilError::Futures(error.into())
    }
}

impl From<StackError> for GilError {
    fn from(error: StackError) -> Self {
        GilError::Futures(error.into())
    }
}

/// `n` if it is at most [`MAX_N`].
///
/// # Errors
///
/// [`GilError::TooLarge`] beyond.
pub fn check_n(n: u32) -> Result<u32, GilError> {
    if n <= MAX_N { Ok(n) } else { Err(GilError::TooLarge(n)) }
}

/// Python's `fib(n)`: `1 if n <= 2 else fib(n-1) + fib(n-2)`, naive on purpose (the CPU-bound work of part 5).
pub fn fib(n: u32) -> i64 {
    if n <= 2 { 1 } else { fib(n - 1) + fib(n - 2) }
}

/// Python's `pool.submit(fib, i)` is `pool.submit(fib_job(i))`. The job computes `fib(i)`, unless the run was
/// stopped meanwhile: a started `fib` cannot be cut short, so a stopped run stops at the next job.
pub fn fib_job(i: u32) -> impl FnOnce(&Transcript) -> JobResult<Value> + Send + 'static {
    move |t| {
        t.check()?;
        Ok(Value::Int(fib(i)))
    }
}

/// The list `compute_fibs(n)` returns, made by a plain loop on the calling thread: no generator, no pool, no
/// Task. The limit the benchmark measures the others against.
pub fn fibs(n: u32) -> Value {
    Value::List((0..n).map(|i| Value::Int(fib(i))).collect())
}

/// `--show-threads`: which thread resumes a `compute_fibs` generator at each step, printed on stderr (outside the
/// transcript: which pool thread runs a step differs from run to run). Off by default.
#[derive(Debug, Clone, Copy)]
pub struct ShowThreads {
    on: bool,
    task: u32,
}

impl ShowThreads {
    /// For the generator numbered 1; prints only if `on`.
    pub fn new(on: bool) -> Self {
        ShowThreads { on, task: 1 }
    }

    /// The same setting, for the generator numbered `task` (fib2 and fib3 make four).
    pub fn task(self, task: u32) -> Self {
        ShowThreads { task, ..self }
    }

    /// The originals' `print(threading.current_thread())`, as `compute_fibs(34) #1: step 5 on pool-2`.
    fn step(self, n: u32, i: u32) {
        if self.on {
            let thread = std::thread::current();
            let name = thread.name().unwrap_or("an unnamed thread");
            // Diagnostics only: a stderr that cannot be written is no reason to stop the run.
            let _ = writeln!(io::stderr(), "compute_fibs({n}) #{}: step {i} on {name}", self.task);
        }
    }
}

/// Python's `compute_fibs` as a value (fib2 and fib3 call it four times): given `n`, it makes a generator. It is
/// `Send`, so that fib3 can hand it to the thread that will drive the generator: a stackful generator may not
/// travel between threads, its recipe may.
pub trait ComputeFibs<G>: Fn(u32, ShowThreads) -> Result<G, StackError> + Clone + Send + 'static {}
impl<G, F: Fn(u32, ShowThreads) -> Result<G, StackError> + Clone + Send + 'static> ComputeFibs<G> for F {}

// The originals mark `compute_fibs` with `@inlined_future`, which only checks that it is a generator function;
// here its return type, `impl Body<Value>`, says so, and the compiler checks it.

/// Native: the future's `iter` is delegated to with [`yield_from!`](crate::yield_from).
pub mod native {
    use super::*;
    use crate::backend::native::Native;
    use crate::yield_from;

    use inline_future::native::iter;

    /// `compute_fibs(n)`: `val = yield from pool.submit(fib, i)` for each `i`, then `return result`.
    pub fn compute_fibs(env: Env, n: u32, show: ShowThreads) -> impl Body<Value> {
        Native::new(
            #[coroutine]
            move |_start: JobResult<Value>| {
                let mut result = Vec::new();
                for i in 0..n {
                    show.step(n, i);
                    let val = yield_from!(iter(env.pool.submit(fib_job(i))), Ok(Value::None))?;
                    result.push(val);
                }
                Ok(Value::List(result))
            },
        )
    }
}

/// Stackless: the future's `iter` is `.await`ed on the Task's `Co`.
pub mod stackless {
    use super::*;
    use crate::backend::stackless::Stackless;

    use inline_future::stackless::iter;

    /// `compute_fibs(n)`: `val = yield from pool.submit(fib, i)` for each `i`, then `return result`.
    pub fn compute_fibs(env: Env, n: u32, show: ShowThreads) -> impl Body<Value> {
        Stackless::sync(move |co: TaskCo| async move {
            let mut result = Vec::new();
            for i in 0..n {
                show.step(n, i);
                let val = iter(&co, env.pool.submit(fib_job(i))).await?;
                result.push(val);
            }
            Ok(Value::List(result))
        })
    }
}

/// Stackful: the future's `iter` is a call with the Task's `Yielder`.
pub mod stackful {
    use super::*;
    use crate::backend::stackful::Stackful;

    use inline_future::stackful::iter;

    /// `compute_fibs(n)`: `val = yield from pool.submit(fib, i)` for each `i`, then `return result`.
    pub fn compute_fibs(env: Env, n: u32, show: ShowThreads) -> Result<impl Body<Value>, StackError> {
        Stackful::new(move |yielder: &TaskYielder| {
            let mut result = Vec::new();
            for i in 0..n {
                show.step(n, i);
                let val = iter(yielder, env.pool.submit(fib_job(i)))?;
                result.push(val);
            }
            Ok(Value::List(result))
        })
    }
}

/// Seconds over seconds, for the `Speedup` line: never a division by zero.
fn speedup(sequential: std::time::Duration, parallel: std::time::Duration) -> f64 {
    sequential.as_secs_f64() / parallel.as_secs_f64().max(1e-9)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fib_is_the_originals() {
        let firsts: Vec<i64> = (0..8).map(fib).collect();
        assert_eq!(firsts, [1, 1, 1, 2, 3, 5, 8, 13]);
        assert_eq!(fib(34), 5_702_887);
        assert_eq!(fibs(4).to_string(), "[1, 1, 1, 2]");
    }

    #[test]
    fn n_is_capped() {
        assert!(check_n(MAX_N).is_ok());
        assert!(check_n(0).is_ok(), "compute_fibs(0) is Python's []");
        let message = check_n(MAX_N + 1).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.starts_with(&format!("n = {} is too large: at most {MAX_N}", MAX_N + 1)), "{message}");
    }
}
