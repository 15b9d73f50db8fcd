//! Part 7, "a terrifying visitor": an expression evaluator whose tree walk is written two ways.
//!
//! - [`compiler1`]: the classic recursive visitor. One frame per tree level, so a deep tree exhausts the stack;
//!   CPython raises `RecursionError`, Rust would abort, so ours counts levels and stops with the same error.
//! - [`compiler2`]: each visitor method is a generator that *yields* the child it needs and is resumed with the
//!   child's value; one driver keeps the generators on an explicit stack, so the walk never recurses and the depth
//!   is limited by memory only.
//!
//! Both share [`tokenizer`], [`parser`] and [`ast`]. The language is the original's (integers, `+ - * /`,
//! whitespace) plus parentheses, so that a user can build deep trees from both sides: `0+1+...` leans left,
//! `1+(1+(1+...))` leans right.
//!
//! How each sample reports:
//! - `--expr TEXT` replaces the first expression (`2 + 3*4 - 5`); `--terms N` makes the second one the chain
//!   `0+1+...+(N-1)` (default 1000). Both sections are always printed.
//! - An input that does not parse, or `--terms 0`, is the user's mistake: the sample fails (the CLI exits 1) and
//!   the message gives the byte position and what was expected.
//! - An evaluation that fails (division by zero, overflow, the recursion limit) is the program's answer, as a
//!   Python traceback would be: the section prints `Error: <message>` instead of `Result: <value>`.
//! - A machine limit (no memory for the tree, no stack for a coroutine) fails the sample with a message that
//!   says which limit.

pub mod ast;
pub mod compiler1;
pub mod compiler2;
pub mod parser;
pub mod tokenizer;

use std::fmt::Write as _;

use ast::{EvalError, TooLarge};
use parser::ParseError;

use crate::backend::stackful::StackError;
use crate::transcript::Transcript;

/// The first section's expression, as in the original.
pub const EXPRESSION: &str = "2 + 3*4 - 5";

/// The default length of the explosion chain `0+1+...+999`, as in the original.
pub const DEFAULT_TERMS: u64 = 1000;

/// What the compiler samples can fail with. Each message is complete on one line (the cause is part of it, not
/// a separate `source`), so the CLI prints it once.
#[derive(Debug, thiserror::Error)]
pub enum CompilerError {
    /// `--expr -`: standard input could not be read as text.
    #[error("{0}")]
    Input(String),
    /// The expression does not parse.
    #[error("cannot parse {shown}: {error}")]
    Parse {
        /// The input, quoted if short.
        shown: String,
        /// Where and why.
        error: ParseError,
    },
    /// `--terms 0`.
    #[error("--terms must be at least 1: the chain 0+1+...+(N-1) needs one term")]
    NoTerms,
    /// `--terms` asks for more than memory holds.
    #[error("--terms {terms}: not enough memory for the expression's text")]
    TermsTooMany {
        /// What was asked.
        terms: u64,
    },
    /// `--terms` asks for a chain whose text, tree and walk would not fit in the memory available now.
    #[error(
        "--terms {terms} would need about {needed} for the expression, its tree and the walk, and this machine has \
         {available} available; at most about {fits} terms fit",
        needed = gigabytes(*needed), available = gigabytes(*available)
    )]
    TermsExceedMemory {
        /// What was asked.
        terms: u64,
        /// The estimate, in bytes.
        needed: u64,
        /// `MemAvailable`, in bytes.
        available: u64,
        /// How many terms would fit.
        fits: u64,
    },
    /// Evaluation failed: the transcript's `Error:` line.
    #[error(transparent)]
    Eval(#[from] EvalError),
    /// The tree is too large for memory or for 32-bit node ids.
    #[error(transparent)]
    TooLarge(#[from] TooLarge),
    /// compiler2's driver could not grow its stack of generators.
    #[error("out of memory for compiler2's stack of {live} generators")]
    DriverStack {
        /// How many were live.
        live: usize,
    },
    /// The stackful per-node visitor ran out of coroutine stacks (the kernel's map-count limit).
    #[error(
        "the stackful per-node visitor could not start coroutine number {number} (one per level of the path being \
         visited): {error}; the stackful big-stack answer has no such limit"
    )]
    PerNodeStack {
        /// How many coroutines were live, plus the one that failed.
        number: usize,
        /// What the OS said.
        error: StackError,
    },
    /// The stackful big-stack answer could not map its stack.
    #[error("the stackful big-stack visitor could not get a stack for a tree {depth} levels deep: {error}")]
    BigStack {
        /// The tree's depth.
        depth: usize,
        /// What the OS said.
        error: StackError,
    },
}

/// Parses `text`, naming it in the error.
pub fn parse(text: &str) -> Result<ast::Ast, CompilerError> {
    parser::parse(text).map_err(|error| {
        let shown =
            if text.len() <= 60 { format!("{text:?}") } else { format!("the expression ({} bytes)", text.len()) };
        CompilerError::Parse { shown, error }
    })
}

/// What one term of the chain costs besides its text, with a margin: two 16-byte nodes in a `Vec` that may be
/// twice as large as it needs while it grows, and one level of compiler2's walk (measured: about 55 bytes per term
/// in all, for 10 million terms on the native backend).
pub const BYTES_PER_TERM: u64 = 112;

/// `1.5 GB`: a byte count for a person.
fn gigabytes(bytes: u64) -> String {
    format!("{:.1} GB", bytes as f64 / 1e9)
}

/// The memory the kernel says a new allocation can get without swapping (`MemAvailable`), if it says.
fn available_memory() -> Option<u64> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = meminfo.lines().find(|line| line.starts_with("MemAvailable:"))?;
    let kilobytes: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    kilobytes.checked_mul(1024)
}

/// The text `0+1+...+(N-1)` for `--terms N`: the original's "explosion".
///
/// # Errors
///
/// [`CompilerError::NoTerms`] for 0; [`CompilerError::TermsExceedMemory`] when the estimate of text, tree and
/// walk exceeds the memory available now, before anything is allocated (Linux overcommits, so an allocation
/// that is too large rarely fails cleanly: the process is killed later instead); [`CompilerError::TermsTooMany`]
/// when the text cannot be allocated all the same.
pub fn explosion(terms: u64) -> Result<String, CompilerError> {
    if terms == 0 {
        return Err(CompilerError::NoTerms);
    }
    let too_many = CompilerError::TermsTooMany { terms };
    // Every term has at most as many digits as the last one, plus its '+'.
    let per_term = (terms - 1).to_string().len() as u64 + 1;
    if let Some(available) = available_memory() {
        let needed = terms.saturating_mul(per_term + BYTES_PER_TERM);
        if needed > available {
            let fits = available / (per_term + BYTES_PER_TERM);
            return Err(CompilerError::TermsExceedMemory { terms, needed, available, fits });
        }
    }
    let length = usize::try_from(terms.saturating_mul(per_term)).map_err(|_| CompilerError::TermsTooMany { terms })?;
    let mut text = String::new();
    if text.try_reserve_exact(length).is_err() {
        return Err(too_many);
    }
    for term in 0..terms {
        if term > 0 {
            text.push('+');
        }
        // Writing into a String cannot fail, and the capacity is already there.
        let _ = write!(text, "{term}");
    }
    Ok(text)
}

/// Prints one section's outcome: `Result: <value>`, or `Error: <message>` for an evaluation error. Any other
/// error (a machine limit) fails the sample.
pub fn report(t: &Transcript, outcome: Result<i64, CompilerError>) -> Result<(), CompilerError> {
    match outcome {
        Ok(value) => t.line(format!("Result: {value}")),
        Err(CompilerError::Eval(error)) => t.line(format!("Error: {error}")),
        Err(other) => return Err(other),
    }
    Ok(())
}

/// `--expr -`: the whole of `input` (standard input), which must be UTF-8 text.
///
/// # Errors
///
/// [`CompilerError::Input`] when it cannot be read or is not UTF-8.
pub fn read_expression(mut input: impl std::io::Read) -> Result<String, CompilerError> {
    let mut bytes = Vec::new();
    input
        .read_to_end(&mut bytes)
        .map_err(|error| CompilerError::Input(format!("cannot read the expression from standard input: {error}")))?;
    String::from_utf8(bytes).map_err(|error| {
        CompilerError::Input(format!(
            "the expression on standard input is not UTF-8 text (invalid byte at offset {})",
            error.utf8_error().valid_up_to()
        ))
    })
}
