//! async2's line framing driven in memory, no sockets: whatever the chunks, the replies are `Got:` + each
//! whole line, in order, byte for byte; an over-long line gets the error line and ends the exchange; the
//! bytes after the last newline are answered as the last line. The same property is the fuzz target
//! `fuzz/fuzz_targets/echo_framing.rs`.

use final_frontier::part4_yield_from::async2::framing::{Framed, LineFraming, replies_to};
use final_frontier::part4_yield_from::async2::{REPLY_PREFIX, too_long_message};
use proptest::prelude::*;

/// The protocol's definition, line by line, with no framing: what the server must answer to `input`.
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

/// Cuts `input` at the given points (taken modulo its length, sorted).
fn chunks(input: &[u8], cuts: &[usize]) -> Vec<Vec<u8>> {
    let mut cuts: Vec<usize> = cuts.iter().map(|&cut| if input.is_empty() { 0 } else { cut % input.len() }).collect();
    cuts.push(0);
    cuts.push(input.len());
    cuts.sort_unstable();
    cuts.windows(2).map(|pair| input[pair[0]..pair[1]].to_vec()).collect()
}

/// Lines of bytes that favour newlines and lengths around the limit.
fn input() -> impl Strategy<Value = Vec<u8>> {
    let line =
        (prop::collection::vec(any::<u8>().prop_filter("no newline", |&byte| byte != b'\n'), 0..24), any::<bool>());
    prop::collection::vec(line, 0..12).prop_map(|lines| {
        let mut bytes = Vec::new();
        for (line, newline) in lines {
            bytes.extend_from_slice(&line);
            if newline {
                bytes.push(b'\n');
            }
        }
        bytes
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn any_chunks_give_got_plus_each_line_in_order(
        input in input(),
        cuts in prop::collection::vec(any::<usize>(), 0..16),
        max_line in 1usize..32,
    ) {
        let chunks = chunks(&input, &cuts);
        let replies = replies_to(chunks.iter().map(Vec::as_slice), max_line);
        prop_assert_eq!(replies, expected_replies(&input, max_line));
    }

    #[test]
    fn the_buffer_never_holds_more_than_a_partial_line_and_one_chunk(
        input in input(),
        cuts in prop::collection::vec(any::<usize>(), 0..16),
        max_line in 1usize..32,
    ) {
        let mut framing = LineFraming::new(max_line);
        for chunk in chunks(&input, &cuts) {
            framing.receive(&chunk);
            prop_assert!(framing.buffered() < max_line + chunk.len());
            loop {
                match framing.next_line() {
                    Framed::Line(line) => prop_assert!(line.len() <= max_line && line.ends_with(b"\n")),
                    Framed::TooLong => return Ok(()),
                    Framed::NeedMore => break,
                }
            }
            prop_assert!(framing.buffered() < max_line);
        }
    }
}

#[test]
fn the_model_itself_says_what_the_protocol_says() {
    assert_eq!(expected_replies(b"a\nbc", 4), b"Got:a\nGot:bc");
    assert_eq!(expected_replies(b"a\nabcd\nz\n", 4), [&b"Got:a\n"[..], too_long_message(4).as_bytes()].concat());
    assert_eq!(expected_replies(b"abcd", 4), too_long_message(4).as_bytes());
    assert_eq!(expected_replies(b"", 4), b"");
}
