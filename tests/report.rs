//! `final-frontier report` on a checked-in fixture: real criterion output and a real `python/bench.py` result,
//! trimmed to a few benches (tests/fixtures/report/). If criterion changes its files, the parse test fails
//! here, instead of the report quietly losing its rows.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use final_frontier::report::{self, Context, Missing, Paths, ReportError, criterion, python};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report").join(name)
}

fn fixture_paths(out_dir: &Path) -> Paths {
    Paths { criterion: fixture("criterion"), python: fixture("python-bench.json"), out_dir: out_dir.to_path_buf() }
}

fn context() -> Context {
    Context { machine: "the test machine".into(), toolchain: "rustc (test)".into(), date: "today".into() }
}

fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|error| panic!("cannot make a temporary directory: {error}"))
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}

fn final_frontier(args: &[&str]) -> Output {
    match Command::new(env!("CARGO_BIN_EXE_final-frontier")).args(args).output() {
        Ok(output) => output,
        Err(error) => panic!("cannot run final-frontier: {error}"),
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn the_criterion_fixture_parses_to_costs_per_item() {
    let estimates = match criterion::read(&fixture("criterion")) {
        Ok(Some(estimates)) => estimates,
        Ok(None) => panic!("the fixture directory is missing"),
        Err(error) => panic!("{error}"),
    };
    assert_eq!(estimates.len(), 11, "{:?}", estimates.keys().collect::<Vec<_>>());
    // estimates.json says 5364.1 ns per iteration; benchmark.json says 10,000 round trips per iteration.
    let native = &estimates["switch/native"];
    assert!((native.median_ns - 5364.115782352077 / 10_000.0).abs() < 1e-12, "{native:?}");
    assert!(native.low_ns < native.median_ns && native.median_ns < native.high_ns, "{native:?}");
    assert_eq!(native.samples, 30);
    assert!(native.measured_s > 0.5, "{native:?}");
    // The directory is `traversal/native_balanced/1048575`; the id is the bench's own.
    let node = &estimates["traversal/native/balanced/1048575"];
    assert!(node.median_ns > 1.0 && node.median_ns < 1000.0, "per node, not per walk: {node:?}");
    assert!(estimates.contains_key("yield_from/stackful/100"));
}

#[test]
fn the_python_fixture_parses() {
    let bench = match python::read(&fixture("python-bench.json")) {
        Ok(Some(bench)) => bench,
        Ok(None) => panic!("the fixture file is missing"),
        Err(error) => panic!("{error}"),
    };
    assert_eq!(bench.python.implementation, "CPython");
    assert!(bench.quick);
    let switch = &bench.workloads["switch/generator"];
    assert!(switch.min_ns <= switch.median_ns && switch.median_ns <= switch.max_ns);
    assert_eq!(bench.workloads.len(), 4);
}

#[test]
fn a_group_not_run_is_reported_and_the_rest_is_written() {
    let out = temp_dir();
    let outcome = report::generate(&fixture_paths(out.path()), false, &context()).unwrap_or_else(|e| panic!("{e}"));
    let actors = Missing::Group { group: "actors".into(), command: "cargo bench --bench actors".into() };
    assert!(outcome.missing.contains(&actors), "{:?}", outcome.missing);
    assert!(
        outcome
            .missing
            .contains(&Missing::Row { id: "switch/stackless_rc".into(), command: "cargo bench --bench switch".into() })
    );
    assert!(
        outcome
            .missing
            .iter()
            .any(|m| matches!(m, Missing::PythonWorkload { id, quick: true } if id == "yield_from/10"))
    );
    assert!(outcome.unlisted.is_empty(), "{:?}", outcome.unlisted);

    let markdown = read(&outcome.markdown);
    assert!(markdown.contains("**Not run** in this report: run `cargo bench --bench actors`."), "{markdown}");
    assert!(markdown.contains("- group actors has not been run: run `cargo bench --bench actors`"), "{markdown}");
    assert!(markdown.contains("| machine | the test machine |"), "{markdown}");
    // A row: its median per item, its ratio to the limit, its speed-up over CPython.
    assert!(markdown.contains("| native (adapter) | 0.536 ns | 0.523 ns to 0.588 ns | 0.671 | 64.9 |"), "{markdown}");
    assert!(
        markdown.contains(
            "| yield from on stackful is flat in depth: depth 100 at most 1.2x depth 1 | at most 1.2x the time of \
             yield_from/stackful/1 | yield_from/stackful/100: 0.763x | met |"
        ),
        "{markdown}"
    );
    assert!(markdown.contains("`stackful` (4.38 ns) and `stackful_raw` (4.30 ns) are within 5% of each other"));
    assert!(markdown.contains("![switch: cost per round trip by variant](docs/benchmarks/switch.svg)"));

    assert_eq!(outcome.charts.len(), 3, "{:?}", outcome.charts);
    let svg = read(&out.path().join("docs/benchmarks/switch.svg"));
    assert!(svg.starts_with("<svg") && svg.contains("<text"), "{svg}");
    assert!(svg.contains("time per round trip (log scale)") && svg.contains("CPython 3.11"), "{svg}");
}

#[test]
fn strict_fails_with_exit_1_naming_what_is_missing_and_writes_nothing() {
    let out = temp_dir();
    let (criterion, python) = (fixture("criterion"), fixture("python-bench.json"));
    let output = final_frontier(&[
        "report",
        "--strict",
        "--criterion",
        &criterion.to_string_lossy(),
        "--python",
        &python.to_string_lossy(),
        "--out",
        &out.path().to_string_lossy(),
    ]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("--strict"), "{stderr}");
    assert!(stderr.contains("group actors has not been run: run `cargo bench --bench actors`"), "{stderr}");
    assert!(!out.path().join("BENCHMARKS.md").exists());
}

#[test]
fn without_any_input_the_report_says_which_commands_to_run() {
    let out = temp_dir();
    let nowhere = out.path().join("nowhere");
    let output = final_frontier(&[
        "report",
        "--criterion",
        &nowhere.to_string_lossy(),
        "--python",
        &nowhere.join("python-bench.json").to_string_lossy(),
        "--out",
        &out.path().to_string_lossy(),
    ]);
    let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("no criterion results in") && stderr.contains("run `cargo bench`"), "{stderr}");
    assert!(stderr.contains("no CPython figures") && stderr.contains("run `python3 python/bench.py`"), "{stderr}");
    assert!(stdout.contains("BENCHMARKS.md") && stdout.contains("partial"), "{stdout}");
    assert!(read(&out.path().join("BENCHMARKS.md")).contains("## Missing from this report"));
}

#[test]
fn a_malformed_criterion_file_is_a_clear_error() {
    let files = [criterion::BENCHMARK, criterion::ESTIMATES, criterion::SAMPLE];
    let good = files.map(|name| read(&fixture("criterion/switch/native/new").join(name)));
    let parse = |texts: &[String; 3]| criterion::parse(&texts[0], &texts[1], &texts[2]);
    assert!(parse(&good).is_ok(), "the fixture itself must parse");
    let [benchmark, estimates, sample] = &good;
    let median = "\"point_estimate\":5364.115782352077";
    let cases = [
        // Found by `cargo fuzz run report`: a median outside its own confidence interval [5232.2, 5876.1] was
        // accepted, and the report would have printed a range that does not contain its figure.
        (1, estimates.replacen(median, "\"point_estimate\":2682.115782352077", 1), "not inside"),
        (1, estimates.replacen("\"lower_bound\":5232.", "\"lower_bound\":-5232.", 1), "not inside"),
        (1, estimates.replacen(median, "\"point_estimate\":0", 1), "not a positive time"),
        (1, estimates.replacen("\"median\"", "\"middle\"", 1), "missing field `median`"),
        (2, sample.replacen("\"times\":[", "\"times\":[1e308,1e308,", 1), "finite sum"),
        (2, sample.replacen("\"times\":[", "\"times\":[-1e9,", 1), "finite sum"),
        (0, benchmark.replacen("{\"Elements\":10000}", "{\"Elements\":0}", 1), "0 elements"),
        (0, String::from("\u{0}"), "expected value"),
    ];
    for (at, bad, expected) in cases {
        let mut texts = good.clone();
        assert_ne!(texts[at], bad, "the case for {expected:?} changed nothing");
        texts[at] = bad;
        match parse(&texts) {
            Ok(estimate) => panic!("accepted a {} that should fail with {expected:?}: {estimate:?}", files[at]),
            Err(criterion::Malformed { file, reason }) => {
                assert_eq!(file, files[at], "{reason}");
                assert!(reason.contains(expected), "{reason:?} should say {expected:?}");
            }
        }
    }
}

#[test]
fn a_malformed_python_file_is_a_clear_error() {
    let good = read(&fixture("python-bench.json"));
    let cases = [
        ("[1, 2", "not JSON"),
        ("{\"workloads\": {}}", "no \"schema\" field"),
        (&good.replacen("\"schema\": 1", "\"schema\": 2", 1), "schema 2, but this report reads schema 1"),
        (&good.replacen("\"median_ns\"", "\"median\"", 1), "missing field `median_ns`"),
        (&good.replacen("\"min_ns\": ", "\"min_ns\": -", 1), "not a positive time"),
    ];
    for (bad, expected) in cases {
        assert_ne!(bad, good, "the case for {expected:?} changed nothing");
        match python::parse(bad) {
            Ok(_) => panic!("accepted a file that should fail with {expected:?}"),
            Err(reason) => assert!(reason.contains(expected), "{reason:?} should say {expected:?}"),
        }
    }

    let out = temp_dir();
    let bad = out.path().join("python-bench.json");
    fs::write(&bad, good.replacen("\"median_ns\"", "\"median\"", 1)).unwrap_or_else(|e| panic!("{e}"));
    let paths = Paths { python: bad.clone(), ..fixture_paths(out.path()) };
    match report::generate(&paths, false, &context()) {
        Err(error @ ReportError::Python { .. }) => {
            let message = error.to_string();
            assert!(message.contains(&bad.display().to_string()), "{message}");
            assert!(message.contains("write it afresh with `python3 python/bench.py`"), "{message}");
        }
        Err(other) => panic!("expected a Python error, got {other}"),
        Ok(_) => panic!("a malformed python file was accepted"),
    }
    assert!(!out.path().join("BENCHMARKS.md").exists());
}
