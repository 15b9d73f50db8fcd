//! What the benches share (and `tests/backend_facts.rs` and `tests/futures.rs`, which count the allocations of the
//! same bodies, and `examples/hook_cost.rs`, which counts their instructions): one body per backend that yields
//! `0..yields`, then returns `yields`, and the criterion settings; the adapters that put the two peer crates,
//! `generator` and `next-gen`, behind our [`Generator`] protocol; the `futures` bench's parked Task and its limit;
//! and the `actors` bench's counting actors.

#![allow(dead_code)] // each including crate uses its own part

use std::cell::Cell;
use std::hint::black_box;
use std::pin::Pin;
use std::time::Duration;

use criterion::Criterion;
use final_frontier::backend::Backend;
use final_frontier::backend::native::Native;
use final_frontier::backend::stackful::{StackError, Stackful, Yielder};
use final_frontier::backend::stackless::{RcCo, Stackless, SyncCo};
use final_frontier::concurrent::future::PoolFuture;
use final_frontier::concurrent::pool::Pool;
use final_frontier::concurrent::value::Value;
use final_frontier::concurrent::wakeup::{Home, OnPoolThreads};
use final_frontier::generator::{Generator, GeneratorExt, Step};
use final_frontier::part3_futures::inline1::Task;
use final_frontier::part6_actors::{ActorError, ActorGen, Actors};
use final_frontier::trace::traced;
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

thread_local! {
    /// Where a parked Task's generator leaves the future it is waiting on, for the caller to complete. Every step
    /// runs on the caller's thread (the callback runs in `set`, and the stackful home is served here), and one
    /// Task is measured at a time.
    static PARKED: Cell<Option<PoolFuture<Value>>> = const { Cell::new(None) };
}

fn park() -> PoolFuture<Value> {
    let fut = PoolFuture::new();
    PARKED.set(Some(fut.clone()));
    fut
}

/// Completes the future the parked Task waits on: one step of it (on stackful, once its home serves the wake-up).
pub fn complete() {
    if let Some(fut) = PARKED.take() {
        let _ = fut.set(Ok(Value::Int(1)));
    }
}

/// The limit of a Task step (the `futures` bench's `callback` row): a bare future, given a callback, completed.
pub fn callback_step() {
    let fut = PoolFuture::new();
    fut.add_done_callback(|f| {
        black_box(f);
    });
    let _ = fut.set(Ok(Value::Int(1)));
}

/// Starts inline1's Task on `backend` over a generator that waits on a parked future forever, so that each
/// [`complete`] is one step, with no job and no thread hand-off. The native and stackless Tasks are woken on
/// `pool`'s threads' terms (here: inside `set`, on this thread); the stackful one through its home, returned: serve
/// it after each `complete`.
///
/// # Errors
///
/// The stackful backend's stack, if the OS refuses it.
pub fn start_parked_task(backend: Backend, pool: &Pool) -> Result<Option<Home>, StackError> {
    match backend {
        Backend::Native => {
            let generator = Native::new(
                #[coroutine]
                |_start: Value| {
                    loop {
                        black_box(yield park());
                    }
                },
            );
            Task::new(traced("loop", generator), OnPoolThreads::new(pool.handle())).step(Value::None);
            Ok(None)
        }
        Backend::Stackless => {
            let generator = Stackless::sync(|co: SyncCo<PoolFuture<Value>, Value>| async move {
                loop {
                    black_box(co.yield_(park()).await);
                }
            });
            Task::new(traced("loop", generator), OnPoolThreads::new(pool.handle())).step(Value::None);
            Ok(None)
        }
        Backend::Stackful => {
            let generator = Stackful::new(|yielder: &Yielder<Value, PoolFuture<Value>>| {
                loop {
                    black_box(yielder.suspend(park()));
                }
            })?;
            let home = Home::current();
            Task::new(traced("loop", generator), home.clone()).step(Value::None);
            Ok(Some(home))
        }
    }
}

/// A ping-pong player that counts instead of printing: takes `n`, sends `n + 1` to `other`.
pub fn player<A: Actors<u64>>(backend: Backend, actors: &A, other: &'static str) -> Result<ActorGen<u64>, StackError> {
    let actors = actors.clone();
    Ok(match backend {
        Backend::Native => Native::new(
            #[coroutine]
            move |_start: u64| -> Result<(), ActorError> {
                loop {
                    let n = yield;
                    actors.send(other, black_box(n) + 1)?;
                }
            },
        )
        .boxed(),
        Backend::Stackless => Stackless::rc(move |co: RcCo<(), u64>| async move {
            loop {
                let n = co.yield_(()).await;
                actors.send(other, black_box(n) + 1)?;
            }
        })
        .boxed(),
        Backend::Stackful => Stackful::new(move |yielder: &Yielder<u64, ()>| -> Result<(), ActorError> {
            loop {
                let n = yielder.suspend(());
                actors.send(other, black_box(n) + 1)?;
            }
        })?
        .boxed(),
    })
}

/// actor1's printer, counting instead of printing.
pub fn sink(backend: Backend) -> Result<ActorGen<u64>, StackError> {
    Ok(match backend {
        Backend::Native => Native::new(
            #[coroutine]
            |_start: u64| -> Result<(), ActorError> {
                loop {
                    black_box(yield);
                }
            },
        )
        .boxed(),
        Backend::Stackless => Stackless::rc(|co: RcCo<(), u64>| async move {
            loop {
                black_box(co.yield_(()).await);
            }
        })
        .boxed(),
        Backend::Stackful => Stackful::new(|yielder: &Yielder<u64, ()>| -> Result<(), ActorError> {
            loop {
                black_box(yielder.suspend(()));
            }
        })?
        .boxed(),
    })
}
