//! Where samples print.
//!
//! Samples never call `println!`: they write lines to a [`Transcript`], which the CLI echoes live to stdout and
//! the tests capture. Two things would make a transcript differ from run to run, and both go through here:
//!
//! - **timings**: [`Transcript::timing`] prints `label: 0.123456s` live and records `label: [elapsed]`, so
//!   snapshots pin everything but the number. [`redact_line`] does the same to another program's output (the
//!   Python twins print the same `label: 0.123456s` form).
//! - **ratios** of two timings: [`Transcript::ratio`] prints `label: 1.89x` and records `label: [ratio]`, and
//!   [`redact_line`] redacts that form too (the Python twins print it with `frontier.ratio`).
//! - **sleeps**: [`Transcript::sleep`] multiplies every delay by one time scale, so tests run the same logic in
//!   milliseconds. The Python twins read the same factor from [`TIME_SCALE_ENV`].
//!
//! A `Transcript` is a cheap handle (`Arc`): clone it into generator bodies and pool threads. Lines from several
//! threads are kept in the order they were written; a sample that wants a deterministic transcript must make that
//! order deterministic itself.

use std::fmt::Display;
use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// The environment variable through which the Python twins get the time scale.
pub const TIME_SCALE_ENV: &str = "FINAL_FRONTIER_TIME_SCALE";

/// What a timing line's value becomes in a recorded transcript.
pub const ELAPSED: &str = "[elapsed]";

/// What a ratio line's value becomes in a recorded transcript.
pub const RATIO: &str = "[ratio]";

/// A time scale that is not a finite number >= 0.
#[derive(Debug, thiserror::Error)]
#[error("time scale must be a finite number >= 0, got {0}")]
pub struct BadTimeScale(pub f64);

/// Multiplies every sleep. 1.0 is the original's timing; tests use a small factor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeScale(f64);

impl TimeScale {
    /// The original's own timing.
    pub const REAL: TimeScale = TimeScale(1.0);

    /// Checks that `factor` is finite and not negative.
    pub fn new(factor: f64) -> Result<Self, BadTimeScale> {
        if factor.is_finite() && factor >= 0.0 { Ok(TimeScale(factor)) } else { Err(BadTimeScale(factor)) }
    }

    /// The factor.
    pub fn factor(self) -> f64 {
        self.0
    }

    /// `delay` scaled by the factor.
    pub fn scale(self, delay: Duration) -> Duration {
        delay.mul_f64(self.0)
    }
}

impl std::str::FromStr for TimeScale {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let factor: f64 = text.parse().map_err(|_| format!("'{text}' is not a number"))?;
        TimeScale::new(factor).map_err(|e| e.to_string())
    }
}

struct Inner {
    lines: Mutex<Vec<String>>,
    echo: bool,
    time_scale: TimeScale,
}

/// The lines a sample prints (see the module docs).
#[derive(Clone)]
pub struct Transcript(Arc<Inner>);

impl Transcript {
    /// Records lines without printing them (tests, and the tour's comparison).
    pub fn capture(time_scale: TimeScale) -> Self {
        Self::with(false, time_scale)
    }

    /// Records lines and prints each one to stdout as it is written (the CLI).
    pub fn live(time_scale: TimeScale) -> Self {
        Self::with(true, time_scale)
    }

    fn with(echo: bool, time_scale: TimeScale) -> Self {
        Transcript(Arc::new(Inner { lines: Mutex::new(Vec::new()), echo, time_scale }))
    }

    /// Writes one line.
    pub fn line(&self, text: impl Display) {
        let text = text.to_string();
        self.record(text.clone(), text);
    }

    /// Writes `label: <seconds>s`, recorded as `label: [elapsed]`.
    pub fn timing(&self, label: &str, elapsed: Duration) {
        self.record(format!("{label}: {:.6}s", elapsed.as_secs_f64()), format!("{label}: {ELAPSED}"));
    }

    /// Writes `label: <value>x` with two decimals (a speedup), recorded as `label: [ratio]`.
    pub fn ratio(&self, label: &str, value: f64) {
        self.record(format!("{label}: {value:.2}x"), format!("{label}: {RATIO}"));
    }

    fn record(&self, shown: String, kept: String) {
        // A panic on another thread while it held the lock leaves the lines intact: keep going.
        let mut lines = self.0.lines.lock().unwrap_or_else(PoisonError::into_inner);
        if self.0.echo {
            // Printed under the lock, so stdout shows lines in recorded order. A closed stdout (`| head`) is not
            // the sample's failure: the line is still recorded.
            let _ = writeln!(std::io::stdout().lock(), "{shown}");
        }
        lines.push(kept);
    }

    /// The time scale every sleep goes through.
    pub fn time_scale(&self) -> TimeScale {
        self.0.time_scale
    }

    /// Sleeps for `delay` times the time scale.
    pub fn sleep(&self, delay: Duration) {
        std::thread::sleep(self.0.time_scale.scale(delay));
    }

    /// The recorded lines so far (timings redacted).
    pub fn lines(&self) -> Vec<String> {
        self.0.lines.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// The recorded lines as one text, each line ending in `\n`.
    pub fn text(&self) -> String {
        self.lines().iter().map(|line| format!("{line}\n")).collect()
    }
}

/// Redacts a timing or ratio line printed by another program: `label: 1.234567s` becomes `label: [elapsed]`,
/// `label: 1.89x` becomes `label: [ratio]`; any other line comes back unchanged.
pub fn redact_line(line: &str) -> String {
    // `value` is `<digits>.<decimals digits><unit>`, as the Transcript method for that unit prints it.
    let is_number = |value: &str, decimals: usize, unit: char| {
        value.strip_suffix(unit).and_then(|number| number.split_once('.')).is_some_and(|(whole, fraction)| {
            !whole.is_empty()
                && fraction.len() == decimals
                && whole.bytes().all(|b| b.is_ascii_digit())
                && fraction.bytes().all(|b| b.is_ascii_digit())
        })
    };
    match line.rsplit_once(": ") {
        Some((label, value)) if is_number(value, 6, 's') => format!("{label}: {ELAPSED}"),
        Some((label, value)) if is_number(value, 2, 'x') => format!("{label}: {RATIO}"),
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
        assert_eq!(t.lines(), ["Got: 5", "Sequential: [elapsed]"]);
    }

    #[test]
    fn redaction_matches_what_timing_prints() {
        assert_eq!(redact_line("Sequential: 1.500000s"), "Sequential: [elapsed]");
        assert_eq!(redact_line("Got: 5"), "Got: 5");
        assert_eq!(redact_line("Tick: 1.5s"), "Tick: 1.5s");
        assert_eq!(redact("a: 0.000001s\nb\n"), "a: [elapsed]\nb\n");
    }

    #[test]
    fn ratio_lines_are_recorded_redacted() {
        let t = Transcript::capture(TimeScale::REAL);
        t.timing("Parallel", Duration::from_millis(800));
        t.ratio("Speedup", 1.888);
        assert_eq!(t.lines(), ["Parallel: [elapsed]", "Speedup: [ratio]"]);
    }

    #[test]
    fn ratio_redaction_matches_what_ratio_prints() {
        assert_eq!(redact_line(&format!("Speedup: {:.2}x", 1.888)), "Speedup: [ratio]");
        assert_eq!(redact_line("Speedup: 12.00x"), "Speedup: [ratio]");
        assert_eq!(redact_line("Speedup: 1.9x"), "Speedup: 1.9x");
        assert_eq!(redact_line("Speedup: 1.890x"), "Speedup: 1.890x");
        assert_eq!(redact_line("Speedup: .89x"), "Speedup: .89x");
        assert_eq!(redact_line("Size: 2.00 x"), "Size: 2.00 x");
        assert_eq!(redact_line("Speedup: 1.500000s"), "Speedup: [elapsed]");
        assert_eq!(redact("a: 1.89x\nb: 0.000001s\n"), "a: [ratio]\nb: [elapsed]\n");
    }

    #[test]
    fn time_scale_rejects_nonsense() {
        assert!("-1".parse::<TimeScale>().is_err());
        assert!("NaN".parse::<TimeScale>().is_err());
        assert!("inf".parse::<TimeScale>().is_err());
        assert!("x".parse::<TimeScale>().is_err());
        assert_eq!("0.5".parse::<TimeScale>().map(TimeScale::factor), Ok(0.5));
    }
}
