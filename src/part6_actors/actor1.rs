//! actor1.py: generators as actors. A decorator primes a generator and registers it by name; `send` resumes it.
//!
//! The original: a module-level dict `_registry`; `send(name, msg)` is `_registry[name].send(msg)`; the decorator
//! `actor(func)` wraps `func` so that calling it builds the generator, primes it with `next`, and registers it
//! under `func.__name__`; `printer` loops, receiving a message and printing it. The main program starts the
//! printer and sends it 10 down to 1. The twin (python/actor1.py) is that program:
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/actor1.md"))]
//!
//! The generator is an object with a name and a loop that waits for messages; nothing else runs it. Each
//! `send` runs the printer's loop once, up to its next `yield`, on the sender's stack.
//!
//! What Rust makes explicit: the registry and the decorator are [`Registry`] with [`Delivery::Direct`]
//! ([`Registry::spawn`] is the wrapper: prime, then register), and `send` returns a `Result`: the name may be
//! unknown, or the actor finished ([`ActorError`]).
//!
//! ## Deviations
//!
//! - Python's decorator registers under the function's name; Rust has no such reflection, so `run` gives
//!   `spawn` the name.
//! - The registry is a value owned by `run`, not a module global: samples run side by side in the tour and the
//!   tests, each with its own actors.
#![doc = include_str!(concat!(env!("OUT_DIR"), "/output/actor1.md"))]

use super::{ActorBody, ActorError, ActorGen, Delivery, Registry};
use crate::backend::Backend;
use crate::backend::stackful::StackError;
use crate::by_backend;
use crate::transcript::Transcript;

/// Python's `printer()` on one backend.
pub fn printer(backend: Backend, t: &Transcript) -> Result<ActorGen<u64>, StackError> {
    by_backend!(backend, printer(t.clone()))
}

mod native {
    use super::*;
    use crate::backend::native::Native;

    pub fn printer(t: Transcript) -> impl ActorBody<u64> {
        Native::new(
            #[coroutine]
            move |_start: u64| -> Result<(), ActorError> {
                loop {
                    let msg = yield;
                    t.line(format!("printer: {msg}"));
                }
            },
        )
    }
}

mod stackless {
    use super::*;
    use crate::backend::stackless::{RcCo, Stackless};

    pub fn printer(t: Transcript) -> impl ActorBody<u64> {
        Stackless::rc(move |co: RcCo<(), u64>| async move {
            loop {
                let msg = co.yield_(()).await;
                t.line(format!("printer: {msg}"));
            }
        })
    }
}

mod stackful {
    use super::*;
    use crate::backend::stackful::{Stackful, Yielder};

    pub fn printer(t: Transcript) -> Result<impl ActorBody<u64>, StackError> {
        Stackful::new(move |yielder: &Yielder<u64, ()>| -> Result<(), ActorError> {
            loop {
                let msg = yielder.suspend(());
                t.line(format!("printer: {msg}"));
            }
        })
    }
}

/// Runs actor1.py on one backend: `printer: 10` down to `printer: 1`.
pub fn run(t: &Transcript, backend: Backend) -> Result<(), ActorError> {
    let registry = Registry::new(Delivery::Direct);
    registry.spawn("printer", printer(backend, t)?)?;
    for n in (1..=10).rev() {
        registry.send("printer", n)?;
    }
    Ok(())
}
