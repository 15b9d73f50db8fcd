//! What the snapshot and parity tests share: how a sample is run for a test, and where its snapshot lives.

#![allow(dead_code)] // each test binary uses its own part of this module

use final_frontier::tour::{self, Options, Variant};
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

/// Runs `name` with its default options on each of its variants, returning each variant's transcript.
pub fn transcripts(name: &str) -> Vec<(Variant, String)> {
    let sample = tour::find(name).unwrap_or_else(|error| panic!("{error}"));
    let options = Options::default();
    let variants = sample.plan(None, &options).unwrap_or_else(|error| panic!("{error}"));
    variants
        .into_iter()
        .map(|variant| {
            let t = Transcript::capture(time_scale());
            if let Err(error) = sample.run(&t, variant, &options) {
                panic!("{name} on {variant} failed: {error}\ntranscript so far:\n{}", t.text());
            }
            (variant, t.text())
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

/// The ported samples, from the registry.
pub fn ported() -> Vec<&'static str> {
    tour::SAMPLES.iter().filter(|sample| sample.is_ported()).map(|sample| sample.name).collect()
}
