//! The syntax tree both compilers walk, and the arithmetic they share.
//!
//! Python builds the tree from objects, one per node; the twin's node classes (python/compiler1.py):
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/compiler1/Number.md"))]
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/compiler1/BinOp.md"))]
//!
//! Here the nodes live in one arena, an [`Ast`] holding a `Vec<Node>`, and a child is a [`NodeId`] (an index)
//! instead of a pointer. Two reasons, both about deep trees:
//!
//! - **Dropping.** A tree of `Box`es is dropped by the derived `Drop`, which recurses once per level: a
//!   million-deep chain overflows the stack while being freed (seen here in release at 1e6), long after the
//!   visitor was careful not to. An arena is one `Vec`: dropping it is one free, whatever the shape.
//! - **Size and speed.** A node is 16 bytes with no allocation of its own, so `--terms 10000000` (2e7 nodes)
//!   fits in 320 MB, and a walk touches memory in order.
//!
//! The parser creates children before their parent, so every child's index is smaller than its parent's; the
//! arena is the tree in post-order. [`Ast::depth`] uses that to measure the tree in one loop.

use std::collections::TryReserveError;
use std::fmt;

/// A node's place in its [`Ast`] (Python's reference to a node object).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NodeId(u32);

impl NodeId {
    /// The index into the arena.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// The four operators. The original's `/` branch multiplied (a slip in the tutorial's code); here it divides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`: integer division rounding toward negative infinity, like Python's `//`, so the twins agree on
    /// negative operands too.
    Div,
}

impl Op {
    /// The operator as written.
    pub fn symbol(self) -> char {
        match self {
            Op::Add => '+',
            Op::Sub => '-',
            Op::Mul => '*',
            Op::Div => '/',
        }
    }

    /// Binding strength: `*` and `/` bind tighter than `+` and `-`.
    pub fn precedence(self) -> u8 {
        match self {
            Op::Add | Op::Sub => 1,
            Op::Mul | Op::Div => 2,
        }
    }

    /// `left op right` with checked arithmetic: Python's integers never overflow, an `i64` does, and a
    /// wrong answer or a panic are both worse than saying so.
    #[inline]
    pub fn apply(self, left: i64, right: i64) -> Result<i64, EvalError> {
        let overflow = || EvalError::Overflow { op: self, left, right };
        match self {
            Op::Add => left.checked_add(right).ok_or_else(overflow),
            Op::Sub => left.checked_sub(right).ok_or_else(overflow),
            Op::Mul => left.checked_mul(right).ok_or_else(overflow),
            Op::Div if right == 0 => Err(EvalError::DivisionByZero { left }),
            Op::Div => {
                // `checked_div` is `None` only for i64::MIN / -1 here (zero was handled above).
                let quotient = left.checked_div(right).ok_or_else(overflow)?;
                let rounds_up = left % right != 0 && ((left < 0) != (right < 0));
                Ok(if rounds_up { quotient - 1 } else { quotient })
            }
        }
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.symbol())
    }
}

/// What evaluating a tree can fail with. The messages are the transcript's `Error:` lines.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EvalError {
    /// `x / 0`.
    #[error("division by zero in {left} / 0")]
    DivisionByZero {
        /// The dividend.
        left: i64,
    },
    /// The result does not fit in 64 bits.
    #[error("integer overflow: {left} {op} {right} does not fit in 64 bits")]
    Overflow {
        /// The operator.
        op: Op,
        /// Its left operand.
        left: i64,
        /// Its right operand.
        right: i64,
    },
    /// The recursive visitor reached its depth limit (Python's `RecursionError`). The message is the same
    /// text the Python twin prints when CPython raises `RecursionError`, so both transcripts can say it
    /// truthfully; the limit is in the field and in [`compiler1`](super::compiler1)'s docs.
    #[error("maximum recursion depth exceeded")]
    RecursionDepth {
        /// The limit that was reached, in tree levels.
        limit: usize,
    },
}

/// An operator node: Python's `BinOp(op, left, right)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BinOp {
    /// The operator.
    pub op: Op,
    /// The left operand's node.
    pub left: NodeId,
    /// The right operand's node.
    pub right: NodeId,
}

impl BinOp {
    /// This node's value, given its children's.
    #[inline]
    pub fn apply(&self, left: i64, right: i64) -> Result<i64, EvalError> {
        self.op.apply(left, right)
    }
}

/// One node. A visitor dispatches on this (Python dispatches on `type(node).__name__`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    /// `Number(value)`.
    Number(i64),
    /// `BinOp(op, left, right)`.
    BinOp(BinOp),
}

/// The arena holds more than `u32::MAX` nodes, or the memory for it could not be had.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TooLarge {
    /// A [`NodeId`] is 32 bits.
    #[error("the expression has more than {} nodes", u32::MAX)]
    TooManyNodes,
    /// The allocator said no.
    #[error("out of memory while building the tree ({0})")]
    OutOfMemory(#[from] TryReserveError),
}

/// Pushes onto a vector, turning an allocation failure into an error instead of an abort (deep inputs are
/// user input).
pub(crate) fn try_push<T>(vec: &mut Vec<T>, item: T) -> Result<(), TryReserveError> {
    if vec.len() == vec.capacity() {
        vec.try_reserve(vec.len().max(16))?;
    }
    vec.push(item);
    Ok(())
}

/// A syntax tree in an arena (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ast {
    nodes: Vec<Node>,
    root: NodeId,
}

impl Ast {
    /// The top node.
    pub fn root(&self) -> NodeId {
        self.root
    }

    /// The node at `id`.
    #[inline]
    pub fn node(&self, id: NodeId) -> Node {
        self.nodes[id.index()]
    }

    /// How many nodes.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Always false: a tree has a root.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The number of levels from the root to the deepest leaf (a lone number is 1 deep). This is how many
    /// frames a recursive walk needs, and how many generators compiler2's driver holds at most.
    pub fn depth(&self) -> usize {
        // Children come before parents in the arena, so one forward pass sees every child's height first.
        let mut heights: Vec<u32> = Vec::with_capacity(self.nodes.len());
        for node in &self.nodes {
            let height = match node {
                Node::Number(_) => 1,
                Node::BinOp(b) => 1 + heights[b.left.index()].max(heights[b.right.index()]),
            };
            heights.push(height);
        }
        heights.get(self.root.index()).map_or(0, |&h| h as usize)
    }
}

/// Builds an [`Ast`] bottom-up: children first, then the node that joins them. The parser uses it, and so can
/// a test that wants a tree of a given shape without writing it out as text.
#[derive(Debug, Default)]
pub struct AstBuilder {
    nodes: Vec<Node>,
}

impl AstBuilder {
    /// An empty arena.
    pub fn new() -> Self {
        Self::default()
    }

    fn push(&mut self, node: Node) -> Result<NodeId, TooLarge> {
        let id = u32::try_from(self.nodes.len()).map_err(|_| TooLarge::TooManyNodes)?;
        try_push(&mut self.nodes, node)?;
        Ok(NodeId(id))
    }

    /// Adds `Number(value)`.
    pub fn number(&mut self, value: i64) -> Result<NodeId, TooLarge> {
        self.push(Node::Number(value))
    }

    /// Adds `BinOp(op, left, right)`; both children must already be in this builder.
    pub fn binop(&mut self, op: Op, left: NodeId, right: NodeId) -> Result<NodeId, TooLarge> {
        assert!(
            left.index() < self.nodes.len() && right.index() < self.nodes.len(),
            "children must be built before their parent, in the same builder"
        );
        self.push(Node::BinOp(BinOp { op, left, right }))
    }

    /// The finished tree with `root` on top.
    pub fn finish(self, root: NodeId) -> Ast {
        assert!(root.index() < self.nodes.len(), "the root must be a node of this builder");
        Ast { nodes: self.nodes, root }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn division_floors_like_python() {
        assert_eq!(Op::Div.apply(7, 2), Ok(3));
        assert_eq!(Op::Div.apply(-7, 2), Ok(-4));
        assert_eq!(Op::Div.apply(7, -2), Ok(-4));
        assert_eq!(Op::Div.apply(-7, -2), Ok(3));
        assert_eq!(Op::Div.apply(-8, 2), Ok(-4));
        assert_eq!(Op::Div.apply(1, 0), Err(EvalError::DivisionByZero { left: 1 }));
        assert!(matches!(Op::Div.apply(i64::MIN, -1), Err(EvalError::Overflow { .. })));
        assert!(matches!(Op::Add.apply(i64::MAX, 1), Err(EvalError::Overflow { .. })));
    }

    #[test]
    fn a_node_is_16_bytes() {
        assert_eq!(std::mem::size_of::<Node>(), 16);
    }
}
