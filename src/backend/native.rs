//! Native backend: nightly Rust coroutines.
//!
//! A body is a `#[coroutine]` closure; `yield v` hands out `v` and evaluates to the next resume value. The
//! compiler turns the closure into a state machine (an enum of the locals live at each `yield`), so a
//! coroutine needs no allocation and no stack of its own: [`Native`] holds it inline.
//!
//! - Movable coroutines (the default) are `Unpin`: [`Native::new`] wraps them as they are. They may not hold a
//!   borrow of their own locals across a `yield`.
//! - `static` coroutines may, and are then `!Unpin`: [`Native::pinned`] boxes them (one allocation).
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
    pub fn new(coroutine: C) -> Self {
        Native(coroutine)
    }
}

impl<C> Native<Pin<Box<C>>> {
    /// Pins a `static` coroutine (one that borrows its own locals across `yield`) on the heap.
    pub fn pinned(coroutine: C) -> Self {
        Native(Box::pin(coroutine))
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
