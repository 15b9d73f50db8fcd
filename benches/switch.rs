//! `switch/<variant>`: the cost of one yield + resume round trip, per mechanism.
//!
//! Every generator runs the same body: yield a counter, receive a value, add it to the counter, forever. The
//! driver sends `black_box(1)` and sums what comes back, so both directions carry data and nothing can be
//! folded away. Each iteration is [`ROUND_TRIPS`] round trips on a generator created (and started) once before
//! measuring: creation is `benches/create.rs`'s subject, not this one's. Criterion's throughput is in elements,
//! so its "thrpt" line is round trips per second and `time / ROUND_TRIPS` is the cost of one.
//!
//! - `iterator`: a hand-written state machine, the limit. An `Iterator` has no resume argument, so the driver
//!   writes the sent value into a field before `next()`.
//! - `gen_block`: a `gen` block (nightly), which has no resume argument either: the sent value travels through
//!   a `Cell` the block borrows.
//! - `native_pinned`: a nightly coroutine pinned on the stack with `pin!`, resumed through `std::ops::Coroutine`.
//! - `native`, `native_boxed`: the same body through our adapter (`Native::new`), then behind `BoxGen` (one
//!   virtual call per resume).
//! - `stackless_rc`, `stackless_sync`: genawaiter through our adapter; `stackless_raw`: the bare
//!   `genawaiter::rc::Gen`, so the report can show what the adapter adds (as `stackful_raw` does for corosensei).
//! - `stackful`, `stackful_raw`: corosensei through our adapter, and the bare `corosensei::Coroutine`.
//! - `generator_crate`, `next_gen`: the two peer crates through the adapters of `benches/common`: `generator`
//!   (stackful, a stack per generator, like corosensei) and `next-gen` (stackless on stable Rust, like
//!   genawaiter).
//! - `threads`: two OS threads ping-ponging over std channels, one round trip per element: what a generator
//!   saves over "a thread and a queue". It runs far fewer round trips per iteration ([`THREAD_ROUND_TRIPS`]).

#![feature(coroutines, coroutine_trait, gen_blocks)]

mod common;
use std::cell::Cell;
use std::hint::black_box;
use std::ops::{Coroutine, CoroutineState};
use std::pin::{Pin, pin};
use std::sync::mpsc;
use std::thread;

use common::{GeneratorRs, NextGen, suspend};
use corosensei::CoroutineResult;
use corosensei::stack::DefaultStack;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use final_frontier::backend::native::Native;
use final_frontier::backend::stackful::{self, STACK_SIZE, Stackful, Yielder};
use final_frontier::backend::stackless::{RcCo, Stackless, SyncCo};
use final_frontier::generator::{Generator, GeneratorExt, Step};
use genawaiter::GeneratorState;
use next_gen::generator_fn::CallBoxed;

/// Round trips per measured iteration for the generators.
const ROUND_TRIPS: u64 = 10_000;

/// Round trips per measured iteration for the two threads (tens of microseconds each, see DESIGN.md).
const THREAD_ROUND_TRIPS: u64 = 100;

/// The driver shared by every variant that speaks our protocol: `n` round trips, each sending 1.
fn round_trips<G: Generator<u64, Yield = u64> + ?Sized>(generator: &mut G, n: u64) -> u64 {
    let mut sum = 0u64;
    for _ in 0..n {
        match generator.resume(black_box(1)) {
            Step::Yield(counter) => sum = sum.wrapping_add(counter),
            Step::Return(_) => unreachable!("the body loops forever"),
        }
    }
    sum
}

/// [`round_trips`] for a bare nightly coroutine, straight through `std::ops::Coroutine`.
fn resume_pinned<C: Coroutine<u64, Yield = u64> + ?Sized>(mut coroutine: Pin<&mut C>, n: u64) -> u64 {
    let mut sum = 0u64;
    for _ in 0..n {
        match coroutine.as_mut().resume(black_box(1)) {
            CoroutineState::Yielded(counter) => sum = sum.wrapping_add(counter),
            CoroutineState::Complete(_) => unreachable!("the body loops forever"),
        }
    }
    sum
}

/// [`round_trips`] for a bare genawaiter `rc` generator.
fn resume_genawaiter<F: std::future::Future>(generator: &mut genawaiter::rc::Gen<u64, u64, F>, n: u64) -> u64 {
    let mut sum = 0u64;
    for _ in 0..n {
        match generator.resume_with(black_box(1)) {
            GeneratorState::Yielded(counter) => sum = sum.wrapping_add(counter),
            GeneratorState::Complete(_) => unreachable!("the body loops forever"),
        }
    }
    sum
}

/// [`round_trips`] for a bare corosensei coroutine.
fn resume_raw<R>(coroutine: &mut corosensei::Coroutine<u64, u64, R, DefaultStack>, n: u64) -> u64 {
    let mut sum = 0u64;
    for _ in 0..n {
        match coroutine.resume(black_box(1)) {
            CoroutineResult::Yield(counter) => sum = sum.wrapping_add(counter),
            CoroutineResult::Return(_) => unreachable!("the body loops forever"),
        }
    }
    sum
}

/// Starts a generator: runs its body to the first `yield` (the first resume value is dropped).
fn started<G: Generator<u64, Yield = u64>>(mut generator: G) -> G {
    round_trips(&mut generator, 1);
    generator
}

/// The hand-written limit: the body's state machine written out by hand. An `Iterator` has no resume
/// argument, so "send" is a write to the `sent` field before `next()`.
struct Counter {
    counter: u64,
    sent: u64,
}

impl Iterator for Counter {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        let counter = self.counter;
        self.counter = counter.wrapping_add(self.sent);
        Some(counter)
    }
}

/// [`round_trips`] for the hand-written iterator.
fn iterate_counter(iterator: &mut Counter, n: u64) -> u64 {
    let mut sum = 0u64;
    for _ in 0..n {
        iterator.sent = black_box(1);
        match iterator.next() {
            Some(counter) => sum = sum.wrapping_add(counter),
            None => unreachable!("the iterator never ends"),
        }
    }
    sum
}

/// [`round_trips`] for a `gen` block, which has no resume argument either: "send" is a write to a `Cell` the
/// block borrows.
fn iterate(iterator: &mut impl Iterator<Item = u64>, sent: &Cell<u64>, n: u64) -> u64 {
    let mut sum = 0u64;
    for _ in 0..n {
        sent.set(black_box(1));
        match iterator.next() {
            Some(counter) => sum = sum.wrapping_add(counter),
            None => unreachable!("the iterator never ends"),
        }
    }
    sum
}

/// The native body, shared by the three native variants.
fn native_body() -> impl Coroutine<u64, Yield = u64> + Unpin {
    #[coroutine]
    |_start: u64| {
        let mut counter = 0u64;
        loop {
            let sent = yield counter;
            counter = counter.wrapping_add(sent);
        }
    }
}

/// The body on `next-gen`, whose generators are `#[generator]` functions.
#[next_gen::generator(yield(u64), resume(u64))]
fn next_gen_counter() {
    let mut counter = 0u64;
    loop {
        let sent = yield_!(counter);
        counter = counter.wrapping_add(sent);
    }
}

fn stack() -> DefaultStack {
    match stackful::fresh_stack(STACK_SIZE) {
        Ok(stack) => stack,
        Err(error) => panic!("switch/stackful_raw: {error}"),
    }
}

fn switch(c: &mut Criterion) {
    let mut group = c.benchmark_group("switch");
    group.throughput(Throughput::Elements(ROUND_TRIPS));

    group.bench_function("iterator", |b| {
        let mut iterator = Counter { counter: 0, sent: 0 };
        b.iter(|| iterate_counter(&mut iterator, ROUND_TRIPS));
    });

    group.bench_function("gen_block", |b| {
        let sent = Cell::new(0);
        let sent_ref = &sent;
        let mut iterator = gen move {
            let mut counter = 0u64;
            loop {
                yield counter;
                counter = counter.wrapping_add(sent_ref.get());
            }
        };
        b.iter(|| iterate(&mut iterator, &sent, ROUND_TRIPS));
    });

    group.bench_function("native_pinned", |b| {
        let mut coroutine = pin!(native_body());
        let _ = coroutine.as_mut().resume(0);
        b.iter(|| resume_pinned(coroutine.as_mut(), ROUND_TRIPS));
    });

    group.bench_function("native", |b| {
        let mut generator = started(Native::new(native_body()));
        b.iter(|| round_trips(&mut generator, ROUND_TRIPS));
    });

    group.bench_function("native_boxed", |b| {
        // `black_box` hides the box's contents, as a driver holding generators of any backend would:
        // otherwise LLVM sees which coroutine is inside and devirtualises the call.
        let mut generator = black_box(Native::new(native_body()).boxed());
        round_trips(&mut generator, 1);
        b.iter(|| round_trips(&mut *generator, ROUND_TRIPS));
    });

    group.bench_function("stackless_rc", |b| {
        let mut generator = started(Stackless::rc(|co: RcCo<u64, u64>| async move {
            let mut counter = 0u64;
            loop {
                let sent = co.yield_(counter).await;
                counter = counter.wrapping_add(sent);
            }
        }));
        b.iter(|| round_trips(&mut generator, ROUND_TRIPS));
    });

    group.bench_function("stackless_sync", |b| {
        let mut generator = started(Stackless::sync(|co: SyncCo<u64, u64>| async move {
            let mut counter = 0u64;
            loop {
                let sent = co.yield_(counter).await;
                counter = counter.wrapping_add(sent);
            }
        }));
        b.iter(|| round_trips(&mut generator, ROUND_TRIPS));
    });

    group.bench_function("stackless_raw", |b| {
        let mut generator = genawaiter::rc::Gen::new(|co: RcCo<u64, u64>| async move {
            let mut counter = 0u64;
            loop {
                let sent = co.yield_(counter).await;
                counter = counter.wrapping_add(sent);
            }
        });
        let _ = generator.resume_with(0);
        b.iter(|| resume_genawaiter(&mut generator, ROUND_TRIPS));
    });

    group.bench_function("stackful", |b| {
        let generator = Stackful::new(|yielder: &Yielder<u64, u64>| {
            let mut counter = 0u64;
            loop {
                let sent = yielder.suspend(counter);
                counter = counter.wrapping_add(sent);
            }
        });
        let mut generator = match generator {
            Ok(generator) => started(generator),
            Err(error) => panic!("switch/stackful: {error}"),
        };
        b.iter(|| round_trips(&mut generator, ROUND_TRIPS));
    });

    group.bench_function("stackful_raw", |b| {
        let mut coroutine = corosensei::Coroutine::with_stack(stack(), |yielder: &Yielder<u64, u64>, _start: u64| {
            let mut counter = 0u64;
            loop {
                let sent = yielder.suspend(counter);
                counter = counter.wrapping_add(sent);
            }
        });
        let _ = coroutine.resume(0);
        b.iter(|| resume_raw(&mut coroutine, ROUND_TRIPS));
        // A suspended corosensei coroutine must be unwound before its stack goes away; drop does it.
        drop(coroutine);
    });

    group.bench_function("generator_crate", |b| {
        let mut generator = started(GeneratorRs::<u64, u64, ()>::new(|mut scope| {
            let mut counter = 0u64;
            loop {
                let sent = suspend(&mut scope, counter);
                counter = counter.wrapping_add(sent);
            }
        }));
        b.iter(|| round_trips(&mut generator, ROUND_TRIPS));
    });

    group.bench_function("next_gen", |b| {
        let mut generator = started(NextGen::new(next_gen_counter.call_boxed(())));
        b.iter(|| round_trips(&mut generator, ROUND_TRIPS));
    });

    group.throughput(Throughput::Elements(THREAD_ROUND_TRIPS));
    group.sample_size(10);
    group.bench_function("threads", |b| {
        let (to_worker, from_driver) = mpsc::channel::<u64>();
        let (to_driver, from_worker) = mpsc::channel::<u64>();
        // The same body, on a thread: receive, answer with the counter. It ends when the driver hangs up.
        let worker = thread::spawn(move || {
            let mut counter = 0u64;
            while let Ok(sent) = from_driver.recv() {
                if to_driver.send(counter).is_err() {
                    break;
                }
                counter = counter.wrapping_add(sent);
            }
        });
        b.iter(|| {
            let mut sum = 0u64;
            for _ in 0..THREAD_ROUND_TRIPS {
                if to_worker.send(black_box(1)).is_err() {
                    panic!("switch/threads: the worker thread hung up");
                }
                match from_worker.recv() {
                    Ok(counter) => sum = sum.wrapping_add(counter),
                    Err(_) => panic!("switch/threads: the worker thread hung up"),
                }
            }
            sum
        });
        drop(to_worker);
        if worker.join().is_err() {
            panic!("switch/threads: the worker thread panicked");
        }
    });

    group.finish();
}

criterion_group! {
    name = benches;
    config = common::config();
    targets = switch
}
criterion_main!(benches);
