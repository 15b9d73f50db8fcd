//! inline_future.py: the Task is itself a future, and `yield from` composes inlined futures like functions.
//!
//! ```python
//! class Task(Future):
//!     def step(self, value=None, exc=None):
//!         try:
//!             fut = self._gen.throw(exc) if exc else self._gen.send(value)
//!             fut.add_done_callback(self._wakeup)
//!         except StopIteration as exc:
//!             self.set_result(exc.value)
//!         except Exception as exc:
//!             self.set_exception(exc)
//!
//! def start_inline_future(gen):
//!     t = Task(gen); t.step(); return t
//! def run_inline_future(gen):
//!     return start_inline_future(gen).result()
//!
//! def do_func(x, y):
//!     result = yield from pool.submit(func, x, y)
//!     return result
//!
//! print('Result:', run_inline_future(do_func(2, 3)))
//! print('Result:', run_inline_future(after(10, do_func(2, 3))))
//! ```
//!
//! A generator's return value (Python's `StopIteration.value`) becomes the Task's result, and an error it does
//! not catch becomes the Task's error. Nested generators return values to their delegators (`after` returns what
//! `do_func` returned), so inlined futures compose like function calls.
//!
//! What Rust makes explicit:
//!
//! - Python's `Task(Future)` inherits; here [`Task`] *owns* a [`Future`] and hands out clones of it: the Task
//!   moves into callbacks, the handle stays with whoever waits. If a Task is dropped before it finishes (its
//!   wake-up was lost), `Drop` fails its future with [`JobError::Abandoned`]: a waiter never hangs.
//! - Where the Task is woken is its parameter `W`, as for every Task ([`wake`](crate::futures::wake)); so is
//!   how [`run_inline_future`] waits: blocking in `result()` on the pool-thread story, serving the home's
//!   wake-ups on the stackful one (blocking there would deadlock: the wake-ups come to the waiting thread).
//! - Python's `@inlined_future` decorator only asserts that the function is a generator function (the fib
//!   samples import it); here the types say so: what a Task drives is a [`Body<Value>`](Body).
//! - The cost of delegation: every `yield from` level forwards every item on the native backend
//!   ([`yield_from!`](crate::yield_from)) and polls through every level on the stackless one; on the stackful
//!   backend a level is a plain call and costs nothing per item. `cargo bench --bench yield_from` measures it.
//!
//! # Closing the loop: `async fn`
//!
//! Look at what the design has become: functions that suspend where they wait for a future (`yield from fut`),
//! compose by delegation (`yield from gen`), and return values; a Task that drives the outermost one and is itself
//! a future; callbacks that wake the Task. Rust's `async`/`await` is this very design made a language feature:
//! `async fn` is the generator, `.await` is `yield from`, `std::future::Future::poll` is `Future.__iter__`
//! (not done: register the wake-up and suspend; done: the value), the `Waker` is `_wakeup`, and an executor's
//! task is this Task. [`async_fn`] runs the same program that way, on an executor of a dozen lines.
#![doc = include_str!(concat!(env!("OUT_DIR"), "/output/inline_future.md"))]

use std::marker::PhantomData;
use std::time::Duration;

use super::inline_iter;
use crate::backend::Backend;
use crate::futures::future::{Future, JobError, Outcome};
use crate::futures::jobs::{func, sleep};
use crate::futures::pool::Pool;
use crate::futures::task::{Body, TaskCo, TaskYielder};
use crate::futures::value::Value;
use crate::futures::wake::{Home, OnPoolThreads, Wake};
use crate::futures::{Env, FuturesError};
use crate::generator::{Step, Throw};
use crate::transcript::Transcript;

/// inline_future's Task: inline2's, plus the future it completes with the generator's return value. It has no
/// uncaught errors to keep (they are its result), so `W` is only the way it is woken.
pub struct Task<G, W> {
    generator: G,
    future: Future<Value>,
    wake: PhantomData<fn() -> W>,
}

impl<G: Body<Value>, W: Wake<Task<G, W>>> Task<G, W> {
    /// Python's `step(value, exc)`.
    pub fn step(mut self, sent: Outcome<Value>) {
        let step = match sent {
            Ok(value) => self.generator.send(value),
            Err(error) => self.generator.throw(error),
        };
        match step {
            Step::Yield(fut) => W::when_done(&fut, self, Self::step),
            // Python's `set_result(exc.value)` or `set_exception(exc)`: both are the outcome.
            Step::Return(outcome) => {
                let _ = self.future.set(outcome);
            }
        }
    }
}

impl<G, W> Drop for Task<G, W> {
    fn drop(&mut self) {
        // Already done, in the normal case: then this does nothing.
        let _ = self.future.set(Err(JobError::Abandoned));
    }
}

/// Python's `start_inline_future(gen)`: start a Task, get its future at once.
pub fn start_inline_future<G: Body<Value>, W: Wake<Task<G, W>>>(generator: G) -> Future<Value> {
    let future = Future::new();
    Task::<G, W> { generator, future: future.clone(), wake: PhantomData }.step(Ok(Value::None));
    future
}

/// Python's `run_inline_future(gen)`: start a Task and wait for its result.
pub fn run_inline_future<G: Body<Value>, W: Wake<Task<G, W>>>(generator: G, wake: W) -> Outcome<Value> {
    wake.wait(&start_inline_future::<G, W>(generator))
}

/// Native: `do_func` returns its result; `after` and the future's `iter` are inline_iter's.
pub mod native {
    use super::*;
    use crate::backend::native::Native;
    use crate::yield_from;

    pub use inline_iter::native::{after, iter};

    /// `do_func(x, y)`: `result = yield from pool.submit(func, x, y)`; `return result`.
    pub fn do_func(env: Env, x: i64, y: i64) -> impl Body<Value> {
        Native::new(
            #[coroutine]
            move |_start: Outcome<Value>| {
                let result = yield_from!(iter(env.pool.submit(func(x, y))), Ok(Value::None))?;
                Ok(result)
            },
        )
    }
}

/// Stackless: `do_func` is an `async fn` on the shared `Co`.
pub mod stackless {
    use super::*;

    pub use inline_iter::stackless::{after, iter};

    /// `do_func(x, y)`: `result = yield from pool.submit(func, x, y)`; `return result`.
    pub async fn do_func(co: &TaskCo, env: Env, x: i64, y: i64) -> Outcome<Value> {
        let result = iter(co, env.pool.submit(func(x, y))).await?;
        Ok(result)
    }
}

/// Stackful: `do_func` is a function of the shared yielder.
pub mod stackful {
    use super::*;

    pub use inline_iter::stackful::{after, iter};

    /// `do_func(x, y)`: `result = yield from pool.submit(func, x, y)`; `return result`.
    pub fn do_func(env: Env, x: i64, y: i64) -> impl FnOnce(&TaskYielder) -> Outcome<Value> {
        move |yielder| {
            let result = iter(yielder, env.pool.submit(func(x, y)))?;
            Ok(result)
        }
    }
}

/// Runs inline_future.py on one backend: `Result: 5` for `do_func(2, 3)`, then for `after(10, do_func(2, 3))`.
pub fn run(t: &Transcript, backend: Backend) -> Result<(), FuturesError> {
    use crate::backend::stackful::Stackful;
    use crate::backend::stackless::Stackless;

    let pool = Pool::new(8, t)?;
    let env = Env::new(pool.handle(), t);
    let ten = Duration::from_secs(10);
    let on_pool = || OnPoolThreads::new(pool.handle());
    match backend {
        Backend::Native => main(
            t,
            on_pool(),
            native::do_func(env.clone(), 2, 3),
            native::after(env.clone(), ten, native::do_func(env, 2, 3)),
        ),
        Backend::Stackless => {
            let (first, second) = (env.clone(), env);
            main(
                t,
                on_pool(),
                Stackless::sync(move |co: TaskCo| async move { stackless::do_func(&co, first, 2, 3).await }),
                Stackless::sync(move |co: TaskCo| async move {
                    stackless::after(&co, second.clone(), ten, stackless::do_func(&co, second, 2, 3)).await
                }),
            )
        }
        Backend::Stackful => main(
            t,
            Home::current(),
            Stackful::new(stackful::do_func(env.clone(), 2, 3))?,
            Stackful::new(stackful::after(env.clone(), ten, stackful::do_func(env, 2, 3)))?,
        ),
    }
}

/// The original's main program: `print('Result:', run_inline_future(...))`, twice. A Task's uncaught error is
/// `result()` raising: the sample fails with it.
fn main<W, A: Body<Value>, B: Body<Value>>(t: &Transcript, wake: W, do_func: A, after: B) -> Result<(), FuturesError>
where
    W: Wake<Task<A, W>> + Wake<Task<B, W>>,
{
    t.line(format!("Result: {}", run_inline_future(do_func, wake.clone())?));
    t.line(format!("Result: {}", run_inline_future(after, wake)?));
    Ok(())
}

/// The same program as `async fn`s: Rust's async/await is the inlined-future design as a language feature.
///
/// ```text
/// inlined futures (this crate)           async/await (the language)
/// generator yielding futures             async fn
/// yield_from!(iter(fut))                wait(fut).await
/// Future.__iter__ / iter(fut)            Wait's std::future::Future::poll
/// Task + _wakeup callback                the executor's task + its Waker
/// run_inline_future(gen)                 block_on(fut)
/// ```
pub mod async_fn {
    use std::pin::Pin;
    use std::sync::Arc;
    use std::task::{Context, Poll, Wake, Waker};
    use std::thread::{self, Thread};

    use super::*;

    /// Python's `Future.__iter__` once more, now as [`std::future::Future::poll`]: not done, hand the scheduler
    /// a way to come back (the waker, registered as a done-callback) and suspend; done, the value.
    ///
    /// A wrapper rather than an `impl std::future::Future for Future`: with that impl, `fut.await` would also
    /// compile inside a genawaiter body, where it panics at run time (genawaiter only drives `co.yield_()`).
    /// Naming the adapter keeps try 5 of the puzzle a compile-time error on every backend.
    pub struct Wait<T>(Future<T>);

    /// Makes a callback future awaitable, as [`iter`](inline_iter::native::iter) made it delegatable.
    pub fn wait<T>(fut: Future<T>) -> Wait<T> {
        Wait(fut)
    }

    impl<T: Clone + Send + 'static> std::future::Future for Wait<T> {
        type Output = Outcome<T>;

        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Outcome<T>> {
            match self.0.try_result() {
                Some(outcome) => Poll::Ready(outcome),
                None => {
                    let waker = cx.waker().clone();
                    // If the job finished in between, the callback runs at once and we are polled again.
                    self.0.add_done_callback(move |_| waker.wake());
                    Poll::Pending
                }
            }
        }
    }

    /// `do_func(x, y)`: `result = yield from pool.submit(func, x, y)` is now `wait(...).await`.
    pub async fn do_func(env: &Env, x: i64, y: i64) -> Outcome<Value> {
        let result = wait(env.pool.submit(func(x, y))).await?;
        Ok(result)
    }

    /// `after(delay, gen)`: wait for a sleep job, then for `generator`, and return its value.
    pub async fn after<R>(
        env: &Env,
        delay: Duration,
        generator: impl std::future::Future<Output = Outcome<R>>,
    ) -> Outcome<R> {
        wait(env.pool.submit(sleep(delay))).await?;
        generator.await
    }

    /// Wakes the thread that is blocked in [`block_on`].
    struct Unpark(Thread);

    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }

    /// The smallest executor, and `run_inline_future`'s counterpart: poll; while pending, sleep until woken.
    pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
        let waker = Waker::from(Arc::new(Unpark(thread::current())));
        let mut cx = Context::from_waker(&waker);
        let mut future = std::pin::pin!(future);
        loop {
            match future.as_mut().poll(&mut cx) {
                Poll::Ready(output) => return output,
                // A wake-up that came before we park makes `park` return at once: nothing is lost.
                Poll::Pending => thread::park(),
            }
        }
    }

    /// inline_future.py once more, as `async fn`s: prints the same two `Result: 5` lines.
    pub fn run(t: &Transcript) -> Result<(), FuturesError> {
        let pool = Pool::new(8, t)?;
        let env = Env::new(pool.handle(), t);
        t.line(format!("Result: {}", block_on(do_func(&env, 2, 3))?));
        t.line(format!("Result: {}", block_on(after(&env, Duration::from_secs(10), do_func(&env, 2, 3)))?));
        Ok(())
    }
}
