//! `final-frontier study`: the extraction the pages stand on, and the pages themselves in a real browser.
//!
//! The browser is Debian's `chromium`, headless (`scripts/test` installs it when absent). Without it the browser test
//! fails, saying so, unless `FINAL_FRONTIER_SKIP_BROWSER=1` is set. With `FINAL_FRONTIER_UPDATE_SCREENSHOT=1` it
//! also copies its screenshot of cm's page to `docs/study-cm.png`, the picture in README.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use final_frontier::backend::Backend;
use final_frontier::registry::{RunsOn, SAMPLES};
use final_frontier::study::{self, Study};
use final_frontier::transcript::TimeScale;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Functions that only some backends have, each explained in its sample's docs. Every other function of the
/// backend modules must have the same name, in the same order, on all three (other items, such as a constant
/// only one backend needs, may differ: the page gives them their own row).
const ONLY_ON: &[(&str, &str, &[Backend])] = &[
    // Tries 2 and 3 resume `gen` by hand, so the stackless and stackful delegates need a generator of their own;
    // the native `do_func` already is one.
    ("inline_puzzle", "generator", &[Backend::Stackless, Backend::Stackful]),
    // The stackful backend's second answer for deep trees: plain recursion on one big stack.
    ("compiler2", "big_stack_size", &[Backend::Stackful]),
    ("compiler2", "visit_on_big_stack", &[Backend::Stackful]),
    ("compiler2", "visit_on_stack", &[Backend::Stackful]),
];

#[test]
fn every_generator_sample_yields_three_bodies_with_the_same_names_in_the_same_order() {
    let mut with_modules = Vec::new();
    let mut plain = Vec::new();
    for sample in &SAMPLES {
        let mut problems = Vec::new();
        let Some(extracted) = study::read_sample(&root(), sample, &mut problems) else {
            panic!("{}: {problems:?}", sample.name)
        };
        assert!(problems.is_empty(), "{}: {problems:?}", sample.name);
        match sample.runs_on {
            RunsOn::Plain(_) => {
                assert!(!extracted.has_backends(), "{} is a plain sample with backend modules", sample.name);
                assert!(extracted.shared.contains("pub fn run("), "{}: its page shows its whole file", sample.name);
                plain.push(sample.name);
                continue;
            }
            RunsOn::Backends => with_modules.push(sample.name),
        }
        let modules: Vec<_> = extracted.backends.iter().flatten().collect();
        assert_eq!(modules.len(), 3, "{} lacks {:?}", sample.name, extracted.missing());
        let names: Vec<Vec<&str>> = modules
            .iter()
            .map(|module| {
                module
                    .items
                    .iter()
                    .filter(|piece| piece.kind == "fn")
                    .map(|piece| piece.name.as_str())
                    .filter(|name| {
                        !ONLY_ON
                            .iter()
                            .any(|(s, item, on)| *s == sample.name && item == name && on.contains(&module.backend))
                    })
                    .collect()
            })
            .collect();
        assert!(!names[0].is_empty(), "{}: no bodies in mod native", sample.name);
        assert_eq!(names[0], names[1], "{}: native and stackless bodies differ in names or order", sample.name);
        assert_eq!(names[0], names[2], "{}: native and stackful bodies differ in names or order", sample.name);
        for module in &modules {
            for piece in &module.items {
                if piece.kind == "fn" {
                    assert!(piece.text.contains(&format!("fn {}", piece.name)), "{}: {piece:?}", sample.name);
                }
            }
        }
        // One aligned row per function, with a body on every backend but the documented exceptions.
        for row in extracted.rows().iter().filter(|row| row.cells.iter().flatten().all(|piece| piece.kind == "fn")) {
            let exception = ONLY_ON.iter().find(|(s, item, _)| *s == sample.name && *item == row.name);
            for (backend, cell) in Backend::ALL.into_iter().zip(row.cells) {
                let expected = exception.is_none_or(|(_, _, on)| on.contains(&backend));
                assert_eq!(cell.is_some(), expected, "{}: row {} on {backend}", sample.name, row.name);
            }
        }
        eprintln!("{}: {}", sample.name, names[0].join(", "));
    }
    for (name, item, on) in ONLY_ON {
        let sample = SAMPLES.iter().find(|sample| sample.name == *name);
        let extracted = sample.and_then(|sample| study::read_sample(&root(), sample, &mut Vec::new()));
        let found: Vec<Backend> = extracted
            .iter()
            .flat_map(|e| e.backends.iter().flatten())
            .filter(|module| module.names().contains(item))
            .map(|module| module.backend)
            .collect();
        assert_eq!(&found, on, "ONLY_ON is out of date: {name}'s {item}");
    }
    eprintln!("with backend modules: {with_modules:?}; plain: {plain:?}");
    assert!(!with_modules.is_empty() && !plain.is_empty());
}

/// Debian's chromium, or why not.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join("chromium")).find(|candidate| candidate.is_file())
}

/// How long one page may take in the browser before the test gives up on it.
const PAGE_TIMEOUT: Duration = Duration::from_secs(90);
/// How many browsers run at once (the machine has two cores).
const BROWSERS: usize = 2;
/// A phone's width, at which no page may be wider than the screen.
const PHONE: u32 = 390;
/// The pages whose desktop screenshots are kept (`FINAL_FRONTIER_SCREENSHOTS=DIR` copies them there, with the
/// phone ones of cm and the index): what a person looks at before changing the site.
const DESKTOP_SHOTS: [&str; 6] = ["index", "cm", "inline_future", "fib2", "actor3", "compiler2"];

/// What the browser made of one page.
struct Loaded {
    page: PathBuf,
    dom: String,
    log: String,
    screenshot: PathBuf,
}

/// Loads `page` in headless chromium at `width` x 2000: its DOM after loading, its log, and a screenshot.
fn load(chromium: &Path, page: &Path, work: &Path, name: &str, width: u32) -> Loaded {
    let profile = work.join(format!("profile-{name}"));
    let screenshot = work.join(format!("{name}.png"));
    let (dom_path, log_path) = (work.join(format!("{name}.dom.html")), work.join(format!("{name}.log")));
    let file = |path: &Path| File::create(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
            // The measuring pages read the document in their frame, a file beside them.
            "--allow-file-access-from-files",
        ])
        .arg(format!("--window-size={width},2000"))
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", screenshot.display()))
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::from(file(&dom_path)))
        .stderr(Stdio::from(file(&log_path)))
        .spawn()
        .unwrap_or_else(|error| panic!("cannot start {}: {error}", chromium.display()));
    let deadline = Instant::now() + PAGE_TIMEOUT;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("chromium took more than {PAGE_TIMEOUT:?} on {}", page.display());
            }
            Err(error) => panic!("cannot wait for chromium: {error}"),
        }
    };
    let read = |path: &Path| fs::read_to_string(path).unwrap_or_default();
    let log = read(&log_path);
    assert!(status.success(), "chromium failed ({status}) on {}:\n{log}", page.display());
    Loaded { page: page.to_path_buf(), dom: read(&dom_path), log, screenshot }
}

/// Loads each of `jobs` (page, name, width), a few browsers at a time.
fn load_all(chromium: &Path, jobs: &[(PathBuf, String, u32)], work: &Path) -> Vec<Loaded> {
    let mut loaded = Vec::new();
    for chunk in jobs.chunks(BROWSERS) {
        let batch: Vec<Loaded> = std::thread::scope(|scope| {
            let handles: Vec<_> = chunk
                .iter()
                .map(|(page, name, width)| scope.spawn(move || load(chromium, page, work, name, *width)))
                .collect();
            handles.into_iter().map(|handle| handle.join().unwrap_or_else(|_| panic!("a browser run failed"))).collect()
        });
        loaded.extend(batch);
    }
    loaded
}

/// A page beside `page` that shows it in a frame as wide as a phone and writes, once it is laid out, the
/// framed document's width and the frame's into its own DOM (headless chromium's window is at least 500 px
/// wide, and a frame gives the page a true phone-sized viewport). The site itself has no script; only these
/// measuring pages, written by the test and removed after it, do.
fn measuring_copy(page: &Path) -> PathBuf {
    let name = page.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    let html = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"></head><body style=\"margin:0\"><main>\
         <iframe id=\"f\" src=\"{name}\" style=\"width:{PHONE}px;height:1900px;border:0\"></iframe></main>\
         <script>const f = document.getElementById('f'); f.onload = () => document.body.setAttribute(\
         'data-widths', f.contentDocument.documentElement.scrollWidth + ' ' + f.contentWindow.innerWidth);\
         </script></body></html>"
    );
    let copy = page.with_file_name(format!("measure-{name}"));
    fs::write(&copy, html).unwrap_or_else(|error| panic!("{error}"));
    copy
}

/// The text of a serialised DOM: tags dropped, the entities a serialiser writes decoded.
fn text_of(dom: &str) -> String {
    let mut text = String::with_capacity(dom.len());
    let mut in_tag = false;
    for c in dom.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// The element of `dom` that starts with `start` (an opening tag's beginning), up to its closing `</tag>`.
fn element<'a>(dom: &'a str, start: &str, tag: &str) -> Option<&'a str> {
    let at = dom.find(start)?;
    let end = dom[at..].find(&format!("</{tag}>"))?;
    Some(&dom[at..at + end])
}

/// Decodes a PNG and counts its distinct colours, and the share of pixels that are not the most common one
/// (the background).
fn colours(path: &Path) -> (usize, f64) {
    let file = File::open(path).unwrap_or_else(|error| panic!("no screenshot {}: {error}", path.display()));
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .unwrap_or_else(|error| panic!("{} is not a PNG: {error}", path.display()));
    let mut buffer = vec![0; reader.output_buffer_size().unwrap_or(0)];
    let info = reader.next_frame(&mut buffer).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let bytes = &buffer[..info.buffer_size()];
    let step = info.color_type.samples() * usize::from(info.bit_depth as u8).div_ceil(8);
    // Every 7th pixel is plenty to tell a page from a blank, and keeps a debug build quick.
    let mut counts = std::collections::HashMap::new();
    for pixel in bytes.chunks_exact(step).step_by(7) {
        *counts.entry(pixel).or_insert(0usize) += 1;
    }
    let most = counts.values().copied().max().unwrap_or(0);
    let total: usize = counts.values().sum();
    (counts.len(), 1.0 - most as f64 / total.max(1) as f64)
}

/// Every `href`/`src` of a page's source: local ones must exist in the site; what loads by itself (a
/// stylesheet, an image, a script) must not come from the network; and there is no script at all.
fn check_links(html: &str, page: &Path, site: &Path) {
    assert!(!html.contains("<script"), "{} has a script", page.display());
    for attribute in ["href=\"", "src=\""] {
        for (at, _) in html.match_indices(attribute) {
            let rest = &html[at + attribute.len()..];
            let target = &rest[..rest.find('"').unwrap_or(rest.len())];
            if let Some(anchor) = target.strip_prefix('#') {
                assert!(html.contains(&format!("id=\"{anchor}\"")), "{} links to a missing #{anchor}", page.display());
                continue;
            }
            if target.contains("://") {
                assert!(
                    attribute == "href=\"" && !html[..at].ends_with("<link rel=\"stylesheet\" "),
                    "{target} loads from the network"
                );
                continue;
            }
            assert!(site.join(target).is_file(), "{} links to {target}, which the site lacks", page.display());
        }
    }
}

#[test]
fn every_page_loads_in_a_real_browser_fits_a_phone_and_shows_what_the_reader_came_for() {
    let Some(chromium) = chromium() else {
        if std::env::var("FINAL_FRONTIER_SKIP_BROWSER").as_deref() == Ok("1") {
            eprintln!("SKIPPED the study's browser test: no chromium on PATH; FINAL_FRONTIER_SKIP_BROWSER=1");
            return;
        }
        panic!(
            "no chromium on PATH: install Debian's (`apt-get install chromium`, as scripts/test does), or set \
             FINAL_FRONTIER_SKIP_BROWSER=1 to skip the browser test knowingly"
        );
    };
    let started = Instant::now();
    let work = tempfile::tempdir().unwrap_or_else(|error| panic!("no temporary directory: {error}"));
    let site = work.path().join("site");
    let time_scale = TimeScale::new(0.01).unwrap_or_else(|error| panic!("{error}"));
    // As in a fresh clone: no criterion results, so the figures come from the committed BENCHMARKS.md.
    let criterion = work.path().join("no-criterion-results");
    let written = study::write(&Study { root: root(), out: site.clone(), time_scale, criterion })
        .unwrap_or_else(|error| panic!("the study could not be written: {error}"));
    let problems: Vec<String> = written.problems.iter().map(ToString::to_string).collect();
    assert!(problems.is_empty(), "the study found problems:\n{}", problems.join("\n"));
    assert_eq!(written.pages.iter().filter(|page| page.ends_with("index.html")).count(), 1);
    eprintln!("site written in {:.1}s", started.elapsed().as_secs_f64());

    // Every page at a phone's width, measured; the desktop screenshots a person reads.
    let shots = work.path().join("browser");
    fs::create_dir_all(&shots).unwrap_or_else(|error| panic!("{error}"));
    let stem = |page: &Path| page.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let mut jobs: Vec<(PathBuf, String, u32)> =
        written.pages.iter().map(|page| (measuring_copy(page), format!("{}-{PHONE}", stem(page)), 500)).collect();
    for name in DESKTOP_SHOTS {
        jobs.push((site.join(format!("{name}.html")), name.to_string(), 1280));
    }
    let loaded = load_all(&chromium, &jobs, &shots);
    eprintln!("{} pages loaded in {:.1}s", loaded.len(), started.elapsed().as_secs_f64());
    if let Some(dir) = std::env::var_os("FINAL_FRONTIER_SCREENSHOTS") {
        let dir = PathBuf::from(dir);
        fs::create_dir_all(&dir).unwrap_or_else(|error| panic!("{}: {error}", dir.display()));
        for page in &loaded {
            let name = page.screenshot.file_name().unwrap_or_default();
            let _ = fs::copy(&page.screenshot, dir.join(name));
        }
        eprintln!("screenshots in {}", dir.display());
    }
    let copies: Vec<PathBuf> =
        loaded.iter().map(|page| page.page.clone()).filter(|p| stem(p).starts_with("measure-")).collect();
    copies.iter().for_each(|copy| {
        let _ = fs::remove_file(copy);
    });

    for page in &loaded {
        let shown = page.page.display();
        let console: Vec<&str> = page.log.lines().filter(|line| line.contains(":CONSOLE")).collect();
        assert!(console.is_empty(), "{shown} wrote to the console:\n{}", console.join("\n"));
        let (count, share) = colours(&page.screenshot);
        assert!(count > 1 && share > 0.005, "{shown}: the screenshot is blank ({count} colours, {share:.4} ink)");
        assert!(page.dom.contains("</main>"), "{shown}: the browser's DOM has no page:\n{}", page.dom);
        if stem(&page.page).starts_with("measure-") {
            let at =
                page.dom.find("data-widths=\"").unwrap_or_else(|| panic!("{shown} was not measured:\n{}", page.dom));
            let rest = &page.dom[at + "data-widths=\"".len()..];
            let widths: Vec<u32> =
                rest[..rest.find('"').unwrap_or(0)].split(' ').filter_map(|w| w.parse().ok()).collect();
            let [document, window] = widths[..] else { panic!("{shown}: no widths in {rest:.40}") };
            assert_eq!(window, PHONE, "{shown}: the frame is {window} px wide, not a phone's");
            assert!(document <= window, "{shown} is {document} px wide at a {window} px wide window");
        }
    }
    for page in &written.pages {
        check_links(&fs::read_to_string(page).unwrap_or_default(), page, &site);
    }

    // The pages have no script: what the browser shows is their source.
    let sources: Vec<(String, String)> =
        written.pages.iter().map(|page| (stem(page), fs::read_to_string(page).unwrap_or_default())).collect();
    let dom = |name: &str| -> &str {
        let page = sources.iter().find(|(stem, _)| stem == name);
        &page.unwrap_or_else(|| panic!("no page {name}.html")).1
    };
    let index = text_of(dom("index"));
    for sample in &SAMPLES {
        assert!(index.contains(sample.name), "the index lacks {}", sample.name);
        let raw = dom(sample.name);
        let text = text_of(raw);
        // The transcript: every line of the pinned one but the timings, which are this run's.
        let snapshot = fs::read_to_string(root().join(format!("tests/snapshots/{}.snap", sample.name)))
            .unwrap_or_else(|error| panic!("{}: {error}", sample.name));
        let transcript = snapshot.splitn(3, "---\n").nth(2).unwrap_or_default();
        for line in transcript.lines().filter(|line| !line.contains("[elapsed]") && !line.contains("[ratio]")) {
            assert!(text.contains(line), "{}'s page lacks the transcript line {line:?}", sample.name);
        }
        // The code: each of the twin's items in a row of its own, and every backend body by name.
        let python = fs::read_to_string(root().join(format!("python/{}.py", sample.name))).unwrap_or_default();
        for item in final_frontier::source_files::items(&python) {
            assert!(
                raw.contains(&format!("id=\"py-{}\"", item.name)),
                "{}'s page has no row for {}",
                sample.name,
                item.name
            );
        }
        let extracted = study::read_sample(&root(), sample, &mut Vec::new());
        for module in extracted.iter().flat_map(|e| e.backends.iter().flatten()) {
            for piece in &module.items {
                let first = piece.text.lines().find(|line| line.contains(&piece.name)).unwrap_or_default();
                assert!(
                    text.contains(first.trim()),
                    "{}'s page lacks {} on {}",
                    sample.name,
                    piece.name,
                    module.backend
                );
            }
        }
        assert!(text.contains("pub fn run("), "{}'s page lacks its entry point", sample.name);
        // The control-flow drawing: lanes for threads, and arrows where a driver resumes a generator.
        let drawing = element(raw, "<section class=\"control-flow\"", "section")
            .unwrap_or_else(|| panic!("{}'s page has no control-flow section", sample.name));
        assert!(drawing.contains("<svg") && drawing.contains("class=\"lane\""), "{}: no lanes", sample.name);
        if let RunsOn::Backends = sample.runs_on {
            assert!(drawing.contains("class=\"arrow resume\""), "{}'s drawing has no arrows", sample.name);
        }
        // Figures, in a fresh clone too.
        assert!(raw.contains("class=\"bar-row"), "{}'s page shows no figure", sample.name);
        if let RunsOn::Backends = sample.runs_on {
            for view in ["stacked", "native", "stackless", "stackful", "columns"] {
                assert!(raw.contains(&format!("id=\"view-{view}\"")), "{}'s page lacks the {view} view", sample.name);
            }
        }
    }
    // cm: the row of Python's timethis holds the three Rust timethis bodies.
    let row = element(dom("cm"), "<article class=\"row\" id=\"py-timethis\"", "article")
        .unwrap_or_else(|| panic!("cm's page has no row for timethis"));
    assert!(text_of(row).contains("def timethis():"), "{row}");
    for backend in Backend::ALL {
        assert!(row.contains(&format!("class=\"cell b-{backend}\"")), "cm's timethis row lacks {backend}: {row}");
    }
    assert_eq!(text_of(row).matches("fn timethis(").count(), 3, "{row}");
    // Where the backends differ in where things run, the three drawings sit side by side; actor2's shows the
    // refused re-entry.
    for name in ["inline1", "inline_future", "fib1", "fib2", "fib3"] {
        assert_eq!(dom(name).matches("class=\"trace-diagram\"").count(), 3, "{name}: one drawing per backend");
    }
    assert!(dom("actor2").contains("class=\"arrow reentry\""), "actor2's drawing shows no re-entry");
    assert!(text_of(dom("actor2")).contains("ping resumed again while it was running: refused"), "and says it");
    // The protocol page, with the glossary.
    let protocol = text_of(dom("protocol"));
    assert!(protocol.contains("Glossary for Python readers") && protocol.contains("first send must be None"));
    // Its picture of the three `yield from`s, recorded on each backend: lanes and arrows in each; the words
    // under each say which levels were resumed (middle is, on native and stackless; on stackful it never is).
    let run = element(dom("protocol"), "<section class=\"compare\" id=\"yield-from-run\"", "section")
        .unwrap_or_else(|| panic!("the protocol page has no recorded yield from"));
    let figures: Vec<&str> = run.split("<figure class=\"drawing\">").skip(1).collect();
    assert_eq!(figures.len(), 3, "one picture per backend: {run}");
    for (backend, figure) in Backend::ALL.into_iter().zip(figures) {
        assert!(figure.contains("class=\"trace-diagram\"") && figure.contains("class=\"lane\""), "{backend}");
        assert!(figure.contains("class=\"arrow resume\"") && figure.contains("class=\"arrow yield\""), "{backend}");
        let caption = text_of(element(figure, "<figcaption", "figcaption").unwrap_or_default());
        let middle_resumed = caption.contains("middle resumed 3 times") && !caption.contains("middle never");
        assert_eq!(middle_resumed, backend != Backend::Stackful, "{backend}: {caption}");
        assert_eq!(caption.contains("middle never resumed"), backend == Backend::Stackful, "{backend}: {caption}");
    }
    // inline1's pictures say in words where its generators were resumed: on pool threads, or only on the
    // thread that started them (main in the CLI; here, the test's own).
    let inline1 = element(dom("inline1"), "<section class=\"control-flow\"", "section").unwrap_or_default();
    let captions: Vec<String> = inline1
        .split("<figcaption>")
        .skip(1)
        .map(|rest| text_of(&rest[..rest.find("</figcaption>").unwrap_or(0)]))
        .collect();
    assert_eq!(captions.len(), 3, "{captions:?}");
    for caption in &captions[..2] {
        // Its first resume is the Task's start, on main; the others come from the pool's callbacks (or, when a
        // job was done before its callback was registered, at once on the thread registering it).
        assert!(caption.contains("do_many resumed 11 times: ") && caption.contains("on pool threads"), "{caption}");
    }
    assert!(captions[2].contains("do_many resumed 11 times, all on ") && !captions[2].contains("pool"), "{captions:?}");
    // actor3's page shows the registry's send and run, beside Python's.
    let actor3 = dom("actor3");
    for (python, rust) in [("send", "pub fn send("), ("run", "pub fn run(&self")] {
        let row = element(actor3, &format!("<article class=\"row\" id=\"py-{python}\""), "article")
            .unwrap_or_else(|| panic!("actor3's page has no row for {python}"));
        assert!(text_of(row).contains(rust), "actor3's {python} row lacks {rust}: {row}");
    }
    // What BENCHMARKS.md's editors wrote for themselves stays out of sight.
    let benchmarks = text_of(dom("benchmarks"));
    assert!(!benchmarks.contains("<!--") && !benchmarks.contains("Written by `final-frontier report`"));

    if std::env::var("FINAL_FRONTIER_UPDATE_SCREENSHOT").as_deref() == Ok("1") {
        let target = root().join("docs/study-cm.png");
        let _ = fs::create_dir_all(root().join("docs"));
        fs::copy(shots.join("cm.png"), &target).unwrap_or_else(|error| panic!("{}: {error}", target.display()));
        eprintln!("wrote {}", target.display());
    }
    let elapsed = started.elapsed();
    eprintln!("done in {:.1}s", elapsed.as_secs_f64());
    assert!(elapsed < Duration::from_secs(600), "the browser test took {elapsed:?}");
}

#[test]
fn a_sample_missing_a_backend_module_is_shown_so_and_reported_and_the_reports_charts_appear() {
    // A copy of the crate's files in which cm.rs has lost its `mod stackful`.
    let work = tempfile::tempdir().unwrap_or_else(|error| panic!("no temporary directory: {error}"));
    let copy = work.path().join("crate");
    for dir in ["src", "python", "tests/snapshots"] {
        copy_tree(&root().join(dir), &copy.join(dir));
    }
    let cm = copy.join("src/part2_context/cm.rs");
    let source = fs::read_to_string(&cm).unwrap_or_else(|error| panic!("{error}"));
    let start = source.find("mod stackful {").unwrap_or_else(|| panic!("cm.rs has no mod stackful"));
    let end = start + source[start..].find("\n}\n").unwrap_or_else(|| panic!("no end of mod stackful")) + 3;
    fs::write(&cm, format!("{}{}", &source[..start], &source[end..])).unwrap_or_else(|error| panic!("{error}"));
    // And a report with one chart, as `final-frontier report` would leave it.
    let write = |path: &Path, text: &str| {
        fs::create_dir_all(path.parent().unwrap_or(path)).unwrap_or_else(|error| panic!("{error}"));
        fs::write(path, text).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    };
    write(&copy.join("BENCHMARKS.md"), "# Benchmarks\n\n![switch](docs/benchmarks/switch.svg)\n");
    let svg =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"5\" height=\"5\"/></svg>";
    write(&copy.join("docs/benchmarks/switch.svg"), svg);

    let out = work.path().join("site");
    let time_scale = TimeScale::new(0.01).unwrap_or_else(|error| panic!("{error}"));
    let criterion = work.path().join("no-criterion-results");
    let written = study::write(&Study { root: copy, out: out.clone(), time_scale, criterion })
        .unwrap_or_else(|error| panic!("the study could not be written: {error}"));
    let problems: Vec<String> = written.problems.iter().map(ToString::to_string).collect();
    assert!(
        problems.iter().any(|p| p.starts_with("cm: src/part2_context/cm.rs has no `mod stackful`")),
        "{problems:#?}"
    );
    assert!(problems.iter().all(|p| p.starts_with("cm: ") || !p.contains("cm")), "{problems:#?}");
    let page = fs::read_to_string(out.join("cm.html")).unwrap_or_default();
    assert!(page.contains("has no `mod stackful`"), "the page says what is wrong");
    let row = element(&page, "<article class=\"row\" id=\"py-timethis\"", "article").unwrap_or_default();
    assert!(row.contains("class=\"cell b-native\"") && row.contains("class=\"cell b-stackless\""), "{row}");
    assert!(row.contains("Only on native and stackless"), "what there is is shown, and what is not said: {row}");
    let index = fs::read_to_string(out.join("index.html")).unwrap_or_default();
    assert!(index.contains("cm: src/part2_context/cm.rs has no `mod stackful`"), "the index shows it too");
    assert!(index.contains("<img src=\"charts/docs-benchmarks-switch.svg\""), "the report's chart is on the index");
    assert!(out.join("charts/docs-benchmarks-switch.svg").is_file(), "and copied beside the pages");
    let report = fs::read_to_string(out.join("benchmarks.html")).unwrap_or_default();
    assert!(report.contains("src=\"charts/docs-benchmarks-switch.svg\""), "{report}");
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap_or_else(|error| panic!("{}: {error}", to.display()));
    for entry in fs::read_dir(from).unwrap_or_else(|error| panic!("{}: {error}", from.display())).flatten() {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        }
    }
}
