//! Our own Python version of each sample (`python/NAME.py`) must print the same transcript as the Rust port:
//! its output, with timing lines redacted, is asserted against the same snapshot as every Rust backend. A twin
//! is run as the tour runs its sample: a server (async2) with `--self-test`.
//!
//! A twin runs with no arguments, unless [`PYTHON_ARGS`] gives it some.
//!
//! If `python3` is missing these tests fail, saying so, unless `FINAL_FRONTIER_SKIP_PYTHON=1` is set.

#[macro_use]
mod common;

use std::path::Path;
use std::process::Command;

use common::{TEST_TIME_SCALE, assert_sample_snapshot};
use final_frontier::registry;
use final_frontier::transcript::{TIME_SCALE_ENV, redact};

/// Arguments for the twins whose default size takes too long in CPython for a test. Only where the transcript
/// does not depend on the size: fib2's and fib3's are three redacted timing lines whatever `--n` is (fib1 prints
/// its list, so it runs at its default, ~1.5 s).
const PYTHON_ARGS: &[(&str, &[&str])] = &[("fib2", &["--n", "25"]), ("fib3", &["--n", "25"])];

fn check(name: &str) {
    let args = PYTHON_ARGS.iter().find(|(sample, _)| *sample == name).map_or(&[][..], |(_, args)| args);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("python").join(format!("{name}.py"));
    assert!(script.is_file(), "{} is missing: every sample needs its Python twin", script.display());
    // The twin takes the options the tour gives the Rust sample (`--self-test` for a server), plus PYTHON_ARGS.
    let default_args = registry::find(name).map_or(&[][..], |sample| sample.default_args);
    let mut python = Command::new("python3");
    python.arg(&script).args(default_args).args(args);
    python.env(TIME_SCALE_ENV, TEST_TIME_SCALE.to_string());
    let output = match python.output() {
        Ok(output) => output,
        Err(error) if std::env::var("FINAL_FRONTIER_SKIP_PYTHON").as_deref() == Ok("1") => {
            eprintln!("SKIPPED python parity for {name}: cannot run python3 ({error}); FINAL_FRONTIER_SKIP_PYTHON=1");
            return;
        }
        Err(error) => panic!(
            "cannot run python3 ({error}): install Python 3.11, or set FINAL_FRONTIER_SKIP_PYTHON=1 to skip the \
             parity tests knowingly"
        ),
    };
    let mut stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    // A twin meant to fail (actor2) dies as its original does, of the uncaught exception: exit status 1, and the
    // traceback's last line (on stderr) is the transcript's last line.
    let meant_to_fail = registry::find(name).is_ok_and(|sample| sample.meant_to_fail);
    if meant_to_fail {
        stdout.push_str(String::from_utf8_lossy(&output.stderr).lines().last().unwrap_or_default());
        stdout.push('\n');
    }
    assert!(
        output.status.success() != meant_to_fail,
        "python3 {} {} ended with {} (meant to fail: {meant_to_fail}):\n{stdout}\n{}",
        script.display(),
        args.join(" "),
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    assert_sample_snapshot(name, "python3", &redact(&stdout));
}

sample_tests!(check);
