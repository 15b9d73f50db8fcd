//! compiler2.py: the visitor methods are generators; one driver walks the tree without recursion.
//!
//! ```python
//! class Evaluator(NodeVisitor):
//!     def visit_Number(self, node):
//!         return node.value
//!     def visit_BinOp(self, node):
//!         leftval = yield node.left       # "evaluate this child for me"
//!         rightval = yield node.right     # ... and resume me with its value
//!         ...
//! ```
//!
//! The driver keeps a stack of generators only:
//!
//! ```python
//! class NodeVisitor:
//!     def genvisit(self, node):
//!         result = getattr(self, 'visit_' + type(node).__name__)(node)
//!         if isinstance(result, types.GeneratorType):
//!             result = yield from result
//!         return result
//!     def visit(self, node):
//!         stack = [ self.genvisit(node) ]
//!         result = None
//!         while stack:
//!             try:
//!                 node = stack[-1].send(result)
//!                 stack.append(self.genvisit(node))
//!                 result = None
//!             except StopIteration as exc:
//!                 stack.pop()
//!                 result = exc.value
//!         return result
//! ```
//!
//! `genvisit` wraps every node, leaf or not, in a generator, so `visit` never asks what it got: it sends the last
//! result into the top generator, pushes a generator for a yielded child, and pops on `StopIteration`, carrying
//! the value down. Only the stack grows with the tree's depth, and it lives on the heap: `0+1+...+999` is fine,
//! and so is a tree a million levels deep. (Our Python twin keeps this driver as it is.)
//!
//! Here the driver, [`visit`], is written once over the [`Generator`] protocol; `visit_binop` is written three
//! times below, once per backend, with the same shape as Python's. A generator is resumed with an `i64` (the
//! child's value), yields a [`NodeId`] (the child it wants) and returns `Result<i64, EvalError>` (its own value,
//! or an arithmetic error). Python's first `send(None)` is the driver's first resume with [`START`], which no
//! body sees (see [`crate::generator`]).
//!
//! What Rust makes explicit:
//!
//! - **`genvisit`'s `isinstance` becomes a match.** Python can ask at run time whether `visit_*` returned a
//!   generator; Rust knows from the node's type: a number's value is sent straight to the generator waiting
//!   for it, and only a `BinOp` gets a generator. That saves one generator (and one `yield from` level) per leaf,
//!   half the nodes of a tree, and it is the same walk.
//! - **No allocation per node on native.** The driver is generic: each backend gets its own copy in which the
//!   generator's type is known, so the stack is a `Vec` of the coroutines themselves (a native `visit_binop` is a
//!   24-byte state machine stored inline), and a node costs a push, three resumes and a pop. A `Vec<BoxGen>`
//!   (what [`by_backend!`](crate::by_backend) builds) would allocate once per node. `benches/traversal.rs`
//!   measures the price against the hand-written explicit-stack loop (BENCHMARKS.md's traversal table has
//!   this machine's ratios): native stays within a small factor of it (the extra is the third resume and the
//!   coroutine's state switch), boxing per node costs several times more, and genawaiter (which allocates twice
//!   per generator whatever the driver does) more again.
//! - **The stackful backend has two honest answers**, and the sample uses both:
//!   1. *the same driver, one coroutine per node* ([`stackful::visit_binop`]). It works, but each coroutine owns a
//!      stack, and each stack is two memory mappings (stack and guard page); the kernel allows 65,530 per
//!      process, so the driver fails at about 32,750 live coroutines, that is, a tree about 32,750 levels deep. It
//!      fails with [`CompilerError::PerNodeStack`], not a crash: creating a stack is fallible in this crate.
//!   2. *no generators at all* ([`stackful::visit_on_big_stack`]): a coroutine's stack can be as large as we ask,
//!      so plain recursion, compiler1's [`Evaluator`], runs on one stack sized for the tree. This needs no driver:
//!      the "yield a child and be resumed with its value" of compiler2 is just a function call when the stack is
//!      big enough. The prices: the depth must be known before the walk to size the stack (here it is, the tree
//!      is built); each level touches about 110 bytes of stack (580 in debug), which is real memory, while the
//!      rest of the reservation is only address space; and mapping and faulting in a fresh stack costs more than
//!      the walk itself (several times the per-node cost of a kept stack, see [`stackful::visit_on_stack`] and
//!      BENCHMARKS.md's traversal table). Nothing here needs the coroutine to suspend: a thread with a big stack
//!      would do the same; the coroutine is just the cheapest way to borrow a big stack in place.
//!
//!   Against that, the per-node driver pays a pooled stack and a context switch per resume, and stops at the
//!   map-count limit; the native driver stops only at memory.
//!
//!   The sample takes the per-node driver for trees up to [`PER_NODE_DEPTH`] levels deep and the big stack
//!   beyond, so `--terms 1000000` prints its result on every backend. Both are public, for the tests and the
//!   benchmarks.
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

/// The first resume of every `visit_binop` generator: Python's `send(None)`. No body sees it.
pub const START: i64 = 0;

/// The deepest tree the stackful backend walks with one coroutine per level (20,000 mappings, well under the
/// kernel's 65,530 with room for the rest of the process); deeper trees take the big-stack answer.
pub const PER_NODE_DEPTH: usize = 10_000;

/// Python's `visit_Number`: a number's value needs no generator. Shared by the three backends.
fn visit_number(value: i64) -> i64 {
    value
}

/// Python's `NodeVisitor.visit`: evaluates the tree with an explicit stack of `visit_binop` generators, made by
/// `visit_binop` (which may fail only on the stackful backend, where a generator needs a stack).
pub fn visit<G>(ast: &Ast, mut visit_binop: impl FnMut(BinOp) -> Result<G, StackError>) -> Result<i64, CompilerError>
where
    G: Generator<i64, Yield = NodeId, Return = Result<i64, EvalError>>,
{
    let mut stack: Vec<G> = Vec::new();
    let mut node = ast.root();
    loop {
        // Visit `node` (Python's `_visit`, dispatching on the node's kind): either its value at once, or a new
        // generator on top of the stack that is started with START.
        // Whether the top generator is new: its first resume sends nothing (Python's `send(None)`).
        let mut fresh = false;
        let mut value = match ast.node(node) {
            Node::Number(value) => visit_number(value),
            Node::BinOp(binop) => {
                let generator = visit_binop(binop)
                    .map_err(|error| CompilerError::PerNodeStack { number: stack.len() + 1, error })?;
                try_push(&mut stack, generator).map_err(|_| CompilerError::DriverStack { live: stack.len() })?;
                trace::gauge("generator stack depth", || stack.len());
                fresh = true;
                START
            }
        };
        // Send the value to the innermost generator; when it finishes, send its result to the one below, until
        // one asks for a child (visit that next) or the stack is empty (the root's value).
        loop {
            // For `final-frontier trace`: a generator is named by its level on the stack.
            let who = trace::Gen::numbered("genvisit(BinOp)", stack.len() as u64);
            let Some(generator) = stack.last_mut() else {
                return Ok(value);
            };
            trace::resume(&who, || if fresh { Sent::Nothing } else { value.describe() });
            fresh = false;
            let step = generator.resume(value);
            trace::stepped(&who, &step);
            match step {
                Step::Yield(child) => {
                    node = child;
                    break;
                }
                Step::Return(result) => {
                    stack.pop();
                    trace::gauge("generator stack depth", || stack.len());
                    // An error ends the walk: returning drops the stack, and with it every suspended generator.
                    value = result?;
                }
            }
        }
    }
}

/// Evaluates a tree on one backend (the stackful one picks its answer by the tree's depth, see the module docs).
pub fn evaluate(ast: &Ast, backend: Backend) -> Result<i64, CompilerError> {
    // Not `by_backend!`: it boxes each generator, and a box per node is what the generic driver avoids.
    match backend {
        Backend::Native => visit(ast, |node| Ok(native::visit_binop(node))),
        Backend::Stackless => visit(ast, |node| Ok(stackless::visit_binop(node))),
        Backend::Stackful if ast.depth() <= PER_NODE_DEPTH => visit(ast, stackful::visit_binop),
        Backend::Stackful => stackful::visit_on_big_stack(ast),
    }
}

pub mod native {
    //! `visit_binop` as a nightly coroutine.
    use super::*;
    use crate::backend::native::Native;

    /// Python's `visit_BinOp`: yields each child and is resumed with its value.
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
}

pub mod stackless {
    //! `visit_binop` as a genawaiter generator.
    use super::*;
    use crate::backend::stackless::{RcCo, Stackless};

    /// Python's `visit_BinOp`: yields each child and is resumed with its value.
    pub fn visit_binop(node: BinOp) -> impl Generator<i64, Yield = NodeId, Return = Result<i64, EvalError>> {
        Stackless::rc(move |co: RcCo<NodeId, i64>| async move {
            let left = co.yield_(node.left).await;
            let right = co.yield_(node.right).await;
            node.apply(left, right)
        })
    }
}

pub mod stackful {
    //! `visit_binop` as a corosensei coroutine, and the stackful backend's second answer: no generator at all.
    use super::*;
    use crate::backend::stackful::{Stackful, Yielder, fresh_stack};
    use crate::part7_compiler::compiler1::Evaluator;
    use corosensei::stack::{DefaultStack, Stack as _};

    /// Python's `visit_BinOp`: yields each child and is resumed with its value. Fails when the OS refuses one
    /// more coroutine stack (see the module docs).
    pub fn visit_binop(
        node: BinOp,
    ) -> Result<impl Generator<i64, Yield = NodeId, Return = Result<i64, EvalError>>, StackError> {
        Stackful::new(move |yielder: &Yielder<i64, NodeId>| {
            let left = yielder.suspend(node.left);
            let right = yielder.suspend(node.right);
            node.apply(left, right)
        })
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
    fn a_native_visit_binop_is_a_small_inline_state_machine() {
        let mut builder = AstBuilder::new();
        let (Ok(left), Ok(right)) = (builder.number(1), builder.number(2)) else { panic!("two nodes") };
        let size = std::mem::size_of_val(&native::visit_binop(BinOp { op: Op::Add, left, right }));
        assert!(size <= 24, "{size} bytes");
    }
}
