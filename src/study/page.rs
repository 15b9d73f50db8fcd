//! The pages: one per sample, the index, and BENCHMARKS.md rendered.

use std::fmt::Write as _;
use std::path::PathBuf;

use super::highlight::{Highlighter, Lang};
use super::html::{escape, page};
use super::markdown;
use super::{SampleStudy, Verdict, bench};
use crate::backend::Backend;
use crate::registry::RunsOn;
use crate::transcript::TimeScale;

/// The stylesheet (the highlighter's colours are appended to it).
pub const CSS: &str = include_str!("study.css");

/// Collects the highlighting failures of one page; a failed block is shown as plain text.
struct Code<'a> {
    highlighter: &'a Highlighter,
    problems: Vec<String>,
}

impl Code<'_> {
    /// A `<pre>` of highlighted code.
    fn pre(&mut self, code: &str, lang: Lang) -> String {
        let inner = self.highlighter.html(code, lang).unwrap_or_else(|error| {
            self.problems.push(error.to_string());
            escape(code)
        });
        format!("<pre class=\"code hl-code\"><code>{inner}</code></pre>")
    }

    /// Markdown as HTML, headings moved `shift` levels down; images only where `image` maps them.
    fn markdown(&mut self, text: &str, shift: usize, image: &mut dyn FnMut(&str) -> Option<String>) -> String {
        let (html, problems) = markdown::render(text, self.highlighter, shift, image);
        self.problems.extend(problems);
        html
    }
}

fn no_images(_: &str) -> Option<String> {
    None
}

/// The verdict as a badge.
fn verdict_badge(verdict: &Verdict) -> String {
    let class = match verdict {
        Verdict::Same { matches_snapshot: Some(true) | None, .. } => "ok",
        Verdict::NotRun => "muted",
        _ => "bad",
    };
    format!("<span class=\"badge {class}\">{}</span>", escape(&verdict.to_string()))
}

fn status_badge(study: &SampleStudy) -> String {
    if study.problems.is_empty() {
        "<span class=\"badge ok\">ported</span>".to_string()
    } else {
        let n = study.problems.len();
        format!("<span class=\"badge bad\">ported, {n} problem{}</span>", if n == 1 { "" } else { "s" })
    }
}

fn problems_box(problems: &[String]) -> String {
    if problems.is_empty() {
        return String::new();
    }
    let items: String = problems.iter().map(|p| format!("<li>{}</li>", escape(p))).collect();
    format!("<section class=\"problems\"><h2>What is wrong</h2><ul>{items}</ul></section>\n")
}

/// The page of `studies[index]`, and the highlighting failures met while writing it.
pub fn sample(
    studies: &[SampleStudy],
    index: usize,
    highlighter: &Highlighter,
    time_scale: TimeScale,
) -> (String, Vec<String>) {
    let study = &studies[index];
    let sample = study.sample;
    let mut code = Code { highlighter, problems: Vec::new() };
    let mut body = String::new();

    let _ = write!(
        body,
        "<h1><span class=\"part\">Part {}</span> {} {}</h1>\n<p class=\"lede\">{}</p>\n<p class=\"meta\">Python: \
         <code>{}</code> · Rust: <code>{}</code> (<code>{}</code>) · runs on: {} · transcript: {}</p>\n",
        sample.part,
        escape(sample.name),
        status_badge(study),
        escape(&study.summary()),
        escape(&study.python_path),
        escape(&study.rust_path),
        escape(sample.module),
        escape(&sample.backends_label()),
        verdict_badge(&study.verdict()),
    );
    body.push_str(&problems_box(&study.problems));

    // The idea beside the transcript: what the sample means, and what it printed.
    let idea = match &study.extracted {
        // Without its first paragraph: that is the lede, at the top of the page.
        Some(extracted) => code.markdown(markdown::after_first_paragraph(&extracted.doc), 2, &mut no_images),
        None => "<p class=\"missing\">The source could not be read (see above).</p>".to_string(),
    };
    let _ = write!(
        body,
        "<div class=\"intro\">\n<section class=\"idea\"><h2>The idea</h2>\n{idea}</section>\n{}</div>\n",
        transcript(study, time_scale)
    );

    body.push_str(&compare(study, &mut code));

    if let Some(extracted) = &study.extracted
        && extracted.has_backends()
    {
        let _ = write!(
            body,
            "<section class=\"shared\"><h2>Shared code</h2><p>The rest of <code>{}</code>: written once, for \
                 every backend.</p>\n{}</section>\n",
            escape(&study.rust_path),
            code.pre(&extracted.shared, Lang::Rust)
        );
    }
    body.push_str(&bench_section(study));
    let nav = nav(studies, index);
    (page(&format!("{} · final-frontier study", sample.name), &nav, &body), code.problems)
}

fn nav(studies: &[SampleStudy], index: usize) -> String {
    let link = |i: usize, label: &str| {
        studies
            .get(i)
            .map(|s| format!("<a href=\"{0}.html\">{label} {0}</a>", escape(s.sample.name)))
            .unwrap_or_default()
    };
    format!(
        "<a href=\"index.html\">final-frontier study</a><span class=\"sep\"></span>{}{}",
        if index > 0 { link(index - 1, "←") } else { String::new() },
        link(index + 1, "→")
    )
}

/// The transcript of the real run, once when every variant printed the same, else one per variant.
fn transcript(study: &SampleStudy, time_scale: TimeScale) -> String {
    let Some(runs) = &study.runs else {
        return "<section class=\"transcript\"><h2>Transcript</h2><p class=\"missing\">Not run.</p></section>\n"
            .to_string();
    };
    let mut html = String::from("<section class=\"transcript\"><h2>Transcript</h2>\n");
    let variants: Vec<String> = runs.runs.iter().map(|run| run.variant.to_string()).collect();
    let scale = time_scale.factor();
    let snapshot = format!("tests/snapshots/{}.snap", study.sample.name);
    let verdict = study.verdict();
    let said = match &verdict {
        Verdict::Same { variants: 1, matches_snapshot: Some(true) } => {
            format!("the pinned transcript (<code>{}</code>), which the Python twin prints too", escape(&snapshot))
        }
        Verdict::Same { matches_snapshot: Some(true), .. } => format!(
            "the same on {}, and the pinned one (<code>{}</code>), which the Python twin prints too",
            escape(&variants.join(", ")),
            escape(&snapshot)
        ),
        other => escape(&other.to_string()),
    };
    let _ = writeln!(
        html,
        "<p>Captured from a real run while this page was written, at time scale {scale} (the timings are this \
         run's): {said}.</p>"
    );
    let same = runs.same_transcript();
    for (i, run) in runs.runs.iter().enumerate() {
        if same && i > 0 {
            continue;
        }
        if !same {
            let _ = write!(html, "<h3>{}</h3>", escape(&run.variant.to_string()));
        }
        let _ = writeln!(html, "<pre class=\"output\"><code>{}</code></pre>", escape(&run.shown));
        if let Err(error) = &run.result {
            let _ = writeln!(html, "<p class=\"missing\">error: {}</p>", escape(error));
        }
    }
    html.push_str(
        "<table class=\"runs\"><thead><tr><th>variant</th><th>wall time</th><th>result</th></tr></thead><tbody>",
    );
    for run in &runs.runs {
        let result = match &run.result {
            Ok(()) => "<span class=\"badge ok\">ok</span>".to_string(),
            Err(_) => "<span class=\"badge bad\">failed</span>".to_string(),
        };
        let _ = write!(
            html,
            "<tr><td>{}</td><td>{:.3} s</td><td>{result}</td></tr>",
            escape(&run.variant.to_string()),
            run.elapsed.as_secs_f64()
        );
    }
    html.push_str("</tbody></table>\n</section>\n");
    html
}

/// The radio buttons that pick the view of the Rust side; they come before the section their state styles.
const VIEWS: [(&str, &str); 5] = [
    ("stacked", "all three"),
    ("native", "native"),
    ("stackless", "stackless"),
    ("stackful", "stackful"),
    ("columns", "side by side"),
];

/// Python on the left, Rust on the right: the backend bodies aligned item by item, or the whole file for a
/// sample with no backend modules.
fn compare(study: &SampleStudy, code: &mut Code<'_>) -> String {
    let mut html = String::new();
    let python = match &study.python {
        Some(text) => code.pre(text, Lang::Python),
        None => {
            format!("<p class=\"missing\">No Python twin: <code>{}</code> is missing.</p>", escape(&study.python_path))
        }
    };
    let Some(extracted) = &study.extracted else {
        let _ = writeln!(
            html,
            "<section class=\"compare\"><h2>Python and Rust</h2><div class=\"panes\"><div class=\"pane python\">\
             <h3>Python <code>{}</code></h3>{python}</div><div class=\"pane rust\"><h3>Rust</h3><p class=\"missing\">\
             The Rust source could not be read.</p></div></div></section>",
            escape(&study.python_path)
        );
        return html;
    };
    let generators = matches!(study.sample.runs_on, RunsOn::Backends);
    if !extracted.has_backends() && !generators {
        // A plain sample: one Rust body, the whole file.
        let _ = write!(
            html,
            "<section class=\"compare\"><h2>Python and Rust</h2>\n<p>This sample uses no generator backend (it runs \
             on {}): the Rust is one file, shown whole beside its Python twin.</p>\n<div class=\"panes\">\
             <div class=\"pane python\"><h3>Python <code>{}</code></h3>{python}</div>\n<div class=\"pane rust\">\
             <h3>Rust <code>{}</code></h3>{}</div></div></section>\n",
            escape(&study.sample.backends_label()),
            escape(&study.python_path),
            escape(&study.rust_path),
            code.pre(&extracted.shared, Lang::Rust)
        );
        return html;
    }

    for (i, (id, _)) in VIEWS.iter().enumerate() {
        let checked = if i == 0 { " checked" } else { "" };
        let _ = writeln!(html, "<input type=\"radio\" name=\"view\" class=\"view\" id=\"view-{id}\"{checked}>");
    }
    html.push_str(
        "<section class=\"compare\"><h2>Python and Rust</h2>\n<div class=\"tabs\"><span>The Rust bodies:</span>",
    );
    for (id, label) in VIEWS {
        let _ = write!(html, "<label for=\"view-{id}\">{label}</label>");
    }
    html.push_str("</div>\n<div class=\"panes\">\n");
    // Bodies several samples share live in one file of the part (actor2, tactor and actor3 take pingpong.rs's).
    let bodies_path = extracted.bodies_from.as_deref().unwrap_or(&study.rust_path);
    let _ = write!(
        html,
        "<div class=\"pane python\"><h3>Python <code>{}</code></h3>{python}</div>\n<div class=\"pane rust\">\
         <h3>Rust <code>{}</code>, one body per backend</h3>\n",
        escape(&study.python_path),
        escape(bodies_path)
    );

    // The modules' own docs, then their imports, then the items aligned by name.
    let cell = |backend: Backend, inner: String, missing: bool| {
        let class = if missing { " missing" } else { "" };
        format!("<div class=\"cell b-{0}{class}\"><div class=\"cell-head\">{0}</div>{inner}</div>", backend.name())
    };
    let missing_module = |backend: Backend| {
        format!("<p>No <code>mod {backend}</code> in <code>{}</code>.</p>", escape(&study.rust_path))
    };
    let modules = &extracted.backends;
    let docs: Vec<String> = Backend::ALL
        .into_iter()
        .zip(modules)
        .map(|(backend, module)| match module {
            Some(module) if !module.doc.is_empty() => {
                cell(backend, code.markdown(&module.doc, 4, &mut no_images), false)
            }
            Some(_) => cell(backend, "<p class=\"quiet\">(no module doc)</p>".into(), false),
            None => cell(backend, missing_module(backend), true),
        })
        .collect();
    if modules.iter().flatten().any(|module| !module.doc.is_empty()) || modules.iter().any(Option::is_none) {
        html.push_str(&row("what each backend module says", &docs));
    }
    let imports: Vec<String> = Backend::ALL
        .into_iter()
        .zip(modules)
        .map(|(backend, module)| match module {
            Some(module) if !module.imports.is_empty() => cell(backend, code.pre(&module.imports, Lang::Rust), false),
            Some(_) => cell(backend, "<p class=\"quiet\">(no imports)</p>".into(), false),
            None => cell(backend, missing_module(backend), true),
        })
        .collect();
    // Folded: they differ only in the adapter each backend imports, and the bodies are what a reader came for.
    let _ = writeln!(
        html,
        "<details class=\"row imports\"><summary class=\"row-name\">imports, per backend</summary><div class=\"cells\">{}</div></details>",
        imports.concat()
    );
    for aligned in extracted.rows() {
        let kind = aligned.cells.iter().flatten().map(|piece| piece.kind).next().unwrap_or("item");
        let title = if kind == "impl" || kind == "macro" {
            format!("<code>{}</code>", escape(aligned.name))
        } else {
            format!("<code>{kind} {}</code>", escape(aligned.name))
        };
        let cells: Vec<String> = Backend::ALL
            .into_iter()
            .zip(aligned.cells)
            .zip(modules)
            .map(|((backend, piece), module)| match (piece, module) {
                (Some(piece), _) => cell(backend, code.pre(&piece.text, Lang::Rust), false),
                (None, Some(_)) => {
                    cell(backend, format!("<p>No <code>{}</code> on {backend}.</p>", escape(aligned.name)), true)
                }
                (None, None) => cell(backend, missing_module(backend), true),
            })
            .collect();
        html.push_str(&row(&title, &cells));
    }
    html.push_str("</div>\n</div>\n</section>\n");
    html
}

/// One aligned row: the item's name, then its body on each backend.
fn row(title: &str, cells: &[String]) -> String {
    format!(
        "<article class=\"row\"><h4 class=\"row-name\">{title}</h4><div class=\"cells\">{}</div></article>\n",
        cells.concat()
    )
}

fn bench_section(study: &SampleStudy) -> String {
    let mut html = String::from("<section class=\"bench\"><h2>Bench figures</h2>\n");
    if study.benches.is_empty() {
        html.push_str("<p>None: no file under <code>benches/</code> measures this sample's module.</p>");
    }
    for (file, figures) in &study.benches {
        if figures.is_empty() {
            let _ = writeln!(
                html,
                "<p><code>{}</code> measures this sample; there are no results yet (<code>cargo bench --bench {}</code> \
                 writes them under <code>target/criterion/</code>).</p>",
                escape(file),
                escape(file.trim_start_matches("benches/").trim_end_matches(".rs"))
            );
            continue;
        }
        let _ = write!(
            html,
            "<p><code>{}</code>, criterion's last results on this machine (median and its 95% interval, per \
             iteration):</p>\n<div class=\"scroll\"><table class=\"figures\"><thead><tr><th>id</th><th>median</th>\
             <th>95% interval</th><th>elements</th></tr></thead><tbody>",
            escape(file)
        );
        for figure in figures {
            let _ = write!(
                html,
                "<tr><td><code>{}</code></td><td class=\"num\">{}</td><td class=\"num\">{} – {}</td><td class=\"num\">{}</td></tr>",
                escape(&figure.id),
                bench::duration(figure.median_ns),
                bench::duration(figure.low_ns),
                bench::duration(figure.high_ns),
                figure.elements.map(|n| n.to_string()).unwrap_or_default()
            );
        }
        html.push_str("</tbody></table></div>\n");
    }
    html.push_str("</section>\n");
    html
}

/// The index: every sample, the backends compared (README's section), the report's charts.
pub fn index(
    studies: &[SampleStudy],
    backends: Option<&str>,
    charts: &[(PathBuf, String)],
    benchmarks: bool,
    general: &[String],
    highlighter: &Highlighter,
) -> (String, Vec<String>) {
    let mut code = Code { highlighter, problems: Vec::new() };
    let mut body = String::from(
        "<h1>Generators: The Final Frontier, in Rust</h1>\n<p class=\"lede\">David Beazley's PyCon 2014 tutorial, \
         ported to Rust on three generator backends side by side: <b>native</b> (nightly coroutines), \
         <b>stackless</b> (genawaiter) and <b>stackful</b> (corosensei). Each page puts a sample's Python twin \
         beside its Rust, the three backend bodies of each generator aligned, with the transcript of a real run.</p>\n",
    );
    let mut problems: Vec<String> = general.to_vec();
    for study in studies {
        problems.extend(study.problems.iter().map(|p| format!("{}: {p}", study.sample.name)));
    }
    body.push_str(&problems_box(&problems));

    body.push_str(
        "<section><h2>The samples</h2>\n<div class=\"scroll\"><table class=\"samples\"><thead><tr><th>#</th>\
         <th>sample</th><th>part</th><th>what it shows</th><th>backends</th><th>status</th><th>transcript</th>\
         </tr></thead><tbody>\n",
    );
    for (i, study) in studies.iter().enumerate() {
        let sample = study.sample;
        let _ = writeln!(
            body,
            "<tr><td class=\"num\">{}</td><td><a href=\"{}.html\"><code>{}</code></a></td><td class=\"num\">{}</td>\
             <td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            i + 1,
            escape(sample.name),
            escape(sample.name),
            sample.part,
            escape(&study.summary()),
            escape(&sample.backends_label()),
            status_badge(study),
            verdict_badge(&study.verdict())
        );
    }
    body.push_str("</tbody></table></div></section>\n");

    body.push_str("<section class=\"facts\"><h2>The three backends compared</h2>\n");
    match backends {
        Some(text) => {
            body.push_str("<p class=\"quiet\">From README.md, where each fact is pinned by a test or a bench.</p>\n");
            body.push_str(&code.markdown(text, 1, &mut no_images));
        }
        None => body.push_str("<p class=\"missing\">README.md has no such section.</p>"),
    }
    body.push_str("</section>\n<section class=\"charts\"><h2>Benchmarks</h2>\n");
    if charts.is_empty() {
        body.push_str("<p>No benchmarks yet: no charts in <code>BENCHMARKS.md</code> or <code>docs/benchmarks/</code> (<code>final-frontier report</code> writes them from a <code>cargo bench</code> run).</p>\n");
    }
    for (source, url) in charts {
        let _ = writeln!(
            body,
            "<figure><img src=\"{}\" alt=\"{}\"><figcaption><code>{}</code></figcaption></figure>",
            escape(url),
            escape(&source.display().to_string()),
            escape(&source.display().to_string())
        );
    }
    if benchmarks {
        body.push_str("<p><a href=\"benchmarks.html\">BENCHMARKS.md, the whole report</a></p>\n");
    }
    body.push_str("</section>\n");
    let nav = "<a href=\"index.html\">final-frontier study</a>";
    (page("final-frontier study", nav, &body), code.problems)
}

/// BENCHMARKS.md as a page, its images pointing at the copies beside the pages.
pub fn benchmarks(text: &str, charts: &[(PathBuf, String)], highlighter: &Highlighter) -> (String, Vec<String>) {
    let mut code = Code { highlighter, problems: Vec::new() };
    let mut image = |dest: &str| {
        charts.iter().find(|(source, _)| source.as_path() == std::path::Path::new(dest)).map(|(_, url)| url.clone())
    };
    let body = format!("<article class=\"report\">{}</article>", code.markdown(text, 0, &mut image));
    let nav = "<a href=\"index.html\">final-frontier study</a><span class=\"sep\"></span>BENCHMARKS.md";
    (page("Benchmarks · final-frontier study", nav, &body), code.problems)
}
