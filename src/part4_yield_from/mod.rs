//! Part 4 of the tutorial: `yield from`, and how it turns inlined futures into a design (and, in Rust, into
//! async/await).
//!
//! - [`inline_puzzle`]: five tries at a library generator `after(delay, gen)`; Rust rejects some at compile time.
//! - [`inline_iter`]: a future that can be delegated to like a generator (Python gives `Future` an `__iter__`).
//! - [`inline_future`]: the Task becomes a future itself; and the same program as an `async fn`.

pub mod inline_future;
pub mod inline_iter;
pub mod inline_puzzle;
