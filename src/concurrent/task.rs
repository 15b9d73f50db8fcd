//! inline2's Task, the one that throws: a failed job's error is raised inside the generator, at its `yield`.
//! The twin's class (`python/inline2.py`), as in the original:
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/inline2/Task.md"))]
//! Beazley's inline2.py introduces it, and inline_recursive.py, inline_puzzle.py and inline_iter.py carry the
//! same class unchanged (Python copies it into each file). Here it lives once, below the samples, and
//! [`inline2`](crate::part3_futures::inline2) tells its story. (inline1's Task, which cannot throw, and
//! inline_future's, which is a future, stay in their samples: each is a step of the evolution.)
//!
//! What Rust makes explicit: the generator is resumed with an [`JobResult`], `Ok(value)` or `Err(error)`: Python's
//! `send` and `throw` are [`Throw::send`] and [`Throw::throw`], and the body answers with `match` (Python's
//! `try`/`except`) or `?` (no `except`: the error leaves the generator). An error that leaves the generator is
//! what it returns, `Err(error)`. Python's `step` catches only `StopIteration`, so such an error escapes `step`:
//! from the first step to the caller, from a done-callback into concurrent.futures' log. Here it is kept as
//! uncaught and fails the run at its end ([`Runner::uncaught`](super::wakeup::Runner::uncaught)), where Python
//! would exit 0.

use super::future::{JobError, JobResult, PoolFuture, Resume};
use super::value::Value;
use super::wakeup::ResumeOn;
use crate::generator::{Generator, Step, Throw};
use crate::trace::{self, Gen};

/// What this Task drives: sent a job's outcome, yields the next future, returns `R` or the error it did not
/// catch. Delegates (`after`'s `gen`) are `Body<R>` for other `R`s; a Task's own generator is a `Body<()>`.
pub trait Body<R = ()>:
    Generator<JobResult<Value>, Yield = PoolFuture<Value>, Return = JobResult<R>> + 'static
{
}
impl<R, G: Generator<JobResult<Value>, Yield = PoolFuture<Value>, Return = JobResult<R>> + 'static> Body<R> for G {}

/// inline2's Task: drives a generator `G`, woken as `W` says (see [`wakeup`](super::wakeup)).
pub struct Task<G, W> {
    generator: G,
    wake: W,
    /// How `final-frontier trace` names the generator: its Python name, numbered (several Tasks may drive
    /// generators of the same function, as Python's `<generator object recursive at 0x...>` tells them apart).
    who: Gen,
    /// Python's bound method `self._wakeup`, which the future's callback holds: with it, the future can hold the
    /// Task itself ([`Resume`]).
    wakeup: fn(Box<Self>, JobResult<Value>),
}

impl<G: Body, W: ResumeOn<Task<G, W>>> Task<G, W> {
    /// Python's `Task(gen)`: nothing runs until the first [`Task::step`]. As in Python, the Task is one object on
    /// the heap, held by the future it waits on. `name` is what Python knows as `gen.__name__` (`do_func`),
    /// which a Rust generator does not carry: the trace shows it.
    pub fn new(name: &'static str, generator: G, wake: W) -> Box<Self> {
        Box::new(Task { generator, wake, who: Gen::numbered_next(name), wakeup: Self::step })
    }

    /// Python's `Task(gen).step()`: start the generator.
    pub fn start(name: &'static str, generator: G, wake: W) {
        Self::new(name, generator, wake).step(Ok(Value::None));
    }

    /// Python's `step(value, exc)`: send the value in, or throw the error in.
    pub fn step(mut self: Box<Self>, sent: JobResult<Value>) {
        let step = trace::step(&self.who, sent, |sent| match sent {
            Ok(value) => self.generator.send(value),
            Err(error) => self.generator.throw(error),
        });
        match step {
            Step::Yield(fut) => W::when_done(&fut, self),
            Step::Return(Ok(())) => {}
            Step::Return(Err(error)) => self.wake.uncaught(error),
        }
    }
}

impl<G: Body, W: ResumeOn<Task<G, W>>> Task<G, W> {
    /// Python's `Task(gen).step()` as a whole program: start the Task, then wait until every Task started with
    /// `wake` is done (Python's interpreter waits for the pool's threads at exit).
    ///
    /// # Errors
    ///
    /// The first error that no generator caught.
    pub fn run(name: &'static str, generator: G, wake: W) -> Result<(), JobError> {
        Self::start(name, generator, wake.clone());
        wake.finish()
    }
}

impl<G: 'static, W: 'static> Resume<Value> for Task<G, W> {
    fn resume(self: Box<Self>, outcome: JobResult<Value>) {
        (self.wakeup)(self, outcome)
    }
}

/// The `Co` of a stackless body driven by this Task: every level of one Task's delegation shares it.
pub type TaskCo = crate::backend::stackless::SyncCo<PoolFuture<Value>, JobResult<Value>>;

/// The `Yielder` of a stackful body driven by this Task: every level of one Task's delegation shares it.
pub type TaskYielder = crate::backend::stackful::Yielder<JobResult<Value>, PoolFuture<Value>>;
