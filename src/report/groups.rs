//! What BENCHMARKS.md shows, as data: one [`Group`] per criterion group, the goals of issues 11 and 18, nothing
//! else.
//!
//! A row of a table is a criterion id, `group/variant` or `group/variant/param` (DESIGN.md's naming). A group says
//! which variants and params it has, which variant is the limit (the hand-written baseline its rows are divided
//! by), which `python/bench.py` workload each param maps to, and how to chart it. Adding a bench row is one line
//! here; an estimate that no group lists is reported by `final-frontier report` so it cannot go unseen.

/// What a row is, for its colour in the charts and for the readings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Hand-written code, no generator: the limit, or another plain baseline.
    Plain,
    /// Nightly coroutines.
    Native,
    /// genawaiter.
    Stackless,
    /// corosensei.
    Stackful,
    /// OS threads and queues.
    Threads,
    /// Another generator crate, for comparison: `generator` (stackful) or `next-gen` (stackless).
    Peer,
}

/// One variant of a group: a criterion function id.
#[derive(Debug)]
pub struct Variant {
    /// The id between the group and the param: `native` in `yield_from/native/10`.
    pub id: &'static str,
    /// How the table names it.
    pub label: &'static str,
    /// What kind of row it is.
    pub kind: Kind,
    /// The CPython workload for this variant when it is not the param's (e.g. a bare callback).
    pub python: Option<&'static str>,
    /// Params this variant is deliberately not run on, with the reason the table prints.
    pub absent: &'static [(&'static str, &'static str)],
}

/// One param of a group (a depth, a tree shape), or the one nameless param of a group without params.
#[derive(Debug)]
pub struct Param {
    /// The id after the variant: `10` in `yield_from/native/10`; empty for none.
    pub id: &'static str,
    /// How the table names it.
    pub label: &'static str,
    /// The `python/bench.py` workload measuring the same thing in CPython.
    pub python: Option<&'static str>,
}

impl Param {
    const fn new(id: &'static str, label: &'static str, python: &'static str) -> Param {
        Param { id, label, python: Some(python) }
    }

    /// The param of a group without params, compared with the CPython workload `python`.
    const fn none(python: &'static str) -> Param {
        Param { id: "", label: "", python: Some(python) }
    }
}

/// How a group is charted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chart {
    /// No chart.
    None,
    /// Horizontal bars, one panel per param.
    Bars,
    /// One line per variant across the params, which are numbers (yield_from's depths).
    Lines {
        /// The x axis' label.
        x_label: &'static str,
    },
}

/// A comparison the reading states for every param where both rows ran.
#[derive(Debug)]
pub enum Reading {
    /// "a takes N times as long as b", or "is N times faster", or "within 5%".
    Versus(&'static str, &'static str),
    /// How each listed variant's cost changes from the first param to the last.
    Growth(&'static [&'static str]),
}

/// One criterion group as one table of BENCHMARKS.md.
#[derive(Debug)]
pub struct Group {
    /// criterion's group id.
    pub id: &'static str,
    /// The bench target that runs it: `cargo bench --bench <bench>`.
    pub bench: &'static str,
    /// The table's heading in BENCHMARKS.md.
    pub title: &'static str,
    /// What one item is ("round trip"), for the column headers and the axis.
    pub item: &'static str,
    /// One or two sentences: what one measured item does.
    pub what: &'static str,
    /// The variant id of the limit.
    pub limit: &'static str,
    /// Whether to show items per second beside the time (messages per second for the actors).
    pub rate: bool,
    /// Its params (one nameless param for a group without).
    pub params: &'static [Param],
    /// Its rows per param.
    pub variants: &'static [Variant],
    /// How it is charted.
    pub chart: Chart,
    /// The comparisons its reading states.
    pub readings: &'static [Reading],
}

impl Group {
    /// The criterion id of `variant` on `param`.
    pub fn id_of(&self, variant: &str, param: &Param) -> String {
        if param.id.is_empty() {
            format!("{}/{variant}", self.id)
        } else {
            format!("{}/{variant}/{}", self.id, param.id)
        }
    }

    /// The command that runs this group.
    pub fn command(&self) -> String {
        format!("cargo bench --bench {}", self.bench)
    }
}

const fn v(id: &'static str, label: &'static str, kind: Kind) -> Variant {
    Variant { id, label, kind, python: None, absent: &[] }
}

const TOO_DEEP_TO_RECURSE: &str = "too deep for compiler1's recursion limit";
const TOO_MANY_STACKS: &str = "one stack per level exceeds the kernel's map-count limit";
const PEER_STACKS: &str = "not possible here: one stack per level exceeds the kernel's map-count limit, and the crate \
                           panics (no error to return) when the OS refuses one";

/// Every table of BENCHMARKS.md, in order.
pub const GROUPS: &[Group] = &[
    Group {
        id: "switch",
        bench: "switch",
        title: "switch: one yield + resume round trip",
        item: "round trip",
        what: "A generator that yields a counter and adds what it is sent, resumed with 1 over and over, created \
               before measuring. The limit is the same state machine written by hand as an `Iterator`.",
        limit: "iterator",
        rate: false,
        params: &[Param::none("switch/generator")],
        variants: &[
            v("iterator", "hand-written `Iterator` (limit)", Kind::Plain),
            v("gen_block", "`gen` block", Kind::Native),
            v("native_pinned", "nightly coroutine, pinned, raw", Kind::Native),
            v("native", "native (adapter)", Kind::Native),
            v("native_boxed", "native behind `BoxGen`", Kind::Native),
            v("stackless_raw", "genawaiter `rc`, raw", Kind::Stackless),
            v("stackless_rc", "stackless `rc` (adapter)", Kind::Stackless),
            v("stackless_sync", "stackless `sync` (adapter)", Kind::Stackless),
            v("stackful_raw", "corosensei, raw", Kind::Stackful),
            v("stackful", "stackful (adapter)", Kind::Stackful),
            v("next_gen", "`next-gen` (stackless peer)", Kind::Peer),
            v("generator_crate", "`generator` crate (stackful peer)", Kind::Peer),
            v("threads", "two threads, two channels", Kind::Threads),
        ],
        chart: Chart::Bars,
        readings: &[
            Reading::Versus("native", "native_pinned"),
            Reading::Versus("stackless_rc", "stackless_raw"),
            Reading::Versus("stackful", "stackful_raw"),
            Reading::Versus("stackful", "stackless_rc"),
            Reading::Versus("stackless_rc", "next_gen"),
            Reading::Versus("stackful", "generator_crate"),
        ],
    },
    Group {
        id: "create",
        bench: "create",
        title: "create: make a generator, resume it once to its end, drop it",
        item: "generator",
        what: "The body returns at once (`yields = 0`): the cost of a generator used once, every allocation and \
               stack mapping included. The limit is our native adapter, unboxed.",
        limit: "native",
        rate: false,
        params: &[Param::none("create/generator")],
        variants: CREATE_VARIANTS,
        chart: Chart::None,
        readings: &[
            Reading::Versus("stackful", "stackful_raw_reused"),
            Reading::Versus("stackful", "stackless_rc"),
            Reading::Versus("stackless_rc", "next_gen"),
            Reading::Versus("generator_crate", "stackful"),
            Reading::Versus("stackful_fresh_stack", "stackful"),
        ],
    },
    Group {
        id: "drop_suspended",
        bench: "create",
        title: "drop_suspended: make a generator, resume it to its `yield`, drop it there",
        item: "generator",
        what: "Python's `close()`: the generator is dropped while suspended, so its live locals are dropped \
               (corosensei unwinds its stack). The limit is our native adapter, unboxed.",
        limit: "native",
        rate: false,
        params: &[Param::none("drop_suspended/generator")],
        variants: CREATE_VARIANTS,
        chart: Chart::None,
        readings: &[
            Reading::Versus("stackful", "stackful_raw_reused"),
            Reading::Versus("stackful", "stackless_rc"),
            Reading::Versus("stackless_rc", "next_gen"),
            Reading::Versus("generator_crate", "stackful"),
        ],
    },
    Group {
        id: "yield_from",
        bench: "yield_from",
        title: "yield_from: one item through a chain of delegating generators",
        item: "item",
        what: "A counting leaf under 1, 10 or 100 levels of delegation; one item reaches the outermost caller. \
               The limit is a chain of boxed iterators, each forwarding `next()`.",
        limit: "iterator",
        rate: false,
        params: &[
            Param::new("1", "depth 1", "yield_from/1"),
            Param::new("10", "depth 10", "yield_from/10"),
            Param::new("100", "depth 100", "yield_from/100"),
        ],
        variants: &[
            v("iterator", "iterator chain (limit)", Kind::Plain),
            v("native", "native: a forwarding loop per level", Kind::Native),
            v("stackless", "stackless: `.await` on a shared `Co`", Kind::Stackless),
            v("stackful", "stackful: a plain call with the `Yielder`", Kind::Stackful),
            v("next_gen", "`next-gen`: a boxed generator forwarding per level", Kind::Peer),
            v("generator_crate", "`generator` crate: a plain call with the `Scope`", Kind::Peer),
        ],
        chart: Chart::Lines { x_label: "delegation depth" },
        readings: &[
            Reading::Versus("stackful", "generator_crate"),
            Reading::Versus("stackless", "next_gen"),
            Reading::Growth(&["iterator", "native", "stackless", "stackful", "next_gen", "generator_crate"]),
        ],
    },
    Group {
        id: "traversal",
        bench: "traversal",
        title: "traversal: compiler2's tree walk, per node",
        item: "node",
        what: "Evaluating a whole expression tree: a complete tree of 2^20 - 1 nodes, and the left-leaning chains \
               `0+1+...+(N-1)` (2N - 1 nodes, N levels). The limit is a hand-written explicit-stack loop. The \
               compiler2 rows run its optimised driver (`visit_leaves_inline`: a leaf's value needs no generator), \
               except the genvisit rows, which run the sample's own, Beazley's (a `genvisit` generator for every \
               node, delegating to `visit_binop` with `yield from`).",
        limit: "explicit-stack",
        rate: false,
        params: &[
            Param::new("balanced/1048575", "balanced, 2^20 - 1 nodes", "traversal/balanced/1048575"),
            Param::new("chain/100000", "chain of 10^5 terms", "traversal/chain/100000"),
            Param::new("chain/1000000", "chain of 10^6 terms", "traversal/chain/1000000"),
        ],
        variants: &[
            v("explicit-stack", "explicit-stack loop (limit)", Kind::Plain),
            Variant {
                absent: &[("chain/100000", TOO_DEEP_TO_RECURSE), ("chain/1000000", TOO_DEEP_TO_RECURSE)],
                ..v("recursive", "compiler1's recursive visitor", Kind::Plain)
            },
            v("native", "compiler2, native", Kind::Native),
            v("native-boxed", "compiler2, native boxed per node", Kind::Native),
            v("stackless", "compiler2, stackless `rc`", Kind::Stackless),
            Variant {
                absent: &[("chain/100000", TOO_MANY_STACKS), ("chain/1000000", TOO_MANY_STACKS)],
                ..v("stackful-per-node", "compiler2, stackful, a coroutine per node", Kind::Stackful)
            },
            v("stackful-big-stack", "stackful recursion on a fresh big stack", Kind::Stackful),
            v("stackful-kept-stack", "stackful recursion on a kept big stack", Kind::Stackful),
            v(
                "native-genvisit",
                "compiler2, native, Beazley's genvisit (a generator per node, leaves too)",
                Kind::Native,
            ),
            v(
                "stackless-genvisit",
                "compiler2, stackless, Beazley's genvisit (a generator per node, leaves too)",
                Kind::Stackless,
            ),
            Variant {
                absent: &[("chain/100000", TOO_MANY_STACKS), ("chain/1000000", TOO_MANY_STACKS)],
                ..v(
                    "stackful-genvisit",
                    "compiler2, stackful, Beazley's genvisit (a coroutine per node, leaves too)",
                    Kind::Stackful,
                )
            },
            v("next-gen", "compiler2, `next-gen` per node (stackless peer)", Kind::Peer),
            Variant {
                absent: &[("chain/100000", PEER_STACKS), ("chain/1000000", PEER_STACKS)],
                ..v("generator-crate", "compiler2, `generator` crate per node (stackful peer)", Kind::Peer)
            },
        ],
        chart: Chart::Bars,
        readings: &[
            Reading::Versus("native", "stackless"),
            Reading::Versus("native-genvisit", "native"),
            Reading::Versus("stackless", "next-gen"),
            Reading::Versus("generator-crate", "stackful-per-node"),
            Reading::Versus("stackful-big-stack", "native"),
            Reading::Versus("stackful-big-stack", "stackful-kept-stack"),
        ],
    },
    Group {
        id: "actors",
        bench: "actors",
        title: "actors: one message delivered",
        item: "message",
        what: "ping and pong passing a count, printing nothing: actor3's queue runner (`queue`), actor1's \
               direct-resume registry where it does not re-enter (`direct`), and tactor's threads with mailboxes \
               (`threads`). The limit is the same hand-off written plainly: a `VecDeque` loop, a function call, \
               two threads and two channels. The last column is the like-for-like comparison with CPython's \
               actor3, counting instead of printing too; how far ahead of CPython a Rust actor can get is set by \
               the hand-written loop, so the goals are the runners' ratios to that loop.",
        limit: "plain",
        rate: true,
        params: &[
            Param::new("queue", "actor3: one queue, one run loop", "actors/actor3"),
            Param { id: "direct", label: "actor1's shape: direct resume", python: None },
            Param::new("threads", "tactor: a thread and a mailbox per actor", "actors/tactor"),
        ],
        variants: &[
            v("plain", "hand-written (limit)", Kind::Plain),
            v("native", "native", Kind::Native),
            v("stackless", "stackless `rc`", Kind::Stackless),
            v("stackful", "stackful", Kind::Stackful),
        ],
        chart: Chart::Bars,
        readings: &[Reading::Versus("stackful", "stackless"), Reading::Versus("native", "stackful")],
    },
    Group {
        id: "futures",
        bench: "futures",
        title: "futures: one Task step",
        item: "step",
        what: "inline1's Task with the job taken out: the future is completed on the bench's own thread, so one \
               step is `set`, the wake-up, the resume and the Task handing its box to the next future (Python's \
               `add_done_callback(self._wakeup)`). The limit is a bare future given a callback and completed.",
        limit: "callback",
        rate: false,
        params: &[Param::none("futures/task_step")],
        variants: &[
            Variant { python: Some("futures/callback"), ..v("callback", "future + callback (limit)", Kind::Plain) },
            v("native", "native, woken on the pool thread", Kind::Native),
            v("stackless", "stackless `sync`, woken on the pool thread", Kind::Stackless),
            v("stackful", "stackful, woken through its home", Kind::Stackful),
        ],
        chart: Chart::None,
        readings: &[Reading::Versus("stackful", "native"), Reading::Versus("stackless", "native")],
    },
    ECHO,
    Group {
        id: "fib",
        bench: "fib",
        title: "fib: the list of fib(i) for i < 30",
        item: "run",
        what: "fib1's program: the list computed by a plain loop (the limit), and by a Task per backend, each \
               fib(i) a job on a pool of 4 threads; fib3's blocking driver; and fib2's Parallel, two lists at \
               once (`*_x2`: a run is both lists, so a ratio near 1 means the second list came for free).",
        limit: "plain",
        rate: false,
        params: &[Param::new("30", "n = 30", "fib/task")],
        variants: &[
            Variant { python: Some("fib/loop"), ..v("plain", "plain loop (limit)", Kind::Plain) },
            v("native", "Task, native", Kind::Native),
            v("stackless", "Task, stackless", Kind::Stackless),
            v("stackful", "Task, stackful", Kind::Stackful),
            Variant { python: None, ..v("native_blocking", "fib3's blocking driver, native", Kind::Native) },
            Variant { python: None, ..v("plain_x2", "two plain loops on two threads", Kind::Plain) },
            Variant { python: Some("fib/parallel"), ..v("native_x2", "two Tasks at once, native", Kind::Native) },
            Variant {
                python: Some("fib/parallel"),
                ..v("stackless_x2", "two Tasks at once, stackless", Kind::Stackless)
            },
            Variant { python: Some("fib/parallel"), ..v("stackful_x2", "two Tasks at once, stackful", Kind::Stackful) },
        ],
        chart: Chart::Bars,
        readings: &[
            Reading::Versus("native", "plain"),
            Reading::Versus("stackful", "native"),
            Reading::Versus("native_x2", "native"),
        ],
    },
];

/// async2's echo server; its reference is the Python twin's server, measured by the same bench.
const ECHO: Group = Group {
    id: "echo",
    bench: "echo",
    title: "echo: async2's server under load, against the Python twin's",
    item: "line",
    what: "100 clients connected at once, each writing 2,000 lines of 64 bytes pipelined, every reply checked byte \
           for byte; one item is one line answered. The port's server (tokio's one-thread runtime, in the bench's \
           process) beside `python3 python/async2.py` (asyncio's one loop), driven by the same client. No \
           hand-written limit here: the reference row is the twin.",
    limit: "python",
    rate: true,
    params: &[Param { id: "100x2000", label: "100 clients x 2,000 lines", python: None }],
    variants: &[
        v("python", "the Python twin's server (the reference)", Kind::Plain),
        v("async2", "async2's server (the port)", Kind::Plain),
    ],
    chart: Chart::None,
    readings: &[Reading::Versus("async2", "python")],
};

const CREATE_VARIANTS: &[Variant] = &[
    v("native", "native (limit)", Kind::Native),
    v("native_boxed", "native behind `BoxGen`", Kind::Native),
    v("stackless_rc", "stackless `rc`", Kind::Stackless),
    v("stackless_sync", "stackless `sync`", Kind::Stackless),
    v("stackful", "stackful, pooled stack", Kind::Stackful),
    v("stackful_raw_reused", "corosensei, raw, on one kept stack", Kind::Stackful),
    v("stackful_fresh_stack", "stackful, fresh stack", Kind::Stackful),
    v("next_gen", "`next-gen`, boxed (stackless peer)", Kind::Peer),
    v("generator_crate", "`generator` crate, a fresh stack each (stackful peer)", Kind::Peer),
];

/// One line of [`AGAINST_PEERS`]: the workload in words, our row's id, the other crate's row's id.
pub type PeerLine = (&'static str, &'static str, &'static str);

/// Our backends beside the other crates that do the same: each line compares two rows of the tables above, on
/// the same workload (the "which crate" summary of BENCHMARKS.md).
pub const AGAINST_PEERS: &[(&str, &[PeerLine])] = &[
    (
        "Stackless: genawaiter `rc` (our stackless backend) against `next-gen`",
        &[
            ("one round trip (switch)", "switch/stackless_rc", "switch/next_gen"),
            ("make, run once, drop (create)", "create/stackless_rc", "create/next_gen"),
            ("drop while suspended (drop_suspended)", "drop_suspended/stackless_rc", "drop_suspended/next_gen"),
            ("one item through 1 level of delegation", "yield_from/stackless/1", "yield_from/next_gen/1"),
            ("one item through 100 levels of delegation", "yield_from/stackless/100", "yield_from/next_gen/100"),
            (
                "compiler2, a generator per node, balanced tree",
                "traversal/stackless/balanced/1048575",
                "traversal/next-gen/balanced/1048575",
            ),
            (
                "compiler2, a generator per node, chain of 10^6",
                "traversal/stackless/chain/1000000",
                "traversal/next-gen/chain/1000000",
            ),
        ],
    ),
    (
        "Stackful: corosensei (our stackful backend) against the `generator` crate",
        &[
            ("one round trip (switch)", "switch/stackful", "switch/generator_crate"),
            ("make, run once, drop (create)", "create/stackful", "create/generator_crate"),
            ("drop while suspended (drop_suspended)", "drop_suspended/stackful", "drop_suspended/generator_crate"),
            ("one item through 1 level of delegation", "yield_from/stackful/1", "yield_from/generator_crate/1"),
            ("one item through 100 levels of delegation", "yield_from/stackful/100", "yield_from/generator_crate/100"),
            (
                "compiler2, a coroutine per node, balanced tree",
                "traversal/stackful-per-node/balanced/1048575",
                "traversal/generator-crate/balanced/1048575",
            ),
        ],
    ),
];

/// A goal of issue 11 or 18: a ratio inside one run, shown and tracked (never asserted by a test).
#[derive(Debug)]
pub enum Goal {
    /// `row` costs at most `factor` times `reference`.
    AtMost {
        /// The row.
        row: &'static str,
        /// The row it is compared with.
        reference: &'static str,
        /// The most it may cost, in times the reference.
        factor: f64,
    },
    /// Each of `rows` is at least `factor` times faster than CPython on its workload.
    FasterThanCpython {
        /// The rows.
        rows: &'static [&'static str],
        /// The least speedup over CPython.
        factor: f64,
    },
}

/// The goals, with what each says in words.
pub const GOALS: &[(&str, Goal)] = &[
    (
        "the native adapter adds at most 10% to a raw coroutine's resume",
        Goal::AtMost { row: "switch/native", reference: "switch/native_pinned", factor: 1.1 },
    ),
    (
        "the stackless adapter adds at most 10% to raw genawaiter",
        Goal::AtMost { row: "switch/stackless_rc", reference: "switch/stackless_raw", factor: 1.1 },
    ),
    (
        "the stackful adapter adds at most 10% to raw corosensei",
        Goal::AtMost { row: "switch/stackful", reference: "switch/stackful_raw", factor: 1.1 },
    ),
    (
        "compiler2's optimised driver, native, at most 2x the explicit-stack loop (balanced tree)",
        Goal::AtMost {
            row: "traversal/native/balanced/1048575",
            reference: "traversal/explicit-stack/balanced/1048575",
            factor: 2.0,
        },
    ),
    (
        "compiler2's optimised driver, native, at most 2x the explicit-stack loop (chain of 10^6)",
        Goal::AtMost {
            row: "traversal/native/chain/1000000",
            reference: "traversal/explicit-stack/chain/1000000",
            factor: 2.0,
        },
    ),
    (
        "stackful big-stack recursion at most 1.5x the explicit-stack loop (balanced tree)",
        Goal::AtMost {
            row: "traversal/stackful-big-stack/balanced/1048575",
            reference: "traversal/explicit-stack/balanced/1048575",
            factor: 1.5,
        },
    ),
    (
        "stackful big-stack recursion at most 1.5x the explicit-stack loop (chain of 10^6)",
        Goal::AtMost {
            row: "traversal/stackful-big-stack/chain/1000000",
            reference: "traversal/explicit-stack/chain/1000000",
            factor: 1.5,
        },
    ),
    (
        "compiler2, stackless, at most 10x the explicit-stack loop (balanced tree)",
        Goal::AtMost {
            row: "traversal/stackless/balanced/1048575",
            reference: "traversal/explicit-stack/balanced/1048575",
            factor: 10.0,
        },
    ),
    (
        "compiler2, stackless, at most 10x the explicit-stack loop (chain of 10^6)",
        Goal::AtMost {
            row: "traversal/stackless/chain/1000000",
            reference: "traversal/explicit-stack/chain/1000000",
            factor: 10.0,
        },
    ),
    (
        "compiler2, native, at least 200x faster than CPython's compiler2 on every tree",
        Goal::FasterThanCpython {
            rows: &[
                "traversal/native/balanced/1048575",
                "traversal/native/chain/100000",
                "traversal/native/chain/1000000",
            ],
            factor: 200.0,
        },
    ),
    (
        "compiler2, stackless (genawaiter), at most 1.5x the best stable stackless peer, next-gen (balanced tree)",
        Goal::AtMost {
            row: "traversal/stackless/balanced/1048575",
            reference: "traversal/next-gen/balanced/1048575",
            factor: 1.5,
        },
    ),
    (
        "compiler2, stackless (genawaiter), at most 1.5x the best stable stackless peer, next-gen (chain of 10^6)",
        Goal::AtMost {
            row: "traversal/stackless/chain/1000000",
            reference: "traversal/next-gen/chain/1000000",
            factor: 1.5,
        },
    ),
    (
        "yield from on stackful is flat in depth: depth 100 at most 1.2x depth 1",
        Goal::AtMost { row: "yield_from/stackful/100", reference: "yield_from/stackful/1", factor: 1.2 },
    ),
    (
        "actor3's runner, native, at most 2x the hand-written VecDeque loop",
        Goal::AtMost { row: "actors/native/queue", reference: "actors/plain/queue", factor: 2.0 },
    ),
    (
        "actor3's runner, stackless, at most 3x the hand-written VecDeque loop",
        Goal::AtMost { row: "actors/stackless/queue", reference: "actors/plain/queue", factor: 3.0 },
    ),
    (
        "actor3's runner, stackful, at most 3x the hand-written VecDeque loop",
        Goal::AtMost { row: "actors/stackful/queue", reference: "actors/plain/queue", factor: 3.0 },
    ),
    (
        "Stackful::new on a pooled stack at most 1.5x a bare corosensei coroutine on a kept stack",
        Goal::AtMost { row: "create/stackful", reference: "create/stackful_raw_reused", factor: 1.5 },
    ),
    (
        "one Task step, native, at most 1.5x a bare future given a callback and completed",
        Goal::AtMost { row: "futures/native", reference: "futures/callback", factor: 1.5 },
    ),
    (
        "echo: async2's server at least 10x the Python twin's lines per second (100 clients x 2,000 lines)",
        Goal::AtMost { row: "echo/async2/100x2000", reference: "echo/python/100x2000", factor: 0.1 },
    ),
    (
        "fib2: Parallel at least 1.8x faster than Sequential (two lists at once cost at most 2/1.8 = 1.11x one list)",
        Goal::AtMost { row: "fib/native_x2/30", reference: "fib/native/30", factor: 2.0 / 1.8 },
    ),
    (
        "the Task adds under 1% to the fib work (n = 30, native)",
        Goal::AtMost { row: "fib/native/30", reference: "fib/plain/30", factor: 1.01 },
    ),
];

/// Which group's figures a sample's study page shows: the sample, the group, the param (`""`: every param of
/// the group) and what the figures say about the sample. Every sample has at least one; the study's tests check
/// that each names a group and param of [`GROUPS`] and has figures in the committed BENCHMARKS.md.
#[derive(Debug)]
pub struct Measured {
    /// The sample's name in the registry.
    pub sample: &'static str,
    /// The group's id.
    pub group: &'static str,
    /// The param's id, or `""` for all of them.
    pub param: &'static str,
    /// One sentence: what these figures are to this sample.
    pub why: &'static str,
}

const fn m(sample: &'static str, group: &'static str, param: &'static str, why: &'static str) -> Measured {
    Measured { sample, group, param, why }
}

const TASK_STEP: &str = "What each resume of this sample's Task costs: the job is taken out, so only the step is left.";
const TREE_WALK: &str = "compiler1 and compiler2 on the same trees: recursion, the generator visitor per backend, \
                         and the stackful backend's big-stack recursion.";

/// The figures each sample's page shows, in the registry's order.
pub const MEASURED: &[Measured] = &[
    m("cm", "create", "", "A context-manager generator is made, resumed to its end and dropped once per `with`."),
    m("cm", "drop_suspended", "", "Python's `close()`: a generator dropped at its `yield` runs its `finally` guard."),
    m("simplefuture", "futures", "", "The limit row is simplefuture's own mechanism: a future given a callback."),
    m("inline1", "futures", "", TASK_STEP),
    m("inline2", "futures", "", TASK_STEP),
    m("inline_recursive", "futures", "", TASK_STEP),
    m("inline_puzzle", "yield_from", "1", "Try 4's `yield from`: one level of delegation per item."),
    m("inline_iter", "yield_from", "", "`yield from` a future: what delegation costs per level on each backend."),
    m("inline_future", "yield_from", "", "`after` delegates to `do_func`: the cost of each level of `yield from`."),
    m("inline_future", "futures", "", TASK_STEP),
    m(
        "async1",
        "futures",
        "",
        "No bench times tokio; this is the Task step that `async`/`.await` turns into a language feature.",
    ),
    m("async2", "echo", "", "The server itself: async2's port against the Python twin's, under many clients."),
    m("async2", "futures", "", "The Task step each `.await` of the server's loop stands for."),
    m("fib1", "fib", "", "fib1's program, with n = 30: a plain loop against a Task per backend."),
    m("fib2", "fib", "", "fib2's Parallel is the `_x2` rows: two lists at once, against one."),
    m("fib3", "fib", "", "fib3's blocking driver against the callback Task."),
    m("actor1", "actors", "direct", "actor1's registry: `send` resumes the actor directly."),
    m("actor2", "actors", "direct", "actor2 re-enters and fails; these are the same direct sends where they do not."),
    m("tactor", "actors", "threads", "tactor: a thread and a mailbox per actor."),
    m("actor3", "actors", "queue", "actor3: `send` appends to one queue, `run` delivers."),
    m("compiler1", "traversal", "", TREE_WALK),
    m("compiler2", "traversal", "", TREE_WALK),
];
