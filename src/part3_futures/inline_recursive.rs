//! inline_recursive.py: tasks that start tasks, forever, and yet no stack grows.
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/inline_recursive/recursive.md"))]
//! It reads like unbounded recursion, but `Task(...).step()` only runs the new generator to its first `yield`,
//! registers a callback and returns; the generator that called it then finishes. Every later tick starts afresh
//! from the bottom of a pool thread's stack, inside a done-callback. The Task is inline2's, as in the original
//! ([`concurrent::task`](crate::concurrent::task)), on a pool of 8 workers.
//!
//! Why the stack cannot grow here, by construction rather than by luck:
//!
//! - native, stackless: a tick's callback submits the next tick's job, and that job's sleep runs on the pool's
//!   clock ([`crate::concurrent::pool`]), which releases no sleeper while a worker is still running, and this
//!   worker is: it is inside the callback. So the new job cannot be done before its callback is registered; the
//!   callback never runs at once, nested, but later, from a worker's loop. (On Python's real pool a 1 ms job
//!   could occasionally finish first, and that tick would run nested, one level deeper.)
//! - stackful: every resume happens in the [`Home`]'s loop, one wake-up at a time; a callback only posts a
//!   message. The body itself runs on a coroutine stack of its own, so to ask how deep the *home thread's*
//!   stack is, the stackful body calls the tick on its parent's stack (`yielder.on_parent_stack`).
//!
//! The test `inline_recursive_does_not_grow_the_stack` (tests/futures.rs) records the stack's address at each of
//! 1,000 ticks on every backend and finds, for each thread, one address. (On a plain pool of 8 workers it finds
//! ticks nested in others.)
//!
//! What Rust makes explicit: starting the next tick on the stackful backend creates a coroutine, and its stack is
//! memory the OS may refuse: that error leaves the generator like an exception, the Task keeps it as uncaught,
//! and the run fails with it. The native and stackless bodies cannot fail that way.
//!
//! ## Deviations
//!
//! - The original ticks forever (or, run as a script, until the interpreter's exit shuts its pool down); the
//!   port and the twin stop after `--count` ticks, 10 by default: the tick says whether to start the next one.
//! - native, stackless and the twin: a tick's job never finishes before its callback is registered (see above),
//!   where Python's pool lets that happen now and then.
//! - Stackful: the generator is resumed on its home thread, not on the pool thread.
#![doc = include_str!(concat!(env!("OUT_DIR"), "/output/inline_recursive.md"))]

use std::sync::Arc;
use std::time::Duration;

use crate::backend::Backend;
use crate::concurrent::future::{JobError, JobResult, PoolFuture};
use crate::concurrent::jobs::sleep;
use crate::concurrent::pool::Pool;
use crate::concurrent::task::{Body, Task};
use crate::concurrent::value::Value;
use crate::concurrent::wakeup::{Home, OnPoolThreads, Runner};
use crate::concurrent::{Env, FuturesError};
use crate::generator::GeneratorExt;
use crate::transcript::Transcript;

/// Ticks printed when `--count` is not given.
pub const DEFAULT_COUNT: u64 = 10;

/// Each tick's job: Python's `time.sleep(0.001)`.
const TICK: Duration = Duration::from_millis(1);

/// Called with each tick's number, on the stack that resumed the tick (a hook for the stack-depth test).
#[doc(hidden)]
pub type Probe = Arc<dyn Fn(u64) + Send + Sync>;

/// How many ticks to print (the original never stops), and the test's probe.
#[derive(Clone)]
struct Ticks {
    count: u64,
    probe: Option<Probe>,
}

impl Ticks {
    /// Python's `print('Tick:', n)`; says whether there is a next tick (the twin's `n + 1 < TICKS`).
    fn tick(&self, t: &Transcript, n: u64) -> bool {
        t.line(format!("Tick: {n}"));
        if let Some(probe) = &self.probe {
            probe(n);
        }
        n + 1 < self.count
    }
}

mod native {
    use super::*;
    use crate::backend::native::Native;

    pub fn recursive(env: Env, ticks: Ticks, wake: OnPoolThreads, n: u64) -> impl Body + Send {
        Native::new(
            #[coroutine]
            move |_start: JobResult<Value>| {
                (yield env.pool.submit(sleep(TICK)))?;
                if ticks.tick(&env.t, n) {
                    Task::start("recursive", recursive(env, ticks, wake.clone(), n + 1).boxed_send(), wake);
                }
                Ok(())
            },
        )
    }
}

mod stackless {
    use super::*;
    use crate::backend::stackless::{Stackless, SyncCo};

    pub fn recursive(env: Env, ticks: Ticks, wake: OnPoolThreads, n: u64) -> impl Body + Send {
        Stackless::sync(move |co: SyncCo<PoolFuture<Value>, JobResult<Value>>| async move {
            co.yield_(env.pool.submit(sleep(TICK))).await?;
            if ticks.tick(&env.t, n) {
                Task::start("recursive", recursive(env, ticks, wake.clone(), n + 1).boxed_send(), wake);
            }
            Ok(())
        })
    }
}

mod stackful {
    use super::*;
    use crate::backend::stackful::{StackError, Stackful, Yielder};

    pub fn recursive(env: Env, ticks: Ticks, wake: Home, n: u64) -> Result<impl Body, StackError> {
        Stackful::new(move |yielder: &Yielder<JobResult<Value>, PoolFuture<Value>>| {
            yielder.suspend(env.pool.submit(sleep(TICK)))?;
            // Run the tick on the home thread's stack, the one a runaway recursion would grow (see module docs).
            if yielder.on_parent_stack(|| ticks.tick(&env.t, n)) {
                let next = recursive(env, ticks, wake.clone(), n + 1).map_err(JobError::raised)?;
                Task::start("recursive", next.boxed(), wake);
            }
            Ok(())
        })
    }
}

/// Runs inline_recursive.py on one backend for `count` ticks: `Task(recursive(0)).step()`.
pub fn run(t: &Transcript, backend: Backend, count: u64) -> Result<(), FuturesError> {
    run_probed(t, backend, count, None)
}

/// [`run`], calling `probe` at each tick on the stack that resumed it.
#[doc(hidden)]
pub fn run_probed(t: &Transcript, backend: Backend, count: u64, probe: Option<Probe>) -> Result<(), FuturesError> {
    if count == 0 {
        return Ok(());
    }
    let ticks = Ticks { count, probe };
    let pool = Pool::new(8, t)?;
    let env = Env::new(pool.handle(), t);
    match backend {
        Backend::Native => {
            let wake = OnPoolThreads::new(pool.handle());
            Task::start("recursive", native::recursive(env, ticks, wake.clone(), 0), wake.clone());
            wake.finish()?;
        }
        Backend::Stackless => {
            let wake = OnPoolThreads::new(pool.handle());
            Task::start("recursive", stackless::recursive(env, ticks, wake.clone(), 0), wake.clone());
            wake.finish()?;
        }
        Backend::Stackful => {
            let wake = Home::current();
            Task::start("recursive", stackful::recursive(env, ticks, wake.clone(), 0)?, wake.clone());
            wake.finish()?;
        }
    }
    Ok(())
}
