//! inline_future.py: the Task is itself a future, and `yield from` composes inlined futures like functions.
//! The twin's Task, as the original's:
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/inline_future/Task.md"))]
//! A generator's return value (Python's `StopIteration.value`) becomes the Task's result. That is all `step`
//! catches: an exception that escapes the generator escapes `step` too, to the caller of the first step, or from
//! a done-callback into concurrent.futures' log, and the Task's future is never completed. Two helpers start a
//! Task and wait for one, and a decorator only checks that it is given a generator function:
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/inline_future/inlined_future.md"))]
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/inline_future/start_inline_future.md"))]
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/inline_future/run_inline_future.md"))]
//! The example: `do_func` still `yield`s its job's future plainly (the patched future of
//! [`inline_iter`](super::inline_iter) makes `yield` and `yield from` equivalent) and now *returns* the result;
//! `after` delegates to the sleep future and to `fut` with `yield from` and returns what `fut` returned. Nested
//! generators return values to their delegators, so inlined futures compose like function calls:
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/inline_future/do_func.md"))]
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/inline_future/after.md"))]
//!
//! What Rust makes explicit:
//!
//! - Python's `Task(Future)` inherits; here [`Task`] *owns* a [`PoolFuture`] and hands out clones of it: the Task
//!   moves into callbacks, the handle stays with whoever waits.
//! - An error that escapes the generator cannot escape `step` into a log: it is kept as uncaught by the Task's
//!   runner ([`Runner::uncaught`]), as inline2's Task keeps it. The
//!   Task's future is not set with it (only a return value sets it); the Task is dropped, and its `Drop` fails
//!   the future with [`JobError::Abandoned`], so a waiter never hangs where Python's `result()` would wait
//!   forever; [`result`] then returns the uncaught error, and the run fails with it.
//! - Where the Task is woken is its parameter `W`, as for every Task ([`wakeup`](crate::concurrent::wakeup)); so is
//!   how [`run_inline_future`] waits: blocking in `result()` on the pool-thread story, serving the home's
//!   wake-ups on the stackful one (blocking there would deadlock: the wake-ups come to the waiting thread).
//! - Python's `@inlined_future` only asserts that the function is a generator function (the fib samples import
//!   it); here the types say so: what a Task drives is a [`Body<Value>`](Body).
//! - The cost of delegation: every `yield from` level forwards every item on the native backend
//!   ([`yield_from!`](crate::yield_from)) and polls through every level on the stackless one; on the stackful
//!   backend a level is a plain call and costs nothing per item. `cargo bench --bench yield_from` measures it.
//!
//! ## Closing the loop: `async fn`
//!
//! Look at what the design has become: functions that suspend where they wait for a future (`yield from fut`),
//! compose by delegation (`yield from gen`), and return values; a Task that drives the outermost one and is itself
//! a future; callbacks that wake the Task. Rust's `async`/`await` is this very design made a language feature:
//! `async fn` is the generator, `.await` is `yield from`, `std::future::Future::poll` is `Future.__iter__`
//! (not done: register the wake-up and suspend; done: the value), the `Waker` is `_wakeup`, and an executor's
//! task is this Task. [`async_fn`] runs the same program that way, on an executor of a dozen lines.
//!
//! ## Deviations
//!
//! - An error that escapes a Task's generator fails the run (Python logs it, and a `result()` waiting for that
//!   Task waits forever).
//! - The twin defines the example's `pool`, `func`, `do_func` and `after` at the top level, where the study
//!   shows them and tests import them; only the two prints are under `if __name__ == '__main__':`, so importing
//!   the module (as fib1 to fib3 do) runs nothing. It sleeps through `frontier.sleep` (the time scale).
//! - `after` is [`inline_iter`]'s, whose `after` returns the value of the generator it delegates to: the same
//!   as `result = yield from fut; return result`.
#![doc = include_str!(concat!(env!("OUT_DIR"), "/output/inline_future.md"))]

use std::time::Duration;

use super::inline_iter;
use crate::backend::Backend;
use crate::concurrent::future::{JobError, JobResult, PoolFuture, Resume};
use crate::concurrent::jobs::{func, sleep};
use crate::concurrent::pool::Pool;
use crate::concurrent::task::{Body, TaskCo, TaskYielder};
use crate::concurrent::value::Value;
use crate::concurrent::wakeup::{Home, OnPoolThreads, ResumeOn, Runner};
use crate::concurrent::{Env, FuturesError};
use crate::generator::{Step, Throw};
use crate::trace::{Traced, traced};
use crate::transcript::Transcript;

/// inline_future's Task: inline2's, plus the future it completes with the generator's return value.
pub struct Task<G, W> {
    generator: G,
    future: PoolFuture<Value>,
    wake: W,
    /// Python's bound method `self._wakeup`, which the future's callback holds: with it, the future can hold the
    /// Task itself ([`Resume`]).
    wakeup: fn(Box<Self>, JobResult<Value>),
}

impl<G: Body<Value>, W: ResumeOn<Task<G, W>>> Task<G, W> {
    /// Python's `Task(gen)`: nothing runs until the first [`Task::step`]. As in Python, the Task is one object on
    /// the heap, held by the future it waits on; `future` is the Task's own, completed with its return value.
    fn new(generator: G, future: PoolFuture<Value>, wake: W) -> Box<Self> {
        Box::new(Task { generator, future, wake, wakeup: Self::step })
    }

    /// Python's `step(value, exc)`.
    pub fn step(mut self: Box<Self>, sent: JobResult<Value>) {
        let step = match sent {
            Ok(value) => self.generator.send(value),
            Err(error) => self.generator.throw(error),
        };
        match step {
            Step::Yield(fut) => W::when_done(&fut, self),
            // Python's `except StopIteration as exc: self.set_result(exc.value)`.
            Step::Return(Ok(value)) => {
                let _ = self.future.set(Ok(value));
            }
            // Not caught in Python: it escapes `step`. Kept as uncaught; the future is left to `Drop`.
            Step::Return(Err(error)) => self.wake.uncaught(error),
        }
    }
}

impl<G: 'static, W: 'static> Resume<Value> for Task<G, W> {
    fn resume(self: Box<Self>, outcome: JobResult<Value>) {
        (self.wakeup)(self, outcome)
    }
}

impl<G, W> Drop for Task<G, W> {
    fn drop(&mut self) {
        // Already done, in the normal case: then this does nothing.
        let _ = self.future.set(Err(JobError::Abandoned));
    }
}

/// Python's `start_inline_future(fut)`: start a Task, get its future at once.
pub fn start_inline_future<G: Body<Value>, W: ResumeOn<Task<G, W>>>(generator: G, wake: W) -> PoolFuture<Value> {
    let future = PoolFuture::new();
    Task::new(generator, future.clone(), wake).step(Ok(Value::None));
    future
}

/// Python's `run_inline_future(fut)`: start a Task and wait for its result.
pub fn run_inline_future<G: Body<Value>, W: ResumeOn<Task<G, W>>>(generator: G, wake: W) -> JobResult<Value> {
    result(&start_inline_future(generator, wake.clone()), &wake)
}

/// Python's `t.result()` on a started Task: its return value. If its generator raised, Python's `result()`
/// would wait forever; here the wait ends ([`JobError::Abandoned`]), and the error that Python would have logged,
/// kept by the runner, is returned in its place.
pub fn result<W: Runner>(task: &PoolFuture<Value>, wake: &W) -> JobResult<Value> {
    match wake.wait(task) {
        Err(JobError::Abandoned) => Err(wake.finish().err().unwrap_or(JobError::Abandoned)),
        outcome => outcome,
    }
}

/// Native: `do_func` returns its result; `after` and the future's `iter` are inline_iter's.
pub mod native {
    use super::*;
    use crate::backend::native::Native;

    pub use inline_iter::native::{after, iter};

    /// `do_func(x, y)`: `yield` the job's future; return the result, or print `Failed:` and return `None`.
    pub fn do_func(env: Env, x: Value, y: Value) -> impl Body<Value> {
        Native::new(
            #[coroutine]
            move |_start: JobResult<Value>| match yield env.pool.submit(func(x, y)) {
                Ok(result) => Ok(result),
                Err(e) => {
                    env.t.line(format!("Failed: {}", e.repr()));
                    Ok(Value::None)
                }
            },
        )
    }
}

/// Stackless: `do_func` is an `async fn` on the shared `Co`.
pub mod stackless {
    use super::*;

    pub use inline_iter::stackless::{after, iter};

    /// `do_func(x, y)`: `yield` the job's future; return the result, or print `Failed:` and return `None`.
    pub async fn do_func(co: &TaskCo, env: Env, x: Value, y: Value) -> JobResult<Value> {
        match co.yield_(env.pool.submit(func(x, y))).await {
            Ok(result) => Ok(result),
            Err(e) => {
                env.t.line(format!("Failed: {}", e.repr()));
                Ok(Value::None)
            }
        }
    }
}

/// Stackful: `do_func` is a function of the shared yielder.
pub mod stackful {
    use super::*;

    pub use inline_iter::stackful::{after, iter};

    /// `do_func(x, y)`: `yield` the job's future; return the result, or print `Failed:` and return `None`.
    pub fn do_func(env: Env, x: Value, y: Value) -> impl FnOnce(&TaskYielder) -> JobResult<Value> {
        move |yielder| match yielder.suspend(env.pool.submit(func(x, y))) {
            Ok(result) => Ok(result),
            Err(e) => {
                env.t.line(format!("Failed: {}", e.repr()));
                Ok(Value::None)
            }
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
    let (two, three) = (Value::from(2), Value::from(3));
    let (x, y) = (two.clone(), three.clone());
    let on_pool = || OnPoolThreads::new(pool.handle());
    match backend {
        Backend::Native => program(
            t,
            on_pool(),
            native::do_func(env.clone(), x, y),
            native::after(env.clone(), ten, native::do_func(env, two, three)),
        ),
        Backend::Stackless => {
            let first = env.clone();
            program(
                t,
                on_pool(),
                Stackless::sync(move |co: TaskCo| async move { stackless::do_func(&co, first, x, y).await }),
                Stackless::sync(move |co: TaskCo| async move {
                    stackless::after(&co, env.clone(), ten, stackless::do_func(&co, env, two, three)).await
                }),
            )
        }
        Backend::Stackful => program(
            t,
            Home::current(),
            Stackful::new(stackful::do_func(env.clone(), x, y))?,
            Stackful::new(stackful::after(env.clone(), ten, stackful::do_func(env, two, three)))?,
        ),
    }
}

/// The original's main program: `print('Result:', run_inline_future(...))`, twice. An error that escaped a
/// Task's generator fails the sample.
fn program<W, A: Body<Value>, B: Body<Value>>(t: &Transcript, wake: W, do_func: A, after: B) -> Result<(), FuturesError>
where
    W: ResumeOn<Task<Traced<A>, W>> + ResumeOn<Task<Traced<B>, W>>,
{
    t.line(format!("Result: {}", run_inline_future(traced("do_func", do_func), wake.clone())?));
    t.line(format!("Result: {}", run_inline_future(traced("after", after), wake)?));
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
    pub struct Wait<T>(PoolFuture<T>);

    /// Makes a callback future awaitable, as [`iter`](inline_iter::native::iter) made it delegatable.
    pub fn wait<T>(fut: PoolFuture<T>) -> Wait<T> {
        Wait(fut)
    }

    impl<T: Clone + Send + 'static> std::future::Future for Wait<T> {
        type Output = JobResult<T>;

        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<JobResult<T>> {
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

    /// `do_func(x, y)`: `result = yield pool.submit(func, x, y)` is now `wait(...).await`.
    pub async fn do_func(env: &Env, x: Value, y: Value) -> JobResult<Value> {
        match wait(env.pool.submit(func(x, y))).await {
            Ok(result) => Ok(result),
            Err(e) => {
                env.t.line(format!("Failed: {}", e.repr()));
                Ok(Value::None)
            }
        }
    }

    /// `after(delay, gen)`: wait for a sleep job, then for `generator`, and return its value.
    pub async fn after<R>(
        env: &Env,
        delay: Duration,
        generator: impl std::future::Future<Output = JobResult<R>>,
    ) -> JobResult<R> {
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
        let (two, three) = (Value::from(2), Value::from(3));
        t.line(format!("Result: {}", block_on(do_func(&env, two.clone(), three.clone()))?));
        t.line(format!("Result: {}", block_on(after(&env, Duration::from_secs(10), do_func(&env, two, three)))?));
        Ok(())
    }
}
