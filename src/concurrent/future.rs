//! A `concurrent.futures.Future`: a slot for a result that is not there yet.
//!
//! | Python | here |
//! | --- | --- |
//! | `fut.result()` (blocks; re-raises the job's exception) | [`PoolFuture::result`] returns `Result<T, JobError>` |
//! | `fut.done()` | [`PoolFuture::done`] |
//! | `fut.add_done_callback(fn)` | [`PoolFuture::add_done_callback`] |
//! | `fut.add_done_callback(lambda f: fn(f.result()))` | [`PoolFuture::add_result_callback`] (one lock, not two) |
//! | `fut.add_done_callback(task._wakeup)` | [`PoolFuture::add_resume`]: the boxed Task is the callback ([`Resume`]) |
//! | `fut.set_result(v)` / `fut.set_exception(e)` | [`PoolFuture::set`] with `Ok(v)` / `Err(e)` |
//! | `repr(e)` of the exception `result()` raised | [`JobError::repr`] |
//!
//! The rules are Python's: a callback runs exactly once, on the thread that completes the future, or at once on
//! the caller's thread when it is added to a future that is already done. A callback that panics is reported on
//! stderr and the others still run (concurrent.futures logs "exception calling callback" and goes on).
//!
//! What Rust makes explicit: Python's `result()` hands out the same object to every caller; here the value is
//! cloned out (`T: Clone`, so a future can be completed only with a value that can be; the samples' values are
//! small), and the error is a [`JobError`], which is cheap to clone because the job's own error sits behind an
//! `Arc`, like the one exception object Python re-raises.
//!
//! This is not [`std::future::Future`]: that one is *polled* by an executor, this one *calls back*. The last step
//! of the tutorial (inline_future) bridges the two.

use std::error::Error as StdError;
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

use super::value::{AddError, repr_str};
use crate::transcript::Stopped;

/// Why a future holds no value: Python's exception, as a value.
#[derive(Debug, Clone, thiserror::Error)]
pub enum JobError {
    /// The job returned an error (Python: the job raised). The error itself is kept, so a caller can
    /// `downcast_ref` it, as Python's `except TypeError` picks an exception by its type.
    #[error("{0}")]
    Raised(Arc<dyn StdError + Send + Sync>),
    /// The job panicked. The pool catches the panic so the future is completed, never left hanging.
    #[error("the job panicked: {0}")]
    Panicked(String),
    /// The job was submitted after the pool was shut down, so it never ran.
    #[error("the pool is shut down: the job was not run (submit jobs before dropping the pool)")]
    PoolShutDown,
    /// A Task was dropped before its generator finished (its wake-up was lost), so it can never set its result.
    #[error("the task was dropped before it finished: nothing will ever resume its generator")]
    Abandoned,
    /// The run was stopped (Ctrl-C, a closed stdout) while the job waited: Python's `KeyboardInterrupt`.
    #[error(transparent)]
    Stopped(#[from] Stopped),
}

impl JobError {
    /// Wraps a job's own error (Python: `raise error`).
    pub fn raised(error: impl StdError + Send + Sync + 'static) -> Self {
        JobError::Raised(Arc::new(error))
    }

    /// The job's own error, if it is of type `E` (Python: `except E as e`).
    pub fn downcast_ref<E: StdError + 'static>(&self) -> Option<&E> {
        match self {
            JobError::Raised(error) => error.downcast_ref::<E>(),
            _ => None,
        }
    }

    /// Python's `repr(e)`, as the samples print a caught exception: `TypeError("unsupported operand type(s) for +:
    /// 'int' and 'str'")`, the exception's class and then its message as a Python string literal.
    pub fn repr(&self) -> String {
        format!("{}({})", self.python_class(), repr_str(&self.to_string()))
    }

    /// The class of the Python exception this error stands for: a job's own error says ([`AddError`]'s
    /// `TypeError`); the pool's refusal is concurrent.futures' `RuntimeError`, a stopped run `KeyboardInterrupt`;
    /// what Python has no class for (a panic, a lost Task, another Rust error) is a plain `Exception`.
    pub fn python_class(&self) -> &'static str {
        match self {
            JobError::Raised(error) => error.downcast_ref::<AddError>().map_or("Exception", AddError::python_class),
            JobError::PoolShutDown => "RuntimeError",
            JobError::Stopped(_) => "KeyboardInterrupt",
            JobError::Panicked(_) | JobError::Abandoned => "Exception",
        }
    }

    /// A panic payload as text.
    pub(crate) fn from_panic(payload: &(dyn std::any::Any + Send)) -> Self {
        let message = if let Some(text) = payload.downcast_ref::<&str>() {
            (*text).to_string()
        } else if let Some(text) = payload.downcast_ref::<String>() {
            text.clone()
        } else {
            "a non-text panic payload".to_string()
        };
        JobError::Panicked(message)
    }
}

/// What a job produces, and what the Tasks from inline2 on send into their generators: the value, or the error
/// to throw in at the `yield`.
pub type JobResult<T> = Result<T, JobError>;

/// A second [`PoolFuture::set`] on a future that is already done (Python: `InvalidStateError`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the future is already done: a result can be set only once")]
pub struct AlreadyDone;

/// What waits in a future for its outcome and is resumed with it, from a box it keeps: a result callback
/// (any `FnOnce(JobResult<T>)`), or a whole Task (Python's callback is the bound method `task._wakeup`, which
/// holds the Task). A Task that is its own callback moves its one box from future to future, so a step
/// allocates nothing.
pub trait Resume<T> {
    /// Resumes with the future's outcome.
    fn resume(self: Box<Self>, outcome: JobResult<T>);
}

impl<T, F: FnOnce(JobResult<T>)> Resume<T> for F {
    fn resume(self: Box<Self>, outcome: JobResult<T>) {
        self(outcome)
    }
}

/// Python's kind of callback ([`PoolFuture::add_done_callback`]): handed the future.
type DoneCallback<T> = Box<dyn FnOnce(&PoolFuture<T>) + Send>;

/// A callback, waiting in the future for it to be done.
enum Callback<T> {
    /// Python's kind.
    Done(DoneCallback<T>),
    /// Handed a copy of the outcome that [`PoolFuture::set`] takes under its lock ([`PoolFuture::add_resume`]).
    Result(Box<dyn Resume<T> + Send>),
}

enum State<T> {
    Pending(Vec<Callback<T>>),
    Done(JobResult<T>),
}

/// The state, and two counts that spare [`PoolFuture::set`] work nobody needs: how many threads are blocked in
/// [`PoolFuture::result`] (waking a condition variable is a system call even when nobody waits), and how many of
/// the callbacks are result callbacks (the outcome is copied for them only if there is one).
struct Slot<T> {
    state: State<T>,
    waiters: usize,
    result_callbacks: usize,
}

struct Shared<T> {
    slot: Mutex<Slot<T>>,
    finished: Condvar,
}

/// A result that will be there later; cheap to clone (all clones are the same future).
pub struct PoolFuture<T> {
    shared: Arc<Shared<T>>,
}

impl<T> Clone for PoolFuture<T> {
    fn clone(&self) -> Self {
        PoolFuture { shared: Arc::clone(&self.shared) }
    }
}

impl<T> fmt::Debug for PoolFuture<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.done() { "PoolFuture(done)" } else { "PoolFuture(pending)" })
    }
}

impl<T> Default for PoolFuture<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> PoolFuture<T> {
    /// A pending future, for whoever will complete it (the pool, or in inline_future a Task).
    pub fn new() -> Self {
        let slot = Slot { state: State::Pending(Vec::new()), waiters: 0, result_callbacks: 0 };
        PoolFuture { shared: Arc::new(Shared { slot: Mutex::new(slot), finished: Condvar::new() }) }
    }

    /// The state, even if a thread panicked while holding the lock: no code panics between two consistent
    /// states under this lock (callbacks run outside it), so the state is always whole.
    fn lock(&self) -> MutexGuard<'_, Slot<T>> {
        self.shared.slot.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Python's `fut.done()`.
    pub fn done(&self) -> bool {
        matches!(self.lock().state, State::Done(_))
    }

    /// Python's `fut.add_done_callback(fn)`: `callback` runs once, with this future, when it is done; at once,
    /// on this thread, if it already is.
    pub fn add_done_callback(&self, callback: impl FnOnce(&PoolFuture<T>) + Send + 'static) {
        let mut slot = self.lock();
        match &mut slot.state {
            State::Pending(callbacks) => callbacks.push(Callback::Done(Box::new(callback))),
            State::Done(_) => {
                drop(slot);
                self.run_callback(|| callback(self));
            }
        }
    }

    /// Runs a callback; a panic in it is reported, and the caller goes on with the next.
    fn run_callback(&self, callback: impl FnOnce()) {
        if let Err(payload) = catch_unwind(AssertUnwindSafe(callback)) {
            eprintln!("warning: a done-callback panicked: {}", JobError::from_panic(&*payload));
        }
    }
}

impl<T: Clone> PoolFuture<T> {
    /// Completes the future and runs its callbacks here, on the calling thread, in the order they were added.
    pub fn set(&self, outcome: JobResult<T>) -> Result<(), AlreadyDone> {
        let (callbacks, waiters, mut copy) = {
            let mut slot = self.lock();
            let State::Pending(callbacks) = &mut slot.state else {
                return Err(AlreadyDone);
            };
            let callbacks = std::mem::take(callbacks);
            // A copy for the result callback, taken now, under the lock held anyway: it need not lock again.
            let copy = (slot.result_callbacks > 0).then(|| outcome.clone());
            slot.state = State::Done(outcome);
            (callbacks, slot.waiters, copy)
        };
        if waiters > 0 {
            self.shared.finished.notify_all();
        }
        for callback in callbacks {
            match callback {
                Callback::Done(callback) => self.run_callback(|| callback(self)),
                // The first result callback takes the copy; any after it (none in this crate) read the future.
                Callback::Result(callback) => {
                    let outcome = copy.take().unwrap_or_else(|| self.result());
                    self.run_callback(|| callback.resume(outcome));
                }
            }
        }
        Ok(())
    }

    /// `fut.add_done_callback(lambda f: callback(f.result()))` without the second lock: `callback` runs once, with
    /// a copy of the outcome that [`PoolFuture::set`] takes while it holds the lock, when the future is done; at
    /// once, on this thread, if it already is. The crate's Tasks wake up through this ([`wakeup`](super::wakeup)).
    pub fn add_result_callback(&self, callback: impl FnOnce(JobResult<T>) + Send + 'static) {
        self.add_resume(Box::new(callback));
    }

    /// [`PoolFuture::add_result_callback`] for what is already boxed: a Task that is its own callback
    /// ([`Resume`]) is resumed from the box it is in, with no allocation.
    pub fn add_resume(&self, callback: Box<dyn Resume<T> + Send>) {
        let mut slot = self.lock();
        match &mut slot.state {
            State::Pending(callbacks) => {
                callbacks.push(Callback::Result(callback));
                slot.result_callbacks += 1;
            }
            State::Done(outcome) => {
                let outcome = outcome.clone();
                drop(slot);
                self.run_callback(|| callback.resume(outcome));
            }
        }
    }

    /// Python's `fut.result()`: blocks until the future is done, then returns a copy of its value, or its error.
    pub fn result(&self) -> JobResult<T> {
        let mut slot = self.lock();
        loop {
            match &slot.state {
                State::Done(outcome) => return outcome.clone(),
                State::Pending(_) => {
                    slot.waiters += 1;
                    slot = self.shared.finished.wait(slot).unwrap_or_else(PoisonError::into_inner);
                    slot.waiters -= 1;
                }
            }
        }
    }

    /// The outcome if the future is done, without blocking.
    pub fn try_result(&self) -> Option<JobResult<T>> {
        match &self.lock().state {
            State::Done(outcome) => Some(outcome.clone()),
            State::Pending(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::concurrent::value::{Value, add};

    #[test]
    fn an_error_reprs_as_pythons_exception() {
        let type_error = add(&Value::Int(2), &Value::from("Hello")).map_err(JobError::raised).err();
        let repr = type_error.map(|error| error.repr());
        // CPython 3.11: repr(TypeError("unsupported operand type(s) for +: 'int' and 'str'")).
        assert_eq!(repr.as_deref(), Some(r#"TypeError("unsupported operand type(s) for +: 'int' and 'str'")"#));
        assert_eq!(JobError::Panicked("it's".into()).repr(), r#"Exception("the job panicked: it's")"#);
        assert!(JobError::PoolShutDown.repr().starts_with("RuntimeError('the pool is shut down"));
    }
}
