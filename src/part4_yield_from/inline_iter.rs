//! inline_iter.py: a future you can `yield from`, exactly like a generator.
//!
//! ```python
//! def patch_future(cls):
//!     def __iter__(self):
//!         if not self.done():
//!             yield self
//!         return self.result()
//!     cls.__iter__ = __iter__
//!
//! def after(delay, gen):
//!     yield from pool.submit(time.sleep, delay)
//!     yield from gen
//!
//! Task(after(10, do_func(2, 3))).step()
//! ```
//!
//! Try 5 of the puzzle failed because a future is not iterable. Give it an `__iter__` that yields the future
//! itself (so the Task gets its future, as before) and then returns the result, and `yield from` works on futures
//! and generators alike: library code can delegate to either without knowing which it has.
//!
//! The Rust counterpart is [`iter`](native::iter): the same three lines on each backend, beside the
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
//! The Task is inline2's, unchanged ([`futures::task`](crate::futures::task)): nothing about the Task had to
//! change, only the generators.
#![doc = include_str!(concat!(env!("OUT_DIR"), "/output/inline_iter.md"))]

use std::time::Duration;

use crate::backend::Backend;
use crate::futures::future::{Future, Outcome};
use crate::futures::jobs::{func, sleep};
use crate::futures::pool::Pool;
use crate::futures::task::{Body, Task, TaskCo, TaskYielder};
use crate::futures::value::Value;
use crate::futures::wake::{Home, OnPoolThreads};
use crate::futures::{Env, FuturesError};
use crate::transcript::Transcript;

/// Native: the future's `__iter__` is a coroutine; delegation is [`yield_from!`](crate::yield_from).
pub mod native {
    use super::*;
    use crate::backend::native::Native;
    use crate::yield_from;

    /// Python's `Future.__iter__`: yield the future itself while it is not done, then return its result.
    pub fn iter(fut: Future<Value>) -> impl Body<Value> {
        Native::new(
            #[coroutine]
            move |_start: Outcome<Value>| {
                if !fut.done() {
                    let _ = yield fut.clone(); // the Task sends the result here; `result()` reads it anyway
                }
                fut.result()
            },
        )
    }

    /// `do_func(x, y)`: `result = yield from pool.submit(func, x, y)`, then print it.
    pub fn do_func(env: Env, x: i64, y: i64) -> impl Body {
        Native::new(
            #[coroutine]
            move |_start: Outcome<Value>| {
                match yield_from!(iter(env.pool.submit(func(x, y))), Ok(Value::None)) {
                    Ok(result) => env.t.line(format!("Got: {result}")),
                    Err(error) => env.t.line(format!("Failed: {error}")),
                }
                Ok(())
            },
        )
    }

    /// `after(delay, gen)`: delegate to a sleep future, then to `generator`; the same `yield_from!` for both.
    pub fn after<R: 'static>(env: Env, delay: Duration, generator: impl Body<R>) -> impl Body<R> {
        Native::new(
            #[coroutine]
            move |_start: Outcome<Value>| {
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
    pub async fn iter(co: &TaskCo, fut: Future<Value>) -> Outcome<Value> {
        if !fut.done() {
            let _ = co.yield_(fut.clone()).await;
        }
        fut.result()
    }

    /// `do_func(x, y)`, a delegate: it yields through the `Co` it borrows (genawaiter's `Co` is not `Clone`).
    pub async fn do_func(co: &TaskCo, env: Env, x: i64, y: i64) -> Outcome<()> {
        match iter(co, env.pool.submit(func(x, y))).await {
            Ok(result) => env.t.line(format!("Got: {result}")),
            Err(error) => env.t.line(format!("Failed: {error}")),
        }
        Ok(())
    }

    /// `after(delay, gen)`: `generator` is a delegate built on the same `Co`.
    pub async fn after<R>(
        co: &TaskCo,
        env: Env,
        delay: Duration,
        generator: impl std::future::Future<Output = Outcome<R>>,
    ) -> Outcome<R> {
        iter(co, env.pool.submit(sleep(delay))).await?;
        generator.await
    }
}

/// Stackful: the future's `__iter__` is a plain function on the shared `Yielder`; delegation is a call.
pub mod stackful {
    use super::*;

    /// Python's `Future.__iter__`: yield the future itself while it is not done, then return its result.
    pub fn iter(yielder: &TaskYielder, fut: Future<Value>) -> Outcome<Value> {
        if !fut.done() {
            let _ = yielder.suspend(fut.clone());
        }
        fut.result()
    }

    /// `do_func(x, y)`, a delegate: a function of the yielder.
    pub fn do_func(env: Env, x: i64, y: i64) -> impl FnOnce(&TaskYielder) -> Outcome<()> {
        move |yielder| {
            match iter(yielder, env.pool.submit(func(x, y))) {
                Ok(result) => env.t.line(format!("Got: {result}")),
                Err(error) => env.t.line(format!("Failed: {error}")),
            }
            Ok(())
        }
    }

    /// `after(delay, gen)`: `generator` is a delegate, called with the same yielder.
    pub fn after<R>(
        env: Env,
        delay: Duration,
        generator: impl FnOnce(&TaskYielder) -> Outcome<R>,
    ) -> impl FnOnce(&TaskYielder) -> Outcome<R> {
        move |yielder| {
            iter(yielder, env.pool.submit(sleep(delay)))?;
            generator(yielder)
        }
    }
}

/// Runs inline_iter.py on one backend: `Task(after(10, do_func(2, 3))).step()`.
pub fn run(t: &Transcript, backend: Backend) -> Result<(), FuturesError> {
    use crate::backend::stackful::Stackful;
    use crate::backend::stackless::Stackless;

    let pool = Pool::new(8, t)?;
    let env = Env::new(pool.handle(), t);
    let ten = Duration::from_secs(10);
    let on_pool = || OnPoolThreads::new(pool.handle());
    match backend {
        Backend::Native => Task::run(native::after(env.clone(), ten, native::do_func(env, 2, 3)), on_pool())?,
        Backend::Stackless => Task::run(
            Stackless::sync(move |co: TaskCo| async move {
                stackless::after(&co, env.clone(), ten, stackless::do_func(&co, env, 2, 3)).await
            }),
            on_pool(),
        )?,
        Backend::Stackful => {
            Task::run(Stackful::new(stackful::after(env.clone(), ten, stackful::do_func(env, 2, 3)))?, Home::current())?
        }
    }
    Ok(())
}
