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

use std::time::Duration;

use super::inline_iter;
use crate::backend::Backend;
use crate::generator::{BoxGen, GeneratorExt, SendBoxGen, Step, Throw};
use crate::part3_futures::future::{Future, JobError, Outcome};
use crate::part3_futures::home::Home;
use crate::part3_futures::jobs::{func, sleep};
use crate::part3_futures::pool::{Pool, PoolHandle};
use crate::part3_futures::value::Value;
use crate::transcript::Transcript;

/// A generator the Task can drive: sent a job's outcome, yields futures, returns the Task's result.
pub type TaskGen = SendBoxGen<'static, Outcome<Value>, Future<Value>, Outcome<Value>>;

/// The same, for a generator that must stay on its thread (stackful).
pub type LocalGen = BoxGen<'static, Outcome<Value>, Future<Value>, Outcome<Value>>;

/// inline_future's Task: inline2's, plus the future it completes with the generator's return value.
pub struct Task {
    generator: TaskGen,
    future: Future<Value>,
}

impl Task {
    /// Python's `step(value, exc)`.
    pub fn step(mut self, sent: Outcome<Value>) {
        let step = match sent {
            Ok(value) => self.generator.send(value),
            Err(error) => self.generator.throw(error),
        };
        match step {
            Step::Yield(fut) => fut.add_done_callback(move |fut| self.wakeup(fut)),
            // Python's `set_result(exc.value)` or `set_exception(exc)`: both are the outcome.
            Step::Return(outcome) => {
                let _ = self.future.set(outcome);
            }
        }
    }

    /// Python's `_wakeup`: runs on the pool thread that finished the job.
    fn wakeup(self, fut: &Future<Value>) {
        self.step(fut.result());
    }
}

impl Drop for Task {
    fn drop(&mut self) {
        // Already done, in the normal case: then this does nothing.
        let _ = self.future.set(Err(JobError::Abandoned));
    }
}

/// Python's `start_inline_future(gen)`: start a Task, get its future at once.
pub fn start_inline_future(generator: TaskGen) -> Future<Value> {
    let future = Future::new();
    Task { generator, future: future.clone() }.step(Ok(Value::None));
    future
}

/// Python's `run_inline_future(gen)`: start a Task and block until its result.
pub fn run_inline_future(generator: TaskGen) -> Outcome<Value> {
    start_inline_future(generator).result()
}

/// The stackful Tasks' home.
pub type LocalHome = Home<LocalTask, Outcome<Value>>;

/// inline_future's Task for a generator that must stay on its thread (stackful).
pub struct LocalTask {
    generator: LocalGen,
    future: Future<Value>,
}

impl LocalTask {
    /// Python's `step(value, exc)`, on the home thread.
    pub fn step(mut self, home: &LocalHome, sent: Outcome<Value>) {
        let step = match sent {
            Ok(value) => self.generator.send(value),
            Err(error) => self.generator.throw(error),
        };
        match step {
            Step::Yield(fut) => {
                let wakeup = home.park(self);
                fut.add_done_callback(move |fut| wakeup.ring(fut.result()));
            }
            Step::Return(outcome) => {
                let _ = self.future.set(outcome);
            }
        }
    }

    /// Python's `_wakeup`, run by [`Home::run`] on the home thread.
    pub fn wakeup(self, home: &LocalHome, outcome: Outcome<Value>) {
        self.step(home, outcome);
    }
}

impl Drop for LocalTask {
    fn drop(&mut self) {
        let _ = self.future.set(Err(JobError::Abandoned));
    }
}

/// `start_inline_future` for a stackful generator: the Task lives in `home`.
pub fn start_local_inline_future(home: &LocalHome, generator: LocalGen) -> Future<Value> {
    let future = Future::new();
    LocalTask { generator, future: future.clone() }.step(home, Ok(Value::None));
    future
}

/// `run_inline_future` for a stackful generator: this thread serves the wake-ups itself until the Task is done.
/// (Blocking in `result()` here would deadlock: the wake-ups come to this very thread.)
pub fn run_local_inline_future(generator: LocalGen) -> Outcome<Value> {
    let home = LocalHome::new();
    let future = start_local_inline_future(&home, generator);
    home.run(|task, outcome| task.wakeup(&home, outcome));
    // Nothing is parked any more, so the Task has finished or been dropped: its future is done either way.
    future.try_result().unwrap_or(Err(JobError::Abandoned))
}

/// Native: `do_func` returns its result; `after` and the future's `iter` are inline_iter's.
pub mod native {
    use super::*;
    use crate::backend::native::Native;
    use crate::yield_from;

    pub use inline_iter::native::{Delegate, after, iter};

    /// `do_func(x, y)`: `result = yield from pool.submit(func, x, y)`; `return result`.
    pub fn do_func(pool: &PoolHandle, t: &Transcript, x: Value, y: Value) -> impl Delegate<Value> + use<> {
        let (pool, t) = (pool.clone(), t.clone());
        Native::new(
            #[coroutine]
            move |_start: Outcome<Value>| {
                let job = t.clone();
                let result = yield_from!(iter(pool.submit(move || func(&job, x, y))), Ok(Value::None))?;
                Ok(result)
            },
        )
    }
}

/// Stackless: `do_func` is an `async fn` on the shared `Co`.
pub mod stackless {
    use super::*;

    pub use inline_iter::stackless::{Co, after, iter};

    /// `do_func(x, y)`: `result = yield from pool.submit(func, x, y)`; `return result`.
    pub async fn do_func(co: &Co, pool: PoolHandle, t: Transcript, x: Value, y: Value) -> Outcome<Value> {
        let job = t.clone();
        let result = iter(co, pool.submit(move || func(&job, x, y))).await?;
        Ok(result)
    }
}

/// Stackful: `do_func` is a function of the shared yielder.
pub mod stackful {
    use super::*;

    pub use inline_iter::stackful::{Y, after, iter};

    /// `do_func(x, y)`: `result = yield from pool.submit(func, x, y)`; `return result`.
    pub fn do_func(pool: &PoolHandle, t: &Transcript, x: Value, y: Value) -> impl FnOnce(&Y) -> Outcome<Value> + use<> {
        let (pool, t) = (pool.clone(), t.clone());
        move |yielder: &Y| {
            let job = t.clone();
            let result = iter(yielder, pool.submit(move || func(&job, x, y)))?;
            Ok(result)
        }
    }
}

/// Runs inline_future.py on one backend: `Result: 5` for `do_func(2, 3)`, then for `after(10, do_func(2, 3))`.
pub fn run(t: &Transcript, backend: Backend) -> Result<(), crate::Error> {
    let pool = Pool::new(8)?;
    let p = pool.handle();
    let ten = Duration::from_secs(10);
    // Python's `after(10, do_func(2, 3))` builds the generators first; nothing runs until a Task steps them.
    let sendable: [TaskGen; 2] = match backend {
        Backend::Native => [
            native::do_func(&p, t, 2.into(), 3.into()).boxed_send(),
            native::after(&p, t, ten, native::do_func(&p, t, 2.into(), 3.into())).boxed_send(),
        ],
        Backend::Stackless => {
            let (p1, t1, p2, t2) = (p.clone(), t.clone(), p.clone(), t.clone());
            [
                crate::backend::stackless::Stackless::sync(move |co: stackless::Co| async move {
                    stackless::do_func(&co, p1, t1, 2.into(), 3.into()).await
                })
                .boxed_send(),
                crate::backend::stackless::Stackless::sync(move |co: stackless::Co| async move {
                    let generator = stackless::do_func(&co, p2.clone(), t2.clone(), 2.into(), 3.into());
                    stackless::after(&co, p2, t2, ten, generator).await
                })
                .boxed_send(),
            ]
        }
        Backend::Stackful => {
            use crate::backend::stackful::Stackful;
            let local: [LocalGen; 2] = [
                Stackful::new(stackful::do_func(&p, t, 2.into(), 3.into()))?.boxed(),
                Stackful::new(stackful::after(&p, t, ten, stackful::do_func(&p, t, 2.into(), 3.into())))?.boxed(),
            ];
            for generator in local {
                show_result(t, run_local_inline_future(generator))?;
            }
            return Ok(());
        }
    };
    for generator in sendable {
        show_result(t, run_inline_future(generator))?;
    }
    Ok(())
}

/// `print('Result:', result)`, or the Task's uncaught error as the sample's failure.
fn show_result(t: &Transcript, result: Outcome<Value>) -> Result<(), crate::Error> {
    let result = result.map_err(crate::part3_futures::FuturesError::from)?;
    t.line(format!("Result: {result}"));
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
    pub async fn do_func(pool: &PoolHandle, t: &Transcript, x: Value, y: Value) -> Outcome<Value> {
        let job = t.clone();
        let result = wait(pool.submit(move || func(&job, x, y))).await?;
        Ok(result)
    }

    /// `after(delay, gen)`: wait for a sleep job, then for `generator`, and return its value.
    pub async fn after<R>(
        pool: &PoolHandle,
        t: &Transcript,
        delay: Duration,
        generator: impl std::future::Future<Output = Outcome<R>>,
    ) -> Outcome<R> {
        let job = t.clone();
        wait(pool.submit(move || sleep(&job, delay))).await?;
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
    pub fn run(t: &Transcript) -> Result<(), crate::Error> {
        let pool = Pool::new(8)?;
        let p = pool.handle();
        show_result(t, block_on(do_func(&p, t, 2.into(), 3.into())))?;
        show_result(t, block_on(after(&p, t, Duration::from_secs(10), do_func(&p, t, 2.into(), 3.into()))))?;
        Ok(())
    }
}
