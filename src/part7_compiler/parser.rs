//! The parser: tokens to an [`Ast`], without recursion.
//!
//! The original is a recursive-descent parser, one function per grammar rule:
//!
//! ```text
//! expr   := term   (('+' | '-') term)*      -- a loop: chains lean left, ((0+1)+2)+3
//! term   := factor (('*' | '/') factor)*
//! factor := NUMBER | '(' expr ')'           -- '(' is ours: the original has no parentheses
//! ```
//!
//! Its loops already make `0+1+...+999` without recursion; only a parenthesis would recurse
//! (`factor -> expr -> term -> factor`, three frames per level). With parentheses a user can build a deep tree
//! from the right as well, `1+(1+(1+...))`, and a million of them would overflow a recursive parser's stack,
//! which in Rust aborts the process. Two cures: a depth limit with a clear error, or no recursion. This parser
//! takes the second, for the same reason compiler2 exists: the tree a user can write should be limited by
//! memory, not by the stack, and compiler2 can evaluate any tree that fits in memory.
//!
//! So the grammar above is run as operator precedence with two explicit stacks (Dijkstra's shunting yard):
//! operands (finished subtrees) and pending operators and open parentheses. An operator first reduces every
//! pending operator that binds at least as tightly, which is what makes chains lean left exactly as the
//! original's loops do, and builds each node after its children (the arena is in post-order, see [`ast`]).
//! The parser is a two-state machine: it expects an operand (a number or `(`) or an operator (or `)` or the
//! end), and each syntax error says which, with the byte position.
//!
//! [`ast`]: super::ast

use std::fmt;

use super::ast::{Ast, AstBuilder, NodeId, Op, TooLarge, try_push};
use super::tokenizer::{BadChar, Token, tokenize};

/// What the parser was ready to accept where the input went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    /// At the start, after an operator or after `(`.
    Operand,
    /// After an operand, with no parenthesis open.
    OperatorOrEnd,
    /// After an operand, inside the parenthesis opened at this byte.
    OperatorOrClose {
        /// Where the innermost open `(` is.
        open: usize,
    },
    /// A number literal too large for 64 bits.
    SmallerNumber,
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expected::Operand => f.write_str("a number or '('"),
            Expected::OperatorOrEnd => f.write_str("an operator or the end of the input"),
            Expected::OperatorOrClose { open } => write!(f, "an operator or ')' to close the '(' at byte {open}"),
            Expected::SmallerNumber => write!(f, "a number up to {}", i64::MAX),
        }
    }
}

/// A malformed expression: where, what the parser expected there, and what it found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("syntax error at byte {position}: expected {expected}, found {found}")]
pub struct SyntaxError {
    /// Byte offset into the input (the input's length when the input ended too early).
    pub position: usize,
    /// What would have been accepted.
    pub expected: Expected,
    /// What was there, as a person reads it: `'*'`, `the number 12`, `'a'`, `the end of the input`.
    pub found: String,
}

/// Why parsing failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// The input is not an expression.
    #[error(transparent)]
    Syntax(#[from] SyntaxError),
    /// The input is an expression, too large for this machine or for 32-bit node ids.
    #[error(transparent)]
    TooLarge(#[from] TooLarge),
}

/// A pending entry on the operator stack.
#[derive(Clone, Copy)]
enum Pending {
    Op(Op),
    /// An open parenthesis and its byte position (for "to close the '(' at byte N").
    Open(usize),
}

/// The parser's state between two tokens.
struct Parser {
    builder: AstBuilder,
    operands: Vec<NodeId>,
    pending: Vec<Pending>,
}

impl Parser {
    /// Pops one operator and its two operands, and pushes the node that joins them.
    fn reduce(&mut self, op: Op) -> Result<(), TooLarge> {
        // The state machine only pushes an operator between two operands, so both are there.
        let (Some(right), Some(left)) = (self.operands.pop(), self.operands.pop()) else {
            unreachable!("an operator is always pushed between two operands");
        };
        let node = self.builder.binop(op, left, right)?;
        try_push(&mut self.operands, node).map_err(TooLarge::from)
    }

    /// Reduces the pending operators that bind at least as tightly as `precedence` (all of them, down to the
    /// innermost open parenthesis, for precedence 0).
    fn reduce_while(&mut self, precedence: u8) -> Result<(), TooLarge> {
        while let Some(&Pending::Op(op)) = self.pending.last() {
            if op.precedence() < precedence {
                break;
            }
            self.pending.pop();
            self.reduce(op)?;
        }
        Ok(())
    }

    /// What may follow an operand here.
    fn after_operand(&self) -> Expected {
        let innermost_open = self.pending.iter().rev().find_map(|p| match p {
            Pending::Open(at) => Some(*at),
            Pending::Op(_) => None,
        });
        match innermost_open {
            Some(open) => Expected::OperatorOrClose { open },
            None => Expected::OperatorOrEnd,
        }
    }
}

/// Python's `parse(tokenize(text))`.
pub fn parse(text: &str) -> Result<Ast, ParseError> {
    let mut tokens = tokenize(text);
    let mut parser = Parser { builder: AstBuilder::new(), operands: Vec::new(), pending: Vec::new() };
    let syntax = |position, expected, found: String| ParseError::Syntax(SyntaxError { position, expected, found });
    let mut want_operand = true;
    loop {
        let expected = if want_operand { Expected::Operand } else { parser.after_operand() };
        let (position, token) = match tokens.next() {
            None => (tokens.position(), None),
            Some(Ok((position, token))) => (position, Some(token)),
            Some(Err(BadChar { position, found })) => {
                return Err(syntax(position, expected, format!("'{}'", found.escape_debug())));
            }
        };
        match (want_operand, token) {
            (true, Some(Token::Number(digits))) => {
                let Ok(value) = digits.parse::<i64>() else {
                    return Err(syntax(position, Expected::SmallerNumber, Token::Number(digits).to_string()));
                };
                let node = parser.builder.number(value)?;
                try_push(&mut parser.operands, node).map_err(TooLarge::from)?;
                want_operand = false;
            }
            (true, Some(Token::Open)) => {
                try_push(&mut parser.pending, Pending::Open(position)).map_err(TooLarge::from)?
            }
            (false, Some(Token::Op(op))) => {
                parser.reduce_while(op.precedence())?;
                try_push(&mut parser.pending, Pending::Op(op)).map_err(TooLarge::from)?;
                want_operand = true;
            }
            (false, Some(Token::Close)) if matches!(expected, Expected::OperatorOrClose { .. }) => {
                parser.reduce_while(0)?;
                parser.pending.pop(); // the matching Pending::Open, found by after_operand()
            }
            (false, None) if expected == Expected::OperatorOrEnd => {
                parser.reduce_while(0)?;
                let Some(root) = parser.operands.pop() else {
                    unreachable!("the parser ends after an operand");
                };
                return Ok(parser.builder.finish(root));
            }
            (_, Some(token)) => return Err(syntax(position, expected, token.to_string())),
            (_, None) => return Err(syntax(position, expected, "the end of the input".to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::part7_compiler::ast::Node;

    fn error(text: &str) -> String {
        match parse(text) {
            Ok(ast) => panic!("{text:?} parsed to {ast:?}"),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn every_syntax_error_says_where_and_what() {
        assert_eq!(error("2 + * 3"), "syntax error at byte 4: expected a number or '(', found '*'");
        assert_eq!(
            error("(1 + 2"),
            "syntax error at byte 6: expected an operator or ')' to close the '(' at byte 0, found the end of the input"
        );
        assert_eq!(error("12a"), "syntax error at byte 2: expected an operator or the end of the input, found 'a'");
        assert_eq!(error(""), "syntax error at byte 0: expected a number or '(', found the end of the input");
        assert_eq!(error("   "), "syntax error at byte 3: expected a number or '(', found the end of the input");
        assert_eq!(error(")"), "syntax error at byte 0: expected a number or '(', found ')'");
        assert_eq!(error("1 )"), "syntax error at byte 2: expected an operator or the end of the input, found ')'");
        assert_eq!(error("()"), "syntax error at byte 1: expected a number or '(', found ')'");
        assert_eq!(
            error("1 2"),
            "syntax error at byte 2: expected an operator or the end of the input, found the number 2"
        );
        assert_eq!(
            error("99999999999999999999"),
            "syntax error at byte 0: expected a number up to 9223372036854775807, found the number 99999999999999999999"
        );
    }

    #[test]
    fn chains_lean_left_and_precedence_holds() {
        // ((1 - 2) - 3) and 1 + (2 * 3)
        let ast = parse("1 - 2 - 3").unwrap_or_else(|e| panic!("{e}"));
        let Node::BinOp(top) = ast.node(ast.root()) else { panic!("not a BinOp") };
        assert_eq!(ast.node(top.right), Node::Number(3));
        assert!(matches!(ast.node(top.left), Node::BinOp(_)));
        let ast = parse("1 + 2 * 3").unwrap_or_else(|e| panic!("{e}"));
        let Node::BinOp(top) = ast.node(ast.root()) else { panic!("not a BinOp") };
        assert_eq!((top.op, ast.node(top.left)), (Op::Add, Node::Number(1)));
        assert_eq!(ast.depth(), 3);
    }
}
