//! compiler1.py: the recursive visitor (no generator).
//!
//! The original: a tokenizer (one regex of named groups run by a scanner, whitespace dropped, tokens made
//! lazily), a recursive-descent parser (`expr`, `term`, `factor`, one helper `accept`) that builds `BinOp` and
//! `Number` nodes, and a visitor that dispatches on the node's class name. `Evaluator.visit_BinOp` visits both
//! children recursively and applies the operator. The main program prints `---- Evaluation` and the value of
//! `2 + 3*4 - 5`; a function `explosion()`, defined but never called, evaluates `0+1+...+999` and dies with
//! `RecursionError`. The twin's visitor (python/compiler1.py):
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/compiler1/NodeVisitor.md"))]
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/compiler1/Evaluator.md"))]
//!
//! Python dispatches on the node's class name at run time; Rust dispatches with a `match` on [`Node`], checked
//! at compile time for a missing `visit_*`. The walk is the same: one `visit` frame and one `visit_*` frame per
//! tree level, so the explosion `0+1+...+999`, a tree 1000 levels deep, needs about 2000 frames.
//!
//! What Rust makes explicit: CPython counts its frames and raises `RecursionError` at 1000 (so this tree fails
//! from about 500 levels, two frames each). A Rust stack overflow is not an exception: it aborts the whole
//! process. So the [`Evaluator`] counts levels itself and returns [`EvalError::RecursionDepth`] at
//! [`RECURSION_LIMIT`], and the transcript ends in the same line the Python twin prints when CPython gives up:
//! `Error: maximum recursion depth exceeded`.
//!
//! Why 500: it is CPython's own limit in tree levels, so both programs explode on the same inputs (give or
//! take the few frames CPython's `main` already uses), and it is far from the stack's end. One level (two frames)
//! measured about 580 bytes in a debug build and 110 in release, so 500 levels take about 290 KB in debug
//! (`tests/compiler.rs` runs all 500 on a 512 KiB thread). Tests run on 2 MiB threads: a margin of about 7x in
//! debug and 35x in release. Safe Rust cannot ask how much stack is left, so a fixed limit with a wide margin is
//! the honest way to never overflow.
//!
//! ## Deviations
//!
//! - The run calls the explosion, as a second section `---- Explosion` (the study shows it fail); the original
//!   defines `explosion()` and never calls it.
//! - The language has parentheses, so that a user can build deep trees from the right too; `/` divides (floor
//!   division), where the original's `/` branch multiplies (a slip in the tutorial's code); numbers are 64-bit,
//!   and overflow and division by zero are errors printed as `Error: ...` (the twin's `apply`).
//! - A character that is not a token is a syntax error with its position, where the original's scanner silently
//!   stops; a parse error names the position, what was expected and what was found (the original raises a bare
//!   `SyntaxError`), and the run fails with it before printing anything. The twin raises the same messages from
//!   its plumbing block. Digits and whitespace are ASCII only.
//! - The Rust tokenizer is a hand-written scanner, and the parser does not recurse (see [`super::tokenizer`] and
//!   [`super::parser`]); the twin keeps the original's regex scanner and recursive descent.
//! - `--expr` and `--terms` replace the two expressions (the original's are the defaults). The twin's `main` and
//!   `explosion` take them as parameters.
#![doc = include_str!(concat!(env!("OUT_DIR"), "/output/compiler1.md"))]

use super::ast::{Ast, BinOp, EvalError, Node, NodeId};
use super::{CompilerError, explosion, parse, report};
use crate::transcript::Transcript;

/// The recursive visitor's depth limit, in tree levels (see the module docs).
pub const RECURSION_LIMIT: usize = 500;

/// The recursive evaluator: Python's `Evaluator(NodeVisitor)` from compiler1.py.
pub struct Evaluator {
    limit: usize,
    depth: usize,
}

impl Default for Evaluator {
    fn default() -> Self {
        Self::new()
    }
}

impl Evaluator {
    /// An evaluator that stops at [`RECURSION_LIMIT`] levels.
    pub fn new() -> Self {
        Self::with_limit(RECURSION_LIMIT)
    }

    /// An evaluator that stops at `limit` levels: for a caller that has made sure the stack holds them
    /// (compiler2's stackful big-stack answer sizes a stack for the tree and passes its depth).
    pub fn with_limit(limit: usize) -> Self {
        Evaluator { limit, depth: 0 }
    }

    /// Python's `NodeVisitor.visit`: dispatch on the kind of node.
    pub fn visit(&mut self, ast: &Ast, node: NodeId) -> Result<i64, EvalError> {
        if self.depth >= self.limit {
            return Err(EvalError::RecursionDepth { limit: self.limit });
        }
        self.depth += 1;
        let value = match ast.node(node) {
            Node::Number(value) => self.visit_number(value),
            Node::BinOp(binop) => self.visit_binop(ast, binop),
        };
        self.depth -= 1;
        value
    }

    fn visit_number(&mut self, value: i64) -> Result<i64, EvalError> {
        Ok(value)
    }

    fn visit_binop(&mut self, ast: &Ast, node: BinOp) -> Result<i64, EvalError> {
        let left = self.visit(ast, node.left)?;
        let right = self.visit(ast, node.right)?;
        node.apply(left, right)
    }
}

/// Evaluates a whole tree with the recursive visitor.
pub fn evaluate(ast: &Ast) -> Result<i64, CompilerError> {
    Ok(Evaluator::new().visit(ast, ast.root())?)
}

/// Runs compiler1.py's demo: the evaluation of `expr`, then the explosion `0+1+...+(terms-1)`.
pub fn run(t: &Transcript, expr: &str, terms: u64) -> Result<(), CompilerError> {
    // The chain's text first: a --terms that cannot fit is refused before anything is printed.
    let chain = explosion(terms)?;
    let tree = parse(expr)?;
    t.line("---- Evaluation");
    report(t, evaluate(&tree))?;

    let tree = parse(&chain)?;
    t.line("---- Explosion");
    report(t, evaluate(&tree))?;
    Ok(())
}
