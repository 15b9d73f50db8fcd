//! Part 7 behaviour: syntax errors with positions, arithmetic errors instead of panics, deep trees (a million
//! parentheses) on every backend, the recursive visitor's limit, the CLI's exit codes, and property tests that
//! random input never panics and that every evaluator agrees.
//!
//! The stackful per-node limit (the kernel's map count) has its own test binary, `compiler_stackful_limit.rs`:
//! while it runs, the process has no memory mappings left, and a test running beside it in this binary could
//! fail to map a thread stack or a large allocation.

use std::process::Command;

use final_frontier::backend::Backend;
use final_frontier::backend::stackful::fresh_stack;
use final_frontier::part7_compiler::ast::{Ast, AstBuilder, EvalError, NodeId, Op};
use final_frontier::part7_compiler::compiler2::{self, stackful};
use final_frontier::part7_compiler::parser::{Expected, ParseError, SyntaxError, parse};
use final_frontier::part7_compiler::{CompilerError, compiler1};
use proptest::prelude::*;

/// Every evaluator's answer must be this one, error included.
type Outcome = Result<i64, EvalError>;

fn outcome(result: Result<i64, CompilerError>) -> Outcome {
    match result {
        Ok(value) => Ok(value),
        Err(CompilerError::Eval(error)) => Err(error),
        Err(other) => panic!("a machine limit on a small tree: {other}"),
    }
}

/// Evaluates `ast` with compiler1's recursive visitor, compiler2's driver and its measured variant on each
/// backend, and both stackful answers explicitly; asserts they agree and returns the common outcome.
fn evaluate_everywhere(ast: &Ast) -> Outcome {
    let recursive = outcome(compiler1::evaluate(ast));
    for backend in Backend::ALL {
        assert_eq!(outcome(compiler2::evaluate(ast, backend)), recursive, "{backend} disagrees");
        let variant = compiler2::evaluate_leaves_inline(ast, backend);
        assert_eq!(outcome(variant), recursive, "{backend}'s leaves-inline variant disagrees");
    }
    assert_eq!(outcome(compiler2::visit(ast, stackful::genvisit)), recursive, "stackful per node disagrees");
    assert_eq!(outcome(stackful::visit_on_big_stack(ast)), recursive, "stackful big stack disagrees");
    recursive
}

fn syntax_error(text: &str) -> SyntaxError {
    match parse(text) {
        Err(ParseError::Syntax(error)) => error,
        other => panic!("{text:?}: expected a syntax error, got {other:?}"),
    }
}

fn parsed(text: &str) -> Ast {
    parse(text).unwrap_or_else(|error| panic!("{text:?}: {error}"))
}

#[test]
fn syntax_errors_carry_position_and_expectation() {
    let cases: [(&str, usize, Expected, &str); 5] = [
        ("2 + * 3", 4, Expected::Operand, "'*'"),
        ("(1 + 2", 6, Expected::OperatorOrClose { open: 0 }, "the end of the input"),
        ("12a", 2, Expected::OperatorOrEnd, "'a'"),
        ("", 0, Expected::Operand, "the end of the input"),
        (")", 0, Expected::Operand, "')'"),
    ];
    for (text, position, expected, found) in cases {
        assert_eq!(syntax_error(text), SyntaxError { position, expected, found: found.to_string() }, "{text:?}");
    }
}

#[test]
fn arithmetic_errors_are_errors_on_every_evaluator() {
    assert_eq!(evaluate_everywhere(&parsed("2 + 3*4 - 5")), Ok(9));
    assert_eq!(evaluate_everywhere(&parsed("(0 - 7) / 2")), Ok(-4), "'/' floors, like Python's //");
    assert_eq!(evaluate_everywhere(&parsed("1 + 7 / (3 - 3)")), Err(EvalError::DivisionByZero { left: 7 }));
    let max = i64::MAX;
    assert_eq!(
        evaluate_everywhere(&parsed(&format!("{max} + 1"))),
        Err(EvalError::Overflow { op: Op::Add, left: max, right: 1 })
    );
    assert_eq!(
        evaluate_everywhere(&parsed(&format!("(0 - {max} - 1) / (0 - 1)"))),
        Err(EvalError::Overflow { op: Op::Div, left: i64::MIN, right: -1 })
    );
}

/// `n` levels of `1+(1+(...(1)))`: a tree that leans right, n levels deep, worth n.
fn right_leaning(n: usize) -> String {
    let mut text = "1+(".repeat(n - 1);
    text.push('1');
    text.push_str(&")".repeat(n - 1));
    text
}

#[test]
fn a_million_nested_parentheses() {
    const N: usize = 1_000_000;
    // Parentheses alone make no nodes: the parser must only not recurse.
    let text = format!("{}42{}", "(".repeat(N), ")".repeat(N));
    let ast = parsed(&text);
    assert_eq!((ast.len(), ast.depth()), (1, 1));
    assert_eq!(compiler1::evaluate(&ast).ok(), Some(42));

    // Unbalanced: the error points at the end and at the parenthesis left open.
    let error = syntax_error(&text[..text.len() - 1]);
    assert_eq!((error.position, error.expected), (2 * N + 1, Expected::OperatorOrClose { open: 0 }));
    let error = syntax_error(&format!("{text})"));
    assert_eq!((error.position, error.expected), (2 * N + 2, Expected::OperatorOrEnd));

    // A million levels from the right: compiler2 walks it on every backend (stackful via its big stack), the
    // recursive visitor refuses it, and dropping the tree is one free (the arena), not a million-deep recursion.
    let ast = parsed(&right_leaning(N));
    assert_eq!(ast.depth(), N);
    for backend in Backend::ALL {
        assert_eq!(outcome(compiler2::evaluate(&ast, backend)), Ok(N as i64), "{backend}");
        assert_eq!(outcome(compiler2::evaluate_leaves_inline(&ast, backend)), Ok(N as i64), "{backend}: variant");
    }
    assert_eq!(
        outcome(compiler1::evaluate(&ast)),
        Err(EvalError::RecursionDepth { limit: compiler1::RECURSION_LIMIT })
    );
    drop(ast);
}

#[test]
fn the_recursive_visitor_stops_at_its_limit_with_room_to_spare() {
    // 512 KiB, a quarter of a test thread's stack: the full limit must fit in it even in a debug build.
    let limit = compiler1::RECURSION_LIMIT;
    let run = move || {
        let at_limit = parsed(&right_leaning(limit));
        let beyond = parsed(&right_leaning(limit + 1));
        (outcome(compiler1::evaluate(&at_limit)), outcome(compiler1::evaluate(&beyond)))
    };
    let thread = std::thread::Builder::new().stack_size(512 * 1024).spawn(run);
    let joined = thread.map(|handle| handle.join());
    let Ok(Ok((at_limit, beyond))) = joined else { panic!("the recursive visitor's thread failed") };
    assert_eq!(at_limit, Ok(limit as i64));
    assert_eq!(beyond, Err(EvalError::RecursionDepth { limit }));
    assert_eq!(EvalError::RecursionDepth { limit }.to_string(), "maximum recursion depth exceeded");
}

#[test]
fn the_big_stack_holds_the_depth_it_was_sized_for() {
    // If BYTES_PER_LEVEL were too small for this build, this would hit the guard page and kill the process.
    for depth in [1, 1_000, 20_000] {
        let ast = parsed(&right_leaning(depth));
        assert_eq!(outcome(stackful::visit_on_big_stack(&ast)), Ok(depth as i64));
    }
    // A kept stack too small for the tree: the limit follows the stack's size, so an error, not a crash.
    let mut small = fresh_stack(stackful::big_stack_size(100)).unwrap_or_else(|error| panic!("{error}"));
    let ast = parsed(&right_leaning(100_000));
    assert!(matches!(outcome(stackful::visit_on_stack(&ast, &mut small)), Err(EvalError::RecursionDepth { .. })));
    assert_eq!(outcome(stackful::visit_on_stack(&parsed("1+(2*3)"), &mut small)), Ok(7), "the stack is reusable");
}

fn cli(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_final-frontier"))
        .args(args)
        .output()
        .unwrap_or_else(|error| panic!("cannot run the CLI: {error}"));
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (output.status.code().unwrap_or(-1), text(&output.stdout), text(&output.stderr))
}

#[test]
fn the_cli_reports_bad_input_with_its_position() {
    let (code, _, stderr) = cli(&["run", "compiler1", "--expr", "2 + * 3"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("syntax error at byte 4: expected a number or '(', found '*'"), "{stderr}");
    // `--terms 0` is misuse, refused before anything runs; a library caller gets the sample's own error.
    let (code, stdout, stderr) = cli(&["run", "compiler2", "--backend", "native", "--terms", "0"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(stderr.contains("invalid value '0' for '--terms <N>'"), "{stderr}");
    let error = final_frontier::part7_compiler::explosion(0).map(|_| ()).map_err(|e| e.to_string());
    assert_eq!(error, Err("--terms must be at least 1: the chain 0+1+...+(N-1) needs one term".to_string()));
    let (code, stdout, _) = cli(&["run", "compiler2", "--backend", "stackful", "--expr", "(1+2)*3", "--terms", "10"]);
    assert_eq!((code, stdout.as_str()), (0, "---- Evaluation\nResult: 9\n---- Evil Evaluation\nResult: 45\n"));
}

// ---- property tests: at least 10,000 cases each, on small inputs so that they stay cheap in debug builds.

/// A test-side expression tree, printed with the fewest parentheses and built into an [`Ast`] directly.
#[derive(Debug, Clone)]
enum Expr {
    Num(i64),
    Bin(Op, Box<Expr>, Box<Expr>),
}

impl Expr {
    /// With the fewest parentheses: a child needs them if it binds more loosely than its parent, or equally
    /// tightly on the right (chains lean left).
    fn text(&self, parent: u8, on_right: bool, out: &mut String) {
        match self {
            Expr::Num(value) => out.push_str(&value.to_string()),
            Expr::Bin(op, left, right) => {
                let precedence = op.precedence();
                let parens = precedence < parent || (on_right && precedence == parent);
                if parens {
                    out.push('(');
                }
                left.text(precedence, false, out);
                out.push_str(&format!(" {op} "));
                right.text(precedence, true, out);
                if parens {
                    out.push(')');
                }
            }
        }
    }

    fn build(&self, builder: &mut AstBuilder) -> NodeId {
        let built = match self {
            Expr::Num(value) => builder.number(*value),
            Expr::Bin(op, left, right) => {
                let (left, right) = (left.build(builder), right.build(builder));
                builder.binop(*op, left, right)
            }
        };
        built.unwrap_or_else(|error| panic!("{error}"))
    }

    /// The reference: i128 arithmetic and Euclid's division, independent of `Op::apply`.
    fn value(&self) -> Outcome {
        match self {
            Expr::Num(value) => Ok(*value),
            Expr::Bin(op, left, right) => {
                let (l, r) = (left.value()?, right.value()?);
                let (a, b) = (i128::from(l), i128::from(r));
                let exact = match op {
                    Op::Add => a + b,
                    Op::Sub => a - b,
                    Op::Mul => a * b,
                    Op::Div if b == 0 => return Err(EvalError::DivisionByZero { left: l }),
                    Op::Div if b > 0 => a.div_euclid(b),
                    Op::Div => (-a).div_euclid(-b),
                };
                i64::try_from(exact).map_err(|_| EvalError::Overflow { op: *op, left: l, right: r })
            }
        }
    }
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![Just(Op::Add), Just(Op::Sub), Just(Op::Mul), Just(Op::Div)]
}

fn expr() -> impl Strategy<Value = Expr> {
    // Mostly small numbers (zeros for division, exact results), sometimes huge ones (overflow).
    let leaf = prop_oneof![9 => (0i64..20).prop_map(Expr::Num), 1 => (0i64..=i64::MAX).prop_map(Expr::Num)];
    leaf.prop_recursive(8, 40, 2, |inner| {
        (op(), inner.clone(), inner).prop_map(|(op, left, right)| Expr::Bin(op, Box::new(left), Box::new(right)))
    })
}

/// Parses whatever text; if it parses, every evaluator must agree. Must never panic.
fn check_text(text: &str) {
    match parse(text) {
        Ok(ast) => {
            let _agreed = evaluate_everywhere(&ast);
        }
        Err(ParseError::Syntax(error)) => {
            assert!(error.position <= text.len() && text.is_char_boundary(error.position), "{error}");
        }
        Err(ParseError::TooLarge(error)) => panic!("a small input is too large: {error}"),
    }
}

const TOKENS: &[&str] =
    &["0", "7", "12", "9223372036854775807", "99999999999999999999", "+", "-", "*", "/", "(", ")", " ", "\t", "x"];

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_strings_never_panic(text in prop_oneof!["\\PC{0,24}", "[0-9 +*/()\\-]{0,32}"]) {
        check_text(&text);
    }

    #[test]
    fn random_token_sequences_never_panic(tokens in prop::collection::vec(prop::sample::select(TOKENS), 0..24)) {
        check_text(&tokens.concat());
    }

    #[test]
    fn random_trees_parse_back_and_agree_everywhere(tree in expr()) {
        let mut text = String::new();
        tree.text(0, false, &mut text);
        let mut builder = AstBuilder::new();
        let root = tree.build(&mut builder);
        let ast = parsed(&text);
        prop_assert_eq!(&ast, &builder.finish(root), "{} does not parse to its own tree", text);
        prop_assert_eq!(evaluate_everywhere(&ast), tree.value());
    }
}
