//! One snapshot per sample: every backend must print the identical transcript, and it is pinned in
//! `tests/snapshots/NAME.snap` (the Python twin is held to the same file by `python_parity.rs`).

#[macro_use]
mod common;

use common::{assert_sample_snapshot, transcripts};

fn check(name: &str) {
    let outputs = transcripts(name);
    assert!(!outputs.is_empty(), "{name} ran on no variant");
    insta::allow_duplicates! {
        for (variant, text) in &outputs {
            assert_sample_snapshot(name, &format!("rust, {variant}"), text);
        }
    }
}

sample_tests!(check);
