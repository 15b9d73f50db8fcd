//! The real runs whose transcripts the pages show: every sample on each of its variants, through the
//! registry, each with a captured [`Transcript`].

use std::time::{Duration, Instant};

use crate::tour::{SAMPLES, Sample, Variant};
use crate::transcript::{TimeScale, Transcript};

/// One variant's run.
#[derive(Debug, Clone)]
pub struct Run {
    /// Which variant.
    pub variant: Variant,
    /// The lines as printed, real timings included.
    pub shown: String,
    /// The lines as recorded (timings redacted): what the backends must agree on.
    pub kept: String,
    /// `Err` with the message if the sample failed or panicked.
    pub result: Result<(), String>,
    /// Wall time.
    pub elapsed: Duration,
}

/// All runs of one sample.
#[derive(Clone)]
pub struct Runs {
    /// The sample.
    pub sample: &'static Sample,
    /// One per variant, in [`Sample::variants`]' order.
    pub runs: Vec<Run>,
}

impl Runs {
    /// Every variant ran without error.
    pub fn all_ok(&self) -> bool {
        !self.runs.is_empty() && self.runs.iter().all(|run| run.result.is_ok())
    }

    /// Every variant ran and all recorded the same transcript.
    pub fn same_transcript(&self) -> bool {
        self.all_ok() && self.runs.windows(2).all(|pair| pair[0].kept == pair[1].kept)
    }
}

/// Runs every sample on each of its variants with its default options, and returns the runs in the
/// registry's order. As in the tour, samples run side by side (most of them sleep), each variant on its own
/// thread, except a sample marked [`Sample::alone`]: its timings are its output, so it runs with nothing else
/// on the machine, one variant after another. A panic is a failed run.
pub fn run_all(time_scale: TimeScale) -> Vec<Runs> {
    let mut batches: Vec<Vec<&'static Sample>> = Vec::new();
    for sample in &SAMPLES {
        match batches.last_mut() {
            Some(batch) if !sample.alone && !batch.iter().any(|s| s.alone) => batch.push(sample),
            _ => batches.push(vec![sample]),
        }
    }
    let mut all = Vec::new();
    for batch in batches {
        match batch[..] {
            [sample] if sample.alone => {
                let mut runs = Vec::new();
                for variant in sample.variants() {
                    if crate::transcript::signalled().is_some() {
                        break;
                    }
                    let t = Transcript::capture(time_scale);
                    let joined = std::thread::scope(|scope| scope.spawn(|| run_one(sample, variant, &t)).join());
                    runs.push(finish(variant, &t, joined));
                }
                all.push(Runs { sample, runs });
            }
            _ => std::thread::scope(|scope| {
                let started: Vec<_> = batch
                    .iter()
                    .map(|&sample| {
                        let variants: Vec<_> = sample
                            .variants()
                            .into_iter()
                            .map(|variant| {
                                let t = Transcript::capture(time_scale);
                                let runner = t.clone();
                                (variant, t, scope.spawn(move || run_one(sample, variant, &runner)))
                            })
                            .collect();
                        (sample, variants)
                    })
                    .collect();
                for (sample, variants) in started {
                    let runs =
                        variants.into_iter().map(|(variant, t, handle)| finish(variant, &t, handle.join())).collect();
                    all.push(Runs { sample, runs });
                }
            }),
        }
        if crate::transcript::signalled().is_some() {
            break;
        }
    }
    all
}

/// One variant's run, timed.
fn run_one(sample: &Sample, variant: Variant, t: &Transcript) -> (Result<(), String>, Duration) {
    let started = Instant::now();
    let result = sample.run(t, variant, &sample.tour_options());
    (result.map_err(|error| error.to_string()), started.elapsed())
}

/// The run of a joined thread; a panic is a failed run.
fn finish(variant: Variant, t: &Transcript, joined: std::thread::Result<(Result<(), String>, Duration)>) -> Run {
    let (result, elapsed) = joined.unwrap_or_else(|_| (Err("the sample panicked".to_string()), Duration::ZERO));
    Run { variant, shown: t.shown_text(), kept: t.text(), result, elapsed }
}
