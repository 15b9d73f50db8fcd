//! actor2.py: ping-pong between two actors, meant to fail with "generator already executing".
//!
//! The original keeps actor1's registry, `send` and decorator, and adds two actors that answer each other:
//! `ping` receives n, prints `ping n` and sends n + 1 to `pong`; `pong` is the mirror. The main program starts
//! both and sends `('ping', 0)`. The twin (python/actor2.py):
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/actor2/ping.md"))]
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/actor2/pong.md"))]
//!
//! actor1's `send` resumes the receiver on the sender's stack, so the conversation is a chain of nested calls:
//! `send('ping', 0)` runs ping, whose `send('pong', 1)` runs pong, whose `send('ping', 2)` reaches ping while
//! ping is still running, further down the same stack. CPython checks a flag on every resume and raises
//! `ValueError: generator already executing`; the exception comes out of pong, then out of ping, and both
//! generators are finished. Two lines on stdout, `ping 0` and `pong 1`, then the traceback.
//!
//! # What Rust makes explicit
//!
//! In Rust, "generator already executing" cannot happen by accident: [`Generator::resume`] takes `&mut self`, and
//! while ping runs, its caller holds that `&mut`; reaching ping again needs a second one. The naive translation,
//! a map of generators that the bodies borrow in order to send, does not even get that far. The registry owns
//! ping, ping borrows the registry to reach pong, and registering ping needs the registry again:
//!
//! ```compile_fail,E0499
//! #![feature(coroutines)]
//! use std::collections::HashMap;
//! use final_frontier::backend::native::Native;
//! use final_frontier::generator::{BoxGen, Generator, GeneratorExt};
//!
//! let mut registry: HashMap<&str, BoxGen<'_, u64, (), ()>> = HashMap::new();
//! let ping = Native::new(
//!     #[coroutine]
//!     |_start: u64| loop {
//!         let n = yield;
//!         println!("ping {n}");
//!         if let Some(pong) = registry.get_mut("pong") {
//!             pong.resume(n + 1);
//!         }
//!     },
//! );
//! registry.insert("ping", ping.boxed()); // E0499: `registry` is already borrowed, mutably, by ping
//! ```
//!
//! rustc says E0499, "cannot borrow `registry` as mutable more than once at a time", and adds E0597,
//! "`registry` does not live long enough": a value that holds a borrow of its own owner would have to outlive
//! itself.
//!
//! The next step is shared ownership with a run-time borrow check, `Rc<RefCell<_>>`. It compiles, and it fails
//! one step *earlier* than Python: `send` keeps the map borrowed while the actor runs, so ping's very first send,
//! to pong, finds the map still borrowed, and the `RefCell` panics:
//!
//! ```should_panic
//! #![feature(coroutines)]
//! use std::cell::RefCell;
//! use std::collections::HashMap;
//! use std::rc::Rc;
//! use final_frontier::backend::native::Native;
//! use final_frontier::generator::{BoxGen, Generator, GeneratorExt};
//!
//! type Registry = Rc<RefCell<HashMap<&'static str, BoxGen<'static, u64, (), ()>>>>;
//!
//! fn send(registry: &Registry, name: &str, msg: u64) {
//!     if let Some(actor) = registry.borrow_mut().get_mut(name) {
//!         actor.resume(msg); // the map stays borrowed until this resume returns
//!     }
//! }
//!
//! fn player(registry: &Registry, me: &'static str, other: &'static str) -> BoxGen<'static, u64, (), ()> {
//!     let registry = Rc::clone(registry);
//!     let actor = Native::new(
//!         #[coroutine]
//!         move |_start: u64| loop {
//!             let n = yield;
//!             println!("{me} {n}");
//!             send(&registry, other, n + 1);
//!         },
//!     );
//!     actor.boxed()
//! }
//!
//! let registry = Registry::default();
//! for (me, other) in [("ping", "pong"), ("pong", "ping")] {
//!     let mut actor = player(&registry, me, other);
//!     actor.resume(0); // prime
//!     registry.borrow_mut().insert(me, actor);
//! }
//! send(&registry, "ping", 0); // prints "ping 0", then panics: "RefCell already borrowed"
//! ```
//!
//! What [`Registry`] does instead (see [`registry`](super::registry)): the map is borrowed only to look a name
//! up, never across a resume; each actor's generator has a `RefCell` of its own, borrowed for exactly as long
//! as that actor runs; and a delivery asks for it with `try_borrow_mut`, which returns an error where
//! `borrow_mut` panics. A message for an actor that is running
//! is CPython's `gi_running` check, returned as [`ActorError::AlreadyExecuting`]. The error comes out of pong
//! through its `?` and then out of ping, as the exception does in Python, and leaves both actors finished. It
//! cannot be ignored: `send` returns a `Result`.
//!
//! The same happens on every backend, stackful included: corosensei would happily resume pong's coroutine from
//! inside ping's, but ping's generator is still borrowed by the delivery that is running it.
//!
//! The original dies of the exception: a traceback on stderr, exit status 1. So does the port: `run` prints the
//! traceback's last line, `ValueError: generator already executing`, as its last transcript line and returns the
//! error, and `final-frontier run actor2` exits 1 on every backend. tactor and actor3 show two fixes.
//!
//! ## Deviations
//!
//! - The port names the exception in the transcript (`ValueError: ` and CPython's message) where the original
//!   prints a whole traceback: a Rust error has no Python traceback, and the last line is the one that matters.
#![doc = include_str!(concat!(env!("OUT_DIR"), "/output/actor2.md"))]

use super::{ActorError, Delivery, Registry, pingpong};
use crate::backend::Backend;
#[cfg(doc)]
use crate::generator::Generator;
use crate::transcript::Transcript;

/// Runs actor2.py on one backend: `ping 0`, `pong 1`, then the re-entry error, printed as the last line (the
/// last line of the original's traceback) and returned, as the original dies of it.
///
/// # Errors
///
/// [`ActorError::AlreadyExecuting`]: the lesson, on every backend. Anything else is not the lesson (a stackful
/// actor without a stack, a stopped run).
pub fn run(t: &Transcript, backend: Backend) -> Result<(), ActorError> {
    let registry = Registry::new(Delivery::Direct);
    registry.spawn("ping", pingpong::ping(backend, t, &registry.handle())?)?;
    registry.spawn("pong", pingpong::pong(backend, t, &registry.handle())?)?;
    let sent = registry.send("ping", 0);
    if let Err(error @ ActorError::AlreadyExecuting { .. }) = &sent {
        t.line(format!("ValueError: {error}"));
    }
    sent
}
