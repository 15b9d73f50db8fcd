//! Python's `@contextmanager`, written once over the [`Generator`] protocol.
//!
//! ```python
//! class GeneratorCM:
//!     def __enter__(self):          return next(self.gen)
//!     def __exit__(self, et, ev, tb):
//!         if et is None:
//!             try: next(self.gen)
//!             except StopIteration: return False
//!             raise RuntimeError("generator didn't stop")
//!         try: self.gen.throw(ev)
//!         except StopIteration: return True        # the generator swallowed the error
//!         except BaseException as e:
//!             if e is ev: return False               # re-raised: let it propagate
//!             raise
//!         raise RuntimeError("generator didn't stop after throw()")
//! ```
//!
//! In Rust the generator is resumed with `Result<(), E>`: `Ok(())` is the normal exit, `Err(e)` is the error thrown
//! in at the `yield`. It returns `Result<(), E>`: `Ok(())` means "finished" (after a throw: "suppressed"), `Err(e)`
//! is the error that comes back out. Python's `e is ev` test is not needed: whichever error the generator
//! returns is the one that propagates.
//!
//! Two exits have no Python `__exit__` call, and need none here:
//! - a **panic** in the with-body unwinds through [`with`], which drops the generator;
//! - **dropping** a [`ContextManager`] while its generator is suspended is Python's `close()`.
//!
//! In both, the suspended generator is dropped, and dropping runs its live locals' destructors on every backend.
//! That is why a generator's cleanup must live in a `Drop` guard ([`Finally`]) and not in plain code after the
//! `yield`: code after the `yield` only runs if the generator is resumed.

use std::fmt;
use std::marker::PhantomData;

use crate::generator::{Generator, Step};

/// Why a `with` block failed.
#[derive(Debug, PartialEq, Eq)]
pub enum ContextError<E> {
    /// The body's error came back out of the generator, or the generator failed on its own.
    Raised(E),
    /// The generator returned before its `yield`: there was nothing to enter.
    DidNotYield,
    /// On a normal exit the generator yielded again instead of finishing.
    DidNotStop,
    /// After the body's error was thrown in, the generator yielded again instead of finishing or re-raising.
    DidNotStopAfterThrow,
}

impl<E: fmt::Display> fmt::Display for ContextError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The same words as CPython's contextlib, so the transcripts can match.
        match self {
            ContextError::Raised(error) => error.fmt(f),
            ContextError::DidNotYield => f.write_str("generator didn't yield"),
            ContextError::DidNotStop => f.write_str("generator didn't stop"),
            ContextError::DidNotStopAfterThrow => f.write_str("generator didn't stop after throw()"),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for ContextError<E> {
    /// `Raised` is the generator's own error, shown as it is: its causes are the cause chain.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ContextError::Raised(error) => error.source(),
            _ => None,
        }
    }
}

/// A generator used as a context manager: Python's `_GeneratorContextManager`.
///
/// Dropping it while entered drops the suspended generator, which runs its cleanup (Python's `close()`).
pub struct ContextManager<G, E> {
    generator: G,
    /// The error type the generator is resumed with; it does not own one.
    thrown: PhantomData<fn(E)>,
}

impl<G, T, E> ContextManager<G, E>
where
    G: Generator<Result<(), E>, Yield = T, Return = Result<(), E>>,
{
    /// Wraps a generator that yields exactly once.
    pub fn new(generator: G) -> Self {
        ContextManager { generator, thrown: PhantomData }
    }

    /// `__enter__`: run the generator to its `yield` and hand out what it yields.
    pub fn enter(&mut self) -> Result<T, ContextError<E>> {
        match self.generator.resume(Ok(())) {
            Step::Yield(value) => Ok(value),
            Step::Return(Ok(())) => Err(ContextError::DidNotYield),
            Step::Return(Err(error)) => Err(ContextError::Raised(error)),
        }
    }

    /// `__exit__`: resume the generator with how the body ended. `Ok(true)` means the generator suppressed the
    /// body's error.
    pub fn exit(mut self, outcome: Result<(), E>) -> Result<bool, ContextError<E>> {
        let thrown = outcome.is_err();
        match (self.generator.resume(outcome), thrown) {
            (Step::Return(Ok(())), thrown) => Ok(thrown),
            (Step::Return(Err(error)), _) => Err(ContextError::Raised(error)),
            (Step::Yield(_), false) => Err(ContextError::DidNotStop),
            (Step::Yield(_), true) => Err(ContextError::DidNotStopAfterThrow),
        }
        // `self` is dropped here: a generator that yielded again is closed, and its cleanup runs.
    }
}

/// The `with` statement: enter, run `body` with the yielded value, exit.
///
/// Returns `Ok(Some(value))` when the body succeeded, `Ok(None)` when the body failed and the generator
/// suppressed the error (Python carries on after the `with` block; there is no value), and `Err` otherwise.
/// A panic in `body` drops the generator (its cleanup runs) and keeps unwinding.
///
/// ```
/// #![feature(coroutines)]
/// use std::cell::RefCell;
/// use final_frontier::backend::native::Native;
/// use final_frontier::part2_context::contextmanager::{ContextError, Finally, with};
///
/// // Python: @contextmanager def opened(log): log.append('open'); try: yield 42 finally: log.append('closed')
/// let log = RefCell::new(Vec::new());
/// let opened = || {
///     Native::new(
///         #[coroutine]
///         |_start: Result<(), String>| {
///             log.borrow_mut().push("open");
///             let _finally = Finally::new(|| log.borrow_mut().push("closed"));
///             // What the driver sends in comes back out: Ok(()) on a normal exit, the body's error re-raised.
///             // (`yield 42; Ok(())` would swallow the error: Python re-raises unless told otherwise, Rust does
///             // what the code says.)
///             yield 42
///         },
///     )
/// };
/// assert_eq!(with(opened(), |n| Ok::<_, String>(n + 1)), Ok(Some(43)));
/// // The body's error is thrown in at the `yield`; this generator does not catch it, so it comes back out.
/// assert_eq!(with(opened(), |_| Err::<(), _>("boom".to_string())), Err(ContextError::Raised("boom".to_string())));
/// assert_eq!(*log.borrow(), ["open", "closed", "open", "closed"]);
/// ```
///
/// # Errors
///
/// [`ContextError`]: the body's error if the generator let it out, or a generator that did not yield exactly once.
pub fn with<G, T, E, U>(generator: G, body: impl FnOnce(&T) -> Result<U, E>) -> Result<Option<U>, ContextError<E>>
where
    G: Generator<Result<(), E>, Yield = T, Return = Result<(), E>>,
{
    let mut manager = ContextManager::new(generator);
    let value = manager.enter()?;
    match body(&value) {
        Ok(result) => manager.exit(Ok(())).map(|_| Some(result)),
        Err(error) => manager.exit(Err(error)).map(|_| None),
    }
}

/// Python's `finally:` inside a generator: runs `cleanup` when dropped, whichever way the generator ends
/// (finished, resumed with an error, dropped while suspended, or unwound by a panic).
#[must_use = "a Finally runs its cleanup when dropped: bind it to a named local (`let _finally = ...`)"]
pub struct Finally<F: FnOnce()>(Option<F>);

impl<F: FnOnce()> Finally<F> {
    /// Arms `cleanup`.
    pub fn new(cleanup: F) -> Self {
        Finally(Some(cleanup))
    }
}

impl<F: FnOnce()> Drop for Finally<F> {
    fn drop(&mut self) {
        if let Some(cleanup) = self.0.take() {
            cleanup();
        }
    }
}

#[cfg(test)]
mod tests {
    //! The two driver errors that cm.rs's generators cannot provoke, on a native generator written for it.
    use super::*;
    use crate::backend::native::Native;

    #[test]
    fn a_generator_that_returns_before_yielding_did_not_yield() {
        let generator = Native::new(
            #[coroutine]
            |_start: Result<(), String>| {
                if false {
                    let _ = yield ();
                }
                Ok(())
            },
        );
        assert_eq!(with(generator, |()| Ok::<_, String>(())), Err(ContextError::DidNotYield));
    }

    #[test]
    fn a_generator_that_yields_again_after_a_throw_did_not_stop_after_throw() {
        let generator = Native::new(
            #[coroutine]
            |_start: Result<(), String>| {
                let _ignored = yield ();
                let _ = yield ();
                Ok(())
            },
        );
        let result = with(generator, |()| Err::<(), _>("boom".to_string()));
        assert_eq!(result, Err(ContextError::DidNotStopAfterThrow));
        assert_eq!(ContextError::<String>::DidNotStopAfterThrow.to_string(), "generator didn't stop after throw()");
    }
}
