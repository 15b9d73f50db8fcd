//! Part 3's machinery under stress: the pool and the Future keep Python's promises (errors propagate, callbacks
//! run once on the right thread, panics and shutdown never hang), the Tasks deliver errors at the `yield`, the
//! stackful Task is resumed only on its home thread, and inline_recursive's stack stays flat.

#![feature(coroutines)]

#[path = "../benches/common/mod.rs"]
mod bench_bodies;
mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::{self, ThreadId};
use std::time::Duration;

use final_frontier::backend::Backend;
use final_frontier::backend::native::Native;
use final_frontier::backend::stackful::{Stackful, Yielder};
use final_frontier::concurrent::future::{AlreadyDone, JobError, JobResult, PoolFuture};
use final_frontier::concurrent::pool::Pool;
use final_frontier::concurrent::task::Task;
use final_frontier::concurrent::value::{AddError, Value, add};
use final_frontier::concurrent::wakeup::{Home, OnPoolThreads, Runner};
use final_frontier::part3_futures::{inline_recursive, inline1};
use final_frontier::transcript::{Stopped, TimeScale, Transcript};

/// Long enough that a test notices a job that should have waited, short enough for a loaded 2-core machine.
const SLOW: Duration = Duration::from_millis(50);

/// A transcript for pools whose jobs do not sleep through it.
fn quiet() -> Transcript {
    Transcript::capture(TimeScale::REAL)
}

/// The address of a local variable in a fresh frame: where the calling thread's stack is right now. Stacks grow
/// down, so a deeper call chain gives a smaller number.
#[inline(never)]
fn stack_address() -> usize {
    let local = 0_u8;
    std::hint::black_box(&local) as *const u8 as usize
}

fn failing_add() -> JobResult<Value> {
    add(&2.into(), &"Hello".into()).map_err(JobError::raised)
}

#[test]
fn result_blocks_then_returns_the_value_or_the_jobs_own_error() {
    let pool = Pool::new(2, &quiet()).unwrap_or_else(|e| panic!("{e}"));
    let fut = pool.submit(|_| {
        thread::sleep(SLOW);
        Ok(5)
    });
    assert!(matches!(fut.result(), Ok(5)));
    assert!(matches!(fut.result(), Ok(5)), "result() can be asked again, as in Python");

    let error = pool.submit(|_| failing_add()).result().err();
    let type_error = error.as_ref().and_then(JobError::downcast_ref::<AddError>);
    assert_eq!(type_error, Some(&AddError::Type("int", "str")), "the job's own error, typed: {error:?}");
}

#[test]
fn a_panicking_job_becomes_an_error_and_the_worker_lives_on() {
    let pool = Pool::new(1, &quiet()).unwrap_or_else(|e| panic!("{e}"));
    let fut = pool.submit(|_| -> JobResult<i32> { panic!("boom") });
    match fut.result() {
        Err(JobError::Panicked(message)) => assert_eq!(message, "boom"),
        other => panic!("expected a panic error, got {other:?}"),
    }
    // The only worker survived: it still runs jobs.
    assert!(matches!(pool.submit(|_| Ok(1)).result(), Ok(1)));
}

/// Which thread ran a callback, and what it saw.
type Resumed = (ThreadId, JobResult<i32>);

#[test]
fn callbacks_run_once_on_the_completing_thread() {
    let pool = Pool::new(1, &quiet()).unwrap_or_else(|e| panic!("{e}"));
    let (started_tx, started_rx) = mpsc::channel();
    let (release_tx, release_rx) = mpsc::channel::<()>();
    let fut = pool.submit(move |_| {
        let _ = started_tx.send(thread::current().id());
        let _ = release_rx.recv();
        Ok(7)
    });
    let worker = started_rx.recv().unwrap_or_else(|e| panic!("{e}"));
    let seen: Arc<Mutex<Vec<Resumed>>> = Arc::default();
    for _ in 0..2 {
        let seen = Arc::clone(&seen);
        fut.add_done_callback(move |f| {
            seen.lock().unwrap_or_else(|e| e.into_inner()).push((thread::current().id(), f.result()))
        });
    }
    let _ = release_tx.send(());
    pool.wait_until_idle();
    let seen = seen.lock().unwrap_or_else(|e| e.into_inner());
    assert_eq!(seen.len(), 2, "each callback runs exactly once");
    assert!(seen.iter().all(|(thread, outcome)| *thread == worker && matches!(outcome, Ok(7))));
}

#[test]
fn a_callback_added_after_completion_runs_at_once_on_the_callers_thread() {
    let fut = PoolFuture::new();
    assert_eq!(fut.set(Ok(3)), Ok(()));
    assert_eq!(fut.set(Ok(4)), Err(AlreadyDone), "a future is completed once");
    let ran_on = Arc::new(Mutex::new(None));
    let slot = Arc::clone(&ran_on);
    fut.add_done_callback(move |f| {
        *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some((thread::current().id(), f.result()))
    });
    let ran_on = ran_on.lock().unwrap_or_else(|e| e.into_inner()).take();
    assert!(matches!(ran_on, Some((id, Ok(3))) if id == thread::current().id()), "{ran_on:?}");
}

#[test]
fn result_callbacks_get_the_outcome_in_order_with_the_others_and_result_still_works() {
    let fut = PoolFuture::new();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = |seen: &Arc<Mutex<Vec<String>>>, line: String| seen.lock().unwrap_or_else(|e| e.into_inner()).push(line);
    let (a, b, c) = (Arc::clone(&seen), Arc::clone(&seen), Arc::clone(&seen));
    fut.add_result_callback(move |outcome| log(&a, format!("first {outcome:?}")));
    fut.add_done_callback(move |f| log(&b, format!("python {:?} {:?}", f.done(), f.result())));
    // A second result callback on the same future (the first took set's copy) reads the future itself.
    fut.add_result_callback(move |outcome| log(&c, format!("second {outcome:?}")));
    assert_eq!(fut.set(Ok(5)), Ok(()));
    let d = Arc::clone(&seen);
    fut.add_result_callback(move |outcome| log(&d, format!("late {outcome:?}")));
    assert!(matches!(fut.result(), Ok(5)), "the future keeps its value for other readers");
    let seen = seen.lock().unwrap_or_else(|e| e.into_inner()).clone();
    assert_eq!(seen, ["first Ok(5)", "python true Ok(5)", "second Ok(5)", "late Ok(5)"]);
}

#[test]
fn a_panicking_callback_does_not_stop_the_others() {
    let fut = PoolFuture::new();
    let count = Arc::new(AtomicUsize::new(0));
    fut.add_done_callback(|_| panic!("callback trouble"));
    let counter = Arc::clone(&count);
    fut.add_done_callback(move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
    });
    assert_eq!(fut.set(Ok(())), Ok(()));
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[test]
fn dropping_the_pool_runs_the_jobs_in_flight_then_refuses_new_ones() {
    let pool = Pool::new(2, &quiet()).unwrap_or_else(|e| panic!("{e}"));
    let handle = pool.handle();
    let finished = Arc::new(AtomicUsize::new(0));
    let futures: Vec<_> = (0..6)
        .map(|n| {
            let finished = Arc::clone(&finished);
            pool.submit(move |_| {
                thread::sleep(SLOW);
                finished.fetch_add(1, Ordering::SeqCst);
                Ok(n)
            })
        })
        .collect();
    drop(pool); // shuts down and joins: every queued job has run when this returns
    assert_eq!(finished.load(Ordering::SeqCst), 6);
    for (n, fut) in futures.iter().enumerate() {
        assert!(matches!(fut.try_result(), Some(Ok(v)) if v == n));
    }
    let late = handle.submit(|_| Ok(0));
    assert!(matches!(late.try_result(), Some(Err(JobError::PoolShutDown))), "a late job fails at once, never hangs");
    handle.wait_until_idle(); // nothing in flight: returns at once
}

#[test]
fn a_failed_job_is_thrown_in_at_the_yield() {
    let pool = Pool::new(1, &quiet()).unwrap_or_else(|e| panic!("{e}"));
    let p = pool.handle();
    let (caught_tx, caught_rx) = mpsc::channel();
    let generator = Native::new(
        #[coroutine]
        move |_start: JobResult<Value>| {
            let sent = yield p.submit(|_| failing_add());
            let _ = caught_tx.send(sent.map_err(|e| e.downcast_ref::<AddError>().cloned()));
            Ok(())
        },
    );
    Task::run("gen", generator, OnPoolThreads::new(pool.handle())).unwrap_or_else(|e| panic!("{e}"));
    let caught = caught_rx.recv_timeout(Duration::from_secs(10)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(caught, Err(Some(AddError::Type("int", "str"))));
}

#[test]
fn native_tasks_move_to_pool_threads_and_stackful_tasks_stay_home() {
    let pool = Pool::new(1, &quiet()).unwrap_or_else(|e| panic!("{e}"));
    let home_thread = thread::current().id();

    // Native: each resume after the first happens on the pool thread that finished the job. The first job waits
    // until the Task has registered its callback: a job done before that would have its callback run at once, on
    // this thread (Python's rule too). Later jobs are submitted from a callback that keeps the one worker busy.
    let seen: Arc<Mutex<Vec<ThreadId>>> = Arc::default();
    let (p, record) = (pool.handle(), Arc::clone(&seen));
    let (go, mut gate) = {
        let (go, gate) = mpsc::channel::<()>();
        (go, Some(gate))
    };
    let native = Native::new(
        #[coroutine]
        move |_start: Value| {
            for _ in 0..3 {
                let gate = gate.take();
                yield p.submit(move |_| {
                    if let Some(gate) = gate {
                        let _ = gate.recv();
                    }
                    Ok(Value::None)
                });
                record.lock().unwrap_or_else(|e| e.into_inner()).push(thread::current().id());
            }
        },
    );
    let on_pool = OnPoolThreads::new(pool.handle());
    inline1::Task::new(native, on_pool.clone()).step(Value::None);
    let _ = go.send(());
    on_pool.finish().unwrap_or_else(|e| panic!("{e}"));
    let resumed_on = seen.lock().unwrap_or_else(|e| e.into_inner()).clone();
    assert_eq!(resumed_on.len(), 3);
    assert!(resumed_on.iter().all(|id| *id != home_thread), "native resumes run on the pool thread");

    // Stackful: every resume happens on the thread that owns the coroutine (this one).
    let seen: Arc<Mutex<Vec<ThreadId>>> = Arc::default();
    let (p, record) = (pool.handle(), Arc::clone(&seen));
    let stackful = Stackful::new(move |yielder: &Yielder<Value, PoolFuture<Value>>| {
        for _ in 0..3 {
            yielder.suspend(p.submit(|_| Ok(Value::None)));
            record.lock().unwrap_or_else(|e| e.into_inner()).push(thread::current().id());
        }
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let home = Home::current();
    inline1::Task::new(stackful, home.clone()).step(Value::None);
    home.finish().unwrap_or_else(|e| panic!("{e}"));
    let resumed_on = seen.lock().unwrap_or_else(|e| e.into_inner()).clone();
    assert_eq!(resumed_on, vec![home_thread; 3], "stackful resumes run on the home thread");
}

#[test]
fn inline_recursive_does_not_grow_the_stack() {
    // With 8 workers the ticks run on several threads, each with its own stack: every tick that ran on a thread
    // must have found that thread's stack at the same depth. Tick 0 is left out: its Task, started by `run`,
    // holds an unboxed generator, so its frames have other sizes than those of the Tasks that ticks start.
    for backend in Backend::ALL {
        let at: Arc<Mutex<Vec<(ThreadId, u64, usize)>>> = Arc::default();
        let record = Arc::clone(&at);
        let probe: inline_recursive::Probe = Arc::new(move |n| {
            record.lock().unwrap_or_else(|e| e.into_inner()).push((thread::current().id(), n, stack_address()));
        });
        let t = Transcript::capture(common::time_scale());
        inline_recursive::run_probed(&t, backend, 1_001, Some(probe)).unwrap_or_else(|e| panic!("{backend}: {e}"));
        let lines = t.lines();
        assert_eq!(lines.len(), 1_001, "{backend}");
        assert_eq!(lines.last().map(String::as_str), Some("Tick: 1000"), "{backend}");
        let mut at = at.lock().unwrap_or_else(|e| e.into_inner()).clone();
        assert_eq!(at.len(), 1_001, "{backend}: the probe saw every tick");
        at.retain(|&(_, n, _)| n > 0);
        // What recursion would look like: tick n nested in tick n-1, each a few hundred bytes deeper, so 1,000
        // ticks on at most 8 threads would spread over at least 125 frames on one thread. What the Task gives:
        // every tick in a fresh callback, at the same depth on its thread, give or take one level (the odd path
        // where a callback runs inside `add_done_callback` because its job was already done, as in Python).
        for (thread, _, _) in &at {
            let on_thread: Vec<_> = at.iter().filter(|(other, _, _)| other == thread).collect();
            let deepest = on_thread.iter().map(|&&(_, _, address)| address).min().unwrap_or_default();
            let shallowest = on_thread.iter().map(|&&(_, _, address)| address).max().unwrap_or_default();
            assert!(
                shallowest - deepest < MAX_SPREAD,
                "{backend}: {} ticks on one thread spread over {} bytes of stack: the stack grew with the ticks \
                 (at: {on_thread:?})",
                on_thread.len(),
                shallowest - deepest
            );
        }
    }
}

/// How far apart two ticks on one thread may be on its stack: two Task steps' worth, far below the 125 nested
/// ticks that recursion would need.
const MAX_SPREAD: usize = 16 * 1024;

#[test]
fn jobs_due_at_the_same_instant_finish_in_submission_order_each_with_its_callbacks() {
    // Job `first` computes for a while before it sleeps, so `second` falls asleep first, and on the wall clock
    // its sleep ends first. On the pool's clock both end at the same instant, and `first` was submitted first:
    // it wakes first, and its callback (slow too) is over before `second` wakes.
    let pool = Pool::new(8, &Transcript::capture(common::time_scale())).unwrap_or_else(|e| panic!("{e}"));
    let order: Arc<Mutex<Vec<&str>>> = Arc::default();
    let log = |what: &'static str| {
        let order = Arc::clone(&order);
        move || order.lock().unwrap_or_else(|e| e.into_inner()).push(what)
    };
    let (done, slept) = (log("first done"), log("first's callback"));
    let first = pool.submit(move |t| {
        thread::sleep(SLOW);
        t.sleep(Duration::from_secs(1))?;
        done();
        Ok(())
    });
    first.add_done_callback(move |_| {
        thread::sleep(SLOW);
        slept();
    });
    let done = log("second done");
    let second = pool.submit(move |t| {
        t.sleep(Duration::from_secs(1))?;
        done();
        Ok(())
    });
    assert!(matches!((first.result(), second.result()), (Ok(()), Ok(()))));
    pool.wait_until_idle();
    let order = order.lock().unwrap_or_else(|e| e.into_inner()).clone();
    assert_eq!(order, ["first done", "first's callback", "second done"]);
    assert_eq!(pool.handle().now(), Duration::from_secs(1), "both were due at the same instant");
}

/// The same check for the twins' pool (python/pool.py): the Python program below is the Rust test above.
const PYTHON_SAME_INSTANT: &str = r#"
import time
from frontier import sleep
from pool import ThreadPoolExecutor
pool = ThreadPoolExecutor(max_workers=8)
order = []
def first():
    time.sleep(0.05)
    sleep(1)
    order.append('first done')
def second():
    sleep(1)
    order.append('second done')
def slow_callback(fut):
    time.sleep(0.05)
    order.append("first's callback")
a = pool.submit(first)
a.add_done_callback(slow_callback)
b = pool.submit(second)
pool.wait_until_idle()
print(order, pool._now)
"#;

#[test]
fn the_twins_pool_finishes_jobs_due_at_the_same_instant_in_submission_order() {
    let python = std::process::Command::new("python3")
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/python"))
        .env(final_frontier::transcript::TIME_SCALE_ENV, common::TEST_TIME_SCALE.to_string())
        .args(["-c", PYTHON_SAME_INSTANT])
        .output();
    let output = match python {
        Ok(output) => output,
        Err(error) if std::env::var("FINAL_FRONTIER_SKIP_PYTHON").as_deref() == Ok("1") => {
            eprintln!("SKIPPED: cannot run python3 ({error}); FINAL_FRONTIER_SKIP_PYTHON=1");
            return;
        }
        Err(error) => panic!("cannot run python3 ({error}); FINAL_FRONTIER_SKIP_PYTHON=1 skips this knowingly"),
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(stdout, "['first done', \"first's callback\", 'second done'] 1.0\n");
}

#[test]
fn inline1s_two_tasks_overlap_on_eight_workers() {
    // inline1's shape: do_func(2, 3) and do_many(10) at once. Each line is stamped with the clock's instant: the
    // first two come together at 1 s, and the run ends at 10 s, not 11 (as on a one-worker pool).
    let t = Transcript::capture(common::time_scale());
    let started = std::time::Instant::now();
    let pool = Pool::new(8, &t).unwrap_or_else(|e| panic!("{e}"));
    let lines: Arc<Mutex<Vec<(i64, u64)>>> = Arc::default();
    let body = |mut n: i64, count: i64| {
        let (p, lines) = (pool.handle(), Arc::clone(&lines));
        Native::new(
            #[coroutine]
            move |_start: Value| {
                for _ in 0..count {
                    let result =
                        yield p.submit(final_frontier::concurrent::jobs::func(n, if count == 1 { 3 } else { n }));
                    let Value::Int(result) = result else { panic!("func returned {result}") };
                    lines.lock().unwrap_or_else(|e| e.into_inner()).push((result, p.now().as_secs()));
                    n -= 1;
                }
            },
        )
    };
    let on_pool = OnPoolThreads::new(pool.handle());
    inline1::Task::new(body(2, 1), on_pool.clone()).step(Value::None);
    inline1::Task::new(body(10, 10), on_pool.clone()).step(Value::None);
    on_pool.finish().unwrap_or_else(|e| panic!("{e}"));
    let lines = lines.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let expected: Vec<(i64, u64)> =
        [(5, 1)].into_iter().chain((1..=10).rev().map(|n| (2 * n, 11 - n as u64))).collect();
    assert_eq!(lines, expected, "(line, clock instant in seconds)");
    let job = t.time_scale().scale(Duration::from_secs(1));
    assert!(started.elapsed() >= 10 * job, "the clock runs in step with the wall clock, scaled");
}

#[test]
fn a_stopped_run_wakes_the_jobs_asleep_on_the_clock() {
    let t = Transcript::capture(TimeScale::REAL);
    let pool = Pool::new(8, &t).unwrap_or_else(|e| panic!("{e}"));
    let futures: Vec<_> =
        (0..3).map(|_| pool.submit(final_frontier::concurrent::jobs::sleep(Duration::from_secs(600)))).collect();
    thread::sleep(SLOW);
    let started = std::time::Instant::now();
    t.stop(Stopped::Interrupted);
    for fut in futures {
        assert!(matches!(fut.result(), Err(JobError::Stopped(Stopped::Interrupted))));
    }
    assert!(started.elapsed() < Duration::from_secs(5), "the sleepers noticed the stop");
    drop(pool); // joins: no worker is left asleep
}

#[test]
fn the_tour_finishes_although_samples_print_from_pool_threads() {
    // The tour once held the stdout lock while samples ran; a transcript line written from a pool thread then
    // waited for that lock while the main thread waited for the pool: a deadlock. Run the real binary, bounded.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_final-frontier"))
        .args(["--time-scale", "0.01"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start final-frontier: {e}"));
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                assert!(status.success(), "the tour failed: {status}");
                return;
            }
            Ok(None) if std::time::Instant::now() < deadline => thread::sleep(Duration::from_millis(50)),
            Ok(None) => {
                let _ = child.kill();
                panic!("the tour did not finish within 120 s: deadlocked?");
            }
            Err(error) => panic!("cannot wait for the tour: {error}"),
        }
    }
}

#[test]
fn a_job_that_panics_fails_the_run_on_every_thread_story() {
    // inline1's Task cannot deliver a failed job (Python logs it and exits 0); the runner keeps it as uncaught,
    // and `finish` fails with it, so the sample exits 1.
    let pool = Pool::new(1, &quiet()).unwrap_or_else(|e| panic!("{e}"));
    let body = |p: final_frontier::concurrent::pool::PoolHandle| {
        Native::new(
            #[coroutine]
            move |_start: Value| {
                yield p.submit(|_| -> JobResult<Value> { panic!("a job went wrong") });
            },
        )
    };
    let on_pool = OnPoolThreads::new(pool.handle());
    inline1::Task::new(body(pool.handle()), on_pool.clone()).step(Value::None);
    let error = on_pool.finish().err().map(|e| e.to_string());
    assert_eq!(error.as_deref(), Some("the job panicked: a job went wrong"));

    let home = Home::current();
    inline1::Task::new(body(pool.handle()), home.clone()).step(Value::None);
    let error = home.finish().err().map(|e| e.to_string());
    assert_eq!(error.as_deref(), Some("the job panicked: a job went wrong"));
}

/// A Task is one object on the heap that the future it waits on holds as its callback, as in Python: a step
/// allocates what the future itself needs (its shared slot, its list of callbacks) and nothing for the Task.
/// (It used to box the whole Task into a new closure at every step.) The Task and the limit are the `futures`
/// bench's.
#[test]
fn a_task_step_allocates_no_more_than_a_bare_future_given_a_callback() {
    const STEPS: u64 = 100;
    let bare = allocation_counter::measure(|| (0..STEPS).for_each(|_| bench_bodies::callback_step())).count_total;
    let pool = Pool::new(1, &Transcript::capture(TimeScale::REAL)).expect("a pool thread");
    let home = bench_bodies::start_parked_task(Backend::Native, &pool).expect("a native Task needs no stack");
    assert!(home.is_none(), "a native Task is woken on the pool's terms, not through a home");
    bench_bodies::complete(); // the first step's future, made before counting
    let steps = allocation_counter::measure(|| (0..STEPS).for_each(|_| bench_bodies::complete())).count_total;
    assert!(bare >= STEPS, "a future allocates its shared slot: {bare} allocations for {STEPS}");
    assert_eq!(steps, bare, "{STEPS} Task steps made {steps} allocations, {STEPS} bare futures {bare}");
}
