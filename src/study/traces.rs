//! The control-flow pictures: every sample recorded once per variant by the recorder `final-frontier trace`
//! prints ([`crate::trace`]), and drawn ([`trace::drawing`]): who resumes whom, on which thread.
//!
//! The recorder is process-wide, so these runs are made one at a time, after the transcripts' runs. Where the
//! backends draw the same picture (the same threads, generators and steps in the same order), the page shows one;
//! where they differ in where things run (a Task's generator resumed on pool threads, or on its home thread), it
//! shows the three side by side.

use crate::registry::{SAMPLES, Sample, Variant};
use crate::trace::{self, Event, Series, Trace, What};
use crate::transcript::{self, TimeScale, Transcript};

/// The fib samples are drawn from a smaller run: their first events are the same, and a full run is seconds of
/// arithmetic that the drawing does not show.
const FIB_N: &str = "15";

/// One sample's pictures.
pub struct Drawings {
    /// One per variant (`Err`: why there is none), in [`Sample::variants`]' order; only the first when
    /// [`Drawings::same`].
    pub drawings: Vec<(Variant, Result<String, String>)>,
    /// Every variant drew the same picture.
    pub same: bool,
    /// The options the recorded run took beyond the defaults, in words (empty: none).
    pub options: String,
}

/// Records and draws every sample, in the registry's order (fewer if the study is interrupted).
pub fn draw_all(time_scale: TimeScale) -> Vec<(&'static str, Drawings)> {
    let mut all = Vec::new();
    for sample in &SAMPLES {
        if transcript::signalled().is_some() {
            break;
        }
        all.push((sample.name, draw(sample, time_scale)));
    }
    all
}

fn draw(sample: &'static Sample, time_scale: TimeScale) -> Drawings {
    let takes_n = sample.flags().iter().any(|flag| flag == "--n");
    let args: Vec<&str> = if takes_n { vec!["--n", FIB_N] } else { sample.default_args.to_vec() };
    let plots: &[Series] = if sample.name == "inline_recursive" { &[Series::Nesting] } else { &[] };
    let mut recorded = Vec::new();
    for variant in sample.variants() {
        let t = Transcript::capture(time_scale);
        let command = sample.command(clap::Command::new(sample.name).no_binary_name(true));
        let trace = command.try_get_matches_from(&args).map_err(|error| error.to_string()).map(|options| {
            // A sample meant to fail (actor2) draws its failure: its error is in the picture.
            let (_, trace) = Trace::record(trace::DRAWN, || sample.run(&t, variant, &options));
            trace
        });
        recorded.push((variant, trace));
    }
    let shapes: Vec<Option<Vec<String>>> =
        recorded.iter().map(|(_, trace)| trace.as_ref().ok().map(|trace| shape(&trace.events))).collect();
    let same = shapes.windows(2).all(|pair| pair[0].is_some() && pair[0] == pair[1]);
    let keep = if same { 1 } else { recorded.len() };
    let drawings = recorded
        .into_iter()
        .take(keep)
        .map(|(variant, trace)| {
            let title = format!("{} on {variant}", sample.python_file());
            (variant, trace.map(|trace| trace::drawing(&trace, &title, plots)))
        })
        .collect();
    let options = if takes_n { format!("--n {FIB_N}") } else { String::new() };
    Drawings { drawings, same, options }
}

/// What a picture shows, without times and numbers: each event's kind of thread, generator and step.
fn shape(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .take(trace::DIAGRAM_EVENTS)
        .map(|event| {
            let thread = event.thread.trim_end_matches(|c: char| c.is_ascii_digit());
            let generator = event.generator.as_ref().map(|g| g.name.to_string()).unwrap_or_default();
            let what = match &event.what {
                What::Post(_) => "post".to_string(),
                What::Deliver(_) => "deliver".to_string(),
                What::Line(_) => "line".to_string(),
                What::Gauge(name, _) => name.to_string(),
                other => format!("{other:?}"),
            };
            format!("{thread} {generator} {what}")
        })
        .collect()
}
