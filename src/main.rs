//! The `final-frontier` command: the tour, `list`, `run`, `report` and `study`. Thin: it parses arguments, reads
//! what the user pointed at, and calls the library; it alone decides exit codes.
//!
//! Exit codes: 0 success (a closed stdout, as in `| head`, counts: nobody reads the rest); 1 a sample failed or
//! stdout could not be written; 2 misuse; 130 / 143 stopped by Ctrl-C / SIGTERM (after every cleanup ran).

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::builder::RangedU64ValueParser;
use clap::{Parser, Subcommand, ValueEnum};
use final_frontier::backend::Backend;
use final_frontier::report::{self, Paths};
use final_frontier::study::{self, Study};
use final_frontier::tour::{self, Options, Variant};
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
    /// Runs one sample and prints its transcript.
    Run(RunArgs),
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

#[derive(clap::Args)]
struct RunArgs {
    /// The sample, named after its Python file (see `list`).
    sample: String,
    /// Which backend; `all` runs each backend the sample supports, one transcript each.
    #[arg(long, value_enum, default_value_t = BackendChoice::All)]
    backend: BackendChoice,
    /// Ticks or messages, for the samples that run forever in Python (at least 1, like every count).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    count: Option<u64>,
    /// Length of the compilers' explosion chain (at least 1, like every count).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    terms: Option<u64>,
    /// The compilers' expression; `-` reads it from standard input (for inputs longer than a command line).
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    expr: Option<String>,
    /// Size of the fib samples: compute_fibs(N) (at least 1, like every count; at most 45: naive fib's work
    /// grows 1.6 times per step).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    n: Option<u32>,
    /// For the fib samples: print on stderr which thread resumes each generator at each step.
    #[arg(long)]
    show_threads: bool,
    /// Address for the echo server [default: 127.0.0.1, loopback only; 0.0.0.0 serves every interface].
    #[arg(long, value_name = "H")]
    host: Option<String>,
    /// Port for the echo server (0 picks a free one) [default: 25000].
    #[arg(long, value_name = "P")]
    port: Option<u16>,
    /// The echo server's longest line, newline included; a longer one gets an error and is disconnected
    /// [default: 65536].
    #[arg(long, value_name = "BYTES", value_parser = RangedU64ValueParser::<usize>::new().range(1..))]
    max_line: Option<usize>,
    /// How many clients the echo server serves at once; the next one is refused with a message [default: 512].
    #[arg(long, value_name = "N", value_parser = RangedU64ValueParser::<usize>::new().range(1..))]
    max_clients: Option<usize>,
    /// The echo server runs its self-test (a free loopback port, two clients) instead of serving.
    #[arg(long, conflicts_with_all = ["host", "port"])]
    self_test: bool,
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
    let cli = Cli::parse();
    if let Err(error) = transcript::watch_signals() {
        eprintln!("warning: cannot watch for Ctrl-C ({error}); an interrupted run may leave temporary files");
    }
    let code = match cli.command {
        None => run_tour(cli.time_scale),
        Some(Command::List) => written(tour::list(&mut io::stdout().lock())),
        Some(Command::Run(args)) => run_sample(args, cli.time_scale),
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
        Ok(rows) if rows.iter().all(tour::TourRow::same_transcript) => ExitCode::SUCCESS,
        // After Ctrl-C the table shows the samples it stopped; main() says why and exits 130.
        Ok(_) if transcript::signalled().is_some() => ExitCode::from(FAILED),
        Ok(_) => {
            eprintln!("error: some samples failed or their backends disagree (see the table)");
            ExitCode::from(FAILED)
        }
        Err(error) => output_failed(&error),
    }
}

fn run_sample(args: RunArgs, time_scale: TimeScale) -> ExitCode {
    let expr = match args.expr.as_deref() {
        Some("-") => match read_expression() {
            Ok(text) => Some(text),
            Err(message) => {
                eprintln!("error: {message}");
                return ExitCode::from(FAILED);
            }
        },
        _ => args.expr,
    };
    let options = Options {
        count: args.count,
        terms: args.terms,
        expr,
        n: args.n,
        show_threads: args.show_threads,
        host: args.host,
        port: args.port,
        max_line: args.max_line,
        max_clients: args.max_clients,
        self_test: args.self_test,
    };
    let plan = tour::find(&args.sample).and_then(|sample| Ok((sample, sample.plan(args.backend.backend(), &options)?)));
    let (sample, variants) = match plan {
        Ok(plan) => plan,
        Err(error) => return fail(USAGE, &error),
    };
    for &variant in &variants {
        if variants.len() > 1 {
            // Not `println!`: it panics when stdout is closed.
            if let Err(error) = writeln!(io::stdout(), "==== {} on {variant} ====", sample.python_file()) {
                return output_failed(&error);
            }
        }
        let t = Transcript::live(time_scale);
        let result = sample.run(&t, variant, &options);
        if let Some(error) = t.take_write_error() {
            return output_failed(&error);
        }
        if transcript::signalled().is_some() {
            return ExitCode::from(FAILED); // main() turns it into the signal's code
        }
        if let Err(error) = result {
            let _ = io::stdout().flush();
            let on = match variant {
                Variant::On(backend) => format!(" on {backend}"),
                Variant::Plain(_) => String::new(),
            };
            eprintln!("error: {}{on} failed", sample.name);
            return fail(FAILED, &*error);
        }
    }
    ExitCode::SUCCESS
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

/// `--expr -`: the whole of standard input, which must be UTF-8 text.
fn read_expression() -> Result<String, String> {
    let mut bytes = Vec::new();
    io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|error| format!("cannot read the expression from standard input: {error}"))?;
    String::from_utf8(bytes).map_err(|error| {
        format!(
            "the expression on standard input is not UTF-8 text (invalid byte at offset {})",
            error.utf8_error().valid_up_to()
        )
    })
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
