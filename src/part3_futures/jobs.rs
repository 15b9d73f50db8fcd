//! The jobs the inlined-future samples submit to the pool, written once. (simplefuture has its own `func`: the
//! original's sleeps 5 s there.)

use std::time::Duration;

use super::future::{JobError, Outcome};
use super::value::{Value, add};
use crate::transcript::Transcript;

/// Python's `func(x, y)`: sleep 1 s, return `x + y` (or fail with `TypeError`).
pub fn func(t: &Transcript, x: Value, y: Value) -> Outcome<Value> {
    t.sleep(Duration::from_secs(1));
    add(&x, &y).map_err(JobError::raised)
}

/// Python's `time.sleep(delay)` as a job: returns `None`.
pub fn sleep(t: &Transcript, delay: Duration) -> Outcome<Value> {
    t.sleep(delay);
    Ok(Value::None)
}
