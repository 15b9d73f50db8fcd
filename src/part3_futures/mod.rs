//! Part 3 of the tutorial: futures, and generators that yield them ("inlined futures").
//!
//! The machinery (pool, Future, the Task's thread story, inline2's Task, the jobs) is the library
//! [`crate::concurrent`], which these samples import as Beazley's import `concurrent.futures`. The samples, in the
//! tutorial's order:
//!
//! - [`simplefuture`]: the pool and the Future alone, no generator;
//! - [`inline1`]: a Task sends each result back into the generator from a done-callback;
//! - [`inline2`]: the Task throws a failed job's error in at the `yield`;
//! - [`inline_recursive`]: tasks that start tasks, forever in Python, without growing the stack.

pub mod inline1;
pub mod inline2;
pub mod inline_recursive;
pub mod simplefuture;
