//! The `final-frontier` command: the tour, `list`, `run`, `trace`, `report` and `study`. Thin: it parses
//! arguments, reads what the user pointed at, and calls the library; it alone decides exit codes.
//!
//! Exit codes: 0 success (a closed stdout, as in `| head`, counts: nobody reads the rest); 1 a sample failed or
//! stdout could not be written; 2 misuse; 130 / 143 stopped by Ctrl-C / SIGTERM (after every cleanup ran).

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use final_frontier::backend::Backend;
use final_frontier::registry::{self, Sample, Variant};
use final_frontier::report::{self, Paths};
use final_frontier::study::{self, Study};
use final_frontier::tour;
use final_frontier::trace::{self, Trace};
use final_frontier::transcript::{self, TimeScale, Transcript};

/// Exit code for misuse: unknown sample, backend or option, bad number.
const USAGE: u8 = 2;
/// Exit code for a sample that failed, or output that could not be written.
const FAILED: u8 = 1;

/// David Beazley's "Generators: The Final Frontier", ported to Rust on three generator backends.
///
/// With no command, runs the tour: every sample on every backend it supports, then a summary table.
#[derive(Parser)]
#[command(name = "final-frontier", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Multiplies every sleep, for the tour, `run` and `study` alike: 0.1 (the default) runs the tutorial's
    /// 1-second jobs in 0.1 s; 1 is the original's own timing; 0 does not sleep. At most 100.
    #[arg(long, value_name = "X", default_value = "0.1", allow_negative_numbers = true, global = true)]
    time_scale: TimeScale,
}

#[derive(Subcommand)]
enum Command {
    /// Lists the 19 samples: Python file, part, Rust module, backends.
    List,
    /// Runs one sample and prints its transcript (`run SAMPLE --help`: the sample's own options).
    #[command(subcommand, subcommand_required = true, arg_required_else_help = true)]
    Run(SampleCall),
    /// Runs one sample and prints what its drivers did instead of its transcript: each resume (with what was
    /// sent or thrown in), yield, return, wake-up and printed line, on which thread, indented by nesting.
    #[command(subcommand, subcommand_required = true, arg_required_else_help = true)]
    Trace(TraceCall),
    /// Writes BENCHMARKS.md and its charts from the last `cargo bench` and `python3 python/bench.py`.
    ///
    /// Run from the repository's root. What is missing (a group not run, no CPython figures) is said in the
    /// document and on stderr, with the command that provides it.
    Report(ReportArgs),
    /// Writes the study: a static site of the talk's parts, a page for the protocol, and one per sample (its
    /// Python beside its Rust function by function, the drivers it uses, the transcript of a real run at
    /// --time-scale, its bench figures), and an index.
    Study(StudyArgs),
}

#[derive(clap::Args)]
struct ReportArgs {
    /// criterion's results [default: $CRITERION_HOME, else $CARGO_TARGET_DIR/criterion, else target/criterion].
    #[arg(long, value_name = "DIR")]
    criterion: Option<PathBuf>,
    /// python/bench.py's output.
    #[arg(long, value_name = "FILE", default_value = "target/python-bench.json")]
    python: PathBuf,
    /// Where to write BENCHMARKS.md; the charts go to docs/benchmarks/ under it.
    #[arg(long, value_name = "DIR", default_value = ".")]
    out: PathBuf,
    /// Fail (exit 1, nothing written) if anything is missing, instead of writing a partial report.
    #[arg(long)]
    strict: bool,
}

#[derive(clap::Args)]
struct StudyArgs {
    /// Where to write the site (created if needed; its files are overwritten, nothing is removed).
    /// Default: target/study under the crate's root.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// `run SAMPLE [OPTIONS]`: one subcommand per row of the registry, each with `--backend` and the sample's own
/// options (declared once, in the registry's `options`), so `run SAMPLE --help` lists exactly what it takes.
struct SampleCall {
    /// The name typed (an unknown one is kept, to be reported as misuse with the list's hint).
    name: String,
    backend: BackendChoice,
    options: clap::ArgMatches,
}

/// What every sample's `run` takes besides its own options.
#[derive(clap::Args)]
struct Common {
    /// Which backend; `all` runs each backend the sample supports, one transcript each.
    #[arg(long, value_enum, default_value_t = BackendChoice::All)]
    backend: BackendChoice,
}

/// `trace SAMPLE [OPTIONS]`: `run`'s subcommands, plus `--limit`.
struct TraceCall {
    call: SampleCall,
    limit: usize,
    svg: Option<PathBuf>,
}

/// What `trace` takes besides `run`'s options.
#[derive(clap::Args)]
struct TraceOptions {
    /// Print the first N events of each run (the summary at the end counts them all).
    #[arg(long, value_name = "N", default_value_t = 1000)]
    limit: usize,
    /// Also draw each run as the study does: DIR/SAMPLE-BACKEND.svg (a diagram of the first events, and a plot
    /// of the quantity that matters in a long run).
    #[arg(long, value_name = "DIR")]
    svg: Option<PathBuf>,
}

impl clap::FromArgMatches for TraceCall {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        let call = SampleCall::from_arg_matches(matches)?;
        let options = matches.subcommand().map(|(_, options)| options);
        let limit = match options.map(|options| options.try_get_one::<usize>("limit")) {
            Some(Ok(Some(&limit))) => limit,
            _ => 1000,
        };
        let svg = options.and_then(|options| options.try_get_one::<PathBuf>("svg").ok().flatten().cloned());
        Ok(TraceCall { call, limit, svg })
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl clap::Subcommand for TraceCall {
    fn augment_subcommands(command: clap::Command) -> clap::Command {
        sample_commands(command, <TraceOptions as clap::Args>::augment_args)
    }

    fn augment_subcommands_for_update(command: clap::Command) -> clap::Command {
        Self::augment_subcommands(command)
    }

    fn has_subcommand(name: &str) -> bool {
        registry::find(name).is_ok()
    }
}

/// One subcommand per row of the registry, with `--backend`, what `extra` adds, and the sample's own options.
fn sample_commands(command: clap::Command, extra: fn(clap::Command) -> clap::Command) -> clap::Command {
    let samples = registry::SAMPLES.iter().map(|sample| {
        let about = format!("{}: part {}, {}", sample.python_file(), sample.part, sample.backends_label());
        // About last: the options' `augment_args` sets the doc of their struct as the command's about.
        let common = extra(<Common as clap::Args>::augment_args(clap::Command::new(sample.name)));
        sample.command(common).about(about)
    });
    command.subcommands(samples).subcommand_value_name("SAMPLE").allow_external_subcommands(true)
}

impl clap::FromArgMatches for SampleCall {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        let Some((name, options)) = matches.subcommand() else {
            return Err(clap::Error::new(clap::error::ErrorKind::MissingSubcommand));
        };
        // An unknown name arrives as an external subcommand, which has no `--backend`.
        let backend = match options.try_get_one::<BackendChoice>("backend") {
            Ok(Some(&backend)) => backend,
            _ => BackendChoice::All,
        };
        Ok(SampleCall { name: name.to_string(), backend, options: options.clone() })
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl clap::Subcommand for SampleCall {
    fn augment_subcommands(command: clap::Command) -> clap::Command {
        sample_commands(command, |command| command)
    }

    fn augment_subcommands_for_update(command: clap::Command) -> clap::Command {
        Self::augment_subcommands(command)
    }

    fn has_subcommand(name: &str) -> bool {
        registry::find(name).is_ok()
    }
}

/// `--backend`: the library's [`Backend`] names, plus `all`. The CLI's spelling lives here, not on `Backend`.
#[derive(Clone, Copy, ValueEnum)]
enum BackendChoice {
    Native,
    Stackless,
    Stackful,
    All,
}

impl BackendChoice {
    fn backend(self) -> Option<Backend> {
        match self {
            BackendChoice::Native => Some(Backend::Native),
            BackendChoice::Stackless => Some(Backend::Stackless),
            BackendChoice::Stackful => Some(Backend::Stackful),
            BackendChoice::All => None,
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return parse_failed(error),
    };
    if let Err(error) = transcript::watch_signals() {
        eprintln!("warning: cannot watch for Ctrl-C ({error}); an interrupted run may leave temporary files");
    }
    let code = match cli.command {
        None => run_tour(cli.time_scale),
        Some(Command::List) => written(registry::list(&mut io::stdout().lock())),
        Some(Command::Run(args)) => run_sample(args, cli.time_scale),
        Some(Command::Trace(args)) => trace_sample(args, cli.time_scale),
        Some(Command::Report(args)) => write_report(args),
        Some(Command::Study(args)) => write_study(args, cli.time_scale),
    };
    // A signal outranks whatever the sample made of it: the shell should see that the run was interrupted.
    match transcript::signalled() {
        Some(signal) => {
            eprintln!("{signal}: stopped after cleaning up");
            ExitCode::from(signal.exit_code())
        }
        None => code,
    }
}

/// clap's own message and exit code (2 for misuse, 0 for `--help`), except for an option that exists but not for
/// the sample named: that message says which options the sample does take.
fn parse_failed(error: clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if error.kind() == ErrorKind::UnknownArgument
        && let Some(ContextValue::String(flag)) = error.get(ContextKind::InvalidArg)
        && let Some(sample) =
            std::env::args().skip_while(|arg| arg != "run" && arg != "trace").find_map(|arg| registry::find(&arg).ok())
    {
        let flag = flag.split('=').next().unwrap_or(flag).to_string();
        let flags = sample.flags();
        let takes = if flags.is_empty() {
            "it takes no sample options".to_string()
        } else {
            format!("it takes {}", flags.join(", "))
        };
        return fail(USAGE, &registry::UsageError::OptionNotAccepted { name: sample.name, flag, takes });
    }
    error.exit()
}

/// The exit code for a command whose only failure is writing to stdout.
fn written(result: io::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => output_failed(&error),
    }
}

/// A closed stdout (`| head`) is no failure; any other write error is (`>/dev/full`).
fn output_failed(error: &io::Error) -> ExitCode {
    if error.kind() == io::ErrorKind::BrokenPipe {
        ExitCode::SUCCESS
    } else {
        eprintln!("error: cannot write to standard output: {error}");
        ExitCode::from(FAILED)
    }
}

fn run_tour(time_scale: TimeScale) -> ExitCode {
    // Not `stdout().lock()`: a lock held for the whole tour would block any thread that prints meanwhile.
    match tour::tour(time_scale, &mut io::stdout()) {
        Ok(rows) if rows.iter().all(tour::TourRow::correct) => ExitCode::SUCCESS,
        // After Ctrl-C the table shows the samples it stopped; main() says why and exits 130.
        Ok(_) if transcript::signalled().is_some() => ExitCode::from(FAILED),
        Ok(_) => {
            eprintln!("error: some samples failed or their backends disagree (see the table)");
            ExitCode::from(FAILED)
        }
        Err(error) => output_failed(&error),
    }
}

/// The sample `call` names and the variants it runs on (`run` and `trace` alike), or the usage error, said.
fn plan(call: &SampleCall) -> Result<(&'static Sample, Vec<Variant>), ExitCode> {
    registry::find(&call.name)
        .and_then(|sample| Ok((sample, sample.plan(call.backend.backend())?)))
        .map_err(|error| fail(USAGE, &error))
}

fn run_sample(call: SampleCall, time_scale: TimeScale) -> ExitCode {
    let (sample, variants) = match plan(&call) {
        Ok(plan) => plan,
        Err(code) => return code,
    };
    let mut failed = false;
    for &variant in &variants {
        if variants.len() > 1 {
            // Not `println!`: it panics when stdout is closed.
            if let Err(error) = writeln!(io::stdout(), "==== {} on {variant} ====", sample.python_file()) {
                return output_failed(&error);
            }
        }
        let t = Transcript::live(time_scale);
        let result = sample.run(&t, variant, &call.options);
        if let Some(error) = t.take_write_error() {
            return output_failed(&error);
        }
        if transcript::signalled().is_some() {
            return ExitCode::from(FAILED); // main() turns it into the signal's code
        }
        if let Err(error) = result {
            let _ = io::stdout().flush();
            failed = true;
            if say_failed(sample, variant, &*error) {
                break;
            }
        }
    }
    if failed { ExitCode::from(FAILED) } else { ExitCode::SUCCESS }
}

/// `trace`: each variant `run` would run, recorded; the events printed after each run, with the same errors and
/// exit codes as `run`.
fn trace_sample(TraceCall { call, limit, svg }: TraceCall, time_scale: TimeScale) -> ExitCode {
    let (sample, variants) = match plan(&call) {
        Ok(plan) => plan,
        Err(code) => return code,
    };
    let mut failed = false;
    for &variant in &variants {
        let header = match variant {
            Variant::On(backend) => format!("==== trace of {} on {backend} ====", sample.python_file()),
            Variant::Plain(label) => {
                format!("==== trace of {} ({label}: no generator, no driver) ====", sample.python_file())
            }
        };
        // The transcript is quiet: its lines appear among the events, where they were printed, and a long run
        // (`--count` in the billions) keeps only the events --limit asks for, not every line.
        let t = Transcript::quiet(time_scale);
        // The drawing needs the events a plot covers, whatever --limit prints.
        let keep = if svg.is_some() { limit.max(trace::DRAWN) } else { limit };
        let (result, mut recorded) = Trace::record(keep, || sample.run(&t, variant, &call.options));
        if let Some(dir) = &svg {
            let path = dir.join(format!("{}-{variant}.svg", sample.name));
            let title = format!("{} on {variant}", sample.python_file());
            if let Err(error) = std::fs::create_dir_all(dir)
                .and_then(|()| std::fs::write(&path, trace::drawing(&recorded, &title, &[])))
            {
                eprintln!("error: cannot write {}: {error}", path.display());
                return ExitCode::from(FAILED);
            }
        }
        recorded.events.truncate(limit);
        let mut stdout = io::stdout().lock();
        let written = writeln!(stdout, "{header}").and_then(|()| trace::write_text(&recorded, &mut stdout));
        if let Err(error) = written.and_then(|()| stdout.flush()) {
            return output_failed(&error);
        }
        drop(stdout);
        if transcript::signalled().is_some() {
            return ExitCode::from(FAILED); // main() turns it into the signal's code
        }
        if let Err(error) = result {
            failed = true;
            if say_failed(sample, variant, &*error) {
                break;
            }
        }
    }
    if failed { ExitCode::from(FAILED) } else { ExitCode::SUCCESS }
}

fn write_report(args: ReportArgs) -> ExitCode {
    let defaults = args.criterion.is_none();
    let paths = Paths {
        criterion: args.criterion.unwrap_or_else(report::criterion::default_dir),
        python: args.python,
        out_dir: args.out,
    };
    if defaults && !report::looks_like_repository(Path::new(".")) {
        eprintln!(
            "note: this is not the repository's root: the default inputs ({} and {}) are relative to it",
            paths.criterion.display(),
            paths.python.display()
        );
    }
    let outcome = match report::generate(&paths, args.strict, &report::Context::here()) {
        Ok(outcome) => outcome,
        Err(error) => return fail(FAILED, &error),
    };
    for missing in &outcome.missing {
        eprintln!("missing: {missing}");
    }
    for id in &outcome.unlisted {
        eprintln!("not in any table: {id} (add it to src/report/groups.rs)");
    }
    let mut stdout = io::stdout().lock();
    let mut written = writeln!(stdout, "wrote {}", outcome.markdown.display());
    for chart in &outcome.charts {
        written = written.and_then(|()| writeln!(stdout, "wrote {}", chart.display()));
    }
    if !outcome.missing.is_empty() {
        written = written.and_then(|()| {
            writeln!(stdout, "the report is partial: {} inputs missing (listed above and in it)", outcome.missing.len())
        });
    }
    match written.and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => output_failed(&error),
    }
}

/// Writes the study and says where it is; what was wrong goes to stderr, and makes the exit code 1.
fn write_study(args: StudyArgs, time_scale: TimeScale) -> ExitCode {
    // The sources are the ones this binary was built from: the registry compiled in must match the files read.
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = args.out.unwrap_or_else(|| root.join(study::DEFAULT_OUT));
    eprintln!("study: running every sample on each backend (--time-scale {}) ...", time_scale.factor());
    let criterion = report::criterion::default_dir();
    let written = match study::write(&Study { root, out, time_scale, criterion }) {
        Ok(written) => written,
        Err(error) => return fail(FAILED, &error),
    };
    let index = written.index.canonicalize().unwrap_or(written.index);
    if let Err(error) = writeln!(io::stdout(), "wrote {} pages: file://{}", written.pages.len(), index.display()) {
        return output_failed(&error);
    }
    if written.problems.is_empty() {
        return ExitCode::SUCCESS;
    }
    for problem in &written.problems {
        eprintln!("error: {problem}");
    }
    eprintln!("error: the study found {} problem(s); the pages show them too", written.problems.len());
    ExitCode::from(FAILED)
}

/// Says on stderr that `sample` failed on `variant`, with the error's causes; returns whether to stop there. A
/// sample meant to fail (actor2) fails on every backend, as its original does, so each backend is shown.
fn say_failed(sample: &registry::Sample, variant: Variant, error: &dyn std::error::Error) -> bool {
    let on = match variant {
        Variant::On(backend) => format!(" on {backend}"),
        Variant::Plain(_) => String::new(),
    };
    eprintln!("error: {}{on} failed", sample.name);
    fail(FAILED, error);
    !sample.meant_to_fail
}

/// Prints an error and its causes on stderr, and returns the exit code.
fn fail(code: u8, error: &dyn std::error::Error) -> ExitCode {
    eprintln!("error: {error}");
    let mut source = error.source();
    while let Some(cause) = source {
        eprintln!("  caused by: {cause}");
        source = cause.source();
    }
    ExitCode::from(code)
}
