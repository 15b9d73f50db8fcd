//! # final-frontier
//!
//! David Beazley's PyCon 2014 tutorial "Generators: The Final Frontier", ported to Rust and measured. Every
//! Python sample gets a Rust port that runs on three generator backends side by side:
//!
//! - **native**: nightly Rust coroutines ([`backend::native`]);
//! - **stackless**: the `genawaiter` crate, generators built on async/await ([`backend::stackless`]);
//! - **stackful**: the `corosensei` crate, coroutines with their own stacks ([`backend::stackful`]).
//!
//! ## How to read the crate
//!
//! 1. [`generator`]: the protocol, Python's `send`/`throw`/`close`/`yield from` said once for all backends,
//!    with a glossary for Python readers.
//! 2. [`backend`]: one small adapter per library, and how the three differ.
//! 3. [`transcript`] (where samples print) and [`concurrent`] (Rust's `concurrent.futures`: the pool, the `PoolFuture`,
//!    and where a Task's generator is resumed), the two libraries the samples stand on.
//! 4. The parts of the tutorial, in order. Each sample file sits beside its Python twin (`python/NAME.py`)
//!    and holds the three backend bodies of each generator side by side.
//!
//! ## The shape of a sample file
//!
//! Every generator sample says its generators three times, in three sibling modules named after the backends:
//! `mod native`, `mod stackless`, `mod stackful`, in that order, each defining the same names (`do_func`,
//! `compute_fibs`, `player`) with the same parameters, so that the only differences a reader sees are the
//! backends' own. The rest of the file (the module doc with the twin's code and the `## Deviations`, the driver
//! if the sample has its own, and `run`) is written once, above and below them.
//!
//! - **Visibility**: the three modules are `pub` exactly when code outside the file calls a body: a sample that
//!   imports it as its Python file does (inline_future takes inline_iter's `after`; the fib samples take part 5's
//!   `compute_fibs`), or a bench or test that measures or probes a body directly (compiler2, inline_puzzle). A
//!   body nobody else calls stays private, and the sample's `run` is its only door.
//! - **Dispatch**: `run` picks a backend with one `match` and one line per backend. Where the sample needs the
//!   three as one boxed type, [`by_backend!`] writes that match: it relies on exactly this layout (the three
//!   module names, one function name).
//! - **Options**: a sample's `run` takes typed arguments; the command line's options are declared once, in
//!   [`registry::options`], and the sample's registry row turns them into those arguments.
//!
//! | Python file | Rust module | backends |
//! | --- | --- | --- |
//! | cm.py | [`part2_context::cm`] | native, stackless, stackful |
//! | simplefuture.py | [`part3_futures::simplefuture`] | threads (no generator) |
//! | inline1.py | [`part3_futures::inline1`] | native, stackless, stackful |
//! | inline2.py | [`part3_futures::inline2`] | native, stackless, stackful |
//! | inline_recursive.py | [`part3_futures::inline_recursive`] | native, stackless, stackful |
//! | inline_puzzle.py | [`part4_yield_from::inline_puzzle`] | native, stackless, stackful (two tries are compile errors) |
//! | inline_iter.py | [`part4_yield_from::inline_iter`] | native, stackless, stackful |
//! | inline_future.py | [`part4_yield_from::inline_future`] | native, stackless, stackful, and an `async fn` |
//! | async1.py | [`part4_yield_from::async1`] | tokio (no generator) |
//! | async2.py | [`part4_yield_from::async2`] | tokio (no generator): a TCP echo server |
//! | fib1.py | [`part5_gil::fib1`] | native, stackless, stackful |
//! | fib2.py | [`part5_gil::fib2`] | native, stackless, stackful |
//! | fib3.py | [`part5_gil::fib3`] | native, stackless, stackful |
//! | actor1.py | [`part6_actors::actor1`] | native, stackless, stackful |
//! | actor2.py | [`part6_actors::actor2`] | native, stackless, stackful (meant to fail: the error is the last line) |
//! | tactor.py | [`part6_actors::tactor`] | native, stackless, stackful, one thread per actor |
//! | actor3.py | [`part6_actors::actor3`] | native, stackless, stackful |
//! | compiler1.py | [`part7_compiler::compiler1`] | none (plain recursion) |
//! | compiler2.py | [`part7_compiler::compiler2`] | native, stackless, stackful |
//!
//! [`registry`] is the table of all 19 samples (`final-frontier list` prints it): each row declares the sample's
//! own options once and turns them into the typed arguments of its `run`, passing the sample's own error on.
//! [`trace`] records what the drivers do (free when no recording runs): `final-frontier trace` prints it and
//! the study draws it. [`tour`] runs every row on every backend; [`study`] writes the crate as a reading site
//! (`final-frontier study`); [`report`] writes BENCHMARKS.md from the benches' results and knows no sample.
//! Dependencies point one way: protocol -> backends -> transcript, trace and concurrent -> samples -> registry
//! -> tour, study -> CLI.
//!
//! ## Why nightly
//!
//! `#[coroutine]` closures, `std::ops::Coroutine` and `gen` blocks are unstable. The two library backends work
//! on stable Rust; the native one is what the language itself is growing.

#![forbid(unsafe_code)]
#![feature(coroutines, coroutine_trait)]
#![warn(missing_docs)]

pub mod backend;
pub mod concurrent;
pub mod generator;
pub mod part2_context;
pub mod part3_futures;
pub mod part4_yield_from;
pub mod part5_gil;
pub mod part6_actors;
pub mod part7_compiler;
pub mod registry;
pub mod report;
pub mod source_files;
pub mod study;
pub mod tour;
pub mod trace;
pub mod transcript;
