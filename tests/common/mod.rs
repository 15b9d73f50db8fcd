//! What the snapshot and parity tests share: how a sample is run for a test, and where its snapshot lives.

#![allow(dead_code, unused_macros)] // each test binary uses its own part of this module

use final_frontier::registry::{self, Variant};
use final_frontier::transcript::{TimeScale, Transcript};

/// Every sleep in tests is this fraction of the original's (same logic, milliseconds instead of seconds).
pub const TEST_TIME_SCALE: f64 = 0.01;

/// The time scale as the library takes it.
pub fn time_scale() -> TimeScale {
    match TimeScale::new(TEST_TIME_SCALE) {
        Ok(scale) => scale,
        Err(error) => panic!("TEST_TIME_SCALE is not a valid time scale: {error}"),
    }
}

/// Runs `name` as the tour does (its default options; a server's self-test) on each of its variants, returning
/// each variant's transcript; a sample meant to fail (actor2) must end with its error.
pub fn transcripts(name: &str) -> Vec<(Variant, String)> {
    let sample = registry::find(name).unwrap_or_else(|error| panic!("{error}"));
    sample
        .variants()
        .into_iter()
        .map(|variant| {
            let t = Transcript::capture(time_scale());
            match sample.run_default(&t, variant) {
                Err(error) if !sample.meant_to_fail => {
                    panic!("{name} on {variant} failed: {error}\ntranscript so far:\n{}", t.text())
                }
                Ok(()) if sample.meant_to_fail => panic!("{name} on {variant} is meant to fail, and ended well"),
                _ => (variant, t.text()),
            }
        })
        .collect()
}

/// Asserts `text` against the one snapshot of sample `name`, `tests/snapshots/NAME.snap`, which the Rust
/// backends and the Python twin all share.
/// `origin` (a backend, or python3) is only named in the failure message.
pub fn assert_sample_snapshot(name: &str, origin: &str, text: &str) {
    eprintln!("checking {name} from {origin} against tests/snapshots/{name}.snap");
    insta::with_settings!({
        prepend_module_to_snapshot => false,
        snapshot_path => "../snapshots",
        description => format!("the transcript of {name}.py: every backend and the Python twin print it"),
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, text);
    });
}

/// One `#[test]` per sample, calling `$check(name)`, so one failure does not hide another; and a test
/// that this list is the registry's list of samples. `snapshots.rs` and `python_parity.rs` both expand
/// it, so a sample added here is held to its snapshot by every backend and by its Python twin.
macro_rules! sample_tests {
    ($check:ident) => {
        sample_tests!(@ $check: cm, simplefuture, inline1, inline2, inline_recursive, inline_puzzle, inline_iter,
            inline_future, async1, async2, fib1, fib2, fib3, actor1, actor2, tactor, actor3, compiler1,
            compiler2);
    };
    (@ $check:ident: $($name:ident),* $(,)?) => {
        $(#[test] fn $name() { $check(stringify!($name)); })*

        #[test]
        fn every_ported_sample_is_tested() {
            common::assert_list_is_the_registrys(&[$(stringify!($name)),*]);
        }
    };
}

/// Asserts that `tested` names exactly the samples of the registry.
pub fn assert_list_is_the_registrys(tested: &[&str]) {
    let mut tested = tested.to_vec();
    let mut registered: Vec<_> = registry::SAMPLES.iter().map(|sample| sample.name).collect();
    tested.sort();
    registered.sort();
    assert_eq!(tested, registered, "the list in sample_tests! (tests/common/mod.rs) must name every sample");
}
