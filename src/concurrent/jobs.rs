//! The jobs the samples submit to the pool, written once: `pool.submit(func(x, y))` reads like Python's
//! `pool.submit(func, x, y)`. A job is a closure the pool calls with the run's [`Transcript`], through which it
//! sleeps (scaled, cut short when the run is stopped, and on the pool's clock: see [`super::pool`]). simplefuture keeps its own `func`: the original's
//! sleeps 5 s there.

use std::time::Duration;

use super::future::{JobError, JobResult};
use super::value::{Value, add};
use crate::transcript::Transcript;

/// Python's `func(x, y)`: sleep 1 s, return `x + y` (or fail with `TypeError`).
pub fn func(x: impl Into<Value>, y: impl Into<Value>) -> impl FnOnce(&Transcript) -> JobResult<Value> + Send + 'static {
    let (x, y) = (x.into(), y.into());
    move |t| {
        t.sleep(Duration::from_secs(1))?;
        add(&x, &y).map_err(JobError::raised)
    }
}

/// Python's `time.sleep(delay)` as a job: returns `None`.
pub fn sleep(delay: Duration) -> impl FnOnce(&Transcript) -> JobResult<Value> + Send + 'static {
    move |t| {
        t.sleep(delay)?;
        Ok(Value::None)
    }
}
