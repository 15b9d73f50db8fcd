//! The home thread of tasks that cannot travel: where stackful Tasks wait, and how pool threads wake them.
//!
//! A native or stackless Task is `Send`: its done-callback resumes the generator right there, on the pool thread
//! that finished the job. A corosensei coroutine is never `Send` (its stack may hold `Rc`s and thread-locals),
//! so a callback on a pool thread must not touch it. Instead:
//!
//! 1. the stackful Task *parks* itself in its thread's [`Home`], which hands back a [`Wakeup`]: a `Send` ticket
//!    (the task's number and the sending end of the home's queue);
//! 2. the done-callback, on the pool thread, only [`Wakeup::ring`]s: it posts the outcome to the home's queue;
//! 3. the home thread, in [`Home::run`], takes the message, unparks the task and resumes it on its own thread.
//!
//! That is an event loop, and the queue is the `loop.call_soon_threadsafe` of asyncio: the last part of the
//! tutorial arrives at the same shape. Wake-ups are handled in the order they were posted, one at a time, so a
//! stackful task is never resumed from inside another one's resume: the home's stack does not grow.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use crossbeam_channel::{Receiver, Sender};

/// A message to the home: which task, and what to wake it with (`None`: its [`Wakeup`] was dropped unrung).
type Message<M> = (u64, Option<M>);

struct Inner<T, M> {
    parked: RefCell<HashMap<u64, T>>,
    next_id: Cell<u64>,
    sender: Sender<Message<M>>,
    receiver: Receiver<Message<M>>,
}

/// One thread's parked tasks of type `T` and its queue of wake-ups carrying `M`. A cheap handle (`Rc`): clone it
/// into the stackful bodies that start new tasks. Not `Send`, on purpose.
pub struct Home<T, M> {
    inner: Rc<Inner<T, M>>,
}

impl<T, M> Clone for Home<T, M> {
    fn clone(&self) -> Self {
        Home { inner: Rc::clone(&self.inner) }
    }
}

impl<T, M> Default for Home<T, M> {
    fn default() -> Self {
        Self::new()
    }
}

/// The `Send` half: wakes one parked task from any thread. Ring it once; dropping it unrung tells the home to
/// drop the task (Python would garbage-collect a generator nobody will ever resume).
pub struct Wakeup<M> {
    id: u64,
    sender: Option<Sender<Message<M>>>,
}

impl<M> Wakeup<M> {
    /// Posts `message` to the home thread, which resumes the task with it.
    pub fn ring(mut self, message: M) {
        if let Some(sender) = self.sender.take() {
            // The home is gone only if its thread stopped running it; then nobody is left to resume the task.
            let _ = sender.send((self.id, Some(message)));
        }
    }
}

impl<M> Drop for Wakeup<M> {
    fn drop(&mut self) {
        if let Some(sender) = self.sender.take() {
            let _ = sender.send((self.id, None));
        }
    }
}

impl<T, M> Home<T, M> {
    /// A home for tasks on the current thread.
    pub fn new() -> Self {
        let (sender, receiver) = crossbeam_channel::unbounded();
        Home { inner: Rc::new(Inner { parked: RefCell::new(HashMap::new()), next_id: Cell::new(0), sender, receiver }) }
    }

    /// Keeps `task` here until its wake-up arrives.
    pub fn park(&self, task: T) -> Wakeup<M> {
        let id = self.inner.next_id.get();
        self.inner.next_id.set(id + 1);
        self.inner.parked.borrow_mut().insert(id, task);
        Wakeup { id, sender: Some(self.inner.sender.clone()) }
    }

    /// How many tasks are waiting.
    pub fn parked(&self) -> usize {
        self.inner.parked.borrow().len()
    }

    /// Handles wake-ups in the order they arrive, calling `wake(task, message)` on this thread for each, until
    /// no task is parked any more. A task whose [`Wakeup`] was dropped unrung is dropped.
    pub fn run(&self, mut wake: impl FnMut(T, M)) {
        let _ = self.try_run(|task, message| {
            wake(task, message);
            Ok::<(), std::convert::Infallible>(())
        });
    }

    /// [`Home::run`] for a `wake` that can fail: stops at the first error and returns it.
    pub fn try_run<E>(&self, mut wake: impl FnMut(T, M) -> Result<(), E>) -> Result<(), E> {
        while self.parked() > 0 {
            // The home keeps a sender itself, so the queue never reports "disconnected": it only waits.
            let Ok(message) = self.inner.receiver.recv() else { break };
            self.handle(message, &mut wake)?;
        }
        Ok(())
    }

    /// Handles the wake-ups already queued, without waiting for more (for benchmarks and tests).
    pub fn run_queued(&self, mut wake: impl FnMut(T, M)) {
        let mut wake = |task, message| {
            wake(task, message);
            Ok::<(), std::convert::Infallible>(())
        };
        while let Ok(message) = self.inner.receiver.try_recv() {
            let _ = self.handle(message, &mut wake);
        }
    }

    fn handle<E>(&self, (id, message): Message<M>, wake: &mut impl FnMut(T, M) -> Result<(), E>) -> Result<(), E> {
        // The borrow ends before `wake` runs: the task may park itself again, or park new tasks.
        let task = self.inner.parked.borrow_mut().remove(&id);
        match (task, message) {
            (Some(task), Some(message)) => wake(task, message),
            _ => Ok(()),
        }
    }
}
