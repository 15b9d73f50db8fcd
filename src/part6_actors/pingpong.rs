//! `ping` and `pong`, the actors of actor2, tactor and actor3, on all three backends.
//!
//! The twin's (python/actor2.py):
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/actor2/ping.md"))]
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/actor2/pong.md"))]
//!
//! Each of the three Python files repeats these bodies word for word: between actor2, tactor and actor3 only
//! `send` changes. Here they are written once, over the [`Actors`] trait, and each sample hands them its own
//! `send`: the direct [`Registry`](super::Registry) (actor2), the thread mailboxes ([`super::tactor`]), the
//! queued registry (actor3). Python's two functions differ only in the names, so Rust has one body, `player`,
//! given its own name and the other's.
//!
//! What Rust makes explicit: `send` can fail (re-entry, an unknown or finished actor), and the body says what
//! to do about it with `?`: the error ends the body and comes out of the generator, as Python's exception
//! propagates out of `gen.send()`.

use super::{ActorBody, ActorError, ActorGen, Actors};
use crate::backend::Backend;
use crate::backend::stackful::StackError;
use crate::by_backend;
use crate::transcript::Transcript;

/// Python's `ping()`: the actor to register as `"ping"`, on one backend.
pub fn ping<A: Actors<u64>>(backend: Backend, t: &Transcript, actors: &A) -> Result<ActorGen<u64>, StackError> {
    by_backend!(backend, player(t.clone(), actors.clone(), "ping", "pong"))
}

/// Python's `pong()`: the actor to register as `"pong"`, on one backend.
pub fn pong<A: Actors<u64>>(backend: Backend, t: &Transcript, actors: &A) -> Result<ActorGen<u64>, StackError> {
    by_backend!(backend, player(t.clone(), actors.clone(), "pong", "ping"))
}

mod native {
    use super::*;
    use crate::backend::native::Native;

    pub fn player<A: Actors<u64>>(
        t: Transcript,
        actors: A,
        me: &'static str,
        other: &'static str,
    ) -> impl ActorBody<u64> {
        Native::new(
            #[coroutine]
            move |_start: u64| -> Result<(), ActorError> {
                loop {
                    let n = yield;
                    t.line(format!("{me} {n}"));
                    t.check()?; // Ctrl-C or a closed stdout: stop here, as KeyboardInterrupt would
                    actors.send(other, n + 1)?;
                }
            },
        )
    }
}

mod stackless {
    use super::*;
    use crate::backend::stackless::{RcCo, Stackless};

    pub fn player<A: Actors<u64>>(
        t: Transcript,
        actors: A,
        me: &'static str,
        other: &'static str,
    ) -> impl ActorBody<u64> {
        Stackless::rc(move |co: RcCo<(), u64>| async move {
            loop {
                let n = co.yield_(()).await;
                t.line(format!("{me} {n}"));
                t.check()?; // Ctrl-C or a closed stdout: stop here, as KeyboardInterrupt would
                actors.send(other, n + 1)?;
            }
        })
    }
}

mod stackful {
    use super::*;
    use crate::backend::stackful::{Stackful, Yielder};

    pub fn player<A: Actors<u64>>(
        t: Transcript,
        actors: A,
        me: &'static str,
        other: &'static str,
    ) -> Result<impl ActorBody<u64>, StackError> {
        Stackful::new(move |yielder: &Yielder<u64, ()>| -> Result<(), ActorError> {
            loop {
                let n = yielder.suspend(());
                t.line(format!("{me} {n}"));
                t.check()?; // Ctrl-C or a closed stdout: stop here, as KeyboardInterrupt would
                actors.send(other, n + 1)?;
            }
        })
    }
}
