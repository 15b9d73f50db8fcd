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
    pub drawings: Vec<(Variant, Result<Drawn, String>)>,
    /// Every variant drew the same picture.
    pub same: bool,
    /// The options the recorded run took beyond the defaults, in words (empty: none).
    pub options: String,
}

/// One run's picture.
pub struct Drawn {
    /// The SVG ([`trace::drawing`]).
    pub svg: String,
    /// Where each generator was resumed, in words (`do_many resumed 11 times: 1 on main, 10 on pool threads`): what the
    /// picture shows, said for a reader who cannot tell the lanes apart at a glance.
    pub resumed: String,
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
            (
                variant,
                trace
                    .map(|trace| Drawn { svg: trace::drawing(&trace, &title, plots), resumed: resumed(&trace.events) }),
            )
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

/// Where each generator was resumed over the whole recording (as far as it was kept), in words: per name, in
/// the order they first ran, how many resumes on each kind of thread (`main`, `pool threads`); then each
/// resume refused because the generator was running.
pub fn resumed(events: &[Event]) -> String {
    /// How many generator names are listed; the rest are counted.
    const NAMES: usize = 4;
    let mut names: Vec<(&str, Vec<(String, u64)>)> = Vec::new();
    for event in events {
        let (What::Resume(_), Some(generator)) = (&event.what, &event.generator) else { continue };
        let kind = match event.thread.trim_end_matches(|c: char| c.is_ascii_digit()) {
            name if name.len() == event.thread.len() => name.to_string(),
            "thread-" => "unnamed threads".to_string(),
            prefix => format!("{} threads", prefix.trim_end_matches('-')),
        };
        let at = match names.iter().position(|(name, _)| *name == generator.name) {
            Some(at) => at,
            None => {
                names.push((generator.name, Vec::new()));
                names.len() - 1
            }
        };
        let threads = &mut names[at].1;
        match threads.iter_mut().find(|(known, _)| *known == kind) {
            Some((_, count)) => *count += 1,
            None => threads.push((kind, 1)),
        }
    }
    let mut words: Vec<String> = names
        .iter()
        .take(NAMES)
        .map(|(name, threads)| {
            let total: u64 = threads.iter().map(|(_, count)| count).sum();
            let times = if total == 1 { "once".to_string() } else { format!("{total} times") };
            match &threads[..] {
                [(thread, _)] if total == 1 => format!("{name} resumed once, on {thread}"),
                [(thread, _)] => format!("{name} resumed {times}, all on {thread}"),
                _ => {
                    let on: Vec<String> =
                        threads.iter().map(|(thread, count)| format!("{count} on {thread}")).collect();
                    format!("{name} resumed {times}: {}", on.join(", "))
                }
            }
        })
        .collect();
    if names.len() > NAMES {
        words.push(format!("{} more generators", names.len() - NAMES));
    }
    for event in events {
        if let (What::Reentry(error), Some(generator)) = (&event.what, &event.generator) {
            words.push(format!("{generator} resumed again while it was running: refused ({error})"));
        }
    }
    if words.is_empty() { "No generator was resumed.".to_string() } else { format!("{}.", words.join("; ")) }
}
