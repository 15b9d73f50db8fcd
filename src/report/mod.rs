//! `final-frontier report`: BENCHMARKS.md and its charts, from criterion's estimates and `python/bench.py`'s
//! CPython figures.
//!
//! ```text
//! cargo bench                     -> target/criterion/<group>/.../new/{benchmark,estimates,sample}.json
//! python3 python/bench.py         -> target/python-bench.json
//! cargo run --release -- report   -> BENCHMARKS.md, docs/benchmarks/<group>.svg
//! ```
//!
//! What the document shows is data (`src/report/groups.rs`): one table per criterion group, each row a
//! criterion id with its median per item, its ratio to the group's limit (the hand-written baseline) and how
//! many times faster than CPython it is on the same workload; the goals of issues 11 and 18, each marked met or
//! not from the numbers. The prose under each table is generated from the same numbers ("takes 2.3x as long
//! as", "flat"), so a new run cannot contradict it. Adding a bench row is a line in that table; an estimate no
//! table lists is reported, so a new row cannot go unseen.
//!
//! Missing inputs do not stop the report: no criterion results, a group not run, a row without an estimate, no
//! CPython file or a workload missing from it each becomes a [`Missing`] that names the command to run; the
//! document lists them at its top, and the command prints them. Only `--strict` turns them into a failure.
//! Unreadable or malformed inputs are errors that name the file.

mod chart;
pub mod criterion;
pub mod groups;
mod machine;
pub mod python;
mod render;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use criterion::Estimate;
use groups::{GOALS, GROUPS, Goal, Group, Param, Variant};
use python::{PythonBench, Workload};

/// Where the report reads and writes.
#[derive(Clone, Debug)]
pub struct Paths {
    /// criterion's output directory (`target/criterion`).
    pub criterion: PathBuf,
    /// `python/bench.py`'s JSON (`target/python-bench.json`).
    pub python: PathBuf,
    /// Where BENCHMARKS.md goes; the charts go to `docs/benchmarks/` under it.
    pub out_dir: PathBuf,
}

impl Default for Paths {
    fn default() -> Paths {
        Paths { criterion: criterion::default_dir(), python: python::default_path(), out_dir: PathBuf::from(".") }
    }
}

/// Where the charts go, under [`Paths::out_dir`]; BENCHMARKS.md links them by this relative path.
pub const CHART_DIR: &str = "docs/benchmarks";

/// What the report says about where and when it was made.
#[derive(Clone, Debug)]
pub struct Context {
    /// CPU model and cores.
    pub machine: String,
    /// `rustc -V`.
    pub toolchain: String,
    /// When the report was made.
    pub date: String,
}

impl Context {
    /// This machine, its toolchain, now.
    pub fn here() -> Context {
        Context {
            machine: machine::description(),
            toolchain: machine::toolchain(),
            date: machine::utc(std::time::SystemTime::now()),
        }
    }
}

/// Something the report could not show, and the command that would provide it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Missing {
    /// No criterion directory at all.
    NoCriterion {
        /// The directory looked at.
        dir: PathBuf,
    },
    /// A group with no estimate at all.
    Group {
        /// criterion's group id.
        group: String,
        /// The command that runs it.
        command: String,
    },
    /// A row of a group that ran, without an estimate.
    Row {
        /// criterion's full id.
        id: String,
        /// The command that runs it.
        command: String,
    },
    /// No `python/bench.py` output.
    NoPython {
        /// The file looked for.
        path: PathBuf,
    },
    /// A CPython workload a row maps to, absent from the file.
    PythonWorkload {
        /// `python/bench.py`'s workload id.
        id: String,
        /// Whether the file came from a `--quick` run (which skips some workloads).
        quick: bool,
    },
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Missing::NoCriterion { dir } => {
                write!(f, "no criterion results in {}: run `cargo bench`", dir.display())
            }
            Missing::Group { group, command } => write!(f, "group {group} has not been run: run `{command}`"),
            Missing::Row { id, command } => {
                write!(f, "{id} has no estimate (its bench ran before this row existed?): run `{command}`")
            }
            Missing::NoPython { path } => {
                write!(f, "no CPython figures ({} does not exist): run `{}`", path.display(), python::COMMAND)
            }
            Missing::PythonWorkload { id, quick } => {
                let why = if *quick { " (a --quick run skips it)" } else { "" };
                write!(f, "CPython workload {id} is not in the file{why}: run `{}`", python::COMMAND)
            }
        }
    }
}

/// Why no report was written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// An input exists but cannot be read.
    #[error("cannot read {}", path.display())]
    Read {
        /// The file or directory.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// A criterion file this report does not understand.
    #[error("{} is not a criterion result this report can read: {reason}; run `cargo bench` again", path.display())]
    Criterion {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// A malformed `python/bench.py` result.
    #[error("{} is not a python/bench.py result this report can read: {reason}; write it afresh with `{}`",
        path.display(), python::COMMAND)]
    Python {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// An output cannot be written.
    #[error("cannot write {}", path.display())]
    Write {
        /// The file or directory.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// plotters failed to draw a chart.
    #[error("cannot draw the chart {name}: {reason}")]
    Chart {
        /// The chart's name.
        name: String,
        /// plotters' message.
        reason: String,
    },
    /// `--strict`, and something is missing.
    #[error("the report would be incomplete (--strict), so nothing was written:\n{}", list(.0))]
    Incomplete(Vec<Missing>),
}

fn list(missing: &[Missing]) -> String {
    missing.iter().map(|item| format!("  - {item}")).collect::<Vec<_>>().join("\n")
}

/// What a report run wrote and what it lacked.
#[derive(Debug)]
pub struct Written {
    /// BENCHMARKS.md.
    pub markdown: PathBuf,
    /// The SVG charts.
    pub charts: Vec<PathBuf>,
    /// What the document says is missing.
    pub missing: Vec<Missing>,
    /// Estimates that no table lists (a new bench row that `src/report/groups.rs` does not know yet).
    pub unlisted: Vec<String>,
}

/// Reads the inputs, and writes BENCHMARKS.md and the charts unless `strict` finds something missing.
pub fn generate(paths: &Paths, strict: bool, context: &Context) -> Result<Written, ReportError> {
    let inputs = Inputs::read(paths)?;
    let report = Report::new(&inputs);
    if strict && !report.missing.is_empty() {
        return Err(ReportError::Incomplete(report.missing));
    }
    let chart_dir = paths.out_dir.join(CHART_DIR);
    let mut charts = Vec::new();
    let mut chart_links = BTreeMap::new();
    for table in &report.tables {
        let Some(svg) = chart::draw(table)? else { continue };
        fs::create_dir_all(&chart_dir).map_err(|source| ReportError::Write { path: chart_dir.clone(), source })?;
        let path = chart_dir.join(format!("{}.svg", table.group.id));
        fs::write(&path, svg).map_err(|source| ReportError::Write { path: path.clone(), source })?;
        chart_links.insert(table.group.id, format!("{CHART_DIR}/{}.svg", table.group.id));
        charts.push(path);
    }
    let markdown = paths.out_dir.join("BENCHMARKS.md");
    let text = render::markdown(&report, &inputs, context, &chart_links);
    fs::write(&markdown, text).map_err(|source| ReportError::Write { path: markdown.clone(), source })?;
    Ok(Written { markdown, charts, missing: report.missing, unlisted: report.unlisted })
}

/// The two inputs, read and checked.
struct Inputs {
    paths: Paths,
    estimates: Option<BTreeMap<String, Estimate>>,
    python: Option<PythonBench>,
}

impl Inputs {
    fn read(paths: &Paths) -> Result<Inputs, ReportError> {
        Ok(Inputs {
            paths: paths.clone(),
            estimates: criterion::read(&paths.criterion)?,
            python: python::read(&paths.python)?,
        })
    }

    fn estimate(&self, id: &str) -> Option<&Estimate> {
        self.estimates.as_ref()?.get(id)
    }

    fn workload(&self, id: &str) -> Option<&Workload> {
        self.python.as_ref()?.workloads.get(id)
    }
}

/// A row's figure, or why it has none.
enum Cost<'a> {
    Measured(&'a Estimate),
    /// Deliberately not run on this param (the reason).
    Absent(&'static str),
    /// Should be there and is not.
    Missing,
}

/// One row of a table.
struct Row<'a> {
    variant: &'a Variant,
    id: String,
    cost: Cost<'a>,
    /// time / the limit's time.
    vs_limit: Option<f64>,
    /// The CPython workload this row compares to, and its figures if the file has them.
    python: Option<(&'static str, Option<&'a Workload>)>,
    /// CPython's time / this row's time.
    vs_python: Option<f64>,
}

impl Row<'_> {
    fn median(&self) -> Option<f64> {
        match self.cost {
            Cost::Measured(estimate) => Some(estimate.median_ns),
            _ => None,
        }
    }
}

/// The rows of one param.
struct Section<'a> {
    param: &'a Param,
    rows: Vec<Row<'a>>,
}

/// One group's table.
struct Table<'a> {
    group: &'a Group,
    /// Whether criterion has any estimate of this group.
    ran: bool,
    sections: Vec<Section<'a>>,
}

impl Table<'_> {
    fn row(&self, param: &Param, variant: &str) -> Option<&Row<'_>> {
        let section = self.sections.iter().find(|section| section.param.id == param.id)?;
        section.rows.iter().find(|row| row.variant.id == variant)
    }
}

/// A goal's verdict.
enum GoalStatus {
    Met(String),
    NotMet(String),
    /// The rows it needs are missing.
    Unknown(String),
}

/// Everything the document shows, computed once.
struct Report<'a> {
    tables: Vec<Table<'a>>,
    goals: Vec<(&'static str, String, GoalStatus)>,
    missing: Vec<Missing>,
    unlisted: Vec<String>,
}

impl<'a> Report<'a> {
    fn new(inputs: &'a Inputs) -> Report<'a> {
        let mut missing = Vec::new();
        if inputs.estimates.is_none() {
            missing.push(Missing::NoCriterion { dir: inputs.paths.criterion.clone() });
        }
        let tables: Vec<Table<'a>> = GROUPS.iter().map(|group| table(group, inputs)).collect();
        for table in &tables {
            if inputs.estimates.is_some() && !table.ran {
                missing.push(Missing::Group { group: table.group.id.into(), command: table.group.command() });
            }
            if !table.ran {
                continue;
            }
            for row in table.sections.iter().flat_map(|section| &section.rows) {
                if matches!(row.cost, Cost::Missing) {
                    missing.push(Missing::Row { id: row.id.clone(), command: table.group.command() });
                }
            }
        }
        match &inputs.python {
            None => missing.push(Missing::NoPython { path: inputs.paths.python.clone() }),
            Some(python) => {
                let wanted: BTreeSet<&str> = tables
                    .iter()
                    .flat_map(|table| &table.sections)
                    .flat_map(|section| &section.rows)
                    .filter_map(|row| row.python.map(|(id, _)| id))
                    .collect();
                for id in wanted.into_iter().filter(|id| !python.workloads.contains_key(*id)) {
                    missing.push(Missing::PythonWorkload { id: id.into(), quick: python.quick });
                }
            }
        }
        let listed: BTreeSet<&str> = tables
            .iter()
            .flat_map(|table| &table.sections)
            .flat_map(|section| &section.rows)
            .map(|row| row.id.as_str())
            .collect();
        let unlisted = inputs
            .estimates
            .iter()
            .flat_map(BTreeMap::keys)
            .filter(|id| !listed.contains(id.as_str()))
            .cloned()
            .collect();
        let goals = GOALS.iter().map(|(name, goal)| (*name, target(goal), verdict(goal, &tables))).collect();
        Report { tables, goals, missing, unlisted }
    }
}

fn table<'a>(group: &'a Group, inputs: &'a Inputs) -> Table<'a> {
    let prefix = format!("{}/", group.id);
    let ran = inputs.estimates.as_ref().is_some_and(|estimates| estimates.keys().any(|id| id.starts_with(&prefix)));
    let sections = group
        .params
        .iter()
        .map(|param| {
            let limit = inputs.estimate(&group.id_of(group.limit, param)).map(|estimate| estimate.median_ns);
            let rows = group
                .variants
                .iter()
                .map(|variant| {
                    let id = group.id_of(variant.id, param);
                    let absent = variant.absent.iter().find(|(on, _)| *on == param.id).map(|(_, why)| *why);
                    let cost = match (inputs.estimate(&id), absent) {
                        (Some(estimate), _) => Cost::Measured(estimate),
                        (None, Some(why)) => Cost::Absent(why),
                        (None, None) => Cost::Missing,
                    };
                    let median = match cost {
                        Cost::Measured(estimate) => Some(estimate.median_ns),
                        _ => None,
                    };
                    let python = variant.python.or(param.python).map(|id| (id, inputs.workload(id)));
                    let python_ns = python.and_then(|(_, workload)| workload).map(|workload| workload.median_ns);
                    Row {
                        variant,
                        id,
                        cost,
                        vs_limit: median.zip(limit).map(|(median, limit)| median / limit),
                        python,
                        vs_python: median.zip(python_ns).map(|(median, python)| python / median),
                    }
                })
                .collect();
            Section { param, rows }
        })
        .collect();
    Table { group, ran, sections }
}

/// The goal's target, in words ("<= 1.10x").
fn target(goal: &Goal) -> String {
    match goal {
        Goal::AtMost { factor, .. } => format!("at most {}x the time of {}", render::number(*factor), reference(goal)),
        Goal::FasterThanCpython { factor, .. } => format!("at least {}x faster than CPython", render::number(*factor)),
    }
}

fn reference(goal: &Goal) -> &'static str {
    match goal {
        Goal::AtMost { reference, .. } => reference,
        Goal::FasterThanCpython { .. } => "CPython",
    }
}

/// Finds a row anywhere by its criterion id.
fn find<'t>(tables: &'t [Table<'_>], id: &str) -> Option<&'t Row<'t>> {
    tables.iter().flat_map(|table| &table.sections).flat_map(|section| &section.rows).find(|row| row.id == id)
}

fn verdict(goal: &Goal, tables: &[Table<'_>]) -> GoalStatus {
    let median = |id: &str| find(tables, id).and_then(Row::median);
    match *goal {
        Goal::AtMost { row, reference, factor } => {
            let (Some(time), Some(reference_time)) = (median(row), median(reference)) else {
                let absent: Vec<&str> = [row, reference].into_iter().filter(|id| median(id).is_none()).collect();
                return GoalStatus::Unknown(format!("not measured: {}", absent.join(", ")));
            };
            let ratio = time / reference_time;
            let met = time <= factor * reference_time;
            let figure = format!("{}: {}x", row, render::ratio(ratio));
            if met { GoalStatus::Met(figure) } else { GoalStatus::NotMet(figure) }
        }
        Goal::FasterThanCpython { rows, factor } => {
            let mut worst: Option<(f64, &str)> = None;
            let mut absent = Vec::new();
            for id in rows {
                match find(tables, id).and_then(|row| row.vs_python) {
                    Some(speedup) if worst.is_none_or(|(lowest, _)| speedup < lowest) => worst = Some((speedup, id)),
                    Some(_) => {}
                    None => absent.push(*id),
                }
            }
            match worst {
                None => GoalStatus::Unknown(format!("not measured: {}", absent.join(", "))),
                Some((speedup, id)) => {
                    let mut figure = format!("slowest, {id}: {}x", render::ratio(speedup));
                    if speedup < factor {
                        GoalStatus::NotMet(figure)
                    } else if absent.is_empty() {
                        GoalStatus::Met(figure)
                    } else {
                        figure += &format!("; not measured: {}", absent.join(", "));
                        GoalStatus::Unknown(figure)
                    }
                }
            }
        }
    }
}

/// The default paths exist relative to the repository: say so when they are not found from elsewhere.
pub fn looks_like_repository(dir: &Path) -> bool {
    dir.join("Cargo.toml").is_file() && dir.join("python/bench.py").is_file()
}
