//! What differs between the bodies of one function on the three backends, token by token.
//!
//! Each body is cut into tokens (words, string literals, single punctuation marks; whitespace and comments are
//! not compared: the comments are where the differences are explained). Each body is diffed against each other
//! body with `similar`; a token that some other body lacks is marked. Runs of marked tokens on one line become
//! one mark, so `co.yield_(x).await` reads as one difference, not seven.

use std::ops::Range;

use similar::{Algorithm, DiffOp, capture_diff_slices};

/// A token and where it stands in its body.
type Token<'a> = (&'a str, Range<usize>);

/// The tokens of `text` with their byte ranges.
fn tokens(text: &str) -> Vec<Token<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if text[i..].starts_with("//") {
            i = text[i..].find('\n').map_or(bytes.len(), |end| i + end);
            continue;
        }
        if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 {
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] >= 0x80) {
                i += 1;
            }
        } else if c == b'"' {
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            i = (i + 1).min(bytes.len());
        } else {
            i += 1;
        }
        while !text.is_char_boundary(i) {
            i += 1;
        }
        out.push((&text[start..i], start..i));
    }
    out
}

/// For each body (`None`: that backend has none), the byte ranges of what the other bodies say differently.
/// With fewer than two bodies nothing is marked.
pub fn marks(bodies: &[Option<&str>]) -> Vec<Vec<Range<usize>>> {
    let cut: Vec<Option<Vec<Token<'_>>>> = bodies.iter().map(|body| body.map(tokens)).collect();
    let present = cut.iter().flatten().count();
    cut.iter()
        .enumerate()
        .map(|(i, mine)| {
            let Some(mine) = mine else { return Vec::new() };
            if present < 2 {
                return Vec::new();
            }
            let words: Vec<&str> = mine.iter().map(|(word, _)| *word).collect();
            let mut differs = vec![false; mine.len()];
            for (j, other) in cut.iter().enumerate() {
                let Some(other) = other.as_ref().filter(|_| j != i) else { continue };
                let theirs: Vec<&str> = other.iter().map(|(word, _)| *word).collect();
                for op in capture_diff_slices(Algorithm::Myers, &words, &theirs) {
                    if let DiffOp::Delete { old_index, old_len, .. } | DiffOp::Replace { old_index, old_len, .. } = op {
                        differs[old_index..old_index + old_len].iter_mut().for_each(|d| *d = true);
                    }
                }
            }
            let text = bodies[i].unwrap_or_default();
            let mut ranges: Vec<Range<usize>> = Vec::new();
            let mut previous = false;
            for ((_, range), differs) in mine.iter().zip(differs) {
                match ranges.last_mut() {
                    Some(last) if differs && previous && !text[last.end..range.start].contains('\n') => {
                        last.end = range.end;
                    }
                    _ if differs => ranges.push(range.clone()),
                    _ => {}
                }
                previous = differs;
            }
            // A lone comma or bracket (rustfmt's trailing comma, a closure's braces) is layout, not a difference.
            ranges.retain(|range| text[range.clone()].chars().any(|c| c.is_alphanumeric() || "&|!?<>.:".contains(c)));
            ranges
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_only_what_differs() {
        let native = "let x = yield v; // a comment\nf(x)";
        let stackless = "let x = co.yield_(v).await;\nf(x)";
        let found = marks(&[Some(native), Some(stackless), None]);
        let shown: Vec<&str> = found[0].iter().map(|r| &native[r.clone()]).collect();
        assert_eq!(shown, ["yield"]);
        let shown: Vec<&str> = found[1].iter().map(|r| &stackless[r.clone()]).collect();
        assert_eq!(shown, ["co.yield_(", ").await"]);
        assert!(found[2].is_empty());
        assert!(marks(&[Some("a"), None, None]).iter().all(Vec::is_empty));
    }
}
