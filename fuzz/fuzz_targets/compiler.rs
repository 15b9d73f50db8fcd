//! Part 7 on hostile text, differentially: every evaluator must give the same answer.
//!
//! The input bytes are the expression (`--expr`), as UTF-8 when they are valid and lossily converted when not
//! (the CLI reads text, and a replacement character is one more character that starts no token). The text is
//! parsed once, since both compilers share the tokenizer and the parser, then evaluated four ways: compiler1's
//! recursive visitor, and compiler2's driver on native, stackless and stackful (which picks its per-node driver
//! or its big stack by the tree's depth, as the sample does). Checked, for every input:
//!
//! - nothing panics, and nothing aborts (a stack overflow would kill the process: libFuzzer reports it);
//! - a syntax error points inside the input (at most its length, on a character boundary) and says so;
//! - the four evaluators agree: all the same value, or all the same error, `EvalError`'s fields included (which
//!   operation failed, on which operands: the position of the failure in the tree's post-order walk).
//!   **Excepted**: compiler1's depth limit. On a tree deeper than [`RECURSION_LIMIT`] levels, compiler1 may stop
//!   with `RecursionDepth` where compiler2 walks on (that is the sample's point); it must never stop so on a
//!   tree within its limit, and when it does finish, it must agree with the others;
//! - no machine limit (`CompilerError` other than an evaluation error) is reached: the input is bounded, so
//!   none should be.
//!
//! Memory is bounded by the input's length: inputs over [`MAX_LEN`] bytes are skipped (libFuzzer's own
//! `-max_len`, 4096 by default, is smaller still; raise it to 65536 to reach the stackful big stack, which
//! needs a tree over 10,000 levels deep, 20,000 bytes at least). A byte makes at most one node (16 bytes) and
//! one level, so a tree is at most 1 MiB, compiler2's driver holds at most 32,768 generators, the stackful
//! per-node driver at most `PER_NODE_DEPTH` = 10,000 pooled 256 KiB stacks (reserved address space; only the
//! pages touched count against libFuzzer's `-rss_limit_mb`, 2048 by default, which fails the run if exceeded),
//! and the big stack at most 32 MiB.
//!
//! [`RECURSION_LIMIT`]: final_frontier::part7_compiler::compiler1::RECURSION_LIMIT

#![no_main]

use final_frontier::backend::Backend;
use final_frontier::part7_compiler::ast::EvalError;
use final_frontier::part7_compiler::compiler1::{self, RECURSION_LIMIT};
use final_frontier::part7_compiler::parser::ParseError;
use final_frontier::part7_compiler::{CompilerError, compiler2, parse};
use libfuzzer_sys::fuzz_target;

/// The longest input evaluated, in bytes (see the module docs).
const MAX_LEN: usize = 64 * 1024;

/// What an evaluator says about a tree: its value or an evaluation error. A machine limit is a failure.
fn outcome(evaluator: &str, result: Result<i64, CompilerError>) -> Result<i64, EvalError> {
    match result {
        Ok(value) => Ok(value),
        Err(CompilerError::Eval(error)) => Err(error),
        Err(other) => panic!("{evaluator} hit a machine limit on an input of at most {MAX_LEN} bytes: {other}"),
    }
}

fuzz_target!(|data: &[u8]| {
    if data.len() > MAX_LEN {
        return;
    }
    let text = String::from_utf8_lossy(data);
    let ast = match parse(&text) {
        Ok(ast) => ast,
        Err(CompilerError::Parse { error: ParseError::Syntax(error), .. }) => {
            assert!(error.position <= text.len() && text.is_char_boundary(error.position), "{error:?} in {text:?}");
            assert!(error.to_string().starts_with(&format!("syntax error at byte {}: ", error.position)));
            return;
        }
        Err(other) => panic!("parsing at most {MAX_LEN} bytes failed with something else than a syntax error: {other}"),
    };

    let native = outcome("native", compiler2::evaluate(&ast, Backend::Native));
    for backend in [Backend::Stackless, Backend::Stackful] {
        let other = outcome(backend.name(), compiler2::evaluate(&ast, backend));
        assert_eq!(other, native, "compiler2 on {backend} and on native disagree about {text:?}");
    }
    let depth = ast.depth();
    match outcome("compiler1", compiler1::evaluate(&ast)) {
        Err(EvalError::RecursionDepth { limit }) => {
            assert_eq!(limit, RECURSION_LIMIT);
            assert!(depth > RECURSION_LIMIT, "compiler1 stopped at its limit on a tree {depth} levels deep");
        }
        recursive => assert_eq!(recursive, native, "compiler1 and compiler2 disagree about {text:?}"),
    }
});
