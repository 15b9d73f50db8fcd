//! What the trace hooks cost when no recording runs, counted in instructions rather than timed: the operations
//! of the `switch`, `futures` and `actors` benches, `N` times, under `valgrind --tool=callgrind`. Run with `N`
//! and with `2N`, the difference divided by `N` is the cost of one operation, without the setup; and it is the
//! same on a busy machine as on a quiet one, where a timing moves by more than what is measured.
//!
//! ```text
//! cargo build --release --example hook_cost
//! for n in 20000 40000; do
//!   valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/examples/hook_cost actors/native/direct $n
//! done 2>&1 | grep refs
//! ```
//!
//! The figure to compare with is the same program built with the hooks compiled out: [`on`] made to return
//! `false` (`false && ON.load(..)` in `src/trace/mod.rs`, not committed), which the compiler folds away with
//! everything behind it.
//!
//! Operations: `switch/{native,stackless,stackful}` (one round trip through our adapter, boxed: no hook, the
//! control), `futures/callback` (the futures bench's limit: a bare future given a callback and completed),
//! `futures/{native,stackless,stackful}` (one step of inline1's Task, the generator wrapped in
//! [`traced`], as in `benches/futures.rs`), `actors/{native,stackless,stackful}/{direct,queue}` (one message: a
//! `send` to a direct registry's sink; one delivery of ping-pong through a queued registry's `run`).
//!
//! [`on`]: final_frontier::trace::on

#![feature(coroutines)]

#[path = "../benches/common/mod.rs"]
mod common;

use std::hint::black_box;
use std::process::ExitCode;

use common::{player, sink};
use final_frontier::backend::Backend;
use final_frontier::backend::native::Native;
use final_frontier::backend::stackful::{Stackful, Yielder};
use final_frontier::backend::stackless::{RcCo, Stackless};
use final_frontier::concurrent::pool::Pool;
use final_frontier::generator::{GeneratorExt, Step};
use final_frontier::part6_actors::{Delivery, Registry};
use final_frontier::transcript::{TimeScale, Transcript};

type Failure = Box<dyn std::error::Error>;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(operation), Some(Ok(n))) = (args.next(), args.next().map(|n| n.parse::<u64>())) else {
        eprintln!("usage: hook_cost OPERATION N (switch|futures/BACKEND, actors/BACKEND/direct|queue)");
        return ExitCode::from(2);
    };
    match run(&operation, n) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("hook_cost {operation}: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(operation: &str, n: u64) -> Result<(), Failure> {
    let parts: Vec<&str> = operation.split('/').collect();
    let backend = |name: &str| Backend::ALL.into_iter().find(|backend| backend.name() == name);
    match parts[..] {
        ["switch", b] => switch(backend(b).ok_or("no such backend")?, n),
        ["futures", "callback"] => {
            (0..n).for_each(|_| common::callback_step());
            Ok(())
        }
        ["futures", b] => futures(backend(b).ok_or("no such backend")?, n),
        ["actors", b, "direct"] => {
            let registry = Registry::new(Delivery::Direct);
            registry.spawn("printer", sink(backend(b).ok_or("no such backend")?)?)?;
            for _ in 0..n {
                registry.send("printer", black_box(1))?;
            }
            Ok(())
        }
        ["actors", b, "queue"] => {
            let b = backend(b).ok_or("no such backend")?;
            let registry = Registry::new(Delivery::Queued);
            registry.spawn("ping", player(b, &registry.handle(), "pong")?)?;
            registry.spawn("pong", player(b, &registry.handle(), "ping")?)?;
            registry.send("ping", 0)?;
            black_box(registry.run(n)?);
            Ok(())
        }
        _ => Err("no such operation".into()),
    }
}

/// `switch`'s body and driver: yield a counter, add what is sent.
fn switch(backend: Backend, n: u64) -> Result<(), Failure> {
    let mut generator = match backend {
        Backend::Native => Native::new(
            #[coroutine]
            |_start: u64| {
                let mut counter = 0u64;
                loop {
                    counter = counter.wrapping_add(yield counter);
                }
            },
        )
        .boxed(),
        Backend::Stackless => Stackless::rc(|co: RcCo<u64, u64>| async move {
            let mut counter = 0u64;
            loop {
                counter = counter.wrapping_add(co.yield_(counter).await);
            }
        })
        .boxed(),
        Backend::Stackful => Stackful::new(|yielder: &Yielder<u64, u64>| {
            let mut counter = 0u64;
            loop {
                counter = counter.wrapping_add(yielder.suspend(counter));
            }
        })?
        .boxed(),
    };
    let mut sum = 0u64;
    for _ in 0..n {
        let Step::Yield(counter) = generator.resume(black_box(1));
        sum = sum.wrapping_add(counter);
    }
    black_box(sum);
    Ok(())
}

/// `futures`: one Task step, the future completed on this thread (as in `benches/futures.rs`).
fn futures(backend: Backend, n: u64) -> Result<(), Failure> {
    let pool = Pool::new(1, &Transcript::capture(TimeScale::REAL))?;
    match common::start_parked_task(backend, &pool)? {
        None => (0..n).for_each(|_| common::complete()),
        Some(home) => (0..n).for_each(|_| {
            common::complete();
            home.serve_queued();
        }),
    }
    Ok(())
}
