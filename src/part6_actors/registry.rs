//! The actor registry of actor1, actor2 and actor3, written once over the [`Generator`] protocol.
//!
//! actor1's and actor2's `send` resumes the actor at once; actor3's only queues the message, and `run` delivers.
//! The twins' (python/actor1.py, python/actor3.py):
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/actor1/send.md"))]
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/actor3/send.md"))]
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/actor3/run.md"))]
//!
//! and the decorator that primes and registers, the same in actor1, actor2 and actor3:
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/actor1/actor.md"))]
//!
//! One [`Registry`] serves both designs; [`Delivery`] says which `send` it has. What Rust makes explicit:
//!
//! - **Who owns the actors, and who may resume them.** Python's `_registry` is a global that every generator
//!   reads. Here the [`Registry`] owns the generators, and each body holds a [`RegistryHandle`] to send with.
//!   Resuming needs `&mut` to a generator while every body shares the registry, so each actor's generator
//!   sits in a `RefCell` of its own, mutably borrowed for exactly as long as it runs. A message that reaches
//!   an actor while it runs asks with `try_borrow_mut`, which fails instead of panicking: that failure *is*
//!   CPython's `gi_running` check, returned as [`ActorError::AlreadyExecuting`]. (One `RefCell` around the
//!   whole map, borrowed across the resume, would panic at the first nested send: see [`super::actor2`].)
//! - **Priming** is [`Registry::spawn`]: the decorator's `next(gen)`. The first resume value never reaches the
//!   body (see [`crate::generator`]), so any value does; we pass `M::default()`.
//! - **Names are resolved when the message is sent**, in both designs, so an unknown name fails at the `send`
//!   that made the mistake ([`ActorError::Unknown`]; Python's actor3 finds out later, in `run`).
//! - **Finished actors**: a generator that returns, or out of which an error comes, stays registered as
//!   finished, and a message for it is [`ActorError::Finished`] (Python: `StopIteration` out of `send`).
//! - **Closing**: the generators hold handles to the registry that holds them, a reference cycle. Dropping the
//!   [`Registry`] (the owner; handles are only for sending) drops every actor, which is Python's `close()` at
//!   interpreter exit, and breaks the cycle.
//!
//! Names are looked up by scanning a `Vec` (the tutorial's registries hold one or two actors, and comparing two
//! short strings is cheaper than hashing one), and each handle remembers its last lookup
//! ([`RegistryHandle`]), so a body that keeps writing to the same actor does not search at all.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use super::{ActorError, ActorGen, Actors};
use crate::generator::{Generator, Step};
use crate::trace::{self, Describe, Gen};

/// What [`Actors::send`] does with a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// Resume the actor now, on the sender's stack (actor1, actor2). An actor that sends to an actor that sends
    /// back re-enters the first one: [`ActorError::AlreadyExecuting`].
    Direct,
    /// Append the message to the registry's queue; [`Registry::run`] delivers it later (actor3).
    Queued,
}

/// One registered actor.
struct Actor<M> {
    /// Its name, as registered (and as the trace shows it).
    who: Gen,
    /// `None` once the generator has finished. Borrowed mutably for exactly as long as the generator runs, so a
    /// failed `try_borrow_mut` is CPython's `gi_running` check.
    generator: RefCell<Option<ActorGen<M>>>,
}

impl<M> Actor<M> {
    fn name(&self) -> &'static str {
        self.who.name
    }
}

impl<M: Describe> Actor<M> {
    /// Python's `gen.send(msg)`, with the running check made explicit (`hooks`: the trace's, as the caller read them).
    #[inline(always)]
    fn deliver(&self, msg: M, hooks: trace::Hooks) -> Result<(), ActorError> {
        let Ok(mut running) = self.generator.try_borrow_mut() else {
            let error = ActorError::AlreadyExecuting { name: self.name().to_string() };
            trace::reentry(&self.who, || error.to_string());
            return Err(error);
        };
        let Some(generator) = running.as_mut() else {
            return Err(ActorError::Finished { name: self.name().to_string() });
        };
        match hooks.step(&self.who, msg, |msg| generator.resume(msg)) {
            Step::Yield(()) => Ok(()),
            Step::Return(result) => {
                let finished = running.take();
                drop(running);
                drop(finished); // its locals are dropped with no borrow held
                result
            }
        }
    }

    fn is_finished(&self) -> bool {
        // A generator that is running (borrowed) has not finished.
        self.generator.try_borrow().is_ok_and(|generator| generator.is_none())
    }
}

struct Shared<M> {
    delivery: Delivery,
    actors: RefCell<Vec<Rc<Actor<M>>>>,
    /// Messages not yet delivered, with the actor their name resolved to ([`Delivery::Queued`] only).
    queue: RefCell<VecDeque<(Rc<Actor<M>>, M)>>,
}

/// The actors of one program, and the owner of their generators. Dropping it closes every actor.
pub struct Registry<M> {
    shared: Rc<Shared<M>>,
}

/// What an actor body holds to send messages: a clonable [`Actors`] handle on a [`Registry`].
pub struct RegistryHandle<M> {
    shared: Rc<Shared<M>>,
    /// The last actor this handle sent to, and the name it was asked for: see [`RegistryHandle::lookup`].
    last: RefCell<Option<Resolved<M>>>,
}

/// A name, and the actor it resolved to.
type Resolved<M> = (&'static str, Rc<Actor<M>>);

impl<M> RegistryHandle<M> {
    fn new(shared: &Rc<Shared<M>>) -> Self {
        RegistryHandle { shared: Rc::clone(shared), last: RefCell::new(None) }
    }

    /// The actor registered as `name`, remembered from the last send when it was the same name: an inline
    /// cache, in the spirit of CPython 3.11's. A ping always sends to pong, so after its first message a
    /// lookup is one pointer comparison instead of a search (actor3 delivers 20% to 50% more messages per second,
    /// depending on the backend). Sound because
    /// the name is `'static` (its bytes never change while the pointer is in the cache) and an actor is
    /// never unregistered.
    #[inline(always)]
    fn lookup(&self, name: &'static str) -> Result<Rc<Actor<M>>, ActorError> {
        if let Some((last, actor)) = &*self.last.borrow()
            && std::ptr::eq(*last, name)
        {
            return Ok(Rc::clone(actor));
        }
        let actor = self.shared.resolve(name)?;
        *self.last.borrow_mut() = Some((name, Rc::clone(&actor)));
        Ok(actor)
    }
}

impl<M> Clone for RegistryHandle<M> {
    fn clone(&self) -> Self {
        RegistryHandle::new(&self.shared)
    }
}

impl<M: Default + Describe + 'static> Registry<M> {
    /// An empty registry whose `send` delivers as `delivery` says.
    pub fn new(delivery: Delivery) -> Self {
        let shared = Shared { delivery, actors: RefCell::new(Vec::new()), queue: RefCell::new(VecDeque::new()) };
        Registry { shared: Rc::new(shared) }
    }

    /// A handle to give to actor bodies, so that they can send.
    pub fn handle(&self) -> RegistryHandle<M> {
        RegistryHandle::new(&self.shared)
    }

    /// Python's `@actor` wrapper: primes `generator` (runs it to its first `yield`) and registers it as `name`.
    ///
    /// # Errors
    ///
    /// [`ActorError::Duplicate`] if `name` is taken; [`ActorError::NeverYielded`] if the body returns instead
    /// of yielding; or the error that came out of the body while it was primed.
    pub fn spawn(&self, name: &'static str, mut generator: ActorGen<M>) -> Result<(), ActorError> {
        if self.shared.actors.borrow().iter().any(|actor| actor.name() == name) {
            return Err(ActorError::Duplicate { name: name.to_string() });
        }
        // Primed before it is registered: a send during priming finds no such actor (it does not exist yet).
        match trace::step(&Gen::named(name), (), |()| generator.resume(M::default())) {
            Step::Yield(()) => {}
            Step::Return(Ok(())) => return Err(ActorError::NeverYielded { name: name.to_string() }),
            Step::Return(Err(error)) => return Err(error),
        }
        let actor = Actor { who: Gen::named(name), generator: RefCell::new(Some(generator)) };
        self.shared.actors.borrow_mut().push(Rc::new(actor));
        Ok(())
    }

    /// Python's `send(name, msg)` from outside any actor.
    pub fn send(&self, name: &str, msg: M) -> Result<(), ActorError> {
        self.shared.post(self.shared.resolve(name)?, msg)
    }

    /// actor3's `run()`: delivers queued messages one at a time, in order, until the queue is empty or `limit`
    /// messages have been delivered, and returns how many were. Messages sent by the actors join the back of the
    /// queue; each delivery returns to this loop before the next begins, so the stack stays as deep as one
    /// delivery, however long the program runs.
    ///
    /// # Errors
    ///
    /// The first failed delivery: an error that came out of an actor, or a message for an actor that finished
    /// after the message was queued. The rest of the queue stays queued.
    pub fn run(&self, limit: u64) -> Result<u64, ActorError> {
        let mut delivered = 0;
        // Whether `final-frontier trace` is recording, read once for the whole loop.
        let hooks = trace::hooks();
        while delivered < limit {
            let Some((actor, msg)) = self.shared.queue.borrow_mut().pop_front() else { break };
            hooks.gauge("queue length", || self.queued());
            delivered += 1;
            actor.deliver(msg, hooks)?;
        }
        Ok(delivered)
    }

    /// How many messages wait in the queue (always 0 with [`Delivery::Direct`]).
    pub fn queued(&self) -> usize {
        self.shared.queue.borrow().len()
    }
}

impl<M> Drop for Registry<M> {
    fn drop(&mut self) {
        // Take the generators out first and drop them after the borrows end: dropping one runs its destructors
        // (and unwinds a stackful body), which may use the registry.
        let mut closed = Vec::new();
        if let Ok(actors) = self.shared.actors.try_borrow() {
            for actor in actors.iter() {
                if let Ok(mut generator) = actor.generator.try_borrow_mut() {
                    closed.push(generator.take());
                }
            }
        }
        let queued = self.shared.queue.try_borrow_mut().map(|mut queue| std::mem::take(&mut *queue));
        drop(closed);
        drop(queued);
    }
}

impl<M: Describe + 'static> Actors<M> for RegistryHandle<M> {
    // `inline(always)` on this path: the difference is ~10% of actor3's message rate (`cargo bench --bench actors`).
    #[inline(always)]
    fn send(&self, name: &'static str, msg: M) -> Result<(), ActorError> {
        self.shared.post(self.lookup(name)?, msg)
    }
}

impl<M: Describe> Shared<M> {
    /// `send` once the name is resolved: deliver now, or queue.
    #[inline(always)]
    fn post(&self, actor: Rc<Actor<M>>, msg: M) -> Result<(), ActorError> {
        match self.delivery {
            Delivery::Direct => actor.deliver(msg, trace::hooks()),
            Delivery::Queued if actor.is_finished() => Err(ActorError::Finished { name: actor.name().to_string() }),
            Delivery::Queued => {
                self.queue.borrow_mut().push_back((actor, msg));
                trace::gauge("queue length", || self.queue.borrow().len());
                Ok(())
            }
        }
    }
}

impl<M> Shared<M> {
    /// The actor registered as `name`.
    fn resolve(&self, name: &str) -> Result<Rc<Actor<M>>, ActorError> {
        let actors = self.actors.borrow();
        actors.iter().find(|actor| actor.name() == name).map(Rc::clone).ok_or_else(|| {
            let registered: Vec<_> = actors.iter().map(|actor| actor.name()).collect();
            ActorError::Unknown { name: name.to_string(), registered: registered.join(", ") }
        })
    }
}
