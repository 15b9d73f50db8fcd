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
//!
//! `tests/backend_facts.rs` pins this table's facts. The `Send` row's "no" cells are compile-time facts, pinned
//! here, each with the helper `fn assert_send<T: Send>(_: &T) {}`:
//!
//! A native coroutine holding an `Rc` across a `yield` is not `Send` (rustc's "coroutine cannot be sent between
//! threads safely" carries no error code, so this one cannot name E0277):
//!
//! ```compile_fail
//! #![feature(coroutines)]
//! use final_frontier::backend::native::Native;
//! fn assert_send<T: Send>(_: &T) {}
//!
//! let generator = Native::new(
//!     #[coroutine]
//!     |_start: ()| {
//!         let shared = std::rc::Rc::new(1u64);
//!         yield *shared;
//!         *shared
//!     },
//! );
//! assert_send(&generator);
//! ```
//!
//! A genawaiter `rc` generator is never `Send`, whatever its body:
//!
//! ```compile_fail,E0277
//! use final_frontier::backend::stackless::{RcCo, Stackless};
//! fn assert_send<T: Send>(_: &T) {}
//!
//! let generator = Stackless::rc(|co: RcCo<u64, ()>| async move { co.yield_(1).await });
//! assert_send(&generator);
//! ```
//!
//! A corosensei coroutine is never `Send`, whatever its body:
//!
//! ```compile_fail,E0277
//! use final_frontier::backend::stackful::{Stackful, Yielder};
//! fn assert_send<T: Send>(_: &T) {}
//!
//! let generator = Stackful::new(|yielder: &Yielder<(), u64>| yielder.suspend(1));
//! assert_send(&generator);
//! ```

use std::fmt;

pub mod native;
pub mod stackful;
pub mod stackless;

/// The three ways this crate says a generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
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

    /// The name used in tables and headers (the CLI spells its options the same way).
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
