//! async2's echo server against real clients over loopback (127.0.0.1 only): load, protocol edge cases, limits,
//! shutdown, and the `final-frontier run async2` command as a user meets it. Every test is bounded in count and
//! in time ([`DEADLINE`]), and every server task must end without a panic ([`TestServer::stop`]).
//!
//! `cargo test --release --test echo_server -- --nocapture` prints the load figures.

use std::future::Future;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use final_frontier::part4_yield_from::AsyncError;
use final_frontier::part4_yield_from::async2::{self, Limits, REPLY_PREFIX, SHUTDOWN_GRACE, Served, ServerThread};
use final_frontier::transcript::{TimeScale, Transcript};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

/// No test may take longer than this; a hang fails the test instead of the test run.
const DEADLINE: Duration = Duration::from_secs(60);

/// Runs `test` on a two-thread runtime (the machine's size), failing it past [`DEADLINE`].
fn within<F: Future>(test: F) -> F::Output {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build();
    let runtime = runtime.unwrap_or_else(|error| panic!("cannot start a tokio runtime: {error}"));
    runtime.block_on(async {
        match tokio::time::timeout(DEADLINE, test).await {
            Ok(output) => output,
            Err(_) => panic!("the test did not finish within {DEADLINE:?}"),
        }
    })
}

fn limits(max_line: usize, max_clients: usize) -> Limits {
    Limits::new(max_line, max_clients).unwrap_or_else(|error| panic!("{error}"))
}

/// An echo server on a free loopback port, on a thread of its own with its own one-thread event loop.
struct TestServer {
    addr: SocketAddr,
    t: Transcript,
    server: ServerThread,
}

impl TestServer {
    async fn start(limits: Limits) -> TestServer {
        let t = Transcript::capture(TimeScale::REAL);
        let server = ServerThread::start(limits, t.clone()).unwrap_or_else(|error| panic!("{error}"));
        TestServer { addr: server.addr(), t, server }
    }

    async fn connect(&self) -> TcpStream {
        TcpStream::connect(self.addr).await.unwrap_or_else(|error| panic!("cannot connect to the server: {error}"))
    }

    /// Shuts the server down and returns what it served and printed. The server must not have panicked, nor
    /// any client task.
    async fn stop(self) -> (Served, Vec<String>) {
        let TestServer { t, server, .. } = self;
        let stopped = tokio::task::spawn_blocking(move || server.stop()).await;
        let served = match stopped {
            Ok(Ok(served)) => served,
            Ok(Err(error)) => panic!("the server failed: {error}\ntranscript:\n{}", t.text()),
            Err(error) => panic!("the server's stopping failed: {error}\ntranscript:\n{}", t.text()),
        };
        assert_eq!(served.failed, 0, "a client task failed:\n{}", t.text());
        (served, t.lines())
    }
}

fn count(lines: &[String], line: &str) -> usize {
    lines.iter().filter(|l| *l == line).count()
}

/// Sends `bytes` and reads `reply_len` bytes back.
async fn exchange(stream: &mut TcpStream, bytes: &[u8], reply_len: usize) -> Vec<u8> {
    stream.write_all(bytes).await.unwrap_or_else(|error| panic!("cannot send: {error}"));
    let mut reply = vec![0; reply_len];
    stream.read_exact(&mut reply).await.unwrap_or_else(|error| panic!("no reply to {bytes:?}: {error}"));
    reply
}

/// `Got:` + `line`, the protocol's reply.
fn got(line: &[u8]) -> Vec<u8> {
    [REPLY_PREFIX, line].concat()
}

/// Reads until the server closes: a clean end of stream, or a reset (the server closed with the client's
/// excess unread, so the kernel answers with RST). Returns what came before.
async fn read_until_closed(stream: &mut TcpStream) -> Vec<u8> {
    let mut received = Vec::new();
    let mut chunk = [0; 4096];
    loop {
        match stream.read(&mut chunk).await {
            Ok(0) => return received,
            Ok(n) => received.extend_from_slice(&chunk[..n]),
            Err(error) if error.kind() == std::io::ErrorKind::ConnectionReset => return received,
            Err(error) => panic!("reading failed: {error} (after {received:?})"),
        }
    }
}

/// Client `client`'s line `i`: text, then a run of arbitrary bytes (any value but the newline, so plenty that
/// is not UTF-8) whose length varies from line to line.
fn load_line(client: usize, i: usize) -> Vec<u8> {
    let mut line = format!("client {client} line {i}: ").into_bytes();
    let length = (client * 7 + i * 13) % 200;
    line.extend((0..length).map(|k| match ((k * 31 + client + i) % 256) as u8 {
        b'\n' => b'\r',
        byte => byte,
    }));
    line.push(b'\n');
    line
}

#[test]
fn two_hundred_clients_times_one_hundred_lines_come_back_byte_exact_and_in_order() {
    const CLIENTS: usize = 200;
    const LINES: usize = 100;
    within(async {
        let server = TestServer::start(Limits::default()).await;
        let started = Instant::now();
        let mut clients = Vec::new();
        for client in 0..CLIENTS {
            let stream = server.connect().await;
            clients.push(tokio::spawn(async move {
                let lines: Vec<Vec<u8>> = (0..LINES).map(|i| load_line(client, i)).collect();
                let expected: Vec<u8> = lines.iter().flat_map(|line| got(line)).collect();
                let (mut reader, mut writer) = stream.into_split();
                // Writing and reading at once: the server's backpressure, not the client, paces the lines.
                let write = async move {
                    for line in &lines {
                        writer.write_all(line).await?;
                    }
                    writer.shutdown().await
                };
                let read = async move {
                    let mut replies = Vec::new();
                    reader.read_to_end(&mut replies).await?;
                    Ok::<_, std::io::Error>(replies)
                };
                let (written, replies) = tokio::join!(write, read);
                written.unwrap_or_else(|error| panic!("client {client} could not send: {error}"));
                let replies = replies.unwrap_or_else(|error| panic!("client {client} could not read: {error}"));
                assert!(replies == expected, "client {client}: the replies differ from its lines, in bytes or order");
                expected.len()
            }));
        }
        let mut bytes = 0;
        for client in clients {
            bytes += client.await.unwrap_or_else(|error| panic!("a client task failed: {error}"));
        }
        let elapsed = started.elapsed();
        let (served, lines) = server.stop().await;
        assert_eq!(served, Served { clients: CLIENTS as u64, refused: 0, failed: 0 });
        assert_eq!(count(&lines, "Client starting"), CLIENTS);
        assert_eq!(count(&lines, "Client closed"), CLIENTS, "{lines:?}");
        let total = CLIENTS * LINES;
        println!(
            "echo load: {CLIENTS} clients x {LINES} lines = {total} lines ({} KiB of replies) in {:.3} s: \
             {:.0} lines/s",
            bytes / 1024,
            elapsed.as_secs_f64(),
            total as f64 / elapsed.as_secs_f64()
        );
    });
}

#[test]
fn a_last_line_without_a_newline_is_answered_without_one() {
    within(async {
        let server = TestServer::start(Limits::default()).await;
        let mut stream = server.connect().await;
        stream.write_all(b"first\nlast words").await.unwrap_or_else(|error| panic!("{error}"));
        stream.shutdown().await.unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(read_until_closed(&mut stream).await, b"Got:first\nGot:last words");
        let (served, lines) = server.stop().await;
        assert_eq!(served.clients, 1);
        assert_eq!(
            lines,
            ["Client starting", "Client closed", "Shutting down: no new clients; closing the connected ones"]
        );
    });
}

#[test]
fn bytes_that_are_not_utf8_come_back_unchanged() {
    within(async {
        let server = TestServer::start(Limits::default()).await;
        let mut stream = server.connect().await;
        let mut line: Vec<u8> = (0..=255u8).filter(|&byte| byte != b'\n').collect();
        line.push(b'\n');
        let crlf = b"\xff\xfe\x00 caf\xe9 \xc3\x28\r\n";
        let sent = [&line[..], crlf].concat();
        let replies = exchange(&mut stream, &sent, sent.len() + 2 * REPLY_PREFIX.len()).await;
        assert_eq!(replies, [got(&line), got(crlf)].concat());
        server.stop().await;
    });
}

#[test]
fn clients_that_disconnect_mid_line_do_not_disturb_the_others() {
    within(async {
        let server = TestServer::start(Limits::default()).await;
        // One hangs up politely in the middle of a line, one resets the connection in the middle of a line.
        let mut polite = server.connect().await;
        polite.write_all(b"half a li").await.unwrap_or_else(|error| panic!("{error}"));
        drop(polite);
        let rude = server.connect().await;
        let mut rude = rude;
        rude.write_all(b"half a li").await.unwrap_or_else(|error| panic!("{error}"));
        rude.set_zero_linger().unwrap_or_else(|error| panic!("{error}"));
        drop(rude);
        let mut fine = server.connect().await;
        assert_eq!(exchange(&mut fine, b"still here\n", 15).await, b"Got:still here\n");
        drop(fine);
        let (served, lines) = server.stop().await;
        assert_eq!(served.clients, 3);
        assert_eq!(count(&lines, "Client starting"), 3);
        assert_eq!(lines.iter().filter(|line| line.starts_with("Client closed")).count(), 3, "{lines:?}");
    });
}

#[test]
fn a_line_over_the_limit_gets_an_error_line_and_the_connection_closed() {
    within(async {
        let server = TestServer::start(limits(16, 8)).await;
        // 16 bytes with the newline: the longest line allowed.
        let mut stream = server.connect().await;
        assert_eq!(exchange(&mut stream, b"fifteen bytes!!\n", 20).await, b"Got:fifteen bytes!!\n");
        // 17 bytes: refused, whether or not its newline has come.
        stream.write_all(b"sixteen bytes!!!\n").await.unwrap_or_else(|error| panic!("{error}"));
        let expected = async2::too_long_message(16);
        assert_eq!(read_until_closed(&mut stream).await, expected.as_bytes());
        let mut stream = server.connect().await;
        stream.write_all(&[b'x'; 100]).await.unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(read_until_closed(&mut stream).await, expected.as_bytes());
        let (served, lines) = server.stop().await;
        assert_eq!(served.clients, 2);
        assert_eq!(count(&lines, "Client closed: it sent a line longer than 16 bytes"), 2, "{lines:?}");
    });
}

#[test]
fn the_server_stops_reading_a_too_long_line_at_the_limit() {
    // A client streams a line with no end. If the server kept reading (and buffering) it, the client could send
    // it all; since the server stops at the limit and closes, the client's writes fail once the socket buffers
    // between them are full, a few MiB in.
    const ENDLESS: usize = 256 << 20;
    within(async {
        let server = TestServer::start(Limits::default()).await;
        let mut stream = server.connect().await;
        let chunk = vec![b'x'; 64 << 10];
        let mut sent = 0;
        while sent < ENDLESS {
            match stream.write_all(&chunk).await {
                Ok(()) => sent += chunk.len(),
                Err(_) => break,
            }
        }
        assert!(sent < ENDLESS, "the server took a {ENDLESS}-byte line without complaint");
        println!("the server closed a 64 KiB-limited connection after the client had sent {} KiB", sent >> 10);
        let (_, lines) = server.stop().await;
        assert_eq!(count(&lines, "Client closed: it sent a line longer than 65536 bytes"), 1, "{lines:?}");
    });
}

#[test]
fn the_client_over_the_limit_is_refused_with_a_message_and_its_slot_is_reused() {
    within(async {
        let server = TestServer::start(limits(1024, 2)).await;
        let mut one = server.connect().await;
        let mut two = server.connect().await;
        assert_eq!(exchange(&mut one, b"1\n", 6).await, b"Got:1\n");
        assert_eq!(exchange(&mut two, b"2\n", 6).await, b"Got:2\n");
        let mut three = server.connect().await;
        assert_eq!(read_until_closed(&mut three).await, async2::busy_message(2).as_bytes());
        // One leaves: once it has seen the end of its stream, its slot is free.
        one.shutdown().await.unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(read_until_closed(&mut one).await, b"");
        let mut four = server.connect().await;
        assert_eq!(exchange(&mut four, b"4\n", 6).await, b"Got:4\n");
        let (served, lines) = server.stop().await;
        assert_eq!(served, Served { clients: 3, refused: 1, failed: 0 });
        assert_eq!(count(&lines, "Client refused: 2 clients connected, the limit"), 1, "{lines:?}");
    });
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap_or_else(|error| panic!("{error}"));
    let port = taken.local_addr().unwrap_or_else(|error| panic!("{error}")).port();
    within(async {
        match async2::bind("127.0.0.1", port).await {
            Err(error @ AsyncError::AddrInUse { .. }) => {
                let message = error.to_string();
                assert!(message.contains(&format!("127.0.0.1:{port}")), "{message}");
                assert!(message.contains("in use") && message.contains("--port 0"), "{message}");
            }
            Err(error) => panic!("expected 'address in use', got: {error}"),
            Ok(_) => panic!("bound port {port} twice"),
        }
    });
}

#[test]
fn a_client_that_does_not_read_stalls_only_itself_and_shutdown_closes_everyone() {
    // More than the socket buffers between server and client can hold: the client's receive buffer is set to
    // 64 KiB below, and Linux lets the server's send buffer grow to tcp_wmem's maximum, 4 MiB by default.
    const HUGE: usize = 16 << 20;
    within(async {
        let server = TestServer::start(limits(HUGE + 1, 8)).await;
        let mut idle = Vec::new();
        for i in 0..3 {
            let mut stream = server.connect().await;
            let line = format!("idle {i}\n");
            assert_eq!(exchange(&mut stream, line.as_bytes(), line.len() + 4).await, got(line.as_bytes()));
            idle.push(stream);
        }
        // A client sends one huge line and reads only the start of its reply. The server writes each reply
        // with one awaited write, after the whole line: so it is now inside that write, and stays there, since
        // the reply cannot fit in the buffers. It does not read on, nor buffer anything more.
        let socket = TcpSocket::new_v4().unwrap_or_else(|error| panic!("{error}"));
        socket.set_recv_buffer_size(64 << 10).unwrap_or_else(|error| panic!("{error}"));
        let mut greedy = socket.connect(server.addr).await.unwrap_or_else(|error| panic!("{error}"));
        let mut line = vec![b'x'; HUGE];
        line.push(b'\n');
        greedy.write_all(&line).await.unwrap_or_else(|error| panic!("{error}"));
        let mut start = [0; 4];
        greedy.read_exact(&mut start).await.unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(&start, REPLY_PREFIX);
        // It stalls only itself: the others are still served.
        assert_eq!(exchange(&mut idle[0], b"still here\n", 15).await, b"Got:still here\n");
        let addr = server.addr;
        let stopping = Instant::now();
        let (served, lines) = server.stop().await;
        let took = stopping.elapsed();
        assert!(took >= SHUTDOWN_GRACE && took < SHUTDOWN_GRACE * 5, "the shutdown took {took:?}: {lines:?}");
        assert_eq!(served.clients, 4);
        assert_eq!(count(&lines, "Client closed: the server is shutting down"), 3, "{lines:?}");
        let cut_off = lines.iter().filter(|line| line.contains("did not take its reply within 1s")).count();
        assert_eq!(cut_off, 1, "{lines:?}");
        for mut stream in idle {
            assert_eq!(read_until_closed(&mut stream).await, b"");
        }
        // The listener is closed: the OS turns new clients away.
        assert!(TcpStream::connect(addr).await.is_err(), "the server still accepts after its shutdown");
    });
}

#[test]
fn idle_clients_are_told_and_disconnected_and_their_places_serve_new_clients() {
    // Small, so the test is quick; the logic is the 300 s default's.
    const IDLE: Duration = Duration::from_millis(300);
    within(async {
        let limits = limits(1024, 3).with_idle_timeout(IDLE).unwrap_or_else(|error| panic!("{error}"));
        let server = TestServer::start(limits).await;
        let started = Instant::now();
        // Three clients hold every place: one says nothing, one never finishes its line, one stops after a line.
        let silent = server.connect().await;
        let mut unfinished = server.connect().await;
        unfinished.write_all(b"half a li").await.unwrap_or_else(|error| panic!("{error}"));
        let mut quiet = server.connect().await;
        assert_eq!(exchange(&mut quiet, b"one line\n", 13).await, b"Got:one line\n");
        let mut turned_away = server.connect().await;
        assert_eq!(read_until_closed(&mut turned_away).await, async2::busy_message(3).as_bytes());
        // Each is told, after the timeout, and disconnected.
        let told = async2::idle_message(IDLE);
        for (name, mut stream) in [("silent", silent), ("unfinished", unfinished), ("quiet", quiet)] {
            assert_eq!(read_until_closed(&mut stream).await, told.as_bytes(), "{name}");
        }
        let waited = started.elapsed();
        assert!(waited >= IDLE, "disconnected after {waited:?}, before the {IDLE:?} timeout");
        // Their places are free: a new client is served.
        let mut newcomer = server.connect().await;
        assert_eq!(exchange(&mut newcomer, b"me\n", 7).await, b"Got:me\n");
        drop(newcomer);
        let (served, lines) = server.stop().await;
        assert_eq!(served, Served { clients: 4, refused: 1, failed: 0 });
        assert_eq!(count(&lines, "Client closed: it sent no complete line within 0.3s"), 3, "{lines:?}");
        assert_eq!(told, "Error: no complete line within 0.3s; closing the connection\n");
    });
}

// ---- The command: `final-frontier run async2`

fn final_frontier(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_final-frontier"));
    command.args(args);
    command
}

/// A running `final-frontier run async2`: its stdout lines come through a channel, so that waiting for one
/// can time out.
struct RunningServer {
    child: Child,
    lines: mpsc::Receiver<String>,
}

impl RunningServer {
    fn start(args: &[&str]) -> RunningServer {
        Self::start_with(final_frontier(&[&["run", "async2"], args].concat()))
    }

    fn start_with(mut command: Command) -> RunningServer {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|error| panic!("cannot run final-frontier: {error}"));
        let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout pipe"));
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if send.send(line).is_err() {
                    return;
                }
            }
        });
        RunningServer { child, lines }
    }

    fn next_line(&mut self) -> String {
        match self.lines.recv_timeout(Duration::from_secs(20)) {
            Ok(line) => line,
            Err(error) => {
                let _ = self.child.kill();
                panic!("the server printed no line ({error})");
            }
        }
    }

    /// Sends `signal` with the `kill` command and waits for the exit code.
    fn signal(mut self, signal: &str) -> (Option<i32>, Vec<String>) {
        let status = Command::new("kill").args([&format!("-{signal}"), &self.child.id().to_string()]).status();
        assert!(status.as_ref().is_ok_and(|status| status.success()), "kill -{signal} failed: {status:?}");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => return (status.code(), self.lines.iter().collect()),
                Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
                outcome => {
                    let _ = self.child.kill();
                    panic!("the server did not exit after SIG{signal}: {outcome:?}");
                }
            }
        }
    }
}

/// A failing test must not leave its server running.
impl Drop for RunningServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The port in `Serving on 127.0.0.1:PORT (Ctrl-C to stop)`.
fn serving_port(line: &str) -> u16 {
    let port = line.strip_prefix("Serving on 127.0.0.1:").and_then(|rest| rest.strip_suffix(" (Ctrl-C to stop)"));
    port.and_then(|port| port.parse().ok()).unwrap_or_else(|| panic!("not a 'Serving on' line: {line:?}"))
}

fn run_and_signal(signal: &str) {
    let mut server = RunningServer::start(&["--port", "0"]);
    let port = serving_port(&server.next_line());
    assert_ne!(port, 0);
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap_or_else(|error| panic!("{error}"));
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap_or_else(|error| panic!("{error}"));
    std::io::Write::write_all(&mut stream, b"over the wire\n").unwrap_or_else(|error| panic!("{error}"));
    let mut reply = [0; 18];
    std::io::Read::read_exact(&mut stream, &mut reply).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(&reply, b"Got:over the wire\n");
    assert_eq!(server.next_line(), "Client starting");
    let (code, lines) = server.signal(signal);
    assert_eq!(code, Some(0), "{lines:?}");
    assert_eq!(
        lines,
        [
            "Shutting down: no new clients; closing the connected ones",
            "Client closed: the server is shutting down",
            "Server stopped: 1 served, 0 refused"
        ]
    );
}

#[test]
fn cli_port_0_prints_the_chosen_port_and_sigterm_stops_it_with_exit_code_0() {
    run_and_signal("TERM");
}

#[test]
fn cli_ctrl_c_stops_it_with_exit_code_0() {
    run_and_signal("INT");
}

#[test]
fn cli_a_port_in_use_exits_1_with_a_clear_message() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap_or_else(|error| panic!("{error}"));
    let port = taken.local_addr().unwrap_or_else(|error| panic!("{error}")).port().to_string();
    let output = final_frontier(&["run", "async2", "--port", &port]).output();
    let output = output.unwrap_or_else(|error| panic!("cannot run final-frontier: {error}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&format!("cannot listen on 127.0.0.1:{port}: the address is in use")), "{stderr}");
}

#[test]
fn cli_refuses_nonsense_limits_with_exit_code_2() {
    for args in [
        &["--max-clients", "0"][..],
        &["--max-line", "0"],
        &["--max-line", "lots"],
        &["--max-clients", "-3"],
        &["--port", "65536"],
        &["--self-test", "--port", "4000"],
        &["--idle-timeout", "0"],
        &["--idle-timeout", "-1"],
        &["--idle-timeout", "soon"],
        &["--idle-timeout", "NaN"],
        &["--idle-timeout", "inf"],
    ] {
        let output = final_frontier(&[&["run", "async2"], args].concat()).output();
        let output = output.unwrap_or_else(|error| panic!("cannot run final-frontier: {error}"));
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    }
    let output = final_frontier(&["run", "cm", "--max-line", "10"]).output();
    let output = output.unwrap_or_else(|error| panic!("cannot run final-frontier: {error}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--max-line does not apply to sample 'cm'"), "{stderr}");
}

#[test]
fn cli_help_documents_the_idle_timeout_and_its_default() {
    let output = final_frontier(&["run", "async2", "--help"]).output();
    let output = output.unwrap_or_else(|error| panic!("cannot run final-frontier: {error}"));
    let help = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{help}");
    let option = help.split("--idle-timeout <SECONDS>").nth(1).unwrap_or_else(|| panic!("no --idle-timeout: {help}"));
    let option = option.split("\n      --").next().unwrap_or_default();
    assert!(option.contains("[default: 300]"), "{option}");
}

/// The resident memory of process `pid`, in KiB (Linux).
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_else(|error| panic!("{error}"));
    let line = status.lines().find(|line| line.starts_with("VmRSS:")).unwrap_or_else(|| panic!("no VmRSS"));
    line.split_whitespace().nth(1).and_then(|kib| kib.parse().ok()).unwrap_or_else(|| panic!("{line:?}"))
}

/// The threads of process `pid`, by name (Linux: one entry per thread under /proc/PID/task).
fn threads(pid: u32) -> Vec<String> {
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task")).unwrap_or_else(|error| panic!("{error}"));
    tasks
        .map(|task| {
            let task = task.unwrap_or_else(|error| panic!("{error}")).path();
            std::fs::read_to_string(task.join("comm")).unwrap_or_default().trim().to_string()
        })
        .collect()
}

#[test]
fn cli_one_thread_serves_every_client_under_load() {
    const CLIENTS: usize = 100;
    let mut server = RunningServer::start(&["--port", "0"]);
    let port = serving_port(&server.next_line());
    let pid = server.child.id();
    let seen = within(async move {
        let mut streams = Vec::new();
        for _ in 0..CLIENTS {
            streams.push(TcpStream::connect(("127.0.0.1", port)).await.unwrap_or_else(|error| panic!("{error}")));
        }
        // Every client is connected and mid-conversation (a line answered, the next half sent) when the
        // threads are counted.
        for (i, stream) in streams.iter_mut().enumerate() {
            let line = load_line(i, 0);
            assert_eq!(exchange(stream, &line, line.len() + 4).await, got(&line));
            stream.write_all(b"half a li").await.unwrap_or_else(|error| panic!("{error}"));
        }
        let seen = threads(pid);
        drop(streams);
        seen
    });
    let (code, lines) = server.signal("TERM");
    assert_eq!(seen, ["final-frontier"], "the server process's threads under load");
    assert_eq!(code, Some(0));
    assert_eq!(lines.last().map(String::as_str), Some("Server stopped: 100 served, 0 refused"), "{lines:?}");
}

/// A small deterministic random source for the soak (xorshift64*), so a failure can be replayed.
struct Dice(u64);

impl Dice {
    fn new(seed: u64) -> Dice {
        Dice(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }

    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n.max(1)
    }

    /// Up to `most` random bytes (`least` at least), none of them a newline.
    fn bytes(&mut self, least: usize, most: usize) -> Vec<u8> {
        let length = least + self.below(most - least + 1);
        (0..length).map(|_| (self.below(255) as u8).wrapping_add(11)).collect()
    }
}

/// What one soak client saw.
#[derive(Default)]
struct Tally {
    connections: usize,
    checked_lines: usize,
    refused: usize,
}

const SOAK_MAX_LINE: usize = 200;
const SOAK_IDLE: Duration = Duration::from_millis(1000);

/// Reads until the server closes (or resets), writing `sent` meanwhile; then the replies.
async fn send_and_read(stream: TcpStream, chunks: Vec<Vec<u8>>, pause: Duration, half_close: bool) -> (Vec<u8>, bool) {
    let (mut reader, mut writer) = stream.into_split();
    let write = async move {
        let mut failed = false;
        for chunk in chunks {
            failed = writer.write_all(&chunk).await.is_err();
            if failed {
                break;
            }
            tokio::time::sleep(pause).await;
        }
        if half_close && !failed {
            let _ = writer.shutdown().await;
        }
        // Keep the write half open (no FIN) until the reading ends: a stall must look like one.
        std::future::pending::<()>().await;
    };
    let read = async move {
        let mut received = Vec::new();
        let mut chunk = [0; 4096];
        loop {
            match reader.read(&mut chunk).await {
                Ok(0) => return (received, false),
                Ok(n) => received.extend_from_slice(&chunk[..n]),
                Err(_) => return (received, true),
            }
        }
    };
    tokio::select! {
        () = write => unreachable!("the writer never ends by itself"),
        outcome = read => outcome,
    }
}

/// Lines of random bytes (some empty), each at most the limit with its newline.
fn random_lines(dice: &mut Dice, count: usize) -> Vec<Vec<u8>> {
    (0..count)
        .map(|_| {
            let mut line = dice.bytes(0, SOAK_MAX_LINE - 1);
            line.push(b'\n');
            line
        })
        .collect()
}

/// Cuts `bytes` into random chunks.
fn random_chunks(dice: &mut Dice, bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut chunks = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        let take = 1 + dice.below(rest.len().min(600));
        chunks.push(rest[..take].to_vec());
        rest = &rest[take..];
    }
    chunks
}

/// One soak client: connection after connection until `until`, each one a random kind of (mis)behaviour;
/// every reply it waits for is checked byte for byte.
async fn soak_client(client: usize, port: u16, until: Instant) -> Tally {
    let mut dice = Dice::new(client as u64 + 1);
    let mut tally = Tally::default();
    let busy = async2::busy_message(usize::MAX); // only its start is compared
    let busy_start = &busy.as_bytes()[..busy.find('(').unwrap_or(0)];
    while Instant::now() < until {
        let Ok(stream) = TcpStream::connect(("127.0.0.1", port)).await else { continue };
        tally.connections += 1;
        let count = dice.below(20);
        let lines = random_lines(&mut dice, count);
        let sent: Vec<u8> = lines.concat();
        let kind = dice.below(6);
        let (input, expected, pause, half_close) = match kind {
            // Lines, and a last one without a newline, then a half-close: every byte comes back.
            0 => {
                let last = dice.bytes(0, SOAK_MAX_LINE - 2);
                let mut expected: Vec<u8> = lines.iter().flat_map(|line| got(line)).collect();
                if !last.is_empty() {
                    expected.extend_from_slice(&got(&last));
                }
                ([sent, last].concat(), Some(expected), Duration::ZERO, true)
            }
            // Lines, half a line, then a stall past the idle timeout: the replies, then the idle message.
            1 => {
                let half = dice.bytes(1, SOAK_MAX_LINE - 2);
                let mut expected: Vec<u8> = lines.iter().flat_map(|line| got(line)).collect();
                expected.extend_from_slice(async2::idle_message(SOAK_IDLE).as_bytes());
                ([sent, half].concat(), Some(expected), Duration::ZERO, false)
            }
            // Lines, then one over the limit: the replies, then the error line.
            2 => {
                let long = dice.bytes(SOAK_MAX_LINE, 4 * SOAK_MAX_LINE);
                let mut expected: Vec<u8> = lines.iter().flat_map(|line| got(line)).collect();
                expected.extend_from_slice(async2::too_long_message(SOAK_MAX_LINE).as_bytes());
                ([sent, long].concat(), Some(expected), Duration::ZERO, false)
            }
            // A half-close and nothing else.
            3 => (Vec::new(), Some(Vec::new()), Duration::ZERO, true),
            // Lines sent slowly, in small pieces, then a half-close.
            4 => {
                let expected: Vec<u8> = lines.iter().flat_map(|line| got(line)).collect();
                (sent, Some(expected), Duration::from_millis(1 + dice.below(5) as u64), true)
            }
            // Lines (lots, unread) and then gone without a word, with a reset half the time.
            _ => {
                let times = 1 + dice.below(50);
                let many = lines.concat().repeat(times);
                let mut stream = stream;
                let _ = stream.write_all(&many).await;
                if dice.below(2) == 0 {
                    let _ = stream.set_zero_linger();
                }
                drop(stream);
                continue;
            }
        };
        let chunks = random_chunks(&mut dice, &input);
        let (received, reset) = send_and_read(stream, chunks, pause, half_close).await;
        if received.starts_with(busy_start) || (reset && received.is_empty()) {
            // Turned away at the limit (the message can be lost to a reset if the client had sent data).
            tally.refused += 1;
            tokio::time::sleep(Duration::from_millis(10 + dice.below(40) as u64)).await;
            continue;
        }
        let Some(expected) = expected else { continue };
        // A reset after an over-long line may cut the error line short (the server closed with unread bytes).
        let whole = received == expected;
        let cut_short = kind == 2 && reset && expected.starts_with(&received);
        assert!(
            whole || cut_short,
            "client {client}, connection {} (kind {kind}): replies differ\nexpected {}\nreceived {}",
            tally.connections,
            async2::repr(&expected),
            async2::repr(&received)
        );
        tally.checked_lines += expected.iter().filter(|&&byte| byte == b'\n').count();
    }
    tally
}

#[test]
fn soak_two_hundred_misbehaving_clients_leave_nothing_behind() {
    // 200 clients for two rounds of a few seconds, each connecting again and again to a server that takes 180:
    // half-closing, sending random bytes in random pieces, stalling past the idle timeout, sending over-long
    // lines, vanishing with and without a reset. Then: every reply waited for was byte-exact, the server ran
    // one thread, every place is free, the counts add up, and its memory is back near the start.
    const CLIENTS: usize = 200;
    const MAX_CLIENTS: usize = 180; // fewer than the clients: some are refused
    const SOAK: Duration = Duration::from_millis(2500);
    const ROUNDS: usize = 2;
    let max_line = SOAK_MAX_LINE.to_string();
    let max_clients = MAX_CLIENTS.to_string();
    let idle = SOAK_IDLE.as_secs_f64().to_string();
    let args = ["--port", "0", "--max-line", &max_line, "--max-clients", &max_clients, "--idle-timeout", &idle];
    let mut command = final_frontier(&[&["run", "async2"], &args[..]].concat());
    // glibc keeps freed heap memory for reuse; with buffers of 8 KiB and more mapped on their own, they go back
    // to the OS when freed, and the resident size shows what the server still holds.
    command.env("MALLOC_MMAP_THRESHOLD_", "8192");
    let mut server = RunningServer::start_with(command);
    let port = serving_port(&server.next_line());
    let pid = server.child.id();
    let (tallies, most_threads, rss_start, rss_peak, rss_ends) = within(async move {
        // A warm-up, so that the start figure has the runtime's and the allocator's first growth in it.
        let mut warm = TcpStream::connect(("127.0.0.1", port)).await.unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(exchange(&mut warm, b"warm\n", 9).await, b"Got:warm\n");
        drop(warm);
        let rss_start = rss_kib(pid);
        let mut tallies = Vec::new();
        let mut most_threads = 0;
        let mut rss_peak = 0;
        let mut rss_ends = Vec::new();
        for round in 0..ROUNDS {
            let until = Instant::now() + SOAK;
            let clients: Vec<_> =
                (0..CLIENTS).map(|client| tokio::spawn(soak_client(round * CLIENTS + client, port, until))).collect();
            while Instant::now() < until {
                most_threads = most_threads.max(threads(pid).len());
                rss_peak = rss_peak.max(rss_kib(pid));
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            for client in clients {
                tallies.push(client.await.unwrap_or_else(|error| panic!("a soak client failed: {error}")));
            }
            // Every place is free again: as many clients as the limit, all served at once.
            let mut everyone = Vec::new();
            for i in 0..MAX_CLIENTS {
                let mut stream =
                    TcpStream::connect(("127.0.0.1", port)).await.unwrap_or_else(|error| panic!("{error}"));
                let line = format!("back {i}\n");
                assert_eq!(exchange(&mut stream, line.as_bytes(), line.len() + 4).await, got(line.as_bytes()));
                everyone.push(stream);
            }
            drop(everyone);
            // Let the server see those hang-ups before its memory is read.
            tokio::time::sleep(Duration::from_millis(300)).await;
            rss_ends.push(rss_kib(pid));
        }
        (tallies, most_threads, rss_start, rss_peak, rss_ends)
    });
    let (code, lines) = server.signal("TERM");
    assert_eq!(code, Some(0));
    let connections: usize = tallies.iter().map(|tally| tally.connections).sum::<usize>() + 1 + ROUNDS * MAX_CLIENTS;
    let refused_seen: usize = tallies.iter().map(|tally| tally.refused).sum();
    let checked: usize = tallies.iter().map(|tally| tally.checked_lines).sum();
    let starting = count(&lines, "Client starting");
    let closed = lines.iter().filter(|line| line.starts_with("Client closed")).count();
    let refused = lines.iter().filter(|line| line.starts_with("Client refused")).count();
    let stopped = format!("Server stopped: {starting} served, {refused} refused");
    println!(
        "soak: {connections} connections in {ROUNDS} x {SOAK:?} ({checked} reply lines checked byte for byte), {starting} \
         served, {refused} refused; at most {most_threads} thread; RSS {rss_start} KiB at the start, {rss_peak} KiB \
         at the peak, {rss_ends:?} KiB after each round"
    );
    assert_eq!(most_threads, 1, "the server ran more than one thread");
    assert_eq!(lines.last(), Some(&stopped), "the last line's counts");
    assert_eq!(starting, closed, "every client served got its Client closed line");
    assert_eq!(starting + refused, connections, "every connection was served or refused");
    assert!(refused >= refused_seen, "the clients saw {refused_seen} refusals, the server made {refused}");
    assert!(checked > 10_000, "too little was checked for a soak: {checked} lines");
    // Near the start: what the allocator keeps for reuse after the peak, and no more from one round to the next.
    let rss_end = rss_ends.last().copied().unwrap_or_default();
    assert!(rss_end <= rss_start + 4 * 1024, "RSS grew from {rss_start} KiB to {rss_end} KiB");
    assert!(rss_end <= rss_ends[0] + 1024, "RSS grew from round to round: {rss_ends:?} KiB");
}

#[test]
fn a_failing_test_leaves_no_server_behind() {
    // Regression: a soak that failed its memory check once left its `run async2` running.
    let mut server = RunningServer::start(&["--port", "0"]);
    serving_port(&server.next_line());
    let pid = server.child.id();
    drop(server);
    assert!(!Path::new(&format!("/proc/{pid}")).exists(), "process {pid} outlived its RunningServer");
}
