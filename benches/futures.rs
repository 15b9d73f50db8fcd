//! The cost of one Task step, per backend, with the job taken out: the future is completed on the bench's own
//! thread, so what is measured is `set` + done-callback + wake-up + resume + the next `yield` + the next
//! callback registered (`add_resume`: the boxed Task is the callback, Python's `add_done_callback(self._wakeup)`
//! with the outcome handed in), not a thread hand-off (that costs tens of microseconds and would drown the rest).
//!
//! - native, stackless (genawaiter `sync`, since the Task must be `Send`): inline1's `Task` on `OnPoolThreads`,
//!   woken in the callback;
//! - stackful: inline1's `Task` on a `Home`: the callback posts to the home queue, and the home serves it;
//! - callback: the plain limit, a `Future` created, given a callback and completed, no generator.
//!
//! The generator leaves each future in a thread-local slot for the bench to complete, as python/bench.py's
//! `task_step` leaves it in a list: no lock on the way, so the figure is the Task's and the future's own.
//!
//! The generator is wrapped for `final-frontier trace` as the samples' are ([`traced`]): with no recording
//! running, what that adds to a step is measured too.
//!
//! Ids: `futures/<backend>`; one iteration is one step.

#![feature(coroutines)]

use std::cell::Cell;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use final_frontier::backend::native::Native;
use final_frontier::backend::stackful::{Stackful, Yielder};
use final_frontier::backend::stackless::{Stackless, SyncCo};
use final_frontier::concurrent::future::PoolFuture;
use final_frontier::concurrent::pool::Pool;
use final_frontier::concurrent::value::Value;
use final_frontier::concurrent::wakeup::{Home, OnPoolThreads};
use final_frontier::part3_futures::inline1::Task;
use final_frontier::trace::traced;
use final_frontier::transcript::{TimeScale, Transcript};

thread_local! {
    /// Where the generator leaves the future it is waiting on, for the bench to complete. Every step runs on
    /// the bench's thread (the callback runs in `set`, and the stackful home is served here), and one Task is
    /// measured at a time.
    static PARKED: Cell<Option<PoolFuture<Value>>> = const { Cell::new(None) };
}

fn park() -> PoolFuture<Value> {
    let fut = PoolFuture::new();
    PARKED.set(Some(fut.clone()));
    fut
}

fn complete() {
    if let Some(fut) = PARKED.take() {
        let _ = fut.set(Ok(Value::Int(1)));
    }
}

fn bench(c: &mut Criterion) {
    // The pool only lends its handle to `OnPoolThreads`: no job runs on it, the bench completes the futures.
    let Ok(pool) = Pool::new(1, &Transcript::capture(TimeScale::REAL)) else {
        eprintln!("skipping futures: cannot start a pool thread");
        return;
    };
    let mut group = c.benchmark_group("futures");
    group.throughput(Throughput::Elements(1));

    group.bench_function("callback", |b| {
        b.iter(|| {
            let fut = PoolFuture::new();
            fut.add_done_callback(|f| {
                black_box(f);
            });
            let _ = fut.set(Ok(Value::Int(1)));
        })
    });

    let generator = Native::new(
        #[coroutine]
        |_start: Value| {
            loop {
                black_box(yield park());
            }
        },
    );
    Task::new(traced("loop", generator), OnPoolThreads::new(pool.handle())).step(Value::None);
    group.bench_function("native", |b| b.iter(complete));

    let generator = Stackless::sync(|co: SyncCo<PoolFuture<Value>, Value>| async move {
        loop {
            black_box(co.yield_(park()).await);
        }
    });
    Task::new(traced("loop", generator), OnPoolThreads::new(pool.handle())).step(Value::None);
    group.bench_function("stackless", |b| b.iter(complete));

    match Stackful::new(|yielder: &Yielder<Value, PoolFuture<Value>>| {
        loop {
            black_box(yielder.suspend(park()));
        }
    }) {
        Ok(generator) => {
            let home = Home::current();
            Task::new(traced("loop", generator), home.clone()).step(Value::None);
            group.bench_function("stackful", |b| {
                b.iter(|| {
                    complete();
                    home.serve_queued();
                })
            });
        }
        Err(error) => eprintln!("skipping futures/stackful: {error}"),
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
