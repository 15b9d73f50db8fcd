//! cm.py: a context manager made from a generator.
//!
//! The original writes its own `contextmanager`, not contextlib's: a class `GeneratorCM` holds the generator;
//! `__enter__` is `next(gen)`; `__exit__` resumes the generator (`next` on a normal exit, `throw` with the
//! body's exception) and expects it to finish. The twin's (python/cm.py), step by step as the original:
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/cm/GeneratorCM.md"))]
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/cm/contextmanager.md"))]
//!
//! If the resumed generator yields again, that is `RuntimeError("Generator didn't stop")`; if it finishes,
//! `__exit__` returns `True`, so an exception thrown in and swallowed is suppressed; if the exception thrown in
//! comes back out, the `with` statement re-raises it. The demo times a countdown from 1,000,000, and the finally
//! block prints the elapsed seconds:
#![doc = include_str!(concat!(env!("OUT_DIR"), "/python/cm/timethis.md"))]
//!
//! The generator's code before the `yield` is `__enter__`, the code after it is `__exit__`, and the `yield` is
//! where the with-body runs. The driver ([`contextmanager`](super::contextmanager): `GeneratorCM` as
//! [`ContextManager`](super::contextmanager::ContextManager), the `with` statement as
//! [`with`](super::contextmanager::with)) is written once; the generators below are written three times, once
//! per backend, with the same names and shape:
//!
//! - `timethis`: times a 1,000,000-step countdown (the original's demo);
//! - `tempdir`: a real resource, a directory created before the `yield` and removed on every exit path, which
//!   re-raises the body's error or, with [`OnError::Suppress`], swallows it;
//! - `tempdir_yielding_twice`: a broken context manager, to show the "Generator didn't stop" error.
//!
//! What Rust makes explicit: Python's `finally:` becomes a [`Finally`] guard, a local whose `Drop` is the
//! cleanup. Code after the `yield` runs only when the generator is resumed; a guard also runs when the generator
//! is dropped while suspended (Python's `close()`) or unwound by a panic. Then [`TempDir`] shows the plain Rust
//! answer, where no generator is needed at all: the resource *is* the guard. Python's counterpart is a class
//! with `__enter__`/`__exit__`, and the Python twin uses one.
//!
//! Ctrl-C: the signal only sets a flag; the with-body raises it at its next check ([`Stopped`]), the driver
//! throws it into the generator at its `yield`, and the directory is removed on the way out, as Python's `with`
//! does on `KeyboardInterrupt`. Directory names are random (`tempfile`), so a leftover from a killed run can
//! never make a later run fail.
//!
//! ## Deviations
//!
//! - The elapsed time is printed as `timethis: 0.081234s` (the twin uses the transcript's `timing`), where the
//!   original prints the bare float: a labelled line is one the snapshots can redact.
//! - After the original's one line, the port and the twin show the other exit paths (the study adds them): the
//!   `tempdir` demos (normal exit, an error re-raised, an error swallowed), a generator that yields twice, and
//!   the plain `Drop` guard. The twin has them in its plumbing block.
//! - A generator that returns before its `yield` is [`ContextError::StopIteration`], a typed error, where the
//!   original lets `StopIteration` itself escape from the `with` statement.
//! - Whether the error that comes out of `__exit__` is the very exception thrown in (`e is value`) only changes
//!   the traceback in Python; a Rust error value has no identity, so both are `Raised(error)`.
#![doc = include_str!(concat!(env!("OUT_DIR"), "/output/cm.md"))]

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;
use std::{fs, io};

use super::contextmanager::{ContextError, Finally, with};
use crate::backend::Backend;
use crate::backend::stackful::StackError;
use crate::by_backend;
use crate::generator::BoxGen;
use crate::transcript::{Stopped, Transcript};

/// What the with-bodies of this sample can fail with.
#[derive(Debug, thiserror::Error)]
pub enum CmError {
    /// The with-body's own failure (the demo's `raise`).
    #[error("{0}")]
    Body(String),
    /// The temporary directory could not be made.
    #[error("cannot create a temporary directory in {parent}")]
    Create {
        /// Where it was asked for.
        parent: PathBuf,
        /// What the OS said.
        #[source]
        source: io::Error,
    },
    /// The run was stopped (Ctrl-C) while the with-body ran: Python's `KeyboardInterrupt` inside the `with`.
    #[error(transparent)]
    Stopped(#[from] Stopped),
}

/// What [`run`] can fail with: the with-blocks' errors, or no stack for a stackful generator.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// A context manager failed, or the body's error came back out of it.
    #[error(transparent)]
    Context(#[from] ContextError<CmError>),
    /// The plain guard's body failed.
    #[error(transparent)]
    Cm(#[from] CmError),
    /// A stackful generator could not get a stack.
    #[error(transparent)]
    Stack(#[from] StackError),
}

/// What the driver sends into these generators: `Ok(())` on a normal exit, or the body's error (Python's
/// `throw`); also what they return (`Err` to re-raise).
pub type Sent = Result<(), CmError>;

/// A context-manager generator of any backend, yielding `T`.
pub type ContextGen<T> = BoxGen<'static, Sent, T, Sent>;

/// What `tempdir` does with an error thrown in at its `yield`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnError {
    /// Let it come back out (Python: the `try`/`finally` has no `except`).
    Reraise,
    /// Swallow it and finish normally (Python: `except Exception: pass`), after saying so.
    Suppress,
}

impl OnError {
    /// The generator's answer to the value its `yield` evaluated to. Shared by the three backends.
    fn answer(self, sent: Sent, t: &Transcript) -> Sent {
        match (self, sent) {
            (OnError::Suppress, Err(error)) => {
                t.line(format!("suppressed: {error}"));
                Ok(())
            }
            (_, sent) => sent,
        }
    }
}

/// `timethis()` on one backend.
pub fn timethis(backend: Backend, t: &Transcript) -> Result<ContextGen<()>, StackError> {
    by_backend!(backend, timethis(t.clone()))
}

/// `tempdir()` on one backend: yields the path of a new directory and removes it on every exit path.
pub fn tempdir(backend: Backend, t: &Transcript, on_error: OnError) -> Result<ContextGen<PathBuf>, StackError> {
    by_backend!(backend, tempdir(t.clone(), on_error))
}

/// A broken `tempdir()` that yields twice; the driver must report "Generator didn't stop".
pub fn tempdir_yielding_twice(backend: Backend) -> Result<ContextGen<PathBuf>, StackError> {
    by_backend!(backend, tempdir_yielding_twice())
}

mod native {
    use super::*;
    use crate::backend::native::Native;
    use crate::generator::Generator;

    pub fn timethis(t: Transcript) -> impl Generator<Sent, Yield = (), Return = Sent> {
        Native::new(
            #[coroutine]
            move |_start: Sent| {
                let start = Instant::now();
                let _finally = Finally::new(move || t.timing("timethis", start.elapsed()));
                yield ()
            },
        )
    }

    pub fn tempdir(t: Transcript, on_error: OnError) -> impl Generator<Sent, Yield = PathBuf, Return = Sent> {
        Native::new(
            #[coroutine]
            move |_start: Sent| {
                let path = make_dir()?;
                let _finally = Finally::new(remover(path.clone()));
                let sent = yield path;
                on_error.answer(sent, &t)
            },
        )
    }

    pub fn tempdir_yielding_twice() -> impl Generator<Sent, Yield = PathBuf, Return = Sent> {
        Native::new(
            #[coroutine]
            |_start: Sent| {
                let path = make_dir()?;
                let _finally = Finally::new(remover(path.clone()));
                (yield path.clone())?;
                (yield path)?;
                Ok(())
            },
        )
    }
}

mod stackless {
    use super::*;
    use crate::backend::stackless::{RcCo, Stackless};
    use crate::generator::Generator;

    pub fn timethis(t: Transcript) -> impl Generator<Sent, Yield = (), Return = Sent> {
        Stackless::rc(move |co: RcCo<(), Sent>| async move {
            let start = Instant::now();
            let _finally = Finally::new(move || t.timing("timethis", start.elapsed()));
            co.yield_(()).await
        })
    }

    pub fn tempdir(t: Transcript, on_error: OnError) -> impl Generator<Sent, Yield = PathBuf, Return = Sent> {
        Stackless::rc(move |co: RcCo<PathBuf, Sent>| async move {
            let path = make_dir()?;
            let _finally = Finally::new(remover(path.clone()));
            let sent = co.yield_(path).await;
            on_error.answer(sent, &t)
        })
    }

    pub fn tempdir_yielding_twice() -> impl Generator<Sent, Yield = PathBuf, Return = Sent> {
        Stackless::rc(|co: RcCo<PathBuf, Sent>| async move {
            let path = make_dir()?;
            let _finally = Finally::new(remover(path.clone()));
            co.yield_(path.clone()).await?;
            co.yield_(path).await?;
            Ok(())
        })
    }
}

mod stackful {
    use super::*;
    use crate::backend::stackful::{Stackful, Yielder};
    use crate::generator::Generator;

    pub fn timethis(t: Transcript) -> Result<impl Generator<Sent, Yield = (), Return = Sent>, StackError> {
        Stackful::new(move |yielder: &Yielder<Sent, ()>| {
            let start = Instant::now();
            let _finally = Finally::new(move || t.timing("timethis", start.elapsed()));
            yielder.suspend(())
        })
    }

    pub fn tempdir(
        t: Transcript,
        on_error: OnError,
    ) -> Result<impl Generator<Sent, Yield = PathBuf, Return = Sent>, StackError> {
        Stackful::new(move |yielder: &Yielder<Sent, PathBuf>| {
            let path = make_dir()?;
            let _finally = Finally::new(remover(path.clone()));
            let sent = yielder.suspend(path);
            on_error.answer(sent, &t)
        })
    }

    pub fn tempdir_yielding_twice() -> Result<impl Generator<Sent, Yield = PathBuf, Return = Sent>, StackError> {
        Stackful::new(|yielder: &Yielder<Sent, PathBuf>| {
            let path = make_dir()?;
            let _finally = Finally::new(remover(path.clone()));
            yielder.suspend(path.clone())?;
            yielder.suspend(path)?;
            Ok(())
        })
    }
}

/// The plain Rust answer: the resource is its own guard. No generator, no driver; `Drop` is `__exit__`.
pub struct TempDir {
    path: PathBuf,
}

impl TempDir {
    /// Creates a new directory under the system's temporary directory.
    pub fn new() -> Result<Self, CmError> {
        Ok(TempDir { path: make_dir()? })
    }

    /// Where it is.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        remove_dir(&self.path);
    }
}

/// Creates a fresh, empty directory with a random name (the `tempfile` crate retries on a clash, so a leftover of
/// an earlier run can never make this one fail). Its removal is ours: the generator's guard, or [`TempDir`].
fn make_dir() -> Result<PathBuf, CmError> {
    let parent = std::env::temp_dir(); // `$TMPDIR`, or the system's
    match tempfile::Builder::new().prefix("final-frontier-cm-").tempdir_in(&parent) {
        Ok(dir) => Ok(dir.keep()),
        Err(source) => Err(CmError::Create { parent, source }),
    }
}

/// The cleanup for a [`Finally`] guard: remove `path` and everything in it.
fn remover(path: PathBuf) -> impl FnOnce() {
    move || remove_dir(&path)
}

/// Removes a directory tree. Cleanup cannot return an error (it may run while a panic unwinds), so a failure
/// is reported on stderr rather than swallowed.
fn remove_dir(path: &Path) {
    if let Err(error) = fs::remove_dir_all(path) {
        eprintln!("warning: could not remove {}: {error}", path.display());
    }
}

/// What the transcript says about a directory after its `with` block.
fn after(path: Option<PathBuf>) -> &'static str {
    match path {
        Some(path) if path.exists() => "after: the directory is still there",
        Some(_) => "after: the directory is gone",
        None => "after: the body never ran",
    }
}

/// The body of the tempdir demos: note the path, check it is a directory, then succeed or fail. A Ctrl-C that
/// came meanwhile is raised here, inside the with-body, as Python raises `KeyboardInterrupt` where it lands.
fn use_dir(t: &Transcript, seen: &mut Option<PathBuf>, path: &Path, fail: bool) -> Result<(), CmError> {
    *seen = Some(path.to_path_buf());
    t.check()?;
    t.line(if path.is_dir() { "inside: the directory exists" } else { "inside: the directory is missing" });
    if fail { Err(CmError::Body("boom".into())) } else { Ok(()) }
}

/// Python's `while n > 0: n -= 1`, kept opaque to the optimiser so there is something to time.
fn countdown(n: u64) {
    let mut n = black_box(n);
    while n > 0 {
        n = black_box(n - 1);
    }
}

/// Runs cm.py's demo on one backend.
pub fn run(t: &Transcript, backend: Backend) -> Result<(), RunError> {
    // The original's whole demo: one line, the elapsed time.
    with(timethis(backend, t)?, |()| {
        countdown(1_000_000);
        Ok(t.check()?)
    })?;

    for (title, on_error, fail) in [
        ("---- tempdir: the body succeeds", OnError::Reraise, false),
        ("---- tempdir: the body fails, the error comes back out", OnError::Reraise, true),
        ("---- tempdir: the body fails, the generator suppresses the error", OnError::Suppress, true),
    ] {
        t.line(title);
        let mut seen = None;
        match with(tempdir(backend, t, on_error)?, |path| use_dir(t, &mut seen, path, fail)) {
            Ok(_) => {}
            Err(ContextError::Raised(CmError::Body(message))) => t.line(format!("caught: {message}")),
            Err(other) => return Err(other.into()),
        }
        t.line(after(seen));
    }

    t.line("---- a generator that yields twice");
    let mut seen = None;
    match with(tempdir_yielding_twice(backend)?, |path| use_dir(t, &mut seen, path, false)) {
        Err(error @ ContextError::DidNotStop) => t.line(format!("caught: {error}")),
        Ok(_) => t.line("no error: the driver missed the second yield"),
        Err(other) => return Err(other.into()),
    }
    t.line(after(seen));

    t.line("---- Rust's own answer: a Drop guard, no generator");
    let mut seen = None;
    {
        let dir = TempDir::new()?;
        use_dir(t, &mut seen, dir.path(), false)?;
    }
    t.line(after(seen));
    Ok(())
}
