//! The line framing: bytes in, whole lines out, none longer than the limit. Python's `reader.readline()`
//! without the reading: no socket, no clock, no runtime, so a test or a fuzzer drives it with any chunks
//! (`tests/echo_framing.rs`, `fuzz/fuzz_targets/echo_framing.rs`) and the server with what the socket gives.
//!
//! The contract, whatever the chunks: each whole line (newline included) comes out once, in order, unchanged;
//! a line longer than the limit (or a line with no newline yet that cannot fit any more) comes out as
//! [`Framed::TooLong`] instead; at the end of the stream, the bytes after the last newline are the last line.

/// What [`LineFraming::next_line`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum Framed<'a> {
    /// A whole line, newline included.
    Line(&'a [u8]),
    /// The next line is longer than the limit (newline included), or has no newline yet and already fills it.
    /// The framing stays in this state: the connection is over.
    TooLong,
    /// No whole line is buffered: receive more.
    NeedMore,
}

/// What the next line will be (see [`LineFraming::ready`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ready {
    /// A whole line is buffered.
    Line,
    /// The next line is over the limit.
    TooLong,
    /// No whole line yet.
    NeedMore,
}

/// Bytes received and not yet taken as lines, with the longest line allowed.
#[derive(Debug)]
pub struct LineFraming {
    buffer: Vec<u8>,
    /// Where the first byte not yet taken is.
    start: usize,
    /// How many bytes from `start` are known to hold no newline, so that a line arriving in many chunks is
    /// scanned once.
    scanned: usize,
    /// The length of the next line, once [`Self::ready`] has found it.
    found: Option<usize>,
    max_line: usize,
}

impl LineFraming {
    /// `max_line` counts the newline; it is at least 1 (a line of 0 bytes is the end of the stream).
    pub fn new(max_line: usize) -> Self {
        LineFraming { buffer: Vec::new(), start: 0, scanned: 0, found: None, max_line: max_line.max(1) }
    }

    /// The longest line allowed, newline included.
    pub fn max_line(&self) -> usize {
        self.max_line
    }

    /// Appends received bytes.
    pub fn receive(&mut self, chunk: &[u8]) {
        self.buffer_to_fill(chunk.len()).extend_from_slice(chunk);
    }

    /// The buffer to receive into (tokio's `read_buf` appends to it), with room for `more` bytes: the bytes
    /// already taken are dropped first, so the buffer holds at most one partial line and what came after it.
    pub fn buffer_to_fill(&mut self, more: usize) -> &mut Vec<u8> {
        if self.start > 0 {
            self.buffer.drain(..self.start);
            self.start = 0;
        }
        self.buffer.reserve(more);
        &mut self.buffer
    }

    /// How many bytes are buffered and not yet taken.
    pub fn buffered(&self) -> usize {
        self.buffer.len() - self.start
    }

    /// What [`Self::next_line`] would return, without taking anything: the server asks this before it
    /// decides whether to read more. The scan is remembered.
    pub fn ready(&mut self) -> Ready {
        if self.found.is_some() {
            return Ready::Line;
        }
        let rest = &self.buffer[self.start..];
        match rest[self.scanned..].iter().position(|&byte| byte == b'\n') {
            Some(at) if self.scanned + at + 1 > self.max_line => Ready::TooLong,
            Some(at) => {
                self.found = Some(self.scanned + at + 1);
                Ready::Line
            }
            // Without its newline, a line may have `max_line - 1` bytes: one more and the newline cannot fit.
            None if rest.len() >= self.max_line => Ready::TooLong,
            None => {
                self.scanned = rest.len();
                Ready::NeedMore
            }
        }
    }

    /// Takes the next whole line, if one is buffered.
    pub fn next_line(&mut self) -> Framed<'_> {
        match self.ready() {
            Ready::TooLong => Framed::TooLong,
            Ready::NeedMore => Framed::NeedMore,
            Ready::Line => Framed::Line(self.take_found()),
        }
    }

    /// Takes the line [`Self::ready`] found (none: an empty slice).
    pub fn take_found(&mut self) -> &[u8] {
        let length = self.found.take().unwrap_or(0);
        let line = &self.buffer[self.start..self.start + length];
        self.start += length;
        self.scanned = 0;
        line
    }

    /// The stream ended: takes what is left after the last whole line, the last line without its newline
    /// (empty if there is none: Python's `b''` at the end of the stream). Call it once [`Self::next_line`]
    /// needs more.
    pub fn finish(&mut self) -> &[u8] {
        let rest = &self.buffer[self.start..];
        self.start = self.buffer.len();
        self.scanned = 0;
        self.found = None;
        rest
    }
}

/// The whole exchange in memory, as the server has it with one client: the replies (`Got:` + each line,
/// and the error line for a line over the limit, after which nothing more is read) to `chunks`, received in
/// that order and followed by the end of the stream. The property tests and the fuzz target check it
/// against the protocol's one-line definition.
pub fn replies_to<'a>(chunks: impl IntoIterator<Item = &'a [u8]>, max_line: usize) -> Vec<u8> {
    let mut framing = LineFraming::new(max_line);
    let mut replies = Vec::new();
    let answer = |framing: &mut LineFraming, replies: &mut Vec<u8>| loop {
        match framing.next_line() {
            Framed::Line(line) => {
                replies.extend_from_slice(super::REPLY_PREFIX);
                replies.extend_from_slice(line);
            }
            Framed::TooLong => {
                replies.extend_from_slice(super::too_long_message(framing.max_line()).as_bytes());
                return false;
            }
            Framed::NeedMore => return true,
        }
    };
    for chunk in chunks {
        framing.receive(chunk);
        if !answer(&mut framing, &mut replies) {
            return replies;
        }
    }
    let last = framing.finish();
    if !last.is_empty() {
        replies.extend_from_slice(super::REPLY_PREFIX);
        replies.extend_from_slice(last);
    }
    replies
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(chunks: &[&[u8]], max_line: usize) -> Vec<Result<Vec<u8>, ()>> {
        let mut framing = LineFraming::new(max_line);
        let mut out = Vec::new();
        for chunk in chunks {
            framing.receive(chunk);
            loop {
                match framing.next_line() {
                    Framed::Line(line) => out.push(Ok(line.to_vec())),
                    Framed::TooLong => {
                        out.push(Err(()));
                        return out;
                    }
                    Framed::NeedMore => break,
                }
            }
        }
        out.push(Ok(framing.finish().to_vec()));
        out
    }

    #[test]
    fn lines_of_max_line_bytes_newline_included_come_out_whole() {
        let ok = |line: &[u8]| Ok(line.to_vec());
        assert_eq!(lines(&[b"abc\nd", b"\n\nxy", b"z"], 4), [ok(b"abc\n"), ok(b"d\n"), ok(b"\n"), ok(b"xyz")]);
        assert_eq!(lines(&[b"\n"], 1), [ok(b"\n"), ok(b"")]);
    }

    #[test]
    fn a_line_over_the_limit_is_too_long_with_or_without_its_newline() {
        assert_eq!(lines(&[b"abcd\n"], 4), [Err(())]);
        assert_eq!(lines(&[b"ab", b"cd"], 4), [Err(())]);
        assert_eq!(lines(&[b"a\n"], 1), [Err(())]);
        assert_eq!(lines(&[b"ok\nabcd"], 4), [Ok(b"ok\n".to_vec()), Err(())]);
    }

    #[test]
    fn the_buffer_holds_only_the_partial_line() {
        let mut framing = LineFraming::new(100);
        framing.receive(b"one\ntwo\nthr");
        while let Framed::Line(_) = framing.next_line() {}
        assert_eq!(framing.buffer_to_fill(0).as_slice(), b"thr");
    }
}
