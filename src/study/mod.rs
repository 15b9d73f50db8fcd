//! `final-frontier study`: the crate as a reading site in the talk's order, under Beazley's part titles
//! ([`drivers::PARTS`]): a page for the protocol (part 1, `protocol.rs`), one page per sample, BENCHMARKS.md,
//! and an index; the parts, samples, protocol and benchmarks are in a menu on every page.
//!
//! A sample's page (`page.rs`: a list of sections, so one more section is one more function) puts each
//! top-level item of the Python twin beside its Rust counterpart, matched by name ([`rows`]): the bodies of the
//! three backends, what differs between them marked ([`tokendiff`]), or the driver or shared item that says it
//! once; then the drivers it runs on, the evolutions it is a step of ([`evolution`]), the transcript of a real run
//! ([`runs`]) with words generated from its numbers, and the bench figures ([`bench`](mod@bench)).
//!
//! Everything comes from what the crate really is, read while the site is written: the registry
//! ([`registry::SAMPLES`](crate::registry::SAMPLES)) says which samples exist, where their code lives and how to
//! run them; the Rust is parsed ([`extract`]) and the twins split by [`crate::source_files`], never
//! cut by line numbers; what is shown besides a sample's own file is declared once, by name, in [`drivers`]. A
//! sample added to the registry gets its page with no change here.
//!
//! Nothing is hidden: a sample whose source is missing a backend module, whose run fails, or whose backends
//! disagree is shown as such, and [`Written::problems`] says what was wrong (the CLI then exits 1).
//!
//! The site is static HTML (`maud` templates: escaping by construction) and one stylesheet: it opens from
//! `file://` with no network, no font and no script; light or dark follows the reader's system; it reads on a
//! laptop and on a phone. The tabs that pick a backend are radio buttons styled by CSS.
//!
//! Layering: the study stands above the registry and below the CLI; nothing else in the crate uses it.

pub mod bench;
pub mod delegation;
pub mod drivers;
pub mod evolution;
pub mod extract;
pub mod highlight;
pub mod html;
pub mod markdown;
mod page;
mod protocol;
pub mod rows;
pub mod runs;
pub mod tokendiff;
pub mod traces;

use std::fmt;
use std::path::{Path, PathBuf};
use std::{fs, io};

use crate::registry::{RunsOn, SAMPLES, Sample};
use crate::source_files;
use crate::transcript::TimeScale;
use bench::{Figures, Source, Table};
use drivers::Driver;
use extract::{Extracted, Piece};
use highlight::{HighlightError, Highlighter};
use html::Code;
use runs::Runs;

/// Where the site goes by default, under the crate root.
pub const DEFAULT_OUT: &str = "target/study";

/// The README section the index shows as the backend comparison.
pub const BACKENDS_SECTION: &str = "The three backends compared";

/// What to read and where to write.
#[derive(Debug, Clone)]
pub struct Study {
    /// The crate root: `src/`, `python/`, `tests/snapshots/`, `benches/`, README.md.
    pub root: PathBuf,
    /// The directory the site is written to (created if needed; files in it are overwritten, nothing removed).
    pub out: PathBuf,
    /// The time scale of the runs whose transcripts the pages show.
    pub time_scale: TimeScale,
    /// Where criterion's results are ([`criterion::default_dir`](crate::report::criterion::default_dir) for the
    /// CLI); when there are none, the figures come from the committed BENCHMARKS.md.
    pub criterion: PathBuf,
}

/// Something the study found wrong; the site shows it too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The sample it concerns, if one.
    pub sample: Option<&'static str>,
    /// What was wrong, for a person to act on.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.sample {
            Some(name) => write!(f, "{name}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// What [`write()`] produced.
#[derive(Debug)]
pub struct Written {
    /// The index page.
    pub index: PathBuf,
    /// Every page written, the index first.
    pub pages: Vec<PathBuf>,
    /// What was wrong (empty: nothing).
    pub problems: Vec<Problem>,
}

/// Why no site could be written.
#[derive(Debug, thiserror::Error)]
pub enum StudyError {
    /// The site's directory could not be made.
    #[error("cannot create the directory {path} for the site")]
    CreateDir {
        /// Which.
        path: PathBuf,
        /// What the OS said.
        #[source]
        source: io::Error,
    },
    /// A file or directory of the site could not be written.
    #[error("cannot write {path}")]
    Write {
        /// Which.
        path: PathBuf,
        /// What the OS said.
        #[source]
        source: io::Error,
    },
    /// The highlighter's stylesheet could not be made.
    #[error(transparent)]
    Style(#[from] HighlightError),
}

/// Everything a sample's page shows, gathered before any page is written.
pub struct SampleStudy {
    /// The sample.
    pub sample: &'static Sample,
    /// Its Rust file from the crate root, e.g. `src/part2_context/cm.rs`.
    pub rust_path: String,
    /// Its Python twin from the crate root.
    pub python_path: String,
    /// The Rust file cut up (`None`: unreadable; see `problems`).
    pub extracted: Option<Extracted>,
    /// The Python twin's text.
    pub python: Option<String>,
    /// The twin above its plumbing marker (all of it without one).
    pub python_program: String,
    /// The twin's top-level `def`s and `class`es above the marker.
    pub python_items: Vec<source_files::PyItem>,
    /// The plumbing block: its first line (1-based) and text.
    pub python_plumbing: Option<(usize, String)>,
    /// The drivers it runs on, each cut from its file.
    pub drivers: Vec<(Driver, Vec<Piece>)>,
    /// The real runs (`None`: not run because the study was interrupted).
    pub runs: Option<Runs>,
    /// The pinned transcript, `tests/snapshots/NAME.snap` without insta's header.
    pub snapshot: Option<String>,
    /// The bench figures that measure it.
    pub tables: Vec<Table>,
    /// Where the figures come from.
    pub figure_source: Option<Source>,
    /// What was wrong with it.
    pub problems: Vec<String>,
    /// Its control flow, drawn from recorded runs (`None`: not drawn, the study was interrupted).
    pub drawings: Option<traces::Drawings>,
}

impl SampleStudy {
    /// The one-line summary: the module doc's first paragraph.
    pub fn summary(&self) -> String {
        match &self.extracted {
            Some(extracted) => markdown::summary(&extracted.doc),
            None => "(the source could not be read)".to_string(),
        }
    }

    /// What the real runs say, in a few words.
    pub fn verdict(&self) -> Verdict {
        let Some(runs) = &self.runs else {
            return Verdict::NotRun;
        };
        let failed: Vec<String> =
            runs.runs.iter().filter(|run| run.result.is_err()).map(|run| run.variant.to_string()).collect();
        if !failed.is_empty() {
            return Verdict::Failed(failed);
        }
        if !runs.same_transcript() {
            return Verdict::Different;
        }
        let matches =
            self.snapshot.as_ref().zip(runs.runs.first()).map(|(snap, run)| snap.trim_end() == run.kept.trim_end());
        Verdict::Same { variants: runs.runs.len(), matches_snapshot: matches }
    }
}

/// What a sample's real runs say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Ported but not run (the study was interrupted).
    NotRun,
    /// These variants failed.
    Failed(Vec<String>),
    /// Every variant ran; their transcripts differ.
    Different,
    /// Every variant ran and printed the same transcript; `matches_snapshot` is `None` without a snapshot.
    Same {
        /// How many variants.
        variants: usize,
        /// Whether it is the pinned one.
        matches_snapshot: Option<bool>,
    },
}

impl Verdict {
    /// Whether the verdict is a problem.
    pub fn is_problem(&self) -> bool {
        matches!(self, Verdict::Failed(_) | Verdict::Different | Verdict::Same { matches_snapshot: Some(false), .. })
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verdict::NotRun => f.write_str("not run (interrupted)"),
            Verdict::Failed(variants) => write!(f, "FAILED on {}", variants.join(", ")),
            Verdict::Different => f.write_str("DIFFERENT transcripts"),
            Verdict::Same { variants, matches_snapshot } => {
                match variants {
                    1 => f.write_str("ran")?,
                    _ => f.write_str("same transcript")?,
                }
                match matches_snapshot {
                    Some(true) => Ok(()),
                    Some(false) => f.write_str(", but NOT the pinned one"),
                    None => f.write_str(" (no snapshot)"),
                }
            }
        }
    }
}

/// The path of a sample's Rust file from its registry module path: `part2_context::cm` is
/// `src/part2_context/cm.rs`, or `src/part2_context/cm/mod.rs` for a sample that is a folder (async2).
pub fn rust_path(root: &Path, sample: &Sample) -> String {
    let module = sample.module.replace("::", "/");
    let folder = format!("src/{module}/mod.rs");
    if root.join(&folder).is_file() { folder } else { format!("src/{module}.rs") }
}

/// Reads a sample's file and cuts it up; what went wrong goes to `problems`.
pub fn read_sample(root: &Path, sample: &Sample, problems: &mut Vec<String>) -> Option<Extracted> {
    let path = rust_path(root, sample);
    let source = match fs::read_to_string(root.join(&path)) {
        Ok(source) => source,
        Err(error) => {
            problems.push(format!("cannot read its source {path}: {error}"));
            return None;
        }
    };
    let mut extracted = match extract::extract(&source) {
        Ok(extracted) => extracted,
        Err(error) => {
            problems.push(format!("cannot parse {path}: {error}"));
            return None;
        }
    };
    if let RunsOn::Backends = sample.runs_on
        && !extracted.has_backends()
        && let Some((other, other_path)) = shared_bodies(root, &path, &extracted.from_super)
    {
        extracted.borrow_bodies(other, other_path);
    }
    resolve_reexports(root, &path, &mut extracted);
    let twin = |name: &str| fs::read_to_string(root.join("python").join(format!("{name}.py"))).ok();
    extracted.doc = extract::include_twin_code(&extracted.doc, twin);
    if let RunsOn::Backends = sample.runs_on {
        for backend in extracted.missing() {
            problems.push(format!(
                "{path} has no `mod {backend}`: a generator sample holds its {backend} bodies there, beside the \
                 other backends'"
            ));
        }
    }
    for module in extracted.backends.iter().flatten().filter(|module| module.out_of_line) {
        problems.push(format!(
            "{path} declares `mod {};` without a body: the study shows only bodies written in the sample's own file",
            module.backend
        ));
    }
    Some(extracted)
}

/// Adds to each backend module the items it re-exports from a sibling file (`pub use inline_iter::native::after`
/// in inline_future.rs shows inline_iter's `after` as inline_future's), marked with where they are written.
fn resolve_reexports(root: &Path, path: &str, extracted: &mut Extracted) {
    let Some((part, _)) = path.rsplit_once('/') else { return };
    for module in extracted.backends.iter_mut().flatten() {
        for reexport in module.reexports.clone() {
            let sibling = format!("{part}/{}.rs", reexport.module);
            let Ok(source) = fs::read_to_string(root.join(&sibling)) else { continue };
            let Ok(other) = extract::extract(&source) else { continue };
            let Some(Some(theirs)) =
                other.backends.into_iter().find(|m| m.as_ref().is_some_and(|m| m.backend == module.backend))
            else {
                continue;
            };
            for piece in theirs.items.into_iter().filter(|piece| reexport.names.contains(&piece.name)) {
                module.items.push(Piece { from: Some(sibling.clone()), ..piece });
            }
        }
    }
}

/// Where a generator sample without backend modules of its own finds its bodies: a file of its part that it
/// imports from (`use super::pingpong` names `pingpong.rs`; an item of `super` itself names the part's
/// `mod.rs`) and that holds all three backend modules.
fn shared_bodies(root: &Path, path: &str, from_super: &[String]) -> Option<(Extracted, String)> {
    let part = path.rsplit_once('/')?.0;
    let candidates =
        from_super.iter().map(|name| format!("{part}/{name}.rs")).chain(std::iter::once(format!("{part}/mod.rs")));
    candidates.filter(|candidate| candidate != path).find_map(|candidate| {
        let source = fs::read_to_string(root.join(&candidate)).ok()?;
        let extracted = extract::extract(&source).ok()?;
        extracted.missing().is_empty().then_some((extracted, candidate))
    })
}

/// The transcript pinned in `tests/snapshots/NAME.snap`, without insta's header.
fn snapshot(root: &Path, name: &str) -> Option<String> {
    let text = fs::read_to_string(root.join("tests/snapshots").join(format!("{name}.snap"))).ok()?;
    Some(crate::source_files::snapshot_transcript(&text).to_string())
}

fn gather(root: &Path, sample: &'static Sample, all_runs: &[Runs], figures: &Figures) -> SampleStudy {
    let mut problems = Vec::new();
    let extracted = read_sample(root, sample, &mut problems);
    let python_path = format!("python/{}", sample.python_file());
    let python = match fs::read_to_string(root.join(&python_path)) {
        Ok(text) => Some(text),
        Err(error) => {
            problems.push(format!("cannot read its Python twin {python_path}: {error}"));
            None
        }
    };
    let text = python.as_deref().unwrap_or_default();
    let program = source_files::program(text);
    let plumbing = source_files::plumbing(text);
    let plumbing = (!plumbing.is_empty()).then(|| {
        let line = text.lines().position(|line| line == source_files::PLUMBING_MARKER).map_or(1, |at| at + 1);
        (line, plumbing.to_string())
    });
    let drivers = drivers::drivers(sample.name)
        .iter()
        .map(|driver| {
            let source = fs::read_to_string(root.join(driver.path)).unwrap_or_default();
            let pieces = extract::lookup(&source, driver.item);
            if pieces.is_empty() {
                problems.push(format!("its driver `{}` is not in {}", driver.item, driver.path));
            }
            (*driver, pieces)
        })
        .collect();
    let runs = all_runs.iter().find(|runs| runs.sample.name == sample.name).cloned();
    let mut study = SampleStudy {
        sample,
        rust_path: rust_path(root, sample),
        python_path,
        extracted,
        python_items: source_files::items(text),
        python_program: program.to_string(),
        python_plumbing: plumbing,
        python,
        drivers,
        runs,
        snapshot: snapshot(root, sample.name),
        tables: figures.for_sample(sample.name),
        figure_source: figures.source.clone(),
        problems,
        drawings: None,
    };
    if let Some(runs) = &study.runs {
        for run in &runs.runs {
            if let Err(error) = &run.result {
                study.problems.push(format!("the run on {} failed: {error}", run.variant));
            }
        }
    }
    match study.verdict() {
        Verdict::Different => study.problems.push("its variants printed different transcripts".to_string()),
        Verdict::Same { matches_snapshot: Some(false), .. } => study
            .problems
            .push(format!("its transcript differs from the pinned one, tests/snapshots/{}.snap", sample.name)),
        Verdict::NotRun => study.problems.push("it was not run: the study was interrupted".to_string()),
        _ => {}
    }
    study
}

/// Writes the site (see the module docs). Pages are written even when samples have problems; the problems are
/// returned, and shown on the pages.
///
/// # Errors
///
/// [`StudyError`] when a file of the site cannot be written: then there is no site to speak of.
pub fn write(study: &Study) -> Result<Written, StudyError> {
    let out = &study.out;
    let create =
        |path: &Path| fs::create_dir_all(path).map_err(|source| StudyError::CreateDir { path: path.into(), source });
    create(out)?;
    let put = |name: &str, contents: &[u8]| {
        let path = out.join(name);
        fs::write(&path, contents).map(|()| path.clone()).map_err(|source| StudyError::Write { path, source })
    };
    let highlighter = Highlighter::new();
    put("study.css", format!("{}\n{}", page::CSS, highlight::css()?).as_bytes())?;

    let runs = runs::run_all(study.time_scale);
    let benchmarks_md = fs::read_to_string(study.root.join("BENCHMARKS.md")).ok();
    let (figures, mut general) = Figures::read(&study.criterion, benchmarks_md.as_deref());
    let mut studies: Vec<SampleStudy> =
        SAMPLES.iter().map(|sample| gather(&study.root, sample, &runs, &figures)).collect();
    for (name, drawings) in traces::draw_all(study.time_scale) {
        if let Some(sample_study) = studies.iter_mut().find(|s| s.sample.name == name) {
            sample_study.drawings = Some(drawings);
        }
    }
    let evolutions = evolution::read(&study.root, &mut general);
    let mut protocol = protocol::read(&study.root, &mut general);
    protocol.draw();
    let benchmarks = benchmarks_md.is_some();

    let mut pages = Vec::new();
    for index in 0..studies.len() {
        let mut code = Code::new(&highlighter);
        let html = page::sample(&studies, index, &mut code, study.time_scale, benchmarks, &evolutions);
        studies[index].problems.extend(code.problems);
        pages.push(put(&format!("{}.html", studies[index].sample.name), html.as_bytes())?);
    }
    let mut code = Code::new(&highlighter);
    let html = protocol::page(&protocol, &studies, benchmarks, &mut code);
    general.extend(code.problems);
    pages.push(put(html::PROTOCOL_PAGE, html.as_bytes())?);

    // The report's charts, copied beside the pages so the site needs nothing outside its directory.
    let charts = bench::charts(&study.root);
    let mut copied = Vec::new();
    if !charts.is_empty() {
        create(&out.join("charts"))?;
    }
    for chart in &charts {
        let name = chart_name(chart);
        let target = out.join("charts").join(&name);
        match fs::copy(study.root.join(chart), &target) {
            Ok(_) => copied.push((chart.clone(), format!("charts/{name}"))),
            Err(error) => general.push(format!("cannot copy the chart {}: {error}", chart.display())),
        }
    }
    if let Some(text) = &benchmarks_md {
        let mut code = Code::new(&highlighter);
        let html = page::benchmarks(text, &copied, &studies, &mut code);
        general.extend(code.problems);
        pages.push(put("benchmarks.html", html.as_bytes())?);
    }
    let readme = fs::read_to_string(study.root.join("README.md")).unwrap_or_default();
    let backends = markdown::section(&readme, BACKENDS_SECTION);
    if backends.is_none() {
        general.push(format!("README.md has no section \"{BACKENDS_SECTION}\": the index shows no backend comparison"));
    }
    let mut code = Code::new(&highlighter);
    let html = page::index(&studies, backends.as_deref(), &copied, benchmarks, &general, &mut code);
    general.extend(code.problems);
    let index = put("index.html", html.as_bytes())?;
    pages.insert(0, index.clone());

    let mut all: Vec<Problem> = general.into_iter().map(|message| Problem { sample: None, message }).collect();
    for sample_study in &studies {
        all.extend(
            sample_study
                .problems
                .iter()
                .map(|message| Problem { sample: Some(sample_study.sample.name), message: message.clone() }),
        );
    }
    Ok(Written { index, pages, problems: all })
}

/// A chart's file name in the site: its path from the crate root with `/` as `-`, so two charts of the same
/// name in different directories stay apart.
fn chart_name(chart: &Path) -> String {
    chart.to_string_lossy().replace(['/', '\\'], "-")
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::backend::Backend;
    use crate::registry::{self, Variant};

    #[test]
    fn a_failed_run_is_shown_on_the_page_and_in_the_index() {
        let Ok(sample) = registry::find("inline1") else { panic!("no inline1") };
        let run = |backend, result: Result<(), String>| runs::Run {
            variant: Variant::On(backend),
            shown: "Got: 5\n".into(),
            kept: "Got: 5\n".into(),
            result,
            elapsed: Duration::ZERO,
        };
        let runs = Runs {
            sample,
            runs: vec![
                run(Backend::Native, Ok(())),
                run(Backend::Stackless, Ok(())),
                run(Backend::Stackful, Err("no stack: out of memory".into())),
            ],
        };
        let mut problems = Vec::new();
        let extracted = read_sample(Path::new(env!("CARGO_MANIFEST_DIR")), sample, &mut problems);
        let study = SampleStudy {
            sample,
            rust_path: rust_path(Path::new(env!("CARGO_MANIFEST_DIR")), sample),
            python_path: "python/inline1.py".into(),
            extracted,
            python: None,
            python_program: String::new(),
            python_items: Vec::new(),
            python_plumbing: None,
            drivers: Vec::new(),
            runs: Some(runs),
            snapshot: None,
            tables: Vec::new(),
            figure_source: None,
            problems: vec!["the run on stackful failed: no stack: out of memory".into()],
            drawings: None,
        };
        assert_eq!(study.verdict(), Verdict::Failed(vec!["stackful".into()]));
        let highlighter = Highlighter::new();
        let studies = [study];
        let scale = TimeScale::new(0.01).unwrap_or(TimeScale::REAL);
        let page = page::sample(&studies, 0, &mut Code::new(&highlighter), scale, false, &[]);
        assert!(page.contains("FAILED on stackful"), "{page}");
        assert!(page.contains("stackful failed: no stack: out of memory"));
        assert!(page.contains("No Python twin"));
        assert!(page.contains("No figures"), "a page without figures says so");
        let index = page::index(&studies, None, &[], false, &[], &mut Code::new(&highlighter));
        assert!(index.contains("FAILED on stackful") && index.contains("the run on stackful failed"), "{index}");
        assert!(index.contains("No charts"));
    }
}
