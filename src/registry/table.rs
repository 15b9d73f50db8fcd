//! The table itself: one row per sample, in the tutorial's order. A row says where the sample lives, what it runs
//! on, and how its options (from [`options`](super::options)) become the arguments of its typed `run`.

use super::options::{Compiler, Count, Echo, Fib, NoOptions};
use super::{OnBackend, Plain, RunsOn, Sample};
use crate::part2_context::cm;
use crate::part3_futures::{inline_recursive, inline1, inline2, simplefuture};
use crate::part4_yield_from::{async1, async2, inline_future, inline_iter, inline_puzzle};
use crate::part5_gil::{fib1, fib2, fib3};
use crate::part6_actors::{self as actors, actor1, actor2, actor3, tactor};
use crate::part7_compiler::{compiler1, compiler2};

/// A row's defaults: part of the table, ordinary sample, no options given.
const ROW: Sample = Sample {
    name: "",
    part: 0,
    module: "",
    runs_on: RunsOn::Backends,
    alone: false,
    meant_to_fail: false,
    default_args: &[],
    call: &OnBackend::<NoOptions>(|_, _, _| Ok(())),
};

/// All 19 samples, in the tutorial's order.
pub static SAMPLES: [Sample; 19] = [
    Sample {
        name: "cm",
        part: 2,
        module: "part2_context::cm",
        call: &OnBackend(|t, backend, _: NoOptions| Ok(cm::run(t, backend)?)),
        ..ROW
    },
    Sample {
        name: "simplefuture",
        part: 3,
        module: "part3_futures::simplefuture",
        runs_on: RunsOn::Plain("threads"),
        call: &Plain(|t, _: NoOptions| Ok(simplefuture::run(t)?)),
        ..ROW
    },
    Sample {
        name: "inline1",
        part: 3,
        module: "part3_futures::inline1",
        call: &OnBackend(|t, backend, _: NoOptions| Ok(inline1::run(t, backend)?)),
        ..ROW
    },
    Sample {
        name: "inline2",
        part: 3,
        module: "part3_futures::inline2",
        call: &OnBackend(|t, backend, _: NoOptions| Ok(inline2::run(t, backend)?)),
        ..ROW
    },
    Sample {
        name: "inline_recursive",
        part: 3,
        module: "part3_futures::inline_recursive",
        call: &OnBackend(|t, backend, o: Count| {
            Ok(inline_recursive::run(t, backend, o.count.unwrap_or(inline_recursive::DEFAULT_COUNT))?)
        }),
        ..ROW
    },
    Sample {
        name: "inline_puzzle",
        part: 4,
        module: "part4_yield_from::inline_puzzle",
        call: &OnBackend(|t, backend, _: NoOptions| Ok(inline_puzzle::run(t, backend)?)),
        ..ROW
    },
    Sample {
        name: "inline_iter",
        part: 4,
        module: "part4_yield_from::inline_iter",
        call: &OnBackend(|t, backend, _: NoOptions| Ok(inline_iter::run(t, backend)?)),
        ..ROW
    },
    Sample {
        name: "inline_future",
        part: 4,
        module: "part4_yield_from::inline_future",
        call: &OnBackend(|t, backend, _: NoOptions| Ok(inline_future::run(t, backend)?)),
        ..ROW
    },
    Sample {
        name: "async1",
        part: 4,
        module: "part4_yield_from::async1",
        runs_on: RunsOn::Plain("tokio"),
        call: &Plain(|t, _: NoOptions| Ok(async1::run(t)?)),
        ..ROW
    },
    Sample {
        name: "async2",
        part: 4,
        module: "part4_yield_from::async2",
        runs_on: RunsOn::Plain("tokio"),
        default_args: &["--self-test"],
        call: &Plain(|t, o: Echo| {
            use async2::{DEFAULT_HOST, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CLIENTS, DEFAULT_MAX_LINE, DEFAULT_PORT};
            let limits = async2::Limits::new(
                o.max_line.unwrap_or(DEFAULT_MAX_LINE),
                o.max_clients.unwrap_or(DEFAULT_MAX_CLIENTS),
            )?
            .with_idle_timeout(o.idle_timeout.unwrap_or(DEFAULT_IDLE_TIMEOUT))?;
            if o.self_test {
                return Ok(async2::self_test(t, limits)?);
            }
            let host = o.host.as_deref().unwrap_or(DEFAULT_HOST);
            Ok(async2::run(t, host, o.port.unwrap_or(DEFAULT_PORT), limits)?)
        }),
        ..ROW
    },
    Sample {
        name: "fib1",
        part: 5,
        module: "part5_gil::fib1",
        call: &OnBackend(|t, backend, o: Fib| {
            Ok(fib1::run(t, backend, o.n.unwrap_or(fib1::DEFAULT_N), o.show_threads)?)
        }),
        ..ROW
    },
    Sample {
        name: "fib2",
        part: 5,
        module: "part5_gil::fib2",
        alone: true,
        call: &OnBackend(|t, backend, o: Fib| {
            Ok(fib2::run(t, backend, o.n.unwrap_or(fib2::DEFAULT_N), o.show_threads)?)
        }),
        ..ROW
    },
    Sample {
        name: "fib3",
        part: 5,
        module: "part5_gil::fib3",
        alone: true,
        call: &OnBackend(|t, backend, o: Fib| {
            Ok(fib3::run(t, backend, o.n.unwrap_or(fib3::DEFAULT_N), o.show_threads)?)
        }),
        ..ROW
    },
    Sample {
        name: "actor1",
        part: 6,
        module: "part6_actors::actor1",
        call: &OnBackend(|t, backend, _: NoOptions| Ok(actor1::run(t, backend)?)),
        ..ROW
    },
    Sample {
        name: "actor2",
        part: 6,
        module: "part6_actors::actor2",
        meant_to_fail: true,
        call: &OnBackend(|t, backend, _: NoOptions| Ok(actor2::run(t, backend)?)),
        ..ROW
    },
    Sample {
        name: "tactor",
        part: 6,
        module: "part6_actors::tactor",
        call: &OnBackend(|t, backend, o: Count| Ok(tactor::run(t, backend, o.count.unwrap_or(actors::DEFAULT_COUNT))?)),
        ..ROW
    },
    Sample {
        name: "actor3",
        part: 6,
        module: "part6_actors::actor3",
        call: &OnBackend(|t, backend, o: Count| Ok(actor3::run(t, backend, o.count.unwrap_or(actors::DEFAULT_COUNT))?)),
        ..ROW
    },
    Sample {
        name: "compiler1",
        part: 7,
        module: "part7_compiler::compiler1",
        runs_on: RunsOn::Plain("recursion"),
        call: &Plain(|t, o: Compiler| Ok(compiler1::run(t, &o.expression()?, o.terms())?)),
        ..ROW
    },
    Sample {
        name: "compiler2",
        part: 7,
        module: "part7_compiler::compiler2",
        call: &OnBackend(|t, backend, o: Compiler| Ok(compiler2::run(t, backend, &o.expression()?, o.terms())?)),
        ..ROW
    },
];
