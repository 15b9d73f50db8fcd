//! The tour's and the tests' async2 (`--self-test`): the server on a free loopback port and two clients taking
//! turns, on the same one-thread event loop, then a shutdown. Its transcript is deterministic by construction,
//! not by timing (see the module docs).

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::oneshot;

/// Python's `repr()` of a `bytes`: how the transcript shows what went over the wire, so that the Rust and Python
/// self-tests print the same lines. The crate's one writer of Python's repr, in the futures library.
pub use crate::concurrent::value::repr_bytes as repr;

use super::AsyncError;
use super::server::{DEFAULT_HOST, Limits, bind, event_loop, serve, stopped_line};
use crate::transcript::Transcript;

/// How long a self-test client waits for an answer before it calls the server broken.
const CLIENT_PATIENCE: Duration = Duration::from_secs(10);

/// The server and its two clients, all on one thread, as the Python twin runs them on one asyncio loop.
pub fn self_test(t: &Transcript, limits: Limits) -> Result<(), AsyncError> {
    event_loop()?.block_on(async {
        let listener = bind(DEFAULT_HOST, 0).await?;
        let addr = listener.local_addr().map_err(|source| AsyncError::Bind { addr: "127.0.0.1:0".into(), source })?;
        t.line("Serving on 127.0.0.1, on a free port (self-test: two clients)");
        let (stop, stopped) = oneshot::channel::<()>();
        let server = serve(listener, super::echo_client, limits, t.clone(), async {
            let _ = stopped.await;
        });
        let clients = async {
            let talked = talk(t, addr).await;
            // Stop the server whether or not the clients got what they expected, and only then report.
            let _ = stop.send(());
            talked
        };
        let (served, talked) = tokio::join!(server, clients);
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
}
