//! Hooks at the delegation points: what each level of a `yield from` does, on each backend.
//!
//! A driver's hook ([`step`](super::step)) sees the outermost generator only. What happens below it is the
//! backends' central contrast, and each backend delegates at a different place, so each has its own hook:
//!
//! - *native*: each level's forwarding loop resumes the level below and re-yields what comes out:
//!   [`yield_from!`](crate::yield_from)`(sub, first, "name")` records both through [`delegated`];
//! - *stackless*: each level's `.await` polls the level below once per resume: [`awaited`] wraps the delegate's
//!   future and records each poll as a resume, and its `Pending` as a yield;
//! - *stackful*: the levels call each other once, and the innermost suspends the whole coroutine: [`suspended`]
//!   records that yield, and the resume that comes back to the same place.
//!
//! Free when off, as every hook: one relaxed load, then the delegation as if the hook were not there; the
//! recording itself is the parent module's `#[cold]` function. The forms without a name (`yield_from!(sub,
//! first)`, a bare `.await`, a bare `suspend`) record nothing, so the samples and the `yield_from` bench keep
//! exactly the code they had.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::{Describe, Gen, Nest, Sent, What, on, record};
use crate::generator::Step;

/// A delegate's value as the trace shows it: Python's repr of a `str`.
impl Describe for &str {
    fn describe(&self) -> Sent {
        Sent::Value(format!("'{self}'"))
    }
}

/// One resume of the delegate `who` by the level above it (native's forwarding loop, stackless's poll):
/// recorded as a resume, then the yield or the return that comes back.
#[inline(always)]
pub fn delegated<Y, R>(who: &Gen, resume: impl FnOnce() -> Step<Y, R>) -> Step<Y, R> {
    // As [`step`](super::step): the check, and the resume written once; the recording out of line.
    if on() { delegated_recorded(who, resume) } else { resume() }
}

/// [`delegated`] while recording.
#[cold]
#[inline(never)]
fn delegated_recorded<Y, R>(who: &Gen, resume: impl FnOnce() -> Step<Y, R>) -> Step<Y, R> {
    record(Some(*who), Nest::In, What::Resume(Sent::Nothing));
    let step = resume();
    let what = match &step {
        Step::Yield(_) => What::Yield(Sent::Nothing),
        Step::Return(_) => What::Return(Sent::Nothing),
    };
    if on() {
        record(Some(*who), Nest::Out, what);
    }
    step
}

/// Stackless `yield from`: `awaited("inner", inner(&co)).await` is `inner(&co).await`, recorded level by level.
pub fn awaited<F: Future>(name: &'static str, future: F) -> Awaited<F> {
    Awaited { who: Gen::named(name), future: Box::pin(future) }
}

/// A delegate's future whose polls are recorded: see [`awaited`].
pub struct Awaited<F> {
    who: Gen,
    future: Pin<Box<F>>,
}

impl<F: Future> Future for Awaited<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let Awaited { who, future } = &mut *self;
        // genawaiter polls the whole chain once per resume: each poll is one resume of this level, `Pending`
        // its yield (the innermost `co.yield_` is what made it pending).
        let step = delegated(who, || match future.as_mut().poll(cx) {
            Poll::Pending => Step::Yield(()),
            Poll::Ready(value) => Step::Return(value),
        });
        match step {
            Step::Yield(()) => Poll::Pending,
            Step::Return(value) => Poll::Ready(value),
        }
    }
}

/// Stackful `yield from`'s one suspend: `suspended("inner", || yielder.suspend(1))` suspends the whole coroutine
/// from the innermost level, recorded as that level's yield, and the resume that lands back in it.
#[inline(always)]
pub fn suspended<T>(name: &'static str, suspend: impl FnOnce() -> T) -> T {
    if on() {
        record(Some(Gen::named(name)), Nest::Stay, What::Yield(Sent::Nothing));
    }
    let sent = suspend();
    if on() {
        record(Some(Gen::named(name)), Nest::Stay, What::Resume(Sent::Nothing));
    }
    sent
}
