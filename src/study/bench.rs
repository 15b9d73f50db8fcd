//! The bench figures a sample's page shows, from the data the report uses.
//!
//! Which group measures which sample is declared once, beside the report's groups
//! ([`crate::report::groups::MEASURED`]). The figures come from criterion's own estimates when this
//! machine has run `cargo bench` (read by the report's one reader, [`criterion::read`]), else from the
//! committed BENCHMARKS.md, whose tables the report wrote from its last full run: its rows are found by the same
//! group titles, param labels and variant labels ([`GROUPS`]), so a fresh clone shows the committed run's
//! figures and never "no results". Parsing the tables, rather than committing a second data file, keeps one
//! record of the run: the page cannot show figures BENCHMARKS.md does not.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::report::criterion::{self, Estimate};
use crate::report::groups::{GROUPS, Group, Kind, MEASURED, Measured};

/// Where a page's figures come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Criterion's estimates on this machine, under this directory.
    Criterion(PathBuf),
    /// The committed BENCHMARKS.md; the text is its machine line, if it has one.
    Committed(Option<String>),
}

/// One row of a table: a variant on a param.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The param's label (`depth 10`), empty for a group without params.
    pub param: &'static str,
    /// The variant's label, as BENCHMARKS.md names it.
    pub label: &'static str,
    /// What kind of row, for its colour.
    pub kind: Kind,
    /// Whether it is the group's limit.
    pub limit: bool,
    /// The median time of one item, in nanoseconds.
    pub median_ns: f64,
}

/// The figures of one group for one sample.
#[derive(Debug, Clone)]
pub struct Table {
    /// The group.
    pub group: &'static Group,
    /// Why the sample's page shows it.
    pub measured: &'static Measured,
    /// Its rows, in the group's order (params, then variants).
    pub figures: Vec<Figure>,
}

/// Every figure, by criterion id, and where they came from.
#[derive(Debug, Clone)]
pub struct Figures {
    /// Median ns per item, by criterion id.
    pub by_id: BTreeMap<String, f64>,
    /// Where from (`None`: neither criterion's files nor BENCHMARKS.md have any).
    pub source: Option<Source>,
}

impl Figures {
    /// Reads criterion's estimates under `criterion_dir` if there are any, else BENCHMARKS.md's tables (`markdown`).
    /// A criterion directory that cannot be read is a problem, returned, and BENCHMARKS.md is used instead.
    pub fn read(criterion_dir: &Path, markdown: Option<&str>) -> (Figures, Vec<String>) {
        let mut problems = Vec::new();
        match criterion::read(criterion_dir) {
            Ok(Some(estimates)) if !estimates.is_empty() => {
                let by_id = estimates.into_iter().map(|(id, Estimate { median_ns, .. })| (id, median_ns)).collect();
                return (Figures { by_id, source: Some(Source::Criterion(criterion_dir.to_path_buf())) }, problems);
            }
            Ok(_) => {}
            Err(error) => problems.push(format!("criterion's results are unreadable, BENCHMARKS.md is used: {error}")),
        }
        let Some(markdown) = markdown else {
            return (Figures { by_id: BTreeMap::new(), source: None }, problems);
        };
        let by_id = committed(markdown);
        let source = (!by_id.is_empty()).then(|| Source::Committed(machine(markdown)));
        (Figures { by_id, source }, problems)
    }

    /// The tables `sample`'s page shows, each with the rows that have a figure.
    pub fn for_sample(&self, sample: &str) -> Vec<Table> {
        MEASURED
            .iter()
            .filter(|measured| measured.sample == sample)
            .filter_map(|measured| {
                let group = GROUPS.iter().find(|group| group.id == measured.group)?;
                let figures = group
                    .params
                    .iter()
                    .filter(|param| measured.param.is_empty() || param.id == measured.param)
                    .flat_map(|param| {
                        group.variants.iter().filter_map(move |variant| {
                            let median_ns = *self.by_id.get(&group.id_of(variant.id, param))?;
                            Some(Figure {
                                param: param.label,
                                label: variant.label,
                                kind: variant.kind,
                                limit: variant.id == group.limit,
                                median_ns,
                            })
                        })
                    })
                    .collect();
                Some(Table { group, measured, figures })
            })
            .collect()
    }
}

/// The figures of BENCHMARKS.md's tables, by criterion id: each group's section is found by its title, each
/// row by its param label (the first column, where the group has params) and its variant label.
fn committed(markdown: &str) -> BTreeMap<String, f64> {
    let mut found = BTreeMap::new();
    for group in GROUPS {
        let Some(section) = super::markdown::section(markdown, group.title) else { continue };
        let with_params = group.params.len() > 1;
        for line in section.lines().filter(|line| line.starts_with('|')) {
            let cells: Vec<&str> = line.trim().trim_matches('|').split('|').map(str::trim).collect();
            let (param, rest) =
                if with_params { (cells.first().copied(), cells.get(1..)) } else { (None, Some(&cells[..])) };
            let Some([label, median, ..]) = rest else { continue };
            let Some(param) =
                group.params.iter().find(|p| param.is_none_or(|text| text == p.label) || group.params.len() == 1)
            else {
                continue;
            };
            let Some(variant) = group.variants.iter().find(|variant| variant.label == *label) else { continue };
            if let Some(ns) = nanoseconds(median) {
                found.insert(group.id_of(variant.id, param), ns);
            }
        }
    }
    found
}

/// BENCHMARKS.md's `| machine | ... |` line.
fn machine(markdown: &str) -> Option<String> {
    markdown
        .lines()
        .find_map(|line| line.strip_prefix("| machine |"))
        .map(|rest| rest.trim_end_matches('|').trim().to_string())
}

/// `4.23 ns`, `1.76 ms`, `2.01 µs`, `1,234 ns` in nanoseconds.
fn nanoseconds(text: &str) -> Option<f64> {
    let (number, unit) = text.split_once(' ')?;
    let value: f64 = number.replace(',', "").parse().ok()?;
    let scale = match unit {
        "ns" => 1.0,
        "µs" | "us" => 1e3,
        "ms" => 1e6,
        "s" => 1e9,
        _ => return None,
    };
    Some(value * scale)
}

/// A time in nanoseconds, in the unit that keeps three significant figures readable.
pub fn duration(ns: f64) -> String {
    let (value, unit) = match ns {
        ns if ns >= 1e9 => (ns / 1e9, "s"),
        ns if ns >= 1e6 => (ns / 1e6, "ms"),
        ns if ns >= 1e3 => (ns / 1e3, "µs"),
        ns => (ns, "ns"),
    };
    let decimals = if value >= 100.0 {
        0
    } else if value >= 10.0 {
        1
    } else {
        2
    };
    format!("{value:.decimals$} {unit}")
}

/// The report's charts: the images `BENCHMARKS.md` shows, else the SVGs in `docs/benchmarks/`; paths from the
/// crate root, only those that exist.
pub fn charts(root: &Path) -> Vec<PathBuf> {
    let mut charts: Vec<PathBuf> = match std::fs::read_to_string(root.join("BENCHMARKS.md")) {
        Ok(text) => super::markdown::images(&text)
            .into_iter()
            .filter(|dest| !dest.contains("://"))
            .map(PathBuf::from)
            .filter(|path| root.join(path).is_file())
            .collect(),
        Err(_) => Vec::new(),
    };
    if charts.is_empty()
        && let Ok(entries) = std::fs::read_dir(root.join("docs/benchmarks"))
    {
        charts = entries
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "svg"))
            .filter_map(|path| path.strip_prefix(root).ok().map(Path::to_path_buf))
            .collect();
        charts.sort();
    }
    charts.dedup();
    charts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_tables_give_figures_by_id() {
        let markdown = "| machine | AMD EPYC, 2 cores (linux) |\n\n## actors: one message delivered\n\n\
            | | variant | median per message | 95% CI |\n| --- | --- | ---: | ---: |\n\
            | actor3: one queue, one run loop | native | 5.77 ns | x |\n\
            | actor1's shape: direct resume | stackful | 8.98 µs | x |\n\n\
            ## fib: the list of fib(i) for i < 30\n\n| variant | median per run |\n| --- | ---: |\n\
            | Task, native | 1.84 ms | x |\n";
        let found = committed(markdown);
        assert_eq!(found.get("actors/native/queue"), Some(&5.77));
        assert_eq!(found.get("actors/stackful/direct"), Some(&8980.0));
        assert_eq!(found.get("fib/native/30"), Some(&1_840_000.0));
        assert_eq!(machine(markdown).as_deref(), Some("AMD EPYC, 2 cores (linux)"));
    }

    #[test]
    fn the_real_benchmarks_md_has_figures_for_every_sample() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let markdown = std::fs::read_to_string(root.join("BENCHMARKS.md")).unwrap_or_default();
        let (figures, problems) = Figures::read(&root.join("no-such-criterion-dir"), Some(&markdown));
        assert!(problems.is_empty(), "{problems:?}");
        assert!(matches!(figures.source, Some(Source::Committed(_))));
        for sample in &crate::registry::SAMPLES {
            let tables = figures.for_sample(sample.name);
            assert!(tables.iter().any(|table| !table.figures.is_empty()), "{} has no figure", sample.name);
        }
        for measured in MEASURED {
            let group = GROUPS.iter().find(|group| group.id == measured.group);
            let group = group.unwrap_or_else(|| panic!("MEASURED names no group {}", measured.group));
            assert!(
                measured.param.is_empty() || group.params.iter().any(|param| param.id == measured.param),
                "MEASURED names no param {} of {}",
                measured.param,
                group.id
            );
        }
        assert_eq!(duration(119.5), "120 ns");
        assert_eq!(duration(2_612_000.0), "2.61 ms");
    }
}
