//! Part 6 of the tutorial: generators as actors.
//!
//! An actor is a generator that has been primed (run to its first `yield`) and registered under a name;
//! `send(name, msg)` resumes it with the message. Its body reads like a server loop, as actor1's printer in the
//! twin (python/actor1.py):
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/actor1/printer.md"))]
//!
//! The four samples are one idea refined, and the refinement is all in *how* `send` delivers, never in the
//! bodies:
//!
//! | sample | `send` | what happens to ping-pong |
//! | --- | --- | --- |
//! | [`actor1`] | resumes the actor at once ([`Delivery::Direct`]) | (no ping-pong: a printer) |
//! | [`actor2`] | the same | `ping` resumes `pong`, which resumes `ping` while it is still running: "generator already executing" |
//! | [`tactor`] | puts the message in the actor's mailbox; each actor runs on a thread of its own | runs: no send ever resumes anything |
//! | [`actor3`] | appends the message to one queue; a run loop delivers one message at a time ([`Delivery::Queued`]) | runs on one thread, with no re-entry and no stack growth |
//!
//! Shared machinery, written once over the [`Generator`] protocol:
//!
//! - [`registry`]: the single-threaded registry of actor1, actor2 and actor3, with its two ways to deliver;
//! - [`pingpong`]: the `ping` and `pong` bodies, on all three backends, which actor2, tactor and actor3 share;
//! - [`Actors`]: what a body sees of the other actors (`send`), so the same body runs under either registry;
//! - [`ActorError`]: what sending can fail with.
//!
//! # `--count N`
//!
//! The ping-pong runs forever in Python. Here `--count N` is the number of messages delivered in total, counting
//! the first `send('ping', 0)`: message k carries the number k - 1, so the transcript is N lines, `ping 0`,
//! `pong 1`, ... and its last line is `ping N-1` when N is odd, `pong N-1` when N is even (the default, 20, ends
//! with `pong 19`; 1,000,000 ends with `pong 999999`). The runner counts: it delivers N messages and then stops,
//! and the message sent by the N-th delivery is never delivered. tactor and actor3 count the same way, so for the
//! same N they print the same transcript.

pub mod actor1;
pub mod actor2;
pub mod actor3;
pub mod pingpong;
pub mod registry;
pub mod tactor;

use crate::backend::stackful::StackError;
use crate::generator::{BoxGen, Generator};

pub use registry::{Delivery, Registry, RegistryHandle};

/// Messages delivered by tactor and actor3 when `--count` is not given.
pub const DEFAULT_COUNT: u64 = 20;

/// What an actor's body sees of the other actors: Python's module-level `send(name, msg)`.
///
/// Implemented by [`RegistryHandle`] (one thread: actor1, actor2, actor3) and by
/// [`tactor::Mailboxes`] (one thread per actor), so a body is written once for both.
///
/// A body names the actors it writes to with string literals, as the Python source does; the names are
/// `&'static str` so that a handle may remember what a name resolved to (see [`RegistryHandle`]).
pub trait Actors<M>: Clone + 'static {
    /// Delivers `msg` to the actor registered as `name`, or queues it, depending on the registry.
    fn send(&self, name: &'static str, msg: M) -> Result<(), ActorError>;
}

/// An actor of any backend: resumed with messages `M`, yields nothing (Python's bare `yield`), and returns
/// `Err` when a send of its own failed (Python: the exception propagates out of the generator).
pub type ActorGen<M> = BoxGen<'static, M, (), Result<(), ActorError>>;

/// What an actor body is, on any backend, before it is boxed into an [`ActorGen`].
pub trait ActorBody<M>: Generator<M, Yield = (), Return = Result<(), ActorError>> + 'static {}
impl<M, G: Generator<M, Yield = (), Return = Result<(), ActorError>> + 'static> ActorBody<M> for G {}

/// What sending a message, or registering an actor, can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ActorError {
    /// The run was stopped (Ctrl-C, a closed stdout) between two messages.
    #[error(transparent)]
    Stopped(#[from] crate::transcript::Stopped),
    /// A message reached an actor that is running further down the same call stack (actor2's failure). The
    /// words are CPython's `ValueError`, so the Python twin prints the same line from the exception it catches.
    #[error("generator already executing")]
    AlreadyExecuting {
        /// The actor that was re-entered.
        name: String,
    },
    /// No actor is registered under this name (Python: `KeyError`).
    #[error("no actor named '{name}' (registered: {registered})")]
    Unknown {
        /// The name asked for.
        name: String,
        /// The names there are, comma-separated.
        registered: String,
    },
    /// The actor's generator has finished (it returned, or an error came out of it), so nothing can resume it.
    #[error("actor '{name}' has finished and takes no more messages")]
    Finished {
        /// The actor.
        name: String,
    },
    /// Two actors under one name (Python silently replaces the first; here it is a mistake to report).
    #[error("an actor named '{name}' is already registered")]
    Duplicate {
        /// The name.
        name: String,
    },
    /// The generator returned while being primed, before its first `yield`: it can never receive a message.
    #[error("actor '{name}' returned before its first yield, so it cannot receive messages")]
    NeverYielded {
        /// The actor.
        name: String,
    },
    /// A stackful actor could not get a coroutine stack.
    #[error(transparent)]
    Stack(#[from] StackError),
    /// tactor: the OS refused an actor's thread.
    #[error("cannot start the thread of actor '{name}': {source} (too many threads? check `ulimit -u`)")]
    Spawn {
        /// The actor.
        name: String,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
    /// tactor: an actor's thread panicked (a bug in its body; the panic message went to stderr).
    #[error("the thread of actor '{name}' panicked")]
    Panicked {
        /// The actor.
        name: String,
    },
}
