//! One adapter per backend: each wraps its library's generator type into [`Generator`](crate::generator::Generator)
//! and does nothing else.
//!
//! | | native | stackless | stackful |
//! | --- | --- | --- | --- |
//! | library | nightly `std::ops::Coroutine` | `genawaiter` (async/await) | `corosensei` (own stack) |
//! | a body is | a `#[coroutine]` closure | an `async` block given a `Co` | a closure given a `Yielder` |
//! | suspends from | its own body only | its own body, or an `.await`ed `async fn` | anywhere on its stack |
//! | first resume value | bound to the closure parameter (ignored by convention) | dropped | dropped by our adapter |
//! | `Send` | if what lives across `yield` is | `sync` flavour only | never |

use std::fmt;

pub mod native;
pub mod stackful;
pub mod stackless;

/// The three ways this crate says a generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, clap::ValueEnum)]
pub enum Backend {
    /// Nightly Rust coroutines (`#[coroutine]` closures, `gen` blocks).
    Native,
    /// genawaiter: generators built on async/await.
    Stackless,
    /// corosensei: coroutines with a stack of their own.
    Stackful,
}

impl Backend {
    /// All three, in the order the tour and the tables use.
    pub const ALL: [Backend; 3] = [Backend::Native, Backend::Stackless, Backend::Stackful];

    /// The name used on the command line and in tables.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Native => "native",
            Backend::Stackless => "stackless",
            Backend::Stackful => "stackful",
        }
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Builds the boxed generator of one backend from a sample's three bodies, which live in sibling modules
/// `native`, `stackless` and `stackful` under the same function name. The stackful constructor is fallible
/// (its stack is memory the OS may refuse), so the whole expression is `Result<BoxGen, StackError>`.
///
/// `by_backend!(backend, tempdir(&t, OnError::Reraise))` calls `native::tempdir(&t, OnError::Reraise)` and so on.
#[macro_export]
macro_rules! by_backend {
    ($backend:expr, $name:ident ( $($arg:expr),* $(,)? )) => {{
        use $crate::generator::GeneratorExt as _;
        match $backend {
            $crate::backend::Backend::Native => Ok(native::$name($($arg),*).boxed()),
            $crate::backend::Backend::Stackless => Ok(stackless::$name($($arg),*).boxed()),
            $crate::backend::Backend::Stackful => stackful::$name($($arg),*).map(|g| g.boxed()),
        }
    }};
}
