//! actor3.py: the ping-pong fixed without threads. `send` only queues; one loop delivers.
//!
//! The original keeps actor1's registry and decorator and actor2's `ping` and `pong`, and adds a module-level
//! `deque`, `_msg_queue`: `send(name, msg)` only appends `(name, msg)`, and `run()` pops messages from the left
//! and delivers each with `gen.send` while the queue is not empty. The main program starts both actors, sends
//! `('ping', 0)` and calls `run()`, which runs forever. The twin's `send` and `run` (python/actor3.py):
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/actor3/send.md"))]
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/actor3/run.md"))]
//!
//! `send` no longer resumes anything: it appends to one queue, and `run` pops one message at a time and resumes
//! its actor, which sends (queues) its answer and yields back to the loop. Every delivery starts from the same
//! stack depth, the loop's, and ends before the next begins: no actor is ever re-entered, and the stack does not
//! grow however long the conversation runs. This is the "stackless" design: a scheduler instead of a call chain,
//! the idea behind every event loop since.
//!
//! What Rust makes explicit: the same [`Registry`] as actor1 and actor2, built with [`Delivery::Queued`], and the
//! same `ping` and `pong` bodies ([`pingpong`]); only `send` and the loop changed, as in the Python files. The
//! test `actor3_runs_a_million_messages_on_a_flat_stack` (tests/actors.rs) records the address of the loop's
//! stack at the 10th and the 1,000,000th delivery on every backend and finds them equal.
//!
//! ## Deviations
//!
//! - The original runs forever. `--count N` (default [`DEFAULT_COUNT`]) is the number of messages
//!   [`Registry::run`] delivers; the transcript is N lines, the last one `pong N-1` for even N (see
//!   [the part's docs](super#--count-n)). The twin counts in its plumbing block (a queue that looks empty after
//!   N deliveries), so its `send` and `run` are the original's.
//! - A name is resolved when the message is sent, so an unknown name fails at the `send` that made the mistake;
//!   the original finds out in `run` (see [`registry`](super::registry)).
//! - The registry and the queue are one value owned by `run`, not module globals: samples run side by side in
//!   the tour and the tests.
#![doc = include_str!(concat!(env!("OUT_DIR"), "/output/actor3.md"))]

use super::{ActorError, Delivery, Registry, pingpong};
use crate::backend::Backend;
use crate::transcript::Transcript;

#[cfg(doc)]
use super::DEFAULT_COUNT;

/// Runs actor3.py on one backend, delivering `count` messages.
pub fn run(t: &Transcript, backend: Backend, count: u64) -> Result<(), ActorError> {
    let registry = Registry::new(Delivery::Queued);
    registry.spawn("ping", pingpong::ping(backend, t, &registry.handle())?)?;
    registry.spawn("pong", pingpong::pong(backend, t, &registry.handle())?)?;
    registry.send("ping", 0)?;
    registry.run(count)?;
    Ok(())
}
