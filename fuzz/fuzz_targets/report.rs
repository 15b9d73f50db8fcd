//! `final-frontier report`'s readers on hostile bytes: a clear error or a figure the report can show, never a
//! panic.
//!
//! One input feeds both readers, so that the corpus of one helps the other (both are JSON):
//!
//! - the whole input is a `python/bench.py` result, for [`python::parse`];
//! - split at its first two NUL bytes (which JSON text never contains), it is a benchmark's `benchmark.json`,
//!   `estimates.json` and `sample.json`, for [`criterion::parse`] (a missing part is an empty file).
//!
//! Text that is not UTF-8 never reaches either parser (reading the file fails first, with the file's name), so
//! it is skipped here. Checked: an error says what is wrong (a non-empty reason, and for criterion, which of
//! the three files); a result holds what the report relies on when it prints and charts it: positive, finite
//! times in order (low <= median <= high, min <= median <= max), counts of at least one, a finite total.
//!
//! Memory and time are bounded by the input's length: serde_json does not recurse past 128 levels, and the
//! inputs are at most libFuzzer's `-max_len` (4096 by default).

#![no_main]

use final_frontier::report::{criterion, python};
use libfuzzer_sys::fuzz_target;

fn positive(value: f64) -> bool {
    value.is_finite() && value > 0.0
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        match python::parse(text) {
            Err(reason) => assert!(!reason.is_empty(), "an empty reason for {text:?}"),
            Ok(bench) => {
                assert!(!bench.workloads.is_empty());
                for (id, w) in &bench.workloads {
                    assert!(positive(w.min_ns) && w.min_ns <= w.median_ns && w.median_ns <= w.max_ns, "{id}: {w:?}");
                    assert!(positive(w.max_ns) && w.items_per_run >= 1 && w.repeats >= 1, "{id}: {w:?}");
                }
            }
        }
    }

    let mut parts = data.splitn(3, |&byte| byte == 0).map(std::str::from_utf8);
    let mut next = || parts.next().unwrap_or(Ok(""));
    let (Ok(benchmark), Ok(estimates), Ok(sample)) = (next(), next(), next()) else {
        return;
    };
    match criterion::parse(benchmark, estimates, sample) {
        Err(criterion::Malformed { file, reason }) => {
            assert!([criterion::BENCHMARK, criterion::ESTIMATES, criterion::SAMPLE].contains(&file));
            assert!(!reason.is_empty(), "an empty reason for {file}");
        }
        Ok((_id, e)) => {
            assert!(positive(e.low_ns) && e.low_ns <= e.median_ns && e.median_ns <= e.high_ns, "{e:?}");
            assert!(positive(e.high_ns) && e.measured_s.is_finite() && e.measured_s >= 0.0, "{e:?}");
            assert!(e.written.is_none());
        }
    }
});
