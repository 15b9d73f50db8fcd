//! Native backend: nightly Rust coroutines.
//!
//! A body is a `#[coroutine]` closure; `yield v` hands out `v` and evaluates to the next resume value. The
//! compiler turns the closure into a state machine (an enum of the locals live at each `yield`), so a
//! coroutine needs no allocation and no stack of its own: [`Native`] holds it inline.
//!
//! - Movable coroutines (the default) are `Unpin`: [`Native::new`] wraps them as they are. They may not hold a
//!   borrow of their own locals across a `yield` (a `static` coroutine may, but is `!Unpin`; no sample needs
//!   one, so the adapter offers no way to pin it).
//! - The first resume value is bound to the closure's parameter; our bodies write `|_start: S|` and ignore it,
//!   which is Python's "first send must be None" (see [`crate::generator`]).
//! - Delegation is a forwarding loop: [`yield_from!`](crate::yield_from).
//! - Resuming after completion or after a panic panics ("coroutine resumed after completion").
//! - Dropping a suspended coroutine drops the locals live at its `yield`: their `Drop` runs, nothing else.

use std::ops::{Coroutine, CoroutineState};
use std::pin::Pin;

use crate::generator::{Generator, Step};

/// A nightly coroutine seen through the [`Generator`] protocol.
pub struct Native<C>(C);

impl<C> Native<C> {
    /// Wraps a movable (`Unpin`) coroutine in place: no allocation.
    ///
    /// ```
    /// #![feature(coroutines)]
    /// use final_frontier::backend::native::Native;
    /// use final_frontier::generator::{Generator, Step};
    ///
    /// // Python: def running_total(): total = 0; while True: total += yield total
    /// let mut total = Native::new(
    ///     #[coroutine]
    ///     |_start: u64| {
    ///         let mut total = 0;
    ///         loop {
    ///             total += yield total;
    ///         }
    ///     },
    /// );
    /// assert_eq!(total.resume(99), Step::Yield(0)); // `_start` is 99, and the body never reads it
    /// assert_eq!(total.resume(5), Step::Yield(5));
    /// assert_eq!(total.resume(3), Step::Yield(8));
    /// ```
    pub fn new(coroutine: C) -> Self {
        Native(coroutine)
    }
}

impl<S, C: Coroutine<S> + Unpin> Generator<S> for Native<C> {
    type Yield = C::Yield;
    type Return = C::Return;

    #[inline]
    fn resume(&mut self, value: S) -> Step<C::Yield, C::Return> {
        match Pin::new(&mut self.0).resume(value) {
            CoroutineState::Yielded(item) => Step::Yield(item),
            CoroutineState::Complete(result) => Step::Return(result),
        }
    }
}
