//! inline1.py: the first inlined future. A generator yields futures; a `Task` sends their results back in.
//!
//! ```python
//! class Task:
//!     def __init__(self, gen):
//!         self._gen = gen
//!     def step(self, value=None):
//!         try:
//!             fut = self._gen.send(value)
//!             fut.add_done_callback(self._wakeup)
//!         except StopIteration:
//!             pass
//!     def _wakeup(self, fut):
//!         result = fut.result()
//!         self.step(result)
//!
//! def do_func(x, y):
//!     result = yield pool.submit(func, x, y)
//!     print('Got:', result)
//! ```
//!
//! The generator reads like blocking code (`result = yield pool.submit(...)`), yet no thread waits for it: the
//! Task registers its own `_wakeup` as the future's done-callback and returns.
//!
//! What Rust makes explicit:
//!
//! - **Who may resume the generator.** [`Task::step`] takes the Task by value and moves it into the callback,
//!   so exactly one place can resume the generator at any time: "generator already executing" cannot happen.
//! - **Which thread resumes it.** The callback runs on the pool thread that finished the job, so the generator
//!   moves between threads and must be `Send`: native bodies whose locals are `Send`, and genawaiter's `sync`
//!   flavour. A corosensei coroutine is never `Send`: its [`LocalTask`] parks in a [`Home`] on the thread that
//!   owns it, and the callback only posts the wake-up there (see [`home`](super::home)). Same generator shape,
//!   two ways of being woken: that is the difference between the backends, shown rather than hidden.
//! - **Errors.** inline1's Task has no answer for a failed job (Python's `fut.result()` raises inside the
//!   callback, and concurrent.futures logs it). Here the error is reported on stderr and the generator dropped;
//!   inline2 fixes this by throwing the error in.
//!
//! **Order.** Python's original runs both tasks on an 8-thread pool, and at t = 1 s `Got: 5` and `Got: 20` race.
//! Our pool (and the Python twin's) has one worker: both tasks are in flight at once, but jobs finish in the
//! order they were submitted, and a finished job's callbacks run before the worker takes the next job. So
//! `Got: 5` (first job submitted) is printed before `Got: 20` by construction, not by timing. On the stackful
//! backend the wake-ups reach the home queue in that same order.

use super::future::{Future, JobError, Outcome};
use super::home::Home;
use super::jobs::func;
use super::pool::{Pool, PoolHandle};
use super::value::Value;
use crate::backend::Backend;
use crate::generator::{BoxGen, Generator, GeneratorExt, SendBoxGen, Step};
use crate::transcript::Transcript;

/// A generator the Task can drive: sent the last result, yields the next future.
pub type TaskGen = SendBoxGen<'static, Value, Future<Value>, ()>;

/// The same, for a generator that must stay on its thread (stackful).
pub type LocalGen = BoxGen<'static, Value, Future<Value>, ()>;

/// inline1's Task, for generators that may be resumed on any thread (native, stackless).
pub struct Task {
    generator: TaskGen,
}

impl Task {
    /// Wraps a generator; nothing runs until the first [`Task::step`].
    pub fn new(generator: TaskGen) -> Self {
        Task { generator }
    }

    /// Python's `step(value)`: send `value` in and register the wake-up on the future that comes out.
    /// Start a Task with `step(Value::None)`: Python's first `send(None)`.
    pub fn step(mut self, value: Value) {
        match self.generator.resume(value) {
            Step::Yield(fut) => fut.add_done_callback(move |fut| self.wakeup(fut)),
            Step::Return(()) => {}
        }
    }

    /// Python's `_wakeup`: runs on the pool thread that finished the job.
    fn wakeup(self, fut: &Future<Value>) {
        match fut.result() {
            Ok(result) => self.step(result),
            Err(error) => report_lost(&error),
        }
    }
}

/// The stackful Tasks' home: parked [`LocalTask`]s, woken with a job's outcome.
pub type LocalHome = Home<LocalTask, Outcome<Value>>;

/// inline1's Task for a generator that must stay on its thread (stackful): same steps, but the wake-up is
/// posted to the owner's [`Home`] instead of resuming the generator on the pool thread.
pub struct LocalTask {
    generator: LocalGen,
}

impl LocalTask {
    /// Wraps a generator; nothing runs until the first [`LocalTask::step`].
    pub fn new(generator: LocalGen) -> Self {
        LocalTask { generator }
    }

    /// Python's `step(value)`, on the home thread.
    pub fn step(mut self, home: &LocalHome, value: Value) {
        match self.generator.resume(value) {
            Step::Yield(fut) => {
                let wakeup = home.park(self);
                // On the pool thread: no resume here, only a message home.
                fut.add_done_callback(move |fut| wakeup.ring(fut.result()));
            }
            Step::Return(()) => {}
        }
    }

    /// Python's `_wakeup`, run by [`Home::run`] on the home thread.
    pub fn wakeup(self, home: &LocalHome, outcome: Outcome<Value>) {
        match outcome {
            Ok(result) => self.step(home, result),
            Err(error) => report_lost(&error),
        }
    }
}

/// What inline1 does with a failed job: nothing better than Python's log line (inline2 throws it in instead).
fn report_lost(error: &JobError) {
    eprintln!("warning: exception calling callback: {error} (inline1's Task cannot deliver it; the task is dropped)");
}

mod native {
    use super::*;
    use crate::backend::native::Native;

    pub fn do_func(pool: &PoolHandle, t: &Transcript, x: Value, y: Value) -> impl TaskBody + use<> {
        let (pool, t) = (pool.clone(), t.clone());
        Native::new(
            #[coroutine]
            move |_start: Value| {
                let job = t.clone();
                let result = yield pool.submit(move || func(&job, x, y));
                t.line(format!("Got: {result}"));
            },
        )
    }

    pub fn do_many(pool: &PoolHandle, t: &Transcript, mut n: i64) -> impl TaskBody + use<> {
        let (pool, t) = (pool.clone(), t.clone());
        Native::new(
            #[coroutine]
            move |_start: Value| {
                while n > 0 {
                    let job = t.clone();
                    let result = yield pool.submit(move || func(&job, n.into(), n.into()));
                    t.line(format!("Got: {result}"));
                    n -= 1;
                }
            },
        )
    }
}

mod stackless {
    use super::*;
    use crate::backend::stackless::{Stackless, SyncCo};

    pub fn do_func(pool: &PoolHandle, t: &Transcript, x: Value, y: Value) -> impl TaskBody + use<> {
        let (pool, t) = (pool.clone(), t.clone());
        Stackless::sync(move |co: SyncCo<Future<Value>, Value>| async move {
            let job = t.clone();
            let result = co.yield_(pool.submit(move || func(&job, x, y))).await;
            t.line(format!("Got: {result}"));
        })
    }

    pub fn do_many(pool: &PoolHandle, t: &Transcript, mut n: i64) -> impl TaskBody + use<> {
        let (pool, t) = (pool.clone(), t.clone());
        Stackless::sync(move |co: SyncCo<Future<Value>, Value>| async move {
            while n > 0 {
                let job = t.clone();
                let result = co.yield_(pool.submit(move || func(&job, n.into(), n.into()))).await;
                t.line(format!("Got: {result}"));
                n -= 1;
            }
        })
    }
}

mod stackful {
    use super::*;
    use crate::backend::stackful::{StackError, Stackful, Yielder};

    pub fn do_func(
        pool: &PoolHandle,
        t: &Transcript,
        x: Value,
        y: Value,
    ) -> Result<impl LocalBody + use<>, StackError> {
        let (pool, t) = (pool.clone(), t.clone());
        Stackful::new(move |yielder: &Yielder<Value, Future<Value>>| {
            let job = t.clone();
            let result = yielder.suspend(pool.submit(move || func(&job, x, y)));
            t.line(format!("Got: {result}"));
        })
    }

    pub fn do_many(pool: &PoolHandle, t: &Transcript, mut n: i64) -> Result<impl LocalBody + use<>, StackError> {
        let (pool, t) = (pool.clone(), t.clone());
        Stackful::new(move |yielder: &Yielder<Value, Future<Value>>| {
            while n > 0 {
                let job = t.clone();
                let result = yielder.suspend(pool.submit(move || func(&job, n.into(), n.into())));
                t.line(format!("Got: {result}"));
                n -= 1;
            }
        })
    }
}

/// What the native and stackless bodies are: `Send` generators a [`Task`] can drive.
pub trait TaskBody: Generator<Value, Yield = Future<Value>, Return = ()> + Send + 'static {}
impl<G: Generator<Value, Yield = Future<Value>, Return = ()> + Send + 'static> TaskBody for G {}

/// What the stackful bodies are: generators a [`LocalTask`] drives on their own thread.
pub trait LocalBody: Generator<Value, Yield = Future<Value>, Return = ()> + 'static {}
impl<G: Generator<Value, Yield = Future<Value>, Return = ()> + 'static> LocalBody for G {}

/// Runs inline1.py on one backend: `do_func(2, 3)` and `do_many(10)`, two tasks at once.
pub fn run(t: &Transcript, backend: Backend) -> Result<(), crate::Error> {
    let pool = Pool::new(1)?; // one worker: see "Order" in the module docs
    let p = pool.handle();
    match backend {
        Backend::Native => on_pool_threads(
            &pool,
            [native::do_func(&p, t, 2.into(), 3.into()).boxed_send(), native::do_many(&p, t, 10).boxed_send()],
        ),
        Backend::Stackless => on_pool_threads(
            &pool,
            [stackless::do_func(&p, t, 2.into(), 3.into()).boxed_send(), stackless::do_many(&p, t, 10).boxed_send()],
        ),
        Backend::Stackful => on_home_thread([
            stackful::do_func(&p, t, 2.into(), 3.into())?.boxed(),
            stackful::do_many(&p, t, 10)?.boxed(),
        ]),
    }
    Ok(())
}

/// Native and stackless: start each Task; from then on pool threads resume them. Wait until the work is done.
fn on_pool_threads(pool: &Pool, generators: impl IntoIterator<Item = TaskGen>) {
    for generator in generators {
        Task::new(generator).step(Value::None);
    }
    pool.wait_until_idle();
}

/// Stackful: start each Task here, then serve their wake-ups on this thread until none is waiting.
fn on_home_thread(generators: impl IntoIterator<Item = LocalGen>) {
    let home = LocalHome::new();
    for generator in generators {
        LocalTask::new(generator).step(&home, Value::None);
    }
    home.run(|task, outcome| task.wakeup(&home, outcome));
}
