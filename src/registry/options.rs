//! The samples' own options, one `clap::Args` struct per sample (or per family of samples that share one), each
//! declared once with its help text, range and default. clap reads them as `final-frontier run SAMPLE [OPTIONS]`,
//! and the registry's row hands them to the sample typed: adding an option to one sample means one field here
//! and one use in that sample's row, nothing generic.

use std::sync::OnceLock;
use std::time::Duration;

use clap::builder::RangedU64ValueParser;

use crate::part5_gil::{self as gil, MAX_N};
use crate::part7_compiler as compiler;

/// The samples that take no option of their own.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct NoOptions {}

/// The samples that run forever in Python: how many ticks or messages before they stop.
#[derive(Debug, Clone, clap::Args)]
pub struct Count {
    /// Ticks or messages, for the samples that run forever in Python (at least 1, like every count)
    /// [default: 10 ticks for inline_recursive, 20 messages for the actors].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub count: Option<u64>,
}

/// The fib samples.
#[derive(Debug, Clone, clap::Args)]
pub struct Fib {
    /// Size of the fib samples: compute_fibs(N) (at least 1, like every count; at most 45: naive fib's work
    /// grows 1.6 times per step) [default: 35 for fib1, 34 for fib2 and fib3, as in the originals].
    #[arg(long, value_name = "N", value_parser = fib_n)]
    pub n: Option<u32>,
    /// Print on stderr which thread resumes each generator at each step.
    #[arg(long)]
    pub show_threads: bool,
}

/// `--n`: a whole number from 1 to [`MAX_N`], refused with the sample's own reason beyond.
fn fib_n(text: &str) -> Result<u32, String> {
    let n: u32 = text.parse().map_err(|_| format!("'{text}' is not a whole number from 1 to {MAX_N}"))?;
    if n == 0 {
        return Err("n must be at least 1, like every count".to_string());
    }
    gil::check_n(n).map_err(|error| error.to_string())
}

/// The compilers.
#[derive(Debug, Clone, clap::Args)]
pub struct Compiler {
    /// Length of the compilers' explosion chain 0+1+...+(N-1) (at least 1, like every count) [default: 1000].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub terms: Option<u64>,
    /// The first section's expression [default: "2 + 3*4 - 5"]; `-` reads it from standard input (for inputs
    /// longer than a command line).
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub expr: Option<String>,
}

impl Compiler {
    /// The explosion's length.
    pub fn terms(&self) -> u64 {
        self.terms.unwrap_or(compiler::DEFAULT_TERMS)
    }

    /// The expression: `--expr`, the whole of standard input for `--expr -` (read once per process: every
    /// backend of `--backend all` evaluates the same text), or the original's.
    ///
    /// # Errors
    ///
    /// Standard input cannot be read, or is not UTF-8 text.
    pub fn expression(&self) -> Result<String, compiler::CompilerError> {
        static STDIN: OnceLock<Result<String, String>> = OnceLock::new();
        match self.expr.as_deref() {
            Some("-") => STDIN
                .get_or_init(|| compiler::read_expression(std::io::stdin().lock()).map_err(|error| error.to_string()))
                .clone()
                .map_err(compiler::CompilerError::Input),
            Some(text) => Ok(text.to_string()),
            None => Ok(compiler::EXPRESSION.to_string()),
        }
    }
}

/// `--idle-timeout SECONDS`: a positive number of seconds, at most a day (fractions allowed).
fn parse_idle_timeout(text: &str) -> Result<Duration, String> {
    const DAY: f64 = 86_400.0;
    match text.parse::<f64>() {
        Ok(seconds) if seconds > 0.0 && seconds <= DAY => Ok(Duration::from_secs_f64(seconds)),
        Ok(_) => Err(format!("must be more than 0 and at most {DAY} seconds")),
        Err(_) => Err(format!("not a number of seconds: {text:?}")),
    }
}

/// The echo server.
#[derive(Debug, Clone, clap::Args)]
pub struct Echo {
    /// Address for the echo server [default: 127.0.0.1, loopback only; 0.0.0.0 serves every interface].
    #[arg(long, value_name = "H")]
    pub host: Option<String>,
    /// Port for the echo server (0 picks a free one) [default: 25000].
    #[arg(long, value_name = "P")]
    pub port: Option<u16>,
    /// The echo server's longest line, newline included; a longer one gets an error and is disconnected
    /// [default: 65536].
    #[arg(long, value_name = "BYTES", value_parser = RangedU64ValueParser::<usize>::new().range(1..))]
    pub max_line: Option<usize>,
    /// How many clients the echo server serves at once; the next one is refused with a message [default: 512].
    #[arg(long, value_name = "N", value_parser = RangedU64ValueParser::<usize>::new().range(1..))]
    pub max_clients: Option<usize>,
    /// How long the echo server waits for a client to complete a line (or to take its replies) before it tells
    /// the client so and disconnects it, freeing its place; fractions allowed [default: 300].
    #[arg(long, value_name = "SECONDS", value_parser = parse_idle_timeout)]
    pub idle_timeout: Option<Duration>,
    /// The echo server runs its self-test (a free loopback port, two clients) instead of serving.
    #[arg(long, conflicts_with_all = ["host", "port"])]
    pub self_test: bool,
}
