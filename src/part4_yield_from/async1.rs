//! async1.py: the inlined-future design as a library. asyncio's event loop runs the coroutine; here tokio's
//! runtime runs an `async fn`. The twin:
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/async1.md"))]
//! This is inline_future.py's program with the machinery taken away: no pool, no Task, no wake-up callback in
//! sight. `do_func` is still a generator that delegates to a future with `yield from`, and the event loop is the
//! Task that drives it.
//!
//! **From `yield from` to `await`.** In 2014 an asyncio coroutine was a generator marked `@asyncio.coroutine`,
//! and it waited with `yield from`, exactly the inlined futures of part 4. Python 3.5 (PEP 492) gave the idea
//! its own syntax, `async def` and `await`, so a coroutine can no longer be mistaken for an iterator; the
//! decorator was deprecated in 3.8 and removed in 3.11, so the original no longer runs on the Python 3.11 that
//! this crate's twins use. What it did survives as `@types.coroutine`, which marks a generator function as a
//! coroutine so that it may `yield from` a native coroutine, and the twin uses that. Rust took the same road:
//! `async fn` is the generator, `.await` is `yield from`, and the compiler turns the body into a state machine,
//! the same transformation the native backend's coroutines get.
//!
//! **What the runtime does that the hand-written Task did.** [`inline1`](crate::part3_futures::inline1)'s Task
//! sent each result into the generator and registered its own `_wakeup` as the next future's done-callback;
//! [`inline_future::async_fn`](super::inline_future::async_fn) runs inline_future's program as `async fn`s on a
//! `block_on` of a dozen lines that polls, parks the thread, and is unparked by the waker. tokio's runtime is that
//! executor grown up:
//!
//! - the Task is a tokio task, and `_wakeup` is its `Waker`: a woken task goes back on a run queue;
//! - the futures a task waits on are not pool jobs holding a thread: `tokio::time::sleep` is an entry in a timer
//!   wheel and a socket read is a registration with the OS's readiness API (epoll), so one thread can wait for
//!   any number of them (in part 3 the one-second `func` kept a pool thread asleep for that second);
//! - many tasks share the runtime's thread: [`async2`](super::async2) serves every client from one, as asyncio
//!   does.
//!
//! What Rust makes explicit: there is no implicit event loop. Python's `get_event_loop()` creates one on demand;
//! here the runtime is built (which can fail: [`AsyncError::Runtime`]) and `block_on` is `run_until_complete`.
//! A current-thread runtime with only the timer enabled is enough for one coroutine, like asyncio's
//! single-threaded loop.
//!
//! ## Deviations
//!
//! - The twin marks `do_func` with `@types.coroutine`, since `@asyncio.coroutine` is gone from Python 3.11;
//!   the generator, its `yield from` and the event loop are the original's.
//! - The sleep goes through the time scale (the port's [`sleep`], the twin's `scaled`), so the tests wait 10 ms.
#![doc = include_str!(concat!(env!("OUT_DIR"), "/output/async1.md"))]

use std::time::Duration;

use super::AsyncError;
use crate::transcript::Transcript;

/// Python's `func(x, y)`: plain addition (the waiting is in `do_func`).
pub fn func(x: i64, y: i64) -> i64 {
    x + y
}

/// Python's `asyncio.sleep(delay)`, scaled by the transcript's time scale: the sample's one sleep.
pub async fn sleep(t: &Transcript, delay: Duration) {
    tokio::time::sleep(t.time_scale().scale(delay)).await;
}

/// `do_func(x, y)`: `yield from asyncio.sleep(1)` is `sleep(..).await`; the return value is the coroutine's
/// result, as it was the inlined future's.
pub async fn do_func(t: &Transcript, x: i64, y: i64) -> i64 {
    sleep(t, Duration::from_secs(1)).await;
    func(x, y)
}

/// Runs async1.py: `Got: 5`, one (scaled) second later.
pub fn run(t: &Transcript) -> Result<(), AsyncError> {
    // `loop = asyncio.get_event_loop()`, said explicitly.
    let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().map_err(AsyncError::Runtime)?;
    let result = runtime.block_on(do_func(t, 2, 3));
    t.line(format!("Got: {result}"));
    Ok(())
}
