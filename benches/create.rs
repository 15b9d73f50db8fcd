//! What one generator costs to have, apart from its round trips.
//!
//! Every variant runs the same body: yield `0..yields`, then return `yields`. One measured iteration makes a
//! generator, resumes it once and drops it, so the figure includes every allocation, stack mapping and
//! destructor involved.
//!
//! - `create/<variant>`: `yields = 0`, so the first resume runs the body to its end and a finished generator
//!   is dropped: the cost of a generator that is used once.
//! - `drop_suspended/<variant>`: `yields = 1`, so the first resume stops at the `yield` and the generator is
//!   dropped while suspended: Python's `close()`. Native and genawaiter drop the live locals of their state
//!   machine; corosensei unwinds the coroutine's stack with a private panic payload.
//!
//! `yields` goes through `black_box`, so no variant is specialised for either case.
//!
//! Variants: `native` (our adapter, unboxed, the baseline), `native_boxed` (`BoxGen`), `stackless_rc`,
//! `stackless_sync` (genawaiter), `stackful` (corosensei on a stack from our per-thread pool),
//! `stackful_raw_reused` (a bare corosensei coroutine on one stack the bench keeps and reuses: what the pool
//! could cost at best), `stackful_fresh_stack` (a stack mapped for this coroutine and unmapped with it), and the
//! two peer crates through the adapters of `benches/common`: `generator_crate` (stackful; it maps a fresh stack
//! for every generator, and offers no pool) and `next_gen` (stackless, boxed so it can be returned).

#![feature(coroutines)]

mod common;

use std::hint::black_box;

use common::{generator_rs, native, next_gen, stackful_body, stackless_rc, stackless_sync};
use corosensei::stack::DefaultStack;
use corosensei::{Coroutine, CoroutineResult};
use criterion::{BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main, measurement::WallTime};
use final_frontier::backend::stackful::{STACK_SIZE, StackError, Stackful, fresh_stack};
use final_frontier::generator::{Generator, GeneratorExt, Step};

/// Resumes a new generator once and drops it; returns what the body handed out so it is not optimised away.
///
/// The generator goes through `black_box` first. Without it LLVM sees the whole life of a boxed generator,
/// removes the `Box` allocation and devirtualises the call (`native_boxed` measured 1.7 ns, less than one
/// `malloc`): the figure would then describe a program that never boxes.
fn resume_once_and_drop(generator: impl Generator<u64, Yield = u64, Return = u64>) -> u64 {
    let mut generator = black_box(generator);
    match generator.resume(0) {
        Step::Yield(value) | Step::Return(value) => value,
    }
}

fn stackful(yields: u64) -> Result<impl Generator<u64, Yield = u64, Return = u64>, StackError> {
    Stackful::new(stackful_body(yields))
}

fn stackful_fresh_stack(yields: u64) -> Result<impl Generator<u64, Yield = u64, Return = u64>, StackError> {
    Ok(Stackful::on_stack(fresh_stack(STACK_SIZE)?, stackful_body(yields)))
}

/// The bare corosensei coroutine on a stack the caller keeps: made, resumed once, unwound if suspended, and its
/// stack taken back for the next one. No adapter, no pool: the floor for `stackful`.
fn stackful_raw_reused(kept: &mut Option<DefaultStack>, yields: u64) -> u64 {
    let Some(stack) = kept.take() else { unreachable!("the stack is put back after every use") };
    let body = stackful_body(yields);
    let mut coroutine = black_box(Coroutine::with_stack(stack, move |yielder, _start: u64| body(yielder)));
    let value = match coroutine.resume(0) {
        CoroutineResult::Yield(value) | CoroutineResult::Return(value) => value,
    };
    coroutine.force_unwind();
    *kept = Some(coroutine.into_stack());
    value
}

/// The variants of one group, each making its generator with `yields`.
fn variants(group: &mut BenchmarkGroup<'_, WallTime>, yields: u64) {
    group.throughput(Throughput::Elements(1));
    group.bench_function("native", |b| b.iter(|| resume_once_and_drop(native(black_box(yields)))));
    group.bench_function("native_boxed", |b| b.iter(|| resume_once_and_drop(native(black_box(yields)).boxed())));
    group.bench_function("stackless_rc", |b| b.iter(|| resume_once_and_drop(stackless_rc(black_box(yields)))));
    group.bench_function("stackless_sync", |b| b.iter(|| resume_once_and_drop(stackless_sync(black_box(yields)))));
    group.bench_function("stackful", |b| {
        b.iter(|| match stackful(black_box(yields)) {
            Ok(generator) => resume_once_and_drop(generator),
            Err(error) => panic!("stackful: {error}"),
        })
    });
    group.bench_function("stackful_raw_reused", |b| {
        let mut kept = match fresh_stack(STACK_SIZE) {
            Ok(stack) => Some(stack),
            Err(error) => panic!("stackful_raw_reused: {error}"),
        };
        b.iter(|| stackful_raw_reused(&mut kept, black_box(yields)))
    });
    group.bench_function("stackful_fresh_stack", |b| {
        b.iter(|| match stackful_fresh_stack(black_box(yields)) {
            Ok(generator) => resume_once_and_drop(generator),
            Err(error) => panic!("stackful_fresh_stack: {error}"),
        })
    });
    group.bench_function("generator_crate", |b| b.iter(|| resume_once_and_drop(generator_rs(black_box(yields)))));
    group.bench_function("next_gen", |b| b.iter(|| resume_once_and_drop(next_gen(black_box(yields)))));
}

fn create(c: &mut Criterion) {
    let mut group = c.benchmark_group("create");
    variants(&mut group, 0);
    group.finish();
}

fn drop_suspended(c: &mut Criterion) {
    let mut group = c.benchmark_group("drop_suspended");
    variants(&mut group, 1);
    group.finish();
}

criterion_group! {
    name = benches;
    config = common::config();
    targets = create, drop_suspended
}
criterion_main!(benches);
