//! Watching control flow: the recorder the drivers report to, and what it draws.
//!
//! Beazley teaches the tutorial with arrows drawn by hand: the Task sends a value in, the generator hands out a
//! future, a pool thread finishes the job and its callback resumes the generator *on that thread*; compiler2's
//! stack of generators grows and shrinks; `pong` re-enters `ping` and Python refuses. Every driver of this crate
//! is written once, so a few lines in each ([`resume`], [`yielded`], [`returned`], ...) let a real run draw the
//! same arrows: `final-frontier trace SAMPLE` prints them ([`write_text`]) and the study draws them ([`diagram`],
//! [`plot`]).
//!
//! An [`Event`] says what happened (a resume, with what was sent in: a value, an error thrown in, or nothing; a
//! yield; a return, or an error coming out; a generator dropped while suspended; a re-entry refused; a wake-up
//! posted to another thread and delivered there; a line printed; a gauge such as the depth of a stack), to
//! which generator (by its Python name: `do_many`, `ping`, `genvisit(BinOp)`), on which thread (`main`,
//! `pool-0`), how deep in the thread's nesting of resumes (who runs inside whom), with a sequence number and
//! the time since recording began.
//!
//! **Free when off.** Nothing is recorded unless [`Trace::record`] is running. All a hook leaves in a driver is
//! one relaxed load of a process-wide flag ([`on`]) and a branch that always goes the same way: what it would
//! record (the event, the description of what was sent, the thread's name) is built by `#[cold]` functions that
//! are never inlined, so that an untraced run allocates and formats nothing and the driver's own code is laid out
//! as without the hook. [`step`] hands a recorded resume whole to a function of its own, so the driver holds the
//! resume once, as it did without the hook. A driver names its generator with a [`Gen`] it keeps (`&self.who`):
//! one built at the call would be written to the stack before the check, on every resume; and a driver's loop
//! reads the flag once, before it ([`hooks`]), so that its hooks test a register. What remains is the check, a
//! few instructions per hook: `examples/hook_cost.rs` counts them under callgrind for the operations of the
//! `switch`, `futures` and `actors` benches (its doc has the command), against a build where [`on`] returns a
//! constant `false`.
//!
//! A recording is process-wide (pool threads report to it without being told), so recordings take turns: a
//! second [`Trace::record`] waits for the first to end.

mod delegation;
mod svg;
mod text;

pub use delegation::{Awaited, awaited, delegated, suspended};
pub use svg::{DIAGRAM_EVENTS, DRAWN, Series, diagram, drawing, plot};
pub use text::write_text;

use std::cell::{Cell, OnceCell};
use std::collections::BTreeMap;
use std::fmt::{self, Display};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::generator::{Generator, Step};

/// Whether a recording is running: the one load every hook makes.
static ON: AtomicBool = AtomicBool::new(false);
/// The recording's events, while one runs.
static RECORDING: Mutex<Option<Recording>> = Mutex::new(None);
/// Held for the length of a recording: recordings take turns.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
/// Numbers the recordings, so that a thread's nesting left over from an earlier one is not carried over.
static EPOCH: AtomicU64 = AtomicU64::new(0);
/// Numbers the generators named with [`Gen::numbered_next`].
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// How many resumes are running on this thread, in recording number `.0`.
    static NESTING: Cell<(u64, usize)> = const { Cell::new((0, 0)) };
    /// This thread's name, looked up once.
    static THREAD: OnceCell<Arc<str>> = const { OnceCell::new() };
}

/// Whether a recording is running. Relaxed: a hook that races with the start or the end of a recording may
/// record or not; nothing else depends on it.
#[inline(always)]
pub fn on() -> bool {
    ON.load(Ordering::Relaxed)
}

/// A generator as the trace names it: its Python name, and a number when several share the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Gen {
    /// The Python name: `do_many`, `ping`, `genvisit(BinOp)`.
    pub name: &'static str,
    /// 0 when the name alone is enough.
    pub number: u64,
}

impl Gen {
    /// A generator whose name is enough (an actor, a Task's only generator).
    pub const fn named(name: &'static str) -> Self {
        Gen { name, number: 0 }
    }

    /// One of several generators of the same name (one `genvisit` per node), told apart by `number`.
    pub const fn numbered(name: &'static str, number: u64) -> Self {
        Gen { name, number }
    }

    /// A generator with the next free number while recording (0, the name alone, when not).
    pub fn numbered_next(name: &'static str) -> Self {
        let number = if on() { NEXT_ID.fetch_add(1, Ordering::Relaxed) } else { 0 };
        Gen::numbered(name, number)
    }
}

impl Display for Gen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.number {
            0 => f.write_str(self.name),
            n => write!(f, "{}#{n}", self.name),
        }
    }
}

/// What a resume sends in, or what comes out of a generator at its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sent {
    /// `next(g)`, a bare `send(None)`; or a return of `None`.
    Nothing,
    /// `g.send(value)`; or a return value.
    Value(String),
    /// `g.throw(error)`; or an error leaving the generator.
    Error(String),
}

/// What a driver's value looks like in a trace (only asked while recording).
pub trait Describe {
    /// The value, as sent in or returned.
    fn describe(&self) -> Sent;
}

impl Describe for () {
    fn describe(&self) -> Sent {
        Sent::Nothing
    }
}

impl Describe for i64 {
    fn describe(&self) -> Sent {
        Sent::Value(self.to_string())
    }
}

impl Describe for u64 {
    fn describe(&self) -> Sent {
        Sent::Value(self.to_string())
    }
}

impl<T: Describe, E: Display> Describe for Result<T, E> {
    fn describe(&self) -> Sent {
        match self {
            Ok(value) => value.describe(),
            Err(error) => Sent::Error(error.to_string()),
        }
    }
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum What {
    /// The driver resumed the generator with this.
    Resume(Sent),
    /// The generator stopped at a `yield`, handing out this.
    Yield(Sent),
    /// The generator finished: its value, or the error that left it.
    Return(Sent),
    /// The generator was dropped while suspended: Python's `close()`, its `finally` blocks run.
    Drop,
    /// The driver refused to resume a generator that is already running (Python's "generator already
    /// executing").
    Reentry(String),
    /// A done-callback posted this wake-up (numbered) to the generator's home thread.
    Post(u64),
    /// The home thread took this wake-up from its queue and resumes the generator.
    Deliver(u64),
    /// The program printed this line.
    Line(String),
    /// A quantity the driver watches (`generator stack depth`, `queue length`) has this value.
    Gauge(&'static str, usize),
}

impl What {
    /// Whether the diagram draws it in red: an error thrown in or coming out, a re-entry.
    pub fn is_error(&self) -> bool {
        matches!(self, What::Resume(Sent::Error(_)) | What::Return(Sent::Error(_)) | What::Reentry(_))
    }
}

/// One thing a driver did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Counts from 1 in the order the events were recorded.
    pub seq: u64,
    /// Since the recording began.
    pub at: Duration,
    /// The thread it happened on (its name: `main`, `pool-0`).
    pub thread: Arc<str>,
    /// How many resumes were running on that thread around it: 0 for the driver's own level.
    pub depth: usize,
    /// The generator concerned (none for a line or a gauge).
    pub generator: Option<Gen>,
    /// What happened.
    pub what: What,
}

/// What a whole run did, counted over every event, kept or not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// How many events there were.
    pub events: u64,
    /// The threads, in the order they first appeared.
    pub threads: Vec<Arc<str>>,
    /// The deepest nesting of resumes on one thread (1: generators never ran inside each other).
    pub max_nesting: usize,
    /// The largest value of each gauge.
    pub max_gauge: BTreeMap<&'static str, usize>,
    /// How many resumes each generator name had.
    pub resumes: BTreeMap<String, u64>,
    /// How many events were errors (thrown in, coming out, re-entry).
    pub errors: u64,
}

impl Summary {
    fn count(&mut self, event: &Event) {
        self.events += 1;
        if !self.threads.contains(&event.thread) {
            self.threads.push(Arc::clone(&event.thread));
        }
        match (&event.what, &event.generator) {
            (What::Resume(_), Some(generator)) => {
                self.max_nesting = self.max_nesting.max(event.depth + 1);
                *self.resumes.entry(generator.name.to_string()).or_default() += 1;
            }
            (What::Gauge(name, value), _) => {
                let max = self.max_gauge.entry(name).or_default();
                *max = (*max).max(*value);
            }
            _ => {}
        }
        if event.what.is_error() {
            self.errors += 1;
        }
    }
}

/// The events of one recorded run: the first ones in full, and a summary of all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trace {
    /// The first events, in order (as many as the recording kept).
    pub events: Vec<Event>,
    /// Counted over every event.
    pub summary: Summary,
}

struct Recording {
    started: Instant,
    epoch: u64,
    keep: usize,
    trace: Trace,
}

/// Ends the recording when dropped, even if the run panicked.
struct Running;

impl Drop for Running {
    fn drop(&mut self) {
        ON.store(false, Ordering::SeqCst);
    }
}

impl Trace {
    /// Runs `run` while recording what the drivers do, on every thread, and returns its result with the first
    /// `keep` events (the summary counts them all). Waits for another recording to end first.
    pub fn record<T>(keep: usize, run: impl FnOnce() -> T) -> (T, Trace) {
        let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(PoisonError::into_inner);
        let epoch = EPOCH.fetch_add(1, Ordering::SeqCst) + 1;
        NEXT_ID.store(1, Ordering::SeqCst);
        *lock() = Some(Recording { started: Instant::now(), epoch, keep, trace: Trace::default() });
        let result = {
            ON.store(true, Ordering::SeqCst);
            let _running = Running;
            run()
        };
        let trace = lock().take().map(|recording| recording.trace).unwrap_or_default();
        (result, trace)
    }

    /// The largest value a gauge had (0 if it was never recorded).
    pub fn max_gauge(&self, name: &str) -> usize {
        self.summary.max_gauge.get(name).copied().unwrap_or(0)
    }
}

fn lock() -> std::sync::MutexGuard<'static, Option<Recording>> {
    RECORDING.lock().unwrap_or_else(PoisonError::into_inner)
}

fn thread_name() -> Arc<str> {
    THREAD.with(|name| {
        Arc::clone(name.get_or_init(|| {
            let thread = std::thread::current();
            match thread.name() {
                Some(name) => name.into(),
                None => format!("{:?}", thread.id()).replace("ThreadId(", "thread-").replace(')', "").into(),
            }
        }))
    })
}

/// How a hook changes this thread's nesting: a resume goes one level in, a yield or a return comes back out.
#[derive(Clone, Copy)]
enum Nest {
    In,
    Out,
    Stay,
}

/// Records one event (the hooks' common part; only called while recording).
#[cold]
fn record(generator: Option<Gen>, nest: Nest, what: What) {
    let thread = thread_name();
    let mut recording = lock();
    let Some(recording) = recording.as_mut() else { return };
    let depth = NESTING.with(|nesting| {
        let (epoch, depth) = nesting.get();
        let depth = if epoch == recording.epoch { depth } else { 0 };
        let (at, after) = match nest {
            Nest::In => (depth, depth + 1),
            Nest::Out => (depth.saturating_sub(1), depth.saturating_sub(1)),
            Nest::Stay => (depth, depth),
        };
        nesting.set((recording.epoch, after));
        at
    });
    let trace = &mut recording.trace;
    let event =
        Event { seq: trace.summary.events + 1, at: recording.started.elapsed(), thread, depth, generator, what };
    trace.summary.count(&event);
    if trace.events.len() < recording.keep {
        trace.events.push(event);
    }
}

/// The driver is about to resume `generator` with what `sent` describes.
#[inline(always)]
pub fn resume(generator: &Gen, sent: impl FnOnce() -> Sent) {
    if on() {
        record_with(Some(generator), Nest::In, move || What::Resume(sent()));
    }
}

/// `generator` stopped at a `yield`, handing out what `what` describes.
#[inline(always)]
pub fn yielded(generator: &Gen, what: impl FnOnce() -> Sent) {
    if on() {
        record_with(Some(generator), Nest::Out, move || What::Yield(what()));
    }
}

/// `generator` finished with what `outcome` describes (its value, or the error that left it).
#[inline(always)]
pub fn returned(generator: &Gen, outcome: impl FnOnce() -> Sent) {
    if on() {
        record_with(Some(generator), Nest::Out, move || What::Return(outcome()));
    }
}

/// One resume of `generator` by a driver, recorded: what is sent in, then the yield or the return that comes
/// back. A driver's one-line hook: `let step = trace::step(&who, msg, |msg| generator.resume(msg));`. Off, it
/// is the resume alone, behind one relaxed load; the recorded resume is a function of its own, out of the
/// driver's way.
#[inline(always)]
pub fn step<S: Describe, Y, R: Describe>(generator: &Gen, sent: S, resume: impl FnOnce(S) -> Step<Y, R>) -> Step<Y, R> {
    hooks().step(generator, sent, resume)
}

/// [`step`] while recording.
#[cold]
#[inline(never)]
fn step_recorded<S: Describe, Y, R: Describe>(
    generator: &Gen,
    sent: S,
    resume: impl FnOnce(S) -> Step<Y, R>,
) -> Step<Y, R> {
    record(Some(*generator), Nest::In, What::Resume(sent.describe()));
    let step = resume(sent);
    stepped(generator, &step);
    step
}

/// `generator` came back from a resume with `step`: a yield, or its return value (or error).
#[inline(always)]
pub fn stepped<Y, R: Describe>(generator: &Gen, step: &Step<Y, R>) {
    if on() {
        let what = move || match step {
            Step::Yield(_) => What::Yield(Sent::Nothing),
            Step::Return(value) => What::Return(value.describe()),
        };
        record_with(Some(generator), Nest::Out, what);
    }
}

/// `generator` was dropped while suspended.
#[inline(always)]
pub fn dropped(generator: &Gen) {
    if on() {
        record_with(Some(generator), Nest::Stay, || What::Drop);
    }
}

/// The driver refused to resume `generator`, which is running: `error` is what it raises.
#[inline(always)]
pub fn reentry(generator: &Gen, error: impl FnOnce() -> String) {
    if on() {
        record_with(Some(generator), Nest::Stay, move || What::Reentry(error()));
    }
}

/// A done-callback posts wake-up `token` to a home thread (see [`delivered`]).
#[inline(always)]
pub fn posted(token: u64) {
    if on() {
        record_with(None, Nest::Stay, move || What::Post(token));
    }
}

/// The home thread takes wake-up `token` from its queue.
#[inline(always)]
pub fn delivered(token: u64) {
    if on() {
        record_with(None, Nest::Stay, move || What::Deliver(token));
    }
}

/// The program printed `text`.
#[inline(always)]
pub fn line(text: &str) {
    if on() {
        record_with(None, Nest::Stay, move || What::Line(text.to_string()));
    }
}

/// A quantity the driver watches has a new value.
#[inline(always)]
pub fn gauge(name: &'static str, value: impl FnOnce() -> usize) {
    hooks().gauge(name, value);
}

/// Whether a recording runs, read once for a driver's loop: `let hooks = trace::hooks();` before it, then
/// `hooks.step(..)` and `hooks.gauge(..)` in it test what was read instead of loading [`on`] again for every
/// message. A recording that starts while the loop runs is seen by the next loop.
#[derive(Debug, Clone, Copy)]
pub struct Hooks {
    on: bool,
}

/// The hooks, with [`on`] read now.
#[inline(always)]
pub fn hooks() -> Hooks {
    Hooks { on: on() }
}

impl Hooks {
    /// Whether a recording was running when these hooks were read: for a driver whose event needs work to
    /// describe (a name looked up in a tree), done in a cold function of its own only when this is true.
    #[inline(always)]
    pub fn on(self) -> bool {
        self.on
    }

    /// [`step`](fn@step), if a recording was running when these hooks were read.
    #[inline(always)]
    pub fn step<S: Describe, Y, R: Describe>(
        self,
        generator: &Gen,
        sent: S,
        resume: impl FnOnce(S) -> Step<Y, R>,
    ) -> Step<Y, R> {
        if self.on {
            return step_recorded(generator, sent, resume);
        }
        resume(sent)
    }

    /// [`gauge`](fn@gauge), if a recording was running when these hooks were read.
    #[inline(always)]
    pub fn gauge(self, name: &'static str, value: impl FnOnce() -> usize) {
        if self.on {
            record_with(None, Nest::Stay, move || What::Gauge(name, value()));
        }
    }
}

/// A hook's event, described and recorded out of the driver's line: all a hook leaves in the driver is the
/// load of [`on`] and a branch.
#[cold]
#[inline(never)]
fn record_with(generator: Option<&Gen>, nest: Nest, what: impl FnOnce() -> What) {
    record(generator.copied(), nest, what());
}

/// A generator that reports its resumes, yields, return and drop: a driver wraps the generators it is given
/// in it with one line, `traced("do_func", generator)`, and is otherwise unchanged.
pub struct Traced<G> {
    generator: G,
    who: Gen,
    /// Yielded and not resumed since (only kept up to date while recording).
    suspended: bool,
}

/// Wraps `generator` so that it reports to the recorder under `name` (a name only one generator has).
pub fn traced<G>(name: &'static str, generator: G) -> Traced<G> {
    Traced { generator, who: Gen::named(name), suspended: false }
}

/// Wraps one of many generators of the same name (`recursive`): each gets its own number in the trace.
pub fn traced_each<G>(name: &'static str, generator: G) -> Traced<G> {
    Traced { generator, who: Gen::numbered_next(name), suspended: false }
}

impl<S: Describe, G: Generator<S, Return: Describe>> Generator<S> for Traced<G> {
    type Yield = G::Yield;
    type Return = G::Return;

    #[inline]
    fn resume(&mut self, value: S) -> Step<G::Yield, G::Return> {
        let step = step(&self.who, value, |value| self.generator.resume(value));
        self.suspended = matches!(step, Step::Yield(_));
        step
    }
}

impl<G> Drop for Traced<G> {
    fn drop(&mut self) {
        closed(&self.who, self.suspended);
    }
}

/// A [`Traced`] generator is dropped: the drop is recorded if it was suspended. One function for every `G`, out
/// of line, so that the drivers' drop paths stay small (a generic one changed what the compiler inlined into the
/// stackful Task's step, see `examples/hook_cost.rs`).
#[inline(never)]
fn closed(who: &Gen, suspended: bool) {
    if suspended {
        dropped(who);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Other tests may run drivers while one of these records: keep this test's thread only (cargo names
    /// each test's thread after the test).
    fn mine(trace: Trace) -> Vec<Event> {
        let here = thread_name();
        trace.events.into_iter().filter(|event| event.thread == here).collect()
    }

    #[test]
    fn nothing_is_built_outside_a_recording() {
        let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(PoisonError::into_inner);
        resume(&Gen::named("ghost"), || panic!("a hook must not build its event when off"));
    }

    #[test]
    fn keep_limits_the_events_not_the_summary() {
        let ((), trace) = Trace::record(2, || (0..5).for_each(|n| gauge("queue", || n)));
        assert_eq!(trace.events.len(), 2);
        assert!(trace.summary.events >= 5);
        assert!(trace.max_gauge("queue") >= 4);
    }

    #[test]
    fn nesting_follows_resumes_and_the_summary_counts_what_was_not_kept() {
        let ((), trace) = Trace::record(usize::MAX, || {
            let (ping, pong) = (Gen::named("ping"), Gen::named("pong"));
            resume(&ping, || Sent::Value("0".into()));
            resume(&pong, || Sent::Value("1".into()));
            reentry(&ping, || "generator already executing".into());
            returned(&pong, || Sent::Error("generator already executing".into()));
            returned(&ping, || Sent::Error("generator already executing".into()));
            gauge("queue", || 7);
        });
        let events = mine(trace);
        let mut summary = Summary::default();
        events.iter().for_each(|event| summary.count(event));
        assert_eq!(summary.events, 6);
        assert_eq!(summary.max_nesting, 2);
        assert_eq!(summary.max_gauge.get("queue"), Some(&7));
        assert_eq!(summary.errors, 3);
        let depths: Vec<_> = events.iter().map(|event| event.depth).collect();
        assert_eq!(depths, [0, 1, 2, 1, 0, 0], "the refused resume happens inside pong, inside ping");
    }

    #[test]
    fn a_traced_generator_reports_its_steps_and_its_drop() {
        use crate::backend::native::Native;
        let ((), trace) = Trace::record(100, || {
            let mut g = traced(
                "countdown",
                Native::new(
                    #[coroutine]
                    |_: i64| {
                        yield 2;
                        yield 1;
                    },
                ),
            );
            let _ = g.resume(0);
            let _ = g.resume(5);
        });
        let whats: Vec<_> = mine(trace).into_iter().map(|event| event.what).collect();
        assert_eq!(
            whats,
            [
                What::Resume(Sent::Value("0".into())),
                What::Yield(Sent::Nothing),
                What::Resume(Sent::Value("5".into())),
                What::Yield(Sent::Nothing),
                What::Drop,
            ]
        );
    }
}
