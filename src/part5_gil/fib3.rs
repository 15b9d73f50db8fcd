//! fib3.py: the same test, with each generator driven start to end by one blocking thread.
//!
//! ```python
//! def run_inline_thread(gen):
//!     value = None
//!     exc = None
//!     while True:
//!         try:
//!             if exc:
//!                 fut = gen.throw(exc)
//!             else:
//!                 fut = gen.send(value)
//!             try:
//!                 value = fut.result()
//!                 exc = None
//!             except Exception as e:
//!                 exc = e
//!         except StopIteration as exc:
//!             return exc.value
//!
//! # fib and compute_fibs as in fib1.py
//! pool = ProcessPoolExecutor(4)
//! thread_pool = ThreadPoolExecutor(8)
//!
//! start = time.time()
//! result = thread_pool.submit(run_inline_thread, compute_fibs(34)).result()
//! result = thread_pool.submit(run_inline_thread, compute_fibs(34)).result()
//! end = time.time()
//! print("Sequential:", end - start)
//!
//! start = time.time()
//! t1 = thread_pool.submit(run_inline_thread, compute_fibs(34))
//! t2 = thread_pool.submit(run_inline_thread, compute_fibs(34))
//! result1 = t1.result()
//! result2 = t2.result()
//! end = time.time()
//! print("Parallel:", end - start)
//! ```
//!
//! No Task and no callback: [`run_inline_thread`] drives a generator the blocking way, sending in each result
//! (or throwing in each error) after waiting for it. The generator is the same `compute_fibs` as in fib1 and
//! fib2: it cannot tell who drives it. Control flow never changes threads; each generator lives and dies on one
//! thread of the second pool, which blocks in `fut.result()` while its `fib` runs in the first. The price is a
//! thread per generator, the thing inlined futures set out to avoid; Beazley's point is that the same generator
//! works with both drivers.
//!
//! What Rust makes explicit:
//!
//! - **The generator is built on the thread that drives it.** Python builds `compute_fibs(34)` on the main
//!   thread and hands the generator object to a pool thread. A corosensei coroutine is never `Send`, so on the
//!   stackful backend that cannot compile: the pool thread receives the *recipe* instead, a `Send` closure that
//!   makes the generator ([`ComputeFibs`]), and builds it there. For symmetry all three backends do the same,
//!   although the native and stackless generators could travel.
//! - **`send` or `throw`.** Python keeps two variables, `value` and `exc`, and a `try` around `fut.result()`.
//!   Here `fut.result()` already is an [`Outcome`] (the value or the error), and the loop resumes the generator
//!   with `send` or `throw` according to which it is: the same logic as the Task's `step`, in a loop.
//! - **Which thread runs each step** (`--show-threads`, on stderr): always the same one per generator, a
//!   `thread-k` of the second pool; the `fib` jobs run on the first pool's `pool-k` threads.
//!
//! Deviations: as fib2 (threads, not processes; the house timing form; the `Speedup` line; `--n`, default 34, at
//! most [`MAX_N`](super::MAX_N)).
#![doc = include_str!(concat!(env!("OUT_DIR"), "/output/fib3.md"))]

use std::time::Instant;

use super::{ComputeFibs, GilError, ShowThreads, check_n, native, speedup, stackful, stackless};
use crate::backend::Backend;
use crate::futures::Env;
use crate::futures::future::{JobError, Outcome};
use crate::futures::pool::Pool;
use crate::futures::task::Body;
use crate::futures::value::Value;
use crate::generator::{Step, Throw};
use crate::transcript::Transcript;

/// The original's `compute_fibs(34)`.
pub const DEFAULT_N: u32 = 34;

/// Python's `run_inline_thread(gen)`: drive `generator` to its end on this thread, blocking on each future.
pub fn run_inline_thread<G: Body<Value>>(mut generator: G) -> Outcome<Value> {
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

/// Python's `thread_pool.submit(run_inline_thread, compute_fibs(n))`, as a job that builds the generator on the
/// pool thread that runs it (see the module docs).
fn inline_thread<G: Body<Value>>(
    compute_fibs: impl ComputeFibs<G>,
    n: u32,
    show: ShowThreads,
) -> impl FnOnce(&Transcript) -> Outcome<Value> + Send + 'static {
    move |_| run_inline_thread(compute_fibs(n, show).map_err(JobError::raised)?)
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
    match backend {
        Backend::Native => main(t, n, show, move |n, show| Ok(native::compute_fibs(env.clone(), n, show))),
        Backend::Stackless => main(t, n, show, move |n, show| Ok(stackless::compute_fibs(env.clone(), n, show))),
        Backend::Stackful => main(t, n, show, move |n, show| stackful::compute_fibs(env.clone(), n, show)),
    }
}

/// The original's main program: two generators driven one after the other, then two at once, on the second pool.
fn main<G: Body<Value>>(
    t: &Transcript,
    n: u32,
    show: ShowThreads,
    compute_fibs: impl ComputeFibs<G>,
) -> Result<(), GilError> {
    let thread_pool = Pool::named("thread", 8, t)?;
    let run_inline_thread = |task| inline_thread(compute_fibs.clone(), n, show.task(task));

    let start = Instant::now();
    thread_pool.submit(run_inline_thread(1)).result()?;
    thread_pool.submit(run_inline_thread(2)).result()?;
    let sequential = start.elapsed();
    t.timing("Sequential", sequential);

    let start = Instant::now();
    let t1 = thread_pool.submit(run_inline_thread(3));
    let t2 = thread_pool.submit(run_inline_thread(4));
    t1.result()?;
    t2.result()?;
    let parallel = start.elapsed();
    t.timing("Parallel", parallel);

    t.ratio("Speedup", speedup(sequential, parallel));
    Ok(())
}
