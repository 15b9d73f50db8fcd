//! Part 4 of the tutorial: `yield from`, and how it turns inlined futures into a design (and, in Rust, into
//! async/await).
//!
//! - [`inline_puzzle`]: five tries at a library generator `after(delay, gen)`; Rust rejects some at compile time.
//! - [`inline_iter`]: a future that can be delegated to like a generator (Python gives `Future` an `__iter__`).
//! - [`inline_future`]: the Task becomes a future itself; and the same program as an `async fn`.
//! - [`async1`]: the design as a library: asyncio's event loop, here tokio's runtime.
//! - [`async2`]: a real TCP echo server on that runtime, one thread serving every client.

pub mod async1;
pub mod async2;
pub mod inline_future;
pub mod inline_iter;
pub mod inline_puzzle;

use std::io;

/// What the tokio samples (async1, async2) can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AsyncError {
    /// The runtime's threads or its I/O driver could not start.
    #[error("cannot start the tokio runtime")]
    Runtime(#[source] io::Error),
    /// Another socket already listens on the address.
    #[error(
        "cannot listen on {addr}: the address is in use (is another server running? pick another --port, or \
         --port 0 for a free one)"
    )]
    AddrInUse {
        /// `host:port` as asked for.
        addr: String,
        /// What the OS said.
        #[source]
        source: io::Error,
    },
    /// The address could not be resolved or bound for another reason.
    #[error("cannot listen on {addr}")]
    Bind {
        /// `host:port` as asked for.
        addr: String,
        /// What the OS said.
        #[source]
        source: io::Error,
    },
    /// A limit of 0 (the CLI refuses it first; the library keeps its own check).
    #[error("{limit} must be at least 1")]
    ZeroLimit {
        /// Which limit.
        limit: &'static str,
    },
    /// The handlers for Ctrl-C or SIGTERM could not be installed.
    #[error("cannot listen for {signal}")]
    Signal {
        /// Which signal.
        signal: &'static str,
        /// What the OS said.
        #[source]
        source: io::Error,
    },
    /// A client of the self-test got no answer, or not the answer the protocol promises.
    #[error("self-test client {client} could not {step}")]
    SelfTest {
        /// Which client (1 or 2).
        client: usize,
        /// What it was doing.
        step: &'static str,
        /// What went wrong.
        #[source]
        source: io::Error,
    },
    /// The server's task panicked or was cancelled: a bug in this crate.
    #[error("the echo server's task failed: {0}")]
    Server(String),
}
