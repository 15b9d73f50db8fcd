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
//! The Task is the one [`futures::task`](crate::futures::task) keeps (four samples take it unchanged; Python
//! copies the class into each file): read it there, next to its Python. What changed from inline1: the generator
//! is resumed with an [`Outcome`], `Ok(value)` or `Err(error)`, so Python's `send` and `throw` are one resume,
//! and the body answers with `match` (Python's `try`/`except`) where Python catches.
//!
//! The pool has 8 workers, and the pool's clock fixes the order of the two tasks' lines, both due after one
//! job-length (see [`inline1`](super::inline1)).
//! Python's twin prints `Failed: <message>` with `str(e)`, so both languages print CPython's message.
#![doc = include_str!(concat!(env!("OUT_DIR"), "/output/inline2.md"))]

use crate::backend::Backend;
use crate::futures::future::{Future, Outcome};
use crate::futures::jobs::func;
use crate::futures::pool::Pool;
use crate::futures::task::{Body, Task};
use crate::futures::value::Value;
use crate::futures::wake::{Home, OnPoolThreads, Wake};
use crate::futures::{Env, FuturesError};
use crate::transcript::Transcript;

mod native {
    use super::*;
    use crate::backend::native::Native;

    pub fn do_func(env: Env, x: Value, y: Value) -> impl Body {
        Native::new(
            #[coroutine]
            move |_start: Outcome<Value>| {
                match yield env.pool.submit(func(x, y)) {
                    Ok(result) => env.t.line(format!("Got: {result}")),
                    Err(error) => env.t.line(format!("Failed: {error}")),
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
        Stackless::sync(move |co: SyncCo<Future<Value>, Outcome<Value>>| async move {
            match co.yield_(env.pool.submit(func(x, y))).await {
                Ok(result) => env.t.line(format!("Got: {result}")),
                Err(error) => env.t.line(format!("Failed: {error}")),
            }
            Ok(())
        })
    }
}

mod stackful {
    use super::*;
    use crate::backend::stackful::{StackError, Stackful, Yielder};

    pub fn do_func(env: Env, x: Value, y: Value) -> Result<impl Body, StackError> {
        Stackful::new(move |yielder: &Yielder<Outcome<Value>, Future<Value>>| {
            match yielder.suspend(env.pool.submit(func(x, y))) {
                Ok(result) => env.t.line(format!("Got: {result}")),
                Err(error) => env.t.line(format!("Failed: {error}")),
            }
            Ok(())
        })
    }
}

/// Runs inline2.py on one backend: two Tasks at once, `do_func(2, 3)` and `do_func(2, 'Hello')`.
pub fn run(t: &Transcript, backend: Backend) -> Result<(), FuturesError> {
    let pool = Pool::new(8, t)?; // the order of the two lines: see inline1
    let env = Env::new(pool.handle(), t);
    let (two, three, hello) = (Value::from(2), Value::from(3), Value::from("Hello"));
    let on_pool = || OnPoolThreads::new(pool.handle());
    match backend {
        Backend::Native => {
            main(on_pool(), native::do_func(env.clone(), two.clone(), three), native::do_func(env, two, hello))?
        }
        Backend::Stackless => {
            main(on_pool(), stackless::do_func(env.clone(), two.clone(), three), stackless::do_func(env, two, hello))?
        }
        Backend::Stackful => main(
            Home::current(),
            stackful::do_func(env.clone(), two.clone(), three)?,
            stackful::do_func(env, two, hello)?,
        )?,
    }
    Ok(())
}

/// The original's main program: `Task(do_func(2, 3)).step()`, `Task(do_func(2, 'Hello')).step()`, then wait.
fn main<W, A: Body, B: Body>(wake: W, works: A, fails: B) -> Result<(), FuturesError>
where
    W: Wake<Task<A, W>> + Wake<Task<B, W>>,
{
    Task::start(works, wake.clone());
    Task::start(fails, wake.clone());
    Ok(wake.finish()?)
}
