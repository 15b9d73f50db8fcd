//! Part 6 behaviour: the registry's typed errors (unknown name, finished actor, re-entry) on every backend,
//! actor3's flat stack over a million messages, and tactor's shutdown: every thread joined, on every exit path.

#![feature(coroutines)]

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::{self, ThreadId};

use final_frontier::backend::Backend;
use final_frontier::backend::native::Native;
use final_frontier::backend::stackful::{Stackful, Yielder};
use final_frontier::backend::stackless::{RcCo, Stackless};
use final_frontier::generator::GeneratorExt;
use final_frontier::part6_actors::tactor::{Mailboxes, ThreadActors};
use final_frontier::part6_actors::{
    ActorError, ActorGen, Actors, Delivery, Registry, RegistryHandle, actor2, actor3, pingpong, tactor,
};
use final_frontier::transcript::Transcript;

fn capture() -> Transcript {
    Transcript::capture(common::time_scale())
}

/// The ping-pong registry of actor2 (`Direct`) or actor3 (`Queued`), with the sample's own bodies.
fn ping_pong(backend: Backend, delivery: Delivery, t: &Transcript) -> Registry<u64> {
    let registry = Registry::new(delivery);
    let ping = pingpong::ping(backend, t, &registry.handle()).unwrap_or_else(|e| panic!("{e}"));
    let pong = pingpong::pong(backend, t, &registry.handle()).unwrap_or_else(|e| panic!("{e}"));
    registry.spawn("ping", ping).unwrap_or_else(|e| panic!("{e}"));
    registry.spawn("pong", pong).unwrap_or_else(|e| panic!("{e}"));
    registry
}

/// Where the calling thread's stack is now: the address of a local in a fresh frame (stacks grow down, so a
/// deeper call chain gives a smaller number). The idea of part 3's `stack_address`, kept local to this test.
#[inline(never)]
fn stack_address() -> usize {
    let local = 0_u8;
    std::hint::black_box(&local) as *const u8 as usize
}

/// Message numbers at which [`counter`] records the runner's stack address.
type Probe = Arc<Mutex<Vec<(u64, usize)>>>;

fn record(probe: &Probe, at: &[u64], n: u64) {
    if at.contains(&n) {
        probe.lock().unwrap_or_else(PoisonError::into_inner).push((n, stack_address()));
    }
}

/// A ping-pong player that prints nothing: it records the stack address of whoever resumed it at the message
/// numbers in `at` (on the stackful backend, on the parent stack, the runner's), and sends `n + 1` to `other`.
fn counter(
    backend: Backend,
    actors: &RegistryHandle<u64>,
    other: &'static str,
    probe: &Probe,
    at: &'static [u64],
) -> ActorGen<u64> {
    let (actors, probe) = (actors.clone(), Arc::clone(probe));
    match backend {
        Backend::Native => Native::new(
            #[coroutine]
            move |_start: u64| -> Result<(), ActorError> {
                loop {
                    let n = yield;
                    record(&probe, at, n);
                    actors.send(other, n + 1)?;
                }
            },
        )
        .boxed(),
        Backend::Stackless => Stackless::rc(move |co: RcCo<(), u64>| async move {
            loop {
                let n = co.yield_(()).await;
                record(&probe, at, n);
                actors.send(other, n + 1)?;
            }
        })
        .boxed(),
        Backend::Stackful => Stackful::new(move |yielder: &Yielder<u64, ()>| -> Result<(), ActorError> {
            loop {
                let n = yielder.suspend(());
                if at.contains(&n) {
                    yielder.on_parent_stack(|| record(&probe, at, n));
                }
                actors.send(other, n + 1)?;
            }
        })
        .map(|generator| generator.boxed())
        .unwrap_or_else(|e| panic!("{e}")),
    }
}

/// An actor that takes `messages` messages and then returns: it finishes.
fn finite(backend: Backend, messages: u64) -> ActorGen<u64> {
    match backend {
        Backend::Native => Native::new(
            #[coroutine]
            move |_start: u64| -> Result<(), ActorError> {
                for _ in 0..messages {
                    let _ = yield;
                }
                Ok(())
            },
        )
        .boxed(),
        Backend::Stackless => Stackless::rc(move |co: RcCo<(), u64>| async move {
            for _ in 0..messages {
                co.yield_(()).await;
            }
            Ok(())
        })
        .boxed(),
        Backend::Stackful => Stackful::new(move |yielder: &Yielder<u64, ()>| -> Result<(), ActorError> {
            for _ in 0..messages {
                yielder.suspend(());
            }
            Ok(())
        })
        .map(|generator| generator.boxed())
        .unwrap_or_else(|e| panic!("{e}")),
    }
}

#[test]
fn reentry_is_a_typed_error_on_every_backend_and_leaves_both_actors_finished() {
    for backend in Backend::ALL {
        let t = capture();
        let registry = ping_pong(backend, Delivery::Direct, &t);
        match registry.send("ping", 0) {
            Err(ActorError::AlreadyExecuting { name }) => assert_eq!(name, "ping", "{backend}"),
            other => panic!("{backend}: expected the re-entry error, got {other:?}"),
        }
        assert_eq!(t.lines(), ["ping 0", "pong 1"], "{backend}");
        // The error came out of pong, then out of ping, as Python's exception does: both generators are done.
        for name in ["ping", "pong"] {
            match registry.send(name, 7) {
                Err(ActorError::Finished { name: finished }) => assert_eq!(finished, name, "{backend}"),
                other => panic!("{backend}: a message to finished {name} gave {other:?}"),
            }
        }
        assert_eq!(t.lines().len(), 2, "{backend}: a finished actor must not run");
    }
}

#[test]
fn actor2_prints_the_error_as_its_last_line_and_fails_with_it() {
    for backend in Backend::ALL {
        let t = capture();
        match actor2::run(&t, backend) {
            Err(ActorError::AlreadyExecuting { name }) => assert_eq!(name, "ping", "{backend}"),
            other => panic!("{backend}: expected the re-entry error, got {other:?}"),
        }
        assert_eq!(t.lines(), ["ping 0", "pong 1", "ValueError: generator already executing"], "{backend}");
    }
}

#[test]
fn an_unknown_name_is_a_typed_error_in_every_registry() {
    for delivery in [Delivery::Direct, Delivery::Queued] {
        let t = capture();
        let registry = ping_pong(Backend::Native, delivery, &t);
        match registry.send("pang", 0) {
            Err(error @ ActorError::Unknown { .. }) => {
                assert_eq!(error.to_string(), "no actor named 'pang' (registered: ping, pong)", "{delivery:?}")
            }
            other => panic!("{delivery:?}: expected Unknown, got {other:?}"),
        }
        assert_eq!(registry.queued(), 0, "{delivery:?}: nothing was queued");
    }
    let mut actors = ThreadActors::<u64>::new(10);
    let on_thread = capture();
    let sent = actors.spawn("ping", move |m| pingpong::ping(Backend::Native, &on_thread, &m)).map(|()| {
        // An actor sending to a name nobody registered: the error comes out of the actor, and then out of join.
        actors.send("ping", 0)
    });
    assert!(matches!(sent, Ok(Ok(()))), "{sent:?}");
    match actors.join() {
        Err(ActorError::Unknown { name, registered }) => {
            assert_eq!((name.as_str(), registered.as_str()), ("pong", "ping"))
        }
        other => panic!("tactor: expected Unknown from ping's send, got {other:?}"),
    }
}

#[test]
fn a_message_to_a_finished_actor_is_a_typed_error_on_every_backend() {
    for backend in Backend::ALL {
        for delivery in [Delivery::Direct, Delivery::Queued] {
            let registry = Registry::new(delivery);
            registry.spawn("once", finite(backend, 1)).unwrap_or_else(|e| panic!("{e}"));
            registry.send("once", 1).unwrap_or_else(|e| panic!("{backend} {delivery:?}: {e}"));
            if delivery == Delivery::Queued {
                // Queued: the message is accepted, and the delivery finishes the actor.
                assert_eq!(registry.run(u64::MAX).ok(), Some(1), "{backend}");
            }
            match registry.send("once", 2) {
                Err(error @ ActorError::Finished { .. }) => {
                    assert_eq!(error.to_string(), "actor 'once' has finished and takes no more messages")
                }
                other => panic!("{backend} {delivery:?}: expected Finished, got {other:?}"),
            }
        }
        // Queued twice before it runs: the second message finds the actor finished when it is delivered.
        let registry = Registry::new(Delivery::Queued);
        registry.spawn("once", finite(backend, 1)).unwrap_or_else(|e| panic!("{e}"));
        assert!(registry.send("once", 1).is_ok() && registry.send("once", 2).is_ok());
        assert!(matches!(registry.run(u64::MAX), Err(ActorError::Finished { .. })), "{backend}");

        // tactor: the actor's thread has ended, so its mailbox refuses the message.
        let mut actors = ThreadActors::<u64>::new(u64::MAX);
        let spawned = actors.spawn("once", move |_| Ok(finite(backend, 1)));
        assert!(spawned.is_ok(), "{spawned:?}");
        assert!(actors.send("once", 1).is_ok(), "{backend}");
        let mut refused = None;
        for _ in 0..1000 {
            match actors.send("once", 2) {
                Ok(()) => thread::sleep(std::time::Duration::from_millis(1)), // not yet finished: discarded
                Err(error) => {
                    refused = Some(error);
                    break;
                }
            }
        }
        assert!(matches!(refused, Some(ActorError::Finished { .. })), "{backend}: {refused:?}");
        assert!(actors.join().is_ok(), "{backend}");
    }
}

#[test]
fn a_handle_that_writes_to_several_actors_reaches_each_one() {
    // Each handle remembers its last lookup; a body that alternates between names must still reach the right one,
    // and a name that was unknown at first is found once it is registered.
    for delivery in [Delivery::Direct, Delivery::Queued] {
        let t = capture();
        let registry = Registry::new(delivery);
        let handle = registry.handle();
        let say = t.clone();
        let router = Native::new(
            #[coroutine]
            move |_start: u64| -> Result<(), ActorError> {
                loop {
                    let n: u64 = yield;
                    let to = if n.is_multiple_of(2) { "even" } else { "odd" };
                    match handle.send(to, n) {
                        Ok(()) => {}
                        Err(error) => say.line(format!("router: {error}")),
                    }
                }
            },
        );
        registry.spawn("router", router.boxed()).unwrap_or_else(|e| panic!("{e}"));
        registry.send("router", 0).unwrap_or_else(|e| panic!("{e}"));
        for name in ["even", "odd"] {
            let say = t.clone();
            let printer = Native::new(
                #[coroutine]
                move |_start: u64| -> Result<(), ActorError> {
                    loop {
                        let n: u64 = yield;
                        say.line(format!("{name}: {n}"));
                    }
                },
            );
            registry.spawn(name, printer.boxed()).unwrap_or_else(|e| panic!("{e}"));
        }
        for n in 1..=4 {
            registry.send("router", n).unwrap_or_else(|e| panic!("{e}"));
        }
        registry.run(u64::MAX).unwrap_or_else(|e| panic!("{e}"));
        // Direct: message 0 reached the router before "even" existed. Queued: it waited until `run`.
        let first = match delivery {
            Delivery::Direct => "router: no actor named 'even' (registered: router)",
            Delivery::Queued => "even: 0",
        };
        assert_eq!(t.lines(), [first, "odd: 1", "even: 2", "odd: 3", "even: 4"], "{delivery:?}");
    }
}

#[test]
fn registering_is_checked() {
    let registry = Registry::new(Delivery::Direct);
    assert!(registry.spawn("once", finite(Backend::Native, 1)).is_ok());
    assert!(matches!(registry.spawn("once", finite(Backend::Native, 1)), Err(ActorError::Duplicate { .. })));
    assert!(matches!(registry.spawn("never", finite(Backend::Native, 0)), Err(ActorError::NeverYielded { .. })));
    assert!(matches!(registry.send("never", 1), Err(ActorError::Unknown { .. })));
}

#[test]
fn dropping_the_registry_closes_every_actor() {
    struct Closed(Arc<AtomicUsize>);
    impl Drop for Closed {
        fn drop(&mut self) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }
    let closed = Arc::new(AtomicUsize::new(0));
    {
        let registry = Registry::<u64>::new(Delivery::Queued);
        for (backend, name) in Backend::ALL.into_iter().zip(["native", "stackless", "stackful"]) {
            let guard = Closed(Arc::clone(&closed));
            // Each body holds a handle to the registry that holds it: only the owner's drop breaks that cycle.
            let handle = registry.handle();
            let body: ActorGen<u64> = match backend {
                Backend::Native => Native::new(
                    #[coroutine]
                    move |_start: u64| -> Result<(), ActorError> {
                        let _guard = guard;
                        loop {
                            let n = yield;
                            handle.send("native", n)?;
                        }
                    },
                )
                .boxed(),
                Backend::Stackless => Stackless::rc(move |co: RcCo<(), u64>| async move {
                    let _guard = guard;
                    loop {
                        let n = co.yield_(()).await;
                        handle.send("native", n)?;
                    }
                })
                .boxed(),
                Backend::Stackful => Stackful::new(move |yielder: &Yielder<u64, ()>| -> Result<(), ActorError> {
                    let _guard = guard;
                    loop {
                        let n = yielder.suspend(());
                        handle.send("native", n)?;
                    }
                })
                .map(|generator| generator.boxed())
                .unwrap_or_else(|e| panic!("{e}")),
            };
            registry.spawn(name, body).unwrap_or_else(|e| panic!("{e}"));
        }
        assert!(registry.send("stackful", 1).is_ok());
        assert_eq!(closed.load(Ordering::SeqCst), 0);
    }
    assert_eq!(closed.load(Ordering::SeqCst), 3, "every suspended actor was dropped with its registry");
}

#[test]
fn actor3_runs_a_million_messages_on_a_flat_stack() {
    const MESSAGES: u64 = 1_000_000;
    const AT: &[u64] = &[10, MESSAGES - 1];
    for backend in Backend::ALL {
        let probe = Probe::default();
        let registry = Registry::new(Delivery::Queued);
        for (me, other) in [("ping", "pong"), ("pong", "ping")] {
            let actor = counter(backend, &registry.handle(), other, &probe, AT);
            registry.spawn(me, actor).unwrap_or_else(|e| panic!("{e}"));
        }
        registry.send("ping", 0).unwrap_or_else(|e| panic!("{e}"));
        let started = std::time::Instant::now();
        let delivered = registry.run(MESSAGES).unwrap_or_else(|e| panic!("{backend}: {e}"));
        eprintln!("{backend}: {MESSAGES} messages in {:?}", started.elapsed());
        assert_eq!(delivered, MESSAGES, "{backend}");
        assert_eq!(registry.queued(), 1, "{backend}: one message in flight, never more");
        let probed = probe.lock().unwrap_or_else(PoisonError::into_inner).clone();
        match probed.as_slice() {
            [(10, early), (last, late)] if *last == MESSAGES - 1 => assert_eq!(
                early, late,
                "{backend}: message 10 was delivered at stack address {early:#x}, message {last} at {late:#x}"
            ),
            other => panic!("{backend}: probe saw {other:?}"),
        }
    }
}

#[test]
fn actor3_count_is_the_number_of_messages_delivered() {
    for (count, last) in [(0, None), (1, Some("ping 0")), (2, Some("pong 1")), (7, Some("ping 6"))] {
        let t = capture();
        actor3::run(&t, Backend::Stackless, count).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.lines().len() as u64, count);
        assert_eq!(t.lines().last().map(String::as_str), last);
    }
}

#[test]
fn tactor_builds_each_actor_on_its_own_thread_and_joins_every_thread() {
    for backend in Backend::ALL {
        let built_on: Arc<Mutex<Vec<ThreadId>>> = Arc::default();
        let dropped = Arc::new(AtomicUsize::new(0));
        let t = capture();
        let mut actors = ThreadActors::new(1_000);
        for name in ["ping", "pong"] {
            let (t, built_on, dropped) = (t.clone(), Arc::clone(&built_on), Arc::clone(&dropped));
            let recipe = move |mailboxes: Mailboxes<u64>| {
                built_on.lock().unwrap_or_else(PoisonError::into_inner).push(thread::current().id());
                let actor = match name {
                    "ping" => pingpong::ping(backend, &t, &mailboxes),
                    _ => pingpong::pong(backend, &t, &mailboxes),
                }?;
                Ok(on_drop(actor, move || dropped.fetch_add(1, Ordering::SeqCst)))
            };
            actors.spawn(name, recipe).unwrap_or_else(|e| panic!("{e}"));
        }
        actors.send("ping", 0).unwrap_or_else(|e| panic!("{e}"));
        actors.join().unwrap_or_else(|e| panic!("{backend}: {e}"));
        // join returned: every thread has ended, and each dropped its generator on the way out.
        assert_eq!(dropped.load(Ordering::SeqCst), 2, "{backend}");
        let built_on = built_on.lock().unwrap_or_else(PoisonError::into_inner).clone();
        assert_eq!(built_on.len(), 2, "{backend}");
        assert!(built_on[0] != built_on[1] && !built_on.contains(&thread::current().id()), "{backend}");
        let lines = t.lines();
        assert_eq!(lines.len(), 1_000, "{backend}");
        assert_eq!(lines.last().map(String::as_str), Some("pong 999"), "{backend}");
        assert!(lines.iter().enumerate().all(|(k, line)| line.ends_with(&format!(" {k}"))), "{backend}: order");
    }
}

#[test]
fn tactor_primes_before_spawn_returns_and_a_failed_priming_registers_nothing() {
    for backend in Backend::ALL {
        // Python primes on the calling thread: `ping()` raises there, and no Actor is made.
        let mut actors = ThreadActors::<u64>::new(u64::MAX);
        match actors.spawn("never", move |_| Ok(finite(backend, 0))) {
            Err(ActorError::NeverYielded { name }) => assert_eq!(name, "never", "{backend}"),
            other => panic!("{backend}: expected NeverYielded from spawn, got {other:?}"),
        }
        assert!(matches!(actors.send("never", 1), Err(ActorError::Unknown { .. })), "{backend}: registered anyway");
        assert!(actors.spawn("never", move |_| Ok(finite(backend, 1))).is_ok(), "{backend}: the name is free again");
        assert!(actors.join().is_ok(), "{backend}");
    }
}

#[test]
fn tactor_decorator_id_names_the_actor() {
    // The decorator's `id=`: a ping registered as "pong" sends to itself, through its own mailbox.
    let t = capture();
    let mut actors = ThreadActors::new(3);
    tactor::ping(&mut actors, Backend::Native, &t, Some("pong")).unwrap_or_else(|e| panic!("{e}"));
    actors.send("pong", 0).unwrap_or_else(|e| panic!("{e}"));
    actors.join().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(t.lines(), ["ping 0", "ping 1", "ping 2"]);
}

#[test]
fn tactor_transcript_equals_actor3s_for_the_same_count() {
    for backend in Backend::ALL {
        let (threads, queue) = (capture(), capture());
        tactor::run(&threads, backend, 31).unwrap_or_else(|e| panic!("{e}"));
        actor3::run(&queue, backend, 31).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(threads.lines(), queue.lines(), "{backend}");
        assert_eq!(threads.lines().last().map(String::as_str), Some("ping 30"));
    }
}

#[test]
fn tactor_stops_without_messages_and_after_a_failure_or_a_panic() {
    // Nothing sent: join closes the mailboxes at once.
    let mut actors = ThreadActors::<u64>::new(u64::MAX);
    let spawned = actors.spawn("idle", |_| Ok(finite(Backend::Stackful, 5)));
    assert!(spawned.is_ok() && actors.join().is_ok());

    // --count 0: the first message is not delivered, and the threads still end.
    let t = capture();
    assert!(tactor::run(&t, Backend::Native, 0).is_ok());
    assert!(t.lines().is_empty());

    // A body that panics: its thread's messages are released, the other thread is stopped, join reports it.
    let mut actors = ThreadActors::<u64>::new(u64::MAX);
    let t = capture();
    let spawned = actors.spawn("ping", move |m| pingpong::ping(Backend::Native, &t, &m)).and_then(|()| {
        actors.spawn("pong", |_| {
            let actor = Native::new(
                #[coroutine]
                |_start: u64| -> Result<(), ActorError> {
                    let _ = yield;
                    panic!("pong's body has a bug (this panic is part of the test)");
                },
            );
            Ok(actor.boxed())
        })
    });
    assert!(spawned.is_ok(), "{spawned:?}");
    assert!(actors.send("ping", 0).is_ok());
    match actors.join() {
        Err(ActorError::Panicked { name }) => assert_eq!(name, "pong"),
        other => panic!("expected pong's panic, got {other:?}"),
    }

    // A duplicate name is refused before a thread starts.
    let mut actors = ThreadActors::<u64>::new(1);
    assert!(actors.spawn("once", |_| Ok(finite(Backend::Native, 1))).is_ok());
    assert!(matches!(actors.spawn("once", |_| Ok(finite(Backend::Native, 1))), Err(ActorError::Duplicate { .. })));
}

/// Wraps an actor so that `then` runs when the generator is dropped (on the thread that drops it).
fn on_drop(actor: ActorGen<u64>, then: impl FnOnce() -> usize + 'static) -> ActorGen<u64> {
    struct Then<F: FnOnce() -> usize>(Option<F>);
    impl<F: FnOnce() -> usize> Drop for Then<F> {
        fn drop(&mut self) {
            if let Some(then) = self.0.take() {
                then();
            }
        }
    }
    let guard = Then(Some(then));
    Native::new(
        #[coroutine]
        move |_start: u64| -> Result<(), ActorError> {
            let _guard = guard;
            // Prime the inner actor, then forward every message to it.
            final_frontier::yield_from!(actor, 0)
        },
    )
    .boxed()
}

#[test]
fn the_cli_runs_the_actor_samples_as_the_lead_checks_them() {
    let run_with = |args: &[&str], code: i32| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_final-frontier")).args(args).output();
        let output = output.unwrap_or_else(|e| panic!("cannot run final-frontier: {e}"));
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert_eq!(output.status.code(), Some(code), "{args:?}: {stderr}\n{stdout}");
        (stdout, stderr)
    };
    let run = |args: &[&str]| run_with(args, 0).0;
    // actor2 dies of its error, as the original: the error is its last line, and the exit status is 1.
    for backend in ["native", "stackless", "stackful"] {
        let (actor2, stderr) = run_with(&["run", "actor2", "--backend", backend], 1);
        assert_eq!(actor2, "ping 0\npong 1\nValueError: generator already executing\n");
        assert!(stderr.contains(&format!("error: actor2 on {backend} failed")), "{stderr}");
    }
    let (all, _) = run_with(&["run", "actor2"], 1);
    let failed = all.matches("ValueError: generator already executing\n").count();
    assert_eq!(failed, 3, "every backend fails, as meant: {all}");
    for sample in ["tactor", "actor3"] {
        let all = run(&["run", sample, "--count", "1000", "--backend", "all"]);
        let blocks: Vec<&str> = all.split(&format!("==== {sample}.py on ")).skip(1).collect();
        assert_eq!(blocks.len(), 3, "{all}");
        for block in blocks {
            assert_eq!(block.lines().count(), 1 + 1000, "{sample}");
            assert_eq!(block.lines().last(), Some("pong 999"), "{sample}");
        }
    }
}
