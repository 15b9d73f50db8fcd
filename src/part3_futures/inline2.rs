//! inline2.py: the Task learns to throw. A failed job's error is raised inside the generator, at its `yield`,
//! where the generator can catch it:
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/inline2/do_func.md"))]
//! The Task is the one [`concurrent::task`](crate::concurrent::task) keeps, next to its Python (four samples take it
//! unchanged; Python copies the class into each file). What changed from inline1: `step(value, exc)` throws
//! `exc` into the generator when it is given, and `_wakeup` catches the exception `fut.result()` raises and
//! passes it on. Here the generator is resumed with a [`JobResult`], `Ok(value)` or `Err(error)`, so Python's
//! `send` and `throw` are one resume, and the body answers with `match` where Python has `try`/`except`.
//!
//! `repr(e)` is [`JobError::repr`](crate::concurrent::future::JobError::repr): `2 + 'Hello'` fails in the job with
//! Python's `TypeError`, and both languages print `Failed: TypeError("unsupported operand ...")`.
//!
//! Both Tasks' jobs run at once on the pool's 8 workers, as in the original, and end at the same instant: the
//! pool's clock releases them in the order they were submitted, so `Got: 5` comes first on every run (see
//! [`inline1`](super::inline1)).
//!
//! ## Deviations
//!
//! - The original's main runs only `do_func(2, 3)`; the slides also show `do_func(2, 'Hello')` failing, and the
//!   port and the twin run both, one Task each, so the transcript shows the `Failed:` line.
//! - `Got: 5` always comes before `Failed:` (the original's race, fixed by the pool's clock, in the twin too:
//!   its `ThreadPoolExecutor` is `python/pool.py`'s, whose jobs sleep on the same kind of clock, through
//!   `frontier.sleep`, scaled).
//! - The twin's pool waits for its jobs at exit, as the interpreter waits for the real pool's threads; the port
//!   waits for its Tasks explicitly ([`Runner::finish`](crate::concurrent::wakeup::Runner::finish)), which also fails
//!   the run with an error no generator caught.
#![doc = include_str!(concat!(env!("OUT_DIR"), "/output/inline2.md"))]

use crate::backend::Backend;
use crate::concurrent::future::{JobResult, PoolFuture};
use crate::concurrent::jobs::func;
use crate::concurrent::pool::Pool;
use crate::concurrent::task::{Body, Task};
use crate::concurrent::value::Value;
use crate::concurrent::wakeup::{Home, OnPoolThreads, ResumeOn};
use crate::concurrent::{Env, FuturesError};
use crate::transcript::Transcript;

mod native {
    use super::*;
    use crate::backend::native::Native;

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
}

mod stackless {
    use super::*;
    use crate::backend::stackless::{Stackless, SyncCo};

    pub fn do_func(env: Env, x: Value, y: Value) -> impl Body {
        Stackless::sync(move |co: SyncCo<PoolFuture<Value>, JobResult<Value>>| async move {
            match co.yield_(env.pool.submit(func(x, y))).await {
                Ok(result) => env.t.line(format!("Got: {result}")),
                Err(error) => env.t.line(format!("Failed: {}", error.repr())),
            }
            Ok(())
        })
    }
}

mod stackful {
    use super::*;
    use crate::backend::stackful::{StackError, Stackful, Yielder};

    pub fn do_func(env: Env, x: Value, y: Value) -> Result<impl Body, StackError> {
        Stackful::new(move |yielder: &Yielder<JobResult<Value>, PoolFuture<Value>>| {
            match yielder.suspend(env.pool.submit(func(x, y))) {
                Ok(result) => env.t.line(format!("Got: {result}")),
                Err(error) => env.t.line(format!("Failed: {}", error.repr())),
            }
            Ok(())
        })
    }
}

/// Runs inline2.py on one backend: two Tasks at once, `do_func(2, 3)` and `do_func(2, 'Hello')`.
pub fn run(t: &Transcript, backend: Backend) -> Result<(), FuturesError> {
    let pool = Pool::new(8, t)?;
    let env = Env::new(pool.handle(), t);
    let (two, three, hello) = (Value::from(2), Value::from(3), Value::from("Hello"));
    let on_pool = || OnPoolThreads::new(pool.handle());
    match backend {
        Backend::Native => {
            program(on_pool(), native::do_func(env.clone(), two.clone(), three), native::do_func(env, two, hello))?
        }
        Backend::Stackless => program(
            on_pool(),
            stackless::do_func(env.clone(), two.clone(), three),
            stackless::do_func(env, two, hello),
        )?,
        Backend::Stackful => program(
            Home::current(),
            stackful::do_func(env.clone(), two.clone(), three)?,
            stackful::do_func(env, two, hello)?,
        )?,
    }
    Ok(())
}

/// The main program: `Task(do_func(2, 3)).step()`, then the slides' `Task(do_func(2, 'Hello')).step()`; then
/// wait, as Python's interpreter does for the pool's threads.
fn program<W, A: Body, B: Body>(wake: W, works: A, fails: B) -> Result<(), FuturesError>
where
    W: ResumeOn<Task<A, W>> + ResumeOn<Task<B, W>>,
{
    Task::new("do_func", works, wake.clone()).step(Ok(Value::None));
    Task::new("do_func", fails, wake.clone()).step(Ok(Value::None));
    Ok(wake.finish()?)
}
