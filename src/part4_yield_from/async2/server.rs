//! `asyncio.start_server(..)` and `loop.run_forever()` with what a server needs: an address and limits checked
//! up front, a place per client under `--max-clients` (the next client is refused with a message), the
//! connection's end said on the server's `Client closed` line, a graceful shutdown on Ctrl-C or SIGTERM, and
//! the server on a thread of its own for the tests and the benchmarks ([`ServerThread`]).

use std::future::Future;
use std::io::{self, Write as _};
use std::net::{IpAddr, SocketAddr};
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, watch};
use tokio::task::{JoinError, JoinSet, LocalSet};

use super::AsyncError;
use super::stream::{Ending, Reader, Transport, Writer};
use crate::transcript::{Stopped, Transcript};

/// Where `run` listens unless told otherwise: loopback only (see the module docs).
pub const DEFAULT_HOST: &str = "127.0.0.1";
/// The original's port.
pub const DEFAULT_PORT: u16 = 25000;
/// The longest line a client may send, newline included: asyncio's stream limit.
pub const DEFAULT_MAX_LINE: usize = 64 * 1024;
/// How many clients at once. Well under the usual 1024 open files per process, with room for the listener
/// and the runtime; at 64 KiB lines the worst case is about 100 MiB of buffers.
pub const DEFAULT_MAX_CLIENTS: usize = 512;
/// How long a client may go without completing a line (or without taking its replies) before it is told so
/// and disconnected: long enough for a person typing into `nc`, short enough that clients which connect and
/// say nothing give their places back within minutes.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(300);
/// On shutdown, how long a reply already being written may take before its connection is closed anyway.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(1);
/// The pause after a failed accept (out of file descriptors, say) before the next one.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// The server's limits (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    max_line: usize,
    max_clients: usize,
    idle_timeout: Duration,
}

impl Limits {
    /// Both limits must be at least 1; the idle timeout is [`DEFAULT_IDLE_TIMEOUT`].
    pub fn new(max_line: usize, max_clients: usize) -> Result<Self, AsyncError> {
        if max_line == 0 {
            return Err(AsyncError::ZeroLimit { limit: "the maximum line length" });
        }
        if max_clients == 0 {
            return Err(AsyncError::ZeroLimit { limit: "the maximum number of clients" });
        }
        Ok(Limits { max_line, max_clients, idle_timeout: DEFAULT_IDLE_TIMEOUT })
    }

    /// The same limits with another idle timeout, which must be more than zero.
    pub fn with_idle_timeout(self, idle_timeout: Duration) -> Result<Self, AsyncError> {
        if idle_timeout.is_zero() {
            return Err(AsyncError::ZeroLimit { limit: "the idle timeout" });
        }
        Ok(Limits { idle_timeout, ..self })
    }

    /// The longest line a client may send, newline included, in bytes.
    pub fn max_line(self) -> usize {
        self.max_line
    }

    /// How many clients may be connected at once.
    pub fn max_clients(self) -> usize {
        self.max_clients
    }

    /// How long a client may take to complete a line, or to take its replies.
    pub fn idle_timeout(self) -> Duration {
        self.idle_timeout
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_line: DEFAULT_MAX_LINE, max_clients: DEFAULT_MAX_CLIENTS, idle_timeout: DEFAULT_IDLE_TIMEOUT }
    }
}

/// What a client gets when the server is full.
pub fn busy_message(max_clients: usize) -> String {
    format!("Error: server busy ({max_clients} clients connected); try again later\n")
}

/// Binds `host:port` (port 0: the OS picks one). An IP address is bound as it is: a name is looked up first,
/// which tokio does on a helper thread.
pub async fn bind(host: &str, port: u16) -> Result<TcpListener, AsyncError> {
    let bound = match host.parse::<IpAddr>() {
        Ok(ip) => TcpListener::bind(SocketAddr::new(ip, port)).await,
        Err(_) => TcpListener::bind((host, port)).await,
    };
    bound.map_err(|source| {
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
    /// Clients that were served (each printed `Client starting` and a `Client closed` line).
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

/// The server's last line.
pub fn stopped_line(served: Served) -> String {
    format!("Server stopped: {} served, {} refused", served.clients, served.refused)
}

/// `start_server`'s accept loop and `run_forever`, made visible: accepts clients on `listener` and runs
/// `handler` for each, as a task of this thread, until `shutdown` resolves; then stops accepting, tells every
/// client to finish, and waits for them all (at most [`SHUTDOWN_GRACE`] past the replies each is sending).
pub async fn serve<H, F>(
    listener: TcpListener,
    handler: H,
    limits: Limits,
    t: Transcript,
    shutdown: impl Future<Output = ()>,
) -> Served
where
    H: Fn(Reader, Writer, Transcript) -> F,
    F: Future<Output = Result<(), Ending>> + 'static,
{
    // The client tasks hold `Rc`s: they stay on this thread, in this set.
    LocalSet::new().run_until(accept(listener, handler, limits, t, shutdown)).await
}

async fn accept<H, F>(
    listener: TcpListener,
    handler: H,
    limits: Limits,
    t: Transcript,
    shutdown: impl Future<Output = ()>,
) -> Served
where
    H: Fn(Reader, Writer, Transcript) -> F,
    F: Future<Output = Result<(), Ending>> + 'static,
{
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
                    let transport = Transport::new(stream, Slot(Arc::clone(&connected)), limits);
                    let reader = Reader::new(Rc::clone(&transport), limits, stopping.clone());
                    let client = handler(reader, Writer::new(transport), t.clone());
                    clients.spawn_local(attend(client, t.clone(), stopping.clone()));
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

/// Runs one client's handler; an ending other than the client hanging up gets its own `Client closed` line.
async fn attend(client: impl Future<Output = Result<(), Ending>>, t: Transcript, stopping: watch::Receiver<bool>) {
    let ending = tokio::select! {
        ended = client => ended.err(),
        () = cut_off(stopping) => Some(Ending::CutOff),
    };
    if let Some(ending) = ending {
        t.line(ending.closing_line());
    }
}

/// Resolves [`SHUTDOWN_GRACE`] after the shutdown began.
async fn cut_off(mut stopping: watch::Receiver<bool>) {
    // An error means the server is gone: as good as a shutdown.
    let _ = stopping.wait_for(|&stop| stop).await;
    tokio::time::sleep(SHUTDOWN_GRACE).await;
}

/// A client's place under `max_clients`, given back when its connection is dropped, however it ends.
pub struct Slot(Arc<AtomicUsize>);

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

/// asyncio's event loop: tokio's current-thread runtime, with the I/O driver and the timers. Every client is
/// served by the thread that calls `block_on`.
pub fn event_loop() -> Result<tokio::runtime::Runtime, AsyncError> {
    tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(AsyncError::Runtime)
}

/// A bound server, waiting to be run: what `asyncio.start_server(..)` returns.
pub struct Server<H> {
    listener: TcpListener,
    handler: H,
    limits: Limits,
    t: Transcript,
}

/// `asyncio.start_server(handler, host, port)`: binds, and says where.
pub async fn start_server<H>(
    handler: H,
    host: &str,
    port: u16,
    limits: Limits,
    t: &Transcript,
) -> Result<Server<H>, AsyncError> {
    let listener = bind(host, port).await?;
    let addr = listener.local_addr().map_err(|source| AsyncError::Bind { addr: format!("{host}:{port}"), source })?;
    t.line(format!("Serving on {addr} (Ctrl-C to stop)"));
    Ok(Server { listener, handler, limits, t: t.clone() })
}

impl<H, F> Server<H>
where
    H: Fn(Reader, Writer, Transcript) -> F,
    F: Future<Output = Result<(), Ending>> + 'static,
{
    /// `loop.run_forever()`, until Ctrl-C or SIGTERM (or a closed stdout); then a graceful shutdown, and the
    /// server's last line.
    pub async fn run_forever(self) -> Result<(), AsyncError> {
        let stop = stop_signal()?;
        // A closed or failing stdout (`| head -1`, `>/dev/full`) ends the server too, as SIGPIPE would.
        let watched = self.t.clone();
        let stop = async move {
            tokio::select! {
                () = stop => {}
                () = output_lost(&watched) => {}
            }
        };
        let served = serve(self.listener, self.handler, self.limits, self.t.clone(), stop).await;
        self.t.line(stopped_line(served));
        Ok(())
    }
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

/// The echo server on a loopback port of its own thread, with its own one-thread event loop: what the tests
/// and the benchmarks talk to. Dropping it stops the server and waits for its thread.
pub struct ServerThread {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<Served>>,
}

impl ServerThread {
    /// Starts `async2`'s server (its handler, `echo_client`) on a free loopback port.
    pub fn start(limits: Limits, t: Transcript) -> Result<ServerThread, AsyncError> {
        let (ready, bound) = std::sync::mpsc::channel();
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("async2-server".into())
            .spawn(move || {
                let runtime = match event_loop() {
                    Ok(runtime) => runtime,
                    Err(error) => {
                        let _ = ready.send(Err(error));
                        return Served::default();
                    }
                };
                runtime.block_on(async {
                    let listener = match bind(DEFAULT_HOST, 0).await.and_then(|listener| {
                        let addr = listener.local_addr();
                        addr.map(|addr| (listener, addr))
                            .map_err(|source| AsyncError::Bind { addr: "127.0.0.1:0".into(), source })
                    }) {
                        Ok((listener, addr)) => {
                            let _ = ready.send(Ok(addr));
                            listener
                        }
                        Err(error) => {
                            let _ = ready.send(Err(error));
                            return Served::default();
                        }
                    };
                    serve(listener, super::echo_client, limits, t, async {
                        let _ = stopped.await;
                    })
                    .await
                })
            })
            .map_err(AsyncError::Runtime)?;
        let addr = match bound.recv() {
            Ok(Ok(addr)) => addr,
            Ok(Err(error)) => return Err(error),
            Err(_) => return Err(AsyncError::Server("the server thread ended before it was listening".into())),
        };
        Ok(ServerThread { addr, stop: Some(stop), thread: Some(thread) })
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Shuts the server down gracefully and returns what it served (blocks until its thread ends).
    pub fn stop(mut self) -> Result<Served, AsyncError> {
        self.stop_and_join()
    }

    fn stop_and_join(&mut self) -> Result<Served, AsyncError> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.thread.take() {
            Some(thread) => thread.join().map_err(|_| AsyncError::Server("the server thread panicked".into())),
            None => Ok(Served::default()),
        }
    }
}

impl Drop for ServerThread {
    fn drop(&mut self) {
        let _ = self.stop_and_join();
    }
}
