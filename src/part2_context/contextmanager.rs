//! cm.py's `GeneratorCM` and `contextmanager`, written once over the [`Generator`] protocol.
//!
//! The original is not `contextlib`: its `__enter__` is `next(gen)` and nothing more, and its `__exit__` resumes
//! the generator (`next` on a normal exit, `throw` with the body's exception) and then judges the outcome:
//!
//! | the resumed generator... | `GeneratorCM.__exit__` | [`ContextManager::exit`] |
//! | --- | --- | --- |
//! | yields again | `RuntimeError("Generator didn't stop")` | [`ContextError::DidNotStop`] |
//! | finishes (`StopIteration`) | returns `True`: a thrown-in exception the generator swallowed is suppressed | `Ok(true)` |
//! | raises the exception thrown in | returns nothing, so the `with` re-raises it | `Err(Raised(e))` |
//! | raises another exception | lets it propagate | `Err(Raised(e))` |
//!
//! In Rust the generator is resumed with `Result<(), E>`: `Ok(())` is `next`, `Err(e)` is `throw(e)` at the
//! `yield`. It returns `Result<(), E>`: `Ok(())` is `StopIteration`, `Err(e)` an exception coming out. Python's
//! last two rows differ only in the traceback (`e is value` decides whether `__exit__` or the `with` statement
//! raises it); an error value has no identity, and the caller sees the same thing either way: the error that
//! came out.
//!
//! Entering is `next(gen)` only: a generator that returns before its `yield` makes `StopIteration` escape from
//! the original's `with` statement, which is [`ContextError::StopIteration`] here; there is no "didn't yield"
//! check (contextlib has one).
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
use crate::trace::{self, Describe, Gen, Sent};

/// Why a `with` block failed.
#[derive(Debug, PartialEq, Eq)]
pub enum ContextError<E> {
    /// The body's error came back out of the generator, or the generator failed on its own.
    Raised(E),
    /// The generator returned before its `yield`: `next(gen)` in `__enter__` raised `StopIteration`, and the
    /// original lets it escape.
    StopIteration,
    /// The generator yielded again when it was resumed on exit (normal or with an error).
    DidNotStop,
}

impl<E: fmt::Display> fmt::Display for ContextError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The original's words, so the transcripts can match.
        match self {
            ContextError::Raised(error) => error.fmt(f),
            ContextError::StopIteration => f.write_str("StopIteration: the generator returned before its yield"),
            ContextError::DidNotStop => f.write_str("Generator didn't stop"),
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

/// A generator used as a context manager: cm.py's `GeneratorCM`.
///
/// Dropping it while entered drops the suspended generator, which runs its cleanup (Python's `close()`).
pub struct ContextManager<G, E> {
    generator: G,
    /// How `final-frontier trace` names the generator.
    who: Gen,
    /// The error type the generator is resumed with; it does not own one.
    thrown: PhantomData<fn(E)>,
}

impl<G, T, E: fmt::Display> ContextManager<G, E>
where
    G: Generator<Result<(), E>, Yield = T, Return = Result<(), E>>,
{
    /// `GeneratorCM(gen)`.
    pub fn new(generator: G) -> Self {
        ContextManager { generator, who: Gen::numbered_next("GeneratorCM"), thrown: PhantomData }
    }

    /// `__enter__`: `next(gen)`, handing out what it yields.
    pub fn enter(&mut self) -> Result<T, ContextError<E>> {
        trace::resume(&self.who, || Sent::Nothing);
        let step = self.generator.resume(Ok(()));
        trace::stepped(&self.who, &step);
        match step {
            Step::Yield(value) => Ok(value),
            Step::Return(Ok(())) => Err(ContextError::StopIteration),
            Step::Return(Err(error)) => Err(ContextError::Raised(error)),
        }
    }

    /// `__exit__`: `next(gen)` after a normal exit, `gen.throw(e)` after an error. `Ok(true)` when the generator
    /// finished (after a throw: it swallowed the error, which is suppressed), as the original returns `True`.
    pub fn exit(mut self, outcome: Result<(), E>) -> Result<bool, ContextError<E>> {
        trace::resume(&self.who, || outcome.describe());
        let step = self.generator.resume(outcome);
        trace::stepped(&self.who, &step);
        match step {
            Step::Yield(_) => Err(ContextError::DidNotStop),
            Step::Return(Ok(())) => Ok(true),
            Step::Return(Err(error)) => Err(ContextError::Raised(error)),
        }
        // `self` is dropped here: a generator that yielded again is closed, and its cleanup runs.
    }
}

/// The `with` statement: enter, run `body` with the yielded value, exit.
///
/// Returns `Ok(Some(value))` when the body succeeded, `Ok(None)` when the body failed and the generator
/// swallowed the error (Python carries on after the `with` block; there is no value), and `Err` otherwise.
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
pub fn with<G, T, E: fmt::Display, U>(
    generator: G,
    body: impl FnOnce(&T) -> Result<U, E>,
) -> Result<Option<U>, ContextError<E>>
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
    //! The driver's answers that cm.rs's generators do not provoke, on native generators written for them.
    use super::*;
    use crate::backend::native::Native;

    #[test]
    fn a_generator_that_returns_before_yielding_lets_stop_iteration_escape() {
        let generator = Native::new(
            #[coroutine]
            |_start: Result<(), String>| {
                if false {
                    let _ = yield ();
                }
                Ok(())
            },
        );
        assert_eq!(with(generator, |()| Ok::<_, String>(())), Err(ContextError::StopIteration));
    }

    #[test]
    fn a_generator_that_yields_again_after_a_throw_did_not_stop() {
        let generator = Native::new(
            #[coroutine]
            |_start: Result<(), String>| {
                let _ignored = yield ();
                let _ = yield ();
                Ok(())
            },
        );
        let result = with(generator, |()| Err::<(), _>("boom".to_string()));
        assert_eq!(result, Err(ContextError::DidNotStop));
        assert_eq!(ContextError::<String>::DidNotStop.to_string(), "Generator didn't stop");
    }

    #[test]
    fn a_generator_that_swallows_the_thrown_error_suppresses_it() {
        let generator = Native::new(
            #[coroutine]
            |_start: Result<(), String>| {
                let _swallowed = yield ();
                Ok(())
            },
        );
        let mut manager = ContextManager::new(generator);
        assert_eq!(manager.enter(), Ok(()));
        assert_eq!(manager.exit(Err("boom".to_string())), Ok(true));
    }

    #[test]
    fn a_generator_that_raises_another_error_on_exit_lets_it_propagate() {
        let generator = Native::new(
            #[coroutine]
            |_start: Result<(), String>| {
                let _sent = yield ();
                Err("another".to_string())
            },
        );
        assert_eq!(with(generator, |()| Ok::<_, String>(())), Err(ContextError::Raised("another".to_string())));
    }
}
