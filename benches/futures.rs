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
//! The Tasks and their generators are `common::start_parked_task`'s, shared with `examples/hook_cost.rs` and
//! tests/futures.rs. The generator is wrapped for `final-frontier trace` as the samples' are (`trace::traced`):
//! with no recording running, what that adds to a step is measured too.
//!
//! Ids: `futures/<backend>`; one iteration is one step.

#![feature(coroutines)]

mod common;

use common::{callback_step, complete, start_parked_task};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use final_frontier::backend::Backend;
use final_frontier::concurrent::pool::Pool;
use final_frontier::transcript::{TimeScale, Transcript};

fn bench(c: &mut Criterion) {
    // The pool only lends its handle to `OnPoolThreads`: no job runs on it, the bench completes the futures.
    let Ok(pool) = Pool::new(1, &Transcript::capture(TimeScale::REAL)) else {
        eprintln!("skipping futures: cannot start a pool thread");
        return;
    };
    let mut group = c.benchmark_group("futures");
    group.throughput(Throughput::Elements(1));

    group.bench_function("callback", |b| b.iter(callback_step));
    for backend in Backend::ALL {
        match start_parked_task(backend, &pool) {
            Ok(None) => group.bench_function(backend.name(), |b| b.iter(complete)),
            Ok(Some(home)) => group.bench_function(backend.name(), |b| {
                b.iter(|| {
                    complete();
                    home.serve_queued();
                })
            }),
            Err(error) => {
                eprintln!("skipping futures/{}: {error}", backend.name());
                continue;
            }
        };
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
