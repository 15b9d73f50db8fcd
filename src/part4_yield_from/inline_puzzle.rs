//! inline_puzzle.py: the puzzler. Write `after(delay, fut)`: wait `delay` seconds, then run the inlined-future
//! generator `fut` (here always `do_func(2, 3)`), driven by inline2's Task. The original writes five tries,
//! `example1` to `example5`, each with its own `after`, each starting `Task(after(10, do_func(2, 3)))`; it
//! calls none of them.
//!
//! | try | Python | Python's outcome | Rust's outcome |
//! | --- | --- | --- | --- |
//! | 1 | `yield fut` | `AttributeError` at run time, in the wake-up callback: the Task got a generator where it expected a future | E0308 at compile time: the generator yields `PoolFuture<Value>`, not a generator |
//! | 2 | `for f in fut: yield f` | runs, prints `Got: None`: a for loop calls `next(fut)`, i.e. `send(None)`, so the result never reaches `fut` | the literal loop is E0277 (a generator resumed with values is not an `Iterator`); written out, resuming with `Value::None` as `next` does, it runs and prints `Got: None` |
//! | 3 | a hand-written `send` loop | the original sends `result` before assigning it: `UnboundLocalError` at run time; fixed, `Got: 5` | the original is E0381 at compile time (use of an uninitialised variable); fixed, `Got: 5` |
//! | 4 | `yield` the sleep future, then `yield from fut` | `Got: 5` | `Got: 5` on every backend |
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
//! test). The Task is inline2's ([`concurrent::task`](crate::concurrent::task)), as in the original, and so is
//! `do_func`, which prints `Failed:` and Python's `repr` of a failed job's exception:
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/inline_puzzle/do_func.md"))]
//!
//! ## Try 1: `yield fut`
//!
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/inline_puzzle/example1.md"))]
//!
//! ```compile_fail,E0308
//! #![feature(coroutines)]
//! use final_frontier::backend::native::Native;
//! use final_frontier::concurrent::{future::JobResult, pool::PoolHandle, value::Value};
//! use final_frontier::concurrent::task::Body;
//!
//! fn after(pool: PoolHandle, generator: impl Body) -> impl Body {
//!     Native::new(
//!         #[coroutine]
//!         move |_start: JobResult<Value>| {
//!             (yield pool.submit(|_| Ok(Value::None)))?;
//!             yield generator; // expected `PoolFuture<Value>`, found a generator
//!             Ok(())
//!         },
//!     )
//! }
//! ```
//!
//! ```compile_fail,E0308
//! use final_frontier::backend::stackless::SyncCo;
//! use final_frontier::concurrent::{future::{PoolFuture, JobResult}, pool::PoolHandle, value::Value};
//!
//! async fn after(
//!     co: &SyncCo<PoolFuture<Value>, JobResult<Value>>,
//!     pool: PoolHandle,
//!     generator: impl std::future::Future<Output = JobResult<()>>,
//! ) -> JobResult<()> {
//!     co.yield_(pool.submit(|_| Ok(Value::None))).await?;
//!     co.yield_(generator).await?; // expected `PoolFuture<Value>`, found a delegate
//!     Ok(())
//! }
//! ```
//!
//! ```compile_fail,E0308
//! use final_frontier::backend::stackful::Yielder;
//! use final_frontier::concurrent::{future::{PoolFuture, JobResult}, pool::PoolHandle, value::Value};
//!
//! type Y = Yielder<JobResult<Value>, PoolFuture<Value>>;
//! fn after(pool: PoolHandle, generator: impl FnOnce(&Y) -> JobResult<()>) -> impl FnOnce(&Y) -> JobResult<()> {
//!     move |yielder: &Y| {
//!         yielder.suspend(pool.submit(|_| Ok(Value::None)))?;
//!         yielder.suspend(generator)?; // expected `PoolFuture<Value>`, found a delegate
//!         Ok(())
//!     }
//! }
//! ```
//!
//! ## Try 2: `for f in fut: yield f`
//!
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/inline_puzzle/example2.md"))]
//!
//! ```compile_fail,E0277
//! #![feature(coroutines)]
//! use final_frontier::backend::native::Native;
//! use final_frontier::concurrent::{future::JobResult, pool::PoolHandle, value::Value};
//! use final_frontier::concurrent::task::Body;
//!
//! fn after(pool: PoolHandle, generator: impl Body) -> impl Body {
//!     Native::new(
//!         #[coroutine]
//!         move |_start: JobResult<Value>| {
//!             (yield pool.submit(|_| Ok(Value::None)))?;
//!             for f in generator { // a generator resumed with values is not an `Iterator`
//!                 yield f;
//!             }
//!             Ok(())
//!         },
//!     )
//! }
//! ```
//!
//! ## Try 3, as the original wrote it
//!
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/inline_puzzle/example3.md"))]
//!
//! ```compile_fail,E0381
//! #![feature(coroutines)]
//! use final_frontier::backend::native::Native;
//! use final_frontier::generator::{Generator, Step};
//! use final_frontier::concurrent::{future::JobResult, pool::PoolHandle, value::Value};
//! use final_frontier::concurrent::task::Body;
//!
//! fn after(pool: PoolHandle, mut generator: impl Body) -> impl Body {
//!     Native::new(
//!         #[coroutine]
//!         move |_start: JobResult<Value>| {
//!             (yield pool.submit(|_| Ok(Value::None)))?;
//!             let mut result: JobResult<Value>;
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
//! ## Try 4: `yield`, then `yield from`
//!
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/inline_puzzle/example4.md"))]
//!
//! It works: [`native::after_yield_from`] and its stackless and stackful twins.
//!
//! ## Try 5: `yield from` on both
//!
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/inline_puzzle/example5.md"))]
//!
//! ```compile_fail,E0277
//! #![feature(coroutines)]
//! use final_frontier::backend::native::Native;
//! use final_frontier::concurrent::{future::JobResult, pool::PoolHandle, value::Value};
//! use final_frontier::concurrent::task::Body;
//! use final_frontier::yield_from;
//!
//! fn after(pool: PoolHandle, generator: impl Body) -> impl Body {
//!     Native::new(
//!         #[coroutine]
//!         move |_start: JobResult<Value>| {
//!             yield_from!(pool.submit(|_| Ok(Value::None)), Ok(Value::None))?; // a Future is not a Generator
//!             yield_from!(generator, Ok(Value::None))
//!         },
//!     )
//! }
//! ```
//!
//! ```compile_fail,E0277
//! use final_frontier::backend::stackless::SyncCo;
//! use final_frontier::concurrent::{future::{PoolFuture, JobResult}, pool::PoolHandle, value::Value};
//!
//! async fn after(
//!     _co: &SyncCo<PoolFuture<Value>, JobResult<Value>>,
//!     pool: PoolHandle,
//!     generator: impl std::future::Future<Output = JobResult<()>>,
//! ) -> JobResult<()> {
//!     pool.submit(|_| Ok(Value::None)).await?; // our Future is not a `std::future::Future`
//!     generator.await
//! }
//! ```
//!
//! ```compile_fail,E0618
//! use final_frontier::backend::stackful::Yielder;
//! use final_frontier::concurrent::{future::{PoolFuture, JobResult}, pool::PoolHandle, value::Value};
//!
//! type Y = Yielder<JobResult<Value>, PoolFuture<Value>>;
//! fn after(pool: PoolHandle, generator: impl FnOnce(&Y) -> JobResult<()>) -> impl FnOnce(&Y) -> JobResult<()> {
//!     move |yielder: &Y| {
//!         (pool.submit(|_| Ok(Value::None)))(yielder)?; // a future is not a delegate you can call
//!         generator(yielder)
//!     }
//! }
//! ```
//!
//! ## Deviations
//!
//! - The file calls none of the examples; the port and the twin run them in order, each to its end, and the
//!   transcript says how each one ends.
//! - Try 3 runs twice: as written (an error in Python, a compile error in Rust) and fixed, with `result` set
//!   before the loop (the twin's `example3_fixed`, not in the original), to show the hand-written loop work.
//! - The twin's `ThreadPoolExecutor` is `python/pool.py`'s (the same `submit`, on the pool's clock, see
//!   [`inline1`](crate::part3_futures::inline1)), which can wait until it is idle: each example ends before the
//!   next starts. The twin copies inline2's Task, as the original does; it sleeps through `frontier.sleep` (the
//!   time scale).
#![doc = include_str!(concat!(env!("OUT_DIR"), "/output/inline_puzzle.md"))]

use std::time::Duration;

use crate::backend::Backend;
use crate::concurrent::future::JobResult;
use crate::concurrent::jobs::{func, sleep};
use crate::concurrent::pool::Pool;
use crate::concurrent::task::{Body, Task, TaskCo, TaskYielder};
use crate::concurrent::value::Value;
use crate::concurrent::wakeup::{Home, OnPoolThreads, ResumeOn};
use crate::concurrent::{Env, FuturesError};
use crate::generator::Step;
use crate::transcript::Transcript;

/// Native: `do_func` is a generator, so every try can take it as it is.
pub mod native {
    use super::*;
    use crate::backend::native::Native;
    use crate::yield_from;

    /// `do_func(x, y)`: `Got: <result>`, or `Failed: <repr of the error>` when the job's error is thrown in.
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

    /// Try 2: forward the items with a loop that resumes `gen` as `next()` does, with `None`.
    pub fn after_for_loop(env: Env, delay: Duration, mut generator: impl Body) -> impl Body {
        Native::new(
            #[coroutine]
            move |_start: JobResult<Value>| {
                (yield env.pool.submit(sleep(delay)))?;
                while let Step::Yield(f) = generator.resume(Ok(Value::None)) {
                    let _ = yield f; // the result the Task sends here is dropped: this is the bug
                }
                Ok(())
            },
        )
    }

    /// Try 3, fixed: the hand-written send loop (what `yield_from!` expands to).
    pub fn after_send_loop(env: Env, delay: Duration, mut generator: impl Body) -> impl Body {
        Native::new(
            #[coroutine]
            move |_start: JobResult<Value>| {
                (yield env.pool.submit(sleep(delay)))?;
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
    pub fn after_yield_from(env: Env, delay: Duration, generator: impl Body) -> impl Body {
        Native::new(
            #[coroutine]
            move |_start: JobResult<Value>| {
                (yield env.pool.submit(sleep(delay)))?;
                yield_from!(generator, Ok(Value::None))
            },
        )
    }
}

/// Stackless: `do_func` is an `async fn` on a shared `Co` (a delegate); tries 2 and 3 resume `gen` by hand, so
/// they need it as a generator of its own: the same body given its own `Co` ([`stackless::generator`]).
pub mod stackless {
    use super::*;
    use crate::backend::stackless::Stackless;

    /// `do_func(x, y)`, as a delegate.
    pub async fn do_func(co: &TaskCo, env: Env, x: Value, y: Value) -> JobResult<()> {
        match co.yield_(env.pool.submit(func(x, y))).await {
            Ok(result) => env.t.line(format!("Got: {result}")),
            Err(error) => env.t.line(format!("Failed: {}", error.repr())),
        }
        Ok(())
    }

    /// `do_func(x, y)` as a generator of its own, for tries 2 and 3.
    pub fn generator(env: Env, x: Value, y: Value) -> impl Body {
        Stackless::sync(move |co: TaskCo| async move { do_func(&co, env, x, y).await })
    }

    /// Try 2: forward the items with a loop that resumes `gen` as `next()` does, with `None`.
    pub async fn after_for_loop(co: &TaskCo, env: Env, delay: Duration, mut generator: impl Body) -> JobResult<()> {
        co.yield_(env.pool.submit(sleep(delay))).await?;
        while let Step::Yield(f) = generator.resume(Ok(Value::None)) {
            let _ = co.yield_(f).await; // the result the Task sends here is dropped: this is the bug
        }
        Ok(())
    }

    /// Try 3, fixed: the hand-written send loop.
    pub async fn after_send_loop(co: &TaskCo, env: Env, delay: Duration, mut generator: impl Body) -> JobResult<()> {
        co.yield_(env.pool.submit(sleep(delay))).await?;
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
        co: &TaskCo,
        env: Env,
        delay: Duration,
        generator: impl std::future::Future<Output = JobResult<()>>,
    ) -> JobResult<()> {
        co.yield_(env.pool.submit(sleep(delay))).await?;
        generator.await
    }
}

/// Stackful: `do_func` is a function of a shared yielder (a delegate); tries 2 and 3 resume `gen` by hand, so
/// they need it as a coroutine of its own ([`stackful::generator`]).
pub mod stackful {
    use super::*;
    use crate::backend::stackful::{StackError, Stackful};

    /// `do_func(x, y)`, as a delegate.
    pub fn do_func(env: Env, x: Value, y: Value) -> impl FnOnce(&TaskYielder) -> JobResult<()> {
        move |yielder| {
            match yielder.suspend(env.pool.submit(func(x, y))) {
                Ok(result) => env.t.line(format!("Got: {result}")),
                Err(error) => env.t.line(format!("Failed: {}", error.repr())),
            }
            Ok(())
        }
    }

    /// `do_func(x, y)` as a coroutine of its own, for tries 2 and 3.
    pub fn generator(env: Env, x: Value, y: Value) -> Result<impl Body, StackError> {
        Stackful::new(do_func(env, x, y))
    }

    /// Try 2: forward the items with a loop that resumes `gen` as `next()` does, with `None`.
    pub fn after_for_loop(
        env: Env,
        delay: Duration,
        mut generator: impl Body,
    ) -> impl FnOnce(&TaskYielder) -> JobResult<()> {
        move |yielder| {
            yielder.suspend(env.pool.submit(sleep(delay)))?;
            while let Step::Yield(f) = generator.resume(Ok(Value::None)) {
                let _ = yielder.suspend(f); // the result the Task sends here is dropped: this is the bug
            }
            Ok(())
        }
    }

    /// Try 3, fixed: the hand-written send loop.
    pub fn after_send_loop(
        env: Env,
        delay: Duration,
        mut generator: impl Body,
    ) -> impl FnOnce(&TaskYielder) -> JobResult<()> {
        move |yielder| {
            yielder.suspend(env.pool.submit(sleep(delay)))?;
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
    pub fn after_yield_from(
        env: Env,
        delay: Duration,
        generator: impl FnOnce(&TaskYielder) -> JobResult<()>,
    ) -> impl FnOnce(&TaskYielder) -> JobResult<()> {
        move |yielder| {
            yielder.suspend(env.pool.submit(sleep(delay)))?;
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

/// Runs inline_puzzle.py's five tries on one backend.
pub fn run(t: &Transcript, backend: Backend) -> Result<(), FuturesError> {
    use crate::backend::stackful::Stackful;
    use crate::backend::stackless::Stackless;

    let pool = Pool::new(8, t)?;
    let env = Env::new(pool.handle(), t);
    let ten = Duration::from_secs(10);
    let on_pool = || OnPoolThreads::new(pool.handle());
    // Python's `after(10, do_func(2, 3))` only builds generators; nothing runs until a Task steps them.
    match backend {
        Backend::Native => tries(
            t,
            on_pool,
            native::after_for_loop(env.clone(), ten, native::do_func(env.clone(), 2.into(), 3.into())),
            native::after_send_loop(env.clone(), ten, native::do_func(env.clone(), 2.into(), 3.into())),
            native::after_yield_from(env.clone(), ten, native::do_func(env, 2.into(), 3.into())),
        ),
        Backend::Stackless => {
            let (env2, env3, env4) = (env.clone(), env.clone(), env);
            tries(
                t,
                on_pool,
                Stackless::sync(move |co: TaskCo| async move {
                    let generator = stackless::generator(env2.clone(), 2.into(), 3.into());
                    stackless::after_for_loop(&co, env2, ten, generator).await
                }),
                Stackless::sync(move |co: TaskCo| async move {
                    let generator = stackless::generator(env3.clone(), 2.into(), 3.into());
                    stackless::after_send_loop(&co, env3, ten, generator).await
                }),
                Stackless::sync(move |co: TaskCo| async move {
                    let generator = stackless::do_func(&co, env4.clone(), 2.into(), 3.into());
                    stackless::after_yield_from(&co, env4, ten, generator).await
                }),
            )
        }
        Backend::Stackful => tries(
            t,
            Home::current,
            Stackful::new(stackful::after_for_loop(
                env.clone(),
                ten,
                stackful::generator(env.clone(), 2.into(), 3.into())?,
            ))?,
            Stackful::new(stackful::after_send_loop(
                env.clone(),
                ten,
                stackful::generator(env.clone(), 2.into(), 3.into())?,
            ))?,
            Stackful::new(stackful::after_yield_from(env.clone(), ten, stackful::do_func(env, 2.into(), 3.into())))?,
        ),
    }
}

/// The five tries in order, each Task run to its end before the next starts; tries 1 and 5 are compile errors
/// in Rust and are only described.
fn tries<W, A: Body, B: Body, C: Body>(
    t: &Transcript,
    wake: impl Fn() -> W,
    for_loop: A,
    send_loop: B,
    yield_from: C,
) -> Result<(), FuturesError>
where
    W: ResumeOn<Task<A, W>> + ResumeOn<Task<B, W>> + ResumeOn<Task<C, W>>,
{
    t.line("---- try 1: yield the generator itself");
    t.line(TRY_1);
    t.line("---- try 2: forward with a for loop");
    Task::run("after", for_loop, wake())?;
    t.line(TRY_2);
    t.line("---- try 3: a hand-written send loop");
    t.line(TRY_3_ORIGINAL);
    t.line("fixed:");
    Task::run("after", send_loop, wake())?;
    t.line("---- try 4: yield, then yield from");
    Task::run("after", yield_from, wake())?;
    t.line("---- try 5: yield from on both");
    t.line(TRY_5);
    Ok(())
}
