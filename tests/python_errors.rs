//! The compiler twins fail on a bad expression exactly as the Rust samples do: the same message, exit status 1.
//! And the futures twins print a failed job as the originals do, with Python's `repr` of the exception (inline2's
//! transcript shows it; the others' `do_func` is called here with `2, 'Hello'`, as the Rust tests call the ports').
//!
//! `final-frontier run compilerN --expr TEXT` prints `error: compilerN failed` and then `error: <message>`; the
//! Python twin, which is the sample and not the CLI, prints only `error: <message>`. Both exit with 1.
//!
//! If `python3` is missing these tests fail, saying so, unless `FINAL_FRONTIER_SKIP_PYTHON=1` is set.

use std::path::Path;
use std::process::{Command, Output};

/// Bad inputs and the message each one gets, from every program.
/// The last two: a character that starts no token, and input that Rust's `{:?}` and `char::escape_debug` escape.
const BAD_INPUTS: [(&str, &str); 7] = [
    (
        "(1+2",
        r#"error: cannot parse "(1+2": syntax error at byte 4: expected an operator or ')' to close the '(' at byte 0, found the end of the input"#,
    ),
    ("2 + * 3", r#"error: cannot parse "2 + * 3": syntax error at byte 4: expected a number or '(', found '*'"#),
    ("", r#"error: cannot parse "": syntax error at byte 0: expected a number or '(', found the end of the input"#),
    (
        "1 2",
        r#"error: cannot parse "1 2": syntax error at byte 2: expected an operator or the end of the input, found the number 2"#,
    ),
    (")", r#"error: cannot parse ")": syntax error at byte 0: expected a number or '(', found ')'"#),
    ("1 + é", r#"error: cannot parse "1 + é": syntax error at byte 4: expected a number or '(', found 'é'"#),
    (
        "1\t\"\u{301}",
        r#"error: cannot parse "1\t\"\u{301}": syntax error at byte 2: expected an operator or the end of the input, found '\"'"#,
    ),
];

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `final-frontier run SAMPLE --backend ... --expr TEXT`: its stderr, after the line naming the failed sample.
fn rust_message(sample: &str, backend: &[&str], failed: &str, text: &str) -> String {
    let output = match Command::new(env!("CARGO_BIN_EXE_final-frontier"))
        .args(["run", sample])
        .args(backend)
        .args(["--expr", text])
        .output()
    {
        Ok(output) => output,
        Err(error) => panic!("cannot run final-frontier: {error}"),
    };
    let stderr = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "final-frontier run {sample} --expr {text:?}:\n{stderr}");
    match stderr.split_once('\n') {
        Some((first, rest)) if first == failed => rest.trim_end().to_string(),
        _ => panic!("final-frontier run {sample} --expr {text:?}: stderr should start with {failed:?}:\n{stderr}"),
    }
}

/// `python3 python/SAMPLE.py --expr TEXT`: its stderr; `None` if python3 cannot run and the tests may skip it.
fn python_message(sample: &str, text: &str) -> Option<String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("python").join(format!("{sample}.py"));
    let output = match Command::new("python3").arg(&script).args(["--expr", text]).output() {
        Ok(output) => output,
        Err(error) if std::env::var("FINAL_FRONTIER_SKIP_PYTHON").as_deref() == Ok("1") => {
            eprintln!("SKIPPED python twin {sample}: cannot run python3 ({error}); FINAL_FRONTIER_SKIP_PYTHON=1");
            return None;
        }
        Err(error) => panic!(
            "cannot run python3 ({error}): install Python 3.11, or set FINAL_FRONTIER_SKIP_PYTHON=1 to skip the \
             Python tests knowingly"
        ),
    };
    let stderr = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "python3 {} --expr {text:?}:\n{stderr}", script.display());
    assert!(
        output.stdout.is_empty(),
        "a bad expression prints no transcript: {}",
        String::from_utf8_lossy(&output.stdout)
    );
    Some(stderr.trim_end().to_string())
}

fn check(sample: &str, backend: &[&str], failed: &str) {
    for (text, message) in BAD_INPUTS {
        assert_eq!(rust_message(sample, backend, failed, text), message, "Rust {sample}");
        if let Some(python) = python_message(sample, text) {
            assert_eq!(python, message, "python/{sample}.py");
        }
    }
}

#[test]
fn compiler1_twin_reports_a_bad_expression_as_rust_does() {
    check("compiler1", &[], "error: compiler1 failed");
}

#[test]
fn compiler2_twin_reports_a_bad_expression_as_rust_does() {
    check("compiler2", &["--backend", "native"], "error: compiler2 on native failed");
}

/// What CPython prints for `print('Failed:', repr(e))` when `2 + 'Hello'` failed: the ports print the same.
const FAILED: &str = r#"Failed: TypeError("unsupported operand type(s) for +: 'int' and 'str'")"#;

/// `python3 -c PROGRAM` in python/, at the tests' time scale: its stdout; `None` if python3 cannot run and the
/// tests may skip it.
fn python_program(program: &str) -> Option<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("python");
    let mut python = Command::new("python3");
    python.current_dir(&dir).args(["-c", program]).env("FINAL_FRONTIER_TIME_SCALE", "0.01");
    let output = match python.output() {
        Ok(output) => output,
        Err(error) if std::env::var("FINAL_FRONTIER_SKIP_PYTHON").as_deref() == Ok("1") => {
            eprintln!("SKIPPED python twins' do_func: cannot run python3 ({error}); FINAL_FRONTIER_SKIP_PYTHON=1");
            return None;
        }
        Err(error) => panic!(
            "cannot run python3 ({error}): install Python 3.11, or set FINAL_FRONTIER_SKIP_PYTHON=1 to skip the \
             Python tests knowingly"
        ),
    };
    assert!(output.status.success(), "python3 -c {program:?}:\n{}", stderr(&output));
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn the_futures_twins_print_pythons_repr_of_a_failed_job() {
    for twin in ["inline_puzzle", "inline_iter"] {
        let program =
            format!("from {twin} import Task, do_func, pool\nTask(do_func(2, 'Hello')).step()\npool.wait_until_idle()");
        if let Some(stdout) = python_program(&program) {
            assert_eq!(stdout, format!("{FAILED}\n"), "python/{twin}.py");
        }
    }
    let program = concat!(
        "from inline_future import do_func, run_inline_future\n",
        "print('Result:', run_inline_future(do_func(2, 'Hello')))"
    );
    if let Some(stdout) = python_program(program) {
        assert_eq!(stdout, format!("{FAILED}\nResult: None\n"), "python/inline_future.py");
    }
}
