//! inline1.py: the first inlined future. A generator yields futures; a `Task` sends their results back in.
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/inline1/Task.md"))]
//! `step` sends a value into the generator, takes the future it yields and registers `_wakeup` as that future's
//! done-callback; `_wakeup` sends the result back in. So the generator reads like blocking code
//! (`result = yield pool.submit(...)`), yet no thread waits for it. The example runs two Tasks at once on a pool
//! of 8 workers (Python's `ThreadPoolExecutor(max_workers=8)`); `func(x, y)` sleeps 1 s and returns `x + y`:
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/inline1/do_func.md"))]
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/inline1/do_many.md"))]
//! What Rust makes explicit:
//!
//! - **Who may resume the generator.** [`Task::step`] takes the Task (`Box<Self>`, one object on the heap, as
//!   Python's) by value and hands it to the future as its callback, so exactly one place can resume the
//!   generator at any time: "generator already executing" cannot happen.
//! - **Which thread resumes it.** That is the Task's parameter `W`: on the pool thread, inside the callback, as
//!   in Python (native and stackless, whose generators are `Send`), or on the generator's home thread (stackful:
//!   a corosensei coroutine is never `Send`). The story is told once, in [`wakeup`](crate::concurrent::wakeup); the Task
//!   and the three bodies below are the same on every backend.
//! - **Errors.** inline1's Task has no answer for a failed job (Python's `fut.result()` raises inside the
//!   callback, and concurrent.futures logs it and goes on). Here the error is kept as uncaught and fails the run
//!   at its end, instead of exiting 0; inline2 fixes the Task by throwing the error in.
//!
//! **Overlap, and order.** Both Tasks submit their first job at once, and two of the 8 workers sleep side by
//! side: `Got: 5` and `Got: 20` come together after one job-length, then one line per job-length, and the run
//! takes 10 job-lengths (do_many's ten jobs), not 11. In Python the two lines due at t = 1 s race. Here they
//! cannot, because the jobs sleep on the pool's clock ([`crate::concurrent::pool`]): both sleeps end at the same
//! instant of that clock, exactly (not microseconds apart), and sleepers due at the same instant wake one at a
//! time, in the order their jobs were submitted, each only once the pool is still. So `do_func`'s job is released
//! first, and its callback has printed `Got: 5` before `do_many`'s job wakes: by construction, not by timing (no
//! sleep is added, no line is sorted; a run on a loaded machine is later, never in another order). On the
//! stackful backend the callbacks post their wake-ups to the home queue in that same order, and the home serves
//! them in order.
//!
//! ## Deviations
//!
//! - `Got: 5` always comes before `Got: 20` (the original's race, fixed as above, in the twin too: its
//!   `ThreadPoolExecutor` is `python/pool.py`'s, whose jobs sleep on the same kind of clock).
//! - A failed job fails the run (exit 1) where the original logs it and exits 0 (see Errors).
//! - Stackful: the generator is resumed on its home thread, not on the pool thread (see above).
//! - The twin's pool waits for its jobs at exit, as the interpreter waits for the real pool's threads; the Rust
//!   `run` waits for the pool to be idle ([`Runner::finish`](crate::concurrent::wakeup::Runner::finish)).
#![doc = include_str!(concat!(env!("OUT_DIR"), "/output/inline1.md"))]

use crate::backend::Backend;
use crate::concurrent::future::{JobResult, PoolFuture, Resume};
use crate::concurrent::jobs::func;
use crate::concurrent::pool::Pool;
use crate::concurrent::value::Value;
use crate::concurrent::wakeup::{Home, OnPoolThreads, ResumeOn};
use crate::concurrent::{Env, FuturesError};
use crate::generator::{Generator, Step};
use crate::trace::{Traced, traced};
use crate::transcript::Transcript;

/// inline1's Task: drives a generator `G` that yields futures, woken as `W` says.
pub struct Task<G, W> {
    generator: G,
    wake: W,
    /// Python's bound method `self._wakeup`, which the future's callback holds: with it, the future can hold the
    /// Task itself ([`Resume`]).
    wakeup: fn(Box<Self>, JobResult<Value>),
}

impl<G: TaskBody, W: ResumeOn<Task<G, W>>> Task<G, W> {
    /// Python's `Task(gen)`: nothing runs until the first [`Task::step`]. As in Python, the Task is one object on
    /// the heap, held by the future it waits on.
    pub fn new(generator: G, wake: W) -> Box<Self> {
        Box::new(Task { generator, wake, wakeup: Self::wakeup })
    }

    /// Python's `step(value)`: send `value` in and register the wake-up on the future that comes out.
    /// Start a Task with `step(Value::None)`: Python's first `send(None)`.
    pub fn step(mut self: Box<Self>, value: Value) {
        match self.generator.resume(value) {
            Step::Yield(fut) => W::when_done(&fut, self),
            Step::Return(()) => {}
        }
    }

    /// Python's `_wakeup`: `fut.result()` raised in Python, and the callback's caller logged it.
    fn wakeup(self: Box<Self>, outcome: JobResult<Value>) {
        match outcome {
            Ok(result) => self.step(result),
            Err(error) => self.wake.uncaught(error),
        }
    }
}

impl<G: 'static, W: 'static> Resume<Value> for Task<G, W> {
    fn resume(self: Box<Self>, outcome: JobResult<Value>) {
        (self.wakeup)(self, outcome)
    }
}

/// What the bodies are: generators sent the last result, yielding the next future.
pub trait TaskBody: Generator<Value, Yield = PoolFuture<Value>, Return = ()> + 'static {}
impl<G: Generator<Value, Yield = PoolFuture<Value>, Return = ()> + 'static> TaskBody for G {}

mod native {
    use super::*;
    use crate::backend::native::Native;

    pub fn do_func(env: Env, x: i64, y: i64) -> impl TaskBody {
        Native::new(
            #[coroutine]
            move |_start: Value| {
                let result = yield env.pool.submit(func(x, y));
                env.t.line(format!("Got: {result}"));
            },
        )
    }

    pub fn do_many(env: Env, mut n: i64) -> impl TaskBody {
        Native::new(
            #[coroutine]
            move |_start: Value| {
                while n > 0 {
                    let result = yield env.pool.submit(func(n, n));
                    env.t.line(format!("Got: {result}"));
                    n -= 1;
                }
            },
        )
    }
}

mod stackless {
    use super::*;
    use crate::backend::stackless::{Stackless, SyncCo};

    pub fn do_func(env: Env, x: i64, y: i64) -> impl TaskBody {
        Stackless::sync(move |co: SyncCo<PoolFuture<Value>, Value>| async move {
            let result = co.yield_(env.pool.submit(func(x, y))).await;
            env.t.line(format!("Got: {result}"));
        })
    }

    pub fn do_many(env: Env, mut n: i64) -> impl TaskBody {
        Stackless::sync(move |co: SyncCo<PoolFuture<Value>, Value>| async move {
            while n > 0 {
                let result = co.yield_(env.pool.submit(func(n, n))).await;
                env.t.line(format!("Got: {result}"));
                n -= 1;
            }
        })
    }
}

mod stackful {
    use super::*;
    use crate::backend::stackful::{StackError, Stackful, Yielder};

    pub fn do_func(env: Env, x: i64, y: i64) -> Result<impl TaskBody, StackError> {
        Stackful::new(move |yielder: &Yielder<Value, PoolFuture<Value>>| {
            let result = yielder.suspend(env.pool.submit(func(x, y)));
            env.t.line(format!("Got: {result}"));
        })
    }

    pub fn do_many(env: Env, mut n: i64) -> Result<impl TaskBody, StackError> {
        Stackful::new(move |yielder: &Yielder<Value, PoolFuture<Value>>| {
            while n > 0 {
                let result = yielder.suspend(env.pool.submit(func(n, n)));
                env.t.line(format!("Got: {result}"));
                n -= 1;
            }
        })
    }
}

/// Runs inline1.py on one backend: two Tasks at once, `do_func(2, 3)` and `do_many(10)`.
pub fn run(t: &Transcript, backend: Backend) -> Result<(), FuturesError> {
    let pool = Pool::new(8, t)?; // ThreadPoolExecutor(max_workers=8); the order of its lines: see the module docs
    let env = Env::new(pool.handle(), t);
    let on_pool = || OnPoolThreads::new(pool.handle());
    match backend {
        Backend::Native => program(on_pool(), native::do_func(env.clone(), 2, 3), native::do_many(env, 10))?,
        Backend::Stackless => program(on_pool(), stackless::do_func(env.clone(), 2, 3), stackless::do_many(env, 10))?,
        Backend::Stackful => {
            program(Home::current(), stackful::do_func(env.clone(), 2, 3)?, stackful::do_many(env, 10)?)?
        }
    }
    Ok(())
}

/// The original's main program: `Task(do_func(2, 3)).step()`, `Task(do_many(10)).step()`, then wait for both.
/// Each generator reports to `final-frontier trace` under its Python name ([`traced`]).
fn program<W, A: TaskBody, B: TaskBody>(wake: W, do_func: A, do_many: B) -> Result<(), FuturesError>
where
    W: ResumeOn<Task<Traced<A>, W>> + ResumeOn<Task<Traced<B>, W>>,
{
    Task::new(traced("do_func", do_func), wake.clone()).step(Value::None);
    Task::new(traced("do_many", do_many), wake.clone()).step(Value::None);
    Ok(wake.finish()?)
}
