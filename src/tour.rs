//! The tour: every sample of the registry on each of its backends, each transcript printed under a header,
//! then a table that says whether the backends printed the same transcript.
//!
//! Most samples spend their time sleeping, so the tour runs them together, each variant on its own thread with
//! a captured transcript, and prints each as soon as it and those before it are done: the order and the text
//! are the same as one at a time, the wall time is the longest sample's. A sample marked
//! [`alone`](crate::registry::Sample::alone) (its timings are its output: fib2, fib3) runs with nothing else on
//! the machine, one backend after another.

use std::io::Write;
use std::ops::ControlFlow;
use std::time::{Duration, Instant};

use crate::registry::{SAMPLES, Sample, Variant};
use crate::transcript::{TimeScale, Transcript};

/// How one variant of a sample went in the tour.
pub struct VariantRun {
    /// Which variant.
    pub variant: Variant,
    /// What it printed (redacted, as recorded), whether it ended well or not.
    pub transcript: String,
    /// Its error, if it ended with one.
    pub error: Option<String>,
    /// Wall time.
    pub elapsed: Duration,
}

/// What the tour did with one sample.
pub struct TourRow {
    /// The sample.
    pub sample: &'static Sample,
    /// One run per variant (fewer if the tour was stopped).
    pub runs: Vec<VariantRun>,
}

impl TourRow {
    /// Every variant ran, ended as the sample is meant to end (with an error only for a sample meant to fail, such
    /// as actor2), and all printed the same transcript.
    pub fn correct(&self) -> bool {
        let ended_as_meant = self.runs.iter().all(|run| run.error.is_some() == self.sample.meant_to_fail);
        ended_as_meant && self.same_transcript()
    }

    /// At least one variant ran and all printed the same transcript.
    fn same_transcript(&self) -> bool {
        let mut transcripts = self.runs.iter().map(|run| &run.transcript);
        transcripts.next().is_some_and(|first| transcripts.all(|other| other == first))
    }

    /// The summary's last column.
    pub fn verdict(&self) -> &'static str {
        let failed = self.runs.iter().any(|run| run.error.is_some());
        match (self.correct(), failed) {
            (true, true) => "same transcript, failing as meant",
            (true, false) => "same transcript",
            (false, _) if failed != self.sample.meant_to_fail => "FAILED",
            (false, _) if self.sample.meant_to_fail => "DID NOT FAIL as meant",
            (false, _) => "DIFFERENT transcripts",
        }
    }
}

/// What the tour says before its first transcript.
const INTRO: &str = "The tour of \"Generators: The Final Frontier\": each sample of the tutorial on each Rust backend \
                     (native, stackless, stackful),\nits transcript printed once per backend; the table at the end \
                     says whether the backends printed the same one.";

/// Runs every sample on every variant and prints, in the tutorial's order, each transcript whole under a
/// header, then the summary table and the total time. Returns the rows; the tour succeeded if every row is
/// [`correct`](TourRow::correct).
///
/// A write error on `out` stops every sample still running (their cleanup runs), then returns the error.
pub fn tour(time_scale: TimeScale, out: &mut impl Write) -> std::io::Result<Vec<TourRow>> {
    let started = Instant::now();
    writeln!(out, "{INTRO}\n")?;
    let mut rows = Vec::new();
    for batch in batches() {
        print_batch(&batch, time_scale, out, &mut rows)?;
        if crate::transcript::signalled().is_some() {
            break;
        }
    }
    summary(&rows, out)?;
    writeln!(out, "\ntotal: {:.3}s", started.elapsed().as_secs_f64())?;
    Ok(rows)
}

/// The tour's batches, in the registry's order: each batch runs at once. Ordinary samples share a batch with
/// each other, all variants at once; a sample that runs alone gets one batch per variant.
pub fn batches() -> Vec<Vec<(&'static Sample, Variant)>> {
    let mut batches: Vec<Vec<(&'static Sample, Variant)>> = Vec::new();
    for sample in &SAMPLES {
        let runs = sample.variants().into_iter().map(|variant| (sample, variant));
        if sample.alone {
            batches.extend(runs.map(|run| vec![run]));
        } else {
            match batches.last_mut() {
                Some(batch) if batch.iter().all(|(s, _)| !s.alone) => batch.extend(runs),
                _ => batches.push(runs.collect()),
            }
        }
    }
    batches
}

/// One variant of a batch, finished: what [`run_batch`] hands over.
pub struct Finished {
    /// The sample.
    pub sample: &'static Sample,
    /// Which variant.
    pub variant: Variant,
    /// What it printed: [`Transcript::shown_text`] with real timings, [`Transcript::text`] as recorded.
    pub transcript: Transcript,
    /// Its error, if it ended with one (a panic is one).
    pub error: Option<String>,
    /// Wall time.
    pub elapsed: Duration,
}

/// Runs one batch's variants at once, each on its own thread with a captured transcript, and hands each to
/// `on_each` when it and those before it have finished, in the batch's order. When `on_each` breaks (nobody reads
/// on), every run still going is stopped, so that its cleanup runs before this returns; the rest are still handed
/// over as they end. The tour prints each run; the study keeps them.
pub fn run_batch(
    batch: &[(&'static Sample, Variant)],
    time_scale: TimeScale,
    mut on_each: impl FnMut(Finished) -> ControlFlow<()>,
) {
    std::thread::scope(|scope| {
        let started: Vec<_> = batch
            .iter()
            .map(|&(sample, variant)| {
                let t = Transcript::capture(time_scale);
                let runner = t.clone();
                let handle = scope.spawn(move || {
                    let started = Instant::now();
                    let result = sample.run_default(&runner, variant).map_err(|error| error.to_string());
                    (result, started.elapsed())
                });
                (sample, variant, t, handle)
            })
            .collect();
        let all: Vec<Transcript> = started.iter().map(|(_, _, t, _)| t.clone()).collect();
        for (sample, variant, transcript, handle) in started {
            let (result, elapsed) =
                handle.join().unwrap_or_else(|_| (Err("the sample panicked".to_string()), Duration::ZERO));
            let finished = Finished { sample, variant, transcript, error: result.err(), elapsed };
            if on_each(finished).is_break() {
                all.iter().for_each(|t| t.stop(crate::transcript::Stopped::OutputClosed));
            }
        }
    });
}

/// The tour's part of a batch: prints each run as it is handed over, and adds it to its sample's row (a sample's
/// row is complete once its last variant has run, which may be in a later batch, for a sample that runs alone).
fn print_batch(
    batch: &[(&'static Sample, Variant)],
    time_scale: TimeScale,
    out: &mut impl Write,
    rows: &mut Vec<TourRow>,
) -> std::io::Result<()> {
    let mut printed = Ok(());
    run_batch(batch, time_scale, |run| {
        if printed.is_ok() {
            printed = print_run(out, &run);
        }
        let Finished { sample, variant, transcript, error, elapsed } = run;
        let run = VariantRun { variant, transcript: transcript.text(), error, elapsed };
        match rows.last_mut() {
            Some(row) if std::ptr::eq(row.sample, sample) => row.runs.push(run),
            _ => rows.push(TourRow { sample, runs: vec![run] }),
        }
        if printed.is_ok() { ControlFlow::Continue(()) } else { ControlFlow::Break(()) }
    });
    printed
}

/// One variant's transcript under its header, with real timings, and its error.
fn print_run(out: &mut impl Write, run: &Finished) -> std::io::Result<()> {
    writeln!(out, "==== {} on {} ====", run.sample.python_file(), run.variant)?;
    out.write_all(run.transcript.shown_text().as_bytes())?;
    if let Some(error) = &run.error {
        writeln!(out, "error: {error}")?;
    }
    out.flush()
}

/// The table at the end of the tour: sample x backend, with time and verdict.
pub fn summary(rows: &[TourRow], out: &mut impl Write) -> std::io::Result<()> {
    let columns = ["native", "stackless", "stackful", "plain"];
    writeln!(out)?;
    write!(out, "{:<18}", "sample")?;
    for column in columns {
        write!(out, " {column:>10}")?;
    }
    writeln!(out, "  transcript")?;
    for row in rows {
        write!(out, "{:<18}", row.sample.name)?;
        for column in columns {
            let cell = row.runs.iter().find(|run| match run.variant {
                Variant::On(backend) => backend.name() == column,
                Variant::Plain(_) => column == "plain",
            });
            let text = match cell {
                Some(run) if run.error.is_none() || row.sample.meant_to_fail => {
                    format!("{:.3}s", run.elapsed.as_secs_f64())
                }
                Some(_) => "error".to_string(),
                None => "-".to_string(),
            };
            write!(out, " {text:>10}")?;
        }
        writeln!(out, "  {}", row.verdict())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sample_that_runs_alone_gets_one_batch_per_backend() {
        let batches = batches();
        let fib2: Vec<_> = batches.iter().filter(|batch| batch.iter().any(|(s, _)| s.name == "fib2")).collect();
        assert_eq!(fib2.len(), 3);
        assert!(fib2.iter().all(|batch| batch.len() == 1));
        let in_order: Vec<_> = batches.iter().flatten().map(|(s, _)| s.name).collect();
        let mut expected: Vec<_> = SAMPLES.iter().flat_map(|s| s.variants().into_iter().map(|_| s.name)).collect();
        assert_eq!(in_order.len(), expected.len());
        expected.dedup();
        let mut seen = in_order.clone();
        seen.dedup();
        assert_eq!(seen, expected, "every sample's variants in one run of batches, in the registry's order");
    }
}
