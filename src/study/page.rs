//! The pages: one per sample, the index, and BENCHMARKS.md rendered.
//!
//! A sample's page is a list of sections ([`sample`]), each a function of the gathered [`SampleStudy`]: a new
//! section (a diagram, say) is one more function and one more line there.

use std::path::PathBuf;

use maud::{Markup, PreEscaped, html};

use super::bench::{self, Source, Table};
use super::drivers::{Evolution, UNMATCHED, part_title};
use super::evolution;
use super::highlight::Lang;
use super::html::{Code, Here, frame, no_images, problems_box};
use super::rows::{Row, Rust, rows};
use super::tokendiff;
use super::{SampleStudy, Verdict, markdown};
use crate::backend::Backend;
use crate::registry::RunsOn;
use crate::report::groups::Kind as RowKind;
use crate::source_files::PyKind;
use crate::transcript::TimeScale;

/// The stylesheet (the highlighter's colours are appended to it).
pub const CSS: &str = include_str!("study.css");

/// The page of `studies[index]`, and the highlighting failures met while writing it.
pub fn sample(
    studies: &[SampleStudy],
    index: usize,
    code: &mut Code<'_>,
    time_scale: TimeScale,
    benchmarks: bool,
    evolutions: &[(&Evolution, Vec<evolution::Texts>)],
) -> String {
    let study = &studies[index];
    let sections = [
        heading(study),
        problems_box(&study.problems),
        intro(study, code, time_scale),
        compare(study, code),
        evolution_section(study, evolutions),
        rest_of_file(study, code),
        control_flow(study),
        figures(study),
        neighbours(studies, index),
    ];
    let body = html! { @for section in sections { (section) } };
    frame(
        &format!("{} · final-frontier study", study.sample.name),
        Here::Sample(study.sample.name),
        studies,
        benchmarks,
        body,
    )
}

fn heading(study: &SampleStudy) -> Markup {
    let sample = study.sample;
    html! {
        p.kicker { "Part " (sample.part) " · " (part_title(sample.part)) }
        h1 { (sample.name) }
        p.lede { (study.summary()) }
        p.meta {
            "Python: " code { (study.python_path) } " · Rust: " code { (study.rust_path) } " · runs on "
            (sample.backends_label())
        }
    }
}

/// The idea (the module doc after its first paragraph) beside the transcript of the real run.
fn intro(study: &SampleStudy, code: &mut Code<'_>, time_scale: TimeScale) -> Markup {
    let idea = match &study.extracted {
        Some(extracted) => code.markdown(markdown::after_first_paragraph(&extracted.doc), 2, &mut no_images),
        None => html! { p.missing { "The source could not be read (see above)." } },
    };
    html! {
        div.intro {
            section.idea { h2 { "The idea" } (idea) }
            (transcript(study, time_scale))
        }
    }
}

/// The transcript of the real run, once when every variant printed the same, else one per variant, with what
/// its numbers say.
fn transcript(study: &SampleStudy, time_scale: TimeScale) -> Markup {
    let Some(runs) = &study.runs else {
        return html! { section.transcript { h2 { "Transcript" } p.missing { "Not run." } } };
    };
    let same = runs.same_transcript();
    let variants: Vec<String> = runs.runs.iter().map(|run| run.variant.to_string()).collect();
    let said = match study.verdict() {
        Verdict::Same { variants: 1, matches_snapshot: Some(true) } => {
            "the transcript the tests pin, which the Python twin prints too".to_string()
        }
        Verdict::Same { matches_snapshot: Some(true), .. } => {
            format!("the same on {}, and the one the tests pin, which the Python twin prints too", variants.join(", "))
        }
        other => other.to_string(),
    };
    let how = if study.sample.alone {
        "with nothing else running, one backend after another (its timings are its output)"
    } else {
        "beside the other samples (they mostly sleep)"
    };
    html! {
        section.transcript {
            h2 { "Transcript" }
            p {
                "From a real run while this page was written, " (how) ", sleeps scaled by " (time_scale.factor())
                ": " (said) "."
            }
            @for (i, run) in runs.runs.iter().enumerate() {
                @if !same || i == 0 {
                    @if !same { h3 { (run.variant.to_string()) } }
                    pre.output { code { (run.shown) } }
                }
                @if let Err(error) = &run.result { p.missing { (run.variant.to_string()) " failed: " (error) } }
            }
            @if let Some(words) = speedups(study) { p.reading { (words) } }
        }
    }
}

/// The control-flow pictures of recorded runs ([`traces`](super::traces)).
fn control_flow(study: &SampleStudy) -> Markup {
    let Some(drawn) = &study.drawings else {
        return html! { section.control-flow { h2 { "Control flow" } p.missing { "Not drawn." } } };
    };
    let variants: Vec<String> = study.sample.variants().iter().map(ToString::to_string).collect();
    let how = match (drawn.same, variants.len()) {
        (_, 1) => "from a run".to_string(),
        (true, _) => format!("from a run on each backend: {} draw the same picture, shown once", variants.join(", ")),
        (false, _) => "from a run on each backend, side by side: they differ in where things run".to_string(),
    };
    let options = if drawn.options.is_empty() { String::new() } else { format!(" (with {})", drawn.options) };
    html! {
        section.control-flow id="control-flow" {
            h2 { "Control flow" }
            p {
                "What the drivers did, " (how) (options) ", recorded while this page was written; "
                code { "final-frontier trace " (study.sample.name) } " prints the same events as text."
            }
            div.drawings {
                @for (variant, drawing) in &drawn.drawings {
                    @match drawing {
                        Ok(drawn) => figure.drawing {
                            (PreEscaped(drawn.svg.as_str()))
                            figcaption { (drawn.resumed) }
                        },
                        Err(error) => p.missing { (variant.to_string()) ": not drawn: " (error) },
                    }
                }
            }
        }
    }
}

/// Words generated from the `Speedup:` lines of the runs (fib2, fib3): what Parallel bought on each backend.
fn speedups(study: &SampleStudy) -> Option<String> {
    let runs = study.runs.as_ref()?;
    let found: Vec<(String, f64)> = runs
        .runs
        .iter()
        .filter_map(|run| {
            let line = run.shown.lines().find_map(|line| line.strip_prefix("Speedup: "))?;
            Some((run.variant.to_string(), line.trim().trim_end_matches('x').parse().ok()?))
        })
        .collect();
    if found.is_empty() {
        return None;
    }
    let each: Vec<String> = found.iter().map(|(variant, x)| format!("{x:.2}x on {variant}")).collect();
    let low = found.iter().map(|(_, x)| *x).fold(f64::INFINITY, f64::min);
    let verdict = if low >= 1.8 {
        "close to twice as fast on every backend: the two Tasks' jobs ran on both cores at once"
    } else if low >= 1.3 {
        "faster, but short of twice: something else shared the cores"
    } else if low >= 0.95 {
        "no faster than Sequential on some backend: the cores were busy with something else"
    } else {
        "slower than Sequential on some backend: the cores were busy with something else"
    };
    Some(format!("This run's answer: Parallel was {} ({}){}.", each.join(", "), verdict, machine_load()))
}

/// What else the machine was doing, where the OS says (Linux's load average: the number of threads that wanted a
/// core, averaged over the last minute), against the cores it has: the context a speedup needs to be read.
fn machine_load() -> String {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next().and_then(|first| first.parse::<f64>().ok()));
    match load {
        Some(load) => format!("; the load average was {load:.2} on {cores} cores when the study ran"),
        None => format!("; the machine has {cores} cores"),
    }
}

/// The radio buttons that pick the view of the Rust side; they come before the section their state styles.
const VIEWS: [(&str, &str); 5] = [
    ("stacked", "all three"),
    ("native", "native"),
    ("stackless", "stackless"),
    ("stackful", "stackful"),
    ("columns", "side by side"),
];

/// Python beside Rust, one row per Python item.
fn compare(study: &SampleStudy, code: &mut Code<'_>) -> Markup {
    let (rows, left) = rows(study);
    let generators = matches!(study.sample.runs_on, RunsOn::Backends);
    html! {
        @if generators {
            @for (i, (id, _)) in VIEWS.iter().enumerate() {
                input.view type="radio" name="view" id={ "view-" (id) } checked[i == 0];
            }
        }
        section.compare {
            h2 { "Python beside Rust" }
            p {
                "Each function or class of " code { (study.python_path) } " beside what says it in Rust, matched by name. "
                @if generators {
                    "Each generator has a body per backend; what differs between them is "
                    span.d { "marked" } "."
                } @else {
                    "This sample uses no generator backend (it runs on " (study.sample.backends_label()) ")."
                }
            }
            @if generators {
                div.tabs {
                    span { "Rust bodies:" }
                    @for (id, label) in VIEWS { label for={ "view-" (id) } { (label) } }
                }
            }
            @if study.python.is_none() {
                p.missing { "No Python twin: " code { (study.python_path) } " is missing." }
            }
            @for row in &rows { (row_markup(row, study, code)) }
            @if let Some((line, plumbing)) = &study.python_plumbing {
                details.plumbing {
                    summary { "The twin's plumbing, not in the original (" code { (study.python_path) } " from line " (line) ")" }
                    (code.pre(plumbing, Lang::Python))
                }
            }
        }
        @if !left.is_empty() {
            section.drivers {
                h2 { "The drivers it runs on" }
                p { "Written once, for every backend, against the protocol of " a href="protocol.html" { "part 1" } "." }
                @for (driver, pieces) in left {
                    article.row id={ "driver-" (driver.item.replace("::", "-")) } {
                        h3.row-name {
                            a.anchor href={ "#driver-" (driver.item.replace("::", "-")) } { code { (driver.item) } }
                            " " span.quiet { "in " code { (driver.path) } }
                        }
                        @for piece in pieces { (code.pre(&piece.text, Lang::Rust)) }
                    }
                }
            }
        }
    }
}

fn row_markup(row: &Row<'_>, study: &SampleStudy, code: &mut Code<'_>) -> Markup {
    let python_title =
        row.python.iter().map(|item| format!("{} {}", keyword(item.kind), item.name)).collect::<Vec<_>>().join(", ");
    let title = match (&row.top_level, python_title.is_empty(), row.rust_name) {
        (Some(_), ..) => "the program's top level".to_string(),
        (None, true, Some(rust)) => rust.to_string(),
        (None, false, Some(rust)) => format!("{python_title} · Rust: {rust}"),
        (None, _, None) => python_title,
    };
    let python = match (&row.top_level, row.python.is_empty()) {
        (Some(text), _) => code.pre(text, Lang::Python),
        (None, true) => html! { p.none { "No Python counterpart: the Rust needs it, the twin does not." } },
        (None, false) => {
            let text = row.python.iter().map(|item| item.text.as_str()).collect::<Vec<_>>().join("\n\n");
            code.pre(&text, Lang::Python)
        }
    };
    let rust = match &row.rust {
        Rust::Backends(cells) => {
            let bodies: Vec<Option<&str>> = cells.iter().map(|cell| cell.map(|piece| piece.text.as_str())).collect();
            let marks = tokendiff::marks(&bodies);
            let present: Vec<&str> =
                Backend::ALL.iter().zip(cells).filter(|(_, cell)| cell.is_some()).map(|(b, _)| b.name()).collect();
            html! {
                div.cells {
                    @for ((backend, cell), marks) in Backend::ALL.into_iter().zip(cells).zip(&marks) {
                        @if let Some(piece) = cell {
                            div class={ "cell b-" (backend.name()) } {
                                div.cell-head {
                                    (backend.name())
                                    @if let Some(from) = &piece.from { " · from " code { (from) } }
                                }
                                (code.marked(&piece.text, Lang::Rust, marks))
                            }
                        }
                    }
                    @if present.len() < 3 {
                        p.only { "Only on " (present.join(" and ")) ": the other backends need no such item." }
                    }
                }
            }
        }
        Rust::Shared { path, pieces } => html! {
            div.shared-cell {
                div.cell-head { "every backend · " code { (path) } }
                @for piece in pieces { (code.pre(&piece.text, Lang::Rust)) }
            }
        },
        Rust::Nothing => html! {
            p.none {
                "No Rust item of this name: "
                @if let Some((.., why)) = UNMATCHED.iter().find(|(sample, python, _)| {
                    *sample == study.sample.name && row.python.iter().any(|item| item.name == *python)
                }) {
                    (why)
                } @else if row.python.iter().any(|item| item.kind == PyKind::Class) {
                    "Rust has no classes; what the class does is said by the items below or in the shared code."
                } @else {
                    "the port says it inline, or the shared code does (see the rest of the file, and the module doc's Deviations)."
                }
            }
        },
    };
    html! {
        article.row id=(row.id) {
            // One body for several Python items (`player` for `ping` and `pong`): each has its anchor. The top
            // level's row has its own id, and an anchor for `main` when it holds it.
            @for item in row.python.iter().skip(usize::from(row.top_level.is_none())) { span id={ "py-" (item.name) } {} }
            h3.row-name { a.anchor href={ "#" (row.id) } { code { (title) } } }
            div.pair {
                div.python-side { div.cell-head { "Python" } (python) }
                div.rust-side { (rust) }
            }
        }
    }
}

/// Python's keyword for an item of this kind.
fn keyword(kind: PyKind) -> &'static str {
    match kind {
        PyKind::Function => "def",
        PyKind::Class => "class",
    }
}

/// The evolutions this sample is a step of: each step beside the one before, changed lines marked.
fn evolution_section(study: &SampleStudy, evolutions: &[(&Evolution, Vec<evolution::Texts>)]) -> Markup {
    let name = study.sample.name;
    html! {
        @for (evolution, steps) in evolutions.iter().filter(|(_, steps)| steps.iter().any(|step| step.sample == name)) {
            section.evolution id=(evolution.id) {
                h2 { (evolution.title) }
                p {
                    "How the slides teach it: each step is the one before with lines changed. Removed lines are struck "
                    "through, added ones marked; this page's step is highlighted."
                }
                (evolution::view(steps, name))
            }
        }
    }
}

/// The rest of the Rust file, folded: what no row showed.
fn rest_of_file(study: &SampleStudy, code: &mut Code<'_>) -> Markup {
    let Some(extracted) = &study.extracted else { return html! {} };
    html! {
        details.rest {
            summary { "The whole Rust file without its backend modules: " code { (study.rust_path) } }
            (code.pre(&extracted.shared, Lang::Rust))
        }
    }
}

/// The bench figures: criterion's on this machine, else the committed BENCHMARKS.md's.
fn figures(study: &SampleStudy) -> Markup {
    let source = match &study.figure_source {
        Some(Source::Criterion(dir)) => format!("criterion's last results on this machine ({})", dir.display()),
        Some(Source::Committed(Some(machine))) => format!("the committed BENCHMARKS.md, measured on {machine}"),
        Some(Source::Committed(None)) => "the committed BENCHMARKS.md".to_string(),
        None => String::new(),
    };
    html! {
        section.bench {
            h2 { "Measured" }
            @if study.tables.iter().all(|table| table.figures.is_empty()) {
                p.missing { "No figures: neither criterion's results nor BENCHMARKS.md has this sample's rows." }
            } @else {
                p { "From " (source) "; the median time of one item, and each row against the table's limit (hand-written Rust)." }
            }
            @for table in &study.tables { @if !table.figures.is_empty() { (bars(table)) } }
        }
    }
}

/// One group's figures as bars, a `<figure>` with a caption.
fn bars(table: &Table) -> Markup {
    let max = table.figures.iter().map(|figure| figure.median_ns).fold(0.0, f64::max).max(f64::MIN_POSITIVE);
    let limit_of = |param: &str| {
        table.figures.iter().find(|figure| figure.limit && figure.param == param).map(|figure| figure.median_ns)
    };
    let heads: Vec<bool> = table
        .figures
        .iter()
        .enumerate()
        .map(|(i, figure)| !figure.param.is_empty() && (i == 0 || table.figures[i - 1].param != figure.param))
        .collect();
    html! {
        figure.bars {
            figcaption { b { (table.group.title) } ". " (table.measured.why) " " a href={ "benchmarks.html" } { "The whole table." } }
            div.bar-rows {
                @for (figure, head) in table.figures.iter().zip(heads) {
                    @if head { div.bar-param { (figure.param) } }
                    @let ratio = limit_of(figure.param).map(|limit| figure.median_ns / limit);
                    div class={ "bar-row k-" (kind_class(figure.kind)) } {
                        span.bar-label { (figure.label) }
                        span.bar-track {
                            span.bar style={ "width:" (format!("{:.1}", (figure.median_ns / max * 100.0).max(0.5))) "%" } {}
                        }
                        span.bar-value {
                            (bench::duration(figure.median_ns))
                            @if let Some(ratio) = ratio { @if !figure.limit { " · " (format!("{ratio:.2}")) "x" } }
                        }
                    }
                }
            }
        }
    }
}

fn kind_class(kind: RowKind) -> &'static str {
    match kind {
        RowKind::Plain => "plain",
        RowKind::Native => "native",
        RowKind::Stackless => "stackless",
        RowKind::Stackful => "stackful",
        RowKind::Threads => "threads",
        RowKind::Peer => "peer",
    }
}

fn neighbours(studies: &[SampleStudy], index: usize) -> Markup {
    let before = index.checked_sub(1).and_then(|i| studies.get(i));
    let after = studies.get(index + 1);
    html! {
        nav.neighbours {
            @if let Some(before) = before { a href={ (before.sample.name) ".html" } { "← " (before.sample.name) } }
            @else { a href="protocol.html" { "← Part 1: the protocol" } }
            @if let Some(after) = after { a href={ (after.sample.name) ".html" } { (after.sample.name) " →" } }
        }
    }
}

/// The index: the talk's parts with their samples, the backends compared (README's section), the report's
/// charts.
pub fn index(
    studies: &[SampleStudy],
    backends: Option<&str>,
    charts: &[(PathBuf, String)],
    benchmarks: bool,
    general: &[String],
    code: &mut Code<'_>,
) -> String {
    let mut problems: Vec<String> = general.to_vec();
    for study in studies {
        problems.extend(study.problems.iter().map(|p| format!("{}: {p}", study.sample.name)));
    }
    let body = html! {
        h1 { "Generators: The Final Frontier, in Rust" }
        p.lede {
            "David Beazley's PyCon 2014 tutorial, ported to Rust on three generator backends side by side: "
            b { "native" } " (nightly coroutines), " b { "stackless" } " (genawaiter) and " b { "stackful" }
            " (corosensei). Each page puts a sample's Python beside its Rust, function by function, with the "
            "transcript of a real run and what it costs."
        }
        (problems_box(&problems))
        section {
            h2 { "The talk, part by part" }
            p { "Start with " a href="protocol.html" { "part 1, the protocol" } ": the four verbs every page uses." }
            div.scroll {
                table.samples {
                    thead { tr { th { "sample" } th { "what it shows" } th { "runs on" } th { "run" } } }
                    tbody {
                        @for (part, title, _) in super::drivers::PARTS {
                            tr.part-row { td colspan="4" { "Part " (part) " · " b { (title) } } }
                            @if part == 1 {
                                tr {
                                    td { a href="protocol.html" { "protocol" } }
                                    td { "Python's send, throw, close and yield from, said once in Rust for three backends" }
                                    td { "all three" }
                                    td {}
                                }
                            }
                            @for study in studies.iter().filter(|s| s.sample.part == part) {
                                tr {
                                    td { a href={ (study.sample.name) ".html" } { code { (study.sample.name) } } }
                                    td { (study.summary()) }
                                    td { (study.sample.backends_label()) }
                                    td { (verdict_badge(&study.verdict())) }
                                }
                            }
                        }
                    }
                }
            }
        }
        section.facts {
            h2 { "The three backends compared" }
            @match backends {
                Some(text) => {
                    p.quiet { "From README.md, where each fact is pinned by a test or a bench." }
                    (code.markdown(text, 1, &mut no_images))
                }
                None => p.missing { "README.md has no such section." },
            }
        }
        section.charts {
            h2 { "Benchmarks" }
            @if charts.is_empty() {
                p { "No charts: " code { "final-frontier report" } " writes them from a " code { "cargo bench" } " run." }
            }
            @for (source, url) in charts {
                figure {
                    img src=(url) alt=(chart_title(source));
                    figcaption { (chart_title(source)) }
                }
            }
            @if benchmarks { p { a href="benchmarks.html" { "BENCHMARKS.md, the whole report" } } }
        }
    };
    frame("final-frontier study", Here::Index, studies, benchmarks, body)
}

/// A chart's caption: its group, from its file name (`docs/benchmarks/switch.svg` is the switch group's).
fn chart_title(source: &std::path::Path) -> String {
    let stem = source.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
    match crate::report::groups::GROUPS.iter().find(|group| group.id == stem) {
        Some(group) => group.title.to_string(),
        None => stem,
    }
}

/// The verdict as a badge.
fn verdict_badge(verdict: &Verdict) -> Markup {
    let class = match verdict {
        Verdict::Same { matches_snapshot: Some(true) | None, .. } => "ok",
        Verdict::NotRun => "muted",
        _ => "bad",
    };
    let text = match verdict {
        Verdict::Same { variants: 1, matches_snapshot: Some(true) } => "ran".to_string(),
        Verdict::Same { matches_snapshot: Some(true), .. } => "same on all".to_string(),
        other => other.to_string(),
    };
    html! { span class={ "badge " (class) } { (text) } }
}

/// BENCHMARKS.md as a page, its images pointing at the copies beside the pages.
pub fn benchmarks(text: &str, charts: &[(PathBuf, String)], studies: &[SampleStudy], code: &mut Code<'_>) -> String {
    let mut image = |dest: &str| {
        charts.iter().find(|(source, _)| source.as_path() == std::path::Path::new(dest)).map(|(_, url)| url.clone())
    };
    let body = html! { article.report { (code.markdown(text, 0, &mut image)) } };
    frame("Benchmarks · final-frontier study", Here::Benchmarks, studies, true, body)
}
