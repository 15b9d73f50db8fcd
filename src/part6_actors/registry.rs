//! The actor registry of actor1, actor2 and actor3, written once over the [`Generator`] protocol.
//!
//! ```python
//! _registry = { }
//! _msg_queue = deque()                    # actor3 only
//!
//! def send(name, msg):
//!     _registry[name].send(msg)           # actor1, actor2: resume the actor now
//!     _msg_queue.append((name, msg))      # actor3: only remember the message
//!
//! def run():                              # actor3 only
//!     while _msg_queue:
//!         name, msg = _msg_queue.popleft()
//!         _registry[name].send(msg)
//!
//! def actor(func):
//!     def wrapper(*args, **kwargs):
//!         gen = func(*args, **kwargs)
//!         next(gen)
//!         _registry[func.__name__] = gen
//!     return wrapper
//! ```
//!
//! One [`Registry`] serves both designs; [`Delivery`] says which `send` it has. What Rust makes explicit:
//!
//! - **Who owns the actors, and who may resume them.** Python's `_registry` is a global that every generator
//!   reads. Here the [`Registry`] owns the generators, and each body holds a [`RegistryHandle`] to send with.
//!   Resuming needs `&mut` to the generator while the bodies share the registry, so the slots sit in a
//!   `RefCell`, and a delivery *takes the generator out of its slot* for as long as it runs. The `RefCell`
//!   is borrowed only to take and to put back, never across a resume, so it cannot panic with "already
//!   borrowed"; and a message for an empty slot is exactly Python's "generator already executing" (CPython
//!   keeps a `gi_running` flag for the same purpose), returned as [`ActorError::AlreadyExecuting`].
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
//! Names are looked up by scanning a `Vec`: the tutorial's registries hold one or two actors, and a scan of two
//! short strings is cheaper than hashing one.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use super::{ActorError, ActorGen, Actors};
use crate::generator::{Generator, Step};

/// What [`Actors::send`] does with a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// Resume the actor now, on the sender's stack (actor1, actor2). An actor that sends to an actor that sends
    /// back re-enters the first one: [`ActorError::AlreadyExecuting`].
    Direct,
    /// Append the message to the registry's queue; [`Registry::run`] delivers it later (actor3).
    Queued,
}

/// An actor's place in the registry.
struct Slot<M> {
    name: &'static str,
    state: State<M>,
}

enum State<M> {
    /// Suspended at its `yield`, ready for a message.
    Idle(ActorGen<M>),
    /// Taken out of its slot by a delivery that has not returned yet.
    Running,
    /// Returned, or an error came out of it.
    Finished,
}

struct Shared<M> {
    delivery: Delivery,
    slots: RefCell<Vec<Slot<M>>>,
    /// Messages not yet delivered, with the slot index their name resolved to ([`Delivery::Queued`] only).
    queue: RefCell<VecDeque<(usize, M)>>,
}

/// The actors of one program, and the owner of their generators. Dropping it closes every actor.
pub struct Registry<M> {
    shared: Rc<Shared<M>>,
}

/// What an actor body holds to send messages: a cheap, clonable [`Actors`] handle on a [`Registry`].
pub struct RegistryHandle<M> {
    shared: Rc<Shared<M>>,
}

impl<M> Clone for RegistryHandle<M> {
    fn clone(&self) -> Self {
        RegistryHandle { shared: Rc::clone(&self.shared) }
    }
}

impl<M: Default + 'static> Registry<M> {
    /// An empty registry whose `send` delivers as `delivery` says.
    pub fn new(delivery: Delivery) -> Self {
        let shared = Shared { delivery, slots: RefCell::new(Vec::new()), queue: RefCell::new(VecDeque::new()) };
        Registry { shared: Rc::new(shared) }
    }

    /// A handle to give to actor bodies, so that they can send.
    pub fn handle(&self) -> RegistryHandle<M> {
        RegistryHandle { shared: Rc::clone(&self.shared) }
    }

    /// Python's `@actor` wrapper: primes `actor` (runs it to its first `yield`) and registers it as `name`.
    ///
    /// # Errors
    ///
    /// [`ActorError::Duplicate`] if `name` is taken; [`ActorError::NeverYielded`] if the body returns instead
    /// of yielding; or the error that came out of the body while it was primed.
    pub fn spawn(&self, name: &'static str, mut actor: ActorGen<M>) -> Result<(), ActorError> {
        if self.shared.slots.borrow().iter().any(|slot| slot.name == name) {
            return Err(ActorError::Duplicate { name: name.to_string() });
        }
        // Primed before it is registered: a send during priming finds no such actor (it does not exist yet).
        match actor.resume(M::default()) {
            Step::Yield(()) => {}
            Step::Return(Ok(())) => return Err(ActorError::NeverYielded { name: name.to_string() }),
            Step::Return(Err(error)) => return Err(error),
        }
        self.shared.slots.borrow_mut().push(Slot { name, state: State::Idle(actor) });
        Ok(())
    }

    /// Python's `send(name, msg)` from outside any actor.
    pub fn send(&self, name: &str, msg: M) -> Result<(), ActorError> {
        self.shared.send(name, msg)
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
        while delivered < limit {
            let Some((index, msg)) = self.shared.queue.borrow_mut().pop_front() else { break };
            delivered += 1;
            self.shared.deliver(index, msg)?;
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
        // Take the generators out first and drop them after the borrow ends: dropping one runs its destructors
        // (and unwinds a stackful body), which must not find the slots borrowed.
        let mut closed = Vec::new();
        if let Ok(mut slots) = self.shared.slots.try_borrow_mut() {
            for slot in slots.iter_mut() {
                if let State::Idle(actor) = std::mem::replace(&mut slot.state, State::Finished) {
                    closed.push(actor);
                }
            }
        }
        let queued = self.shared.queue.try_borrow_mut().map(|mut queue| std::mem::take(&mut *queue));
        drop(closed);
        drop(queued);
    }
}

impl<M: 'static> Actors<M> for RegistryHandle<M> {
    fn send(&self, name: &str, msg: M) -> Result<(), ActorError> {
        self.shared.send(name, msg)
    }
}

impl<M> Shared<M> {
    fn send(&self, name: &str, msg: M) -> Result<(), ActorError> {
        let index = self.resolve(name)?;
        match self.delivery {
            Delivery::Direct => self.deliver(index, msg),
            Delivery::Queued => {
                self.queue.borrow_mut().push_back((index, msg));
                Ok(())
            }
        }
    }

    /// The slot index of a registered actor that has not finished.
    fn resolve(&self, name: &str) -> Result<usize, ActorError> {
        let slots = self.slots.borrow();
        match slots.iter().position(|slot| slot.name == name) {
            Some(index) if matches!(slots[index].state, State::Finished) => {
                Err(ActorError::Finished { name: name.to_string() })
            }
            Some(index) => Ok(index),
            None => {
                let registered: Vec<_> = slots.iter().map(|slot| slot.name).collect();
                Err(ActorError::Unknown { name: name.to_string(), registered: registered.join(", ") })
            }
        }
    }

    /// Python's `gen.send(msg)`, with CPython's `gi_running` check made explicit: the generator leaves its slot
    /// while it runs, so a message that reaches it meanwhile finds the slot empty.
    fn deliver(&self, index: usize, msg: M) -> Result<(), ActorError> {
        let mut actor = {
            let mut slots = self.slots.borrow_mut();
            let slot = &mut slots[index];
            match std::mem::replace(&mut slot.state, State::Running) {
                State::Idle(actor) => actor,
                State::Running => return Err(ActorError::AlreadyExecuting { name: slot.name.to_string() }),
                State::Finished => {
                    slot.state = State::Finished;
                    return Err(ActorError::Finished { name: slot.name.to_string() });
                }
            }
        };
        let step = actor.resume(msg);
        let mut slots = self.slots.borrow_mut();
        match step {
            Step::Yield(()) => {
                slots[index].state = State::Idle(actor);
                Ok(())
            }
            Step::Return(result) => {
                slots[index].state = State::Finished;
                drop(slots); // the finished generator's locals are dropped with no borrow held
                drop(actor);
                result
            }
        }
    }
}
