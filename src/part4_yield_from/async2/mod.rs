//! async2.py: an echo server on asyncio's streams; here a real TCP server on tokio, one thread serving every
//! client.
//!
//! The twin's program (`python/async2.py` above its plumbing), which is Beazley's but for `async def`/`await`
//! and the call to the plumbing's `start_server` (see the deviations):
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/async2.md"))]
//! One coroutine per connection, written as if it blocked (`line = yield from reader.readline()`), and one
//! thread serving them all: every `yield from` hands control back to the event loop until the socket is
//! readable. Below, [`echo_client`] is the same loop as an `async fn`, and [`run`] is the main program's three
//! lines: asyncio's event loop is tokio's current-thread runtime ([`event_loop`]), `start_server` binds and
//! hands each connection to `echo_client`, and `run_forever` serves until Ctrl-C. There is no other thread:
//! `tests/echo_server.rs` counts the server process's threads under load.
//!
//! **The protocol, byte for byte.** For each line the server sends `Got:` and the line exactly as received:
//! no space after the colon (the original concatenates `b'Got:' + line`), the newline kept, and no assumption
//! that the bytes are UTF-8. A last line without a newline (the client hangs up after it) is answered too,
//! without a newline, as `readline()` returns it. The server prints `Client starting` when a client connects
//! and `Client closed` when it leaves.
//!
//! **What Rust makes explicit.** Because every client lives on the one thread, a client's reader and writer
//! can share its connection through an `Rc` (as asyncio's share one transport), and the compiler checks that
//! nothing of it leaves the thread: the client tasks are spawned into a `LocalSet`, where a task need not be
//! `Send`. On a multi-threaded runtime the same handler would not compile. Where Python's `readline()` raises
//! (a line over the limit, a reset connection), Rust's returns a `Result`, and the handler's `?` ends the
//! client with the reason, which the server prints.
//!
//! **Running it.** `final-frontier run async2` serves on 127.0.0.1:25000 until Ctrl-C (`--port 0` picks a free
//! port and prints it; try `nc 127.0.0.1 25000`). The tour and the tests run [`self_test`] instead
//! (`--self-test`): the server on a free loopback port, two clients talking to it in turns on the same thread,
//! then a shutdown. Its transcript is deterministic by construction, not by timing. The clients take turns,
//! and a client prints its exchange only once it has the reply. The server prints `Client starting` before it
//! reads the client's first line, so before its first reply; and `Client closed` before it closes the
//! connection, so before the client sees the end of the stream. Every server line is therefore caused by, and
//! printed before, the client line that follows it. The port changes from run to run, so the self-test does
//! not print it.
//!
//! The framing (lines out of chunks, with the limit) is a pure piece, [`framing`], driven in memory by
//! property tests and a fuzz target; `benches/echo.rs` measures the server against the twin's.
//!
//! ## Deviations
//!
//! Each is in the port and in the twin alike (the twin's after its plumbing marker), unless it says otherwise.
//!
//! - *`async def` and `await`* in the twin: `@asyncio.coroutine` and `yield from` on a coroutine were removed
//!   in Python 3.11. The port's `async fn` and `.await` are the same idea.
//! - *Loopback by default.* The original binds `''`, every interface: anyone on the network could use a
//!   server that has no authentication and reflects whatever it is sent. The default is `127.0.0.1`;
//!   `--host 0.0.0.0` says it on purpose.
//! - *A maximum line length* ([`DEFAULT_MAX_LINE`], `--max-line`, the newline included). asyncio's stream
//!   reader has the same 64 KiB default, and past it the original's handler ends in `readline()` with a
//!   `ValueError`, without a word to the client or a `Client closed`. Here the client gets an `Error:` line
//!   ([`too_long_message`]) and is disconnected; the server stops reading at the limit, so it never holds more
//!   than one line and one read per client.
//! - *A maximum number of clients* ([`DEFAULT_MAX_CLIENTS`], `--max-clients`). The next client is refused
//!   with an `Error:` line ([`busy_message`]) rather than left waiting: a waiting client would look connected
//!   (the kernel completes the handshake) yet hear nothing, and could not tell a full server from a hung one.
//! - *An idle timeout* ([`DEFAULT_IDLE_TIMEOUT`], `--idle-timeout`): a client that completes no line (or
//!   takes none of its replies) for that long is told so ([`idle_message`]) and disconnected, and its place
//!   is free again; otherwise clients that connect and say nothing could hold every place for ever.
//! - *Backpressure, with replies in batches.* `writer.write()` queues the reply without waiting, as in the
//!   original; but where the original's transport buffers without bound for a client that sends and does not
//!   read, here `readline()` sends the queued replies before it waits for more input, and before it returns a
//!   line once [`HIGH_WATER`] bytes are queued (asyncio's `await writer.drain()` and its high-water mark). A
//!   slow reader slows down only its own connection, and one `write` carries every reply to one `read`.
//!   Memory is bounded by `max_clients x (max_line + 16 KiB read + 64 KiB of replies)`.
//! - *Graceful shutdown* on Ctrl-C or SIGTERM: stop accepting, let each client's replies in flight go out (for
//!   at most [`SHUTDOWN_GRACE`]), close every connection with a `Client closed: ...` line, print what was
//!   served, exit 0. The original runs until killed.
//! - *Errors.* A port in use is [`AsyncError::AddrInUse`] (exit code 1); a connection that ends for any
//!   reason but a hang-up gets its reason on a `Client closed: ...` line; a failed accept (say, out of file
//!   descriptors) is retried after a pause instead of ending the server.
//! - *The self-test* (`--self-test`) is the study's: the original has only the server.
//! - The port prints to a [`Transcript`] (handed to the handler) where Python prints.
#![doc = include_str!(concat!(env!("OUT_DIR"), "/output/async2.md"))]

pub mod framing;
mod self_test;
mod server;
mod stream;

pub use self_test::{repr, self_test};
pub use server::{
    DEFAULT_HOST, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CLIENTS, DEFAULT_MAX_LINE, DEFAULT_PORT, Limits, SHUTDOWN_GRACE,
    Served, Server, ServerThread, Slot, bind, busy_message, event_loop, serve, start_server,
};
pub use stream::{Ending, HIGH_WATER, Reader, Writer, idle_message, too_long_message};

use super::AsyncError;
use crate::transcript::Transcript;

/// What starts every reply: the original's `b'Got:'`, with no space.
pub const REPLY_PREFIX: &[u8] = b"Got:";

/// Python's `echo_client(reader, writer)`: one per client, all of them on the one thread.
pub async fn echo_client(mut reader: Reader, mut writer: Writer, t: Transcript) -> Result<(), Ending> {
    t.line("Client starting");
    loop {
        let line = reader.readline().await?;
        if line.is_empty() {
            break;
        }
        let resp = [REPLY_PREFIX, line].concat();
        writer.write(&resp);
    }
    t.line("Client closed");
    writer.close().await;
    Ok(())
}

/// `final-frontier run async2`: the main program. Serves on `host:port` until Ctrl-C or SIGTERM, then shuts
/// down gracefully.
pub fn run(t: &Transcript, host: &str, port: u16, limits: Limits) -> Result<(), AsyncError> {
    let event_loop = event_loop()?;
    event_loop.block_on(async {
        let server = start_server(echo_client, host, port, limits, t).await?;
        server.run_forever().await
    })
}
