//! The facts the README's backend comparison table states, each pinned by an assertion, so the table cannot
//! drift from the libraries: first resume, drop while suspended, panics, `Send`, sizes and allocations.
//!
//! The sizes and allocation counts are also printed (`cargo test --test backend_facts -- --nocapture`).
//! Allocations are counted per thread by `allocation-counter`'s global allocator, so the counts do not depend on
//! what the other tests of this binary do at the same time.

#![feature(coroutines, coroutine_trait)]

/// The bodies the benches measure, so the counts below describe what `benches/create.rs` times.
#[path = "../benches/common/mod.rs"]
mod bodies;

use std::mem::size_of_val;
use std::ops::{Coroutine, CoroutineState};
use std::panic::{self, AssertUnwindSafe};
use std::pin::pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use bodies::{native, stackful_body, stackless_rc, stackless_sync};
use corosensei::CoroutineResult;
use final_frontier::backend::native::Native;
use final_frontier::backend::stackful::{self, STACK_SIZE, Stackful, Yielder};
use final_frontier::backend::stackless::{RcCo, Stackless, SyncCo};
use final_frontier::generator::{BoxGen, Generator, GeneratorExt, Step};

/// Python's `finally`: sets its flag when dropped.
struct Guard(Arc<AtomicBool>);

impl Drop for Guard {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// A guard and the flag it sets.
fn guard() -> (Guard, Arc<AtomicBool>) {
    let flag = Arc::new(AtomicBool::new(false));
    (Guard(Arc::clone(&flag)), flag)
}

fn stackful<S: 'static, Y: 'static, R: 'static>(body: impl FnOnce(&Yielder<S, Y>) -> R + 'static) -> Stackful<S, Y, R> {
    match Stackful::new(body) {
        Ok(generator) => generator,
        Err(error) => panic!("{error}"),
    }
}

fn stack() -> corosensei::stack::DefaultStack {
    match stackful::fresh_stack(STACK_SIZE) {
        Ok(stack) => stack,
        Err(error) => panic!("{error}"),
    }
}

// ---------------------------------------------------------------------------------------------------------------
// (a) The first resume value is not seen by the body.
// ---------------------------------------------------------------------------------------------------------------

/// A generator of any backend that returns the values it received.
type Recorder = BoxGen<'static, u64, u64, Vec<u64>>;

/// A body that yields 0 and 1 and returns every value it received. Resumed with 111, 222, 333, it returns
/// `[222, 333]` if the first resume value (111) never reaches it.
fn recorders() -> Vec<(&'static str, Recorder)> {
    vec![
        (
            "native",
            // The native convention: the first resume value is bound to the closure parameter, which our bodies
            // name `_start` and never read. The compiler cannot enforce it; this body follows it.
            Native::new(
                #[coroutine]
                |_start: u64| {
                    let first = yield 0;
                    let second = yield 1;
                    vec![first, second]
                },
            )
            .boxed(),
        ),
        (
            "stackless_rc",
            Stackless::rc(|co: RcCo<u64, u64>| async move {
                let first = co.yield_(0).await;
                let second = co.yield_(1).await;
                vec![first, second]
            })
            .boxed(),
        ),
        (
            "stackless_sync",
            Stackless::sync(|co: SyncCo<u64, u64>| async move {
                let first = co.yield_(0).await;
                let second = co.yield_(1).await;
                vec![first, second]
            })
            .boxed(),
        ),
        (
            "stackful",
            stackful(|yielder: &Yielder<u64, u64>| {
                let first = yielder.suspend(0);
                let second = yielder.suspend(1);
                vec![first, second]
            })
            .boxed(),
        ),
    ]
}

#[test]
fn first_resume_value_is_not_seen_by_the_body_on_any_backend() {
    for (backend, mut generator) in recorders() {
        assert_eq!(generator.resume(111), Step::Yield(0), "{backend}");
        assert_eq!(generator.resume(222), Step::Yield(1), "{backend}");
        assert_eq!(generator.resume(333), Step::Return(vec![222, 333]), "{backend}");
    }
}

/// A bare nightly coroutine that yields its start argument.
fn echo_start() -> impl Coroutine<u64, Yield = u64, Return = ()> {
    #[coroutine]
    |start: u64| {
        yield start;
    }
}

/// What the adapters hide: native and raw corosensei hand the first resume value to the body.
#[test]
fn native_and_raw_corosensei_pass_the_first_resume_value_to_the_body() {
    let mut native = pin!(echo_start());
    assert!(matches!(native.as_mut().resume(111), CoroutineState::Yielded(111)));

    let mut raw = corosensei::Coroutine::with_stack(stack(), |yielder: &Yielder<u64, u64>, start: u64| {
        yielder.suspend(start);
    });
    assert!(matches!(raw.resume(111), CoroutineResult::Yield(111)));
    raw.force_unwind();
}

// ---------------------------------------------------------------------------------------------------------------
// (b) Dropping a suspended generator runs the destructors of its live locals (Python's close()).
// ---------------------------------------------------------------------------------------------------------------

/// A body holding a guard across its one `yield`, per backend.
fn guarded(backend: &str, guard: Guard) -> BoxGen<'static, (), u64, ()> {
    match backend {
        "native" => Native::new(
            #[coroutine]
            move |_start: ()| {
                let _finally = guard;
                yield 1;
            },
        )
        .boxed(),
        "stackless_rc" => Stackless::rc(move |co: RcCo<u64, ()>| async move {
            let _finally = guard;
            co.yield_(1).await;
        })
        .boxed(),
        "stackless_sync" => Stackless::sync(move |co: SyncCo<u64, ()>| async move {
            let _finally = guard;
            co.yield_(1).await;
        })
        .boxed(),
        "stackful" => stackful(move |yielder: &Yielder<(), u64>| {
            let _finally = guard;
            yielder.suspend(1);
        })
        .boxed(),
        other => unreachable!("no backend {other}"),
    }
}

const BACKENDS: [&str; 4] = ["native", "stackless_rc", "stackless_sync", "stackful"];

#[test]
fn dropping_a_suspended_generator_runs_destructors_of_live_locals_on_every_backend() {
    for backend in BACKENDS {
        let (guard, finally_ran) = guard();
        let mut generator = guarded(backend, guard);
        assert_eq!(generator.resume(()), Step::Yield(1), "{backend}");
        assert!(!finally_ran.load(Ordering::SeqCst), "{backend}: the guard is live while suspended");
        drop(generator);
        assert!(finally_ran.load(Ordering::SeqCst), "{backend}: drop while suspended ran the guard's Drop");
    }
}

// ---------------------------------------------------------------------------------------------------------------
// (c) A panic in a body reaches the caller of resume; the generator is then dead but safe to drop.
// ---------------------------------------------------------------------------------------------------------------

/// A body that holds a guard, yields once, then panics.
fn panicking(backend: &str, guard: Guard) -> BoxGen<'static, (), u64, ()> {
    match backend {
        "native" => Native::new(
            #[coroutine]
            move |_start: ()| {
                let _finally = guard;
                yield 1;
                panic!("boom in the body");
            },
        )
        .boxed(),
        "stackless_rc" => Stackless::rc(move |co: RcCo<u64, ()>| async move {
            let _finally = guard;
            co.yield_(1).await;
            panic!("boom in the body");
        })
        .boxed(),
        "stackless_sync" => Stackless::sync(move |co: SyncCo<u64, ()>| async move {
            let _finally = guard;
            co.yield_(1).await;
            panic!("boom in the body");
        })
        .boxed(),
        "stackful" => stackful(move |yielder: &Yielder<(), u64>| {
            let _finally = guard;
            yielder.suspend(1);
            panic!("boom in the body");
        })
        .boxed(),
        other => unreachable!("no backend {other}"),
    }
}

#[test]
fn a_panic_in_the_body_propagates_to_the_caller_of_resume_on_every_backend() {
    for backend in BACKENDS {
        let (guard, finally_ran) = guard();
        let mut generator = panicking(backend, guard);
        assert_eq!(generator.resume(()), Step::Yield(1), "{backend}");

        let payload = match panic::catch_unwind(AssertUnwindSafe(|| generator.resume(()))) {
            Ok(step) => panic!("{backend}: resume returned {step:?} instead of panicking"),
            Err(payload) => payload,
        };
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"boom in the body"), "{backend}: the body's payload");
        assert!(finally_ran.load(Ordering::SeqCst), "{backend}: the panic unwound the body's locals");

        // The generator is dead: resuming it again panics (each library with its own message)...
        assert!(panic::catch_unwind(AssertUnwindSafe(|| generator.resume(()))).is_err(), "{backend}");
        // ...and dropping it is fine.
        drop(generator);
    }
}

// ---------------------------------------------------------------------------------------------------------------
// (d) Send. The negative facts (genawaiter rc, corosensei, native holding an Rc across a yield) are
// `compile_fail` doc tests in src/backend/mod.rs.
// ---------------------------------------------------------------------------------------------------------------

fn assert_send<T: Send>(_: &T) {}

#[test]
fn native_with_send_locals_and_stackless_sync_are_send() {
    let native = Native::new(
        #[coroutine]
        |_start: ()| {
            let name = String::from("live across the yield");
            let count = 3u64;
            yield name.len() as u64;
            count
        },
    );
    assert_send(&native);
    assert_send(&native.boxed_send());

    let sync = Stackless::sync(|co: SyncCo<u64, ()>| async move {
        let name = String::from("live across the yield");
        co.yield_(name.len() as u64).await;
    });
    assert_send(&sync);
    assert_send(&sync.boxed_send());
}

// ---------------------------------------------------------------------------------------------------------------
// (e) Sizes of the adapter types, for a body with three u64 locals live across its yield.
// ---------------------------------------------------------------------------------------------------------------

#[test]
fn sizes_of_the_adapter_types() {
    let native = Native::new(
        #[coroutine]
        |_start: u64| {
            let (a, b, c) = (1u64, 2u64, 3u64);
            let sent = yield a;
            a + b + c + sent
        },
    );
    let boxed: BoxGen<'static, u64, u64, u64> = Native::new(
        #[coroutine]
        |_start: u64| yield 1,
    )
    .boxed();
    let rc = Stackless::rc(|co: RcCo<u64, u64>| async move {
        let (a, b, c) = (1u64, 2u64, 3u64);
        let sent = co.yield_(a).await;
        a + b + c + sent
    });
    let sync = Stackless::sync(|co: SyncCo<u64, u64>| async move {
        let (a, b, c) = (1u64, 2u64, 3u64);
        let sent = co.yield_(a).await;
        a + b + c + sent
    });
    let stackful = stackful(|yielder: &Yielder<u64, u64>| {
        let (a, b, c) = (1u64, 2u64, 3u64);
        let sent = yielder.suspend(a);
        a + b + c + sent
    });
    let raw = corosensei::Coroutine::with_stack(stack(), |yielder: &Yielder<u64, u64>, _start: u64| {
        yielder.suspend(1);
    });

    let sizes = [
        ("native (Native<closure>)", size_of_val(&native)),
        ("BoxGen (Box<dyn Generator>)", size_of_val(&boxed)),
        ("stackless rc (Stackless<rc::Gen>)", size_of_val(&rc)),
        ("stackless sync (Stackless<sync::Gen>)", size_of_val(&sync)),
        ("stackful (Stackful)", size_of_val(&stackful)),
        ("raw corosensei::Coroutine<DefaultStack>", size_of_val(&raw)),
    ];
    for (what, size) in sizes {
        eprintln!("size_of {what}: {size} bytes");
    }

    let word = size_of::<usize>();
    // Native: the state machine itself, inline: the three locals, the resume argument and a state tag.
    assert!(size_of_val(&native) < 64);
    assert!(size_of_val(&native) >= 3 * 8, "the three u64 locals live inside the value");
    // BoxGen: a fat pointer; genawaiter: an airlock pointer and a boxed future, whatever the body.
    assert_eq!(size_of_val(&boxed), 2 * word);
    assert!(size_of_val(&rc) <= 4 * word);
    assert!(size_of_val(&sync) <= 4 * word);
    // corosensei: a handful of words (stack bounds, saved stack pointer, drop hook); the body lives on its stack.
    assert!(size_of_val(&stackful) <= 8 * word);
    assert!(size_of_val(&raw) <= 8 * word);
}

// ---------------------------------------------------------------------------------------------------------------
// (f) Heap allocations per generator: create, resume once, drop.
// ---------------------------------------------------------------------------------------------------------------

/// Heap allocations made on this thread by creating a generator, resuming it once and dropping it.
fn allocations<G: Generator<u64>>(make: impl Fn() -> G) -> u64 {
    // Warm up: the first stackful generator on a thread maps a stack and grows the thread's pool.
    drop(make());
    let mut warm = make();
    let _ = warm.resume(0);
    drop(warm);

    allocation_counter::measure(|| {
        // `black_box`: in release builds LLVM may otherwise remove a box whose whole life it can see.
        let mut generator = std::hint::black_box(make());
        let _ = generator.resume(0);
        drop(generator);
    })
    .count_total
}

#[test]
fn heap_allocations_per_generator() {
    let counts = |yields: u64| {
        [
            ("native", allocations(|| native(yields))),
            ("native boxed", allocations(|| native(yields).boxed())),
            ("stackless rc", allocations(|| stackless_rc(yields))),
            ("stackless sync", allocations(|| stackless_sync(yields))),
            ("stackful, pooled stack", allocations(|| stackful(stackful_body(yields)))),
            ("stackful, fresh stack", allocations(|| Stackful::on_stack(stack(), stackful_body(yields)))),
        ]
    };
    let finished = counts(0);
    let suspended = counts(1);
    for ((backend, finished), (_, suspended)) in finished.iter().zip(&suspended) {
        eprintln!("heap allocations, {backend}: {finished} (run to the end), {suspended} (dropped while suspended)");
    }

    // Native lives inline; BoxGen is one box; genawaiter boxes the future and allocates the airlock
    // (Rc<Cell> or Arc<Mutex>). corosensei keeps the body and its locals on its own stack, which is mapped
    // memory, not the heap (and, pooled, reused): no heap allocation, until a suspended one is dropped. Its
    // unwinding is a panic: one box for the payload (`resume_unwind`), one for std's exception object.
    let expected_finished = [0, 1, 2, 2, 0, 0];
    let expected_suspended = [0, 1, 2, 2, 2, 2];
    for ((backend, count), expected) in finished.iter().zip(expected_finished) {
        assert_eq!(*count, expected, "{backend}, run to the end");
    }
    for ((backend, count), expected) in suspended.iter().zip(expected_suspended) {
        assert_eq!(*count, expected, "{backend}, dropped while suspended");
    }
}
