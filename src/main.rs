//! The `final-frontier` command: the tour, `list` and `run`. Thin: it parses arguments, reads what the user
//! pointed at, and calls the library; it alone decides exit codes.
//!
//! Exit codes: 0 success (a closed stdout, as in `| head`, counts: nobody reads the rest); 1 a sample failed or
//! stdout could not be written; 2 misuse; 130 / 143 stopped by Ctrl-C / SIGTERM (after every cleanup ran).

use std::io::{self, Read, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use final_frontier::backend::Backend;
use final_frontier::tour::{self, Options, Variant};
use final_frontier::transcript::{self, TimeScale, Transcript};

/// Exit code for misuse: unknown sample, backend or option, bad number.
const USAGE: u8 = 2;
/// Exit code for a sample that failed, or output that could not be written.
const FAILED: u8 = 1;

/// David Beazley's "Generators: The Final Frontier", ported to Rust on three generator backends.
///
/// With no command, runs the tour: every ported sample on every backend it supports, then a summary table.
#[derive(Parser)]
#[command(name = "final-frontier", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Multiplies every sleep, for the tour and for `run` alike: 0.1 (the default) runs the tutorial's
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
    /// Address for the echo server.
    #[arg(long, value_name = "H")]
    host: Option<String>,
    /// Port for the echo server (0 picks a free one).
    #[arg(long, value_name = "P")]
    port: Option<u16>,
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
        Ok(rows) if rows.iter().all(|row| !row.sample.is_ported() || row.same_transcript()) => ExitCode::SUCCESS,
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
