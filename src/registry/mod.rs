//! The table of contents: all 19 samples of the tutorial, in its order.
//!
//! Each [`Sample`] row names its Python file, its part, its Rust module, the backends it runs on, its own options
//! (a `clap::Args` struct from [`options`]) and the call that runs it. The CLI builds `final-frontier run SAMPLE`
//! from the rows ([`Sample::command`]); the tour, the study and the tests run the rows with the options a run
//! without a command line gets ([`Sample::run_default`]). A sample's `run` takes typed arguments and returns its
//! own error; the row is the one place that turns options into those arguments.

pub mod options;
mod table;

pub use table::SAMPLES;

use std::fmt;
use std::io::Write;

use clap::{ArgMatches, Args, Command, FromArgMatches};

use crate::backend::Backend;
use crate::transcript::Transcript;

/// A sample's own error, passed on as it is: each part has its own type, and the CLI prints the whole chain.
pub type SampleError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// What a sample runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunsOn {
    /// Generators: each of the three backends, one transcript.
    Backends,
    /// No generator; the label says what instead ("threads", "tokio", "recursion").
    Plain(&'static str),
}

/// One way to run a sample: on a backend, or its one plain way.
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

/// One sample of the tutorial.
pub struct Sample {
    /// The Python file's name without `.py`; also the CLI name.
    pub name: &'static str,
    /// The tutorial part (2 to 7), as the talk's outline orders them.
    pub part: u8,
    /// Where the Rust port lives.
    pub module: &'static str,
    /// Backends, or what it runs on instead.
    pub runs_on: RunsOn,
    /// Its timings are its output (fib2, fib3): the tour and the study run it with nothing else on the machine,
    /// one backend after another.
    pub alone: bool,
    /// It is meant to fail, as the original does (actor2): its run ends with an error, and that is correct.
    pub meant_to_fail: bool,
    /// The options the tour, the study and the tests run it with (a server serves until stopped otherwise).
    pub default_args: &'static [&'static str],
    /// Reads its options and calls its typed `run`.
    call: &'static (dyn Call + Sync),
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
    /// An option the sample does not take.
    #[error("{flag} does not apply to sample '{name}' ({takes})")]
    OptionNotAccepted {
        /// The sample.
        name: &'static str,
        /// The flag as typed.
        flag: String,
        /// What it does take, in words.
        takes: String,
    },
}

impl Sample {
    /// The Python file this sample ports.
    pub fn python_file(&self) -> String {
        format!("{}.py", self.name)
    }

    /// Every way this sample runs: each backend, or its one plain variant.
    pub fn variants(&self) -> Vec<Variant> {
        match self.runs_on {
            RunsOn::Backends => Backend::ALL.into_iter().map(Variant::On).collect(),
            RunsOn::Plain(label) => vec![Variant::Plain(label)],
        }
    }

    /// The backends column of `list`.
    pub fn backends_label(&self) -> String {
        match self.runs_on {
            RunsOn::Backends => Backend::ALL.map(Backend::name).join(", "),
            RunsOn::Plain(label) => format!("{label} (no generator)"),
        }
    }

    /// Picks the variants `run` asked for (`None`: all of them).
    pub fn plan(&self, backend: Option<Backend>) -> Result<Vec<Variant>, UsageError> {
        match (self.runs_on, backend) {
            (_, None) => Ok(self.variants()),
            (RunsOn::Backends, Some(backend)) => Ok(vec![Variant::On(backend)]),
            (RunsOn::Plain(label), Some(_)) => Err(UsageError::NoBackends { name: self.name, label }),
        }
    }

    /// `command` with this sample's own options added: `final-frontier run SAMPLE`'s arguments and `--help`.
    pub fn command(&self, command: Command) -> Command {
        self.call.options(command)
    }

    /// The long flags this sample takes, as typed (`--count`), for messages.
    pub fn flags(&self) -> Vec<String> {
        let command = self.command(Command::new(self.name));
        command.get_arguments().filter_map(|arg| arg.get_long()).map(|long| format!("--{long}")).collect()
    }

    /// Runs one variant with options parsed by [`Sample::command`], writing to `t`.
    pub fn run(&self, t: &Transcript, variant: Variant, options: &ArgMatches) -> Result<(), SampleError> {
        self.call.call(t, variant, options)
    }

    /// Runs one variant with [`Sample::default_args`], as the tour, the study and the tests do.
    pub fn run_default(&self, t: &Transcript, variant: Variant) -> Result<(), SampleError> {
        let command = self.command(Command::new(self.name).no_binary_name(true));
        let options = command.try_get_matches_from(self.default_args)?;
        self.run(t, variant, &options)
    }
}

/// A row's way from options to the sample's typed `run`. The two implementations below are the only ones: the
/// trait only erases the options' type, so that one table holds every sample.
trait Call {
    fn options(&self, command: Command) -> Command;
    fn call(&self, t: &Transcript, variant: Variant, options: &ArgMatches) -> Result<(), SampleError>;
}

/// A generator sample's call: on one backend, with its options `O`.
struct OnBackend<O>(fn(&Transcript, Backend, O) -> Result<(), SampleError>);

/// A sample with no generator backend, with its options `O`.
struct Plain<O>(fn(&Transcript, O) -> Result<(), SampleError>);

impl<O: Args + FromArgMatches> Call for OnBackend<O> {
    fn options(&self, command: Command) -> Command {
        O::augment_args(command)
    }

    fn call(&self, t: &Transcript, variant: Variant, options: &ArgMatches) -> Result<(), SampleError> {
        match variant {
            Variant::On(backend) => (self.0)(t, backend, O::from_arg_matches(options)?),
            Variant::Plain(label) => Err(format!("a generator sample has no plain variant '{label}'").into()),
        }
    }
}

impl<O: Args + FromArgMatches> Call for Plain<O> {
    fn options(&self, command: Command) -> Command {
        O::augment_args(command)
    }

    fn call(&self, t: &Transcript, variant: Variant, options: &ArgMatches) -> Result<(), SampleError> {
        match variant {
            Variant::Plain(_) => (self.0)(t, O::from_arg_matches(options)?),
            Variant::On(backend) => Err(format!("this sample does not run on {backend}").into()),
        }
    }
}

/// Finds a sample by name.
pub fn find(name: &str) -> Result<&'static Sample, UsageError> {
    SAMPLES.iter().find(|sample| sample.name == name).ok_or_else(|| UsageError::UnknownSample(name.to_string()))
}

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
        assert!(SAMPLES.iter().all(|s| !s.name.is_empty() && s.part >= 2 && s.module.ends_with(s.name)));
    }

    #[test]
    fn every_row_parses_its_default_args_and_its_help() {
        for sample in &SAMPLES {
            let command = sample.command(Command::new(sample.name).no_binary_name(true));
            command.clone().debug_assert();
            assert!(command.try_get_matches_from(sample.default_args).is_ok(), "{}", sample.name);
        }
        assert_eq!(find("cm").map(Sample::flags), Ok(vec![]));
        assert_eq!(find("fib2").map(Sample::flags), Ok(vec!["--n".to_string(), "--show-threads".to_string()]));
    }

    #[test]
    fn plan_refuses_a_backend_for_a_plain_sample() {
        assert!(matches!(find("nope"), Err(UsageError::UnknownSample(_))));
        let plan = find("async1").map(|s| s.plan(Some(Backend::Native)));
        assert!(matches!(plan, Ok(Err(UsageError::NoBackends { name: "async1", label: "tokio" }))));
        assert_eq!(find("cm").map(|s| s.plan(None).map(|v| v.len())), Ok(Ok(3)));
    }
}
