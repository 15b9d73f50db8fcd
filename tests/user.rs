//! What a new user tripped over, each pinned by a run of the real binary: time scales out of range, flags before
//! the command, a live transcript that kept every line, Ctrl-C during cm, a `--terms` the machine cannot hold,
//! stdout that is full or closed, values that start with `-`, expressions on standard input, the tour's words.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

fn binary() -> Command {
    Command::new(env!("CARGO_BIN_EXE_final-frontier"))
}

fn run(args: &[&str]) -> Output {
    binary().args(args).output().unwrap_or_else(|error| panic!("cannot run final-frontier: {error}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn assert_exit(output: &Output, code: i32, stderr_has: &str) {
    let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));
    assert_eq!(output.status.code(), Some(code), "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stderr.contains(stderr_has), "stderr should mention {stderr_has:?}:\n{stderr}");
}

/// Waits for `child`, killing it (and failing) after `limit`.
fn wait_bounded(child: &mut Child, limit: Duration, what: &str) -> std::process::ExitStatus {
    let deadline = Instant::now() + limit;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return status,
            Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(10)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{what} did not stop within {limit:?}");
            }
            Err(error) => panic!("cannot wait for {what}: {error}"),
        }
    }
}

/// Sends `signal` (a `kill` name: INT, TERM) to a child, without `unsafe`: through the `kill` command.
fn signal(child: &Child, signal: &str) {
    let status = Command::new("kill").args([&format!("-{signal}"), &child.id().to_string()]).status();
    assert!(status.is_ok_and(|status| status.success()) || child_exited(child), "kill -{signal} failed");
}

fn child_exited(child: &Child) -> bool {
    !Path::new(&format!("/proc/{}", child.id())).exists()
}

/// A stdout whose every write fails with "No space left on device".
fn dev_full() -> std::fs::File {
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full");
    full.unwrap_or_else(|error| panic!("cannot open /dev/full: {error}"))
}

/// A fresh, empty directory of this test's own.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("final-frontier-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|error| panic!("cannot create {}: {error}", dir.display()));
    dir
}

#[test]
fn bug1_a_huge_time_scale_is_misuse_with_the_accepted_range() {
    for scale in ["1e20", "101", "1e9", "-0.5", "inf", "NaN"] {
        let output = run(&["run", "inline1", "--backend", "native", "--time-scale", scale]);
        assert_exit(&output, 2, "time scale must be a number from 0 to 100");
        assert!(output.stdout.is_empty(), "nothing runs before the check");
    }
}

#[test]
fn bug2_time_scale_means_the_same_before_and_after_run() {
    // The default (0.1) makes simplefuture take 1.5 s; 0 makes it instant, wherever the flag is typed.
    for args in [&["--time-scale", "0", "run", "simplefuture"][..], &["run", "simplefuture", "--time-scale", "0"][..]] {
        let started = Instant::now();
        let output = run(args);
        assert_exit(&output, 0, "");
        assert!(started.elapsed() < Duration::from_millis(1200), "{args:?} slept: the flag was ignored");
        assert_eq!(
            text(&output.stdout),
            "Got: 5\nWhoops: unsupported operand type(s) for +: 'int' and 'str'\nGot: 5\n"
        );
    }
}

/// The resident memory of a process, in KiB.
fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status.lines().find(|line| line.starts_with("VmRSS:"))?.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn bug3_a_sample_that_runs_forever_runs_in_constant_memory() {
    // Each tick prints a line; a live transcript that kept them grew by ~55 bytes a line (tens of MB per second
    // at this rate). Measure between two moments well after start-up, then stop it with SIGTERM.
    let mut child = binary()
        .args(["run", "inline_recursive", "--backend", "native", "--time-scale", "0", "--count", "1000000000"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot start final-frontier: {error}"));
    let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
    let reader = thread::spawn(move || BufReader::new(stdout).lines().map_while(Result::ok).count());
    thread::sleep(Duration::from_millis(1000));
    let early = rss_kib(child.id());
    thread::sleep(Duration::from_millis(2000));
    let late = rss_kib(child.id());
    signal(&child, "TERM");
    let status = wait_bounded(&mut child, Duration::from_secs(10), "inline_recursive after SIGTERM");
    let lines = reader.join().unwrap_or(0);
    assert_eq!(status.code(), Some(143), "SIGTERM exits 128 + 15");
    let (Some(early), Some(late)) = (early, late) else { panic!("cannot read /proc/PID/status") };
    assert!(lines > 10_000, "only {lines} ticks in 3 s: the measurement means nothing");
    assert!(late.saturating_sub(early) < 4 * 1024, "RSS grew from {early} KiB to {late} KiB over {lines} lines");
}

#[test]
fn bug4_interrupted_cm_runs_leave_no_directory_behind() {
    let dir = scratch("cm-interrupted");
    let mut interrupted = 0;
    let (mut finished, mut killed_early) = (0, 0);
    // 200 runs at moments spread over a run's whole length (a debug run of all three backends takes ~10 ms on
    // an idle machine, more on a busy one), four at a time.
    for batch in 0..50_u64 {
        let children: Vec<Child> = (0..4)
            .map(|_| {
                binary()
                    .args(["run", "cm", "--backend", "all"])
                    .env("TMPDIR", &dir)
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .unwrap_or_else(|error| panic!("cannot start final-frontier: {error}"))
            })
            .collect();
        for (i, mut child) in children.into_iter().enumerate() {
            // A spread of delays, different for each run, from 0 to 15 ms.
            thread::sleep(Duration::from_micros((batch * 4 + i as u64) * 3_701 % 15_000));
            signal(&child, "INT");
            let status = wait_bounded(&mut child, Duration::from_secs(20), "cm after Ctrl-C");
            match status.code() {
                Some(130) => interrupted += 1,
                Some(0) => finished += 1,  // finished before the signal came
                None => killed_early += 1, // before the handler was installed: nothing was made yet
                other => panic!("cm exited with {other:?} after Ctrl-C"),
            }
        }
    }
    let left: Vec<_> =
        std::fs::read_dir(&dir).map(|entries| entries.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(left.is_empty(), "interrupted runs left {left:?}");
    eprintln!("{interrupted} interrupted, {finished} finished first, {killed_early} killed before start-up ended");
    assert!(interrupted >= 20, "only {interrupted} of 200 runs were interrupted: the test did not test");
}

#[test]
fn bug5_a_chain_the_machine_cannot_hold_is_refused_with_the_figure() {
    let output = run(&["run", "compiler2", "--backend", "native", "--terms", "1000000000000"]);
    assert_exit(&output, 1, "--terms 1000000000000 would need about");
    assert!(text(&output.stderr).contains("GB available"), "{}", text(&output.stderr));
    assert!(output.stdout.is_empty(), "refused before anything is printed");
}

#[test]
fn bug6_a_full_stdout_fails_and_a_closed_one_stops_the_sample() {
    let output = binary()
        .args(["run", "cm", "--backend", "native"])
        .stdout(dev_full())
        .output()
        .unwrap_or_else(|error| panic!("cannot run final-frontier: {error}"));
    assert_exit(&output, 1, "cannot write to standard output");

    // `| head -1`: read one line, close the pipe; the sample notices at its next wait and stops, exit 0.
    let args = ["run", "inline_recursive", "--backend", "stackful", "--time-scale", "0", "--count", "100000000"];
    assert_eq!(head_1(&args), ("Tick: 0\n".to_string(), Some(0)), "a closed pipe is not an error");
    let (first, code) = head_1(&["run", "inline1", "--backend", "all", "--time-scale", "0"]);
    assert_eq!((first.as_str(), code), ("==== inline1.py on native ====\n", Some(0)));
    let (first, code) = head_1(&["--time-scale", "0"]);
    assert!(first.starts_with("The tour of") && code == Some(0), "{first:?} {code:?}");
}

/// `final-frontier ARGS | head -1`: the first line, and the exit code once the pipe is closed (bounded). Nothing
/// may be said on stderr: nobody reading the rest is no error.
fn head_1(args: &[&str]) -> (String, Option<i32>) {
    let mut child = binary()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot start final-frontier: {error}"));
    let mut stdout = BufReader::new(child.stdout.take().unwrap_or_else(|| panic!("no stdout")));
    let mut first = String::new();
    let _ = stdout.read_line(&mut first);
    drop(stdout);
    let status = wait_bounded(&mut child, Duration::from_secs(20), &format!("{args:?} after its stdout closed"));
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        let _ = std::io::Read::read_to_string(&mut pipe, &mut stderr);
    }
    assert_eq!(stderr, "", "{args:?} said something on stderr after its stdout closed");
    (first, status.code())
}

#[test]
fn friction9_values_may_start_with_a_dash_and_every_count_is_at_least_1() {
    // `--expr -1` is an expression (one the language does not have), not a flag.
    let output = run(&["run", "compiler1", "--expr", "-1"]);
    assert_exit(&output, 1, "syntax error at byte 0");
    for (sample, flag) in [("inline_recursive", "--count"), ("compiler1", "--terms"), ("fib1", "--n")] {
        let output = run(&["run", sample, flag, "0"]);
        assert_exit(&output, 2, &format!("invalid value '0' for '{flag} <N>'"));
    }
}

#[test]
fn friction10_the_expression_can_come_from_standard_input() {
    let depth = 100_000;
    let expression = format!("{}1{}", "(".repeat(depth), ")".repeat(depth));
    let mut child = binary()
        .args(["run", "compiler2", "--backend", "all", "--expr", "-", "--terms", "3"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot start final-frontier: {error}"));
    let mut stdin = child.stdin.take().unwrap_or_else(|| panic!("no stdin"));
    let writer = thread::spawn(move || stdin.write_all(expression.as_bytes()));
    let output = child.wait_with_output().unwrap_or_else(|error| panic!("cannot wait: {error}"));
    assert!(writer.join().is_ok_and(|written| written.is_ok()));
    assert_exit(&output, 0, "");
    assert_eq!(text(&output.stdout).matches("---- Evaluation\nResult: 1\n").count(), 3, "{}", text(&output.stdout));

    let mut child = binary()
        .args(["run", "compiler1", "--expr", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot start final-frontier: {error}"));
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(b"1 + \xff");
    }
    let output = child.wait_with_output().unwrap_or_else(|error| panic!("cannot wait: {error}"));
    assert_exit(&output, 1, "the expression on standard input is not UTF-8 text (invalid byte at offset 4)");
}

#[test]
fn friction11_the_tour_says_what_it_is_and_how_long_it_took() {
    let output = run(&["--time-scale", "0"]);
    assert_exit(&output, 0, "");
    let stdout = text(&output.stdout);
    assert!(stdout.starts_with("The tour of \"Generators: The Final Frontier\""), "{stdout}");
    assert!(stdout.lines().last().is_some_and(|line| line.starts_with("total: ")), "{stdout}");
}

#[test]
fn bug6_actors_stop_when_nobody_reads_and_fail_on_a_full_stdout() {
    for sample in ["actor3", "tactor"] {
        let first = head_1(&["run", sample, "--backend", "stackless", "--count", "100000000"]);
        assert_eq!(first, ("ping 0\n".to_string(), Some(0)), "{sample}");
    }
    let output = binary().args(["run", "actor3", "--count", "1000"]).stdout(dev_full()).output();
    let output = output.unwrap_or_else(|error| panic!("cannot run final-frontier: {error}"));
    assert_exit(&output, 1, "cannot write to standard output");
}

#[test]
fn bug4_ctrl_c_during_the_tour_stops_it_with_130_and_says_only_why() {
    let mut child = binary()
        .args(["--time-scale", "1"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot start final-frontier: {error}"));
    thread::sleep(Duration::from_millis(500));
    signal(&child, "INT");
    let status = wait_bounded(&mut child, Duration::from_secs(30), "the tour after Ctrl-C");
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        let _ = std::io::Read::read_to_string(&mut pipe, &mut stderr);
    }
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert_eq!(stderr, "interrupted (Ctrl-C): stopped after cleaning up\n");
}
