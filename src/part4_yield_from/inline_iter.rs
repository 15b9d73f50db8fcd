//! inline_iter.py: a future you can `yield from`, exactly like a generator. The twin gives `Future` an
//! `__iter__`, as the original does:
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/inline_iter/patch_future.md"))]
//! Try 5 of the [puzzle](super::inline_puzzle) failed because a future is not iterable. This `__iter__` yields
//! the future itself (so the Task gets its future, as before) and then returns its result, and `yield from`
//! works on futures and generators alike: library code can delegate to either without knowing which it has.
//! Nothing else changes: the Task is inline2's ([`concurrent::task`](crate::concurrent::task)), and `do_func` keeps
//! its plain `yield pool.submit(...)`. That is the point: on the patched future `yield` and `yield from` both
//! work, so `after` can now say `yield from` to both the sleep future and the generator:
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/inline_iter/example5.md"))]
//! The Rust counterpart of `__iter__` is [`iter`](native::iter): the same three lines on each backend, beside the
//! delegation that uses it.
//!
//! | backend | a future's `__iter__` | delegating to it | delegating to a generator |
//! | --- | --- | --- | --- |
//! | native | a coroutine yielding the future | `yield_from!(iter(fut), ..)` | `yield_from!(generator, ..)` |
//! | stackless | an `async fn` on the shared `Co` | `iter(&co, fut).await` | `generator.await` (same `Co`) |
//! | stackful | a function on the shared `Yielder` | `iter(yielder, fut)` | `generator(yielder)` |
//!
//! Rust spells out what `yield from` hides: Python calls `iter()` on whatever follows it; here the delegation
//! names `iter` for a future. A Rust reader will recognise the shape: `iter` is `std::future::Future::poll`
//! turned inside out. "Not done: hand yourself to the scheduler; done: here is the value" is exactly what
//! `poll` answers with `Pending` and `Ready`, and what inline_future finally hands to `async`/`await`.
//!
//! ## Deviations
//!
//! - The file calls nothing; the port and the twin run `example5()`, which prints `Got: 5` after about 11 s
//!   (a 10 s sleep, then the 1 s job).
//! - The twin's `ThreadPoolExecutor` is `python/pool.py`'s: the same `submit`, on the pool's clock (see
//!   [`inline1`](crate::part3_futures::inline1)), and it waits for its jobs at exit, as the interpreter waits for
//!   a real pool's threads. The original, run as a script on Python 3.9 or later, would not print `Got: 5`: a
//!   real pool refuses new jobs once the main thread has ended, and `do_func`'s job is submitted 10 s after.
//! - The twin copies inline2's Task, as the original does; the port imports it. The twin sleeps through
//!   `frontier.sleep` (the time scale).
#![doc = include_str!(concat!(env!("OUT_DIR"), "/output/inline_iter.md"))]

use std::time::Duration;

use crate::backend::Backend;
use crate::concurrent::future::{JobResult, PoolFuture};
use crate::concurrent::jobs::{func, sleep};
use crate::concurrent::pool::Pool;
use crate::concurrent::task::{Body, Task, TaskCo, TaskYielder};
use crate::concurrent::value::Value;
use crate::concurrent::wakeup::{Home, OnPoolThreads};
use crate::concurrent::{Env, FuturesError};
use crate::transcript::Transcript;

/// Native: the future's `__iter__` is a coroutine; delegation is [`yield_from!`](crate::yield_from).
pub mod native {
    use super::*;
    use crate::backend::native::Native;
    use crate::yield_from;

    /// Python's `Future.__iter__`: yield the future itself while it is not done, then return its result.
    pub fn iter(fut: PoolFuture<Value>) -> impl Body<Value> {
        Native::new(
            #[coroutine]
            move |_start: JobResult<Value>| {
                if !fut.done() {
                    let _ = yield fut.clone(); // the Task sends the result here; `result()` reads it anyway
                }
                fut.result()
            },
        )
    }

    /// `do_func(x, y)`: a plain `yield` of the job's future, as in inline2; `Got:` or `Failed:`.
    pub fn do_func(env: Env, x: Value, y: Value) -> impl Body {
        Native::new(
            #[coroutine]
            move |_start: JobResult<Value>| {
                match yield env.pool.submit(func(x, y)) {
                    Ok(result) => env.t.line(format!("Got: {result}")),
                    Err(error) => env.t.line(format!("Failed: {}", error.repr())),
                }
                Ok(())
            },
        )
    }

    /// `after(delay, gen)`: delegate to a sleep future, then to `generator`; the same `yield_from!` for both.
    pub fn after<R: 'static>(env: Env, delay: Duration, generator: impl Body<R>) -> impl Body<R> {
        Native::new(
            #[coroutine]
            move |_start: JobResult<Value>| {
                yield_from!(iter(env.pool.submit(sleep(delay))), Ok(Value::None))?;
                yield_from!(generator, Ok(Value::None))
            },
        )
    }
}

/// Stackless: the future's `__iter__` is an `async fn` on the shared `Co`; delegation is `.await`.
pub mod stackless {
    use super::*;

    /// Python's `Future.__iter__`: yield the future itself while it is not done, then return its result.
    pub async fn iter(co: &TaskCo, fut: PoolFuture<Value>) -> JobResult<Value> {
        if !fut.done() {
            let _ = co.yield_(fut.clone()).await;
        }
        fut.result()
    }

    /// `do_func(x, y)`, a delegate: it yields through the `Co` it borrows (genawaiter's `Co` is not `Clone`).
    pub async fn do_func(co: &TaskCo, env: Env, x: Value, y: Value) -> JobResult<()> {
        match co.yield_(env.pool.submit(func(x, y))).await {
            Ok(result) => env.t.line(format!("Got: {result}")),
            Err(error) => env.t.line(format!("Failed: {}", error.repr())),
        }
        Ok(())
    }

    /// `after(delay, gen)`: `generator` is a delegate built on the same `Co`.
    pub async fn after<R>(
        co: &TaskCo,
        env: Env,
        delay: Duration,
        generator: impl std::future::Future<Output = JobResult<R>>,
    ) -> JobResult<R> {
        iter(co, env.pool.submit(sleep(delay))).await?;
        generator.await
    }
}

/// Stackful: the future's `__iter__` is a plain function on the shared `Yielder`; delegation is a call.
pub mod stackful {
    use super::*;

    /// Python's `Future.__iter__`: yield the future itself while it is not done, then return its result.
    pub fn iter(yielder: &TaskYielder, fut: PoolFuture<Value>) -> JobResult<Value> {
        if !fut.done() {
            let _ = yielder.suspend(fut.clone());
        }
        fut.result()
    }

    /// `do_func(x, y)`, a delegate: a function of the yielder.
    pub fn do_func(env: Env, x: Value, y: Value) -> impl FnOnce(&TaskYielder) -> JobResult<()> {
        move |yielder| {
            match yielder.suspend(env.pool.submit(func(x, y))) {
                Ok(result) => env.t.line(format!("Got: {result}")),
                Err(error) => env.t.line(format!("Failed: {}", error.repr())),
            }
            Ok(())
        }
    }

    /// `after(delay, gen)`: `generator` is a delegate, called with the same yielder.
    pub fn after<R>(
        env: Env,
        delay: Duration,
        generator: impl FnOnce(&TaskYielder) -> JobResult<R>,
    ) -> impl FnOnce(&TaskYielder) -> JobResult<R> {
        move |yielder| {
            iter(yielder, env.pool.submit(sleep(delay)))?;
            generator(yielder)
        }
    }
}

/// Runs inline_iter.py on one backend: the file calls nothing, so this runs `example5()`:
/// `Task(after(10, do_func(2, 3))).step()`, then waits for the Task.
pub fn run(t: &Transcript, backend: Backend) -> Result<(), FuturesError> {
    use crate::backend::stackful::Stackful;
    use crate::backend::stackless::Stackless;

    let pool = Pool::new(8, t)?;
    let env = Env::new(pool.handle(), t);
    let ten = Duration::from_secs(10);
    let (two, three) = (Value::from(2), Value::from(3));
    let on_pool = || OnPoolThreads::new(pool.handle());
    match backend {
        Backend::Native => {
            Task::run("after", native::after(env.clone(), ten, native::do_func(env, two, three)), on_pool())?
        }
        Backend::Stackless => Task::run(
            "after",
            Stackless::sync(move |co: TaskCo| async move {
                stackless::after(&co, env.clone(), ten, stackless::do_func(&co, env, two, three)).await
            }),
            on_pool(),
        )?,
        Backend::Stackful => Task::run(
            "after",
            Stackful::new(stackful::after(env.clone(), ten, stackful::do_func(env, two, three)))?,
            Home::current(),
        )?,
    }
    Ok(())
}
