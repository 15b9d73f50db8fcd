//! The stackful per-node visitor's limit: one coroutine per level of the path being visited, two memory mappings
//! per coroutine stack, and the kernel's map count (`/proc/sys/vm/max_map_count`, 65,530 by default) runs out
//! at about 32,750 live coroutines. The driver must then fail with a clear error, not crash.
//!
//! A test binary of its own, with this one test: while it runs the whole process is out of mappings, and any
//! other test running beside it could fail to map a thread stack or a large allocation.

use final_frontier::part7_compiler::compiler2::{self, stackful};
use final_frontier::part7_compiler::{CompilerError, parse};

#[test]
fn the_per_node_visitor_fails_cleanly_at_the_map_count_limit() {
    let limit = std::fs::read_to_string("/proc/sys/vm/max_map_count")
        .ok()
        .and_then(|text| text.trim().parse::<usize>().ok())
        .unwrap_or(65_530);
    // Deeper than the map count allows (but not absurdly: on a machine with a raised limit, skip).
    let depth = limit / 2 + 10_000;
    if depth > 200_000 {
        eprintln!("SKIPPED: max_map_count is {limit}; a tree deep enough to exhaust it would be too slow here");
        return;
    }
    let text = (0..depth).map(|n| n.to_string()).collect::<Vec<_>>().join("+");
    let ast = parse(&text).unwrap_or_else(|error| panic!("{error}"));
    match compiler2::visit(&ast, stackful::genvisit) {
        Err(error @ CompilerError::PerNodeStack { number, .. }) => {
            let message = error.to_string();
            eprintln!("{message}");
            assert!(number > 1_000 && number <= limit / 2, "failed at coroutine {number} with {limit} mappings");
            assert!(message.contains("max_map_count") && message.contains("big-stack"), "{message}");
        }
        Ok(value) => panic!("{depth} live coroutines fit ({value}): max_map_count is {limit}"),
        Err(other) => panic!("expected the per-node stack error, got: {other}"),
    }
    // The mappings are back: the big-stack answer walks the same tree.
    assert_eq!(stackful::visit_on_big_stack(&ast).ok(), Some((depth as i64) * (depth as i64 - 1) / 2));
}
