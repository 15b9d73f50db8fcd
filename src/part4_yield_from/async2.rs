//! async2.py: an echo server on asyncio's streams; here a real TCP server on tokio.
//!
//! ```python
//! import asyncio
//!
//! @asyncio.coroutine
//! def handle_echo(reader, writer):
//!     print('Client starting')
//!     while True:
//!         line = yield from reader.readline()
//!         if not line:
//!             break
//!         writer.write(b'Got:' + line)
//!     print('Client closed')
//!     writer.close()
//!
//! loop = asyncio.get_event_loop()
//! loop.run_until_complete(asyncio.start_server(handle_echo, '', 25000))
//! loop.run_forever()
//! ```
//!
//! One coroutine per connection, written as if it blocked (`line = yield from reader.readline()`), and one
//! thread serving them all: every `yield from` hands control back to the event loop until the socket is
//! readable. Below, `handle_echo` is the same loop as an `async fn`, and [`serve`] is `start_server`'s accept
//! loop made visible, spawning one task per client.
//!
//! **The protocol, byte for byte.** For each line the server sends `Got:` and the line exactly as received:
//! no space after the colon (the original concatenates `b'Got:' + line`), the newline kept, and no assumption
//! that the bytes are UTF-8. A last line without a newline (the client hangs up after it) is answered too,
//! without a newline, as `readline()` returns it. The server prints `Client starting` when a client connects
//! and `Client closed` when it leaves.
//!
//! **What a server needs that the original leaves out.** Each is a deviation, and the Python twin has it too:
//!
//! - *Loopback by default.* The original binds `''`, every interface: anyone on the network could use a
//!   server that has no authentication and reflects whatever it is sent. The default is `127.0.0.1`;
//!   `--host 0.0.0.0` says it on purpose.
//! - *A maximum line length* ([`DEFAULT_MAX_LINE`], `--max-line`, the newline included). asyncio's stream
//!   reader has the same 64 KiB default, and past it the original's handler ends in `readline()` with a
//!   `ValueError`, without a word to the client or a `Client closed`. Here the client gets an `Error:` line
//!   ([`too_long_message`]) and is disconnected; the server stops reading at the limit, so it never holds more
//!   than one line and its read buffer per client.
//! - *A maximum number of clients* ([`DEFAULT_MAX_CLIENTS`], `--max-clients`). The next client is refused
//!   with an `Error:` line ([`busy_message`]) rather than left waiting: a waiting client would look connected
//!   (the kernel completes the handshake) yet hear nothing, and could not tell a full server from a hung one.
//! - *Backpressure.* The original's `writer.write()` never waits: a client that sends but does not read makes
//!   asyncio buffer replies without bound. Here every reply is awaited (`write_all(..).await`, asyncio's
//!   `await writer.drain()`), and the next line is read only after it is sent: a slow reader slows down only
//!   its own connection. Memory is bounded by `max_clients x (max_line + the 8 KiB read buffer)`.
//! - *Graceful shutdown* on Ctrl-C or SIGTERM ([`serve`]): stop accepting, let each client's reply in flight
//!   go out (for at most [`SHUTDOWN_GRACE`]), close every connection with a `Client closed: ...` line, print
//!   what was served, exit 0. The original runs until killed.
//! - *Errors.* A port in use is [`AsyncError::AddrInUse`] (exit code 1), a reset connection ends that client's
//!   task with its reason on the `Client closed` line, and a failed accept (say, out of file descriptors) is
//!   retried after a pause instead of ending the server.
//!
//! There is no idle timeout, as in the original: a client that neither sends nor hangs up keeps its slot.
//!
//! What Rust makes explicit: the task per connection must be `Send + 'static` (the multi-threaded runtime moves
//! tasks between its threads, where asyncio has one), so each gets its own clone of the [`Transcript`] and of
//! the shutdown signal; and `select!` says in one place what a task waits for (a line, or the shutdown), where
//! asyncio would cancel the task from outside.
//!
//! **Running it.** `final-frontier run async2` serves on 127.0.0.1:25000 until Ctrl-C (`--port 0` picks a free
//! port and prints it; try `nc 127.0.0.1 25000`). The tour and the tests run [`self_test`] instead
//! (`--self-test`): the server on a free loopback port, two clients talking to it in turns, then a shutdown.
//! Its transcript is deterministic by construction, not by timing. The clients take turns, and a client prints
//! its exchange only once it has the reply. The server prints `Client starting` before it reads the client's
//! first line, so before its first reply; and `Client closed` before it closes the connection, so before the
//! client sees the end of the stream. Every server line is therefore caused by, and printed before, the client
//! line that follows it. The port changes from run to run, so the self-test does not print it. The output
//! below is the self-test's (`final-frontier run async2 --self-test`, `python3 python/async2.py --self-test`).
#![doc = include_str!(concat!(env!("OUT_DIR"), "/output/async2.md"))]

use std::fmt::Write as _;
use std::future::Future;
use std::io::{self, Write as _};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, watch};
use tokio::task::{JoinError, JoinSet};

use super::AsyncError;
use crate::transcript::{Stopped, Transcript};

/// Where `run` listens unless told otherwise: loopback only (see the module docs).
pub const DEFAULT_HOST: &str = "127.0.0.1";
/// The original's port.
pub const DEFAULT_PORT: u16 = 25000;
/// The longest line a client may send, newline included: asyncio's stream limit.
pub const DEFAULT_MAX_LINE: usize = 64 * 1024;
/// How many clients at once. Well under the usual 1024 open files per process, with room for the listener
/// and the runtime; at 64 KiB lines the worst case is about 36 MiB of buffers.
pub const DEFAULT_MAX_CLIENTS: usize = 512;
/// On shutdown, how long a reply already being written may take before its connection is closed anyway.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(1);
/// What starts every reply: the original's `b'Got:'`, with no space.
pub const REPLY_PREFIX: &[u8] = b"Got:";
/// The pause after a failed accept (out of file descriptors, say) before the next one.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);
/// How long a self-test client waits for an answer before it calls the server broken.
const CLIENT_PATIENCE: Duration = Duration::from_secs(10);

/// The server's limits (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    max_line: usize,
    max_clients: usize,
}

impl Limits {
    /// Both limits must be at least 1.
    pub fn new(max_line: usize, max_clients: usize) -> Result<Self, AsyncError> {
        if max_line == 0 {
            return Err(AsyncError::ZeroLimit { limit: "the maximum line length" });
        }
        if max_clients == 0 {
            return Err(AsyncError::ZeroLimit { limit: "the maximum number of clients" });
        }
        Ok(Limits { max_line, max_clients })
    }

    /// The longest line a client may send, newline included, in bytes.
    pub fn max_line(self) -> usize {
        self.max_line
    }

    /// How many clients may be connected at once.
    pub fn max_clients(self) -> usize {
        self.max_clients
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_line: DEFAULT_MAX_LINE, max_clients: DEFAULT_MAX_CLIENTS }
    }
}

/// What a client that sent a too long line gets before it is disconnected.
pub fn too_long_message(max_line: usize) -> String {
    format!("Error: line longer than {max_line} bytes; closing the connection\n")
}

/// What a client gets when the server is full.
pub fn busy_message(max_clients: usize) -> String {
    format!("Error: server busy ({max_clients} clients connected); try again later\n")
}

/// Python's `asyncio.start_server(...)` with its address: binds `host:port` (port 0: the OS picks one).
pub async fn bind(host: &str, port: u16) -> Result<TcpListener, AsyncError> {
    TcpListener::bind((host, port)).await.map_err(|source| {
        let addr = if host.contains(':') { format!("[{host}]:{port}") } else { format!("{host}:{port}") };
        if source.kind() == io::ErrorKind::AddrInUse {
            AsyncError::AddrInUse { addr, source }
        } else {
            AsyncError::Bind { addr, source }
        }
    })
}

/// What a server did, for its last line and for the tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Served {
    /// Clients that were served (each printed `Client starting` and `Client closed`).
    pub clients: u64,
    /// Clients turned away at the limit.
    pub refused: u64,
    /// Client tasks that panicked: a bug in this crate, reported and survived.
    pub failed: u64,
}

impl Served {
    fn reap(&mut self, t: &Transcript, joined: Result<(), JoinError>) {
        if let Err(error) = joined {
            self.failed += 1;
            t.line(format!("A client's task failed: {error}"));
        }
    }
}

/// Python's `loop.run_forever()` with `start_server`'s accept loop made visible: accepts clients on
/// `listener`, one task each, until `shutdown` resolves; then stops accepting, tells every client task to
/// finish, and waits for them all (at most [`SHUTDOWN_GRACE`] past the reply each is writing).
pub async fn serve(listener: TcpListener, limits: Limits, t: Transcript, shutdown: impl Future<Output = ()>) -> Served {
    let (stop, stopping) = watch::channel(false);
    let connected = Arc::new(AtomicUsize::new(0));
    let mut clients = JoinSet::new();
    let mut served = Served::default();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        tokio::select! {
            biased;
            () = &mut shutdown => break,
            // Collect finished tasks as they end, or a long-running server would keep every result.
            Some(joined) = clients.join_next() => served.reap(&t, joined),
            accepted = listener.accept() => match accepted {
                // Only this loop adds to `connected`, so the check and the increment cannot race.
                Ok((stream, _)) if connected.load(Ordering::Acquire) < limits.max_clients => {
                    connected.fetch_add(1, Ordering::AcqRel);
                    served.clients += 1;
                    let slot = Slot(Arc::clone(&connected));
                    clients.spawn(handle_echo(stream, limits, t.clone(), stopping.clone(), slot));
                }
                Ok((stream, _)) => {
                    served.refused += 1;
                    refuse(&t, stream, limits.max_clients);
                }
                Err(error) => {
                    t.line(format!("Cannot accept a client: {error}; trying again"));
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                }
            },
        }
    }
    // Dropping the listener closes it: from here on the OS refuses new connections.
    drop(listener);
    t.line("Shutting down: no new clients; closing the connected ones");
    stop.send_replace(true);
    while let Some(joined) = clients.join_next().await {
        served.reap(&t, joined);
    }
    served
}

/// A client's place under `max_clients`, given back when its task ends, however it ends.
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Turns a client away at the limit, without a task and without waiting.
fn refuse(t: &Transcript, stream: TcpStream, max_clients: usize) {
    t.line(format!("Client refused: {max_clients} clients connected, the limit"));
    // A new socket's send buffer is empty, so one non-blocking write takes the whole message. Best effort: the
    // client may already be gone. (tokio's own `try_write` would report "not ready" before the first epoll.)
    if let Ok(mut stream) = stream.into_std() {
        let _ = stream.write(busy_message(max_clients).as_bytes());
    }
}

/// Why a connection ended: the end of the server's `Client closed` line.
enum Ending {
    /// The client hung up (the original's `if not line: break`).
    EndOfStream,
    /// The client sent a line over the limit.
    TooLong(usize),
    /// The server is shutting down; the client's last reply, if any, went out.
    Shutdown,
    /// The server is shutting down and the client did not take its reply within the grace period.
    CutOff,
    /// The connection failed (reset by the client, say).
    Failed(io::Error),
}

impl Ending {
    fn closing_line(&self) -> String {
        match self {
            Ending::EndOfStream => "Client closed".to_string(),
            Ending::TooLong(max_line) => format!("Client closed: it sent a line longer than {max_line} bytes"),
            Ending::Shutdown => "Client closed: the server is shutting down".to_string(),
            Ending::CutOff => format!(
                "Client closed: the server is shutting down and the client did not take its reply within {}s",
                SHUTDOWN_GRACE.as_secs_f64()
            ),
            Ending::Failed(error) => format!("Client closed: {error}"),
        }
    }
}

/// Python's `handle_echo(reader, writer)`: one per client, in its own task.
async fn handle_echo(
    mut stream: TcpStream,
    limits: Limits,
    t: Transcript,
    stopping: watch::Receiver<bool>,
    slot: Slot,
) {
    t.line("Client starting");
    let cut_off = cut_off(stopping.clone());
    let ending = tokio::select! {
        ending = echo_lines(&mut stream, limits, stopping) => ending,
        () = cut_off => Ending::CutOff,
    };
    // In this order: a client that waits for the end of the stream sees it after the server has said so, and
    // after its slot is free again.
    t.line(ending.closing_line());
    drop(slot);
    let _ = stream.shutdown().await;
}

/// Resolves [`SHUTDOWN_GRACE`] after the shutdown began.
async fn cut_off(mut stopping: watch::Receiver<bool>) {
    // An error means the server is gone: as good as a shutdown.
    let _ = stopping.wait_for(|&stop| stop).await;
    tokio::time::sleep(SHUTDOWN_GRACE).await;
}

/// The original's `while True` loop: read a line, answer `Got:` + line, until the end of the stream.
async fn echo_lines(stream: &mut TcpStream, limits: Limits, mut stopping: watch::Receiver<bool>) -> Ending {
    let (reader, mut writer) = stream.split();
    let mut reader = BufReader::new(reader);
    // The reply is built in place: the line is read straight after the prefix, into one reused buffer.
    let mut reply = Vec::new();
    loop {
        reply.clear();
        reply.extend_from_slice(REPLY_PREFIX);
        let read = tokio::select! {
            biased;
            _ = stopping.wait_for(|&stop| stop) => return Ending::Shutdown,
            read = read_line(&mut reader, &mut reply, limits.max_line) => read,
        };
        let written = match read {
            Ok(Line::Complete | Line::Last) => writer.write_all(&reply).await,
            Ok(Line::End) => return Ending::EndOfStream,
            Ok(Line::TooLong) => {
                let _ = writer.write_all(too_long_message(limits.max_line).as_bytes()).await;
                return Ending::TooLong(limits.max_line);
            }
            Err(error) => Err(error),
        };
        if let Err(error) = written {
            return Ending::Failed(error);
        }
    }
}

/// What [`read_line`] found.
#[derive(Debug, PartialEq, Eq)]
enum Line {
    /// A line ending in a newline.
    Complete,
    /// The last bytes before the end of the stream, with no newline.
    Last,
    /// The end of the stream, nothing before it (the original's empty `line`).
    End,
    /// More than the limit allows; the excess was not read.
    TooLong,
}

/// Python's `reader.readline()`, with a limit: appends one line, newline included, to `line`, reading no
/// further than `max_line` bytes of it (a line without its newline yet may have `max_line - 1`).
async fn read_line(reader: &mut (impl AsyncBufRead + Unpin), line: &mut Vec<u8>, max_line: usize) -> io::Result<Line> {
    let mut length = 0;
    loop {
        let available = reader.fill_buf().await?;
        if available.is_empty() {
            return Ok(if length == 0 { Line::End } else { Line::Last });
        }
        let (take, complete) = match available.iter().position(|&byte| byte == b'\n') {
            Some(newline) => (newline + 1, true),
            None => (available.len(), false),
        };
        let room = if complete { max_line } else { max_line - 1 };
        if length + take > room {
            return Ok(Line::TooLong);
        }
        line.extend_from_slice(&available[..take]);
        reader.consume(take);
        length += take;
        if complete {
            return Ok(Line::Complete);
        }
    }
}

/// The runtime both modes run on: multi-threaded, so clients share the machine's cores (asyncio has one
/// thread), with the I/O driver and the timers.
fn runtime() -> Result<tokio::runtime::Runtime, AsyncError> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(AsyncError::Runtime)
}

/// `final-frontier run async2`: serves on `host:port` until Ctrl-C or SIGTERM, then shuts down gracefully.
pub fn run(t: &Transcript, host: &str, port: u16, limits: Limits) -> Result<(), AsyncError> {
    runtime()?.block_on(async {
        let listener = bind(host, port).await?;
        // Installed before the server says it is up, so a signal from then on is never the default "die now".
        let stop = stop_signal()?;
        let addr =
            listener.local_addr().map_err(|source| AsyncError::Bind { addr: format!("{host}:{port}"), source })?;
        t.line(format!("Serving on {addr} (Ctrl-C to stop)"));
        // A closed or failing stdout (`| head -1`, `>/dev/full`) ends the server too, as SIGPIPE would.
        let watched = t.clone();
        let stop = async move {
            tokio::select! {
                () = stop => {}
                () = output_lost(&watched) => {}
            }
        };
        let served = serve(listener, limits, t.clone(), stop).await;
        t.line(stopped_line(served));
        Ok(())
    })
}

fn stopped_line(served: Served) -> String {
    format!("Server stopped: {} served, {} refused", served.clients, served.refused)
}

/// Resolves once the transcript's output is closed or failing (checked every 100 ms: stdout has no event to
/// wait for).
async fn output_lost(t: &Transcript) {
    while !matches!(t.stopped(), Some(Stopped::OutputClosed | Stopped::OutputFailed)) {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Resolves on Ctrl-C (SIGINT) or SIGTERM. The handlers are installed now, not on first poll.
///
/// For the rest of the crate a signal means "stop at the next wait, and exit 130"; for a server it is the normal
/// end, so the server takes it ([`take_signal`](crate::transcript::take_signal)): its shutdown lines are
/// printed, and the run exits 0.
#[cfg(unix)]
fn stop_signal() -> Result<impl Future<Output = ()>, AsyncError> {
    use tokio::signal::unix::{SignalKind, signal};
    let listen = |kind, name| signal(kind).map_err(|source| AsyncError::Signal { signal: name, source });
    let mut interrupt = listen(SignalKind::interrupt(), "Ctrl-C (SIGINT)")?;
    let mut terminate = listen(SignalKind::terminate(), "SIGTERM")?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
        crate::transcript::take_signal();
    })
}

/// Resolves on Ctrl-C.
#[cfg(not(unix))]
fn stop_signal() -> Result<impl Future<Output = ()>, AsyncError> {
    Ok(async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
        crate::transcript::take_signal();
    })
}

/// The tour's and the tests' async2: the server on a free loopback port, two clients taking turns (see the
/// module docs for why the transcript cannot race), then a shutdown.
pub fn self_test(t: &Transcript, limits: Limits) -> Result<(), AsyncError> {
    runtime()?.block_on(async {
        let listener = bind(DEFAULT_HOST, 0).await?;
        let addr = listener.local_addr().map_err(|source| AsyncError::Bind { addr: "127.0.0.1:0".into(), source })?;
        t.line("Serving on 127.0.0.1, on a free port (self-test: two clients)");
        let (stop, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(serve(listener, limits, t.clone(), async {
            let _ = stopped.await;
        }));
        let talked = talk(t, addr).await;
        // Stop the server whether or not the clients got what they expected, and only then report.
        let _ = stop.send(());
        let served = server.await.map_err(|error| AsyncError::Server(error.to_string()))?;
        talked?;
        t.line(stopped_line(served));
        Ok(())
    })
}

/// The self-test's conversation: lines with and without UTF-8, two lines in one write, a hang-up, and a last
/// line without a newline.
async fn talk(t: &Transcript, addr: SocketAddr) -> Result<(), AsyncError> {
    let mut one = Client::connect(t, 1, addr).await?;
    one.say(b"Hello\n").await?;
    let mut two = Client::connect(t, 2, addr).await?;
    two.say(b"Hi there\n").await?;
    one.say(b"caf\xe9 au lait\n").await?; // Latin-1: not UTF-8, and echoed unchanged
    two.say(b"1 2 3\n4 5 6\n").await?; // one write, two lines, two replies
    one.hang_up(b"").await?;
    two.hang_up(b"bye").await?;
    Ok(())
}

/// A self-test client.
struct Client {
    t: Transcript,
    number: usize,
    stream: TcpStream,
}

impl Client {
    async fn connect(t: &Transcript, number: usize, addr: SocketAddr) -> Result<Client, AsyncError> {
        let stream = patiently(number, "connect", TcpStream::connect(addr)).await?;
        Ok(Client { t: t.clone(), number, stream })
    }

    /// Sends `lines` and prints the exchange once every line's reply is in.
    async fn say(&mut self, lines: &[u8]) -> Result<(), AsyncError> {
        let number = self.number;
        patiently(number, "send", self.stream.write_all(lines)).await?;
        let expected = lines.iter().filter(|&&byte| byte == b'\n').count();
        let mut replies = Vec::new();
        while replies.iter().filter(|&&byte| byte == b'\n').count() < expected {
            let mut chunk = [0; 1024];
            let read = patiently(number, "read its reply", self.stream.read(&mut chunk)).await?;
            if read == 0 {
                let early = io::Error::new(io::ErrorKind::UnexpectedEof, "the server closed the connection early");
                return Err(AsyncError::SelfTest { client: number, step: "read its reply", source: early });
            }
            replies.extend_from_slice(&chunk[..read]);
        }
        self.t.line(format!("client {number} sends {}, gets {}", repr(lines), repr(&replies)));
        Ok(())
    }

    /// Sends `last` (a line without its newline, or nothing), hangs up its side, and reads to the end of the
    /// stream: the server answers the last line, then closes.
    async fn hang_up(mut self, last: &[u8]) -> Result<(), AsyncError> {
        let number = self.number;
        patiently(number, "send", self.stream.write_all(last)).await?;
        patiently(number, "hang up", self.stream.shutdown()).await?;
        let mut replies = Vec::new();
        patiently(number, "read to the end", self.stream.read_to_end(&mut replies)).await?;
        let line = match (last.is_empty(), replies.is_empty()) {
            (true, true) => format!("client {number} hangs up, gets end of stream"),
            (true, false) => format!("client {number} hangs up, gets {} and end of stream", repr(&replies)),
            (false, _) => {
                format!("client {number} sends {} and hangs up, gets {} and end of stream", repr(last), repr(&replies))
            }
        };
        self.t.line(line);
        Ok(())
    }
}

/// A client step with a deadline: a broken server fails the self-test instead of hanging it.
async fn patiently<T>(
    client: usize,
    step: &'static str,
    io: impl Future<Output = io::Result<T>>,
) -> Result<T, AsyncError> {
    let outcome = match tokio::time::timeout(CLIENT_PATIENCE, io).await {
        Ok(outcome) => outcome,
        Err(_) => Err(io::Error::new(io::ErrorKind::TimedOut, format!("no answer within {CLIENT_PATIENCE:?}"))),
    };
    outcome.map_err(|source| AsyncError::SelfTest { client, step, source })
}

/// Python's `repr()` of a `bytes`: how the transcript shows what went over the wire, so that the Rust and
/// Python transcripts agree to the byte (`b'Got:caf\xe9\n'`).
pub fn repr(bytes: &[u8]) -> String {
    let quote = if bytes.contains(&b'\'') && !bytes.contains(&b'"') { b'"' } else { b'\'' };
    let mut text = format!("b{}", quote as char);
    for &byte in bytes {
        match byte {
            b'\\' => text.push_str("\\\\"),
            b'\t' => text.push_str("\\t"),
            b'\n' => text.push_str("\\n"),
            b'\r' => text.push_str("\\r"),
            _ if byte == quote => {
                text.push('\\');
                text.push(quote as char);
            }
            0x20..=0x7e => text.push(byte as char),
            _ => {
                let _ = write!(text, "\\x{byte:02x}");
            }
        }
    }
    text.push(quote as char);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repr_is_pythons() {
        assert_eq!(repr(b"Got:Hello\n"), r"b'Got:Hello\n'");
        assert_eq!(repr(b"caf\xe9\t\r\\"), r"b'caf\xe9\t\r\\'");
        assert_eq!(repr(b"it's"), r#"b"it's""#);
        assert_eq!(repr(b"'\""), r#"b'\'"'"#);
        assert_eq!(repr(b"\x00\x7f"), r"b'\x00\x7f'");
    }

    fn read(input: &[u8], max_line: usize) -> Vec<(Line, Vec<u8>)> {
        let runtime = tokio::runtime::Builder::new_current_thread().build();
        let runtime = runtime.unwrap_or_else(|error| panic!("no runtime: {error}"));
        runtime.block_on(async {
            // A one-byte buffer: the limit must hold however the bytes arrive.
            let mut reader = BufReader::with_capacity(1, input);
            let mut lines = Vec::new();
            loop {
                let mut line = Vec::new();
                let read = read_line(&mut reader, &mut line, max_line).await;
                let read = read.unwrap_or_else(|error| panic!("reading from a slice failed: {error}"));
                let end = matches!(read, Line::End | Line::TooLong);
                lines.push((read, line));
                if end {
                    return lines;
                }
            }
        })
    }

    #[test]
    fn read_line_takes_lines_of_max_line_bytes_newline_included() {
        let lines = read(b"abc\nd\n\nxyz", 4);
        let expected = [
            (Line::Complete, &b"abc\n"[..]),
            (Line::Complete, b"d\n"),
            (Line::Complete, b"\n"),
            (Line::Last, b"xyz"),
            (Line::End, b""),
        ];
        assert_eq!(lines, expected.map(|(read, line)| (read, line.to_vec())));
    }

    #[test]
    fn read_line_stops_at_the_limit_without_taking_the_excess() {
        assert_eq!(read(b"abcd\n", 4), [(Line::TooLong, b"abc".to_vec())]);
        assert_eq!(read(b"abcd", 4), [(Line::TooLong, b"abc".to_vec())]);
        assert_eq!(read(b"\n", 1), [(Line::Complete, b"\n".to_vec()), (Line::End, vec![])]);
        assert_eq!(read(b"a\n", 1), [(Line::TooLong, vec![])]);
    }

    #[test]
    fn limits_of_zero_are_refused() {
        assert!(matches!(Limits::new(0, 1), Err(AsyncError::ZeroLimit { .. })));
        assert!(matches!(Limits::new(1, 0), Err(AsyncError::ZeroLimit { .. })));
        assert_eq!(Limits::new(1, 1).map(|limits| (limits.max_line(), limits.max_clients())).ok(), Some((1, 1)));
    }
}
