//! Part 2 of the tutorial: context managers built from generators.
//!
//! - [`contextmanager`]: the driver, cm.py's `GeneratorCM` and `contextmanager` written once over the protocol.
//! - [`cm`]: cm.py on all three backends (`timethis`, `tempdir`), beside Rust's own answer, a `Drop` guard.

pub mod cm;
pub mod contextmanager;
