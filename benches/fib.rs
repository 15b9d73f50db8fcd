//! Part 5: what driving `compute_fibs(30)` through inline_future's Task costs, against the same list computed by
//! a plain loop (the limit), on a real pool of 4 threads as in the samples.
//!
//! - `plain`: `fibs(30)`, a plain loop on the bench's thread: no generator, no pool, no hand-off;
//! - `native`, `stackless`, `stackful`: `run_inline_future(compute_fibs(30))`, fib1's program: 30 jobs, one after
//!   another, each a hand-off to a pool thread and a wake-up back (on the pool thread for native and stackless,
//!   on the bench's thread, the stackful Task's home, for stackful);
//! - `native_blocking`: fib3's driver, `run_inline_thread` on the bench's thread, blocking on each future;
//! - `*_x2`: fib2's "Parallel", two at once: two plain loops on two threads, or two Tasks on the pool.
//!
//! The Task overhead is the difference to `plain` (to `plain_x2` for two at once). Ids: `fib/<variant>/30`;
//! one element is one run (one list, or the two lists of a `*_x2` run), as `python/bench.py` counts it, so the
//! report can set them beside CPython's.

#![feature(coroutines)]

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use final_frontier::concurrent::Env;
use final_frontier::concurrent::future::JobResult;
use final_frontier::concurrent::pool::Pool;
use final_frontier::concurrent::task::Body;
use final_frontier::concurrent::value::Value;
use final_frontier::concurrent::wakeup::{Home, OnPoolThreads, ResumeOn};
use final_frontier::part4_yield_from::inline_future::{Task, result, run_inline_future, start_inline_future};
use final_frontier::part5_gil::fib3::run_inline_thread;
use final_frontier::part5_gil::{ShowThreads, fibs, native, stackful, stackless};
use final_frontier::transcript::{TimeScale, Transcript};

mod common;

const N: u32 = 30;

/// A result that must not be optimised away, and must be right.
fn check(outcome: JobResult<Value>, expected: &Value) {
    match outcome {
        Ok(value) if &value == expected => {
            black_box(value);
        }
        other => panic!("compute_fibs({N}) gave {other:?}"),
    }
}

/// fib2's "Parallel": start two Tasks, wait for both.
fn two_at_once<G: Body<Value>, W: ResumeOn<Task<G, W>>>(wake: &W, first: G, second: G, expected: &Value) {
    let t1 = start_inline_future(first, wake.clone());
    let t2 = start_inline_future(second, wake.clone());
    check(result(&t1, wake), expected);
    check(result(&t2, wake), expected);
}

fn bench(c: &mut Criterion) {
    let t = Transcript::capture(TimeScale::REAL);
    let Ok(pool) = Pool::new(4, &t) else {
        eprintln!("skipping fib: cannot start the pool's threads");
        return;
    };
    let env = Env::new(pool.handle(), &t);
    let on_pool = OnPoolThreads::new(pool.handle());
    let home = Home::current();
    let show = ShowThreads::new(false);
    let expected = fibs(N);
    let mut group = c.benchmark_group("fib");

    group.throughput(Throughput::Elements(1));
    group.bench_function(BenchmarkId::new("plain", N), |b| b.iter(|| check(Ok(fibs(black_box(N))), &expected)));
    group.bench_function(BenchmarkId::new("native", N), |b| {
        b.iter(|| check(run_inline_future(native::compute_fibs(env.clone(), N, show), on_pool.clone()), &expected))
    });
    group.bench_function(BenchmarkId::new("stackless", N), |b| {
        b.iter(|| check(run_inline_future(stackless::compute_fibs(env.clone(), N, show), on_pool.clone()), &expected))
    });
    group.bench_function(BenchmarkId::new("stackful", N), |b| {
        b.iter(|| match stackful::compute_fibs(env.clone(), N, show) {
            Ok(generator) => check(run_inline_future(generator, home.clone()), &expected),
            Err(error) => panic!("{error}"),
        })
    });
    group.bench_function(BenchmarkId::new("native_blocking", N), |b| {
        b.iter(|| check(run_inline_thread(native::compute_fibs(env.clone(), N, show)), &expected))
    });

    group.bench_function(BenchmarkId::new("plain_x2", N), |b| {
        b.iter(|| {
            std::thread::scope(|scope| {
                let other = scope.spawn(|| fibs(black_box(N)));
                check(Ok(fibs(black_box(N))), &expected);
                match other.join() {
                    Ok(list) => check(Ok(list), &expected),
                    Err(_) => panic!("the other plain loop panicked"),
                }
            })
        })
    });
    group.bench_function(BenchmarkId::new("native_x2", N), |b| {
        b.iter(|| {
            let make = || native::compute_fibs(env.clone(), N, show);
            two_at_once(&on_pool, make(), make(), &expected)
        })
    });
    group.bench_function(BenchmarkId::new("stackless_x2", N), |b| {
        b.iter(|| {
            let make = || stackless::compute_fibs(env.clone(), N, show);
            two_at_once(&on_pool, make(), make(), &expected)
        })
    });
    group.bench_function(BenchmarkId::new("stackful_x2", N), |b| {
        b.iter(|| {
            let make = || stackful::compute_fibs(env.clone(), N, show).unwrap_or_else(|error| panic!("{error}"));
            two_at_once(&home, make(), make(), &expected)
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = common::config();
    targets = bench
}
criterion_main!(benches);
