//! asyncio's `StreamReader` and `StreamWriter`, as the handler meets them, with what a server needs: a line
//! limit, backpressure, batched replies, an idle timeout and the shutdown signal. The handler in `mod.rs`
//! sees only `reader.readline()`, `writer.write(..)` and `writer.close()`.
//!
//! Both halves of a connection live on the one thread of the event loop, so they share its [`Transport`]
//! through an `Rc`, as asyncio's reader and writer share one transport: `writer.write()` only appends to the
//! transport's buffer, without waiting, as in Python; `reader.readline()` sends that buffer before it waits
//! for more input (the client may be waiting for its replies before it sends more), and before it returns a
//! line once the buffer holds [`HIGH_WATER`] bytes. So replies go out in batches (one `write` for all the
//! lines one `read` brought), and a client that sends without reading stalls only its own connection: the
//! server reads nothing more from it until it takes its replies.

use std::cell::RefCell;
use std::io;
use std::rc::Rc;
use std::time::Duration;

use tokio::net::TcpStream;
use tokio::sync::watch;
use tokio::time::Instant;

use super::framing::{LineFraming, Ready};
use super::server::{Limits, SHUTDOWN_GRACE, Slot};

/// How many replies may wait to be sent while the client has more lines buffered: asyncio's default high-water
/// mark, past which `await writer.drain()` waits.
pub const HIGH_WATER: usize = 64 * 1024;
/// How much one read asks for.
const READ_CHUNK: usize = 16 * 1024;

/// Why a connection ended other than by the client hanging up: the end of the server's `Client closed` line.
#[derive(Debug)]
pub enum Ending {
    /// The client sent a line over the limit.
    TooLong(usize),
    /// The client sent no complete line for the idle timeout.
    Idle(Duration),
    /// The client took none of its replies for the idle timeout.
    NotReading(Duration),
    /// The server is shutting down; the client's replies, if any, went out.
    Shutdown,
    /// The server is shutting down and the client did not take its replies within the grace period.
    CutOff,
    /// The connection failed (reset by the client, say).
    Failed(io::Error),
}

impl Ending {
    /// The server's line for it.
    pub fn closing_line(&self) -> String {
        match self {
            Ending::TooLong(max_line) => format!("Client closed: it sent a line longer than {max_line} bytes"),
            Ending::Idle(timeout) => {
                format!("Client closed: it sent no complete line within {}s", timeout.as_secs_f64())
            }
            Ending::NotReading(timeout) => {
                format!("Client closed: it took none of its replies within {}s", timeout.as_secs_f64())
            }
            Ending::Shutdown => "Client closed: the server is shutting down".to_string(),
            Ending::CutOff => format!(
                "Client closed: the server is shutting down and the client did not take its reply within {}s",
                SHUTDOWN_GRACE.as_secs_f64()
            ),
            Ending::Failed(error) => format!("Client closed: {error}"),
        }
    }
}

/// What a client that sent a too long line gets before it is disconnected.
pub fn too_long_message(max_line: usize) -> String {
    format!("Error: line longer than {max_line} bytes; closing the connection\n")
}

/// What a client that sent no complete line for `timeout` gets before it is disconnected.
pub fn idle_message(timeout: Duration) -> String {
    format!("Error: no complete line within {}s; closing the connection\n", timeout.as_secs_f64())
}

/// One connection, shared by its reader and its writer. The fields drop in this order: the slot is free
/// before the socket closes, so a client that has seen the end of its stream finds its place free again.
pub struct Transport {
    /// Held for its `Drop` only.
    _slot: Slot,
    stream: TcpStream,
    /// Replies written and not yet sent.
    pending: RefCell<Vec<u8>>,
    idle_timeout: Duration,
}

impl Transport {
    /// Wraps an accepted connection; its `slot` is given back when reader and writer are both gone.
    pub fn new(stream: TcpStream, slot: Slot, limits: Limits) -> Rc<Transport> {
        Rc::new(Transport {
            _slot: slot,
            stream,
            pending: RefCell::new(Vec::new()),
            idle_timeout: limits.idle_timeout(),
        })
    }

    fn pending(&self) -> usize {
        self.pending.borrow().len()
    }

    /// Sends every pending reply. A client that takes none of it for the idle timeout is given up on.
    async fn flush(&self) -> Result<(), Ending> {
        // The buffer is taken out while it is sent (the writer cannot append meanwhile: the handler is waiting
        // here), so no `RefCell` borrow is held across an `.await`; its allocation is put back for reuse.
        let mut pending = std::mem::take(&mut *self.pending.borrow_mut());
        let mut sent = 0;
        let outcome = loop {
            if sent == pending.len() {
                break Ok(());
            }
            match tokio::time::timeout(self.idle_timeout, self.stream.writable()).await {
                Err(_) => break Err(Ending::NotReading(self.idle_timeout)),
                Ok(Err(error)) => break Err(Ending::Failed(error)),
                Ok(Ok(())) => {}
            }
            match self.stream.try_write(&pending[sent..]) {
                Ok(n) => sent += n,
                Err(error) if error.kind() == io::ErrorKind::WouldBlock => {}
                Err(error) => break Err(Ending::Failed(error)),
            }
        };
        pending.clear();
        *self.pending.borrow_mut() = pending;
        outcome
    }

    /// Queues `message` after the pending replies and sends them all (best effort: the connection is ending).
    async fn say_last(&self, message: &str) {
        self.pending.borrow_mut().extend_from_slice(message.as_bytes());
        let _ = self.flush().await;
    }
}

/// asyncio's `StreamReader`: `readline()` with the limits.
pub struct Reader {
    transport: Rc<Transport>,
    framing: LineFraming,
    stopping: watch::Receiver<bool>,
    /// The stream has ended: `readline` returns what is left, then empty lines.
    ended: bool,
}

impl Reader {
    /// The reader of `transport`; it stops waiting for lines once `stopping` turns true.
    pub fn new(transport: Rc<Transport>, limits: Limits, stopping: watch::Receiver<bool>) -> Reader {
        Reader { transport, framing: LineFraming::new(limits.max_line()), stopping, ended: false }
    }

    /// Python's `yield from reader.readline()`: the next line, newline included; the last line without one;
    /// empty at the end of the stream. An error ends the connection (the client was told why, where it can
    /// be told): a line over the limit, no complete line for the idle timeout, the server shutting down, or a
    /// failed connection.
    pub async fn readline(&mut self) -> Result<&[u8], Ending> {
        let transport = &*self.transport;
        if *self.stopping.borrow() {
            transport.flush().await?;
            return Err(Ending::Shutdown);
        }
        let deadline = Instant::now() + transport.idle_timeout;
        loop {
            match self.framing.ready() {
                Ready::Line => {
                    if transport.pending() >= HIGH_WATER {
                        transport.flush().await?;
                    }
                    return Ok(self.framing.take_found());
                }
                Ready::TooLong => {
                    let max_line = self.framing.max_line();
                    transport.say_last(&super::too_long_message(max_line)).await;
                    return Err(Ending::TooLong(max_line));
                }
                Ready::NeedMore => {}
            }
            if self.ended {
                return Ok(self.framing.finish());
            }
            // Nothing more to answer until the client sends more: the replies go out now.
            transport.flush().await?;
            let stopping = &mut self.stopping;
            let framing = &mut self.framing;
            tokio::select! {
                biased;
                _ = stopping.wait_for(|&stop| stop) => return Err(Ending::Shutdown),
                () = tokio::time::sleep_until(deadline) => {
                    transport.say_last(&idle_message(transport.idle_timeout)).await;
                    return Err(Ending::Idle(transport.idle_timeout));
                }
                read = receive(&transport.stream, framing) => match read {
                    Ok(0) => self.ended = true,
                    Ok(_) => {}
                    Err(error) => return Err(Ending::Failed(error)),
                },
            }
        }
    }
}

/// Reads what the socket has into the framing's buffer (0: the end of the stream).
async fn receive(stream: &TcpStream, framing: &mut LineFraming) -> io::Result<usize> {
    loop {
        stream.readable().await?;
        match stream.try_read_buf(framing.buffer_to_fill(READ_CHUNK)) {
            Err(error) if error.kind() == io::ErrorKind::WouldBlock => {}
            read => return read,
        }
    }
}

/// asyncio's `StreamWriter`: `write()` appends and returns at once; the reader sends.
pub struct Writer {
    transport: Rc<Transport>,
}

impl Writer {
    /// The writer of `transport`.
    pub fn new(transport: Rc<Transport>) -> Writer {
        Writer { transport }
    }

    /// Python's `writer.write(resp)`: queues `bytes` to be sent.
    pub fn write(&mut self, bytes: &[u8]) {
        self.transport.pending.borrow_mut().extend_from_slice(bytes);
    }

    /// Python's `writer.close()`: sends what is queued (as asyncio's transport does before it closes), then
    /// lets go of the connection. Never fails: the client may be gone already.
    pub async fn close(self) {
        let _ = self.transport.flush().await;
    }
}
