//! The context-manager driver on every exit path, on every backend, against a real directory.
//!
//! Each test makes `tempdir()` create a real directory, takes the exit path, and checks that the directory is
//! gone afterwards. Remove the cleanup (the `Finally` guard in any backend's `tempdir` body) and these fail.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use final_frontier::backend::Backend;
use final_frontier::part2_context::cm::{self, CmError, OnError};
use final_frontier::part2_context::contextmanager::{ContextError, ContextManager, with};
use final_frontier::transcript::{TimeScale, Transcript};

fn transcript() -> Transcript {
    Transcript::capture(TimeScale::REAL)
}

/// Runs `check` on each backend, naming the backend if it fails.
fn on_every_backend(check: impl Fn(Backend, &Transcript) -> PathBuf) {
    for backend in Backend::ALL {
        let t = transcript();
        let path = check(backend, &t);
        assert!(!path.exists(), "{backend}: {} was not removed", path.display());
    }
}

fn tempdir(backend: Backend, t: &Transcript, on_error: OnError) -> cm::ContextGen<PathBuf> {
    cm::tempdir(backend, t, on_error).unwrap_or_else(|error| panic!("{backend}: {error}"))
}

fn boom() -> CmError {
    CmError::Body("boom".into())
}

#[test]
fn normal_exit_removes_the_directory() {
    on_every_backend(|backend, t| {
        let mut seen = None;
        let result = with(tempdir(backend, t, OnError::Reraise), |path| {
            assert!(path.is_dir(), "{backend}: the body runs inside an existing directory");
            seen = Some(path.clone());
            Ok(42)
        });
        assert!(matches!(result, Ok(Some(42))), "{backend}: {result:?}");
        seen.unwrap_or_else(|| panic!("{backend}: the body did not run"))
    });
}

#[test]
fn an_error_thrown_in_and_reraised_comes_back_out() {
    on_every_backend(|backend, t| {
        let mut seen = None;
        let result: Result<Option<()>, _> = with(tempdir(backend, t, OnError::Reraise), |path| {
            seen = Some(path.clone());
            Err(boom())
        });
        assert!(
            matches!(&result, Err(ContextError::Raised(CmError::Body(message))) if message == "boom"),
            "{backend}: {result:?}"
        );
        seen.unwrap_or_else(|| panic!("{backend}: the body did not run"))
    });
}

#[test]
fn an_error_suppressed_by_the_generator_ends_the_with_block_quietly() {
    on_every_backend(|backend, t| {
        let mut seen = None;
        let result: Result<Option<()>, _> = with(tempdir(backend, t, OnError::Suppress), |path| {
            seen = Some(path.clone());
            Err(boom())
        });
        assert!(matches!(result, Ok(None)), "{backend}: {result:?}");
        assert_eq!(t.lines(), ["suppressed: boom"], "{backend}");
        seen.unwrap_or_else(|| panic!("{backend}: the body did not run"))
    });
}

#[test]
fn a_generator_that_yields_twice_is_an_error_and_is_still_cleaned_up() {
    on_every_backend(|backend, _| {
        let generator = cm::tempdir_yielding_twice(backend).unwrap_or_else(|error| panic!("{backend}: {error}"));
        let mut seen = None;
        let result = with(generator, |path| {
            seen = Some(path.clone());
            Ok(())
        });
        assert!(matches!(result, Err(ContextError::DidNotStop)), "{backend}: {result:?}");
        assert_eq!(result.map(|_| ()).unwrap_err().to_string(), "Generator didn't stop");
        seen.unwrap_or_else(|| panic!("{backend}: the body did not run"))
    });
}

#[test]
fn a_panic_in_the_body_runs_the_cleanup_and_keeps_unwinding() {
    on_every_backend(|backend, t| {
        let mut seen = None;
        let caught = catch_unwind(AssertUnwindSafe(|| {
            with(tempdir(backend, t, OnError::Reraise), |path| -> Result<(), CmError> {
                seen = Some(path.clone());
                panic!("the body panicked");
            })
        }));
        let payload = caught.err().unwrap_or_else(|| panic!("{backend}: the panic did not come out of with()"));
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"the body panicked"), "{backend}: the same panic");
        seen.unwrap_or_else(|| panic!("{backend}: the body did not run"))
    });
}

#[test]
fn dropping_a_suspended_generator_runs_its_cleanup() {
    on_every_backend(|backend, t| {
        let mut manager = ContextManager::new(tempdir(backend, t, OnError::Reraise));
        let path = manager.enter().unwrap_or_else(|error| panic!("{backend}: {error}"));
        assert!(path.is_dir(), "{backend}: entered, so the directory exists");
        drop(manager); // Python's close(): the generator never resumes
        path
    });
}

#[test]
fn timethis_reports_on_every_exit_path() {
    for backend in Backend::ALL {
        let timed = |body: &dyn Fn() -> Result<(), CmError>| {
            let t = transcript();
            let generator = cm::timethis(backend, &t).unwrap_or_else(|error| panic!("{backend}: {error}"));
            let _ = catch_unwind(AssertUnwindSafe(|| with(generator, |()| body())));
            t.lines()
        };
        let expected = ["timethis: [elapsed]"];
        assert_eq!(timed(&|| Ok(())), expected, "{backend}: normal exit");
        assert_eq!(timed(&|| Err(boom())), expected, "{backend}: error");
        assert_eq!(timed(&|| panic!("the body panicked")), expected, "{backend}: panic");
    }
}

#[test]
fn the_drop_guard_answer_removes_its_directory() {
    let dir = cm::TempDir::new().unwrap_or_else(|error| panic!("{error}"));
    let path = dir.path().to_path_buf();
    assert!(path.is_dir());
    drop(dir);
    assert!(!path.exists());
}
