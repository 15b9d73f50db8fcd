//! inline2.py: the Task learns to throw. A failed job's error is raised inside the generator, at its `yield`.
//!
//! ```python
//! class Task:
//!     def step(self, value=None, exc=None):
//!         try:
//!             if exc:
//!                 fut = self._gen.throw(exc)
//!             else:
//!                 fut = self._gen.send(value)
//!             fut.add_done_callback(self._wakeup)
//!         except StopIteration:
//!             pass
//!     def _wakeup(self, fut):
//!         try:
//!             result = fut.result()
//!             self.step(result, None)
//!         except Exception as exc:
//!             self.step(None, exc)
//!
//! def do_func(x, y):
//!     try:
//!         result = yield pool.submit(func, x, y)
//!         print('Got:', result)
//!     except Exception as e:
//!         print('Failed:', e)
//! ```
//!
//! What Rust makes explicit: the generator is now resumed with an [`Outcome`], `Ok(value)` or `Err(error)`:
//! Python's `send` and `throw` are [`Throw::send`] and [`Throw::throw`], and the body answers with `match`
//! (Python's `try`/`except`) or `?` (no `except`: the error leaves the generator). An error that leaves the
//! generator is what the Task's generator returns, `Err(error)`; this Task can only report it on stderr, like
//! concurrent.futures logging an exception raised in a callback. inline_future gives it somewhere to go.
//!
//! The same one-worker pool as inline1 fixes the order of the two tasks' lines (see [`inline1`](super::inline1)).
//! Python's twin prints `Failed: <message>` with `str(e)`, so both languages print CPython's message.

use super::future::{Future, JobError, Outcome};
use super::home::Home;
use super::jobs::func;
use super::pool::{Pool, PoolHandle};
use super::value::Value;
use crate::backend::Backend;
use crate::generator::{BoxGen, Generator, GeneratorExt, SendBoxGen, Step, Throw};
use crate::transcript::Transcript;

/// A generator the Task can drive: sent a job's outcome, yields the next future, returns `Err` for an error it
/// did not catch.
pub type TaskGen = SendBoxGen<'static, Outcome<Value>, Future<Value>, Outcome<()>>;

/// The same, for a generator that must stay on its thread (stackful).
pub type LocalGen = BoxGen<'static, Outcome<Value>, Future<Value>, Outcome<()>>;

/// inline2's Task, for generators that may be resumed on any thread (native, stackless).
pub struct Task {
    generator: TaskGen,
}

impl Task {
    /// Wraps a generator; nothing runs until the first [`Task::step`].
    pub fn new(generator: TaskGen) -> Self {
        Task { generator }
    }

    /// Python's `step(value, exc)`: send the value in, or throw the error in. Start with `step(Ok(Value::None))`.
    pub fn step(mut self, sent: Outcome<Value>) {
        let step = match sent {
            Ok(value) => self.generator.send(value),
            Err(error) => self.generator.throw(error),
        };
        match step {
            Step::Yield(fut) => fut.add_done_callback(move |fut| self.wakeup(fut)),
            Step::Return(Ok(())) => {}
            Step::Return(Err(error)) => report_uncaught(&error),
        }
    }

    /// Python's `_wakeup`: runs on the pool thread that finished the job.
    fn wakeup(self, fut: &Future<Value>) {
        self.step(fut.result());
    }
}

/// The stackful Tasks' home: parked [`LocalTask`]s, woken with a job's outcome.
pub type LocalHome = Home<LocalTask, Outcome<Value>>;

/// inline2's Task for a generator that must stay on its thread (stackful); see [`inline1::LocalTask`].
///
/// [`inline1::LocalTask`]: super::inline1::LocalTask
pub struct LocalTask {
    generator: LocalGen,
}

impl LocalTask {
    /// Wraps a generator; nothing runs until the first [`LocalTask::step`].
    pub fn new(generator: LocalGen) -> Self {
        LocalTask { generator }
    }

    /// Python's `step(value, exc)`, on the home thread.
    pub fn step(mut self, home: &LocalHome, sent: Outcome<Value>) {
        let step = match sent {
            Ok(value) => self.generator.send(value),
            Err(error) => self.generator.throw(error),
        };
        match step {
            Step::Yield(fut) => {
                let wakeup = home.park(self);
                // On the pool thread: no resume here, only a message home.
                fut.add_done_callback(move |fut| wakeup.ring(fut.result()));
            }
            Step::Return(Ok(())) => {}
            Step::Return(Err(error)) => report_uncaught(&error),
        }
    }

    /// Python's `_wakeup`, run by [`Home::run`] on the home thread.
    pub fn wakeup(self, home: &LocalHome, outcome: Outcome<Value>) {
        self.step(home, outcome);
    }
}

/// An error the generator did not catch: this Task has nowhere to put it but stderr.
fn report_uncaught(error: &JobError) {
    eprintln!("warning: a task ended with an uncaught error: {error}");
}

/// Native `do_func`: public because inline_puzzle's tries take it unchanged, as the tutorial does.
pub mod native {
    use super::*;
    use crate::backend::native::Native;

    /// `do_func(x, y)`: `Got: <result>`, or `Failed: <error>` when the job's error is thrown in.
    pub fn do_func(pool: &PoolHandle, t: &Transcript, x: Value, y: Value) -> impl TaskBody + use<> {
        let (pool, t) = (pool.clone(), t.clone());
        Native::new(
            #[coroutine]
            move |_start: Outcome<Value>| {
                let job = t.clone();
                match yield pool.submit(move || func(&job, x, y)) {
                    Ok(result) => t.line(format!("Got: {result}")),
                    Err(error) => t.line(format!("Failed: {error}")),
                }
                Ok(())
            },
        )
    }
}

mod stackless {
    use super::*;
    use crate::backend::stackless::{Stackless, SyncCo};

    pub fn do_func(pool: &PoolHandle, t: &Transcript, x: Value, y: Value) -> impl TaskBody + use<> {
        let (pool, t) = (pool.clone(), t.clone());
        Stackless::sync(move |co: SyncCo<Future<Value>, Outcome<Value>>| async move {
            let job = t.clone();
            match co.yield_(pool.submit(move || func(&job, x, y))).await {
                Ok(result) => t.line(format!("Got: {result}")),
                Err(error) => t.line(format!("Failed: {error}")),
            }
            Ok(())
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
        Stackful::new(move |yielder: &Yielder<Outcome<Value>, Future<Value>>| {
            let job = t.clone();
            match yielder.suspend(pool.submit(move || func(&job, x, y))) {
                Ok(result) => t.line(format!("Got: {result}")),
                Err(error) => t.line(format!("Failed: {error}")),
            }
            Ok(())
        })
    }
}

/// What the native and stackless bodies are: `Send` generators a [`Task`] can drive.
pub trait TaskBody: Generator<Outcome<Value>, Yield = Future<Value>, Return = Outcome<()>> + Send + 'static {}
impl<G: Generator<Outcome<Value>, Yield = Future<Value>, Return = Outcome<()>> + Send + 'static> TaskBody for G {}

/// What the stackful bodies are: generators a [`LocalTask`] drives on their own thread.
pub trait LocalBody: Generator<Outcome<Value>, Yield = Future<Value>, Return = Outcome<()>> + 'static {}
impl<G: Generator<Outcome<Value>, Yield = Future<Value>, Return = Outcome<()>> + 'static> LocalBody for G {}

/// Runs inline2.py on one backend: `do_func(2, 3)` and `do_func(2, 'Hello')`, two tasks at once.
pub fn run(t: &Transcript, backend: Backend) -> Result<(), crate::Error> {
    let pool = Pool::new(1)?; // one worker: the order of the two lines is fixed by construction (see inline1)
    let p = pool.handle();
    let (two, three, hello): (Value, Value, Value) = (2.into(), 3.into(), "Hello".into());
    match backend {
        Backend::Native => on_pool_threads(
            &pool,
            [native::do_func(&p, t, two.clone(), three).boxed_send(), native::do_func(&p, t, two, hello).boxed_send()],
        ),
        Backend::Stackless => on_pool_threads(
            &pool,
            [
                stackless::do_func(&p, t, two.clone(), three).boxed_send(),
                stackless::do_func(&p, t, two, hello).boxed_send(),
            ],
        ),
        Backend::Stackful => on_home_thread([
            stackful::do_func(&p, t, two.clone(), three)?.boxed(),
            stackful::do_func(&p, t, two, hello)?.boxed(),
        ]),
    }
    Ok(())
}

/// Native and stackless: start each Task; from then on pool threads resume them. Wait until the work is done.
pub fn on_pool_threads(pool: &Pool, generators: impl IntoIterator<Item = TaskGen>) {
    for generator in generators {
        Task::new(generator).step(Ok(Value::None));
    }
    pool.wait_until_idle();
}

/// Stackful: start each Task here, then serve their wake-ups on this thread until none is waiting.
pub fn on_home_thread(generators: impl IntoIterator<Item = LocalGen>) {
    let home = LocalHome::new();
    for generator in generators {
        LocalTask::new(generator).step(&home, Ok(Value::None));
    }
    home.run(|task, outcome| task.wakeup(&home, outcome));
}
