//! What the pages show besides a sample's own file, declared here once: the talk's part titles, the drivers each
//! sample runs its generators with, the Rust items whose Python counterparts have other names, the evolution
//! steps, and where a reader goes next. Every item is named, never copied: the pages cut it from its real source
//! ([`extract::lookup`](super::extract::lookup)), and a name that no longer exists is a problem the study reports.

/// Beazley's part titles, in the talk's order (part 1 is the protocol page).
pub const PARTS: [(u8, &str, &str); 7] = [
    (1, "Preliminaries", "generators 101, said in Rust: the protocol and the three backends"),
    (2, "And Now For Something Completely Different", "context managers from generators"),
    (3, "Call me Maybe", "futures, and generators that drive them"),
    (4, "Yield From Yield From Yield From PoolFuture", "yield from, inlined futures, asyncio"),
    (5, "GIL", "the fib tests: threads, processes, and no GIL in Rust"),
    (6, "Fake it Until You Make It", "actors"),
    (7, "A Terrifying Visitor", "a compiler whose visitor never recurses"),
];

/// The title of part `part`.
pub fn part_title(part: u8) -> &'static str {
    PARTS.iter().find(|(number, ..)| *number == part).map_or("", |(_, title, _)| title)
}

/// A driver item: where it lives, its name for [`extract::lookup`](super::extract::lookup), and the Python item
/// of the twin it is the counterpart of (if the twin has one).
#[derive(Debug, Clone, Copy)]
pub struct Driver {
    /// The file, from the crate root.
    pub path: &'static str,
    /// `Name` (an item and its `impl`s) or `Type::method`.
    pub item: &'static str,
    /// The twin's item it answers, if any.
    pub python: Option<&'static str>,
}

const fn d(path: &'static str, item: &'static str, python: Option<&'static str>) -> Driver {
    Driver { path, item, python }
}

const CONTEXTMANAGER: &str = "src/part2_context/contextmanager.rs";
const TASK2: &str = "src/concurrent/task.rs";
const FUTURE: &str = "src/concurrent/future.rs";
const INLINE_FUTURE: &str = "src/part4_yield_from/inline_future.rs";
const REGISTRY: &str = "src/part6_actors/registry.rs";

const JOBS: &str = "src/concurrent/jobs.rs";
const TACTOR: &str = "src/part6_actors/tactor.rs";

const INLINE2_TASK: &[Driver] = &[d(TASK2, "Task", Some("Task")), d(FUTURE, "PoolFuture::add_done_callback", None)];
const INLINE2_TASK_FUNC: &[Driver] =
    &[d(TASK2, "Task", Some("Task")), d(FUTURE, "PoolFuture::add_done_callback", None), d(JOBS, "func", Some("func"))];
const INLINE_FUTURE_TASK: &[Driver] = &[
    d(INLINE_FUTURE, "Task", Some("Task")),
    d(INLINE_FUTURE, "start_inline_future", Some("start_inline_future")),
    d(INLINE_FUTURE, "run_inline_future", Some("run_inline_future")),
];
const DIRECT_REGISTRY: &[Driver] = &[
    d(REGISTRY, "Registry::spawn", Some("actor")),
    d(REGISTRY, "Registry::send", Some("send")),
    d(REGISTRY, "Shared::post", None),
];

/// The drivers each sample runs its generators with, the ones in its own file included.
const DRIVERS: &[(&str, &[Driver])] = &[
    (
        "cm",
        &[
            d(CONTEXTMANAGER, "ContextManager", Some("GeneratorCM")),
            d(CONTEXTMANAGER, "ContextManager::new", Some("contextmanager")),
            d(CONTEXTMANAGER, "with", None),
            d(CONTEXTMANAGER, "Finally", None),
        ],
    ),
    ("simplefuture", &[d(FUTURE, "PoolFuture::add_done_callback", None), d(FUTURE, "PoolFuture::result", None)]),
    (
        "inline1",
        &[
            d("src/part3_futures/inline1.rs", "Task", Some("Task")),
            d(FUTURE, "PoolFuture::add_done_callback", None),
            d(JOBS, "func", Some("func")),
        ],
    ),
    ("inline2", INLINE2_TASK_FUNC),
    ("inline_recursive", INLINE2_TASK),
    ("inline_puzzle", INLINE2_TASK_FUNC),
    ("inline_iter", INLINE2_TASK_FUNC),
    (
        "inline_future",
        &[
            d(INLINE_FUTURE, "Task", Some("Task")),
            d(INLINE_FUTURE, "start_inline_future", Some("start_inline_future")),
            d(INLINE_FUTURE, "run_inline_future", Some("run_inline_future")),
            d(JOBS, "func", Some("func")),
        ],
    ),
    ("fib1", INLINE_FUTURE_TASK),
    ("fib2", INLINE_FUTURE_TASK),
    (
        "fib3",
        &[
            d(INLINE_FUTURE, "run_inline_future", Some("run_inline_future")),
            d("src/part5_gil/fib3.rs", "run_inline_thread", Some("run_inline_thread")),
        ],
    ),
    ("actor1", DIRECT_REGISTRY),
    ("actor2", DIRECT_REGISTRY),
    (
        "tactor",
        &[
            // Python's Actor is a thread whose `run` reads the mailbox and sends each message in: Rust's `serve`.
            d(TACTOR, "serve", Some("Actor")),
            d(TACTOR, "Mailboxes::post", Some("send")),
            d(TACTOR, "ThreadActors::spawn", Some("actor")),
        ],
    ),
    (
        "actor3",
        &[
            d(REGISTRY, "Registry::spawn", Some("actor")),
            d(REGISTRY, "Registry::send", Some("send")),
            d(REGISTRY, "Shared::post", None),
            d(REGISTRY, "Registry::run", Some("run")),
        ],
    ),
    (
        "compiler1",
        &[
            d("src/part7_compiler/tokenizer.rs", "tokenize", Some("tokenize")),
            d("src/part7_compiler/ast.rs", "Node", Some("Node")),
            d("src/part7_compiler/ast.rs", "BinOp", Some("BinOp")),
            d("src/part7_compiler/parser.rs", "parse", Some("parse")),
        ],
    ),
    ("compiler2", &[d("src/part7_compiler/compiler2.rs", "visit", Some("NodeVisitor"))]),
];

/// The drivers `sample` runs its generators with.
pub fn drivers(sample: &str) -> &'static [Driver] {
    DRIVERS.iter().find(|(name, _)| *name == sample).map_or(&[], |(_, drivers)| drivers)
}

/// Rust items of a sample's backend modules that answer Python items of other names: (sample, Rust name, the
/// Python items). actor2, tactor and actor3 write `ping` and `pong` as one body, `player`.
pub const ALIASES: &[(&str, &str, &[&str])] = &[
    ("actor2", "player", &["ping", "pong"]),
    ("tactor", "player", &["ping", "pong"]),
    ("actor3", "player", &["ping", "pong"]),
    // Python patches `__iter__` onto Future; Rust wraps a future in a generator, `iter(fut)`.
    ("inline_iter", "iter", &["patch_future"]),
    ("inline_future", "iter", &["patch_future"]),
    // example5 is a function around its `after`; the Rust has the `after` alone.
    ("inline_iter", "after", &["example5"]),
    // The puzzle's tries that compile in Rust, each an `after` of its own name; tries 1 and 5 do not compile.
    ("inline_puzzle", "after_for_loop", &["example2"]),
    ("inline_puzzle", "after_send_loop", &["example3", "example3_fixed"]),
    ("inline_puzzle", "after_yield_from", &["example4"]),
    // The class's one generator method.
    ("compiler2", "visit_binop", &["Evaluator"]),
];

/// Python items with no Rust counterpart of their own, and why: (sample, Python item, the reason, said on its row).
pub const UNMATCHED: &[(&str, &str, &str)] = &[
    ("compiler1", "Number", "a variant of the Node enum above: Rust says a closed set of node kinds as one enum."),
    (
        "compiler1",
        "NodeVisitor",
        "Python finds the method by the node's class name (getattr(self, 'visit_' + ...)); Rust matches on the \
         node's variant, in Evaluator::visit.",
    ),
    ("compiler1", "explosion", "the Rust run evaluates the explosion itself, as the transcript's second section."),
    (
        "inline_future",
        "inlined_future",
        "the decorator only checks that it wraps a generator function; in Rust the Task's types check that.",
    ),
    ("inline_puzzle", "example1", "does not compile in Rust: a Task cannot be handed a generator as a future (try 1)."),
    ("inline_puzzle", "example5", "does not compile in Rust: a pool future is not a generator to yield from (try 5)."),
];

/// One step of an evolution: a sample, its Python item, and the Rust items that say it.
#[derive(Debug, Clone, Copy)]
pub struct Step {
    /// The sample the step is taken from.
    pub sample: &'static str,
    /// The twin's item (`python/SAMPLE.py`).
    pub python: &'static [&'static str],
    /// The Rust items, as [`Driver`]s without a Python name.
    pub rust: &'static [(&'static str, &'static str)],
}

/// A series of steps the slides teach one after another, each shown as a diff of the one before.
#[derive(Debug, Clone, Copy)]
pub struct Evolution {
    /// Its anchor and heading.
    pub id: &'static str,
    /// What grows.
    pub title: &'static str,
    /// The steps, in the talk's order.
    pub steps: &'static [Step],
}

/// The two evolutions of the talk.
pub const EVOLUTIONS: &[Evolution] = &[
    Evolution {
        id: "evolution-task",
        title: "The Task grows: inline1 → inline2 → inline_future",
        steps: &[
            Step { sample: "inline1", python: &["Task"], rust: &[("src/part3_futures/inline1.rs", "Task")] },
            Step { sample: "inline2", python: &["Task"], rust: &[(TASK2, "Task")] },
            Step { sample: "inline_future", python: &["Task"], rust: &[(INLINE_FUTURE, "Task")] },
        ],
    },
    Evolution {
        id: "evolution-actor",
        title: "The actor's send and run: actor1 → actor2 → actor3",
        steps: &[
            Step {
                sample: "actor1",
                python: &["send", "actor"],
                rust: &[(REGISTRY, "Registry::send"), (REGISTRY, "Shared::post"), (REGISTRY, "Registry::spawn")],
            },
            Step {
                sample: "actor2",
                python: &["send", "actor"],
                rust: &[(REGISTRY, "Registry::send"), (REGISTRY, "Shared::post"), (REGISTRY, "Registry::spawn")],
            },
            Step {
                sample: "actor3",
                python: &["send", "run", "actor"],
                rust: &[
                    (REGISTRY, "Registry::send"),
                    (REGISTRY, "Shared::post"),
                    (REGISTRY, "Registry::run"),
                    (REGISTRY, "Registry::spawn"),
                ],
            },
        ],
    },
];

/// Where a reader goes next, on every page's foot and the protocol page.
pub const LINKS: &[(&str, &str)] = &[
    (
        "The unstable book: coroutines",
        "https://doc.rust-lang.org/nightly/unstable-book/language-features/coroutines.html",
    ),
    ("genawaiter's docs", "https://docs.rs/genawaiter/0.99.1/genawaiter/"),
    ("corosensei's docs", "https://docs.rs/corosensei/latest/corosensei/"),
    (
        "Python: generators (yield expressions)",
        "https://docs.python.org/3/reference/expressions.html#yield-expressions",
    ),
    ("Python: concurrent.futures", "https://docs.python.org/3/library/concurrent.futures.html"),
    ("Python: contextlib", "https://docs.python.org/3/library/contextlib.html"),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The twin's items above its plumbing, by name.
    fn python_items(sample: &str) -> Vec<String> {
        let path = format!("{}/python/{sample}.py", env!("CARGO_MANIFEST_DIR"));
        let twin = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"));
        crate::source_files::items(&twin).into_iter().map(|item| item.name).collect()
    }

    #[test]
    fn every_alias_and_reason_names_an_item_of_its_twin() {
        let named = ALIASES
            .iter()
            .flat_map(|(sample, _, python)| python.iter().map(move |item| (*sample, *item)))
            .chain(UNMATCHED.iter().map(|(sample, python, _)| (*sample, *python)));
        // (A driver's Python name may be imported by the twin, as fib1 imports inline_future's Task: not checked.)
        for (sample, item) in named {
            assert!(python_items(sample).iter().any(|name| name == item), "python/{sample}.py has no `{item}`");
        }
    }
}
