//! Part 4: delegation returns values and errors through every level on every backend; a Task's future ends with
//! the generator's return value, and an error that escapes the generator is kept as uncaught and fails the wait,
//! never hangs; every `do_func` prints Python's repr of a failed job; and the `async fn` ending prints the same
//! transcript as the generator versions.

#![feature(coroutines)]

mod common;

use std::time::Duration;

use final_frontier::backend::stackful::Stackful;
use final_frontier::backend::stackless::Stackless;
use final_frontier::backend::{self, Backend};
use final_frontier::concurrent::Env;
use final_frontier::concurrent::future::{JobError, JobResult, PoolFuture};
use final_frontier::concurrent::pool::Pool;
use final_frontier::concurrent::task::{Task, TaskCo};
use final_frontier::concurrent::value::{AddError, Value};
use final_frontier::concurrent::wakeup::{Home, OnPoolThreads, Runner};
use final_frontier::part4_yield_from::inline_future::{self, async_fn, native, run_inline_future, start_inline_future};
use final_frontier::part4_yield_from::{inline_iter, inline_puzzle};
use final_frontier::transcript::Transcript;

/// A job whose `x + y` fails in Python: `func(2, 'Hello')`, for the error paths.
const HELLO: &str = "Hello";

/// What CPython prints for `print('Failed:', repr(e))` when `2 + 'Hello'` failed.
const FAILED: &str = r#"Failed: TypeError("unsupported operand type(s) for +: 'int' and 'str'")"#;

/// `after(1, do_func(2, y))` as an inline future on one backend, run to its result: `y` is 3, or `"Hello"`.
fn after_do_func(backend: Backend, y: Value) -> JobResult<Value> {
    let t = Transcript::capture(common::time_scale());
    let pool = Pool::new(2, &t).unwrap_or_else(|e| panic!("{e}"));
    let env = Env::new(pool.handle(), &t);
    let delay = Duration::from_secs(1);
    let on_pool = OnPoolThreads::new(pool.handle());
    // The samples' do_func takes ints; the failing job is built here with the library's own `func`.
    let job = move |env: &Env| env.pool.submit(final_frontier::concurrent::jobs::func(2, y.clone()));
    match backend {
        Backend::Native => {
            let do_func = native_do_func(env.clone(), job);
            run_inline_future(native::after(env, delay, do_func), on_pool)
        }
        Backend::Stackless => run_inline_future(
            Stackless::sync(move |co: TaskCo| async move {
                let fut = job(&env);
                let generator = async { inline_future::stackless::iter(&co, fut).await };
                inline_future::stackless::after(&co, env.clone(), delay, generator).await
            }),
            on_pool,
        ),
        Backend::Stackful => {
            let generator = inline_future::stackful::after(env.clone(), delay, move |yielder| {
                inline_future::stackful::iter(yielder, job(&env))
            });
            run_inline_future(Stackful::new(generator).unwrap_or_else(|e| panic!("{e}")), Home::current())
        }
    }
}

/// `do_func` with the job given: `result = yield from job`; `return result`.
fn native_do_func(
    env: Env,
    job: impl FnOnce(&Env) -> PoolFuture<Value> + Send + 'static,
) -> impl final_frontier::concurrent::task::Body<Value> + Send {
    final_frontier::backend::native::Native::new(
        #[coroutine]
        move |_start: JobResult<Value>| {
            let result = final_frontier::yield_from!(native::iter(job(&env)), Ok(Value::None))?;
            Ok(result)
        },
    )
}

#[test]
fn delegation_returns_the_value_through_every_level() {
    for backend in Backend::ALL {
        assert_eq!(after_do_func(backend, 3.into()).ok(), Some(Value::Int(5)), "{backend}");
    }
}

#[test]
fn an_error_that_escapes_the_generator_fails_the_wait_with_that_error() {
    for backend in Backend::ALL {
        let error = after_do_func(backend, HELLO.into()).err();
        let type_error = error.as_ref().and_then(JobError::downcast_ref::<AddError>);
        assert_eq!(type_error, Some(&AddError::Type("int", "str")), "{backend}: {error:?}");
    }
}

#[test]
fn the_tasks_future_is_never_set_with_an_escaping_error_it_is_kept_as_uncaught() {
    // Python's Task catches only StopIteration: the error escapes `step` (into the pool's log) and the Task's
    // future is never completed. Here its wait ends with `Abandoned`, and the runner holds the error.
    let t = Transcript::capture(common::time_scale());
    let pool = Pool::new(8, &t).unwrap_or_else(|e| panic!("{e}"));
    let env = Env::new(pool.handle(), &t);
    let on_pool = OnPoolThreads::new(pool.handle());
    let job = move |env: &Env| env.pool.submit(final_frontier::concurrent::jobs::func(2, HELLO));
    let task = start_inline_future(native_do_func(env, job), on_pool.clone());
    assert!(matches!(on_pool.wait(&task), Err(JobError::Abandoned)), "{task:?}");
    let uncaught = on_pool.finish().err();
    assert_eq!(uncaught.as_ref().and_then(JobError::downcast_ref::<AddError>), Some(&AddError::Type("int", "str")));
}

#[test]
fn every_do_func_prints_pythons_repr_of_a_failed_job() {
    // inline_iter's and inline_puzzle's do_func under inline2's Task, inline_future's run to its result (None).
    for backend in Backend::ALL {
        let t = Transcript::capture(common::time_scale());
        let pool = Pool::new(8, &t).unwrap_or_else(|e| panic!("{e}"));
        let env = Env::new(pool.handle(), &t);
        let on_pool = || OnPoolThreads::new(pool.handle());
        let (two, hello) = (Value::from(2), Value::from(HELLO));
        let outcome = match backend {
            Backend::Native => {
                Task::run("do_func", inline_iter::native::do_func(env.clone(), two.clone(), hello.clone()), on_pool())
                    .and_then(|()| {
                        Task::run(
                            "do_func",
                            inline_puzzle::native::do_func(env.clone(), two.clone(), hello.clone()),
                            on_pool(),
                        )
                    })
                    .and_then(|()| run_inline_future(inline_future::native::do_func(env, two, hello), on_pool()))
            }
            Backend::Stackless => {
                let (env1, two1, hello1) = (env.clone(), two.clone(), hello.clone());
                let (env2, two2, hello2) = (env.clone(), two.clone(), hello.clone());
                Task::run(
                    "do_func",
                    Stackless::sync(move |co: TaskCo| async move {
                        inline_iter::stackless::do_func(&co, env1, two1, hello1).await
                    }),
                    on_pool(),
                )
                .and_then(|()| {
                    let body = Stackless::sync(move |co: TaskCo| async move {
                        inline_puzzle::stackless::do_func(&co, env2, two2, hello2).await
                    });
                    Task::run("do_func", body, on_pool())
                })
                .and_then(|()| {
                    let body = Stackless::sync(move |co: TaskCo| async move {
                        inline_future::stackless::do_func(&co, env, two, hello).await
                    });
                    run_inline_future(body, on_pool())
                })
            }
            Backend::Stackful => {
                let iter = Stackful::new(inline_iter::stackful::do_func(env.clone(), two.clone(), hello.clone()));
                let puzzle = inline_puzzle::stackful::generator(env.clone(), two.clone(), hello.clone());
                let future = Stackful::new(inline_future::stackful::do_func(env, two, hello));
                let (iter, puzzle, future) = match (iter, puzzle, future) {
                    (Ok(iter), Ok(puzzle), Ok(future)) => (iter, puzzle, future),
                    _ => panic!("no coroutine stack"),
                };
                Task::run("do_func", iter, Home::current())
                    .and_then(|()| Task::run("generator", puzzle, Home::current()))
                    .and_then(|()| run_inline_future(future, Home::current()))
            }
        };
        assert_eq!(outcome.ok(), Some(Value::None), "{backend}: inline_future's do_func returns None after failing");
        assert_eq!(t.lines(), [FAILED; 3], "{backend}");
    }
}

#[test]
fn a_stackful_task_whose_wakeup_is_lost_ends_abandoned_instead_of_hanging() {
    // The generator yields a future nobody will ever complete; once its last handle is dropped, the wake-up goes
    // with it, the home drops the task, and the task's future fails.
    let body = |yielder: &backend::stackful::Yielder<JobResult<Value>, PoolFuture<Value>>| {
        yielder.suspend(PoolFuture::new())?;
        Ok(Value::None)
    };
    let outcome = run_inline_future(Stackful::new(body).unwrap_or_else(|e| panic!("{e}")), Home::current());
    assert!(matches!(outcome, Err(JobError::Abandoned)), "{outcome:?}");
}

#[test]
fn the_async_fn_version_prints_the_same_transcript() {
    let t = Transcript::capture(common::time_scale());
    async_fn::run(&t).unwrap_or_else(|e| panic!("{e}"));
    let backends = common::transcripts("inline_future");
    assert!(backends.iter().all(|(_, text)| *text == t.text()), "async fn: {:?}", t.text());
}
