//! async2's line framing on hostile bytes, in memory (no sockets): whatever the chunks, the replies are exactly
//! `Got:` + each whole line, in order and byte for byte; a line over the limit gets the error line and ends the
//! exchange; the bytes after the last newline are answered as the last line. Nothing lost, nothing reordered,
//! never a panic. `tests/echo_framing.rs` checks the same property with proptest.
//!
//! The input: byte 0 picks the limit (1 to 64 bytes, newline included, so lines cross it often); byte 1 says
//! how many of the next bytes are chunk lengths (0 to 15, each 1 to 256, used in turn); the rest is what the
//! client sends. The oracle is the protocol's definition, line by line, with no framing; and the same bytes
//! received in one piece must give the same replies.

#![no_main]

use final_frontier::part4_yield_from::async2::framing::replies_to;
use final_frontier::part4_yield_from::async2::{REPLY_PREFIX, too_long_message};
use libfuzzer_sys::fuzz_target;

/// What the server must answer to `input`, line by line.
fn expected_replies(input: &[u8], max_line: usize) -> Vec<u8> {
    let mut replies = Vec::new();
    let mut rest = input;
    while let Some(at) = rest.iter().position(|&byte| byte == b'\n') {
        let line = &rest[..=at];
        if line.len() > max_line {
            replies.extend_from_slice(too_long_message(max_line).as_bytes());
            return replies;
        }
        replies.extend_from_slice(REPLY_PREFIX);
        replies.extend_from_slice(line);
        rest = &rest[at + 1..];
    }
    if rest.len() >= max_line {
        replies.extend_from_slice(too_long_message(max_line).as_bytes());
    } else if !rest.is_empty() {
        replies.extend_from_slice(REPLY_PREFIX);
        replies.extend_from_slice(rest);
    }
    replies
}

fuzz_target!(|data: &[u8]| {
    let [limit, cuts, rest @ ..] = data else { return };
    let max_line = 1 + usize::from(*limit) % 64;
    let cuts = usize::from(*cuts) % 16;
    let (lengths, input) = rest.split_at(cuts.min(rest.len()));
    let mut chunks = Vec::new();
    let mut left = input;
    let mut turn = 0;
    while !left.is_empty() {
        let length = lengths.get(turn % lengths.len().max(1)).map_or(left.len(), |&length| 1 + usize::from(length));
        let (chunk, after) = left.split_at(length.min(left.len()));
        chunks.push(chunk);
        left = after;
        turn += 1;
    }
    let expected = expected_replies(input, max_line);
    assert_eq!(replies_to(chunks.iter().copied(), max_line), expected, "in {} chunks", chunks.len());
    assert_eq!(replies_to([input], max_line), expected, "in one piece");
});
