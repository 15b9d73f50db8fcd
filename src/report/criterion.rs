//! Reading criterion's results: `target/criterion/<group>/<function>[/<param>]/new/`.
//!
//! Per benchmark, criterion writes `benchmark.json` (its full id and the throughput it was told: elements per
//! iteration), `estimates.json` (statistics of the time of one iteration, in nanoseconds) and `sample.json`
//! (the raw samples). We take the median's point estimate and its 95% confidence interval and divide them by
//! the elements, so every figure is the cost of one item. Directories are found by walking, not by building
//! paths from ids: criterion rewrites characters of an id (a `/` inside a function id becomes `_`), while
//! `benchmark.json` keeps the id as the bench wrote it. `tests/report.rs` parses a checked-in copy of real
//! criterion output, so a change of criterion's files shows up as a failing test, not as an empty report.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::Deserialize;

use super::ReportError;

/// One benchmark's figures, per item.
#[derive(Clone, Debug, PartialEq)]
pub struct Estimate {
    /// Median time of one item, in nanoseconds.
    pub median_ns: f64,
    /// Lower bound of the median's 95% confidence interval, per item.
    pub low_ns: f64,
    /// Upper bound of the median's 95% confidence interval, per item.
    pub high_ns: f64,
    /// Samples criterion took.
    pub samples: usize,
    /// Time spent in the measured samples, in seconds.
    pub measured_s: f64,
    /// When criterion wrote the estimates (the file's modification time), if the file system says.
    pub written: Option<SystemTime>,
}

#[derive(Deserialize)]
struct BenchmarkFile {
    full_id: String,
    throughput: Option<Throughput>,
}

/// criterion's `Throughput`, as serde writes it (`{"Elements": 10000}`).
#[derive(Deserialize)]
enum Throughput {
    Elements(u64),
    Bytes(serde::de::IgnoredAny),
    BytesDecimal(serde::de::IgnoredAny),
    ElementsAndBytes { elements: u64 },
}

#[derive(Deserialize)]
struct EstimatesFile {
    median: Statistic,
}

#[derive(Deserialize)]
struct Statistic {
    point_estimate: f64,
    confidence_interval: Interval,
}

#[derive(Deserialize)]
struct Interval {
    lower_bound: f64,
    upper_bound: f64,
}

#[derive(Deserialize)]
struct SampleFile {
    times: Vec<f64>,
}

/// Every benchmark's estimate under `dir`, by full id; `None` when `dir` does not exist (no bench has run).
pub fn read(dir: &Path) -> Result<Option<BTreeMap<String, Estimate>>, ReportError> {
    if !dir.is_dir() {
        return Ok(None);
    }
    let mut estimates = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).map_err(|source| ReportError::Read { path: dir.clone(), source })? {
            let path = entry.map_err(|source| ReportError::Read { path: dir.clone(), source })?.path();
            let name = path.file_name().and_then(|name| name.to_str()).unwrap_or("");
            // `base` and `change` hold the previous run and the comparison with it; `report` holds plots.
            if !path.is_dir() || matches!(name, "base" | "change" | "report") {
                continue;
            }
            if name == "new" {
                if path.join(BENCHMARK).is_file() {
                    let (id, estimate) = read_benchmark(&path)?;
                    estimates.insert(id, estimate);
                }
            } else {
                pending.push(path);
            }
        }
    }
    Ok(Some(estimates))
}

/// One `new/` directory: its full id and its estimate per item.
fn read_benchmark(new: &Path) -> Result<(String, Estimate), ReportError> {
    let read = |name: &str| {
        let path = new.join(name);
        fs::read_to_string(&path).map_err(|source| ReportError::Read { path, source })
    };
    let (benchmark, estimates, sample) = (read(BENCHMARK)?, read(ESTIMATES)?, read(SAMPLE)?);
    let (id, mut estimate) = parse(&benchmark, &estimates, &sample)
        .map_err(|Malformed { file, reason }| ReportError::Criterion { path: new.join(file), reason })?;
    estimate.written = fs::metadata(new.join(ESTIMATES)).and_then(|meta| meta.modified()).ok();
    Ok((id, estimate))
}

/// The file of a `new/` directory with the benchmark's full id and throughput.
pub const BENCHMARK: &str = "benchmark.json";
/// The file with the statistics of one iteration's time.
pub const ESTIMATES: &str = "estimates.json";
/// The file with the raw samples.
pub const SAMPLE: &str = "sample.json";

/// What is wrong with one of a benchmark's files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Malformed {
    /// Which file: [`BENCHMARK`], [`ESTIMATES`] or [`SAMPLE`].
    pub file: &'static str,
    /// What is wrong with it, in words.
    pub reason: String,
}

/// One benchmark's full id and estimate per item, from the text of its `benchmark.json`, `estimates.json` and
/// `sample.json` ([`read`] reads the files and names the one at fault; this is for text from elsewhere).
/// `written` is `None`: text has no modification time.
pub fn parse(benchmark: &str, estimates: &str, sample: &str) -> Result<(String, Estimate), Malformed> {
    let benchmark: BenchmarkFile = json(BENCHMARK, benchmark)?;
    let estimates: EstimatesFile = json(ESTIMATES, estimates)?;
    let samples: SampleFile = json(SAMPLE, sample)?;
    let elements = match benchmark.throughput {
        None => 1,
        Some(Throughput::Elements(n) | Throughput::ElementsAndBytes { elements: n }) => n,
        Some(Throughput::Bytes(_) | Throughput::BytesDecimal(_)) => {
            let reason = "its throughput is in bytes; the report divides by elements (items)".into();
            return Err(Malformed { file: BENCHMARK, reason });
        }
    };
    if elements == 0 {
        return Err(Malformed { file: BENCHMARK, reason: "its throughput is 0 elements".into() });
    }
    let per_item = |ns: f64| ns / elements as f64;
    let median = estimates.median;
    let (point, low, high) =
        (median.point_estimate, median.confidence_interval.lower_bound, median.confidence_interval.upper_bound);
    let estimate = Estimate {
        median_ns: per_item(point),
        low_ns: per_item(low),
        high_ns: per_item(high),
        samples: samples.times.len(),
        measured_s: samples.times.iter().sum::<f64>() / 1e9,
        written: None,
    };
    // What the report prints and charts: positive times (per item too: a tiny one divided by the elements can
    // round to 0), the median inside its confidence interval, and a total time that is one.
    let positive = |ns: f64| ns.is_finite() && ns > 0.0;
    if !positive(estimate.median_ns) {
        return Err(Malformed { file: ESTIMATES, reason: format!("its median is {point}, not a positive time") });
    }
    if !(positive(estimate.low_ns) && estimate.low_ns <= estimate.median_ns && estimate.median_ns <= estimate.high_ns) {
        let reason =
            format!("its median {point} is not inside its confidence interval [{low}, {high}] of positive times");
        return Err(Malformed { file: ESTIMATES, reason });
    }
    if !(estimate.measured_s.is_finite() && samples.times.iter().all(|&ns| ns >= 0.0)) {
        return Err(Malformed { file: SAMPLE, reason: "its times are not durations with a finite sum".into() });
    }
    Ok((benchmark.full_id, estimate))
}

fn json<T: for<'de> Deserialize<'de>>(file: &'static str, text: &str) -> Result<T, Malformed> {
    serde_json::from_str(text)
        .map_err(|error| Malformed { file, reason: format!("{error} (this report reads criterion 0.8's files)") })
}

/// Where criterion writes, as criterion decides it: `$CRITERION_HOME`, else `$CARGO_TARGET_DIR/criterion`,
/// else `target/criterion`.
pub fn default_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| PathBuf::from("target"), PathBuf::from);
    target.join("criterion")
}
