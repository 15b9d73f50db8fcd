//! The protocol page's picture of the three `yield from`s, drawn from a recorded run on each backend.
//!
//! In Python: `inner` yields 1, then 2, and returns `'done'`; `middle` is `return (yield from inner())`;
//! `outer` is `return (yield from middle())`; `for item in outer(): print(item)`. The three backends say
//! the same chain, and the recorder ([`crate::trace`]) shows where each item travels:
//!
//! - *native*: every level is a generator, and each `yield_from!` is a loop that resumes the level below and
//!   re-yields what it hands up: each item climbs through every level, as in CPython;
//! - *stackless*: the levels below `outer` are `async fn`s on the same `Co`; each resume polls down through every
//!   level's `.await`, and each `Pending` climbs back up: the same climb;
//! - *stackful*: the levels are plain calls, made once, on the coroutine's own stack; `inner` suspends the whole
//!   coroutine, straight back to the loop, and the next resume lands back in `inner`: one suspend per item,
//!   whatever the depth.
//!
//! The named forms of the delegations (`yield_from!(inner(), (), "inner")`, [`awaited`](crate::trace::awaited),
//! [`suspended`](crate::trace::suspended)) are what lets the recorder see below `outer`; each is the plain form
//! when nothing records.

use super::traces::Drawn;
use crate::backend::Backend;
use crate::backend::stackful::StackError;
use crate::generator::{Generator, Step};
use crate::trace::{self, Event, Gen, Trace};

/// Each chain: resumed with nothing (Python's `next`), yields numbers, returns a word.
pub trait Chain: Generator<(), Yield = u64, Return = &'static str> {}
impl<G: Generator<(), Yield = u64, Return = &'static str>> Chain for G {}

mod native {
    use super::*;
    use crate::backend::native::Native;
    use crate::yield_from;

    pub fn inner() -> impl Chain {
        Native::new(
            #[coroutine]
            |_start: ()| {
                yield 1;
                yield 2;
                "done"
            },
        )
    }

    pub fn middle() -> impl Chain {
        Native::new(
            #[coroutine]
            |_start: ()| {
                // `return (yield from inner())`; "inner" names it for the recorder.
                yield_from!(inner(), (), "inner")
            },
        )
    }

    pub fn outer() -> impl Chain {
        Native::new(
            #[coroutine]
            |_start: ()| {
                // `return (yield from middle())`
                yield_from!(middle(), (), "middle")
            },
        )
    }
}

mod stackless {
    use super::*;
    use crate::backend::stackless::{RcCo, Stackless};
    use crate::trace::awaited;

    type Co = RcCo<u64, ()>;

    pub async fn inner(co: &Co) -> &'static str {
        co.yield_(1).await;
        co.yield_(2).await;
        "done"
    }

    pub async fn middle(co: &Co) -> &'static str {
        // `return (yield from inner())`: `inner(co).await`, seen by the recorder.
        awaited("inner", inner(co)).await
    }

    pub fn outer() -> impl Chain {
        Stackless::rc(|co: Co| async move {
            // `return (yield from middle())`: `middle(&co).await`, seen by the recorder.
            awaited("middle", middle(&co)).await
        })
    }
}

mod stackful {
    use super::*;
    use crate::backend::stackful::{Stackful, Yielder};
    use crate::trace::suspended;

    type Y = Yielder<(), u64>;

    pub fn inner(yielder: &Y) -> &'static str {
        // `yield 1` suspends the whole coroutine, from here; the recorder sees it.
        suspended("inner", || yielder.suspend(1));
        suspended("inner", || yielder.suspend(2));
        "done"
    }

    pub fn middle(yielder: &Y) -> &'static str {
        // `return (yield from inner())`: a plain call, on the coroutine's stack.
        inner(yielder)
    }

    pub fn outer() -> Result<impl Chain, StackError> {
        Stackful::new(|yielder: &Y| middle(yielder))
    }
}

/// Python's `for item in outer(): print(item)`, with a driver's hook: resumes `outer` until it returns, and
/// prints each item to the recorder only (the picture shows which item came out), keeping them.
fn drive(mut outer: impl Chain) -> Vec<u64> {
    let who = Gen::named("outer");
    let mut items = Vec::new();
    loop {
        match trace::step(&who, (), |()| outer.resume(())) {
            Step::Yield(item) => {
                trace::line(&item.to_string());
                items.push(item);
            }
            Step::Return(_) => return items,
        }
    }
}

/// Runs the chain on `backend` while recording: the items `outer` yielded, and the events of this thread.
///
/// # Errors
///
/// The stackful coroutine's stack could not be mapped.
pub fn record(backend: Backend) -> Result<(Vec<u64>, Vec<Event>), StackError> {
    let (items, trace) = Trace::record(1_000, || match backend {
        Backend::Native => Ok(drive(native::outer())),
        Backend::Stackless => Ok(drive(stackless::outer())),
        Backend::Stackful => stackful::outer().map(drive),
    });
    // The recorder hears every thread of the process; the chain runs on this one.
    let here = std::thread::current().name().map(str::to_string);
    let events = trace.events.into_iter().filter(|event| here.as_deref().is_none_or(|name| *event.thread == *name));
    Ok((items?, events.collect()))
}

/// The three pictures, in [`Backend::ALL`]'s order (`Err`: why there is none).
pub fn draw_all() -> Vec<(Backend, Result<Drawn, String>)> {
    Backend::ALL
        .into_iter()
        .map(|backend| {
            let title = format!("yield from on {backend}");
            let drawn = record(backend).map(|(_, events)| Drawn {
                svg: trace::diagram(&events, events.len(), &title),
                resumed: never_resumed(&events),
            });
            (backend, drawn.map_err(|error| error.to_string()))
        })
        .collect()
}

/// Where each level was resumed, and which never was (stackful's `middle`).
fn never_resumed(events: &[Event]) -> String {
    let mut words = super::traces::resumed(events);
    for level in ["outer", "middle", "inner"] {
        let resumed = |event: &Event| {
            matches!(event.what, trace::What::Resume(_)) && event.generator.is_some_and(|g| g.name == level)
        };
        if !events.iter().any(resumed) {
            words.push_str(&format!(" {level} never resumed."));
        }
    }
    words
}
