//! Reading `python/bench.py`'s JSON: CPython's cost per item for each workload, and where it was measured.
//!
//! The file is checked, not trusted: a schema version this report does not know, a missing field, or a figure
//! that is not a positive time is an error that names the file, the problem and the command that writes a good
//! one. A missing file is no error: the report then says the CPython column is missing.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::ReportError;

/// The schema version this report reads (`"schema"` in the file; `SCHEMA` in python/bench.py).
pub const SCHEMA: u64 = 1;

/// The command that writes the file.
pub const COMMAND: &str = "python3 python/bench.py";

/// A whole `python/bench.py` result.
#[derive(Clone, Debug, Deserialize)]
pub struct PythonBench {
    /// The command line that wrote it (`--quick` shows there).
    pub command: String,
    /// Whether it was a `--quick` run.
    pub quick: bool,
    /// When it was written, ISO 8601 in UTC.
    pub date: String,
    /// The interpreter.
    pub python: Interpreter,
    /// Where it ran.
    pub machine: Machine,
    /// The figures, by workload id (`switch/generator`, `yield_from/10`, ...).
    pub workloads: BTreeMap<String, Workload>,
}

/// The interpreter that ran the workloads.
#[derive(Clone, Debug, Deserialize)]
pub struct Interpreter {
    /// `CPython`, one hopes.
    pub implementation: String,
    /// `3.11.7`.
    pub version: String,
}

/// The machine the workloads ran on, as Python saw it.
#[derive(Clone, Debug, Deserialize)]
pub struct Machine {
    /// The CPU model.
    pub cpu: String,
    /// Logical cores.
    pub cores: u32,
}

/// One workload's figures: the cost of one item over the repeats.
#[derive(Clone, Debug, Deserialize)]
pub struct Workload {
    /// What one item is.
    pub what: String,
    /// Items per timed run.
    pub items_per_run: u64,
    /// Timed runs.
    pub repeats: u32,
    /// Median cost of one item, in nanoseconds.
    pub median_ns: f64,
    /// The fastest run's cost of one item.
    pub min_ns: f64,
    /// The slowest run's cost of one item.
    pub max_ns: f64,
}

/// The file at `path`, checked; `None` if there is no file.
pub fn read(path: &Path) -> Result<Option<PythonBench>, ReportError> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(ReportError::Read { path: path.to_path_buf(), source }),
    };
    parse(&text).map(Some).map_err(|reason| ReportError::Python { path: path.to_path_buf(), reason })
}

/// The text of a `python/bench.py` result, checked; the error says what is wrong in words.
pub fn parse(text: &str) -> Result<PythonBench, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|error| format!("not JSON: {error}"))?;
    match value.get("schema").map(serde_json::Value::as_u64) {
        Some(Some(SCHEMA)) => {}
        Some(Some(other)) => return Err(format!("schema {other}, but this report reads schema {SCHEMA}")),
        Some(None) => return Err("\"schema\" is not a number".into()),
        None => return Err("no \"schema\" field: not written by python/bench.py".into()),
    }
    let bench: PythonBench = serde_json::from_value(value).map_err(|error| error.to_string())?;
    if bench.workloads.is_empty() {
        return Err("it has no workloads".into());
    }
    for (id, workload) in &bench.workloads {
        let times = [("min_ns", workload.min_ns), ("median_ns", workload.median_ns), ("max_ns", workload.max_ns)];
        if let Some((name, value)) = times.iter().find(|(_, value)| !(value.is_finite() && *value > 0.0)) {
            return Err(format!("workload {id:?}: {name} is {value}, not a positive time"));
        }
        if !(workload.min_ns <= workload.median_ns && workload.median_ns <= workload.max_ns) {
            return Err(format!("workload {id:?}: min_ns <= median_ns <= max_ns does not hold"));
        }
        if workload.items_per_run == 0 || workload.repeats == 0 {
            return Err(format!("workload {id:?}: items_per_run and repeats must be at least 1"));
        }
    }
    Ok(bench)
}

/// Where `python/bench.py` writes by default, relative to the repository.
pub fn default_path() -> PathBuf {
    PathBuf::from("target/python-bench.json")
}
