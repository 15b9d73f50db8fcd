//! simplefuture.py: a thread pool, and the three ways to get at a future's result.
//!
//! No generator yet: this sample runs on plain threads. It introduces the two pieces every later sample uses,
//! [`Pool`] (Python's `ThreadPoolExecutor(max_workers=8)`) and [`PoolFuture`].
//! `func(x, y)` sleeps 5 s and returns `x + y`:
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/simplefuture/func.md"))]
//! Three ways to use its future, run in this order: block on `result()` (`example1`);
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/simplefuture/example1.md"))]
//! block on a job that fails, whose exception `result()` raises again (`example2`);
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/simplefuture/example2.md"))]
//! and attach a done-callback, `result_handler`, which prints the result when the job is done (`example3`). The
//! program ends when the pool's threads do, so the callback's line comes last, 5 s after `example3` returned:
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/simplefuture/result_handler.md"))]
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/simplefuture/example3.md"))]
//! What Rust makes explicit:
//!
//! - `2 + 'Hello'` does not compile in Rust, so the failing job takes [`Value`]s, whose types are only known at
//!   run time; [`add`] raises CPython's `TypeError` with CPython's message, so the `Whoops:` line is the same in
//!   both languages, truthfully: the Python twin prints the real CPython exception.
//! - `result()` returns a `Result`: the error is a value the caller must look at, not an exception that flies.
//! - The pool is not a global: the examples take it as an argument, with the transcript they print on.
//! - Python waits for the pool at interpreter exit, so the callback's line is printed before the program ends;
//!   here dropping the pool is that wait (it joins the workers, after they have run every submitted job).
//!
//! ## Deviations
//!
//! - The failing job's arguments are [`Value`]s (see above); the port's `func` is the same function for both.
//! - The twin's pool is `python/pool.py`'s `ThreadPoolExecutor`, whose jobs sleep on the pool's clock (see
//!   [`crate::concurrent::pool`]); here nothing runs at the same instant, so the clock changes nothing but the way
//!   sleeps are counted. It waits for its jobs at exit, as the interpreter waits for the real pool's threads.
#![doc = include_str!(concat!(env!("OUT_DIR"), "/output/simplefuture.md"))]

use std::time::Duration;

use crate::concurrent::FuturesError;
use crate::concurrent::future::{JobError, JobResult, PoolFuture};
use crate::concurrent::pool::Pool;
use crate::concurrent::value::{Value, add};
use crate::transcript::Transcript;

/// Python's `func(x, y)`: sleep 5 s, return `x + y` (or raise `TypeError`).
fn func(x: impl Into<Value>, y: impl Into<Value>) -> impl FnOnce(&Transcript) -> JobResult<Value> + Send + 'static {
    let (x, y) = (x.into(), y.into());
    move |t| {
        t.sleep(Duration::from_secs(5))?;
        add(&x, &y).map_err(JobError::raised)
    }
}

/// Block for the result.
fn example1(pool: &Pool, t: &Transcript) -> Result<(), FuturesError> {
    let fut = pool.submit(func(2, 3));
    let r = fut.result()?;
    t.line(format!("Got: {r}"));
    Ok(())
}

/// The job fails; `result()` hands its error back.
fn example2(pool: &Pool, t: &Transcript) {
    let fut = pool.submit(func(2, "Hello"));
    match fut.result() {
        Ok(r) => t.line(format!("Got: {r}")),
        Err(e) => t.line(format!("Whoops: {e}")),
    }
}

/// The done-callback: runs on the pool thread that finishes the job.
fn result_handler(t: &Transcript, fut: &PoolFuture<Value>) {
    match fut.result() {
        Ok(r) => t.line(format!("Got: {r}")),
        Err(e) => t.line(format!("Whoops: {e}")),
    }
}

/// Be called back.
fn example3(pool: &Pool, t: &Transcript) {
    let fut = pool.submit(func(2, 3));
    let t = t.clone();
    fut.add_done_callback(move |fut| result_handler(&t, fut));
}

/// Runs simplefuture.py: `example1()`, `example2()`, `example3()`, then waits for the pool.
pub fn run(t: &Transcript) -> Result<(), FuturesError> {
    let pool = Pool::new(8, t)?;
    example1(&pool, t)?;
    example2(&pool, t);
    example3(&pool, t);
    // Python's interpreter waits for the pool's threads at exit; dropping the pool waits for them here.
    drop(pool);
    Ok(())
}
