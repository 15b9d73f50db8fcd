//! compiler2.py: the visitor methods are generators; one driver walks the tree without recursion.
//!
//! `visit_BinOp` no longer calls `visit` on its children: it *yields* each child and is resumed with the child's
//! value. `visit_Number` still returns its value. Between the two sits `genvisit(node)`, itself a generator, made
//! for every node, leaf or not: it calls `visit_<ClassName>(node)` and, when that returned a generator, delegates
//! to it with `yield from` and returns its value; otherwise it returns the plain value. The driver, `visit`, keeps
//! a stack of `genvisit` generators only: it sends the last result into the top one; a yielded node gets a new
//! `genvisit` pushed (and `result` goes back to `None`); a finished one is popped and its value becomes `result`.
//! Only that stack grows with the tree's depth, and it lives on the heap: `0+1+...+999` is fine, and so is a tree
//! a million levels deep. The twin's (python/compiler2.py), as the original:
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/compiler2/NodeVisitor.md"))]
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/compiler2/Evaluator.md"))]
//!
//! Here the driver, [`visit`], is written once over the [`Generator`] protocol, and `genvisit` and `visit_binop`
//! three times below, once per backend, with the same shape. A generator is resumed with an `i64` (a child's
//! value), yields a [`NodeId`] (the child it wants) and returns `Result<i64, EvalError>` (its value, or an
//! arithmetic error). Python's `send(None)` to a fresh generator is a resume with [`START`], which no body sees
//! (see [`crate::generator`]).
//!
//! What Rust makes explicit:
//!
//! - **`getattr` and `isinstance` become one `match`.** Python finds `visit_<ClassName>` by name and asks at run
//!   time whether it returned a generator; in Rust the node's kind says both at compile time: a `Number` is
//!   `visit_number`'s plain value, a `BinOp` is `visit_binop`, delegated to.
//! - **`yield from` is the backends' central contrast**: a forwarding loop ([`yield_from!`](crate::yield_from))
//!   over a native `visit_binop` coroutine; `.await` on an `async fn visit_binop` that shares `genvisit`'s `Co`
//!   (stackless); a plain call of `visit_binop` with `genvisit`'s yielder (stackful).
//! - **No allocation per node on native.** The driver is generic: each backend gets its own copy in which the
//!   generator's type is known, so the stack is a `Vec` of the coroutines themselves (a native `genvisit` is a
//!   small state machine stored inline, `visit_binop` included). A `Vec<BoxGen>` (what
//!   [`by_backend!`](crate::by_backend) builds) would allocate once per node.
//! - **The stackful backend has two honest answers**:
//!   1. *the same driver, one coroutine per node* ([`stackful::genvisit`]). It works, but each coroutine owns a
//!      stack, and each stack is two memory mappings (stack and guard page); the kernel allows 65,530 per
//!      process, so the driver fails at about 32,750 live coroutines, that is, a tree about 32,750 levels deep. It
//!      fails with [`CompilerError::PerNodeStack`], not a crash: creating a stack is fallible in this crate.
//!   2. *no generators at all* ([`stackful::visit_on_big_stack`]): a coroutine's stack can be as large as we ask,
//!      so plain recursion, compiler1's [`Evaluator`], runs on one stack sized for the tree. The "yield a child and
//!      be resumed with its value" of compiler2 is just a function call when the stack is big enough. The prices:
//!      the depth must be known before the walk to size the stack (here it is, the tree is built); each level
//!      touches about 110 bytes of stack (580 in debug), which is real memory; and mapping and faulting in a
//!      fresh stack costs more than the walk itself (see [`stackful::visit_on_stack`] and BENCHMARKS.md's
//!      traversal table).
//!
//!   The sample takes the per-node driver for trees up to [`PER_NODE_DEPTH`] levels deep and the big stack
//!   beyond, so `--terms 1000000` prints its result on every backend.
//!
//! # A measured variant: no generator for a leaf
//!
//! Half the nodes of a tree are leaves, and a leaf's `genvisit` only returns its value. [`visit_leaves_inline`]
//! skips it: the driver dispatches on the node's kind itself, sends a number's value straight to the generator
//! waiting for it, and makes a generator (`visit_binop`'s, with no `genvisit` around it) for a `BinOp` only. The
//! same walk with half the generators and no delegation level; `benches/traversal.rs` measures both drivers
//! against the hand-written explicit-stack loop. The sample itself runs Beazley's driver.
//!
//! ## Deviations
//!
//! - The language and the arithmetic are compiler1's port's (parentheses; `/` divides, where the original's
//!   multiplies; errors instead of wrong answers): see [`super::compiler1`]. The original file repeats
//!   compiler1's tokenizer, parser and nodes; the twin imports them from python/compiler1.py, as the port shares
//!   them.
//! - On the stackful backend, a tree deeper than [`PER_NODE_DEPTH`] is evaluated by recursion on one big
//!   coroutine stack instead of the driver (the kernel's map count, above).
//! - `--expr` and `--terms` replace the two expressions (the original's are the defaults).
//!
//! [`Evaluator`]: super::compiler1::Evaluator
#![doc = include_str!(concat!(env!("OUT_DIR"), "/output/compiler2.md"))]

use super::ast::{Ast, BinOp, EvalError, Node, NodeId, try_push};
use super::{CompilerError, explosion, parse, report};
use crate::backend::Backend;
use crate::backend::stackful::StackError;
use crate::generator::{Generator, Step};
use crate::trace::{self, Describe, Sent};
use crate::transcript::Transcript;

/// The first resume of every generator: Python's `send(None)`. No body sees it.
pub const START: i64 = 0;

/// The deepest tree the stackful backend walks with one coroutine per level (20,000 mappings, well under the
/// kernel's 65,530 with room for the rest of the process); deeper trees take the big-stack answer.
pub const PER_NODE_DEPTH: usize = 10_000;

/// Python's `Evaluator.visit_Number`: a plain value, no generator. Shared by the three backends.
fn visit_number(value: i64) -> i64 {
    value
}

/// Python's `NodeVisitor.visit`: evaluates the tree with an explicit stack of `genvisit` generators, one per node
/// on the path being visited, made by `genvisit` (which may fail only on the stackful backend, where a generator
/// needs a stack).
pub fn visit<G>(ast: &Ast, mut genvisit: impl FnMut(Node) -> Result<G, StackError>) -> Result<i64, CompilerError>
where
    G: Generator<i64, Yield = NodeId, Return = Result<i64, EvalError>>,
{
    let mut stack: Vec<G> = Vec::new();
    let mut push = |stack: &mut Vec<G>, node: NodeId| {
        let generator =
            genvisit(ast.node(node)).map_err(|error| CompilerError::PerNodeStack { number: stack.len() + 1, error })?;
        try_push(stack, generator).map_err(|_| CompilerError::DriverStack { live: stack.len() })
    };
    push(&mut stack, ast.root())?;
    let mut result = START;
    // For `final-frontier trace`, read once: off, the loop below is Beazley's and nothing else.
    let hooks = trace::hooks();
    // The node of a generator just pushed, until its first resume (only kept while recording).
    let mut fresh = hooks.on().then(|| ast.root());
    while let Some(top) = stack.last_mut() {
        let step = if hooks.on() { resume_recorded(ast, top, result, fresh.take()) } else { top.resume(result) };
        match step {
            Step::Yield(node) => {
                push(&mut stack, node)?;
                hooks.gauge("generator stack depth", || stack.len());
                result = START;
                fresh = hooks.on().then_some(node);
            }
            Step::Return(value) => {
                stack.pop();
                hooks.gauge("generator stack depth", || stack.len());
                // An error ends the walk (Python: the exception comes out of `send`): returning drops the stack,
                // and with it every suspended generator.
                result = value?;
            }
        }
    }
    Ok(result)
}

/// One resume of the generator on top of the stack, recorded under its name (what `send` is given is nothing for a
/// fresh generator's first resume, as Python's first `send(None)`).
#[cold]
#[inline(never)]
fn resume_recorded<G>(
    ast: &Ast,
    top: &mut G,
    result: i64,
    fresh: Option<NodeId>,
) -> Step<NodeId, Result<i64, EvalError>>
where
    G: Generator<i64, Yield = NodeId, Return = Result<i64, EvalError>>,
{
    let who = trace::Gen::named(genvisit_name(ast, fresh));
    trace::resume(&who, || if fresh.is_some() { Sent::Nothing } else { result.describe() });
    let step = top.resume(result);
    trace::stepped(&who, &step);
    step
}

/// The trace's name for the generator on top of the stack: the node it was pushed for, before its first resume;
/// after that, a BinOp's (only a BinOp's generator waits for a child).
fn genvisit_name(ast: &Ast, fresh: Option<NodeId>) -> &'static str {
    match fresh.map(|node| ast.node(node)) {
        Some(Node::Number(_)) => "genvisit(Number)",
        _ => "genvisit(BinOp)",
    }
}

/// Evaluates a tree on one backend with Beazley's driver (the stackful one picks its answer by the tree's depth,
/// see the module docs).
pub fn evaluate(ast: &Ast, backend: Backend) -> Result<i64, CompilerError> {
    // Not `by_backend!`: it boxes each generator, and a box per node is what the generic driver avoids.
    match backend {
        Backend::Native => visit(ast, |node| Ok(native::genvisit(node))),
        Backend::Stackless => visit(ast, |node| Ok(stackless::genvisit(node))),
        Backend::Stackful if ast.depth() <= PER_NODE_DEPTH => visit(ast, stackful::genvisit),
        Backend::Stackful => stackful::visit_on_big_stack(ast),
    }
}

pub mod native {
    //! `genvisit` and `visit_binop` as nightly coroutines: `yield from` is a forwarding loop.
    use super::*;
    use crate::backend::native::Native;
    use crate::yield_from;

    /// Python's `NodeVisitor.genvisit`: a generator for any node, delegating to `visit_binop` for a `BinOp`.
    pub fn genvisit(node: Node) -> impl Generator<i64, Yield = NodeId, Return = Result<i64, EvalError>> {
        Native::new(
            #[coroutine]
            move |_start: i64| match node {
                Node::Number(value) => Ok(visit_number(value)),
                Node::BinOp(binop) => yield_from!(visit_binop(binop), START),
            },
        )
    }

    /// Python's `Evaluator.visit_BinOp`: yields each child and is resumed with its value.
    pub fn visit_binop(node: BinOp) -> impl Generator<i64, Yield = NodeId, Return = Result<i64, EvalError>> {
        Native::new(
            #[coroutine]
            move |_start: i64| {
                let left = yield node.left;
                let right = yield node.right;
                node.apply(left, right)
            },
        )
    }

    /// `visit_binop` as the generator [`visit_leaves_inline`] makes for a `BinOp`.
    pub fn binop_generator(node: BinOp) -> impl Generator<i64, Yield = NodeId, Return = Result<i64, EvalError>> {
        visit_binop(node)
    }
}

pub mod stackless {
    //! `genvisit` and `visit_binop` on genawaiter: `yield from` is `.await` on an `async fn` sharing the `Co`.
    use super::*;
    use crate::backend::stackless::{RcCo, Stackless};

    /// What a visitor generator yields (a child) and is resumed with (its value).
    type Co = RcCo<NodeId, i64>;

    /// Python's `NodeVisitor.genvisit`: a generator for any node, delegating to `visit_binop` for a `BinOp`.
    pub fn genvisit(node: Node) -> impl Generator<i64, Yield = NodeId, Return = Result<i64, EvalError>> {
        Stackless::rc(move |co: Co| async move {
            match node {
                Node::Number(value) => Ok(visit_number(value)),
                Node::BinOp(binop) => visit_binop(&co, binop).await,
            }
        })
    }

    /// Python's `Evaluator.visit_BinOp`: yields each child and is resumed with its value.
    pub async fn visit_binop(co: &Co, node: BinOp) -> Result<i64, EvalError> {
        let left = co.yield_(node.left).await;
        let right = co.yield_(node.right).await;
        node.apply(left, right)
    }

    /// `visit_binop` as the generator [`visit_leaves_inline`] makes for a `BinOp`.
    pub fn binop_generator(node: BinOp) -> impl Generator<i64, Yield = NodeId, Return = Result<i64, EvalError>> {
        Stackless::rc(move |co: Co| async move { visit_binop(&co, node).await })
    }
}

pub mod stackful {
    //! `genvisit` and `visit_binop` on corosensei: `yield from` is a plain call with the same yielder. And the
    //! stackful backend's second answer: no generator at all.
    use super::*;
    use crate::backend::stackful::{Stackful, Yielder, fresh_stack};
    use crate::part7_compiler::compiler1::Evaluator;
    use corosensei::stack::{DefaultStack, Stack as _};

    /// Python's `NodeVisitor.genvisit`: a generator for any node, delegating to `visit_binop` for a `BinOp`. Fails
    /// when the OS refuses one more coroutine stack (see the module docs).
    pub fn genvisit(
        node: Node,
    ) -> Result<impl Generator<i64, Yield = NodeId, Return = Result<i64, EvalError>>, StackError> {
        Stackful::new(move |yielder: &Yielder<i64, NodeId>| match node {
            Node::Number(value) => Ok(visit_number(value)),
            Node::BinOp(binop) => visit_binop(yielder, binop),
        })
    }

    /// Python's `Evaluator.visit_BinOp`: yields each child and is resumed with its value.
    pub fn visit_binop(yielder: &Yielder<i64, NodeId>, node: BinOp) -> Result<i64, EvalError> {
        let left = yielder.suspend(node.left);
        let right = yielder.suspend(node.right);
        node.apply(left, right)
    }

    /// `visit_binop` as the generator [`visit_leaves_inline`] makes for a `BinOp`.
    pub fn binop_generator(
        node: BinOp,
    ) -> Result<impl Generator<i64, Yield = NodeId, Return = Result<i64, EvalError>>, StackError> {
        Stackful::new(move |yielder: &Yielder<i64, NodeId>| visit_binop(yielder, node))
    }

    /// Stack bytes one level of compiler1's recursion may use, with room to spare: measured at about 110 bytes
    /// in release and 580 in debug here (`tests/compiler.rs` runs 20,000 levels on a stack sized by this).
    pub const BYTES_PER_LEVEL: usize = if cfg!(debug_assertions) { 1024 } else { 512 };

    /// The stack for a tree `depth` levels deep: the recursion's levels plus 64 KiB for everything else.
    pub fn big_stack_size(depth: usize) -> usize {
        depth.saturating_mul(BYTES_PER_LEVEL).saturating_add(64 * 1024)
    }

    /// The second answer: compiler1's recursive [`Evaluator`] on one stack mapped for this tree (see
    /// [`visit_on_stack`]). Mapping it and touching its pages is most of the cost of a walk: the benchmarks show
    /// both this and a kept stack.
    pub fn visit_on_big_stack(ast: &Ast) -> Result<i64, CompilerError> {
        let depth = ast.depth();
        let mut stack = fresh_stack(big_stack_size(depth)).map_err(|error| CompilerError::BigStack { depth, error })?;
        visit_on_stack(ast, &mut stack)
    }

    /// compiler1's recursive [`Evaluator`] on a stack the caller provides (and may keep for the next walk),
    /// with its limit set to as many levels as that stack holds, so that it can never run past the stack's end:
    /// a tree too deep for the stack gets [`EvalError::RecursionDepth`].
    pub fn visit_on_stack(ast: &Ast, stack: &mut DefaultStack) -> Result<i64, CompilerError> {
        let usable = stack.base().get() - stack.limit().get();
        let levels = usable.saturating_sub(big_stack_size(0)) / BYTES_PER_LEVEL;
        // `on_stack` runs the closure on `stack` and returns to ours: a coroutine that never yields, so it may
        // borrow the tree.
        Ok(corosensei::on_stack(stack, || Evaluator::with_limit(levels).visit(ast, ast.root()))?)
    }
}

/// The measured variant (see the module docs): the driver dispatches on the node's kind, sends a number's value
/// straight to the generator waiting for it, and makes a generator only for a `BinOp`, with `binop_generator`.
pub fn visit_leaves_inline<G>(
    ast: &Ast,
    mut binop_generator: impl FnMut(BinOp) -> Result<G, StackError>,
) -> Result<i64, CompilerError>
where
    G: Generator<i64, Yield = NodeId, Return = Result<i64, EvalError>>,
{
    let mut stack: Vec<G> = Vec::new();
    let mut node = ast.root();
    loop {
        // Visit `node`: either its value at once, or a new generator, started here with START; it goes on top of
        // the stack once it asks for a child. (Started before it is pushed, its first resume is one the compiler
        // can see through: a fresh generator is always at its start.)
        let mut value = match ast.node(node) {
            Node::Number(value) => visit_number(value),
            Node::BinOp(binop) => {
                let mut generator = binop_generator(binop)
                    .map_err(|error| CompilerError::PerNodeStack { number: stack.len() + 1, error })?;
                match generator.resume(START) {
                    Step::Yield(child) => {
                        try_push(&mut stack, generator)
                            .map_err(|_| CompilerError::DriverStack { live: stack.len() })?;
                        node = child;
                        continue;
                    }
                    Step::Return(result) => result?,
                }
            }
        };
        // Send the value to the innermost generator; when it finishes, send its result to the one below, until
        // one asks for a child (visit that next) or the stack is empty (the root's value).
        loop {
            let Some(generator) = stack.last_mut() else {
                return Ok(value);
            };
            match generator.resume(value) {
                Step::Yield(child) => {
                    node = child;
                    break;
                }
                Step::Return(result) => {
                    stack.pop();
                    value = result?;
                }
            }
        }
    }
}

/// [`evaluate`] with the measured variant, [`visit_leaves_inline`] (stackful: up to [`PER_NODE_DEPTH`] levels).
pub fn evaluate_leaves_inline(ast: &Ast, backend: Backend) -> Result<i64, CompilerError> {
    match backend {
        Backend::Native => visit_leaves_inline(ast, |node| Ok(native::binop_generator(node))),
        Backend::Stackless => visit_leaves_inline(ast, |node| Ok(stackless::binop_generator(node))),
        Backend::Stackful if ast.depth() <= PER_NODE_DEPTH => visit_leaves_inline(ast, stackful::binop_generator),
        Backend::Stackful => stackful::visit_on_big_stack(ast),
    }
}

/// Runs compiler2.py's demo on one backend: the evaluation of `expr`, then the evil evaluation of
/// `0+1+...+(terms-1)`.
pub fn run(t: &Transcript, backend: Backend, expr: &str, terms: u64) -> Result<(), CompilerError> {
    // The chain's text first: a --terms that cannot fit is refused before anything is printed.
    let chain = explosion(terms)?;
    let tree = parse(expr)?;
    t.line("---- Evaluation");
    report(t, evaluate(&tree, backend))?;

    let tree = parse(&chain)?;
    t.line("---- Evil Evaluation");
    report(t, evaluate(&tree, backend))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::part7_compiler::ast::{AstBuilder, Op};

    #[test]
    fn a_native_genvisit_is_a_small_inline_state_machine() {
        let mut builder = AstBuilder::new();
        let (Ok(left), Ok(right)) = (builder.number(1), builder.number(2)) else { panic!("two nodes") };
        let binop = BinOp { op: Op::Add, left, right };
        let size = std::mem::size_of_val(&native::visit_binop(binop));
        assert!(size <= 24, "visit_binop: {size} bytes");
        let size = std::mem::size_of_val(&native::genvisit(Node::BinOp(binop)));
        assert!(size <= 48, "genvisit: {size} bytes");
    }
}
