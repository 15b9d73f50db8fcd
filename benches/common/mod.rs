//! What the benches share (and `tests/backend_facts.rs`, which counts the allocations of the same bodies):
//! one body per backend that yields `0..yields`, then returns `yields`, and the criterion settings; and the
//! adapters that put the two peer crates, `generator` and `next-gen`, behind our [`Generator`] protocol.

#![allow(dead_code)] // each including crate uses its own part

use std::pin::Pin;
use std::time::Duration;

use criterion::Criterion;
use final_frontier::backend::native::Native;
use final_frontier::backend::stackful::Yielder;
use final_frontier::backend::stackless::{RcCo, Stackless, SyncCo};
use final_frontier::generator::{Generator, Step};
use generator::Scope;
use next_gen::generator::GeneratorState;
use next_gen::generator_fn::CallBoxed;

/// Modest criterion settings: the machine is shared. Criterion's own flags still override them.
pub fn config() -> Criterion {
    Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3)).sample_size(30)
}

/// The native body: one resume finishes it (`yields = 0`) or leaves it suspended (`yields = 1`).
pub fn native(yields: u64) -> impl Generator<u64, Yield = u64, Return = u64> {
    Native::new(
        #[coroutine]
        move |_start: u64| {
            for i in 0..yields {
                yield i;
            }
            yields
        },
    )
}

/// The same body on genawaiter `rc`.
pub fn stackless_rc(yields: u64) -> impl Generator<u64, Yield = u64, Return = u64> {
    Stackless::rc(move |co: RcCo<u64, u64>| async move {
        for i in 0..yields {
            co.yield_(i).await;
        }
        yields
    })
}

/// The same body on genawaiter `sync`.
pub fn stackless_sync(yields: u64) -> impl Generator<u64, Yield = u64, Return = u64> {
    Stackless::sync(move |co: SyncCo<u64, u64>| async move {
        for i in 0..yields {
            co.yield_(i).await;
        }
        yields
    })
}

/// The same body for corosensei, before it is given a stack (pooled or fresh: the caller decides).
pub fn stackful_body(yields: u64) -> impl FnOnce(&Yielder<u64, u64>) -> u64 {
    move |yielder| {
        for i in 0..yields {
            yielder.suspend(i);
        }
        yields
    }
}

/// The `generator` crate (0.8, stackful: every generator maps a stack of its own, 32 KiB by default) through our
/// protocol, so the same drivers run it.
///
/// Its body yields and returns one type `T`; ours say which they mean by yielding `Step::Yield(y)` (through
/// [`suspend`]) and returning `Step::Return(r)`, and the adapter hands the step on. `LocalGenerator` is the
/// crate's flavour without a `Send` bound on the body, like our stackful backend.
pub struct GeneratorRs<S: 'static, Y: 'static, R: 'static>(generator::LocalGenerator<'static, S, Step<Y, R>>);

impl<S, Y, R> GeneratorRs<S, Y, R> {
    pub fn new(body: impl FnOnce(Scope<S, Step<Y, R>>) -> Step<Y, R> + 'static) -> Self {
        GeneratorRs(generator::Gn::<S>::new_scoped_local(body))
    }
}

impl<S, Y, R> Generator<S> for GeneratorRs<S, Y, R> {
    type Yield = Y;
    type Return = R;

    #[inline]
    fn resume(&mut self, value: S) -> Step<Y, R> {
        // `raw_send` stores the value where the body's pending `yield_` picks it up (the first one is dropped, as
        // on our backends) and returns what the body yielded or returned; `None` only once it has returned.
        match self.0.raw_send(Some(value)) {
            Some(step) => step,
            None => panic!("generator crate: resumed after it returned"),
        }
    }
}

/// `yield` in a [`GeneratorRs`] body: hands out `value`, returns what the next resume sends. (A local
/// generator's scope offers `yield_with` and `get_yield`, the two halves of `yield_`.)
#[inline]
pub fn suspend<S, Y, R>(scope: &mut Scope<'_, '_, S, Step<Y, R>>, value: Y) -> S {
    scope.yield_with(Step::Yield(value));
    match scope.get_yield() {
        Some(sent) => sent,
        None => unreachable!("the adapter always sends a value"),
    }
}

/// A `next-gen` generator (0.1, stackless on stable Rust: an `async fn` with a yield slot, like genawaiter, but
/// one allocation, not two) through our protocol. It must be pinned to be resumed; boxing it (`call_boxed`) is
/// what lets it be returned and stored, as our generators are.
pub struct NextGen<G: ?Sized>(Pin<Box<G>>);

impl<G: ?Sized> NextGen<G> {
    pub fn new(generator: Pin<Box<G>>) -> Self {
        NextGen(generator)
    }
}

impl<S, G: next_gen::generator::Generator<S> + ?Sized> Generator<S> for NextGen<G> {
    type Yield = G::Yield;
    type Return = G::Return;

    #[inline]
    fn resume(&mut self, value: S) -> Step<G::Yield, G::Return> {
        match self.0.as_mut().resume(value) {
            GeneratorState::Yielded(item) => Step::Yield(item),
            GeneratorState::Returned(result) => Step::Return(result),
        }
    }
}

/// The create/drop body on the `generator` crate.
pub fn generator_rs(yields: u64) -> GeneratorRs<u64, u64, u64> {
    GeneratorRs::new(move |mut scope| {
        for i in 0..yields {
            suspend(&mut scope, i);
        }
        Step::Return(yields)
    })
}

/// The create/drop body on `next-gen` (a `#[generator] fn`: the crate has no closures).
#[next_gen::generator(yield(u64), resume(u64))]
fn next_gen_body(yields: u64) -> u64 {
    for i in 0..yields {
        yield_!(i);
    }
    yields
}

pub fn next_gen(yields: u64) -> impl Generator<u64, Yield = u64, Return = u64> {
    NextGen::new(next_gen_body.call_boxed((yields,)))
}
