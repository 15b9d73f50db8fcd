//! tactor.py: the ping-pong fixed with threads. Each actor runs on a thread of its own and reads a mailbox.
//!
//! The file's design: `class Actor(Thread)` keeps a class-level `registry` dict. `Actor(name, gen)` makes a
//! daemon thread that holds the generator and a `Queue` mailbox, registers itself under `name` and **starts
//! itself**; its `run()` loops forever, taking a message from the mailbox and sending it into the generator. The
//! module's `send(name, msg)` looks the actor up and puts the message in its mailbox. The decorator `actor(func)`
//! returns a wrapper with an optional keyword `id` (the function's name by default): it builds the generator,
//! primes it with `next` **on the calling thread**, and makes the `Actor`. `ping` and `pong` are actor2's. The
//! main program starts both, sends `('ping', 0)`, and then sleeps forever; the daemon threads die with it. The
//! twin's `Actor`, `send` and `actor` (python/tactor.py):
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/tactor/Actor.md"))]
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/tactor/send.md"))]
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/tactor/actor.md"))]
//!
//! `send` puts the message in the receiver's mailbox and returns; the receiver's own thread takes it out and
//! resumes the generator. A sender never runs the receiver, so nothing is re-entered, and ping-pong runs (about
//! 18 thousand messages a second in CPython, each one a hand-off between two threads).
//!
//! The port, name for name: [`ThreadActors`] is `Actor.registry` together with the threads it started;
//! [`ThreadActors::spawn`] is `Actor(name, gen)` (register, then start the thread); [`ThreadActors::send`] and
//! the bodies' [`Mailboxes`] handle are the module's `send`; [`ping`] and [`pong`] are the decorated functions,
//! with the decorator's `id`.
//!
//! What Rust makes explicit:
//!
//! - **The generator is built and primed on the actor's thread, while the caller waits.** A corosensei coroutine
//!   is never `Send` (its suspended stack may hold thread-bound data), nor is a genawaiter `rc` generator; a
//!   native one is `Send` only if its locals are. So [`ThreadActors::spawn`] sends the thread the *recipe* (a
//!   `Send` closure that builds the generator), and the thread builds, primes, resumes and finally drops the
//!   generator itself: it never crosses a thread, on any backend. `spawn` returns only once the priming is done,
//!   with its error if it failed, so the caller sees what Python's `next(gen)` on the calling thread shows: a
//!   primed actor, or the failure, and no actor registered.
//! - **Stopping.** The original never stops. Here each message carries a token, counted in one atomic: a
//!   message holds its token from `send` until its delivery ends (or until it is dropped undelivered), and the
//!   owner holds one more until [`ThreadActors::join`]. When the count reaches zero no message can ever be sent
//!   again, so every mailbox is closed, every thread leaves its loop, drops its generator, and is joined. A run
//!   that delivers `count` messages closes the mailboxes at once, when a thread receives message `count + 1`.
//!   The tokens are dropped by `Drop`, so a thread that fails (or panics) releases its messages too, and no
//!   thread is left waiting.
//! - **Order.** The transcript is deterministic although two threads print: only one message is ever in flight,
//!   and each actor prints before it sends, so the lines alternate strictly.
//!
//! ## Deviations
//!
//! - `--count N` (default [`DEFAULT_COUNT`]) bounds the run as in actor3 (see [the part's docs](super#--count-n)),
//!   and the transcript equals actor3's; then every thread is joined, where the original's main thread sleeps
//!   forever and its daemon threads die with the process. The twin counts in its mailboxes (its plumbing block)
//!   and joins its threads.
//! - The registry is a value owned by `run`, not a class attribute: samples run side by side in the tour and the
//!   tests, each with its own actors.
//! - Priming runs on the actor's thread while the caller waits (above), not on the calling thread.
//! - A second actor under a name already taken is an error ([`ActorError::Duplicate`]); Python's dict silently
//!   replaces the first, whose thread keeps running unreachable.
#![doc = include_str!(concat!(env!("OUT_DIR"), "/output/tactor.md"))]

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;

use crossbeam_channel::{Receiver, Sender};

use super::{ActorError, ActorGen, Actors, pingpong};
use crate::backend::Backend;
use crate::backend::stackful::StackError;
use crate::generator::{Generator, Step};
use crate::trace::{self, Describe, Gen};
use crate::transcript::Transcript;

#[cfg(doc)]
use super::DEFAULT_COUNT;

/// A message on its way, holding its token until it is delivered or dropped.
struct Envelope<M> {
    msg: M,
    _token: Token<M>,
}

/// One unit of "something may still send": see the module docs. Dropping the last one closes the mailboxes.
struct Token<M> {
    shared: Arc<Shared<M>>,
}

impl<M> Token<M> {
    fn new(shared: &Arc<Shared<M>>) -> Self {
        shared.tokens.fetch_add(1, Ordering::AcqRel);
        Token { shared: Arc::clone(shared) }
    }
}

impl<M> Drop for Token<M> {
    fn drop(&mut self) {
        if self.shared.tokens.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.shared.close();
        }
    }
}

/// An actor's name and the sending end of its mailbox (`None` once closed).
struct Mailbox<M> {
    name: &'static str,
    sender: Option<Sender<Envelope<M>>>,
}

struct Shared<M> {
    mailboxes: Mutex<Vec<Mailbox<M>>>,
    /// Tokens alive: messages in flight, plus the owner's until `join`.
    tokens: AtomicUsize,
    /// Messages received by the actors' threads so far (deliveries, and the one that found the limit reached).
    received: AtomicU64,
    /// How many messages to deliver in all.
    limit: u64,
}

impl<M> Shared<M> {
    fn mailboxes(&self) -> MutexGuard<'_, Vec<Mailbox<M>>> {
        // A thread that panicked while holding the lock left the list intact: carry on.
        self.mailboxes.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Closes every mailbox. The senders are dropped after the lock is released: dropping the last one may drop
    /// undelivered envelopes, whose tokens come back here.
    fn close(&self) {
        let closed: Vec<_> = self.mailboxes().iter_mut().map(|mailbox| mailbox.sender.take()).collect();
        drop(closed);
    }

    /// Whether one more message may be delivered.
    fn may_deliver(&self) -> bool {
        self.received.fetch_add(1, Ordering::AcqRel) < self.limit
    }
}

/// What an actor body holds to send messages across threads: an [`Actors`] handle on [`ThreadActors`].
pub struct Mailboxes<M> {
    shared: Arc<Shared<M>>,
}

impl<M> Clone for Mailboxes<M> {
    fn clone(&self) -> Self {
        Mailboxes { shared: Arc::clone(&self.shared) }
    }
}

impl<M: Send + 'static> Actors<M> for Mailboxes<M> {
    fn send(&self, name: &'static str, msg: M) -> Result<(), ActorError> {
        self.post(name, msg)
    }
}

impl<M> Mailboxes<M> {
    /// Python's `self.mailbox.put(msg)`: never runs the receiver.
    fn post(&self, name: &str, msg: M) -> Result<(), ActorError> {
        let envelope = Envelope { msg, _token: Token::new(&self.shared) };
        let sender = {
            let mailboxes = self.shared.mailboxes();
            match mailboxes.iter().find(|mailbox| mailbox.name == name) {
                Some(Mailbox { sender: Some(sender), .. }) => sender.clone(),
                Some(Mailbox { sender: None, .. }) => return Err(ActorError::Finished { name: name.to_string() }),
                None => {
                    let registered: Vec<_> = mailboxes.iter().map(|mailbox| mailbox.name).collect();
                    return Err(ActorError::Unknown { name: name.to_string(), registered: registered.join(", ") });
                }
            }
        };
        // A refused envelope (its actor's thread has ended) is dropped here, with no lock held.
        sender.send(envelope).map_err(|_| ActorError::Finished { name: name.to_string() })
    }
}

/// Actors on threads of their own, and the owner of those threads: [`ThreadActors::join`] (or dropping it)
/// waits for every one.
pub struct ThreadActors<M> {
    mailboxes: Mailboxes<M>,
    /// The owner's token: "the main program may still send".
    owner: Option<Token<M>>,
    threads: Vec<(&'static str, JoinHandle<Result<(), ActorError>>)>,
}

impl<M: Default + Describe + Send + 'static> ThreadActors<M> {
    /// No actors yet; they will deliver `limit` messages in all (`u64::MAX`: until nothing is left to send).
    pub fn new(limit: u64) -> Self {
        let shared = Arc::new(Shared {
            mailboxes: Mutex::new(Vec::new()),
            tokens: AtomicUsize::new(0),
            received: AtomicU64::new(0),
            limit,
        });
        let owner = Some(Token::new(&shared));
        ThreadActors { mailboxes: Mailboxes { shared }, owner, threads: Vec::new() }
    }

    /// Python's `Actor(name, gen)`: registers a mailbox as `name` and starts the actor's thread, which builds the
    /// generator with `recipe` and primes it; returns once it is primed (see the module docs).
    ///
    /// # Errors
    ///
    /// [`ActorError::Duplicate`] if `name` is taken, [`ActorError::Spawn`] if the OS refuses the thread, and what
    /// priming failed with (no stack, [`ActorError::NeverYielded`], a panic): the actor is then not registered.
    /// The actor's later failures (an error out of its body) come out of [`ThreadActors::join`].
    pub fn spawn(
        &mut self,
        name: &'static str,
        recipe: impl FnOnce(Mailboxes<M>) -> Result<ActorGen<M>, StackError> + Send + 'static,
    ) -> Result<(), ActorError> {
        let (sender, mailbox) = crossbeam_channel::unbounded();
        {
            let mut mailboxes = self.mailboxes.shared.mailboxes();
            if mailboxes.iter().any(|mailbox| mailbox.name == name) {
                return Err(ActorError::Duplicate { name: name.to_string() });
            }
            mailboxes.push(Mailbox { name, sender: Some(sender) });
        }
        let actors = self.mailboxes.clone();
        let (primed, priming) = crossbeam_channel::bounded(1);
        let thread = std::thread::Builder::new()
            .name(format!("actor {name}"))
            .spawn(move || serve(name, recipe, mailbox, actors, primed))
            .map_err(|source| ActorError::Spawn { name: name.to_string(), source });
        let outcome = match thread {
            // A closed channel means the thread ended without a word: it panicked while priming.
            Ok(thread) => match priming.recv() {
                Ok(Ok(())) => {
                    self.threads.push((name, thread));
                    return Ok(());
                }
                Ok(Err(error)) => {
                    thread.join().map_or(Err(ActorError::Panicked { name: name.to_string() }), |_| Err(error))
                }
                Err(_) => {
                    let _ = thread.join();
                    Err(ActorError::Panicked { name: name.to_string() })
                }
            },
            Err(error) => Err(error),
        };
        // Not primed: as in Python, no actor was made, so the name is free again.
        self.mailboxes.shared.mailboxes().retain(|mailbox| mailbox.name != name);
        outcome
    }

    /// Python's `send(name, msg)` from the main program.
    pub fn send(&self, name: &str, msg: M) -> Result<(), ActorError> {
        self.mailboxes.post(name, msg)
    }

    /// Gives up the right to send, waits until every actor's thread has ended, and returns the first error
    /// that ended one (in spawn order).
    pub fn join(mut self) -> Result<(), ActorError> {
        self.stop_and_join()
    }

    fn stop_and_join(&mut self) -> Result<(), ActorError> {
        drop(self.owner.take());
        let mut first_error = None;
        for (name, thread) in self.threads.drain(..) {
            let outcome = thread.join().unwrap_or_else(|_| Err(ActorError::Panicked { name: name.to_string() }));
            if let Err(error) = outcome {
                first_error.get_or_insert(error);
            }
        }
        first_error.map_or(Ok(()), Err)
    }
}

impl<M> Drop for ThreadActors<M> {
    /// Dropped without [`ThreadActors::join`] (an early return): the threads are still stopped and joined.
    fn drop(&mut self) {
        drop(self.owner.take());
        for (_, thread) in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

/// An actor's thread: build the generator here, prime it and tell `primed` how that went, then deliver each
/// message from the mailbox until it is closed (or the actor finishes). When this returns, the mailbox's receiver
/// is dropped, which discards what is still in it: those envelopes give their tokens back, and later sends to
/// this actor are refused.
fn serve<M: Default + Describe>(
    name: &'static str,
    recipe: impl FnOnce(Mailboxes<M>) -> Result<ActorGen<M>, StackError>,
    mailbox: Receiver<Envelope<M>>,
    actors: Mailboxes<M>,
    primed: Sender<Result<(), ActorError>>,
) -> Result<(), ActorError> {
    let mut actor = match prime(name, recipe, &actors) {
        Ok(actor) => actor,
        Err(error) => {
            // The caller is waiting in `spawn` (the channel has room for this one answer).
            let _ = primed.send(Err(error));
            return Ok(());
        }
    };
    let _ = primed.send(Ok(()));
    let who = Gen::named(name);
    for Envelope { msg, _token } in mailbox.iter() {
        if !actors.shared.may_deliver() {
            actors.shared.close();
            continue; // drop what is still queued, then leave when the mailbox is empty
        }
        if let Step::Return(result) = trace::step(&who, msg, |msg| actor.resume(msg)) {
            return result;
        }
        // `_token` is dropped here, after the delivery and the sends it made.
    }
    Ok(())
}

/// The decorator's `gen = func(...)` and `next(gen)`, on the actor's thread.
fn prime<M: Default + Describe>(
    name: &'static str,
    recipe: impl FnOnce(Mailboxes<M>) -> Result<ActorGen<M>, StackError>,
    actors: &Mailboxes<M>,
) -> Result<ActorGen<M>, ActorError> {
    let mut actor = recipe(actors.clone())?;
    match trace::step(&Gen::named(name), (), |()| actor.resume(M::default())) {
        Step::Yield(()) => Ok(actor),
        Step::Return(Ok(())) => Err(ActorError::NeverYielded { name: name.to_string() }),
        Step::Return(Err(error)) => Err(error),
    }
}

/// Python's decorated `ping(id='ping')`: the actor2 body, primed, as an [`ThreadActors::spawn`]ed actor named
/// `id` (the function's name when `None`).
pub fn ping(
    actors: &mut ThreadActors<u64>,
    backend: Backend,
    t: &Transcript,
    id: Option<&'static str>,
) -> Result<(), ActorError> {
    let t = t.clone();
    actors.spawn(id.unwrap_or("ping"), move |mailboxes| pingpong::ping(backend, &t, &mailboxes))
}

/// Python's decorated `pong(id='pong')`: see [`ping`].
pub fn pong(
    actors: &mut ThreadActors<u64>,
    backend: Backend,
    t: &Transcript,
    id: Option<&'static str>,
) -> Result<(), ActorError> {
    let t = t.clone();
    actors.spawn(id.unwrap_or("pong"), move |mailboxes| pingpong::pong(backend, &t, &mailboxes))
}

/// Runs tactor.py on one backend, delivering `count` messages, then joins both threads.
pub fn run(t: &Transcript, backend: Backend, count: u64) -> Result<(), ActorError> {
    let mut actors = ThreadActors::new(count);
    ping(&mut actors, backend, t, None)?;
    pong(&mut actors, backend, t, None)?;
    let sent = actors.send("ping", 0);
    // An actor's own failure explains a failed send better than the send does.
    actors.join()?;
    sent
}
