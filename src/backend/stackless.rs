//! Stackless backend: genawaiter, generators built on async/await.
//!
//! A body is an `async` block given a `Co` handle; `co.yield_(v).await` hands out `v` and evaluates to the next
//! resume value. The compiler turns the async block into a state machine, as for native coroutines, and
//! genawaiter passes values in and out through a shared slot (the "airlock") beside it.
//!
//! - Two flavours, picked per use: [`Stackless::rc`] keeps the airlock in an `Rc<RefCell<_>>` (one thread) and
//!   [`Stackless::sync`] in an `Arc<Mutex<_>>` (may cross threads): a mutex lock per resume, many times the cost
//!   of `rc` per round trip (BENCHMARKS.md's switch table has this machine's figures). Use `sync` only where a
//!   generator must be resumed on another thread (the futures Tasks).
//! - Each generator allocates twice: the boxed future and the airlock.
//! - The first resume value is dropped by construction: no `co.yield_()` is waiting for it yet.
//! - Delegation: the delegate is an `async fn` taking the same `&Co` and is `.await`ed; each resume polls down
//!   through every level.
//! - The body must only `.await` `co.yield_()` (or futures that do); awaiting anything else panics, because
//!   no executor is running.
//! - Resuming after completion panics ("`async fn` resumed after completion").
//! - genawaiter has had no release since 0.99.1 (2020). It works on today's compiler, but bugs will not be
//!   fixed upstream; the crate is small enough to vendor if that ever matters.

use genawaiter::{Coroutine, GeneratorState};
use std::future::Future;

use crate::generator::{Generator, Step};

pub use genawaiter::rc::Co as RcCo;
pub use genawaiter::sync::Co as SyncCo;

/// A genawaiter generator (either flavour) seen through the [`Generator`] protocol.
pub struct Stackless<G>(G);

impl<Y, S, F: Future> Stackless<genawaiter::rc::Gen<Y, S, F>> {
    /// A generator resumed on one thread: `co` is a [`RcCo<Y, S>`].
    ///
    /// ```
    /// use final_frontier::backend::stackless::{RcCo, Stackless};
    /// use final_frontier::generator::{Generator, Step};
    ///
    /// // Python: def running_total(): total = 0; while True: total += yield total
    /// let mut total = Stackless::rc(|co: RcCo<u64, u64>| async move {
    ///     let mut total = 0;
    ///     loop {
    ///         total += co.yield_(total).await;
    ///     }
    /// });
    /// assert_eq!(total.resume(99), Step::Yield(0)); // the first value is dropped: Python's send(None)
    /// assert_eq!(total.resume(5), Step::Yield(5));
    /// assert_eq!(total.resume(3), Step::Yield(8));
    /// ```
    pub fn rc(producer: impl FnOnce(RcCo<Y, S>) -> F) -> Self {
        Stackless(genawaiter::rc::Gen::new(producer))
    }
}

impl<Y, S, F: Future> Stackless<genawaiter::sync::Gen<Y, S, F>> {
    /// A generator that may be resumed on another thread: `co` is a [`SyncCo<Y, S>`].
    ///
    /// ```
    /// use final_frontier::backend::stackless::{Stackless, SyncCo};
    /// use final_frontier::generator::{Generator, Step};
    ///
    /// let mut countdown = Stackless::sync(|co: SyncCo<u32, ()>| async move {
    ///     for n in (1..=2).rev() {
    ///         co.yield_(n).await;
    ///     }
    ///     "liftoff"
    /// });
    /// assert_eq!(countdown.resume(()), Step::Yield(2));
    /// // A `sync` generator is `Send`: it may be resumed on another thread.
    /// let rest = std::thread::spawn(move || [countdown.resume(()), countdown.resume(())]).join();
    /// assert_eq!(rest.ok(), Some([Step::Yield(1), Step::Return("liftoff")]));
    /// ```
    pub fn sync(producer: impl FnOnce(SyncCo<Y, S>) -> F) -> Self {
        Stackless(genawaiter::sync::Gen::new(producer))
    }
}

impl<G: Coroutine + Unpin> Generator<G::Resume> for Stackless<G> {
    type Yield = G::Yield;
    type Return = G::Return;

    #[inline]
    fn resume(&mut self, value: G::Resume) -> Step<G::Yield, G::Return> {
        match std::pin::Pin::new(&mut self.0).resume_with(value) {
            GeneratorState::Yielded(item) => Step::Yield(item),
            GeneratorState::Complete(result) => Step::Return(result),
        }
    }
}
