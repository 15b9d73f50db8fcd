//! `yield from` per item, through a delegation chain of depth 1, 10 and 100, on each backend.
//!
//! - native: each level is a boxed coroutine that forwards every item with `yield_from!` (one resume and one
//!   yield per level per item, like CPython's `yield from`);
//! - stackless: each level is an `async fn` awaiting the next with the same genawaiter `Co` (rc flavour); every
//!   resume polls down through every level;
//! - stackful: each level is a plain function call with the same corosensei `Yielder`; the leaf suspends the
//!   whole stack at once, so depth costs nothing per item;
//! - iterator: the plain-Rust limit, a chain of boxed iterators each forwarding `next()`;
//! - generator_crate: the `generator` crate (stackful) as our stackful backend does it: each level a plain call
//!   with the same `Scope`;
//! - next_gen: `next-gen` (stackless) cannot lend its yield slot to a nested `async fn` (the crate forbids it),
//!   so each level is a boxed generator forwarding every item, like native.
//!
//! Ids: `yield_from/<backend>/<depth>`; one iteration delivers one item to the outermost caller.

#![feature(coroutines)]

mod common;

use std::hint::black_box;
use std::pin::Pin;

use common::{GeneratorRs, NextGen, suspend};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use final_frontier::backend::native::Native;
use final_frontier::backend::stackful::{Stackful, Yielder};
use final_frontier::backend::stackless::{RcCo, Stackless};
use final_frontier::generator::{BoxGen, Generator, GeneratorExt, Step};
use final_frontier::yield_from;
use generator::Scope;
use next_gen::generator::GeneratorState;
use next_gen::generator_fn::CallBoxed;

const DEPTHS: [usize; 3] = [1, 10, 100];

/// A leaf that counts forever, under `depth` forwarding levels.
fn native_chain(depth: usize) -> BoxGen<'static, (), u64, ()> {
    if depth == 0 {
        Native::new(
            #[coroutine]
            |_start: ()| {
                let mut n = 0_u64;
                loop {
                    yield n;
                    n = n.wrapping_add(1);
                }
            },
        )
        .boxed()
    } else {
        let sub = native_chain(depth - 1);
        Native::new(
            #[coroutine]
            move |_start: ()| yield_from!(sub, ()),
        )
        .boxed()
    }
}

/// `depth` levels of `async fn` delegation on one shared `Co`, then the counting leaf.
async fn stackless_level(co: &RcCo<u64, ()>, depth: usize) {
    if depth == 0 {
        let mut n = 0_u64;
        loop {
            co.yield_(n).await;
            n = n.wrapping_add(1);
        }
    } else {
        Box::pin(stackless_level(co, depth - 1)).await;
    }
}

/// `depth` nested plain calls with one shared yielder, then the counting leaf.
fn stackful_level(yielder: &Yielder<(), u64>, depth: usize) {
    if depth == 0 {
        let mut n = 0_u64;
        loop {
            yielder.suspend(n);
            n = n.wrapping_add(1);
        }
    } else {
        stackful_level(yielder, black_box(depth - 1));
        black_box(depth); // not a tail call: every level keeps its frame
    }
}

/// [`stackful_level`] on the `generator` crate: the same plain calls with the crate's `Scope`.
fn generator_level(scope: &mut Scope<'_, '_, (), Step<u64, ()>>, depth: usize) {
    if depth == 0 {
        let mut n = 0_u64;
        loop {
            suspend(scope, n);
            n = n.wrapping_add(1);
        }
    } else {
        generator_level(scope, black_box(depth - 1));
        black_box(depth);
    }
}

/// A `next-gen` generator of any body, boxed and erased, as each forwarding level holds the one below.
type DynNextGen = Pin<Box<dyn next_gen::generator::Generator<(), Yield = u64, Return = ()>>>;

#[next_gen::generator(yield(u64))]
fn next_gen_leaf() {
    let mut n = 0_u64;
    loop {
        yield_!(n);
        n = n.wrapping_add(1);
    }
}

/// One forwarding level: `yield from sub`, written out (next-gen has no delegation of its own).
#[next_gen::generator(yield(u64))]
fn next_gen_forward(mut sub: DynNextGen) {
    while let GeneratorState::Yielded(item) = sub.as_mut().resume(()) {
        yield_!(item);
    }
}

fn next_gen_chain(depth: usize) -> DynNextGen {
    if depth == 0 { next_gen_leaf.call_boxed(()) } else { next_gen_forward.call_boxed((next_gen_chain(depth - 1),)) }
}

/// `depth` boxed iterators, each forwarding `next()` to the one below.
struct Forward(Box<dyn Iterator<Item = u64>>);

impl Iterator for Forward {
    type Item = u64;
    fn next(&mut self) -> Option<u64> {
        self.0.next()
    }
}

fn iterator_chain(depth: usize) -> Box<dyn Iterator<Item = u64>> {
    if depth == 0 { Box::new(0_u64..) } else { Box::new(Forward(iterator_chain(depth - 1))) }
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("yield_from");
    group.throughput(Throughput::Elements(1));
    for depth in DEPTHS {
        let mut chain = iterator_chain(depth);
        group.bench_function(BenchmarkId::new("iterator", depth), |b| b.iter(|| black_box(chain.next())));

        let mut chain = native_chain(depth);
        group.bench_function(BenchmarkId::new("native", depth), |b| b.iter(|| black_box(chain.resume(()))));

        let mut chain = Stackless::rc(move |co: RcCo<u64, ()>| async move { stackless_level(&co, depth).await });
        group.bench_function(BenchmarkId::new("stackless", depth), |b| b.iter(|| black_box(chain.resume(()))));

        match Stackful::new(move |yielder: &Yielder<(), u64>| stackful_level(yielder, depth)) {
            Ok(mut chain) => {
                group.bench_function(BenchmarkId::new("stackful", depth), |b| b.iter(|| black_box(chain.resume(()))));
            }
            Err(error) => eprintln!("skipping yield_from/stackful/{depth}: {error}"),
        }

        let mut chain = GeneratorRs::new(move |mut scope| {
            generator_level(&mut scope, depth);
            Step::Return(())
        });
        group.bench_function(BenchmarkId::new("generator_crate", depth), |b| b.iter(|| black_box(chain.resume(()))));

        let mut chain = NextGen::new(next_gen_chain(depth));
        group.bench_function(BenchmarkId::new("next_gen", depth), |b| b.iter(|| black_box(chain.resume(()))));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
