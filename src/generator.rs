//! The generator protocol: Python's four generator verbs, said once for every backend.
//!
//! | Python | here | notes |
//! | --- | --- | --- |
//! | `next(g)`, `g.send(v)` | [`Generator::resume`] | returns [`Step::Yield`] or [`Step::Return`] (StopIteration's value) |
//! | `g.throw(e)` | [`Throw::throw`]: a resume with `Err(e)` | the resume type is `Result<T, E>`; the body answers with `?` or `match` where Python has `try`/`except` |
//! | `g.close()`, garbage collection | `drop(g)` | the live locals of a suspended body are dropped, so a `Drop` guard is `finally` |
//! | `yield from sub` | per backend, see below | the central contrast of the study |
//!
//! # Glossary for Python readers
//!
//! - **generator function / generator object**: Python makes both with `def` + `yield`. Rust separates them: a
//!   function (the generator function) returns a value that implements [`Generator`] (the generator object).
//! - **send value / resume argument**: the value a `yield` expression evaluates to. In Rust it has a type, `S`,
//!   fixed for the generator's whole life; Python's `None` from a bare `next()` becomes `()` (or whatever `S` is).
//! - **first send must be None**: Python runs a fresh generator up to its first `yield`, and there is nothing to
//!   receive the sent value, so it insists on `None`. Here the first [`Generator::resume`] starts the body and its
//!   value is not delivered to the body, on every backend:
//!   - *stackless* (genawaiter) drops it by construction: no `co.yield_()` is waiting for it yet;
//!   - *stackful* (corosensei) passes it to the body as its start argument; our adapter drops it before calling
//!     the body, so the body cannot see it;
//!   - *native* (nightly coroutines) binds it to the closure's parameter (`#[coroutine] |start: S| ...`); our
//!     bodies name it `_start` and never read it. That is the one rule the adapter cannot enforce for you.
//! - **StopIteration(value)**: [`Step::Return`]. Resuming a finished generator is a bug in the driver: Python raises
//!   `StopIteration` again, all three Rust libraries panic (each with its own message).
//! - **"generator already executing"**: cannot happen by accident, because [`Generator::resume`] takes `&mut self`.
//!   Where a sample shares generators (the actor registry), the sharing code must detect re-entry itself.
//!
//! # `yield from`: one idea, three mechanisms
//!
//! - *native*: a nightly coroutine can only `yield` from its own body, so delegation is a forwarding loop
//!   ([`yield_from!`](crate::yield_from)): every item travels through every level, like CPython's `yield from`.
//! - *stackless*: the delegate is an `async fn` given the same `Co` handle and `.await`ed; every resume polls
//!   down through each level's future, so the cost also grows with depth.
//! - *stackful*: the delegate is a plain function given the same `Yielder`; it suspends the whole stack at once,
//!   so delegation depth costs nothing per item. This is what "real coroutines" buy.

/// The outcome of one resume: the body yielded a value, or it returned (Python's `StopIteration(value)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<Y, R> {
    /// The body stopped at a `yield` and handed out this value.
    Yield(Y),
    /// The body finished with this value; the generator must not be resumed again.
    Return(R),
}

/// A generator that is resumed with values of type `S` (Python's `send`), yields `Yield` and returns `Return`.
///
/// Every driver in the crate (the context manager, the Tasks, the actor loop, the visitor) is written once
/// against this trait and runs the generators of all three backends.
pub trait Generator<S> {
    /// What the body hands out at each `yield`.
    type Yield;
    /// What the body returns when it finishes (the value of Python's `StopIteration`).
    type Return;

    /// Runs the body until its next `yield` or its end. The first call starts the body and its value is
    /// dropped (see the module docs); later calls deliver `value` as the result of the pending `yield`.
    ///
    /// ```
    /// use final_frontier::backend::stackless::{RcCo, Stackless};
    /// use final_frontier::generator::{Generator, Step};
    ///
    /// // Python: def echo(): received = yield 'ready'; return received * 2
    /// let mut echo = Stackless::rc(|co: RcCo<&str, u32>| async move {
    ///     let received = co.yield_("ready").await;
    ///     received * 2
    /// });
    /// assert_eq!(echo.resume(0), Step::Yield("ready")); // next(g): the 0 is dropped, like Python's None
    /// assert_eq!(echo.resume(21), Step::Return(42)); // g.send(21) raises StopIteration(42)
    /// ```
    ///
    /// # Panics
    ///
    /// On every backend, if the generator already returned (or panicked): resuming a finished generator is a
    /// bug in the driver, where Python would raise `StopIteration` again. Each library panics with its own
    /// message; `tests/backend_facts.rs` pins them.
    fn resume(&mut self, value: S) -> Step<Self::Yield, Self::Return>;
}

impl<S, G: Generator<S> + ?Sized> Generator<S> for Box<G> {
    type Yield = G::Yield;
    type Return = G::Return;

    fn resume(&mut self, value: S) -> Step<G::Yield, G::Return> {
        (**self).resume(value)
    }
}

/// A generator of any backend behind one type, for drivers that hold many (stacks of visitors, task queues).
pub type BoxGen<'a, S, Y, R> = Box<dyn Generator<S, Yield = Y, Return = R> + 'a>;

/// A [`BoxGen`] that may move to another thread (native bodies whose locals are `Send`, genawaiter `sync`).
pub type SendBoxGen<'a, S, Y, R> = Box<dyn Generator<S, Yield = Y, Return = R> + Send + 'a>;

/// Boxing helpers for any generator.
pub trait GeneratorExt<S>: Generator<S> + Sized {
    /// Erases the backend: `Box<dyn Generator>`.
    fn boxed<'a>(self) -> BoxGen<'a, S, Self::Yield, Self::Return>
    where
        Self: 'a,
    {
        Box::new(self)
    }

    /// Erases the backend, keeping the ability to cross threads.
    fn boxed_send<'a>(self) -> SendBoxGen<'a, S, Self::Yield, Self::Return>
    where
        Self: Send + 'a,
    {
        Box::new(self)
    }
}

impl<S, G: Generator<S>> GeneratorExt<S> for G {}

/// `send` and `throw` for generators whose resume type is `Result<T, E>`: Python's `g.send(v)` is
/// `resume(Ok(v))`, and `g.throw(e)` is `resume(Err(e))`. The body sees the error as the value of its `yield`
/// and decides, with `?` (re-raise) or `match` (handle), what Python's `try`/`except` would decide.
///
/// ```
/// use final_frontier::backend::stackful::{Stackful, Yielder};
/// use final_frontier::generator::{Step, Throw};
///
/// // Python: def careful():
/// //             while True:
/// //                 try: value = yield
/// //                 except ValueError as e: yield f'caught {e}'
/// let mut careful = Stackful::new(|yielder: &Yielder<Result<u32, String>, String>| {
///     let mut sent = yielder.suspend(String::from("ready"));
///     loop {
///         sent = match sent {
///             Ok(value) => yielder.suspend(format!("got {value}")),
///             Err(error) => yielder.suspend(format!("caught {error}")),
///         };
///     }
/// })?;
/// assert_eq!(careful.send(0), Step::Yield("ready".to_string())); // the first value is dropped
/// assert_eq!(careful.send(7), Step::Yield("got 7".to_string()));
/// assert_eq!(careful.throw("bad input".to_string()), Step::Yield("caught bad input".to_string()));
/// # Ok::<(), final_frontier::backend::stackful::StackError>(())
/// ```
pub trait Throw<T, E>: Generator<Result<T, E>> {
    /// Python's `g.send(value)`.
    fn send(&mut self, value: T) -> Step<Self::Yield, Self::Return> {
        self.resume(Ok(value))
    }

    /// Python's `g.throw(error)`.
    fn throw(&mut self, error: E) -> Step<Self::Yield, Self::Return> {
        self.resume(Err(error))
    }
}

impl<T, E, G: Generator<Result<T, E>> + ?Sized> Throw<T, E> for G {}

/// `yield from` inside a native coroutine: resume `sub` until it returns, forwarding every yielded value to our
/// own caller and every sent value back down, and evaluate to `sub`'s return value.
///
/// `first` is the value for `sub`'s first resume (it is dropped, see the module docs). A nightly coroutine
/// cannot yield from a nested function, so this loop is the whole story on the native backend: each level of
/// delegation adds one resume and one yield per item.
///
/// ```
/// #![feature(coroutines)]
/// use final_frontier::backend::native::Native;
/// use final_frontier::generator::{Generator, Step};
/// use final_frontier::yield_from;
///
/// // Python: def countdown(n): while n > 0: yield n; n -= 1
/// //                           return 'liftoff'
/// fn countdown(mut n: u32) -> impl Generator<(), Yield = u32, Return = &'static str> {
///     Native::new(
///         #[coroutine]
///         move |_start: ()| {
///             while n > 0 {
///                 yield n;
///                 n -= 1;
///             }
///             "liftoff"
///         },
///     )
/// }
/// // Python: def launch(): message = yield from countdown(2); yield 0; return message
/// let mut launch = Native::new(
///     #[coroutine]
///     |_start: ()| {
///         let message = yield_from!(countdown(2), ());
///         yield 0;
///         message
///     },
/// );
/// let steps: Vec<_> = std::iter::from_fn(|| match launch.resume(()) {
///     Step::Yield(n) => Some(n),
///     Step::Return(message) => {
///         assert_eq!(message, "liftoff");
///         None
///     }
/// })
/// .collect();
/// assert_eq!(steps, [2, 1, 0]);
/// ```
///
/// `yield_from!(sub, first, "countdown")` is the same loop with a hook ([`trace::delegated`](crate::trace::delegated))
/// that tells `final-frontier trace` each resume of `sub` and each item it hands up, under the name given (the
/// protocol page draws a chain of them); without a name, the loop records nothing.
#[macro_export]
macro_rules! yield_from {
    ($sub:expr, $first:expr) => {{
        let mut sub = $sub;
        let mut sent = $first;
        loop {
            match $crate::generator::Generator::resume(&mut sub, sent) {
                $crate::generator::Step::Yield(item) => sent = yield item,
                $crate::generator::Step::Return(value) => break value,
            }
        }
    }};
    ($sub:expr, $first:expr, $name:expr) => {{
        let who = $crate::trace::Gen::named($name);
        let mut sub = $sub;
        let mut sent = $first;
        loop {
            match $crate::trace::delegated(&who, || $crate::generator::Generator::resume(&mut sub, sent)) {
                $crate::generator::Step::Yield(item) => sent = yield item,
                $crate::generator::Step::Return(value) => break value,
            }
        }
    }};
}
