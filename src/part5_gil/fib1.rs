//! fib1.py: an inlined future that does real work, one `fib(i)` job after another. The twin, whose `program` is the
//! original's top-level program:
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/fib1.md"))]
//! The generator reads like a plain loop that calls `fib`, yet every `fib(i)` runs in the pool, and between two
//! of them no thread waits for this generator: the Task resumes it when the job is done. `compute_fibs` returns
//! its list, which becomes the Task's result, which `run_inline_future` hands back (inline_future's design, here
//! doing CPU work).
//!
//! What Rust makes explicit:
//!
//! - **Which thread runs each step** (`--show-threads` prints it, on stderr). Native and stackless: the pool
//!   thread that finished `fib(i - 1)` resumes the generator in its done-callback, so the steps run on pool
//!   threads, as in Python, whose process pool resumes it on its result thread: the "weird thread switching" the
//!   original invites you to uncomment. Often it is one worker throughout: the one whose callback submitted the
//!   next job takes that job itself before a sleeping worker wakes up. And a job that is already done when the
//!   generator asks for it (the first `fib`s take nanoseconds) is not waited for at all: the future's `iter`
//!   returns its result without yielding, and the step runs on where the last one ran, `program` included.
//!   Stackful: the coroutine is not `Send`, so every step runs on its home, the thread that called
//!   `run_inline_future`, which serves the wake-ups while it waits.
//! - **The list's type.** Python's `result` holds whatever `fib` returns; here the job returns a [`Value`], the
//!   list is a `Value::List`, and `print(result)` is its `Display`, which prints as Python prints a list.
//!
//! ## Deviations
//!
//! - The port's pool is threads, not processes: Rust has no GIL to side-step (see [the part](super)). The twin
//!   keeps the original's `ProcessPoolExecutor(4)`.
//! - `--n` (default 35, at most [`MAX_N`](super::MAX_N)) sets `n`: the twin's `main(n=35)` wraps the original's
//!   top-level program so that its plumbing can pass it. `--show-threads` prints what the original's
//!   commented-out `print(threading.current_thread())` would; the twin's plumbing does it by wrapping the pool,
//!   so that `compute_fibs` stays as written.
#![doc = include_str!(concat!(env!("OUT_DIR"), "/output/fib1.md"))]

use super::{GilError, ShowThreads, check_n, native, stackful, stackless};
use crate::backend::Backend;
use crate::concurrent::Env;
use crate::concurrent::pool::Pool;
use crate::concurrent::task::Body;
use crate::concurrent::value::Value;
use crate::concurrent::wakeup::{Home, OnPoolThreads, ResumeOn};
use crate::part4_yield_from::inline_future::{Task, run_inline_future};
use crate::trace::{Traced, traced};
use crate::transcript::Transcript;

/// The original's `compute_fibs(35)`.
pub const DEFAULT_N: u32 = 35;

/// Runs fib1.py on one backend: prints the list `[fib(0), ..., fib(n - 1)]`.
///
/// # Errors
///
/// [`GilError::TooLarge`] for `n` beyond [`MAX_N`](super::MAX_N); a pool thread or a coroutine stack the OS
/// refused; the run stopped (Ctrl-C, a closed stdout).
pub fn run(t: &Transcript, backend: Backend, n: u32, show_threads: bool) -> Result<(), GilError> {
    let n = check_n(n)?;
    let pool = Pool::new(4, t)?;
    let env = Env::new(pool.handle(), t);
    let show = ShowThreads::new(show_threads);
    let on_pool = || OnPoolThreads::new(pool.handle());
    match backend {
        Backend::Native => program(t, on_pool(), native::compute_fibs(env, n, show)),
        Backend::Stackless => program(t, on_pool(), stackless::compute_fibs(env, n, show)),
        Backend::Stackful => program(t, Home::current(), stackful::compute_fibs(env, n, show)?),
    }
}

/// The original's main program: `result = run_inline_future(compute_fibs(35))`, `print(result)`.
fn program<W, G: Body<Value>>(t: &Transcript, wake: W, compute_fibs: G) -> Result<(), GilError>
where
    W: ResumeOn<Task<Traced<G>, W>>,
{
    let result = run_inline_future(traced("compute_fibs", compute_fibs), wake)?;
    t.line(result);
    Ok(())
}
