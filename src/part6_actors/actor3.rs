//! actor3.py: the ping-pong fixed without threads. `send` only queues; one loop delivers.
//!
//! ```python
//! from collections import deque
//!
//! _registry = { }
//! _msg_queue = deque()
//!
//! def send(name, msg):
//!     _msg_queue.append((name, msg))
//!
//! def run():
//!     while _msg_queue:
//!         name, msg = _msg_queue.popleft()
//!         _registry[name].send(msg)
//!
//! # ping() and pong() as in actor2.py
//! ping()
//! pong()
//! send('ping', 0)
//! run()
//! ```
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
//! Deviation: the original runs forever. `--count N` (default [`DEFAULT_COUNT`]) is the number of messages
//! [`Registry::run`] delivers; the transcript is N lines, the last one `pong N-1` for even N (see
//! [the part's docs](super#--count-n)).
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
