//! The table of contents: all 19 samples of the tutorial, in its order.
//!
//! Each [`Sample`] names its Python file, its part, its Rust module, the backends it runs on and the options
//! it takes. [`tour`] runs every sample on each of its backends and checks that the backends print the
//! same transcript.

use std::fmt;
use std::io::Write;
use std::time::{Duration, Instant};

use crate::backend::Backend;
use crate::part2_context::cm;
use crate::part3_futures::{inline_recursive, inline1, inline2, simplefuture};
use crate::part4_yield_from::{async1, async2, inline_future, inline_iter, inline_puzzle};
use crate::part5_gil::{self as gil, fib1, fib2, fib3};
use crate::part6_actors::{self as actors, actor1, actor2, actor3, tactor};
use crate::part7_compiler::{self as compiler, compiler1, compiler2};
use crate::transcript::{TimeScale, Transcript};

/// A sample's own error, passed on as it is: each part has its own type, and the CLI prints the whole chain.
pub type SampleError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Runs a generator sample on one backend: a row reads the options the sample takes, with their defaults, and
/// calls the sample's typed `run`.
pub type BackendRun = fn(&Transcript, Backend, &Options) -> Result<(), SampleError>;

/// Runs a sample that uses no generator backend (threads, tokio, plain recursion).
pub type PlainRun = fn(&Transcript, &Options) -> Result<(), SampleError>;

/// How a sample runs.
#[derive(Clone, Copy)]
pub enum Kind {
    /// A generator sample: runs on each of the three backends and prints one transcript.
    Generators(BackendRun),
    /// A sample with no generator; `label` says what it uses instead.
    Plain {
        /// What it runs on, e.g. "threads" or "tokio".
        label: &'static str,
        /// Its runner.
        run: PlainRun,
    },
}

/// A sample option of `final-frontier run`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SampleOption {
    /// `--count N`: ticks or messages, for the samples that run forever in Python.
    Count,
    /// `--terms N`: the length of the compilers' explosion chain.
    Terms,
    /// `--expr TEXT`: the compilers' expression.
    Expr,
    /// `--n N`: the fib samples' size.
    N,
    /// `--show-threads`: the fib samples print which thread resumes each generator, on stderr.
    ShowThreads,
    /// `--host H`: the echo server's address.
    Host,
    /// `--port P`: the echo server's port.
    Port,
    /// `--max-line BYTES`: the echo server's longest line.
    MaxLine,
    /// `--max-clients N`: the echo server's limit on clients at once.
    MaxClients,
    /// `--self-test`: a server runs its self-test, which ends, instead of serving until stopped. The tour and
    /// the tests run every sample that takes it this way ([`Sample::tour_options`]).
    SelfTest,
}

impl SampleOption {
    /// The flag as typed on the command line.
    pub fn flag(self) -> &'static str {
        match self {
            SampleOption::Count => "--count",
            SampleOption::Terms => "--terms",
            SampleOption::Expr => "--expr",
            SampleOption::N => "--n",
            SampleOption::ShowThreads => "--show-threads",
            SampleOption::Host => "--host",
            SampleOption::Port => "--port",
            SampleOption::MaxLine => "--max-line",
            SampleOption::MaxClients => "--max-clients",
            SampleOption::SelfTest => "--self-test",
        }
    }
}

/// The values of the sample options given on the command line (`None`: not given, use the sample's default).
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--count`
    pub count: Option<u64>,
    /// `--terms`
    pub terms: Option<u64>,
    /// `--expr`
    pub expr: Option<String>,
    /// `--n`
    pub n: Option<u32>,
    /// `--show-threads` (a flag: `false` is "not given")
    pub show_threads: bool,
    /// `--host`
    pub host: Option<String>,
    /// `--port`
    pub port: Option<u16>,
    /// `--max-line`
    pub max_line: Option<usize>,
    /// `--max-clients`
    pub max_clients: Option<usize>,
    /// `--self-test`
    pub self_test: bool,
}

impl Options {
    /// The options that were given.
    pub fn given(&self) -> Vec<SampleOption> {
        let given = [
            (SampleOption::Count, self.count.is_some()),
            (SampleOption::Terms, self.terms.is_some()),
            (SampleOption::Expr, self.expr.is_some()),
            (SampleOption::N, self.n.is_some()),
            (SampleOption::ShowThreads, self.show_threads),
            (SampleOption::Host, self.host.is_some()),
            (SampleOption::Port, self.port.is_some()),
            (SampleOption::MaxLine, self.max_line.is_some()),
            (SampleOption::MaxClients, self.max_clients.is_some()),
            (SampleOption::SelfTest, self.self_test),
        ];
        given.into_iter().filter_map(|(option, is_given)| is_given.then_some(option)).collect()
    }
}

/// One sample of the tutorial.
#[derive(Clone, Copy)]
pub struct Sample {
    /// The Python file's name without `.py`; also the CLI name.
    pub name: &'static str,
    /// The tutorial part (2 to 7).
    pub part: u8,
    /// Where the Rust port lives (or will live).
    pub module: &'static str,
    /// Which backends, and the runner.
    pub kind: Kind,
    /// The sample options it accepts.
    pub options: &'static [SampleOption],
    /// Whether the tour runs it alone: its timings are its output (fib2, fib3), so it must not share the machine.
    pub alone: bool,
}

/// One way to run a sample: on a backend, or plain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// On one generator backend.
    On(Backend),
    /// The sample's only variant, with no generator backend.
    Plain(&'static str),
}

impl fmt::Display for Variant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Variant::On(backend) => backend.fmt(f),
            Variant::Plain(label) => f.write_str(label),
        }
    }
}

/// Misuse of `run`: the CLI reports it and exits with code 2.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum UsageError {
    /// No such sample.
    #[error("unknown sample '{0}'; `final-frontier list` shows the 19 samples")]
    UnknownSample(String),
    /// A backend was named for a sample that uses none.
    #[error("sample '{name}' uses no generator backend (it runs on {label}); leave out --backend or say --backend all")]
    NoBackends {
        /// The sample.
        name: &'static str,
        /// What it runs on instead.
        label: &'static str,
    },
    /// A sample option the sample does not take.
    #[error("{flag} does not apply to sample '{name}'{}", accepted(.accepts))]
    OptionNotAccepted {
        /// The sample.
        name: &'static str,
        /// The flag.
        flag: &'static str,
        /// What it does accept.
        accepts: &'static [SampleOption],
    },
    /// A sample option's value the sample refuses; the sample's own error says why.
    #[error("{flag} refused: {reason}")]
    Refused {
        /// The flag.
        flag: &'static str,
        /// The sample's reason.
        reason: String,
    },
}

fn accepted(accepts: &[SampleOption]) -> String {
    if accepts.is_empty() {
        " (it takes no sample options)".to_string()
    } else {
        let flags: Vec<_> = accepts.iter().map(|option| option.flag()).collect();
        format!(" (it takes {})", flags.join(", "))
    }
}

impl Sample {
    /// The Python file this sample ports.
    pub fn python_file(&self) -> String {
        format!("{}.py", self.name)
    }

    /// Every way this sample runs: each backend, or its one plain variant.
    pub fn variants(&self) -> Vec<Variant> {
        match self.kind {
            Kind::Generators(_) => Backend::ALL.into_iter().map(Variant::On).collect(),
            Kind::Plain { label, .. } => vec![Variant::Plain(label)],
        }
    }

    /// The backends column of `list`.
    pub fn backends_label(&self) -> String {
        match self.kind {
            Kind::Generators(_) => Backend::ALL.map(Backend::name).join(", "),
            Kind::Plain { label, .. } => format!("{label} (no generator)"),
        }
    }

    /// Picks the variants `run` asked for (`None`: all of them) and checks the options.
    pub fn plan(&self, backend: Option<Backend>, options: &Options) -> Result<Vec<Variant>, UsageError> {
        if let Some(option) = options.given().into_iter().find(|option| !self.options.contains(option)) {
            return Err(UsageError::OptionNotAccepted { name: self.name, flag: option.flag(), accepts: self.options });
        }
        // Only the fib samples take `--n`, and they share its limit: refused here, it is misuse (exit 2).
        if let Some(n) = options.n {
            let flag = SampleOption::N.flag();
            gil::check_n(n).map_err(|error| UsageError::Refused { flag, reason: error.to_string() })?;
        }
        match (self.kind, backend) {
            (_, None) => Ok(self.variants()),
            (Kind::Generators(_), Some(backend)) => Ok(vec![Variant::On(backend)]),
            (Kind::Plain { label, .. }, Some(_)) => Err(UsageError::NoBackends { name: self.name, label }),
        }
    }

    /// The options the tour and the tests run this sample with: the defaults, plus `--self-test` for a sample
    /// that takes it (a server, whose `run` would otherwise serve until stopped).
    pub fn tour_options(&self) -> Options {
        Options { self_test: self.options.contains(&SampleOption::SelfTest), ..Options::default() }
    }

    /// Runs one variant, writing to `t`.
    pub fn run(&self, t: &Transcript, variant: Variant, options: &Options) -> Result<(), SampleError> {
        match (self.kind, variant) {
            (Kind::Generators(run), Variant::On(backend)) => run(t, backend, options),
            (Kind::Plain { run, .. }, Variant::Plain(_)) => run(t, options),
            _ => Err(format!("sample '{}' has no variant '{variant}' (see `Sample::plan`)", self.name).into()),
        }
    }
}

/// The compilers' first expression: `--expr`, or the original's.
fn expression(options: &Options) -> &str {
    options.expr.as_deref().unwrap_or(compiler::EXPRESSION)
}

/// Finds a sample by name.
pub fn find(name: &str) -> Result<&'static Sample, UsageError> {
    SAMPLES.iter().find(|sample| sample.name == name).ok_or_else(|| UsageError::UnknownSample(name.to_string()))
}

/// All 19 samples, in the tutorial's order.
pub static SAMPLES: [Sample; 19] = {
    use SampleOption::*;
    [
        Sample {
            name: "cm",
            part: 2,
            module: "part2_context::cm",
            kind: Kind::Generators(|t, backend, _| Ok(cm::run(t, backend)?)),
            options: &[],
            alone: false,
        },
        Sample {
            name: "simplefuture",
            part: 3,
            module: "part3_futures::simplefuture",
            kind: Kind::Plain { label: "threads", run: (|t, _| Ok(simplefuture::run(t)?)) },
            options: &[],
            alone: false,
        },
        Sample {
            name: "inline1",
            part: 3,
            module: "part3_futures::inline1",
            kind: Kind::Generators(|t, backend, _| Ok(inline1::run(t, backend)?)),
            options: &[],
            alone: false,
        },
        Sample {
            name: "inline2",
            part: 3,
            module: "part3_futures::inline2",
            kind: Kind::Generators(|t, backend, _| Ok(inline2::run(t, backend)?)),
            options: &[],
            alone: false,
        },
        Sample {
            name: "inline_recursive",
            part: 3,
            module: "part3_futures::inline_recursive",
            kind: Kind::Generators(|t, backend, o| {
                Ok(inline_recursive::run(t, backend, o.count.unwrap_or(inline_recursive::DEFAULT_COUNT))?)
            }),
            options: &[Count],
            alone: false,
        },
        Sample {
            name: "inline_puzzle",
            part: 3,
            module: "part4_yield_from::inline_puzzle",
            kind: Kind::Generators(|t, backend, _| Ok(inline_puzzle::run(t, backend)?)),
            options: &[],
            alone: false,
        },
        Sample {
            name: "inline_iter",
            part: 4,
            module: "part4_yield_from::inline_iter",
            kind: Kind::Generators(|t, backend, _| Ok(inline_iter::run(t, backend)?)),
            options: &[],
            alone: false,
        },
        Sample {
            name: "inline_future",
            part: 4,
            module: "part4_yield_from::inline_future",
            kind: Kind::Generators(|t, backend, _| Ok(inline_future::run(t, backend)?)),
            options: &[],
            alone: false,
        },
        Sample {
            name: "async1",
            part: 4,
            module: "part4_yield_from::async1",
            kind: Kind::Plain { label: "tokio", run: (|t, _| Ok(async1::run(t)?)) },
            options: &[],
            alone: false,
        },
        Sample {
            name: "async2",
            part: 4,
            module: "part4_yield_from::async2",
            kind: Kind::Plain {
                label: "tokio",
                run: (|t, o| {
                    use async2::{DEFAULT_HOST, DEFAULT_MAX_CLIENTS, DEFAULT_MAX_LINE, DEFAULT_PORT};
                    let max_line = o.max_line.unwrap_or(DEFAULT_MAX_LINE);
                    let limits = async2::Limits::new(max_line, o.max_clients.unwrap_or(DEFAULT_MAX_CLIENTS))?;
                    if o.self_test {
                        return Ok(async2::self_test(t, limits)?);
                    }
                    Ok(async2::run(
                        t,
                        o.host.as_deref().unwrap_or(DEFAULT_HOST),
                        o.port.unwrap_or(DEFAULT_PORT),
                        limits,
                    )?)
                }),
            },
            options: &[Host, Port, MaxLine, MaxClients, SelfTest],
            alone: false,
        },
        Sample {
            name: "fib1",
            part: 5,
            module: "part5_gil::fib1",
            kind: Kind::Generators(|t, backend, o| {
                Ok(fib1::run(t, backend, o.n.unwrap_or(fib1::DEFAULT_N), o.show_threads)?)
            }),
            options: &[N, ShowThreads],
            alone: false,
        },
        Sample {
            name: "fib2",
            part: 5,
            module: "part5_gil::fib2",
            kind: Kind::Generators(|t, backend, o| {
                Ok(fib2::run(t, backend, o.n.unwrap_or(fib2::DEFAULT_N), o.show_threads)?)
            }),
            options: &[N, ShowThreads],
            alone: true,
        },
        Sample {
            name: "fib3",
            part: 5,
            module: "part5_gil::fib3",
            kind: Kind::Generators(|t, backend, o| {
                Ok(fib3::run(t, backend, o.n.unwrap_or(fib3::DEFAULT_N), o.show_threads)?)
            }),
            options: &[N, ShowThreads],
            alone: true,
        },
        Sample {
            name: "actor1",
            part: 6,
            module: "part6_actors::actor1",
            kind: Kind::Generators(|t, backend, _| Ok(actor1::run(t, backend)?)),
            options: &[],
            alone: false,
        },
        Sample {
            name: "actor2",
            part: 6,
            module: "part6_actors::actor2",
            kind: Kind::Generators(|t, backend, _| Ok(actor2::run(t, backend)?)),
            options: &[],
            alone: false,
        },
        Sample {
            name: "tactor",
            part: 6,
            module: "part6_actors::tactor",
            kind: Kind::Generators(|t, backend, options| {
                Ok(tactor::run(t, backend, options.count.unwrap_or(actors::DEFAULT_COUNT))?)
            }),
            options: &[Count],
            alone: false,
        },
        Sample {
            name: "actor3",
            part: 6,
            module: "part6_actors::actor3",
            kind: Kind::Generators(|t, backend, options| {
                Ok(actor3::run(t, backend, options.count.unwrap_or(actors::DEFAULT_COUNT))?)
            }),
            options: &[Count],
            alone: false,
        },
        Sample {
            name: "compiler1",
            part: 7,
            module: "part7_compiler::compiler1",
            kind: Kind::Plain {
                label: "recursion",
                run: (|t, o| Ok(compiler1::run(t, expression(o), o.terms.unwrap_or(compiler::DEFAULT_TERMS))?)),
            },
            options: &[Terms, Expr],
            alone: false,
        },
        Sample {
            name: "compiler2",
            part: 7,
            module: "part7_compiler::compiler2",
            kind: Kind::Generators(|t, backend, o| {
                Ok(compiler2::run(t, backend, expression(o), o.terms.unwrap_or(compiler::DEFAULT_TERMS))?)
            }),
            options: &[Terms, Expr],
            alone: false,
        },
    ]
};

/// Writes the `list` table.
pub fn list(out: &mut impl Write) -> std::io::Result<()> {
    let row = |out: &mut dyn Write, cells: [&str; 5]| {
        let [name, python, part, module, backends] = cells;
        writeln!(out, "{name:<18} {python:<28} {part:<5} {module:<34} {backends}")
    };
    row(out, ["sample", "python file", "part", "rust module", "backends"])?;
    for sample in &SAMPLES {
        let python = format!("python/{}", sample.python_file());
        row(out, [sample.name, &python, &sample.part.to_string(), sample.module, &sample.backends_label()])?;
    }
    Ok(())
}

/// How one variant of a sample went in the tour.
pub struct Outcome {
    /// Which variant.
    pub variant: Variant,
    /// The recorded transcript, or the error.
    pub result: Result<String, String>,
    /// Wall time.
    pub elapsed: Duration,
}

/// What the tour did with one sample.
pub struct TourRow {
    /// The sample.
    pub sample: &'static Sample,
    /// One outcome per variant (fewer if the tour was stopped).
    pub outcomes: Vec<Outcome>,
}

impl TourRow {
    /// Every variant ran and all printed the same transcript.
    pub fn same_transcript(&self) -> bool {
        let mut transcripts = self.outcomes.iter().map(|outcome| outcome.result.as_ref().ok());
        match transcripts.next() {
            Some(Some(first)) => transcripts.all(|other| other == Some(first)),
            _ => false,
        }
    }

    /// The summary's last column.
    pub fn verdict(&self) -> &'static str {
        if self.outcomes.iter().any(|outcome| outcome.result.is_err()) {
            "FAILED"
        } else if self.same_transcript() {
            "same transcript"
        } else {
            "DIFFERENT transcripts"
        }
    }
}

/// What the tour says before its first transcript.
const INTRO: &str = "The tour of \"Generators: The Final Frontier\": each sample of the tutorial on each Rust backend \
                     (native, stackless, stackful),\nits transcript printed once per backend; the table at the end \
                     says whether the backends printed the same one.";

/// Runs every sample on every variant and prints, in the tutorial's order, each transcript whole under a
/// header, then the summary table and the total time. Returns the rows; the tour succeeded if every ported row
/// says "same transcript".
///
/// Most samples spend their time sleeping, so the tour runs them all at once, each variant on its own thread with
/// a captured transcript, and prints each as soon as it and those before it are done: the order and the text are
/// the same as one at a time, the wall time is the longest sample's. A sample marked [`Sample::alone`] (its
/// timings are its output) runs by itself, after those before it and before those after it, one variant after
/// another.
///
/// A write error on `out` stops every sample still running (their cleanup runs), then returns the error.
pub fn tour(time_scale: TimeScale, out: &mut impl Write) -> std::io::Result<Vec<TourRow>> {
    let started = Instant::now();
    writeln!(out, "{INTRO}\n")?;
    let mut rows = Vec::new();
    // Batches of samples that may run together: a run of ordinary samples, or one sample that runs alone.
    let mut batches: Vec<Vec<&'static Sample>> = Vec::new();
    for sample in &SAMPLES {
        match batches.last_mut() {
            Some(batch) if !sample.alone && !batch.iter().any(|s| s.alone) => batch.push(sample),
            _ => batches.push(vec![sample]),
        }
    }
    for batch in batches {
        run_batch(&batch, time_scale, out, &mut rows)?;
        if crate::transcript::signalled().is_some() {
            break;
        }
    }
    summary(&rows, out)?;
    writeln!(out, "\ntotal: {:.3}s", started.elapsed().as_secs_f64())?;
    Ok(rows)
}

/// Runs one batch's samples and variants concurrently, printing each sample's transcripts in order.
fn run_batch(
    batch: &[&'static Sample],
    time_scale: TimeScale,
    out: &mut impl Write,
    rows: &mut Vec<TourRow>,
) -> std::io::Result<()> {
    std::thread::scope(|scope| {
        let runs: Vec<(&'static Sample, Vec<_>)> = batch
            .iter()
            .map(|&sample| {
                // An alone sample's variants run one after another: each waits until the one before has ended
                // (its `done` sender is dropped).
                let mut before: Option<std::sync::mpsc::Receiver<()>> = None;
                let variants = sample.variants().into_iter().map(|variant| {
                    let t = Transcript::capture(time_scale);
                    let runner = t.clone();
                    let (done, next) = std::sync::mpsc::channel::<()>();
                    let wait = if sample.alone { before.replace(next) } else { None };
                    let handle = scope.spawn(move || {
                        let _done = done;
                        if let Some(wait) = wait {
                            let _ = wait.recv();
                        }
                        let started = Instant::now();
                        let result = sample.run(&runner, variant, &sample.tour_options()).map_err(|e| e.to_string());
                        (result, started.elapsed())
                    });
                    (variant, t, handle)
                });
                (sample, variants.collect())
            })
            .collect();
        let all: Vec<Transcript> = runs.iter().flat_map(|(_, v)| v.iter().map(|(_, t, _)| t.clone())).collect();
        let mut failed = Ok(());
        for (sample, variants) in runs {
            let mut outcomes = Vec::new();
            for (variant, t, handle) in variants {
                let (result, elapsed) =
                    handle.join().unwrap_or_else(|_| (Err("the sample panicked".to_string()), Duration::ZERO));
                if failed.is_ok() {
                    failed = print_outcome(out, sample, variant, &t, &result);
                    if failed.is_err() {
                        // Nobody reads the rest: stop what still runs, so its cleanup runs before we return.
                        all.iter().for_each(|t| t.stop(crate::transcript::Stopped::OutputClosed));
                    }
                }
                outcomes.push(Outcome { variant, result: result.map(|()| t.text()), elapsed });
            }
            rows.push(TourRow { sample, outcomes });
        }
        failed
    })
}

/// One variant's transcript under its header, with real timings, or its error.
fn print_outcome(
    out: &mut impl Write,
    sample: &Sample,
    variant: Variant,
    t: &Transcript,
    result: &Result<(), String>,
) -> std::io::Result<()> {
    writeln!(out, "==== {} on {variant} ====", sample.python_file())?;
    out.write_all(t.shown_text().as_bytes())?;
    if let Err(error) = result {
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
            let cell = row.outcomes.iter().find(|outcome| match outcome.variant {
                Variant::On(backend) => backend.name() == column,
                Variant::Plain(_) => column == "plain",
            });
            let text = match cell {
                Some(Outcome { result: Ok(_), elapsed, .. }) => format!("{:.3}s", elapsed.as_secs_f64()),
                Some(Outcome { result: Err(_), .. }) => "error".to_string(),
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
    fn names_are_unique_and_in_the_tutorials_order() {
        let names: Vec<_> = SAMPLES.iter().map(|s| s.name).collect();
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 19);
        assert_eq!(names.first(), Some(&"cm"));
        assert_eq!(names.last(), Some(&"compiler2"));
        assert!(SAMPLES.windows(2).all(|pair| pair[0].part <= pair[1].part));
    }

    #[test]
    fn plan_refuses_misuse() {
        let opts = Options { terms: Some(3), ..Options::default() };
        let cm = find("cm").map(|s| s.plan(None, &opts));
        assert!(matches!(cm, Ok(Err(UsageError::OptionNotAccepted { flag: "--terms", .. }))));
        assert!(matches!(find("nope"), Err(UsageError::UnknownSample(_))));
        let big = Options { n: Some(gil::MAX_N + 1), ..Options::default() };
        let fib2 = find("fib2").map(|s| s.plan(None, &big));
        assert!(matches!(fib2, Ok(Err(UsageError::Refused { flag: "--n", .. }))));
        let threads = Options { show_threads: true, ..Options::default() };
        let cm = find("cm").map(|s| s.plan(None, &threads));
        assert!(matches!(cm, Ok(Err(UsageError::OptionNotAccepted { flag: "--show-threads", .. }))));
    }
}
