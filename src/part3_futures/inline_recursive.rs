//! inline_recursive.py: tasks that start tasks, forever, and yet no stack grows.
//!
//! ```python
//! def recursive(n):
//!     yield pool.submit(time.sleep, 0.001)
//!     print('Tick:', n)
//!     Task(recursive(n + 1)).step()
//!
//! Task(recursive(0)).step()
//! ```
//!
//! It reads like unbounded recursion, but `Task(...).step()` only runs the new generator to its first `yield`,
//! registers a callback and returns; the generator that called it then finishes. Every later tick starts afresh
//! from the bottom of a pool thread's stack, inside a done-callback. (Python's original runs forever; ours
//! stops after `--count` ticks, 10 by default.)
//!
//! Why the stack cannot grow here, by construction rather than by luck:
//!
//! - native, stackless: the pool has one worker, and the new task's job is queued while that worker is busy
//!   running the callback that queued it. So the job is never done before its callback is registered: the
//!   callback never runs at once, nested; it runs later, from the worker's loop. (With Python's 8 workers a 1 ms
//!   job could occasionally finish first, and that tick would run nested, one level deeper; it does not add up.)
//! - stackful: every resume happens in [`Home::run`]'s loop, one wake-up at a time; a callback only posts a
//!   message. The body itself runs on a coroutine stack of its own, so to ask how deep the *home thread's*
//!   stack is, the stackful body calls the tick on its parent's stack (`yielder.on_parent_stack`).
//!
//! The test `inline_recursive_does_not_grow_the_stack` (tests/futures.rs) records [`stack_address`] at tick 10
//! and at tick 1,000 on every backend and finds them equal.
//!
//! What Rust makes explicit: starting the next tick on the stackful backend creates a coroutine, and its stack is
//! memory the OS may refuse, so the stackful generator returns `Result<(), StackError>` and its Task passes the
//! error up to [`run`]; the native and stackless bodies cannot fail.

use std::sync::Arc;
use std::time::Duration;

use super::future::{Future, Outcome};
use super::home::Home;
use super::jobs::sleep;
use super::pool::{Pool, PoolHandle};
use super::value::Value;
use crate::backend::Backend;
use crate::backend::stackful::StackError;
use crate::generator::{BoxGen, Generator, GeneratorExt, SendBoxGen, Step};
use crate::tour::Options;
use crate::transcript::Transcript;

/// Ticks printed when `--count` is not given.
pub const DEFAULT_COUNT: u64 = 10;

/// Called with each tick's number, on the stack that resumed the tick (for the stack-depth test).
pub type Probe = Arc<dyn Fn(u64) + Send + Sync>;

/// Each tick's job: Python's `time.sleep(0.001)`.
const TICK: Duration = Duration::from_millis(1);

/// What a tick does: print `Tick: n`, call the probe, and say whether there is a next tick.
#[derive(Clone)]
pub struct Ticks {
    t: Transcript,
    count: u64,
    probe: Option<Probe>,
}

impl Ticks {
    fn tick(&self, n: u64) -> bool {
        self.t.line(format!("Tick: {n}"));
        if let Some(probe) = &self.probe {
            probe(n);
        }
        n + 1 < self.count
    }
}

/// The address of a local variable in a fresh frame: where the calling thread's stack is right now. Stacks grow
/// down, so a deeper call chain gives a smaller number.
#[inline(never)]
pub fn stack_address() -> usize {
    let local = 0_u8;
    std::hint::black_box(&local) as *const u8 as usize
}

/// This sample's Task (inline1's), for generators that may be resumed on any thread (native, stackless).
pub struct Task {
    generator: SendBoxGen<'static, Value, Future<Value>, ()>,
}

impl Task {
    /// Python's `step(value)`.
    pub fn step(mut self, value: Value) {
        if let Step::Yield(fut) = self.generator.resume(value) {
            fut.add_done_callback(move |fut| self.wakeup(fut));
        }
    }

    /// Python's `_wakeup`, on the pool thread.
    fn wakeup(self, fut: &Future<Value>) {
        match fut.result() {
            Ok(result) => self.step(result),
            Err(error) => eprintln!("warning: a tick's job failed: {error}; the ticks stop here"),
        }
    }
}

/// The stackful Tasks' home.
pub type LocalHome = Home<LocalTask, Outcome<Value>>;

/// This sample's Task for stackful generators: resumed on the home thread, and passing up a stack failure.
pub struct LocalTask {
    generator: BoxGen<'static, Value, Future<Value>, Result<(), StackError>>,
}

impl LocalTask {
    /// Python's `step(value)`, on the home thread.
    pub fn step(mut self, home: &LocalHome, value: Value) -> Result<(), StackError> {
        match self.generator.resume(value) {
            Step::Yield(fut) => {
                let wakeup = home.park(self);
                fut.add_done_callback(move |fut| wakeup.ring(fut.result()));
                Ok(())
            }
            Step::Return(result) => result,
        }
    }

    /// Python's `_wakeup`, run by [`Home::try_run`].
    pub fn wakeup(self, home: &LocalHome, outcome: Outcome<Value>) -> Result<(), StackError> {
        match outcome {
            Ok(result) => self.step(home, result),
            Err(error) => {
                eprintln!("warning: a tick's job failed: {error}; the ticks stop here");
                Ok(())
            }
        }
    }
}

mod native {
    use super::*;
    use crate::backend::native::Native;

    pub fn recursive(pool: &PoolHandle, ticks: &Ticks, n: u64) -> impl TaskBody + use<> {
        let (pool, ticks) = (pool.clone(), ticks.clone());
        Native::new(
            #[coroutine]
            move |_start: Value| {
                let job = ticks.t.clone();
                yield pool.submit(move || sleep(&job, TICK));
                if ticks.tick(n) {
                    Task { generator: recursive(&pool, &ticks, n + 1).boxed_send() }.step(Value::None);
                }
            },
        )
    }
}

mod stackless {
    use super::*;
    use crate::backend::stackless::{Stackless, SyncCo};

    pub fn recursive(pool: &PoolHandle, ticks: &Ticks, n: u64) -> impl TaskBody + use<> {
        let (pool, ticks) = (pool.clone(), ticks.clone());
        Stackless::sync(move |co: SyncCo<Future<Value>, Value>| async move {
            let job = ticks.t.clone();
            co.yield_(pool.submit(move || sleep(&job, TICK))).await;
            if ticks.tick(n) {
                Task { generator: recursive(&pool, &ticks, n + 1).boxed_send() }.step(Value::None);
            }
        })
    }
}

mod stackful {
    use super::*;
    use crate::backend::stackful::{Stackful, Yielder};

    pub fn recursive(
        pool: &PoolHandle,
        ticks: &Ticks,
        home: &LocalHome,
        n: u64,
    ) -> Result<impl LocalBody + use<>, StackError> {
        let (pool, ticks, home) = (pool.clone(), ticks.clone(), home.clone());
        Stackful::new(move |yielder: &Yielder<Value, Future<Value>>| {
            let job = ticks.t.clone();
            yielder.suspend(pool.submit(move || sleep(&job, TICK)));
            // Run the tick on the home thread's stack, the one a runaway recursion would grow (see module docs).
            if yielder.on_parent_stack(|| ticks.tick(n)) {
                LocalTask { generator: recursive(&pool, &ticks, &home, n + 1)?.boxed() }.step(&home, Value::None)?;
            }
            Ok(())
        })
    }
}

/// What the native and stackless bodies are: `Send` generators a [`Task`] can drive.
pub trait TaskBody: Generator<Value, Yield = Future<Value>, Return = ()> + Send + 'static {}
impl<G: Generator<Value, Yield = Future<Value>, Return = ()> + Send + 'static> TaskBody for G {}

/// What the stackful bodies are: generators a [`LocalTask`] drives on their own thread.
pub trait LocalBody: Generator<Value, Yield = Future<Value>, Return = Result<(), StackError>> + 'static {}
impl<G: Generator<Value, Yield = Future<Value>, Return = Result<(), StackError>> + 'static> LocalBody for G {}

/// Runs inline_recursive.py on one backend for `--count` ticks (default [`DEFAULT_COUNT`]).
pub fn run(t: &Transcript, backend: Backend, options: &Options) -> Result<(), crate::Error> {
    run_probed(t, backend, options.count.unwrap_or(DEFAULT_COUNT), None)
}

/// [`run`] for `count` ticks, calling `probe` at each tick on the stack that resumed it.
pub fn run_probed(t: &Transcript, backend: Backend, count: u64, probe: Option<Probe>) -> Result<(), crate::Error> {
    if count == 0 {
        return Ok(());
    }
    let ticks = Ticks { t: t.clone(), count, probe };
    let pool = Pool::new(1)?; // one worker: see the module docs
    let p = pool.handle();
    match backend {
        Backend::Native => {
            Task { generator: native::recursive(&p, &ticks, 0).boxed_send() }.step(Value::None);
            pool.wait_until_idle();
        }
        Backend::Stackless => {
            Task { generator: stackless::recursive(&p, &ticks, 0).boxed_send() }.step(Value::None);
            pool.wait_until_idle();
        }
        Backend::Stackful => {
            let home = LocalHome::new();
            LocalTask { generator: stackful::recursive(&p, &ticks, &home, 0)?.boxed() }.step(&home, Value::None)?;
            home.try_run(|task, outcome| task.wakeup(&home, outcome))?;
        }
    }
    Ok(())
}
