//! The table of contents: all 19 samples of the tutorial, in its order, ported or not.
//!
//! Each [`Sample`] names its Python file, its part, its Rust module, the backends it runs on and the options
//! it takes. [`tour`] runs every ported sample on each of its backends and checks that the backends print the
//! same transcript.

use std::fmt;
use std::io::Write;
use std::time::{Duration, Instant};

use crate::backend::Backend;
use crate::transcript::{TimeScale, Transcript};
use crate::{Error, part2_context, part3_futures, part4_yield_from, part6_actors, part7_compiler};

/// Runs a generator sample on one backend.
pub type BackendRun = fn(&Transcript, Backend, &Options) -> Result<(), Error>;

/// Runs a sample that uses no generator backend (threads, tokio, plain recursion).
pub type PlainRun = fn(&Transcript, &Options) -> Result<(), Error>;

/// How a sample runs. `None` means "not yet ported".
#[derive(Clone, Copy)]
pub enum Kind {
    /// A generator sample: runs on each of the three backends and prints one transcript.
    Generators(Option<BackendRun>),
    /// A sample with no generator; `label` says what it uses instead.
    Plain {
        /// What it runs on, e.g. "threads" or "tokio".
        label: &'static str,
        /// Its runner.
        run: Option<PlainRun>,
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
    /// `--host H`: the echo server's address.
    Host,
    /// `--port P`: the echo server's port.
    Port,
}

impl SampleOption {
    /// The flag as typed on the command line.
    pub fn flag(self) -> &'static str {
        match self {
            SampleOption::Count => "--count",
            SampleOption::Terms => "--terms",
            SampleOption::Expr => "--expr",
            SampleOption::N => "--n",
            SampleOption::Host => "--host",
            SampleOption::Port => "--port",
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
    /// `--host`
    pub host: Option<String>,
    /// `--port`
    pub port: Option<u16>,
}

impl Options {
    /// The options that were given.
    pub fn given(&self) -> Vec<SampleOption> {
        let given = [
            (SampleOption::Count, self.count.is_some()),
            (SampleOption::Terms, self.terms.is_some()),
            (SampleOption::Expr, self.expr.is_some()),
            (SampleOption::N, self.n.is_some()),
            (SampleOption::Host, self.host.is_some()),
            (SampleOption::Port, self.port.is_some()),
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
    /// The sample is registered but has no Rust port yet.
    #[error("sample '{name}' ({name}.py, part {part}) is not yet ported")]
    NotYetPorted {
        /// The sample.
        name: &'static str,
        /// Its part.
        part: u8,
    },
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

    /// Whether a Rust port exists.
    pub fn is_ported(&self) -> bool {
        match self.kind {
            Kind::Generators(run) => run.is_some(),
            Kind::Plain { run, .. } => run.is_some(),
        }
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
        if !self.is_ported() {
            return Err(UsageError::NotYetPorted { name: self.name, part: self.part });
        }
        if let Some(option) = options.given().into_iter().find(|option| !self.options.contains(option)) {
            return Err(UsageError::OptionNotAccepted { name: self.name, flag: option.flag(), accepts: self.options });
        }
        match (self.kind, backend) {
            (_, None) => Ok(self.variants()),
            (Kind::Generators(_), Some(backend)) => Ok(vec![Variant::On(backend)]),
            (Kind::Plain { label, .. }, Some(_)) => Err(UsageError::NoBackends { name: self.name, label }),
        }
    }

    /// Runs one variant, writing to `t`.
    pub fn run(&self, t: &Transcript, variant: Variant, options: &Options) -> Result<(), Error> {
        match (self.kind, variant) {
            (Kind::Generators(Some(run)), Variant::On(backend)) => run(t, backend, options),
            (Kind::Plain { run: Some(run), .. }, Variant::Plain(_)) => run(t, options),
            _ => unreachable!("plan() only hands out variants of ported samples that match their kind"),
        }
    }
}

/// Finds a sample by name.
pub fn find(name: &str) -> Result<&'static Sample, UsageError> {
    SAMPLES.iter().find(|sample| sample.name == name).ok_or_else(|| UsageError::UnknownSample(name.to_string()))
}

const NOT_YET: Kind = Kind::Generators(None);

/// All 19 samples, in the tutorial's order.
pub static SAMPLES: [Sample; 19] = {
    use SampleOption::*;
    [
        Sample {
            name: "cm",
            part: 2,
            module: "part2_context::cm",
            kind: Kind::Generators(Some(|t, backend, _| part2_context::cm::run(t, backend))),
            options: &[],
        },
        Sample {
            name: "simplefuture",
            part: 3,
            module: "part3_futures::simplefuture",
            kind: Kind::Plain { label: "threads", run: Some(|t, _| Ok(part3_futures::simplefuture::run(t)?)) },
            options: &[],
        },
        Sample {
            name: "inline1",
            part: 3,
            module: "part3_futures::inline1",
            kind: Kind::Generators(Some(|t, backend, _| part3_futures::inline1::run(t, backend))),
            options: &[],
        },
        Sample {
            name: "inline2",
            part: 3,
            module: "part3_futures::inline2",
            kind: Kind::Generators(Some(|t, backend, _| part3_futures::inline2::run(t, backend))),
            options: &[],
        },
        Sample {
            name: "inline_recursive",
            part: 3,
            module: "part3_futures::inline_recursive",
            kind: Kind::Generators(Some(part3_futures::inline_recursive::run)),
            options: &[Count],
        },
        Sample {
            name: "inline_puzzle",
            part: 3,
            module: "part4_yield_from::inline_puzzle",
            kind: Kind::Generators(Some(|t, backend, _| part4_yield_from::inline_puzzle::run(t, backend))),
            options: &[],
        },
        Sample {
            name: "inline_iter",
            part: 4,
            module: "part4_yield_from::inline_iter",
            kind: Kind::Generators(Some(|t, backend, _| part4_yield_from::inline_iter::run(t, backend))),
            options: &[],
        },
        Sample {
            name: "inline_future",
            part: 4,
            module: "part4_yield_from::inline_future",
            kind: Kind::Generators(Some(|t, backend, _| part4_yield_from::inline_future::run(t, backend))),
            options: &[],
        },
        Sample {
            name: "async1",
            part: 4,
            module: "part4_yield_from::async1",
            kind: Kind::Plain { label: "tokio", run: None },
            options: &[],
        },
        Sample {
            name: "async2",
            part: 4,
            module: "part4_yield_from::async2",
            kind: Kind::Plain { label: "tokio", run: None },
            options: &[Host, Port],
        },
        Sample { name: "fib1", part: 5, module: "part5_gil::fib1", kind: NOT_YET, options: &[N] },
        Sample { name: "fib2", part: 5, module: "part5_gil::fib2", kind: NOT_YET, options: &[N] },
        Sample { name: "fib3", part: 5, module: "part5_gil::fib3", kind: NOT_YET, options: &[N] },
        Sample {
            name: "actor1",
            part: 6,
            module: "part6_actors::actor1",
            kind: Kind::Generators(Some(|t, backend, _| Ok(part6_actors::actor1::run(t, backend)?))),
            options: &[],
        },
        Sample {
            name: "actor2",
            part: 6,
            module: "part6_actors::actor2",
            kind: Kind::Generators(Some(|t, backend, _| Ok(part6_actors::actor2::run(t, backend)?))),
            options: &[],
        },
        Sample {
            name: "tactor",
            part: 6,
            module: "part6_actors::tactor",
            kind: Kind::Generators(Some(|t, backend, options| {
                Ok(part6_actors::tactor::run(t, backend, options.count.unwrap_or(part6_actors::DEFAULT_COUNT))?)
            })),
            options: &[Count],
        },
        Sample {
            name: "actor3",
            part: 6,
            module: "part6_actors::actor3",
            kind: Kind::Generators(Some(|t, backend, options| {
                Ok(part6_actors::actor3::run(t, backend, options.count.unwrap_or(part6_actors::DEFAULT_COUNT))?)
            })),
            options: &[Count],
        },
        Sample {
            name: "compiler1",
            part: 7,
            module: "part7_compiler::compiler1",
            kind: Kind::Plain { label: "recursion", run: Some(part7_compiler::compiler1::run) },
            options: &[Terms, Expr],
        },
        Sample {
            name: "compiler2",
            part: 7,
            module: "part7_compiler::compiler2",
            kind: Kind::Generators(Some(part7_compiler::compiler2::run)),
            options: &[Terms, Expr],
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
        let backends = if sample.is_ported() { sample.backends_label() } else { "not yet ported".to_string() };
        let python = format!("python/{}", sample.python_file());
        row(out, [sample.name, &python, &sample.part.to_string(), sample.module, &backends])?;
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
    /// One outcome per variant (empty: not yet ported).
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
        if !self.sample.is_ported() {
            "not yet ported"
        } else if self.outcomes.iter().any(|outcome| outcome.result.is_err()) {
            "FAILED"
        } else if self.same_transcript() {
            "same transcript"
        } else {
            "DIFFERENT transcripts"
        }
    }
}

/// Runs every ported sample on every variant, printing each transcript live under a header, then the summary
/// table. Returns the rows; the tour succeeded if every ported row says "same transcript".
pub fn tour(time_scale: TimeScale, out: &mut impl Write) -> std::io::Result<Vec<TourRow>> {
    let mut rows = Vec::new();
    for sample in &SAMPLES {
        let mut outcomes = Vec::new();
        if sample.is_ported() {
            for variant in sample.variants() {
                writeln!(out, "==== {} on {variant} ====", sample.python_file())?;
                out.flush()?;
                let t = Transcript::live(time_scale);
                let started = Instant::now();
                let result = sample.run(&t, variant, &Options::default());
                let elapsed = started.elapsed();
                if let Err(error) = &result {
                    writeln!(out, "error: {error}")?;
                }
                outcomes.push(Outcome {
                    variant,
                    result: result.map(|()| t.text()).map_err(|e| e.to_string()),
                    elapsed,
                });
            }
        }
        rows.push(TourRow { sample, outcomes });
    }
    summary(&rows, out)?;
    Ok(rows)
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
        let fib1 = find("fib1").map(|s| s.plan(None, &Options::default()));
        assert!(matches!(fib1, Ok(Err(UsageError::NotYetPorted { .. }))));
    }
}
