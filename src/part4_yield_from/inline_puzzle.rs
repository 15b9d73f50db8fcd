//! inline_puzzle.py: the puzzler. Write `after(delay, gen)`: wait `delay` seconds, then run the inlined-future
//! generator `gen`, driven by inline2's Task. Five tries.
//!
//! | try | Python | Python's outcome | Rust's outcome |
//! | --- | --- | --- | --- |
//! | 1 | `yield gen` | `AttributeError` at run time, in the wake-up callback: the Task got a generator where it expected a future | E0308 at compile time: the generator yields `Future<Value>`, not a generator |
//! | 2 | `for f in gen: yield f` | runs, prints `Got: None`: a for loop calls `next(gen)`, i.e. `send(None)`, so the result never reaches `gen` | the literal loop is E0277 (a generator resumed with values is not an `Iterator`); written out, resuming with `Value::None` as `next` does, it runs and prints `Got: None` |
//! | 3 | a hand-written `send` loop | the original sends `result` before assigning it: `UnboundLocalError` at run time; fixed, `Got: 5` | the original is E0381 at compile time (use of an uninitialised variable); fixed, `Got: 5` |
//! | 4 | `yield` the sleep future, then `yield from gen` | `Got: 5` | `Got: 5` on every backend |
//! | 5 | `yield from` on both | `TypeError` at run time: a future is not iterable | E0277 / E0618 at compile time: a future is not a generator (inline_iter fixes this) |
//!
//! So Rust catches at compile time the three mistakes Python finds at run time (two of them only once the sleep
//! is over, in a callback on a pool thread). The one it cannot catch is try 2: a loop that forwards the items but
//! not the sent values is well typed. Rust only makes it harder to write by accident: with no `Iterator` to lean
//! on, you have to invent the value you resume with, and writing `Value::None` there is where the result is lost.
//!
//! The transcript states each try's outcome in both languages. Python's half is printed by the Python twin from
//! the exception it actually catches; the Rust side prints the same text for the tries that do not compile,
//! proven by the `compile_fail` doc tests below (the Python messages are CPython 3.11's, pinned by the parity
//! test).
//!
//! # Try 1: `yield gen`
//!
//! ```compile_fail,E0308
//! #![feature(coroutines)]
//! use final_frontier::backend::native::Native;
//! use final_frontier::part3_futures::{future::Outcome, pool::PoolHandle, value::Value};
//! use final_frontier::part4_yield_from::inline_iter::native::Delegate;
//!
//! fn after(pool: PoolHandle, generator: impl Delegate<()>) -> impl Delegate<()> {
//!     Native::new(
//!         #[coroutine]
//!         move |_start: Outcome<Value>| {
//!             (yield pool.submit(|| Ok(Value::None)))?;
//!             yield generator; // expected `Future<Value>`, found a generator
//!             Ok(())
//!         },
//!     )
//! }
//! ```
//!
//! ```compile_fail,E0308
//! use final_frontier::backend::stackless::SyncCo;
//! use final_frontier::part3_futures::{future::{Future, Outcome}, pool::PoolHandle, value::Value};
//!
//! async fn after(
//!     co: &SyncCo<Future<Value>, Outcome<Value>>,
//!     pool: PoolHandle,
//!     generator: impl std::future::Future<Output = Outcome<()>>,
//! ) -> Outcome<()> {
//!     co.yield_(pool.submit(|| Ok(Value::None))).await?;
//!     co.yield_(generator).await?; // expected `Future<Value>`, found a delegate
//!     Ok(())
//! }
//! ```
//!
//! ```compile_fail,E0308
//! use final_frontier::backend::stackful::Yielder;
//! use final_frontier::part3_futures::{future::{Future, Outcome}, pool::PoolHandle, value::Value};
//!
//! type Y = Yielder<Outcome<Value>, Future<Value>>;
//! fn after(pool: PoolHandle, generator: impl FnOnce(&Y) -> Outcome<()>) -> impl FnOnce(&Y) -> Outcome<()> {
//!     move |yielder: &Y| {
//!         yielder.suspend(pool.submit(|| Ok(Value::None)))?;
//!         yielder.suspend(generator)?; // expected `Future<Value>`, found a delegate
//!         Ok(())
//!     }
//! }
//! ```
//!
//! # Try 2: `for f in gen: yield f`
//!
//! ```compile_fail,E0277
//! #![feature(coroutines)]
//! use final_frontier::backend::native::Native;
//! use final_frontier::part3_futures::{future::Outcome, pool::PoolHandle, value::Value};
//! use final_frontier::part4_yield_from::inline_iter::native::Delegate;
//!
//! fn after(pool: PoolHandle, generator: impl Delegate<()>) -> impl Delegate<()> {
//!     Native::new(
//!         #[coroutine]
//!         move |_start: Outcome<Value>| {
//!             (yield pool.submit(|| Ok(Value::None)))?;
//!             for f in generator { // a generator resumed with values is not an `Iterator`
//!                 yield f;
//!             }
//!             Ok(())
//!         },
//!     )
//! }
//! ```
//!
//! # Try 3, as the original wrote it
//!
//! ```compile_fail,E0381
//! #![feature(coroutines)]
//! use final_frontier::backend::native::Native;
//! use final_frontier::generator::{Generator, Step};
//! use final_frontier::part3_futures::{future::Outcome, pool::PoolHandle, value::Value};
//! use final_frontier::part4_yield_from::inline_iter::native::Delegate;
//!
//! fn after(pool: PoolHandle, mut generator: impl Delegate<()>) -> impl Delegate<()> {
//!     Native::new(
//!         #[coroutine]
//!         move |_start: Outcome<Value>| {
//!             (yield pool.submit(|| Ok(Value::None)))?;
//!             let mut result: Outcome<Value>;
//!             loop {
//!                 match generator.resume(result) { // used before it is initialised
//!                     Step::Yield(f) => result = yield f,
//!                     Step::Return(r) => return r,
//!                 }
//!             }
//!         },
//!     )
//! }
//! ```
//!
//! # Try 5: `yield from` on both
//!
//! ```compile_fail,E0277
//! #![feature(coroutines)]
//! use final_frontier::backend::native::Native;
//! use final_frontier::part3_futures::{future::Outcome, pool::PoolHandle, value::Value};
//! use final_frontier::part4_yield_from::inline_iter::native::Delegate;
//! use final_frontier::yield_from;
//!
//! fn after(pool: PoolHandle, generator: impl Delegate<()>) -> impl Delegate<()> {
//!     Native::new(
//!         #[coroutine]
//!         move |_start: Outcome<Value>| {
//!             yield_from!(pool.submit(|| Ok(Value::None)), Ok(Value::None))?; // a Future is not a Generator
//!             yield_from!(generator, Ok(Value::None))
//!         },
//!     )
//! }
//! ```
//!
//! ```compile_fail,E0277
//! use final_frontier::backend::stackless::SyncCo;
//! use final_frontier::part3_futures::{future::{Future, Outcome}, pool::PoolHandle, value::Value};
//!
//! async fn after(
//!     _co: &SyncCo<Future<Value>, Outcome<Value>>,
//!     pool: PoolHandle,
//!     generator: impl std::future::Future<Output = Outcome<()>>,
//! ) -> Outcome<()> {
//!     pool.submit(|| Ok(Value::None)).await?; // our Future is not a `std::future::Future`
//!     generator.await
//! }
//! ```
//!
//! ```compile_fail,E0618
//! use final_frontier::backend::stackful::Yielder;
//! use final_frontier::part3_futures::{future::{Future, Outcome}, pool::PoolHandle, value::Value};
//!
//! type Y = Yielder<Outcome<Value>, Future<Value>>;
//! fn after(pool: PoolHandle, generator: impl FnOnce(&Y) -> Outcome<()>) -> impl FnOnce(&Y) -> Outcome<()> {
//!     move |yielder: &Y| {
//!         (pool.submit(|| Ok(Value::None)))(yielder)?; // a future is not a delegate you can call
//!         generator(yielder)
//!     }
//! }
//! ```

use std::time::Duration;

use crate::backend::Backend;
use crate::generator::{GeneratorExt, Step};
use crate::part3_futures::future::{Future, Outcome};
use crate::part3_futures::inline2;
use crate::part3_futures::jobs::{func, sleep};
use crate::part3_futures::pool::{Pool, PoolHandle};
use crate::part3_futures::value::Value;
use crate::transcript::Transcript;

/// What inline2's Task drives (the tries' `gen` for tries 2 and 3, and their `after`), and its stackful twin.
pub use crate::part3_futures::inline2::{LocalBody, TaskBody};

/// Native: `do_func` is a generator, so every try can take it as it is.
pub mod native {
    use super::*;
    use crate::backend::native::Native;
    use crate::yield_from;

    /// inline2's `do_func(x, y)`, unchanged.
    pub use crate::part3_futures::inline2::native::do_func;

    /// Try 2: forward the items with a loop that resumes `gen` as `next()` does, with `None`.
    pub fn after_for_loop(
        pool: &PoolHandle,
        t: &Transcript,
        delay: Duration,
        generator: impl TaskBody,
    ) -> impl TaskBody {
        let (pool, t) = (pool.clone(), t.clone());
        let mut generator = generator;
        Native::new(
            #[coroutine]
            move |_start: Outcome<Value>| {
                let job = t.clone();
                (yield pool.submit(move || sleep(&job, delay)))?;
                while let Step::Yield(f) = generator.resume(Ok(Value::None)) {
                    let _ = yield f; // the result the Task sends here is dropped: this is the bug
                }
                Ok(())
            },
        )
    }

    /// Try 3, fixed: the hand-written send loop (what `yield_from!` expands to).
    pub fn after_send_loop(
        pool: &PoolHandle,
        t: &Transcript,
        delay: Duration,
        generator: impl TaskBody,
    ) -> impl TaskBody {
        let (pool, t) = (pool.clone(), t.clone());
        let mut generator = generator;
        Native::new(
            #[coroutine]
            move |_start: Outcome<Value>| {
                let job = t.clone();
                (yield pool.submit(move || sleep(&job, delay)))?;
                let mut result = Ok(Value::None);
                loop {
                    match generator.resume(result) {
                        Step::Yield(f) => result = yield f,
                        Step::Return(r) => return r,
                    }
                }
            },
        )
    }

    /// Try 4: `yield` the sleep future, then `yield from gen`.
    pub fn after_yield_from(
        pool: &PoolHandle,
        t: &Transcript,
        delay: Duration,
        generator: impl TaskBody,
    ) -> impl TaskBody {
        let (pool, t) = (pool.clone(), t.clone());
        Native::new(
            #[coroutine]
            move |_start: Outcome<Value>| {
                let job = t.clone();
                (yield pool.submit(move || sleep(&job, delay)))?;
                yield_from!(generator, Ok(Value::None))
            },
        )
    }
}

/// Stackless: `do_func` is an `async fn` on a shared `Co` (a delegate); tries 2 and 3 need a generator of their
/// own, which is the same body given its own `Co`: `Stackless::sync(|co| async move { do_func(&co, ..).await })`.
pub mod stackless {
    use super::*;
    use crate::backend::stackless::SyncCo;

    /// The `Co` that every level of one task shares.
    pub type Co = SyncCo<Future<Value>, Outcome<Value>>;

    /// inline2's `do_func(x, y)`, as a delegate.
    pub async fn do_func(co: &Co, pool: PoolHandle, t: Transcript, x: Value, y: Value) -> Outcome<()> {
        let job = t.clone();
        match co.yield_(pool.submit(move || func(&job, x, y))).await {
            Ok(result) => t.line(format!("Got: {result}")),
            Err(error) => t.line(format!("Failed: {error}")),
        }
        Ok(())
    }

    /// `do_func(x, y)` as a generator of its own, for tries 2 and 3: the same body, given its own `Co`.
    pub fn do_func_generator(pool: &PoolHandle, t: &Transcript, x: Value, y: Value) -> impl TaskBody + use<> {
        let (pool, t) = (pool.clone(), t.clone());
        crate::backend::stackless::Stackless::sync(move |co: Co| async move { do_func(&co, pool, t, x, y).await })
    }

    /// Try 2: forward the items with a loop that resumes `gen` as `next()` does, with `None`.
    pub async fn after_for_loop(
        co: &Co,
        pool: PoolHandle,
        t: Transcript,
        delay: Duration,
        mut generator: impl TaskBody,
    ) -> Outcome<()> {
        co.yield_(pool.submit(move || sleep(&t, delay))).await?;
        while let Step::Yield(f) = generator.resume(Ok(Value::None)) {
            let _ = co.yield_(f).await; // the result the Task sends here is dropped: this is the bug
        }
        Ok(())
    }

    /// Try 3, fixed: the hand-written send loop.
    pub async fn after_send_loop(
        co: &Co,
        pool: PoolHandle,
        t: Transcript,
        delay: Duration,
        mut generator: impl TaskBody,
    ) -> Outcome<()> {
        co.yield_(pool.submit(move || sleep(&t, delay))).await?;
        let mut result = Ok(Value::None);
        loop {
            match generator.resume(result) {
                Step::Yield(f) => result = co.yield_(f).await,
                Step::Return(r) => return r,
            }
        }
    }

    /// Try 4: `yield` the sleep future, then `yield from gen`: await the delegate on the same `Co`.
    pub async fn after_yield_from(
        co: &Co,
        pool: PoolHandle,
        t: Transcript,
        delay: Duration,
        generator: impl std::future::Future<Output = Outcome<()>>,
    ) -> Outcome<()> {
        co.yield_(pool.submit(move || sleep(&t, delay))).await?;
        generator.await
    }
}

/// Stackful: `do_func` is a function of a shared yielder (a delegate); tries 2 and 3 wrap it in a coroutine of
/// its own: `Stackful::new(do_func(..))`.
pub mod stackful {
    use super::*;
    use crate::backend::stackful::Yielder;

    /// The yielder that every level of one task shares.
    pub type Y = Yielder<Outcome<Value>, Future<Value>>;

    /// inline2's `do_func(x, y)`, as a delegate.
    pub fn do_func(pool: &PoolHandle, t: &Transcript, x: Value, y: Value) -> impl FnOnce(&Y) -> Outcome<()> + use<> {
        let (pool, t) = (pool.clone(), t.clone());
        move |yielder: &Y| {
            let job = t.clone();
            match yielder.suspend(pool.submit(move || func(&job, x, y))) {
                Ok(result) => t.line(format!("Got: {result}")),
                Err(error) => t.line(format!("Failed: {error}")),
            }
            Ok(())
        }
    }

    /// Try 2: forward the items with a loop that resumes `gen` as `next()` does, with `None`.
    pub fn after_for_loop<G: LocalBody>(
        pool: &PoolHandle,
        t: &Transcript,
        delay: Duration,
        mut generator: G,
    ) -> impl FnOnce(&Y) -> Outcome<()> + use<G> {
        let (pool, t) = (pool.clone(), t.clone());
        move |yielder: &Y| {
            yielder.suspend(pool.submit(move || sleep(&t, delay)))?;
            while let Step::Yield(f) = generator.resume(Ok(Value::None)) {
                let _ = yielder.suspend(f); // the result the Task sends here is dropped: this is the bug
            }
            Ok(())
        }
    }

    /// Try 3, fixed: the hand-written send loop.
    pub fn after_send_loop<G: LocalBody>(
        pool: &PoolHandle,
        t: &Transcript,
        delay: Duration,
        mut generator: G,
    ) -> impl FnOnce(&Y) -> Outcome<()> + use<G> {
        let (pool, t) = (pool.clone(), t.clone());
        move |yielder: &Y| {
            yielder.suspend(pool.submit(move || sleep(&t, delay)))?;
            let mut result = Ok(Value::None);
            loop {
                match generator.resume(result) {
                    Step::Yield(f) => result = yielder.suspend(f),
                    Step::Return(r) => return r,
                }
            }
        }
    }

    /// Try 4: `yield` the sleep future, then `yield from gen`: call the delegate with the same yielder.
    pub fn after_yield_from<G: FnOnce(&Y) -> Outcome<()>>(
        pool: &PoolHandle,
        t: &Transcript,
        delay: Duration,
        generator: G,
    ) -> impl FnOnce(&Y) -> Outcome<()> + use<G> {
        let (pool, t) = (pool.clone(), t.clone());
        move |yielder: &Y| {
            yielder.suspend(pool.submit(move || sleep(&t, delay)))?;
            generator(yielder)
        }
    }
}

/// What the transcript says about the tries that Rust rejects (Python's half is CPython 3.11's message).
const TRY_1: &str = "Python: AttributeError at run time ('generator' object has no attribute 'add_done_callback'); \
                     Rust: E0308 at compile time (expected a future, found a generator)";
const TRY_2: &str = "the result was lost: the loop resumed the generator with None, as next() does";
const TRY_3_ORIGINAL: &str = "as written: Python: UnboundLocalError at run time (cannot access local variable \
                              'result' where it is not associated with a value); Rust: E0381 at compile time \
                              (used before it is initialised)";
const TRY_5: &str = "Python: TypeError at run time ('Future' object is not iterable); \
                     Rust: E0277 or E0618 at compile time (a future is not a generator)";

/// The runnable tries on one backend, in order, each task finished before the next starts.
fn run_tries(t: &Transcript, backend: Backend, pool: &Pool) -> Result<(), crate::Error> {
    use crate::backend::stackful::Stackful;
    let p = pool.handle();
    let ten = Duration::from_secs(10);
    let (two, three): (Value, Value) = (2.into(), 3.into());

    t.line("---- try 2: forward with a for loop");
    match backend {
        Backend::Native => {
            let task = native::after_for_loop(&p, t, ten, native::do_func(&p, t, two.clone(), three.clone()));
            inline2::on_pool_threads(pool, [task.boxed_send()]);
        }
        Backend::Stackless => {
            let generator = stackless::do_func_generator(&p, t, two.clone(), three.clone());
            let (p, t) = (p.clone(), t.clone());
            let task = crate::backend::stackless::Stackless::sync(move |co: stackless::Co| async move {
                stackless::after_for_loop(&co, p, t, ten, generator).await
            });
            inline2::on_pool_threads(pool, [task.boxed_send()]);
        }
        Backend::Stackful => {
            let generator = Stackful::new(stackful::do_func(&p, t, two.clone(), three.clone()))?;
            inline2::on_home_thread([Stackful::new(stackful::after_for_loop(&p, t, ten, generator))?.boxed()]);
        }
    }
    t.line(TRY_2);

    t.line("---- try 3: a hand-written send loop");
    t.line(TRY_3_ORIGINAL);
    t.line("fixed:");
    match backend {
        Backend::Native => {
            let task = native::after_send_loop(&p, t, ten, native::do_func(&p, t, two.clone(), three.clone()));
            inline2::on_pool_threads(pool, [task.boxed_send()]);
        }
        Backend::Stackless => {
            let generator = stackless::do_func_generator(&p, t, two.clone(), three.clone());
            let (p, t) = (p.clone(), t.clone());
            let task = crate::backend::stackless::Stackless::sync(move |co: stackless::Co| async move {
                stackless::after_send_loop(&co, p, t, ten, generator).await
            });
            inline2::on_pool_threads(pool, [task.boxed_send()]);
        }
        Backend::Stackful => {
            let generator = Stackful::new(stackful::do_func(&p, t, two.clone(), three.clone()))?;
            inline2::on_home_thread([Stackful::new(stackful::after_send_loop(&p, t, ten, generator))?.boxed()]);
        }
    }

    t.line("---- try 4: yield, then yield from");
    match backend {
        Backend::Native => {
            let task = native::after_yield_from(&p, t, ten, native::do_func(&p, t, two, three));
            inline2::on_pool_threads(pool, [task.boxed_send()]);
        }
        Backend::Stackless => {
            let (p, t) = (p.clone(), t.clone());
            let task = crate::backend::stackless::Stackless::sync(move |co: stackless::Co| async move {
                let generator = stackless::do_func(&co, p.clone(), t.clone(), two, three);
                stackless::after_yield_from(&co, p, t, ten, generator).await
            });
            inline2::on_pool_threads(pool, [task.boxed_send()]);
        }
        Backend::Stackful => {
            let task = stackful::after_yield_from(&p, t, ten, stackful::do_func(&p, t, two, three));
            inline2::on_home_thread([Stackful::new(task)?.boxed()]);
        }
    }
    Ok(())
}

/// Runs inline_puzzle.py's five tries on one backend.
pub fn run(t: &Transcript, backend: Backend) -> Result<(), crate::Error> {
    let pool = Pool::new(8)?;
    t.line("---- try 1: yield the generator itself");
    t.line(TRY_1);
    run_tries(t, backend, &pool)?;
    t.line("---- try 5: yield from on both");
    t.line(TRY_5);
    Ok(())
}
