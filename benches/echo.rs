//! Part 4: async2's echo server under load, against the Python twin's server. A load client written here (tokio,
//! on this thread) opens N connections and writes M lines of 64 bytes on each, all pipelined, while it reads the
//! replies and checks every byte (`Got:` + the line, in order); the time is from the first write to the last
//! reply, the connections being open already. One element is one line answered.
//!
//! - `echo/async2/100x2000`: the port's server (`ServerThread`: its own thread, tokio's current-thread runtime,
//!   the sample's `echo_client`), in this process;
//! - `echo/python/100x2000`: `python3 python/async2.py --port 0`, the twin, on asyncio's one loop. Skipped, with
//!   a message, where `python3` cannot be run.
//!
//! The goal (issue 18): the port at least 10 times the twin's lines per second at 100 clients x 2,000 lines.
//! The twin's server is killed on every path out of the bench, a panic included ([`PythonServer`]'s `Drop`).

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use final_frontier::part4_yield_from::async2::{Limits, REPLY_PREFIX, ServerThread};
use final_frontier::transcript::{TimeScale, Transcript};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::task::JoinSet;

const CLIENTS: usize = 100;
const LINES: usize = 2000;
const LINE: usize = 64;

/// Client `client`'s lines, 64 bytes each with the newline, and the replies it must get.
fn conversation(client: usize) -> (Vec<u8>, Vec<u8>) {
    let mut lines = Vec::with_capacity(LINES * LINE);
    let mut replies = Vec::with_capacity(LINES * (LINE + REPLY_PREFIX.len()));
    for i in 0..LINES {
        let mut line = format!("client {client:03} line {i:04} ").into_bytes();
        line.resize(LINE - 1, b'a' + (i % 26) as u8);
        line.push(b'\n');
        lines.extend_from_slice(&line);
        replies.extend_from_slice(REPLY_PREFIX);
        replies.extend_from_slice(&line);
    }
    (lines, replies)
}

/// One round: connects every client, then times all of them writing their lines and reading their replies.
async fn round(addr: SocketAddr, conversations: &[(Vec<u8>, Vec<u8>)]) -> Duration {
    let mut streams = Vec::with_capacity(conversations.len());
    for _ in conversations {
        streams
            .push(TcpStream::connect(addr).await.unwrap_or_else(|error| panic!("cannot connect to {addr}: {error}")));
    }
    let started = Instant::now();
    let mut clients = JoinSet::new();
    for (client, (stream, (lines, replies))) in streams.into_iter().zip(conversations.iter().cloned()).enumerate() {
        clients.spawn(async move {
            let (mut reader, mut writer) = stream.into_split();
            let write = async move { writer.write_all(&lines).await.map(|()| writer) };
            let length = replies.len();
            let read = async move {
                let mut received = vec![0; length];
                reader.read_exact(&mut received).await.map(|_| received)
            };
            let (written, received) = tokio::join!(write, read);
            let writer = written.unwrap_or_else(|error| panic!("client {client} could not send: {error}"));
            let received = received.unwrap_or_else(|error| panic!("client {client} could not read: {error}"));
            assert!(received == replies, "client {client}: the replies differ from its lines");
            drop(writer);
        });
    }
    while let Some(joined) = clients.join_next().await {
        if let Err(error) = joined {
            std::panic::resume_unwind(error.into_panic());
        }
    }
    started.elapsed()
}

/// The twin's server, killed and reaped when dropped (on every path, a panic included).
struct PythonServer {
    child: Child,
    addr: SocketAddr,
}

impl PythonServer {
    fn start() -> Result<PythonServer, String> {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("python/async2.py");
        let mut child = Command::new("python3")
            .arg(&script)
            .args(["--port", "0"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|error| format!("cannot run python3: {error}"))?;
        let Some(stdout) = child.stdout.take() else {
            let _ = child.kill();
            let _ = child.wait();
            return Err("no stdout pipe".into());
        };
        let mut server = PythonServer { child, addr: SocketAddr::from(([127, 0, 0, 1], 0)) };
        let mut lines = BufReader::new(stdout).lines();
        let first = lines.next().and_then(Result::ok).unwrap_or_default();
        // `Serving on 127.0.0.1:PORT (Ctrl-C to stop)`
        let port = first.strip_prefix("Serving on 127.0.0.1:").and_then(|rest| rest.split(' ').next());
        server.addr.set_port(port.and_then(|port| port.parse().ok()).ok_or(format!("the twin said {first:?}"))?);
        // Its `Client starting` lines must go somewhere, or the pipe fills and the server stops.
        std::thread::spawn(move || lines.map_while(Result::ok).for_each(drop));
        Ok(server)
    }
}

impl Drop for PythonServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build();
    let runtime = runtime.unwrap_or_else(|error| panic!("cannot start the load client's runtime: {error}"));
    let conversations: Vec<_> = (0..CLIENTS).map(conversation).collect();
    let id = format!("{CLIENTS}x{LINES}");
    let mut group = c.benchmark_group("echo");
    group.throughput(Throughput::Elements((CLIENTS * LINES) as u64));
    // A round takes 0.05 to 2 s: few, equal samples.
    group.sampling_mode(SamplingMode::Flat).sample_size(10).warm_up_time(Duration::from_secs(1));

    let t = Transcript::capture(TimeScale::REAL);
    let port = ServerThread::start(Limits::default(), t).unwrap_or_else(|error| panic!("{error}"));
    group.measurement_time(Duration::from_secs(5));
    group.bench_function(BenchmarkId::new("async2", &id), |b| {
        b.iter_custom(|rounds| (0..rounds).map(|_| runtime.block_on(round(port.addr(), &conversations))).sum());
    });
    drop(port);

    match PythonServer::start() {
        Ok(twin) => {
            group.measurement_time(Duration::from_secs(20));
            group.bench_function(BenchmarkId::new("python", &id), |b| {
                b.iter_custom(|rounds| (0..rounds).map(|_| runtime.block_on(round(twin.addr, &conversations))).sum());
            });
        }
        Err(error) => eprintln!("skipping echo/python: {error}"),
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default();
    targets = bench
}
criterion_main!(benches);
