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
//! The Task is inline2's, unchanged: nothing about the Task had to change, only the generators.

use std::time::Duration;

use crate::backend::Backend;
use crate::generator::GeneratorExt;
use crate::part3_futures::future::{Future, Outcome};
use crate::part3_futures::inline2;
use crate::part3_futures::jobs::{func, sleep};
use crate::part3_futures::pool::{Pool, PoolHandle};
use crate::part3_futures::value::Value;
use crate::transcript::Transcript;

/// Native: the future's `__iter__` is a coroutine; delegation is [`yield_from!`](crate::yield_from).
pub mod native {
    use super::*;
    use crate::backend::native::Native;
    use crate::generator::Generator;
    use crate::yield_from;

    /// Python's `Future.__iter__`: yield the future itself while it is not done, then return its result.
    pub fn iter(fut: Future<Value>) -> impl Delegate<Value> {
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
    pub fn do_func(pool: &PoolHandle, t: &Transcript, x: Value, y: Value) -> impl Delegate<()> + use<> {
        let (pool, t) = (pool.clone(), t.clone());
        Native::new(
            #[coroutine]
            move |_start: Outcome<Value>| {
                let job = t.clone();
                match yield_from!(iter(pool.submit(move || func(&job, x, y))), Ok(Value::None)) {
                    Ok(result) => t.line(format!("Got: {result}")),
                    Err(error) => t.line(format!("Failed: {error}")),
                }
                Ok(())
            },
        )
    }

    /// `after(delay, gen)`: delegate to a sleep future, then to `generator`; the same `yield_from!` for both.
    pub fn after<R: Send + 'static>(
        pool: &PoolHandle,
        t: &Transcript,
        delay: Duration,
        generator: impl Delegate<R>,
    ) -> impl Delegate<R> {
        let (pool, t) = (pool.clone(), t.clone());
        Native::new(
            #[coroutine]
            move |_start: Outcome<Value>| {
                let job = t.clone();
                yield_from!(iter(pool.submit(move || sleep(&job, delay))), Ok(Value::None))?;
                yield_from!(generator, Ok(Value::None))
            },
        )
    }

    /// A generator an inline2 Task can drive, returning `R` (or the error it did not catch).
    pub trait Delegate<R>:
        Generator<Outcome<Value>, Yield = Future<Value>, Return = Outcome<R>> + Send + 'static
    {
    }
    impl<R, G: Generator<Outcome<Value>, Yield = Future<Value>, Return = Outcome<R>> + Send + 'static> Delegate<R> for G {}
}

/// Stackless: the future's `__iter__` is an `async fn` on the shared `Co`; delegation is `.await`.
pub mod stackless {
    use super::*;
    use crate::backend::stackless::SyncCo;

    /// The `Co` that every level of one task shares.
    pub type Co = SyncCo<Future<Value>, Outcome<Value>>;

    /// Python's `Future.__iter__`: yield the future itself while it is not done, then return its result.
    pub async fn iter(co: &Co, fut: Future<Value>) -> Outcome<Value> {
        if !fut.done() {
            let _ = co.yield_(fut.clone()).await;
        }
        fut.result()
    }

    /// `do_func(x, y)`, a delegate: it yields through the `Co` it borrows (genawaiter's `Co` is not `Clone`).
    pub async fn do_func(co: &Co, pool: PoolHandle, t: Transcript, x: Value, y: Value) -> Outcome<()> {
        let job = t.clone();
        match iter(co, pool.submit(move || func(&job, x, y))).await {
            Ok(result) => t.line(format!("Got: {result}")),
            Err(error) => t.line(format!("Failed: {error}")),
        }
        Ok(())
    }

    /// `after(delay, gen)`: `generator` is a delegate built on the same `Co`.
    pub async fn after<R>(
        co: &Co,
        pool: PoolHandle,
        t: Transcript,
        delay: Duration,
        generator: impl std::future::Future<Output = Outcome<R>>,
    ) -> Outcome<R> {
        let job = t.clone();
        iter(co, pool.submit(move || sleep(&job, delay))).await?;
        generator.await
    }
}

/// Stackful: the future's `__iter__` is a plain function on the shared `Yielder`; delegation is a call.
pub mod stackful {
    use super::*;
    use crate::backend::stackful::Yielder;

    /// The yielder that every level of one task shares.
    pub type Y = Yielder<Outcome<Value>, Future<Value>>;

    /// Python's `Future.__iter__`: yield the future itself while it is not done, then return its result.
    pub fn iter(yielder: &Y, fut: Future<Value>) -> Outcome<Value> {
        if !fut.done() {
            let _ = yielder.suspend(fut.clone());
        }
        fut.result()
    }

    /// `do_func(x, y)`, a delegate: a function of the yielder.
    pub fn do_func(pool: &PoolHandle, t: &Transcript, x: Value, y: Value) -> impl FnOnce(&Y) -> Outcome<()> + use<> {
        let (pool, t) = (pool.clone(), t.clone());
        move |yielder: &Y| {
            let job = t.clone();
            match iter(yielder, pool.submit(move || func(&job, x, y))) {
                Ok(result) => t.line(format!("Got: {result}")),
                Err(error) => t.line(format!("Failed: {error}")),
            }
            Ok(())
        }
    }

    /// `after(delay, gen)`: `generator` is a delegate, called with the same yielder.
    pub fn after<R, G: FnOnce(&Y) -> Outcome<R>>(
        pool: &PoolHandle,
        t: &Transcript,
        delay: Duration,
        generator: G,
    ) -> impl FnOnce(&Y) -> Outcome<R> + use<R, G> {
        let (pool, t) = (pool.clone(), t.clone());
        move |yielder: &Y| {
            let job = t.clone();
            iter(yielder, pool.submit(move || sleep(&job, delay)))?;
            generator(yielder)
        }
    }
}

/// Runs inline_iter.py on one backend: `Task(after(10, do_func(2, 3))).step()`.
pub fn run(t: &Transcript, backend: Backend) -> Result<(), crate::Error> {
    let pool = Pool::new(8)?;
    let p = pool.handle();
    let ten = Duration::from_secs(10);
    match backend {
        Backend::Native => {
            let task = native::after(&p, t, ten, native::do_func(&p, t, 2.into(), 3.into()));
            inline2::on_pool_threads(&pool, [task.boxed_send()]);
        }
        Backend::Stackless => {
            let (p, t) = (p.clone(), t.clone());
            let task = crate::backend::stackless::Stackless::sync(move |co: stackless::Co| async move {
                let generator = stackless::do_func(&co, p.clone(), t.clone(), 2.into(), 3.into());
                stackless::after(&co, p, t, ten, generator).await
            });
            inline2::on_pool_threads(&pool, [task.boxed_send()]);
        }
        Backend::Stackful => {
            let task = stackful::after(&p, t, ten, stackful::do_func(&p, t, 2.into(), 3.into()));
            inline2::on_home_thread([crate::backend::stackful::Stackful::new(task)?.boxed()]);
        }
    }
    Ok(())
}
