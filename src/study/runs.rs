//! The real runs whose transcripts the pages show: every sample on each of its variants, through the
//! registry, each with a captured [`Transcript`](crate::transcript::Transcript).

use std::ops::ControlFlow;
use std::time::Duration;

use crate::registry::{Sample, Variant};
use crate::tour;
use crate::transcript::TimeScale;

/// One variant's run.
#[derive(Debug, Clone)]
pub struct Run {
    /// Which variant.
    pub variant: Variant,
    /// The lines as printed, real timings included.
    pub shown: String,
    /// The lines as recorded (timings redacted): what the backends must agree on.
    pub kept: String,
    /// `Err` with the message if the sample did not end as it is meant to (an error, a panic; or, for actor2,
    /// no error).
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
/// registry's order, batched as the tour batches them ([`tour::batches`]): most samples side by side (they
/// sleep), each variant on its own thread; a sample marked [`Sample::alone`] with nothing else running, one
/// backend after another. A panic is a failed run; so is an error from a sample not meant to fail, and no error
/// from one that is (actor2).
pub fn run_all(time_scale: TimeScale) -> Vec<Runs> {
    let mut all: Vec<Runs> = Vec::new();
    for batch in tour::batches() {
        tour::run_batch(&batch, time_scale, |finished| {
            let tour::Finished { sample, variant, transcript, error, elapsed } = finished;
            let result = match (error, sample.meant_to_fail) {
                (None, false) | (Some(_), true) => Ok(()),
                (Some(error), false) => Err(error),
                (None, true) => Err("it is meant to fail, as its original does, and ended well".into()),
            };
            let run = Run { variant, shown: transcript.shown_text(), kept: transcript.text(), result, elapsed };
            match all.last_mut() {
                Some(runs) if std::ptr::eq(runs.sample, sample) => runs.runs.push(run),
                _ => all.push(Runs { sample, runs: vec![run] }),
            }
            ControlFlow::Continue(())
        });
        if crate::transcript::signalled().is_some() {
            break;
        }
    }
    all
}
