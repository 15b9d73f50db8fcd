//! One snapshot per sample: every backend must print the identical transcript, and it is pinned in
//! `tests/snapshots/NAME.snap` (the Python twin is held to the same file by `python_parity.rs`).

mod common;

use common::{assert_sample_snapshot, ported, transcripts};

fn check(name: &str) {
    let outputs = transcripts(name);
    assert!(!outputs.is_empty(), "{name} ran on no variant");
    insta::allow_duplicates! {
        for (variant, text) in &outputs {
            assert_sample_snapshot(name, &format!("rust, {variant}"), text);
        }
    }
}

/// One test per ported sample, so one failure does not hide another.
macro_rules! samples {
    ($($name:ident),* $(,)?) => {
        $(#[test] fn $name() { check(stringify!($name)); })*
        const TESTED: &[&str] = &[$(stringify!($name)),*];
    };
}

samples!(
    cm,
    simplefuture,
    inline1,
    inline2,
    inline_recursive,
    inline_puzzle,
    inline_iter,
    inline_future,
    compiler1,
    compiler2
);

#[test]
fn every_ported_sample_has_a_snapshot_test() {
    let mut tested = TESTED.to_vec();
    let mut ported = ported();
    tested.sort();
    ported.sort();
    assert_eq!(tested, ported, "add the sample to samples!(...) in tests/snapshots.rs");
}
