//! simplefuture.py: a thread pool, and the three ways to get at a future's result.
//!
//! ```python
//! def func(x, y):
//!     time.sleep(5)
//!     return x + y
//!
//! pool = ThreadPoolExecutor(8)
//! fut = pool.submit(func, 2, 3)
//! print('Got:', fut.result())            # 1. block for it
//! fut = pool.submit(func, 2, 'Hello')
//! try:
//!     fut.result()                       # 2. the job's exception comes back out of result()
//! except Exception as e:
//!     print('Whoops:', e)
//! fut = pool.submit(func, 2, 3)
//! fut.add_done_callback(lambda f: print('Got:', f.result()))   # 3. be called back
//! ```
//!
//! No generator yet: this sample runs on plain threads. It introduces the two pieces every later sample uses,
//! [`Pool`] and [`Future`](crate::futures::future::Future).
//!
//! What Rust makes explicit:
//!
//! - `2 + 'Hello'` does not compile in Rust, so the failing job takes [`Value`]s, whose types are only known at
//!   run time; [`add`] raises CPython's `TypeError` with CPython's message, so the `Whoops:` line is the same in
//!   both languages, truthfully: the Python twin prints the real CPython exception.
//! - `result()` returns a `Result`: the error is a value the caller must look at, not an exception that flies.
//! - Python waits for the pool at interpreter exit, so the callback's line is printed before the program ends;
//!   here dropping the pool is that wait (it joins the workers, after they have run every submitted job).
#![doc = include_str!(concat!(env!("OUT_DIR"), "/output/simplefuture.md"))]

use std::time::Duration;

use crate::futures::FuturesError;
use crate::futures::future::{JobError, Outcome};
use crate::futures::pool::Pool;
use crate::futures::value::{Value, add};
use crate::transcript::Transcript;

/// Python's `func(x, y)`: sleep 5 s, return `x + y` (or raise `TypeError`).
fn func(x: impl Into<Value>, y: impl Into<Value>) -> impl FnOnce(&Transcript) -> Outcome<Value> + Send + 'static {
    let (x, y) = (x.into(), y.into());
    move |t| {
        t.sleep(Duration::from_secs(5))?;
        add(&x, &y).map_err(JobError::raised)
    }
}

/// Runs simplefuture.py.
pub fn run(t: &Transcript) -> Result<(), FuturesError> {
    let pool = Pool::new(8, t)?;

    // 1. Block for the result.
    let fut = pool.submit(func(2, 3));
    t.line(format!("Got: {}", fut.result()?));

    // 2. The job fails; `result()` hands its error back.
    let fut = pool.submit(func(2, "Hello"));
    match fut.result() {
        Ok(r) => t.line(format!("Got: {r}")),
        Err(e) => t.line(format!("Whoops: {e}")),
    }

    // 3. Be called back, on the pool thread that finishes the job.
    let fut = pool.submit(func(2, 3));
    let printer = t.clone();
    fut.add_done_callback(move |f| match f.result() {
        Ok(r) => printer.line(format!("Got: {r}")),
        Err(e) => printer.line(format!("Whoops: {e}")),
    });

    // Python's interpreter waits for the pool's threads at exit; dropping the pool waits for them here.
    drop(pool);
    Ok(())
}
