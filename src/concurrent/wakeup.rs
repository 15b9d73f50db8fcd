//! Where a Task's generator is resumed when the future it waits for is done: the thread story, told once.
//!
//! Python's Task registers `self._wakeup` as the future's done-callback, so the generator is resumed right
//! there, on whichever pool thread finished the job. Rust asks whether the generator may move to that thread:
//!
//! - **native and stackless** bodies are `Send` (when what they hold across a `yield` is), so they do as Python
//!   does: [`OnPoolThreads`] resumes them inside the done-callback, on the pool thread.
//! - **stackful** bodies are corosensei coroutines, never `Send` (a suspended stack may hold `Rc`s and
//!   thread-locals). A callback on a pool thread must not touch one. [`Home`] keeps the Task on the thread that
//!   owns it: the Task *parks* there, the done-callback only posts the outcome to the home's queue (a `Send`
//!   message), and the home thread, serving its queue, resumes the Task.
//!
//! That queue is asyncio's event loop, and posting to it is `loop.call_soon_threadsafe`: the tutorial's last part
//! arrives at the same shape. Wake-ups are served one at a time, in the order they were posted, so a stackful
//! Task is never resumed from inside another one's resume and the home thread's stack does not grow.
//!
//! A sample's Task takes the story as a parameter `W: ResumeOn<Self>` and reads the same on every backend:
//!
//! ```text
//! Step::Yield(fut) => W::when_done(&fut, self)
//! ```
//!
//! where `self` is the Task in its box, and the Task is its own callback ([`Resume`]): Python's future holds the
//! bound method `task._wakeup`, and with it the Task. The box is made once, by `Task::new`, and moves from future to
//! future, so a step allocates nothing on the pool threads' side.
//!
//! Each thread has one home ([`Home::current`]), as each thread has one asyncio event loop: a stackful Task is
//! stepped first on the thread that creates it, and after that only by that thread's home, so "my home" is
//! always "this thread's home", and a Task needs no handle to it to park.
//!
//! Both answers also keep what Python logs and forgets: an error that no generator caught
//! ([`Runner::uncaught`]) fails the run when it [`finish`](Runner::finish)es, instead of exiting 0.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::{Arc, Mutex, PoisonError};

use crossbeam_channel::{Receiver, Sender};

use super::future::{JobError, JobResult, PoolFuture, Resume};
use super::pool::PoolHandle;
use super::value::Value;
use crate::trace;

/// What both thread stories offer besides the wake-up itself.
pub trait Runner: Clone + 'static {
    /// Keeps an error that no generator caught (Python: "exception calling callback", logged and forgotten);
    /// the first one fails [`Runner::finish`], later ones are reported on stderr.
    fn uncaught(&self, error: JobError);

    /// Blocks until `fut` is done and returns its outcome (`run_inline_future`'s wait).
    fn wait(&self, fut: &PoolFuture<Value>) -> JobResult<Value>;

    /// Blocks until every Task started with this runner has finished.
    ///
    /// # Errors
    ///
    /// The first error that no generator caught.
    fn finish(&self) -> Result<(), JobError>;
}

/// How a Task of type `T` is woken: the parameter that tells the backends' Tasks apart.
pub trait ResumeOn<T: Resume<Value>>: Runner {
    /// Arranges for `task` to be resumed with `fut`'s outcome once it is done: Python's
    /// `fut.add_done_callback(self._wakeup)`. An associated function, not a method: the task moves into the
    /// wake-up whole, in its box, with nothing to clone.
    fn when_done(fut: &PoolFuture<Value>, task: Box<T>);
}

/// The first uncaught error, shared by the clones of a runner.
#[derive(Clone, Default)]
struct UncaughtSlot(Arc<Mutex<Option<JobError>>>);

impl UncaughtSlot {
    fn keep(&self, error: JobError) {
        let mut first = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        match (&*first, &error) {
            (None, _) => *first = Some(error),
            // A stopped run stops every task the same way: one word of it is enough.
            (Some(_), JobError::Stopped(_)) => {}
            (Some(_), _) => eprintln!("warning: another task failed too: {error}"),
        }
    }

    fn take(&self) -> Result<(), JobError> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).take().map_or(Ok(()), Err)
    }
}

/// Native and stackless: the generator is resumed in the done-callback, on the pool thread that finished the
/// job, as in Python. Cheap to clone.
#[derive(Clone)]
pub struct OnPoolThreads {
    pool: PoolHandle,
    uncaught: UncaughtSlot,
}

impl OnPoolThreads {
    /// Tasks resumed on `pool`'s threads.
    pub fn new(pool: PoolHandle) -> Self {
        OnPoolThreads { pool, uncaught: UncaughtSlot::default() }
    }
}

impl Runner for OnPoolThreads {
    fn uncaught(&self, error: JobError) {
        self.uncaught.keep(error);
    }

    fn wait(&self, fut: &PoolFuture<Value>) -> JobResult<Value> {
        fut.result()
    }

    fn finish(&self) -> Result<(), JobError> {
        // Python's interpreter waits for the pool's threads at exit; a Task's next job is submitted from the
        // callback of its last one, so "the pool is idle" means "every Task is done".
        self.pool.wait_until_idle();
        self.uncaught.take()
    }
}

impl<T: Resume<Value> + Send + 'static> ResumeOn<T> for OnPoolThreads {
    fn when_done(fut: &PoolFuture<Value>, task: Box<T>) {
        fut.add_resume(task);
    }
}

/// A parked Task's continuation: what to do with the outcome when it comes.
pub type Parked = Box<dyn Resume<Value>>;

/// A message to the home: which slot, and what to wake its Task with (`None`: its wake-up was dropped unrung).
type Message = (usize, Option<JobResult<Value>>);

/// The parked continuations, in slots that are reused (a wake-up names its slot; no hashing on the hot path).
#[derive(Default)]
struct Slots {
    slots: Vec<Option<Parked>>,
    free: Vec<usize>,
    parked: usize,
}

impl Slots {
    fn park(&mut self, continuation: Parked) -> usize {
        self.parked += 1;
        match self.free.pop() {
            Some(slot) => {
                self.slots[slot] = Some(continuation);
                slot
            }
            None => {
                self.slots.push(Some(continuation));
                self.slots.len() - 1
            }
        }
    }

    fn take(&mut self, slot: usize) -> Option<Parked> {
        let continuation = self.slots.get_mut(slot)?.take()?;
        self.parked -= 1;
        self.free.push(slot);
        Some(continuation)
    }
}

struct HomeInner {
    parked: RefCell<Slots>,
    sender: Sender<Message>,
    receiver: Receiver<Message>,
    uncaught: UncaughtSlot,
}

/// Stackful: the Tasks of one thread wait here, and only this thread resumes them. A cheap handle (`Rc`) to the
/// current thread's home, `!Send` on purpose.
#[derive(Clone)]
pub struct Home(Rc<HomeInner>);

thread_local! {
    static HOME: Home = Home::new();
}

/// The `Send` half of a parked Task: posts its outcome home, from any thread. Dropping it unrung tells the home
/// to drop the Task (Python would garbage-collect a generator nobody will ever resume).
pub struct Wakeup {
    id: usize,
    sender: Option<Sender<Message>>,
}

impl Wakeup {
    /// Posts `outcome` to the home thread, which resumes the Task with it.
    pub fn ring(mut self, outcome: JobResult<Value>) {
        trace::posted(self.id as u64);
        if let Some(sender) = self.sender.take() {
            // The home is gone only if its thread stopped serving; then nobody is left to resume the Task.
            let _ = sender.send((self.id, Some(outcome)));
        }
    }
}

impl Drop for Wakeup {
    fn drop(&mut self) {
        if let Some(sender) = self.sender.take() {
            let _ = sender.send((self.id, None));
        }
    }
}

impl Home {
    /// The current thread's home.
    pub fn current() -> Self {
        HOME.with(Home::clone)
    }

    fn new() -> Self {
        let (sender, receiver) = crossbeam_channel::unbounded();
        Home(Rc::new(HomeInner {
            parked: RefCell::new(Slots::default()),
            sender,
            receiver,
            uncaught: UncaughtSlot::default(),
        }))
    }

    /// Keeps `continuation` (a Task, which is its own continuation: [`Resume`]) here until its wake-up is rung;
    /// it is then resumed on this thread.
    pub fn park(&self, continuation: Parked) -> Wakeup {
        let id = self.0.parked.borrow_mut().park(continuation);
        Wakeup { id, sender: Some(self.0.sender.clone()) }
    }

    /// How many Tasks are waiting.
    pub fn parked(&self) -> usize {
        self.0.parked.borrow().parked
    }

    /// Serves one wake-up, waiting for it; `false` if no Task is parked (nothing could ever come).
    fn serve_one(&self) -> bool {
        if self.parked() == 0 {
            return false;
        }
        // The home keeps a sender itself, so the queue never reports "disconnected": it only waits.
        match self.0.receiver.recv() {
            Ok(message) => self.handle(message),
            Err(_) => return false,
        }
        true
    }

    /// Serves the wake-ups already queued, without waiting for more (for benchmarks and tests).
    #[doc(hidden)]
    pub fn serve_queued(&self) {
        while let Ok(message) = self.0.receiver.try_recv() {
            self.handle(message);
        }
    }

    fn handle(&self, (id, outcome): Message) {
        // The borrow ends before the continuation runs: it may park its Task again, or park new ones.
        let continuation = self.0.parked.borrow_mut().take(id);
        if let (Some(continuation), Some(outcome)) = (continuation, outcome) {
            trace::delivered(id as u64);
            continuation.resume(outcome);
        }
    }
}

impl Runner for Home {
    fn uncaught(&self, error: JobError) {
        self.0.uncaught.keep(error);
    }

    fn wait(&self, fut: &PoolFuture<Value>) -> JobResult<Value> {
        // Blocking in `fut.result()` here would deadlock: the wake-ups that complete `fut` come to this very
        // thread. So serve them until `fut` is done.
        loop {
            if let Some(outcome) = fut.try_result() {
                return outcome;
            }
            if !self.serve_one() {
                return fut.try_result().unwrap_or(Err(JobError::Abandoned));
            }
        }
    }

    fn finish(&self) -> Result<(), JobError> {
        while self.serve_one() {}
        self.0.uncaught.take()
    }
}

impl<T: Resume<Value> + 'static> ResumeOn<T> for Home {
    fn when_done(fut: &PoolFuture<Value>, task: Box<T>) {
        let wakeup = HOME.with(|home| home.park(task));
        // On the pool thread: no resume there, only a message home.
        fut.add_result_callback(move |outcome| wakeup.ring(outcome));
    }
}
