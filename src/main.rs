//! The `final-frontier` command: the tour, `list` and `run`. Thin: it parses arguments and calls the library.

use std::io::Write;
use std::process::ExitCode;

use clap::builder::RangedU64ValueParser;
use clap::{Parser, Subcommand, ValueEnum};
use final_frontier::backend::Backend;
use final_frontier::tour::{self, Options, Variant};
use final_frontier::transcript::{TimeScale, Transcript};

/// Exit code for misuse: unknown sample, backend or option, bad number.
const USAGE: u8 = 2;
/// Exit code for a sample that failed.
const FAILED: u8 = 1;

/// David Beazley's "Generators: The Final Frontier", ported to Rust on three generator backends.
///
/// With no command, runs the tour: every ported sample on every backend it supports, then a summary table.
#[derive(Parser)]
#[command(name = "final-frontier", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Multiplies every sleep in the tour (the tour defaults to 0.1 so it finishes in seconds).
    #[arg(long, value_name = "X", default_value = "0.1", allow_negative_numbers = true)]
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
    /// Multiplies every sleep (1 = the original's timing).
    #[arg(long, value_name = "X", default_value = "1", allow_negative_numbers = true)]
    time_scale: TimeScale,
    /// Ticks or messages, for the samples that run forever in Python.
    #[arg(long, value_name = "N")]
    count: Option<u64>,
    /// Length of the compilers' explosion chain (at least 1).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    terms: Option<u64>,
    /// The compilers' expression.
    #[arg(long, value_name = "TEXT")]
    expr: Option<String>,
    /// Size of the fib samples.
    #[arg(long, value_name = "N")]
    n: Option<u32>,
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
    match cli.command {
        None => run_tour(cli.time_scale),
        Some(Command::List) => match tour::list(&mut std::io::stdout().lock()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS, // `| head`
            Err(error) => fail(FAILED, &error),
        },
        Some(Command::Run(args)) => run_sample(args),
    }
}

fn run_tour(time_scale: TimeScale) -> ExitCode {
    // Not `stdout().lock()`: samples print from pool threads (simplefuture's callback, the inline Tasks), and a
    // lock held here for the whole tour would block them while this thread waits for them: a deadlock.
    match tour::tour(time_scale, &mut std::io::stdout()) {
        Ok(rows) if rows.iter().all(|row| !row.sample.is_ported() || row.same_transcript()) => ExitCode::SUCCESS,
        Ok(_) => {
            eprintln!("error: some samples failed or their backends disagree (see the table)");
            ExitCode::from(FAILED)
        }
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS, // `| head`
        Err(error) => fail(FAILED, &error),
    }
}

fn run_sample(args: RunArgs) -> ExitCode {
    let options = Options {
        count: args.count,
        terms: args.terms,
        expr: args.expr,
        n: args.n,
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
            // Not `println!`: it panics when stdout is closed (`| head`); a lost header is no failure.
            let _ = writeln!(std::io::stdout(), "==== {} on {variant} ====", sample.python_file());
        }
        if let Err(error) = sample.run(&Transcript::live(args.time_scale), variant, &options) {
            let _ = std::io::stdout().flush();
            let on = match variant {
                Variant::On(backend) => format!(" on {backend}"),
                Variant::Plain(_) => String::new(),
            };
            eprintln!("error: {}{on} failed", sample.name);
            return fail(FAILED, &error);
        }
    }
    ExitCode::SUCCESS
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
