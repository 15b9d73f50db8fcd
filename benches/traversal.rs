//! Per-node cost of walking an expression tree: compiler2's generator driver on each backend against the limit,
//! a hand-written explicit-stack loop, and against plain recursion.
//!
//! Ids are `traversal/<variant>/<shape>/<n>`; throughput is in tree nodes, so criterion's time per element is the
//! cost per node.
//!
//! - shapes: `balanced/1048575` (a complete tree of 2^20 - 1 nodes, 20 levels) and `chain/N`, the compilers'
//!   left-leaning `0+1+...+(N-1)` (N = 100,000 and 1,000,000 terms, 2N - 1 nodes, N levels: `--terms N`).
//! - variants: `explicit-stack` (no generator: the frames a coroutine would keep, written by hand; the limit),
//!   `recursive` (compiler1's visitor; only where it fits, the balanced tree), `native`, `native-boxed` (the same
//!   coroutines behind `Box<dyn Generator>`: one allocation per node), `stackless`, `stackful-per-node` (one
//!   corosensei coroutine per level; only the balanced tree fits under the map-count limit) and
//!   `stackful-big-stack` (compiler1's recursion on one stack sized for the tree, mapped afresh each walk, as
//!   the sample does) and `stackful-kept-stack` (the same on a stack mapped once and kept: the recursion alone);
//!   `native-genvisit`, `stackless-genvisit` and `stackful-genvisit` (the sample's own driver, Beazley's: a
//!   `genvisit` generator for every node, leaves too, delegating to `visit_binop` with `yield from`; the rows
//!   without the suffix run the optimised driver, `visit_leaves_inline`, which gives a leaf no generator);
//!   and the peers, `visit_binop` written on each and run by compiler2's own driver through the adapters of
//!   `benches/common`: `next-gen` (stackless, one boxed generator per node) and `generator-crate` (stackful, a
//!   freshly mapped stack per node: it keeps no pool, and only the balanced tree fits under the map-count limit;
//!   deeper, the crate panics when the OS refuses a stack).

#![feature(coroutines)] // benches/common's native bodies

mod common;

use std::hint::black_box;
use std::time::Duration;

use common::{GeneratorRs, NextGen, suspend};
use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use final_frontier::backend::stackful::fresh_stack;
use final_frontier::generator::{Generator, GeneratorExt, Step};
use final_frontier::part7_compiler::ast::{Ast, AstBuilder, BinOp, EvalError, Node, NodeId, Op};
use final_frontier::part7_compiler::compiler1;
use final_frontier::part7_compiler::compiler2::{self, native, stackful, stackless};
use next_gen::generator_fn::CallBoxed;

/// compiler2's `visit_binop` on the `generator` crate: a stack mapped for this node alone.
fn generator_crate_visit_binop(node: BinOp) -> GeneratorRs<i64, NodeId, Result<i64, EvalError>> {
    GeneratorRs::new(move |mut scope| {
        let left = suspend(&mut scope, node.left);
        let right = suspend(&mut scope, node.right);
        Step::Return(node.apply(left, right))
    })
}

/// compiler2's `visit_binop` on `next-gen`.
#[next_gen::generator(yield(NodeId), resume(i64))]
fn next_gen_visit_binop(node: BinOp) -> Result<i64, EvalError> {
    let left = yield_!(node.left);
    let right = yield_!(node.right);
    node.apply(left, right)
}

fn next_gen_binop(node: BinOp) -> impl Generator<i64, Yield = NodeId, Return = Result<i64, EvalError>> {
    NextGen::new(next_gen_visit_binop.call_boxed((node,)))
}

/// The limit: a post-order walk with an explicit stack of frames, each frame what a `visit_binop` coroutine keeps
/// at its `yield`s (the node, and the left value once it is known).
fn explicit_stack(ast: &Ast) -> Result<i64, EvalError> {
    enum Frame {
        Left(BinOp),
        Right(BinOp, i64),
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut node = ast.root();
    loop {
        let mut value = match ast.node(node) {
            Node::Number(value) => value,
            Node::BinOp(binop) => {
                stack.push(Frame::Left(binop));
                node = binop.left;
                continue;
            }
        };
        loop {
            match stack.pop() {
                None => return Ok(value),
                Some(Frame::Left(binop)) => {
                    stack.push(Frame::Right(binop, value));
                    node = binop.right;
                    break;
                }
                Some(Frame::Right(binop, left)) => value = binop.apply(left, value)?,
            }
        }
    }
}

fn built(result: Result<NodeId, impl std::fmt::Display>) -> NodeId {
    result.unwrap_or_else(|error| panic!("cannot build the tree: {error}"))
}

/// A complete binary tree with 2^levels - 1 nodes; leaves are 0, 1, 2, ... and operators alternate + and -.
fn balanced(levels: u32) -> Ast {
    let mut builder = AstBuilder::new();
    let mut layer: Vec<NodeId> = (0..1i64 << (levels - 1)).map(|n| built(builder.number(n))).collect();
    while layer.len() > 1 {
        layer = layer
            .chunks(2)
            .enumerate()
            .map(|(i, pair)| built(builder.binop(if i % 2 == 0 { Op::Add } else { Op::Sub }, pair[0], pair[1])))
            .collect();
    }
    builder.finish(layer[0])
}

/// `0+1+...+(terms-1)`, leaning left, as the parser builds it.
fn chain(terms: i64) -> Ast {
    let mut builder = AstBuilder::new();
    let mut left = built(builder.number(0));
    for n in 1..terms {
        let right = built(builder.number(n));
        left = built(builder.binop(Op::Add, left, right));
    }
    builder.finish(left)
}

fn walk(
    group: &mut BenchmarkGroup<'_, WallTime>,
    variant: &str,
    shape: &str,
    n: u64,
    ast: &Ast,
    expected: i64,
    evaluate: impl Fn(&Ast) -> Option<i64>,
) {
    assert_eq!(evaluate(ast), Some(expected), "{variant} on {shape}/{n}");
    group.throughput(Throughput::Elements(ast.len() as u64));
    group.bench_with_input(BenchmarkId::new(format!("{variant}/{shape}"), n), ast, |b, ast| {
        b.iter(|| evaluate(black_box(ast)))
    });
}

fn traversal(c: &mut Criterion) {
    let mut group = c.benchmark_group("traversal");
    group.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));

    let shapes = [
        ("balanced", (1u64 << 20) - 1, balanced(20)),
        ("chain", 100_000, chain(100_000)),
        ("chain", 1_000_000, chain(1_000_000)),
    ];
    for (shape, n, ast) in &shapes {
        let (shape, n) = (*shape, *n);
        let depth = ast.depth();
        let expected = explicit_stack(ast).unwrap_or_else(|error| panic!("{error}"));
        walk(&mut group, "explicit-stack", shape, n, ast, expected, |ast| explicit_stack(ast).ok());
        if depth <= compiler1::RECURSION_LIMIT {
            walk(&mut group, "recursive", shape, n, ast, expected, |ast| compiler1::evaluate(ast).ok());
        }
        walk(&mut group, "native", shape, n, ast, expected, |ast| {
            compiler2::visit_leaves_inline(ast, |node| Ok(native::visit_binop(node))).ok()
        });
        walk(&mut group, "native-boxed", shape, n, ast, expected, |ast| {
            compiler2::visit_leaves_inline(ast, |node| Ok(native::visit_binop(node).boxed())).ok()
        });
        walk(&mut group, "stackless", shape, n, ast, expected, |ast| {
            compiler2::visit_leaves_inline(ast, |node| Ok(stackless::binop_generator(node))).ok()
        });
        if depth <= compiler2::PER_NODE_DEPTH {
            walk(&mut group, "stackful-per-node", shape, n, ast, expected, |ast| {
                compiler2::visit_leaves_inline(ast, stackful::binop_generator).ok()
            });
        }
        walk(&mut group, "native-genvisit", shape, n, ast, expected, |ast| {
            compiler2::visit(ast, |node| Ok(native::genvisit(node))).ok()
        });
        walk(&mut group, "stackless-genvisit", shape, n, ast, expected, |ast| {
            compiler2::visit(ast, |node| Ok(stackless::genvisit(node))).ok()
        });
        if depth <= compiler2::PER_NODE_DEPTH {
            walk(&mut group, "stackful-genvisit", shape, n, ast, expected, |ast| {
                compiler2::visit(ast, stackful::genvisit).ok()
            });
        }
        walk(&mut group, "next-gen", shape, n, ast, expected, |ast| {
            compiler2::visit_leaves_inline(ast, |node| Ok(next_gen_binop(node))).ok()
        });
        if depth <= compiler2::PER_NODE_DEPTH {
            // Seconds per walk (a stack mapped and unmapped per node): one walk per sample, not criterion's
            // growing counts.
            group.sampling_mode(SamplingMode::Flat);
            walk(&mut group, "generator-crate", shape, n, ast, expected, |ast| {
                compiler2::visit_leaves_inline(ast, |node| Ok(generator_crate_visit_binop(node))).ok()
            });
            group.sampling_mode(SamplingMode::Auto);
        }
        walk(&mut group, "stackful-big-stack", shape, n, ast, expected, |ast| stackful::visit_on_big_stack(ast).ok());
        let kept = std::cell::RefCell::new(
            fresh_stack(stackful::big_stack_size(depth)).unwrap_or_else(|error| panic!("{error}")),
        );
        walk(&mut group, "stackful-kept-stack", shape, n, ast, expected, |ast| {
            stackful::visit_on_stack(ast, &mut kept.borrow_mut()).ok()
        });
    }
    group.finish();
}

criterion_group!(benches, traversal);
criterion_main!(benches);
