//! `final-frontier trace`: what the drivers record, read from the real binary's output, one claim of the tutorial
//! per test: where a Task's generator is resumed on each backend, how actor2 dies, how deep compiler2's stack of
//! generators grows; and `--limit` and bad input.

use std::process::{Command, Output};

use final_frontier::backend::Backend;
use final_frontier::study::delegation;
use final_frontier::trace::{Event, What};

fn trace(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_final-frontier"))
        .args(["--time-scale", "0.01", "trace"])
        .args(args)
        .output()
        .unwrap_or_else(|error| panic!("cannot run final-frontier: {error}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// One printed event: its thread and its words (indentation kept).
struct Line {
    thread: String,
    event: String,
}

/// The event lines of one section of `trace`'s output: `seq ms thread event`.
fn events(stdout: &str) -> Vec<Line> {
    stdout
        .lines()
        .filter(|line| line.trim_start().starts_with(|c: char| c.is_ascii_digit()))
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let (_seq, _ms, thread) = (fields.next()?, fields.next()?, fields.next()?);
            let start = line.find(thread)? + thread.len() + 2;
            Some(Line { thread: thread.to_string(), event: line.get(start..)?.to_string() })
        })
        .collect()
}

fn succeeded(output: &Output) -> String {
    let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));
    assert_eq!(output.status.code(), Some(0), "stdout:\n{stdout}\nstderr:\n{stderr}");
    stdout
}

/// The threads on which `name` was resumed with a value (its first resume, with nothing, is the Task's start).
fn resumed_on(lines: &[Line], name: &str) -> Vec<String> {
    let resume = format!("resume {name} with ");
    lines.iter().filter(|line| line.event.trim_start().starts_with(&resume)).map(|l| l.thread.clone()).collect()
}

#[test]
fn inline1_native_resumes_its_generators_on_pool_threads() {
    let lines = events(&succeeded(&trace(&["inline1", "--backend", "native"])));
    for name in ["do_func", "do_many"] {
        let threads = resumed_on(&lines, name);
        assert!(!threads.is_empty(), "{name} was never resumed with a result");
        assert!(threads.iter().all(|thread| thread.starts_with("pool-")), "{name} resumed on {threads:?}");
    }
    assert_eq!(resumed_on(&lines, "do_many").len(), 10, "one resume per result of do_many(10)");
}

#[test]
fn inline1_stackful_resumes_its_generators_on_main_and_the_pool_only_posts() {
    let lines = events(&succeeded(&trace(&["inline1", "--backend", "stackful"])));
    for name in ["do_func", "do_many"] {
        let threads = resumed_on(&lines, name);
        assert!(!threads.is_empty(), "{name} was never resumed with a result");
        assert!(threads.iter().all(|thread| thread == "main"), "{name} resumed on {threads:?}");
    }
    let posts: Vec<_> = lines.iter().filter(|line| line.event.contains("posts wake-up")).collect();
    assert_eq!(posts.len(), 11, "one wake-up per finished job (1 + 10)");
    // A job's callback posts from the pool thread that finished it; or, when the job was already done as its
    // Task registered the callback (main was descheduled for a whole job-length in between, under load), at
    // once on main, as Python's add_done_callback does. Either way the resume itself happens on main.
    let posted_on: Vec<_> = posts.iter().map(|line| line.thread.as_str()).collect();
    assert!(posted_on.iter().all(|thread| thread.starts_with("pool-") || *thread == "main"), "{posted_on:?}");
    assert!(posted_on.iter().any(|thread| thread.starts_with("pool-")), "no post from the pool: {posted_on:?}");
}

#[test]
fn actor2_ends_with_ping_resumed_while_it_is_running_and_the_error() {
    let output = trace(&["actor2"]);
    let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));
    assert_eq!(output.status.code(), Some(1), "actor2 is meant to fail, as run says:\n{stdout}\n{stderr}");
    assert!(stderr.contains("generator already executing"), "{stderr}");
    let sections: Vec<&str> = stdout.split("==== trace of").skip(1).collect();
    assert_eq!(sections.len(), 3, "every backend is traced, as run runs every backend:\n{stdout}");
    for section in sections {
        let lines = events(section);
        let refused = lines.iter().rposition(|line| line.event.contains("resume ping refused, it is running"));
        let Some(refused) = refused else { panic!("no refused resume of ping:\n{section}") };
        assert!(lines[..refused].iter().any(|line| line.event.contains("resume pong with 1")), "{section}");
        // After the refusal, only the error on its way out: pong raises it, then ping, then it is printed.
        let after: Vec<&str> = lines[refused + 1..].iter().map(|line| line.event.trim()).collect();
        assert!(after.iter().all(|event| event.contains("generator already executing")), "{section}");
        assert!(after.iter().any(|event| event.starts_with("pong raises:")), "{section}");
        assert!(after.iter().any(|event| event.starts_with("ping raises:")), "{section}");
    }
}

#[test]
fn compiler2_stack_of_generators_grows_with_the_trees_depth() {
    let stdout = succeeded(&trace(&["compiler2", "--terms", "1000", "--limit", "10"]));
    let depths: Vec<u64> = stdout
        .lines()
        .filter_map(|line| line.strip_prefix("-- maximum generator stack depth: "))
        .filter_map(|n| n.trim().parse().ok())
        .collect();
    assert_eq!(depths.len(), 3, "one per backend:\n{stdout}");
    assert!(depths.iter().all(|depth| (990..=1001).contains(depth)), "{depths:?}");
    let small = succeeded(&trace(&["compiler2", "--terms", "10", "--backend", "native"]));
    assert!(small.contains("-- maximum generator stack depth: 10\n"), "the depth follows the tree:\n{small}");
}

#[test]
fn limit_keeps_the_first_events_and_the_summary_counts_all() {
    let stdout = succeeded(&trace(&["compiler2", "--terms", "50", "--backend", "native", "--limit", "7"]));
    assert_eq!(events(&stdout).len(), 7, "{stdout}");
    assert!(stdout.contains("the first 7 shown"), "{stdout}");
    let all = succeeded(&trace(&["compiler2", "--terms", "50", "--backend", "native", "--limit", "100000"]));
    assert!(all.contains("all shown") && events(&all).len() > 100, "{all}");
}

#[test]
fn bad_input_gets_the_same_errors_as_run() {
    for args in [
        &["nope"][..],
        &["async1", "--backend", "native"],
        &["cm", "--count", "3"],
        &["inline1", "--backend", "fast"],
        &["compiler2", "--terms", "-4"],
    ] {
        let traced = trace(args);
        let run = Command::new(env!("CARGO_BIN_EXE_final-frontier"))
            .args(["--time-scale", "0.01", "run"])
            .args(args)
            .output()
            .unwrap_or_else(|error| panic!("cannot run final-frontier: {error}"));
        assert_eq!(traced.status.code(), Some(2), "{args:?}: {}", text(&traced.stderr));
        let first = |output: &Output| text(&output.stderr).lines().next().unwrap_or_default().to_string();
        assert_eq!(first(&traced), first(&run), "{args:?}");
    }
    let limit = trace(&["inline1", "--limit", "many"]);
    assert_eq!(limit.status.code(), Some(2));
    assert!(text(&limit.stderr).contains("--limit"), "{}", text(&limit.stderr));
}

/// The resident memory of process `pid` in KiB, from /proc (Linux).
fn resident_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn a_trace_as_long_as_the_user_asks_keeps_only_what_limit_shows() {
    // Found by hand: `trace actor3 --count <huge> --limit 3` kept every printed line of the run, and grew by a
    // quarter of a gigabyte a second until the machine ran out. Now its memory stays flat.
    let mut child = Command::new(env!("CARGO_BIN_EXE_final-frontier"))
        .args(["trace", "actor3", "--backend", "native", "--count", "18446744073709551615", "--limit", "3"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot run final-frontier: {error}"));
    std::thread::sleep(std::time::Duration::from_millis(700));
    let early = resident_kib(child.id());
    std::thread::sleep(std::time::Duration::from_millis(2_000));
    let late = resident_kib(child.id());
    let _ = child.kill();
    let _ = child.wait();
    let (Some(early), Some(late)) = (early, late) else { panic!("cannot read the run's memory: {early:?} {late:?}") };
    assert!(late < early + 16 * 1024, "the trace grew from {early} KiB to {late} KiB in two seconds");
}

#[test]
fn a_task_started_by_run_or_start_carries_the_python_name_of_its_generator() {
    // inline_recursive's Tasks are started by `Task::start`, one per tick; inline_iter's by `Task::run`.
    for (args, name) in [(&["inline_recursive", "--count", "3"][..], "recursive"), (&["inline_iter"], "after")] {
        let stdout = succeeded(&trace(args));
        let sections: Vec<&str> = stdout.split("==== trace of").skip(1).collect();
        assert_eq!(sections.len(), 3, "every backend is traced:\n{stdout}");
        for section in sections {
            let lines = events(section);
            let resumes: Vec<&str> = lines
                .iter()
                .map(|line| line.event.trim())
                .filter(|event| event.starts_with("resume ") && !event.starts_with("resume refused"))
                .collect();
            assert!(!resumes.is_empty(), "{section}");
            let named = format!("resume {name}#");
            assert!(resumes.iter().all(|event| event.starts_with(&named)), "{name}: {resumes:?}\n{section}");
            assert!(!section.contains("Task#"), "a Task shows under its class's name:\n{section}");
        }
    }
    // Each tick's Task drives a generator object of its own, numbered as Python tells them apart.
    let native = succeeded(&trace(&["inline_recursive", "--count", "3", "--backend", "native"]));
    for n in 1..=3 {
        assert!(native.contains(&format!("resume recursive#{n}")), "{native}");
    }
}

/// The protocol page's chain of three `yield from`s, recorded on `backend`: its items and each event in words.
fn chain(backend: Backend) -> (Vec<u64>, Vec<String>) {
    let (items, events) = delegation::record(backend).unwrap_or_else(|error| panic!("{backend}: {error}"));
    let words = events.iter().map(|event| format!("{}{}", "  ".repeat(event.depth), describe(event))).collect();
    (items, words)
}

/// An event as `trace` prints it, without the seq, time and thread.
fn describe(event: &Event) -> String {
    let who = event.generator.map(|g| g.to_string()).unwrap_or_default();
    match &event.what {
        What::Resume(_) => format!("resume {who}"),
        What::Yield(_) => format!("{who} yields"),
        What::Return(_) => format!("{who} returns"),
        What::Line(text) => format!("prints {text}"),
        other => format!("{who} {other:?}"),
    }
}

#[test]
fn the_protocol_pages_yield_from_climbs_every_level_on_native_and_stackless_and_suspends_once_on_stackful() {
    // One item: the loop resumes outer, which resumes middle, which resumes inner; inner yields to middle,
    // middle to outer, outer to the loop, which prints it. Twice, then the same climb ends in three returns.
    let climb = |end: &str, printed: &[&str]| {
        ["resume outer", "  resume middle", "    resume inner", &format!("    inner {end}")]
            .into_iter()
            .map(String::from)
            .chain([format!("  middle {end}"), format!("outer {end}")])
            .chain(printed.iter().map(|item| format!("prints {item}")))
            .collect::<Vec<String>>()
    };
    let every_level: Vec<String> = [climb("yields", &["1"]), climb("yields", &["2"]), climb("returns", &[])].concat();
    for backend in [Backend::Native, Backend::Stackless] {
        let (items, events) = chain(backend);
        assert_eq!(items, [1, 2], "{backend}");
        assert_eq!(events, every_level, "{backend}: every level resumed and re-yielding, each item");
    }
    // Stackful: outer called middle and middle called inner once, on the coroutine's stack (plain calls, not
    // recorded); inner suspends the whole coroutine straight back to the loop, and the next resume lands back
    // in inner: middle is never resumed and never yields.
    let (items, events) = chain(Backend::Stackful);
    assert_eq!(items, [1, 2]);
    let one_suspend = [
        "resume outer",
        "  inner yields",
        "outer yields",
        "prints 1",
        "resume outer",
        "  resume inner",
        "  inner yields",
        "outer yields",
        "prints 2",
        "resume outer",
        "  resume inner",
        "outer returns",
    ];
    assert_eq!(events, one_suspend, "stackful: one suspend per item, from inner to the loop");
}
