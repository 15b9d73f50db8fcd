//! The bench figures of a sample, and the report's charts.
//!
//! Which benches belong to a sample is read from the bench sources, not kept in a table: a file under `benches/`
//! that imports the sample's module (`use final_frontier::part7_compiler::compiler2`) measures it, and the
//! criterion groups it opens (`c.benchmark_group("traversal")`) name its results under `target/criterion/`.

use std::path::{Path, PathBuf};
use std::{fs, io};

use proc_macro2::{TokenStream, TokenTree};
use syn::{ItemUse, UseTree};

use crate::registry::Sample;

/// A bench file and what it measures.
#[derive(Debug, Clone)]
pub struct BenchFile {
    /// Its path from the crate root, e.g. `benches/traversal.rs`.
    pub path: String,
    /// The crate paths it imports, without the crate's name (`part7_compiler::compiler2::native`).
    pub uses: Vec<String>,
    /// The criterion groups it opens.
    pub groups: Vec<String>,
}

impl BenchFile {
    /// Whether it imports `module` (a registry path like `part3_futures::inline1`) or something inside it.
    pub fn measures(&self, module: &str) -> bool {
        self.uses.iter().any(|path| path == module || path.starts_with(&format!("{module}::")))
    }
}

/// One criterion result.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Criterion's full id, e.g. `traversal/native/chain/100000`.
    pub id: String,
    /// Median time of one iteration, in nanoseconds.
    pub median_ns: f64,
    /// The 95% confidence interval of the median.
    pub low_ns: f64,
    /// The 95% confidence interval of the median.
    pub high_ns: f64,
    /// Elements per iteration, when the bench declares a throughput in elements.
    pub elements: Option<u64>,
}

/// The bench files and where criterion keeps its results.
#[derive(Debug, Clone)]
pub struct Benches {
    /// Every `benches/*.rs` that parses.
    pub files: Vec<BenchFile>,
    /// `target/criterion` (or under `$CARGO_TARGET_DIR`).
    pub criterion: PathBuf,
}

impl Benches {
    /// Reads `root/benches/*.rs`. A file that cannot be read or parsed is left out and reported in the second
    /// value; no `benches/` directory means no benches.
    pub fn read(root: &Path) -> (Benches, Vec<String>) {
        let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
        let mut benches = Benches { files: Vec::new(), criterion: target.join("criterion") };
        let mut problems = Vec::new();
        let mut paths: Vec<PathBuf> = match fs::read_dir(root.join("benches")) {
            Ok(entries) => entries
                .filter_map(|entry| entry.ok().map(|entry| entry.path()))
                .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
                .collect(),
            Err(_) => Vec::new(),
        };
        paths.sort();
        for path in paths {
            let shown = path.strip_prefix(root).unwrap_or(&path).display().to_string();
            match fs::read_to_string(&path).map_err(|e| e.to_string()).and_then(|text| bench_file(&shown, &text)) {
                Ok(file) => benches.files.push(file),
                Err(error) => problems.push(format!("cannot read {shown} for its bench groups: {error}")),
            }
        }
        (benches, problems)
    }

    /// The bench files that measure `sample`, each with the figures criterion has for its groups (none where
    /// `cargo bench` has not run).
    pub fn for_sample(&self, sample: &Sample) -> Vec<(&BenchFile, Vec<Figure>)> {
        self.files
            .iter()
            .filter(|file| file.measures(sample.module))
            .map(|file| {
                let mut figures: Vec<Figure> =
                    file.groups.iter().flat_map(|group| figures(&self.criterion.join(group))).collect();
                figures.sort_by(|a, b| a.id.cmp(&b.id));
                (file, figures)
            })
            .collect()
    }
}

/// Reads a bench source: its imports from this crate, and its `benchmark_group("...")` names. Only its tokens
/// are parsed, and each top-level `use` on its own: a bench may use syntax `syn` does not know yet (`gen` blocks).
fn bench_file(path: &str, text: &str) -> Result<BenchFile, String> {
    let tokens: TokenStream = text.parse().map_err(|error: proc_macro2::LexError| error.to_string())?;
    let mut uses = Vec::new();
    let mut statement: Option<TokenStream> = None;
    for tree in tokens.clone() {
        match (&mut statement, &tree) {
            (None, TokenTree::Ident(ident)) if ident == "use" => statement = Some(TokenStream::from(tree)),
            (Some(tokens), TokenTree::Punct(punct)) if punct.as_char() == ';' => {
                tokens.extend([tree]);
                if let Ok(item) = syn::parse2::<ItemUse>(std::mem::take(tokens)) {
                    flatten(&item.tree, String::new(), &mut uses);
                }
                statement = None;
            }
            (Some(tokens), _) => tokens.extend([tree]),
            (None, _) => {}
        }
    }
    let crate_name = env!("CARGO_CRATE_NAME");
    let uses =
        uses.into_iter().filter_map(|path| path.strip_prefix(&format!("{crate_name}::")).map(str::to_string)).collect();
    let mut groups = Vec::new();
    group_names(tokens, &mut groups);
    groups.dedup();
    Ok(BenchFile { path: path.to_string(), uses, groups })
}

/// Every path a `use` tree imports, `a::b::{self, c}` giving `a::b` and `a::b::c`.
fn flatten(tree: &UseTree, prefix: String, out: &mut Vec<String>) {
    let join = |name: String| if prefix.is_empty() { name } else { format!("{prefix}::{name}") };
    match tree {
        UseTree::Path(path) => flatten(&path.tree, join(path.ident.to_string()), out),
        UseTree::Name(name) if name.ident == "self" => out.push(prefix),
        UseTree::Name(name) => out.push(join(name.ident.to_string())),
        UseTree::Rename(rename) => out.push(join(rename.ident.to_string())),
        UseTree::Glob(_) => out.push(prefix),
        UseTree::Group(group) => group.items.iter().for_each(|tree| flatten(tree, prefix.clone(), out)),
    }
}

/// The string literal given to each `benchmark_group(...)` call, in order.
fn group_names(tokens: TokenStream, out: &mut Vec<String>) {
    let mut after_name = false;
    for tree in tokens {
        match tree {
            TokenTree::Ident(ident) => after_name = ident == "benchmark_group",
            TokenTree::Group(group) => {
                if after_name && let Ok(literal) = syn::parse2::<syn::LitStr>(group.stream()) {
                    out.push(literal.value());
                }
                after_name = false;
                group_names(group.stream(), out);
            }
            _ => after_name = false,
        }
    }
}

/// Criterion's latest results under one group's directory: every `new/estimates.json` beside its
/// `new/benchmark.json`. Unreadable or unexpected files are skipped: the figures are a bonus, not a check.
pub fn figures(group_dir: &Path) -> Vec<Figure> {
    let mut found = Vec::new();
    let mut dirs = vec![group_dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if !path.is_dir() {
                continue;
            }
            if path.file_name().is_some_and(|name| name == "new") {
                if let Ok(figure) = figure(&path) {
                    found.push(figure);
                }
            } else if path.file_name().is_some_and(|name| name != "base" && name != "report") {
                dirs.push(path);
            }
        }
    }
    found
}

fn figure(new: &Path) -> io::Result<Figure> {
    let read = |name: &str| -> io::Result<serde_json::Value> {
        let text = fs::read_to_string(new.join(name))?;
        serde_json::from_str(&text).map_err(io::Error::other)
    };
    let benchmark = read("benchmark.json")?;
    let estimates = read("estimates.json")?;
    let id = benchmark["full_id"].as_str().ok_or_else(|| io::Error::other("no full_id"))?.to_string();
    let median = &estimates["median"];
    let number = |value: &serde_json::Value| value.as_f64().ok_or_else(|| io::Error::other("not a number"));
    Ok(Figure {
        id,
        median_ns: number(&median["point_estimate"])?,
        low_ns: number(&median["confidence_interval"]["lower_bound"])?,
        high_ns: number(&median["confidence_interval"]["upper_bound"])?,
        elements: benchmark["throughput"]["Elements"].as_u64(),
    })
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
    let mut charts: Vec<PathBuf> = match fs::read_to_string(root.join("BENCHMARKS.md")) {
        Ok(text) => super::markdown::images(&text)
            .into_iter()
            .filter(|dest| !dest.contains("://"))
            .map(PathBuf::from)
            .filter(|path| root.join(path).is_file())
            .collect(),
        Err(_) => Vec::new(),
    };
    if charts.is_empty()
        && let Ok(entries) = fs::read_dir(root.join("docs/benchmarks"))
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
    fn a_bench_file_says_what_it_imports_and_which_groups_it_opens() {
        let text = r#"
            use criterion::Criterion;
            fn body() -> impl Iterator<Item = u64> { gen { yield 1; } }
            use final_frontier::part7_compiler::compiler2::{self, native};
            use final_frontier::part3_futures::inline1::Task;
            fn bench(c: &mut Criterion) {
                let mut group = c.benchmark_group("traversal");
                { let g = c.benchmark_group("other"); }
            }
        "#;
        let file = match bench_file("benches/x.rs", text) {
            Ok(file) => file,
            Err(error) => panic!("{error}"),
        };
        assert_eq!(file.groups, ["traversal", "other"]);
        assert!(file.measures("part7_compiler::compiler2"));
        assert!(file.measures("part3_futures::inline1"));
        assert!(!file.measures("part3_futures::inline2"));
        assert!(!file.measures("part7_compiler::compiler"));
    }

    #[test]
    fn figures_come_from_criterions_new_estimates() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let new = dir.path().join("futures/native/new");
        fs::create_dir_all(&new)?;
        fs::create_dir_all(dir.path().join("futures/native/base"))?;
        fs::write(
            new.join("benchmark.json"),
            r#"{"group_id":"futures","function_id":"native","value_str":null,"throughput":{"Elements":1},
                "full_id":"futures/native","directory_name":"futures/native","title":"futures/native"}"#,
        )?;
        fs::write(
            new.join("estimates.json"),
            r#"{"median":{"confidence_interval":{"confidence_level":0.95,"lower_bound":110.0,"upper_bound":130.0},
                "point_estimate":119.5,"standard_error":1.0}}"#,
        )?;
        let found = figures(&dir.path().join("futures"));
        assert_eq!(
            found,
            [Figure {
                id: "futures/native".into(),
                median_ns: 119.5,
                low_ns: 110.0,
                high_ns: 130.0,
                elements: Some(1)
            }]
        );
        assert_eq!(duration(119.5), "120 ns");
        assert_eq!(duration(2_612_000.0), "2.61 ms");
        Ok(())
    }
}
