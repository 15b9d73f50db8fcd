//! The tokenizer: numbers, `+ - * /`, parentheses; whitespace is skipped.
//!
//! The original is a generator over a regex scanner with one named group per token kind. This one is a
//! hand-written scanner, an [`Iterator`] that produces tokens on demand just as lazily (`--terms 10000000` never
//! holds its twenty million tokens at once). Why not the `regex` crate: every token here is one byte or a run of
//! digits, so the loop is shorter than the pattern, needs no dependency, and knows each token's byte position for
//! the error messages without asking. The Python twin keeps the original's regex.
//!
//! Deviations: whitespace and digits are ASCII only (Python's `\s` and `\d` also match other Unicode spaces
//! and digits); a character that is not a token is an error carrying its position, where the original's
//! scanner silently skipped it.

use std::fmt;

use super::ast::Op;

/// One token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token<'a> {
    /// A run of ASCII digits, not yet converted (the parser checks that it fits in 64 bits).
    Number(&'a str),
    /// `+ - * /`
    Op(Op),
    /// `(`
    Open,
    /// `)`
    Close,
}

impl fmt::Display for Token<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Token::Number(digits) => write!(f, "the number {}", shorten(digits)),
            Token::Op(op) => write!(f, "'{op}'"),
            Token::Open => f.write_str("'('"),
            Token::Close => f.write_str("')'"),
        }
    }
}

/// Long digit runs are cut in messages: the position already says where they are.
fn shorten(digits: &str) -> String {
    const SHOWN: usize = 24;
    if digits.len() <= SHOWN {
        digits.to_string()
    } else {
        format!("{}... ({} digits)", &digits[..SHOWN], digits.len())
    }
}

/// A character that starts no token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadChar {
    /// Its byte position.
    pub position: usize,
    /// The character.
    pub found: char,
}

/// Tokens with their byte positions, scanned on demand.
pub struct Tokens<'a> {
    text: &'a str,
    position: usize,
}

/// Python's `tokenize(text)`.
pub fn tokenize(text: &str) -> Tokens<'_> {
    Tokens { text, position: 0 }
}

impl Tokens<'_> {
    /// Where the next token would start (after the input: its length), for "found the end of input" errors.
    pub fn position(&self) -> usize {
        self.position
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Result<(usize, Token<'a>), BadChar>;

    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.text.as_bytes();
        while bytes.get(self.position).is_some_and(u8::is_ascii_whitespace) {
            self.position += 1;
        }
        let start = self.position;
        let token = match *bytes.get(start)? {
            b'+' => Token::Op(Op::Add),
            b'-' => Token::Op(Op::Sub),
            b'*' => Token::Op(Op::Mul),
            b'/' => Token::Op(Op::Div),
            b'(' => Token::Open,
            b')' => Token::Close,
            b'0'..=b'9' => {
                let digits = bytes[start..].iter().take_while(|b| b.is_ascii_digit()).count();
                self.position += digits;
                return Some(Ok((start, Token::Number(&self.text[start..start + digits]))));
            }
            _ => {
                // Not ASCII-whitespace, digit or operator: report the whole character, not its first byte. Stop
                // here, so a caller that keeps asking gets the same error rather than a token after it.
                let found = self.text[start..].chars().next()?;
                return Some(Err(BadChar { position: start, found }));
            }
        };
        self.position += 1;
        Some(Ok((start, token)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_positions() {
        let tokens: Vec<_> = tokenize(" 12+(3 )").collect();
        assert_eq!(
            tokens,
            [
                Ok((1, Token::Number("12"))),
                Ok((3, Token::Op(Op::Add))),
                Ok((4, Token::Open)),
                Ok((5, Token::Number("3"))),
                Ok((7, Token::Close)),
            ]
        );
        assert_eq!(tokenize("1é").nth(1), Some(Err(BadChar { position: 1, found: 'é' })));
    }
}
