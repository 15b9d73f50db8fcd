//! fib3.py: the same test, but Parallel drives each generator start to end on a thread of its own. `fib` and
//! `compute_fibs` are fib1's; the new piece is a blocking driver:
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/fib3/run_inline_thread.md"))]
//! and the main program, whose Sequential is fib2's (the callback Task, `run_inline_future` twice) and whose
//! Parallel hands the two generators to a second pool, `tpool`, of 8 threads:
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/fib3/main.md"))]
//! No Task and no callback in Parallel: [`run_inline_thread`] sends in each result (or throws in each error)
//! after waiting for it. The generator is the same `compute_fibs` as in Sequential: it cannot tell who drives it.
//! In Parallel control flow never changes threads; each generator lives and dies on one `tpool` thread, which
//! blocks in `fut.result()` while its `fib` runs in the first pool. The price is a thread per generator, the
//! thing inlined futures set out to avoid; Beazley's point is that the same generator works with both drivers,
//! and the two timings compare them.
//!
//! What Rust makes explicit:
//!
//! - **The generator is built on the thread that drives it.** Python builds `compute_fibs(34)` on the main
//!   thread and hands the generator object to a `tpool` thread. A corosensei coroutine is never `Send`, so on
//!   the stackful backend that cannot compile: the `tpool` thread receives the *recipe* instead, a `Send`
//!   closure that makes the generator ([`ComputeFibs`]), and builds it there. For symmetry all three backends do
//!   the same, although the native and stackless generators could travel.
//! - **`send` or `throw`.** Python keeps two variables, `value` and `exc`, and a `try` around `fut.result()`.
//!   Here `fut.result()` already is an [`JobResult`] (the value or the error), and the loop resumes the generator
//!   with `send` or `throw` according to which it is: the same logic as the Task's `step`, in a loop.
//! - **Which thread runs each step** (`--show-threads`, on stderr): in Sequential as in fib2 (pool threads on
//!   native and stackless, the home thread on stackful); in Parallel always the same one per generator, a
//!   `tpool-k` thread, whatever the backend.
//!
//! ## Deviations
//!
//! As fib2: the port's pool is threads, not processes (the twin keeps the original's `ProcessPoolExecutor(4)`);
//! the house timing form; the `Speedup` line; `--n` (default 34, at most [`MAX_N`](super::MAX_N)) through the
//! twin's `main(n=34)`; `--show-threads` as in [`fib1`](super::fib1).
#![doc = include_str!(concat!(env!("OUT_DIR"), "/output/fib3.md"))]

use std::time::Instant;

use super::{ComputeFibs, GilError, ShowThreads, check_n, native, speedup, stackful, stackless};
use crate::backend::Backend;
use crate::concurrent::Env;
use crate::concurrent::future::{JobError, JobResult};
use crate::concurrent::pool::Pool;
use crate::concurrent::task::Body;
use crate::concurrent::value::Value;
use crate::concurrent::wakeup::{Home, OnPoolThreads, ResumeOn};
use crate::generator::{Step, Throw};
use crate::part4_yield_from::inline_future::{Task, run_inline_future};
use crate::trace::{Traced, traced_each};
use crate::transcript::Transcript;

/// The original's `compute_fibs(34)`.
pub const DEFAULT_N: u32 = 34;

/// Python's `run_inline_thread(gen)`: drive `generator` to its end on this thread, blocking on each future.
pub fn run_inline_thread<G: Body<Value>>(mut generator: G) -> JobResult<Value> {
    let mut sent = Ok(Value::None);
    loop {
        let step = match sent {
            Ok(value) => generator.send(value),
            Err(error) => generator.throw(error),
        };
        match step {
            Step::Yield(fut) => sent = fut.result(),
            Step::Return(outcome) => return outcome,
        }
    }
}

/// Python's `tpool.submit(run_inline_thread, compute_fibs(n))`, as a job that builds the generator on the
/// thread that runs it (see the module docs).
fn inline_thread<G: Body<Value>>(
    compute_fibs: impl ComputeFibs<G>,
    n: u32,
    show: ShowThreads,
) -> impl FnOnce(&Transcript) -> JobResult<Value> + Send + 'static {
    move |_| run_inline_thread(traced_each("compute_fibs", compute_fibs(n, show).map_err(JobError::raised)?))
}

/// Runs fib3.py on one backend: `Sequential`, `Parallel` and `Speedup`.
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

/// The original's main program: Sequential as fib2's (two Tasks, one after the other); Parallel on `tpool`, each
/// generator driven by `run_inline_thread` on a thread of its own.
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
    run_inline_future(traced_each("compute_fibs", compute_fibs(n, show.task(2))?), wake)?;
    let sequential = start.elapsed();
    t.timing("Sequential", sequential);

    let tpool = Pool::named("tpool", 8, t)?;
    let start = Instant::now();
    let t1 = tpool.submit(inline_thread(compute_fibs.clone(), n, show.task(3)));
    let t2 = tpool.submit(inline_thread(compute_fibs, n, show.task(4)));
    t1.result()?;
    t2.result()?;
    let parallel = start.elapsed();
    t.timing("Parallel", parallel);

    t.ratio("Speedup", speedup(sequential, parallel));
    Ok(())
}
