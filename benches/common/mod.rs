//! What the benches share (and `tests/backend_facts.rs`, which counts the allocations of the same bodies):
//! one body per backend that yields `0..yields`, then returns `yields`, and the criterion settings.

#![allow(dead_code)] // each including crate uses its own part

use std::time::Duration;

use criterion::Criterion;
use final_frontier::backend::native::Native;
use final_frontier::backend::stackful::Yielder;
use final_frontier::backend::stackless::{RcCo, Stackless, SyncCo};
use final_frontier::generator::Generator;

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
