//! The `final-frontier` command as a user meets it: exit codes and messages.
//!
//! 0: success; 1: a sample failed (message on stderr); 2: misuse (unknown sample, backend or option, bad number).

use std::process::{Command, Output};

use final_frontier::registry::SAMPLES;
use final_frontier::transcript::redact;

fn final_frontier(args: &[&str]) -> Output {
    match Command::new(env!("CARGO_BIN_EXE_final-frontier")).args(args).output() {
        Ok(output) => output,
        Err(error) => panic!("cannot run final-frontier: {error}"),
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn assert_exit(output: &Output, code: i32, stderr_has: &str) {
    assert_eq!(output.status.code(), Some(code), "stdout:\n{}\nstderr:\n{}", stdout(output), stderr(output));
    assert!(stderr(output).contains(stderr_has), "stderr should mention {stderr_has:?}:\n{}", stderr(output));
}

#[test]
fn run_all_backends_prints_one_identical_transcript_per_backend() {
    let output = final_frontier(&["run", "cm", "--backend", "all"]);
    assert_exit(&output, 0, "");
    let text = redact(&stdout(&output));
    let blocks: Vec<&str> = text.split("==== cm.py on ").skip(1).collect();
    let backends: Vec<&str> = blocks.iter().filter_map(|block| block.split(" ====").next()).collect();
    assert_eq!(backends, ["native", "stackless", "stackful"]);
    let bodies: Vec<&str> = blocks.iter().filter_map(|block| block.split_once(" ====\n").map(|(_, b)| b)).collect();
    assert_eq!(bodies.len(), 3);
    assert!(bodies.iter().all(|body| body == &bodies[0]), "the backends disagree:\n{text}");
    assert!(bodies[0].contains("timethis: [elapsed]\n"), "{text}");
}

#[test]
fn one_backend_prints_the_bare_transcript() {
    let output = final_frontier(&["run", "cm", "--backend", "stackful"]);
    assert_exit(&output, 0, "");
    assert!(stdout(&output).starts_with("timethis: "), "{}", stdout(&output));
}

#[test]
fn misuse_exits_2_with_a_clear_message() {
    assert_exit(&final_frontier(&["run", "nope"]), 2, "unknown sample 'nope'");
    assert_exit(&final_frontier(&["run", "cm", "--backend", "green-threads"]), 2, "green-threads");
    assert_exit(&final_frontier(&["run", "cm", "--time-scale", "fast"]), 2, "'fast' is not a number");
    assert_exit(&final_frontier(&["run", "cm", "--time-scale", "-1"]), 2, "a number from 0 to 100");
    assert_exit(&final_frontier(&["run", "tactor", "--count", "ten"]), 2, "ten");
    assert_exit(&final_frontier(&["run", "cm", "--count", "3"]), 2, "it takes no sample options");
    assert_exit(
        &final_frontier(&["run", "fib1", "--terms=5"]),
        2,
        "--terms does not apply to sample 'fib1' (it takes --n",
    );
    assert_exit(&final_frontier(&["run", "cm", "--terms", "5"]), 2, "--terms does not apply to sample 'cm'");
    assert_exit(&final_frontier(&["frobnicate"]), 2, "frobnicate");
}

#[test]
fn list_names_all_19_samples_with_their_python_files() {
    let output = final_frontier(&["list"]);
    assert_exit(&output, 0, "");
    let listing = stdout(&output);
    assert_eq!(listing.lines().count(), 1 + 19, "{listing}");
    for sample in &SAMPLES {
        assert!(listing.contains(&format!("python/{}.py", sample.name)), "{listing}");
    }
}

#[test]
fn a_failing_sample_exits_1_with_the_error_on_stderr() {
    // cm's tempdir() cannot create its directory when the temporary directory does not exist.
    let output = Command::new(env!("CARGO_BIN_EXE_final-frontier"))
        .args(["run", "cm", "--backend", "native"])
        .env("TMPDIR", "/nonexistent/final-frontier-test")
        .output();
    let output = output.unwrap_or_else(|error| panic!("cannot run final-frontier: {error}"));
    assert_exit(&output, 1, "cannot create a temporary directory in /nonexistent/final-frontier-test");
    assert!(stderr(&output).contains("error: cm on native failed"), "{}", stderr(&output));
}

#[test]
fn the_tour_runs_every_ported_sample_and_agrees() {
    let output = final_frontier(&["--time-scale", "0.01"]);
    assert_exit(&output, 0, "");
    let text = stdout(&output);
    for sample in &SAMPLES {
        let row = text.lines().rev().find(|line| line.starts_with(&format!("{} ", sample.name)));
        let expected = if sample.meant_to_fail { "same transcript, failing as meant" } else { "same transcript" };
        assert!(row.is_some_and(|row| row.ends_with(expected)), "{}:\n{text}", sample.name);
    }
}

#[test]
fn the_readme_sample_table_matches_the_registry() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"));
    let readme = readme.unwrap_or_else(|error| panic!("cannot read README.md: {error}"));
    for sample in &SAMPLES {
        let file = format!("`python/{}.py`", sample.name);
        let row = readme.lines().find(|line| line.starts_with('|') && line.contains(&file));
        let row = row.unwrap_or_else(|| panic!("README.md has no row for {file}"));
        assert!(row.contains(&format!("| {}", sample.backends_label())), "README.md row {row:?}: other backends");
        assert!(row.contains(&format!("`{}`", sample.module)), "README.md row {row:?} names another module");
    }
}

#[test]
fn the_crate_doc_table_lists_exactly_the_samples() {
    let lib = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/lib.rs"));
    let lib = lib.unwrap_or_else(|error| panic!("cannot read src/lib.rs: {error}"));
    let rows: Vec<&str> = lib.lines().filter(|line| line.starts_with("//! | ") && line.contains(".py |")).collect();
    for sample in &SAMPLES {
        let row = format!("//! | {}.py | [`{}`] |", sample.name, sample.module);
        assert!(rows.iter().any(|line| line.starts_with(&row)), "src/lib.rs's table has no row {row:?}");
    }
    assert_eq!(rows.len(), SAMPLES.len(), "src/lib.rs's table lists other samples:\n{}", rows.join("\n"));
}
