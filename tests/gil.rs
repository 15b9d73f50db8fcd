//! Part 5: every backend computes Python's list; `--n` is capped; a stopped run stops at its next job, on every
//! backend and driver; `run_inline_thread` throws a failed job's error in; `--show-threads` tells the thread
//! story the module docs tell (native hops to pool threads, stackful stays home, fib3's Parallel stays on one
//! thread).

#![feature(coroutines)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use final_frontier::backend::Backend;
use final_frontier::backend::native::Native;
use final_frontier::concurrent::future::{JobError, JobResult, PoolFuture};
use final_frontier::concurrent::value::Value;
use final_frontier::part5_gil::fib3::run_inline_thread;
use final_frontier::part5_gil::{GilError, MAX_N, fib1, fib2, fib3, fibs};
use final_frontier::transcript::{Stopped, Transcript};

type Run = fn(&Transcript, Backend, u32, bool) -> Result<(), GilError>;

const SAMPLES: [(&str, Run); 3] = [("fib1", fib1::run), ("fib2", fib2::run), ("fib3", fib3::run)];

#[test]
fn every_backend_prints_pythons_list() {
    for backend in Backend::ALL {
        for n in [0, 1, 3, 12] {
            let t = Transcript::capture(common::time_scale());
            if let Err(error) = fib1::run(&t, backend, n, false) {
                panic!("fib1 --n {n} on {backend} failed: {error}");
            }
            assert_eq!(t.lines(), [fibs(n).to_string()], "fib1 --n {n} on {backend}");
        }
    }
    assert_eq!(fibs(0).to_string(), "[]");
    assert_eq!(fibs(3).to_string(), "[1, 1, 1]");
}

#[test]
fn n_beyond_the_limit_is_refused_before_anything_runs() {
    for (name, run) in SAMPLES {
        let t = Transcript::capture(common::time_scale());
        let result = run(&t, Backend::Native, MAX_N + 1, false);
        assert!(matches!(result, Err(GilError::TooLarge(n)) if n == MAX_N + 1), "{name}");
        assert!(t.lines().is_empty(), "{name}");
    }
}

#[test]
fn a_run_stopped_before_it_starts_computes_nothing() {
    // At the largest n, one computed job would take seconds: the bound proves none ran.
    for (name, run) in SAMPLES {
        for backend in Backend::ALL {
            let t = Transcript::capture(common::time_scale());
            t.stop(Stopped::Interrupted);
            let started = Instant::now();
            let result = run(&t, backend, MAX_N, false);
            let error = result.err().map(|e| e.to_string()).unwrap_or_default();
            assert!(error.contains("interrupted (Ctrl-C)"), "{name} on {backend}: {error:?}");
            assert!(started.elapsed() < Duration::from_secs(5), "{name} on {backend} took {:?}", started.elapsed());
        }
    }
}

#[test]
fn a_run_stopped_midway_stops_at_its_next_job() {
    for (name, run) in [("fib2", fib2::run as Run), ("fib3", fib3::run)] {
        for backend in Backend::ALL {
            let t = Transcript::capture(common::time_scale());
            let stopper = t.clone();
            let started = Instant::now();
            let stop = std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(150));
                stopper.stop(Stopped::OutputClosed);
            });
            let result = run(&t, backend, MAX_N, false);
            let _ = stop.join();
            let error = result.err().map(|e| e.to_string()).unwrap_or_default();
            assert!(error.contains("standard output is closed"), "{name} on {backend}: {error:?}");
            assert!(started.elapsed() < Duration::from_secs(15), "{name} on {backend} took {:?}", started.elapsed());
        }
    }
}

/// A future that is already done, with `outcome`.
fn done(outcome: JobResult<Value>) -> PoolFuture<Value> {
    let fut = PoolFuture::new();
    let _ = fut.set(outcome);
    fut
}

#[test]
fn run_inline_thread_sends_results_and_throws_errors_in() {
    let careful = Native::new(
        #[coroutine]
        |_start: JobResult<Value>| {
            let five = (yield done(Ok(Value::Int(5))))?;
            match yield done(Err(JobError::Panicked("boom".to_string()))) {
                Ok(value) => Ok(Value::Str(format!("no error, got {value}"))),
                Err(error) => Ok(Value::Str(format!("got {five}, caught {error}"))),
            }
        },
    );
    let outcome = run_inline_thread(careful).map(|value| value.to_string());
    assert_eq!(outcome.ok().as_deref(), Some("got 5, caught the job panicked: boom"));

    let careless = Native::new(
        #[coroutine]
        |_start: JobResult<Value>| {
            (yield done(Err(JobError::Panicked("boom".to_string()))))?;
            Ok(Value::None)
        },
    );
    let outcome = run_inline_thread(careless).map_err(|error| error.to_string());
    assert_eq!(outcome.err().as_deref(), Some("the job panicked: boom"), "an uncaught error is the result");
}

fn final_frontier(args: &[&str]) -> Output {
    match Command::new(env!("CARGO_BIN_EXE_final-frontier")).args(args).output() {
        Ok(output) => output,
        Err(error) => panic!("cannot run final-frontier: {error}"),
    }
}

/// The `--show-threads` lines on stderr: generator number -> the threads of its steps, in order.
fn threads_by_task(output: &Output) -> BTreeMap<u32, Vec<String>> {
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let mut tasks: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stderr).lines() {
        // compute_fibs(6) #1: step 0 on main
        let parsed = line.split_once(" #").and_then(|(_, rest)| rest.split_once(": step ")).and_then(|(task, rest)| {
            let (_, thread) = rest.split_once(" on ")?;
            Some((task.parse::<u32>().ok()?, thread.to_string()))
        });
        let (task, thread) = parsed.unwrap_or_else(|| panic!("not a --show-threads line: {line:?}"));
        tasks.entry(task).or_default().push(thread);
    }
    tasks
}

#[test]
fn show_threads_tells_each_backends_thread_story() {
    // Stackful: every step on the home thread, the one that called run_inline_future.
    let output = final_frontier(&["run", "fib1", "--backend", "stackful", "--n", "6", "--show-threads"]);
    assert_eq!(String::from_utf8_lossy(&output.stdout), "[1, 1, 1, 2, 3, 5]\n", "the transcript is unchanged");
    let tasks = threads_by_task(&output);
    assert_eq!(tasks.get(&1).cloned(), Some(vec!["main".to_string(); 6]), "{tasks:?}");

    // Native and stackless: the first step where the Task starts; a later one where the previous step ran if its
    // job was already done (`iter` does not yield then), else on the pool thread that finished the job. The later
    // jobs of 25 take long enough that some step must run on a pool thread.
    for backend in ["native", "stackless"] {
        let tasks =
            threads_by_task(&final_frontier(&["run", "fib2", "--backend", backend, "--n", "25", "--show-threads"]));
        assert_eq!(tasks.keys().copied().collect::<Vec<_>>(), [1, 2, 3, 4], "{backend}: {tasks:?}");
        for (task, threads) in &tasks {
            assert_eq!(threads.len(), 25, "{backend} #{task}: {threads:?}");
            assert_eq!(threads[0], "main", "{backend} #{task}: {threads:?}");
            assert!(threads.iter().all(|name| name == "main" || name.starts_with("pool-")), "{backend} #{task}");
            assert!(threads.iter().any(|name| name.starts_with("pool-")), "{backend} #{task}: {threads:?}");
        }
    }

    // fib3: Sequential is fib2's (the callback Task: never on the second pool, and on stackful always at home);
    // in Parallel each generator lives on one thread of the second pool, `tpool`, whatever the backend.
    for backend in ["native", "stackless", "stackful"] {
        let tasks =
            threads_by_task(&final_frontier(&["run", "fib3", "--backend", backend, "--n", "6", "--show-threads"]));
        assert_eq!(tasks.keys().copied().collect::<Vec<_>>(), [1, 2, 3, 4], "{backend}: {tasks:?}");
        for task in [1, 2] {
            let threads = &tasks[&task];
            assert!(threads.iter().all(|name| !name.starts_with("tpool-")), "{backend} #{task}: {threads:?}");
            if backend == "stackful" {
                assert!(threads.iter().all(|name| name == "main"), "{backend} #{task}: {threads:?}");
            }
        }
        for task in [3, 4] {
            let threads = &tasks[&task];
            let distinct: BTreeSet<_> = threads.iter().collect();
            assert_eq!(distinct.len(), 1, "{backend} #{task} changed threads: {threads:?}");
            assert!(threads[0].starts_with("tpool-"), "{backend} #{task}: {threads:?}");
        }
    }
}

#[test]
fn the_cli_refuses_a_large_n_and_show_threads_elsewhere() {
    let output = final_frontier(&["run", "fib2", "--n", &(MAX_N + 1).to_string()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    let refused = format!("invalid value '{0}' for '--n <N>': n = {0} is too large: at most {MAX_N}", MAX_N + 1);
    assert!(stderr.contains(&refused), "{stderr}");
    assert!(output.stdout.is_empty(), "refused before anything runs");

    let output = final_frontier(&["run", "cm", "--show-threads"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--show-threads does not apply to sample 'cm'"), "{stderr}");
}
