//! Where samples print.
//!
//! Samples never call `println!`: they write lines to a [`Transcript`], which the CLI echoes live to stdout and
//! the tests capture. Two things would make a transcript differ from run to run, and both go through here:
//!
//! - **timings**: [`Transcript::timing`] prints `label: 0.123456s` live and records `label: [elapsed]`, so
//!   snapshots pin everything but the number. [`redact_line`] does the same to another program's output (the
//!   Python twins print the same `label: 0.123456s` form).
//! - **sleeps**: [`Transcript::sleep`] multiplies every delay by one time scale, so tests run the same logic in
//!   milliseconds. The Python twins read the same factor from [`TIME_SCALE_ENV`]. On a thread that has a
//!   [`Clock`] (a thread pool's worker), the clock decides when a sleep ends: that is how jobs due at the same
//!   instant finish in a fixed order ([`crate::concurrent::pool`] tells how).
//!
//! - **stopping**: Python's `with` and `finally` run when Ctrl-C raises `KeyboardInterrupt`. Here a signal only
//!   sets a flag ([`watch_signals`]); a closed or failing stdout stops a live transcript the same way. From then on
//!   [`Transcript::sleep`] and [`Transcript::check`] return [`Stopped`] at once, so a sample stops at its next
//!   wait, the error travels through its generators like a thrown exception, and every guard runs on the way out;
//!   later lines are dropped.
//!
//! A `Transcript` is a cheap handle (`Arc`): clone it into generator bodies and pool threads. Lines from several
//! threads are kept in the order they were written; a sample that wants a deterministic transcript must make that
//! order deterministic itself. A live transcript keeps no lines (a sample that Python runs forever runs in
//! constant memory); a captured one keeps them all and prints none.

use std::cell::RefCell;
use std::fmt::Display;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// The environment variable through which the Python twins get the time scale.
pub const TIME_SCALE_ENV: &str = "FINAL_FRONTIER_TIME_SCALE";

/// What a timing line's value becomes in a recorded transcript.
pub const ELAPSED: &str = "[elapsed]";

/// What a ratio line's value (a speedup) becomes in a recorded transcript.
pub const RATIO: &str = "[ratio]";

/// The largest time scale accepted: 100 times the original's timing (the longest sleep of the tutorial, 10 s,
/// becomes 17 minutes). Beyond it a run would only sleep for hours, or overflow a `Duration`.
pub const MAX_TIME_SCALE: f64 = 100.0;

/// A time scale that is not a number from 0 to [`MAX_TIME_SCALE`].
#[derive(Debug, thiserror::Error)]
#[error("time scale must be a number from 0 to {MAX_TIME_SCALE} (1 = the original's timing), got {0}")]
pub struct BadTimeScale(pub f64);

/// Multiplies every sleep. 1.0 is the original's timing; tests use a small factor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeScale(f64);

impl TimeScale {
    /// The original's own timing.
    pub const REAL: TimeScale = TimeScale(1.0);

    /// Checks that `factor` is a number from 0 to [`MAX_TIME_SCALE`].
    pub fn new(factor: f64) -> Result<Self, BadTimeScale> {
        if (0.0..=MAX_TIME_SCALE).contains(&factor) { Ok(TimeScale(factor)) } else { Err(BadTimeScale(factor)) }
    }

    /// The factor.
    pub fn factor(self) -> f64 {
        self.0
    }

    /// `delay` scaled by the factor (at most 100 times a delay of the tutorial: no overflow).
    pub fn scale(self, delay: Duration) -> Duration {
        Duration::try_from_secs_f64(delay.as_secs_f64() * self.0).unwrap_or(Duration::MAX)
    }
}

impl std::str::FromStr for TimeScale {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let factor: f64 = text.parse().map_err(|_| format!("'{text}' is not a number"))?;
        TimeScale::new(factor).map_err(|e| e.to_string())
    }
}

/// Why a run stops before its end. Python's counterpart is `KeyboardInterrupt`, raised at whatever the program
/// was doing; here the run notices at its next wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Stopped {
    /// Ctrl-C (SIGINT).
    #[error("interrupted (Ctrl-C)")]
    Interrupted,
    /// SIGTERM.
    #[error("terminated (SIGTERM)")]
    Terminated,
    /// Standard output was closed (`| head`): nobody reads the rest.
    #[error("standard output is closed")]
    OutputClosed,
    /// Writing to standard output failed (a full disk, `>/dev/full`).
    #[error("cannot write to standard output")]
    OutputFailed,
}

impl Stopped {
    /// The exit code a shell expects: 128 + the signal's number for a signal.
    pub fn exit_code(self) -> u8 {
        match self {
            Stopped::Interrupted => 130,
            Stopped::Terminated => 143,
            Stopped::OutputClosed => 0,
            Stopped::OutputFailed => 1,
        }
    }

    fn code(self) -> u8 {
        match self {
            Stopped::Interrupted => 1,
            Stopped::Terminated => 2,
            Stopped::OutputClosed => 3,
            Stopped::OutputFailed => 4,
        }
    }

    fn from_code(code: u8) -> Option<Stopped> {
        match code {
            1 => Some(Stopped::Interrupted),
            2 => Some(Stopped::Terminated),
            3 => Some(Stopped::OutputClosed),
            4 => Some(Stopped::OutputFailed),
            _ => None,
        }
    }
}

/// The last signal received (its number), 0 for none. Written by the signal handler, read by every transcript.
static SIGNAL: AtomicUsize = AtomicUsize::new(0);
/// Set on the first signal: a second one ends the process at once (the user insists).
static SIGNALLED: AtomicBool = AtomicBool::new(false);

/// Turns SIGINT and SIGTERM into a flag every transcript sees (see the module docs). A second signal exits at
/// once with 128 + its number, for a run that does not stop by itself. Called once by the CLI.
pub fn watch_signals() -> io::Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    for signal in [SIGINT, SIGTERM] {
        // The order matters: the shutdown is armed only by a signal that came before.
        signal_hook::flag::register_conditional_shutdown(signal, 128 + signal, &SIGNALLED)?;
        signal_hook::flag::register_usize(signal, &SIGNAL, signal as usize)?;
        signal_hook::flag::register(signal, &SIGNALLED)?;
    }
    Ok(())
}

/// The signal that asked the process to stop, if any.
pub fn signalled() -> Option<Stopped> {
    match SIGNAL.load(Ordering::SeqCst) {
        0 => None,
        n if n == signal_hook::consts::SIGTERM as usize => Some(Stopped::Terminated),
        _ => Some(Stopped::Interrupted),
    }
}

/// Takes the signal that asked the process to stop, for a sample whose normal end it is (a server that Ctrl-C
/// shuts down gracefully): transcripts print again, and the CLI exits 0 if the sample then succeeds. A second
/// signal still ends the process at once.
pub fn take_signal() -> Option<Stopped> {
    let taken = signalled();
    SIGNAL.store(0, Ordering::SeqCst);
    taken
}

/// How often a sleep looks for a stop request.
pub(crate) const SLEEP_SLICE: Duration = Duration::from_millis(20);

/// What decides when a sleep ends on a thread that has one, in place of the wall clock. A thread pool gives one
/// to each of its workers ([`crate::concurrent::pool`]), so that its jobs' sleeps end in a fixed order; the jobs
/// keep calling [`Transcript::sleep`], as a tokio timer finds its runtime's clock through the thread it runs on.
pub trait Clock {
    /// Sleeps for `delay` of the original's time (the clock scales it by `t`'s time scale), or less if `t` is
    /// stopped meanwhile.
    ///
    /// # Errors
    ///
    /// [`Stopped`] if the run is stopped before or during the sleep.
    fn sleep(&self, t: &Transcript, delay: Duration) -> Result<(), Stopped>;
}

thread_local! {
    static CLOCK: RefCell<Option<Box<dyn Clock>>> = const { RefCell::new(None) };
}

/// From now on, [`Transcript::sleep`] on this thread sleeps on `clock` (for the rest of the thread's life).
pub fn sleep_on(clock: impl Clock + 'static) {
    CLOCK.with(|slot| *slot.borrow_mut() = Some(Box::new(clock)));
}

struct Inner {
    /// `Some` for a captured transcript: every line as shown, and as kept (timings redacted).
    kept: Option<Mutex<Vec<(String, String)>>>,
    /// Neither printed nor kept: the lines reach only the trace recorder ([`Transcript::quiet`]).
    quiet: bool,
    /// Serialises live lines, so stdout shows them in the order they were written.
    printing: Mutex<()>,
    time_scale: TimeScale,
    /// This transcript's own stop ([`Stopped::code`]), 0 for none.
    stopped: AtomicU8,
    /// The error that stopped a live transcript's output.
    write_error: Mutex<Option<io::Error>>,
}

/// The lines a sample prints (see the module docs).
#[derive(Clone)]
pub struct Transcript(Arc<Inner>);

impl Transcript {
    /// Records lines without printing them (tests, and the tour, which prints them once all backends ran).
    pub fn capture(time_scale: TimeScale) -> Self {
        Self::with(Some(Mutex::new(Vec::new())), time_scale)
    }

    /// Prints each line to stdout as it is written, and keeps none (`final-frontier run`).
    pub fn live(time_scale: TimeScale) -> Self {
        Self::with(None, time_scale)
    }

    /// Prints nothing and keeps nothing: a line reaches only the trace recorder, which shows it among the
    /// events (`final-frontier trace`, whose runs may be as long as the user asks, so nothing may grow with them).
    pub fn quiet(time_scale: TimeScale) -> Self {
        let mut t = Self::with(None, time_scale);
        if let Some(inner) = Arc::get_mut(&mut t.0) {
            inner.quiet = true;
        }
        t
    }

    fn with(kept: Option<Mutex<Vec<(String, String)>>>, time_scale: TimeScale) -> Self {
        Transcript(Arc::new(Inner {
            kept,
            quiet: false,
            printing: Mutex::new(()),
            time_scale,
            stopped: AtomicU8::new(0),
            write_error: Mutex::new(None),
        }))
    }

    /// Writes one line (dropped once the run is stopped).
    pub fn line(&self, text: impl Display) {
        let text = text.to_string();
        self.record(&text, || text.clone());
    }

    /// Writes `label: <seconds>s`, recorded as `label: [elapsed]`.
    pub fn timing(&self, label: &str, elapsed: Duration) {
        self.record(&format!("{label}: {:.6}s", elapsed.as_secs_f64()), || format!("{label}: {ELAPSED}"));
    }

    /// Writes `label: 1.89x` (two decimals), recorded as `label: [ratio]`: a ratio of two timings.
    pub fn ratio(&self, label: &str, value: f64) {
        self.record(&format!("{label}: {value:.2}x"), || format!("{label}: {RATIO}"));
    }

    fn record(&self, shown: &str, kept: impl FnOnce() -> String) {
        if self.stopped().is_some() {
            return;
        }
        crate::trace::line(shown);
        if self.0.quiet {
            return;
        }
        match &self.0.kept {
            // A panic on another thread while it held the lock leaves the lines intact: keep going.
            Some(lines) => lines.lock().unwrap_or_else(PoisonError::into_inner).push((shown.to_string(), kept())),
            None => {
                let _order = self.0.printing.lock().unwrap_or_else(PoisonError::into_inner);
                if let Err(error) = writeln!(io::stdout().lock(), "{shown}") {
                    let why = if error.kind() == io::ErrorKind::BrokenPipe {
                        Stopped::OutputClosed
                    } else {
                        Stopped::OutputFailed
                    };
                    *self.0.write_error.lock().unwrap_or_else(PoisonError::into_inner) = Some(error);
                    self.stop(why);
                }
            }
        }
    }

    /// Stops this run (see the module docs); the first reason given is the one that stays.
    pub fn stop(&self, why: Stopped) {
        let _ = self.0.stopped.compare_exchange(0, why.code(), Ordering::SeqCst, Ordering::SeqCst);
    }

    /// Why the run must stop, if it must: a signal, or this transcript's output failing.
    pub fn stopped(&self) -> Option<Stopped> {
        signalled().or_else(|| Stopped::from_code(self.0.stopped.load(Ordering::SeqCst)))
    }

    /// `Err` once the run must stop: the check a driver makes at each wait it controls.
    pub fn check(&self) -> Result<(), Stopped> {
        self.stopped().map_or(Ok(()), Err)
    }

    /// The write error that stopped a live transcript, if one did (taken: a second call returns `None`).
    pub fn take_write_error(&self) -> Option<io::Error> {
        self.0.write_error.lock().unwrap_or_else(PoisonError::into_inner).take()
    }

    /// The time scale every sleep goes through.
    pub fn time_scale(&self) -> TimeScale {
        self.0.time_scale
    }

    /// Sleeps for `delay` times the time scale, or less if the run is stopped meanwhile; on a thread that has a
    /// [`Clock`] (see [`sleep_on`]), on that clock.
    ///
    /// # Errors
    ///
    /// [`Stopped`] if the run is stopped before or during the sleep.
    pub fn sleep(&self, delay: Duration) -> Result<(), Stopped> {
        // `try_with`: a thread being torn down has no clock any more, and sleeps on the wall clock.
        let on_clock = CLOCK.try_with(|slot| slot.borrow().as_ref().map(|clock| clock.sleep(self, delay)));
        match on_clock {
            Ok(Some(slept)) => slept,
            _ => self.sleep_on_wall_clock(delay),
        }
    }

    /// [`Transcript::sleep`] on the wall clock, whatever clock this thread has.
    pub(crate) fn sleep_on_wall_clock(&self, delay: Duration) -> Result<(), Stopped> {
        let deadline = Instant::now() + self.0.time_scale.scale(delay).min(Duration::from_secs(365 * 24 * 3600));
        loop {
            self.check()?;
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(());
            }
            std::thread::sleep(left.min(SLEEP_SLICE));
        }
    }

    /// The recorded lines so far (timings redacted); empty for a live transcript.
    pub fn lines(&self) -> Vec<String> {
        self.recorded(|(_, kept)| kept.clone())
    }

    /// The recorded lines as they would have been printed (real timings), each ending in `\n`.
    pub fn shown_text(&self) -> String {
        self.recorded(|(shown, _)| format!("{shown}\n")).concat()
    }

    fn recorded<T>(&self, each: impl Fn(&(String, String)) -> T) -> Vec<T> {
        match &self.0.kept {
            Some(lines) => lines.lock().unwrap_or_else(PoisonError::into_inner).iter().map(each).collect(),
            None => Vec::new(),
        }
    }

    /// The recorded lines as one text, each line ending in `\n`.
    pub fn text(&self) -> String {
        self.lines().iter().map(|line| format!("{line}\n")).collect()
    }
}

/// Redacts a timing or ratio line printed by another program: `label: 1.234567s` becomes `label: [elapsed]` and
/// `label: 1.89x` becomes `label: [ratio]`; any other line comes back unchanged.
pub fn redact_line(line: &str) -> String {
    let is_decimal = |number: &str, decimals: usize| {
        number.split_once('.').is_some_and(|(whole, fraction)| {
            !whole.is_empty()
                && fraction.len() == decimals
                && whole.bytes().all(|b| b.is_ascii_digit())
                && fraction.bytes().all(|b| b.is_ascii_digit())
        })
    };
    match line.rsplit_once(": ") {
        Some((label, value)) if value.strip_suffix('s').is_some_and(|n| is_decimal(n, 6)) => {
            format!("{label}: {ELAPSED}")
        }
        Some((label, value)) if value.strip_suffix('x').is_some_and(|n| is_decimal(n, 2)) => {
            format!("{label}: {RATIO}")
        }
        _ => line.to_string(),
    }
}

/// [`redact_line`] over a whole text.
pub fn redact(text: &str) -> String {
    text.lines().map(|line| redact_line(line) + "\n").collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timing_lines_are_recorded_redacted() {
        let t = Transcript::capture(TimeScale::REAL);
        t.line("Got: 5");
        t.timing("Sequential", Duration::from_millis(1500));
        t.ratio("Speedup", 1.894);
        assert_eq!(t.lines(), ["Got: 5", "Sequential: [elapsed]", "Speedup: [ratio]"]);
        assert_eq!(t.shown_text(), "Got: 5\nSequential: 1.500000s\nSpeedup: 1.89x\n");
    }

    #[test]
    fn a_stopped_run_stops_sleeping_and_drops_its_lines() {
        let t = Transcript::capture(TimeScale::REAL);
        t.line("before");
        let sleeper = t.clone();
        let started = Instant::now();
        let sleeping = std::thread::spawn(move || sleeper.sleep(Duration::from_secs(60)));
        std::thread::sleep(Duration::from_millis(50));
        t.stop(Stopped::OutputClosed);
        t.stop(Stopped::OutputFailed); // the first reason stays
        assert_eq!(sleeping.join().ok(), Some(Err(Stopped::OutputClosed)));
        assert!(started.elapsed() < Duration::from_secs(5));
        assert_eq!(t.check(), Err(Stopped::OutputClosed));
        t.line("after");
        assert_eq!(t.lines(), ["before"]);
    }

    #[test]
    fn redaction_matches_what_timing_prints() {
        assert_eq!(redact_line("Sequential: 1.500000s"), "Sequential: [elapsed]");
        assert_eq!(redact_line("Got: 5"), "Got: 5");
        assert_eq!(redact_line("Tick: 1.5s"), "Tick: 1.5s");
        assert_eq!(redact("a: 0.000001s\nb\n"), "a: [elapsed]\nb\n");
        assert_eq!(redact_line("Speedup: 1.89x"), "Speedup: [ratio]");
        assert_eq!(redact_line("Speedup: 1.9x"), "Speedup: 1.9x");
    }

    #[test]
    fn time_scale_rejects_nonsense() {
        assert!("1e20".parse::<TimeScale>().is_err(), "would sleep for ages, or overflow a Duration");
        assert!("100.5".parse::<TimeScale>().is_err());
        assert!("100".parse::<TimeScale>().is_ok());
        assert!("-1".parse::<TimeScale>().is_err());
        assert!("NaN".parse::<TimeScale>().is_err());
        assert!("inf".parse::<TimeScale>().is_err());
        assert!("x".parse::<TimeScale>().is_err());
        assert_eq!("0.5".parse::<TimeScale>().map(TimeScale::factor), Ok(0.5));
    }
}
