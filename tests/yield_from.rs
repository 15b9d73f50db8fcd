//! Part 4: delegation returns values and errors through every level on every backend; a Task's future ends with
//! the generator's return value or its uncaught error, never hangs; and the `async fn` ending prints the same
//! transcript as the generator versions.

mod common;

use std::time::Duration;

use final_frontier::backend::stackful::Stackful;
use final_frontier::backend::stackless::Stackless;
use final_frontier::backend::{self, Backend};
use final_frontier::generator::GeneratorExt;
use final_frontier::part3_futures::future::{Future, JobError, Outcome};
use final_frontier::part3_futures::pool::Pool;
use final_frontier::part3_futures::value::{AddError, Value};
use final_frontier::part4_yield_from::inline_future::{
    self, async_fn, native, run_inline_future, run_local_inline_future,
};
use final_frontier::transcript::Transcript;

/// `after(1, do_func(x, y))` as an inline future on one backend, run to its result.
fn after_do_func(backend: Backend, x: Value, y: Value) -> Outcome<Value> {
    let pool = Pool::new(2).unwrap_or_else(|e| panic!("{e}"));
    let (p, t) = (pool.handle(), Transcript::capture(common::time_scale()));
    let delay = Duration::from_secs(1);
    match backend {
        Backend::Native => run_inline_future(native::after(&p, &t, delay, native::do_func(&p, &t, x, y)).boxed_send()),
        Backend::Stackless => run_inline_future(
            Stackless::sync(move |co: inline_future::stackless::Co| async move {
                let generator = inline_future::stackless::do_func(&co, p.clone(), t.clone(), x, y);
                inline_future::stackless::after(&co, p, t, delay, generator).await
            })
            .boxed_send(),
        ),
        Backend::Stackful => {
            let body = inline_future::stackful::after(&p, &t, delay, inline_future::stackful::do_func(&p, &t, x, y));
            run_local_inline_future(Stackful::new(body).unwrap_or_else(|e| panic!("{e}")).boxed())
        }
    }
}

#[test]
fn delegation_returns_the_value_through_every_level() {
    for backend in Backend::ALL {
        assert_eq!(after_do_func(backend, 2.into(), 3.into()).ok(), Some(Value::Int(5)), "{backend}");
    }
}

#[test]
fn an_uncaught_job_error_becomes_the_tasks_result() {
    for backend in Backend::ALL {
        let error = after_do_func(backend, 2.into(), "Hello".into()).err();
        let type_error = error.as_ref().and_then(JobError::downcast_ref::<AddError>);
        assert_eq!(type_error, Some(&AddError::Type("int", "str")), "{backend}: {error:?}");
    }
}

#[test]
fn a_stackful_task_whose_wakeup_is_lost_ends_abandoned_instead_of_hanging() {
    // The generator yields a future nobody will ever complete; once its last handle is dropped, the wake-up goes
    // with it, the home drops the task, and the task's future fails.
    let body = |yielder: &backend::stackful::Yielder<Outcome<Value>, Future<Value>>| {
        yielder.suspend(Future::new())?;
        Ok(Value::None)
    };
    let outcome = run_local_inline_future(Stackful::new(body).unwrap_or_else(|e| panic!("{e}")).boxed());
    assert!(matches!(outcome, Err(JobError::Abandoned)), "{outcome:?}");
}

#[test]
fn the_async_fn_version_prints_the_same_transcript() {
    let t = Transcript::capture(common::time_scale());
    async_fn::run(&t).unwrap_or_else(|e| panic!("{e}"));
    let backends = common::transcripts("inline_future");
    assert!(backends.iter().all(|(_, text)| *text == t.text()), "async fn: {:?}", t.text());
}
