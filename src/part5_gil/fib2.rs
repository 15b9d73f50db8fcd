//! fib2.py: two inlined futures at once. Twice as fast? `fib` and `compute_fibs` are fib1's; the twin's main
//! program:
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/fib2/main.md"))]
//! "Sequential" runs one `compute_fibs` to its end, then another. "Parallel" starts both Tasks, then waits for
//! both: each generator still submits one `fib` at a time, but two are in flight, one per Task, on two cores.
//! With a process pool CPython gets close to 2x on two cores, because `fib` runs outside the interpreter that
//! holds the GIL. Rust's pool is threads, and gets the same ([the part](super) says what keeps it under 2x).
//!
//! What Rust makes explicit:
//!
//! - **Waiting for a Task.** `t1.result()` is [`result`], the
//!   runner's [`wait`](crate::concurrent::wakeup::Runner::wait): on native and stackless a blocking `result()`, as in
//!   Python; on stackful the two Tasks are parked on the home thread, which must serve their wake-ups itself
//!   while it waits for `t1` (blocking would deadlock), so `t2` goes on advancing meanwhile, exactly as it does
//!   on the pool threads.
//! - **Which thread runs each step** (`--show-threads`, on stderr): native and stackless hop between pool
//!   threads, both Tasks interleaved; stackful stays on its home thread, whichever Task it resumes.
//!
//! ## Deviations
//!
//! - The port's pool is threads, not processes (the twin keeps the original's `ProcessPoolExecutor(4)`).
//! - Timings print as `Sequential: 1.234567s` (the house form, redacted as `[elapsed]` in the snapshot) where
//!   the original prints the bare float; one line the original does not print, `Speedup: 1.89x` (Sequential /
//!   Parallel, redacted as `[ratio]`), says the result in one number.
//! - `--n` (default 34, at most [`MAX_N`](super::MAX_N)) sets `n`, through the twin's `main(n=34)`, which wraps
//!   the original's top-level program; `--show-threads` as in [`fib1`](super::fib1).
#![doc = include_str!(concat!(env!("OUT_DIR"), "/output/fib2.md"))]

use std::time::Instant;

use super::{ComputeFibs, GilError, ShowThreads, check_n, native, speedup, stackful, stackless};
use crate::backend::Backend;
use crate::concurrent::Env;
use crate::concurrent::pool::Pool;
use crate::concurrent::task::Body;
use crate::concurrent::value::Value;
use crate::concurrent::wakeup::{Home, OnPoolThreads, ResumeOn};
use crate::part4_yield_from::inline_future::{Task, result, run_inline_future, start_inline_future};
use crate::trace::{Traced, traced_each};
use crate::transcript::Transcript;

/// The original's `compute_fibs(34)`.
pub const DEFAULT_N: u32 = 34;

/// Runs fib2.py on one backend: `Sequential`, `Parallel` and `Speedup`.
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
        Backend::Native => {
            program(t, on_pool(), n, show, move |n, show| Ok(native::compute_fibs(env.clone(), n, show)))
        }
        Backend::Stackless => {
            program(t, on_pool(), n, show, move |n, show| Ok(stackless::compute_fibs(env.clone(), n, show)))
        }
        Backend::Stackful => {
            program(t, Home::current(), n, show, move |n, show| stackful::compute_fibs(env.clone(), n, show))
        }
    }
}

/// The original's main program: two `compute_fibs(n)` one after the other, then two at once, each timed.
fn program<W, G: Body<Value>>(
    t: &Transcript,
    wake: W,
    n: u32,
    show: ShowThreads,
    compute_fibs: impl ComputeFibs<G>,
) -> Result<(), GilError>
where
    W: ResumeOn<Task<Traced<G>, W>>,
{
    let start = Instant::now();
    run_inline_future(traced_each("compute_fibs", compute_fibs(n, show.task(1))?), wake.clone())?;
    run_inline_future(traced_each("compute_fibs", compute_fibs(n, show.task(2))?), wake.clone())?;
    let sequential = start.elapsed();
    t.timing("Sequential", sequential);

    let start = Instant::now();
    let t1 = start_inline_future(traced_each("compute_fibs", compute_fibs(n, show.task(3))?), wake.clone());
    let t2 = start_inline_future(traced_each("compute_fibs", compute_fibs(n, show.task(4))?), wake.clone());
    result(&t1, &wake)?;
    result(&t2, &wake)?;
    let parallel = start.elapsed();
    t.timing("Parallel", parallel);

    t.ratio("Speedup", speedup(sequential, parallel));
    Ok(())
}
