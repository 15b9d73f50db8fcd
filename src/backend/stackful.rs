//! Stackful backend: corosensei, coroutines with a stack of their own.
//!
//! A body is an ordinary closure given a [`Yielder`]; `yielder.suspend(v)` hands out `v` and returns the next
//! resume value. Because the coroutine has its own stack, *any* function it calls can suspend it, given the
//! yielder: delegation (`yield from`) is a plain function call and costs nothing per item.
//!
//! - Cost: a stack is an `mmap` plus a guard page; creating a generator on a fresh stack costs a few hundred
//!   times more than on a reused one (BENCHMARKS.md's create table has the figures). [`Stackful`]
//!   therefore takes its stack
//!   from a per-thread pool and gives it back when it is dropped. The pool keeps at most [`POOL_CAPACITY`] idle
//!   stacks per thread.
//! - Stack size: [`STACK_SIZE`] = 256 KiB. The pages are reserved, not committed, so an unused page costs only
//!   address space. 256 KiB holds several hundred debug-build frames of an ordinary sample body (formatting,
//!   channel calls); the deep-recursion answer of compiler2 asks for its own big stack instead.
//! - Each live stack is two memory mappings (stack + guard page); the kernel's map-count limit (65,530 by
//!   default) caps a process at ~32,750 live coroutines. Creating one more fails with an `io::Error`, which
//!   [`Stackful::new`] returns as a [`StackError`] instead of crashing.
//! - The first resume value is the body's start argument in corosensei; our adapter drops it, so the body
//!   sees what Python's body sees: nothing.
//! - Dropping a suspended coroutine unwinds its stack with a private panic payload, running every destructor
//!   on it (microseconds, and two heap allocations for the unwind). This needs `panic = "unwind"`: under
//!   `panic = "abort"` it would abort the process.
//! - A stack overflow hits the guard page: SIGSEGV, and the process dies without a Rust message, because
//!   std's overflow handler only knows thread stacks.
//! - Never `Send`: a suspended stack may hold thread-bound data (`Rc`, thread-locals), so it stays on its thread.

use std::cell::{Cell, RefCell};
use std::io;

use corosensei::stack::DefaultStack;
use corosensei::{Coroutine, CoroutineResult};

use crate::generator::{Generator, Step};

pub use corosensei::Yielder;

/// Usable size of a pooled coroutine stack (see the module docs for why).
pub const STACK_SIZE: usize = 256 * 1024;

/// Idle stacks kept per thread; more are unmapped when dropped.
pub const POOL_CAPACITY: usize = 64;

/// The OS refused memory for a coroutine stack.
#[derive(Debug, thiserror::Error)]
#[error(
    "cannot map a {size}-byte coroutine stack: {os_error} \
     (each live stackful coroutine costs two memory mappings; see /proc/sys/vm/max_map_count)"
)]
pub struct StackError {
    /// The stack size that was asked for.
    pub size: usize,
    /// What `mmap`/`mprotect` said. Part of the message, not a separate cause, so that errors wrapping this
    /// one can show it whole in one line.
    pub os_error: io::Error,
}

thread_local! {
    /// The stack given back last, taken first. Most programs make and drop one generator at a time, so this
    /// slot alone serves them: a `Cell` swap, no borrow flag, no `Vec` bookkeeping (BENCHMARKS.md's create
    /// table puts `stackful` beside a bare coroutine on a kept stack, `stackful_raw_reused`).
    static SPARE: Cell<Option<DefaultStack>> = const { Cell::new(None) };
    /// The other idle stacks, up to `POOL_CAPACITY - 1`.
    static POOL: RefCell<Vec<DefaultStack>> = const { RefCell::new(Vec::new()) };
}

/// A stack of [`STACK_SIZE`] bytes from this thread's pool, or a fresh one.
#[inline]
fn take_stack() -> Result<DefaultStack, StackError> {
    match SPARE.with(Cell::take) {
        Some(stack) => Ok(stack),
        None => take_pooled_stack(),
    }
}

#[cold]
fn take_pooled_stack() -> Result<DefaultStack, StackError> {
    match POOL.with(|pool| pool.borrow_mut().pop()) {
        Some(stack) => Ok(stack),
        None => fresh_stack(STACK_SIZE),
    }
}

/// Returns a stack to this thread's pool (or unmaps it, when the pool is full or the thread is exiting).
#[inline]
fn give_back(stack: DefaultStack) {
    // `try_with`: during the thread's exit the slot may be gone already; the stack is then unmapped here.
    if let Ok(Some(older)) = SPARE.try_with(|spare| spare.replace(Some(stack))) {
        give_back_pooled(older);
    }
}

#[cold]
fn give_back_pooled(stack: DefaultStack) {
    let _ = POOL.try_with(|pool| {
        let mut pool = pool.borrow_mut();
        if pool.len() + 1 < POOL_CAPACITY {
            pool.push(stack);
        }
    });
}

/// How many idle stacks this thread's pool holds now.
pub fn idle_stacks() -> usize {
    let spare = SPARE.with(|spare| {
        let stack = spare.take();
        let idle = usize::from(stack.is_some());
        spare.set(stack);
        idle
    });
    spare + POOL.with(|pool| pool.borrow().len())
}

/// A new stack of `size` usable bytes, straight from the OS.
pub fn fresh_stack(size: usize) -> Result<DefaultStack, StackError> {
    DefaultStack::new(size).map_err(|os_error| StackError { size, os_error })
}

/// A corosensei coroutine seen through the [`Generator`] protocol, on a pooled stack.
pub struct Stackful<S, Y, R> {
    /// `None` only while being dropped.
    coroutine: Option<Coroutine<S, Y, R, DefaultStack>>,
    /// Whether the stack came from the pool and goes back to it.
    pooled: bool,
}

impl<S: 'static, Y: 'static, R: 'static> Stackful<S, Y, R> {
    /// Starts nothing yet: `body` runs on the first [`Generator::resume`], whose value it never sees.
    ///
    /// ```
    /// use final_frontier::backend::stackful::{Stackful, Yielder};
    /// use final_frontier::generator::{Generator, Step};
    ///
    /// // `yield from` is a plain call: `countdown` suspends the whole coroutine through its caller.
    /// fn countdown(yielder: &Yielder<(), u32>, from: u32) {
    ///     for n in (1..=from).rev() {
    ///         yielder.suspend(n);
    ///     }
    /// }
    /// let mut generator = Stackful::new(|yielder: &Yielder<(), u32>| {
    ///     countdown(yielder, 2);
    ///     "liftoff"
    /// })?;
    /// assert_eq!(generator.resume(()), Step::Yield(2));
    /// assert_eq!(generator.resume(()), Step::Yield(1));
    /// assert_eq!(generator.resume(()), Step::Return("liftoff"));
    /// # Ok::<(), final_frontier::backend::stackful::StackError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`StackError`] when this thread's pool is empty and the OS refuses to map a new stack (typically the
    /// kernel's map-count limit, at about 32,750 live coroutines).
    pub fn new(body: impl FnOnce(&Yielder<S, Y>) -> R + 'static) -> Result<Self, StackError> {
        let mut generator = Self::on_stack(take_stack()?, body);
        generator.pooled = true;
        Ok(generator)
    }

    /// Like [`Stackful::new`], on a stack the caller provides (for a body that needs a big one, see
    /// [`fresh_stack`]). The stack is unmapped when the generator is dropped.
    pub fn on_stack(stack: DefaultStack, body: impl FnOnce(&Yielder<S, Y>) -> R + 'static) -> Self {
        let coroutine = Coroutine::with_stack(stack, move |yielder: &Yielder<S, Y>, _start: S| body(yielder));
        Stackful { coroutine: Some(coroutine), pooled: false }
    }
}

impl<S, Y, R> Generator<S> for Stackful<S, Y, R> {
    type Yield = Y;
    type Return = R;

    #[inline]
    fn resume(&mut self, value: S) -> Step<Y, R> {
        let Some(coroutine) = self.coroutine.as_mut() else {
            unreachable!("the coroutine is only taken out in drop");
        };
        match coroutine.resume(value) {
            CoroutineResult::Yield(item) => Step::Yield(item),
            CoroutineResult::Return(result) => Step::Return(result),
        }
    }
}

impl<S, Y, R> Drop for Stackful<S, Y, R> {
    #[inline]
    fn drop(&mut self) {
        // Python's close(): unwind a suspended body so its destructors (our `finally`) run. A finished or
        // never-started coroutine has nothing to unwind. In place: moving the coroutine out first costs more
        // than the rest of the drop (BENCHMARKS.md's create table).
        if let Some(coroutine) = self.coroutine.as_mut() {
            coroutine.force_unwind();
        }
        if self.pooled
            && let Some(coroutine) = self.coroutine.take()
        {
            give_back(coroutine.into_stack());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each test runs on its own thread, so it sees a pool of its own.
    #[test]
    fn a_dropped_generator_gives_its_stack_back_and_the_next_one_takes_it() {
        assert_eq!(idle_stacks(), 0);
        let mut first = Stackful::new(|yielder: &Yielder<(), u32>| yielder.suspend(1)).map_err(|e| e.to_string());
        assert!(matches!(first.as_mut().map(|g| g.resume(())), Ok(Step::Yield(1))));
        drop(first); // suspended: unwound, then pooled
        assert_eq!(idle_stacks(), 1);
        let second = Stackful::new(|_: &Yielder<(), ()>| 2).map_err(|e| e.to_string());
        assert_eq!(idle_stacks(), 0, "the second generator reuses the pooled stack");
        drop(second); // never started: nothing to unwind
        assert_eq!(idle_stacks(), 1);
    }

    #[test]
    fn the_pool_keeps_at_most_its_capacity_and_serves_every_idle_stack() {
        let live: Vec<_> = (0..POOL_CAPACITY + 2)
            .map(|_| Stackful::new(|_: &Yielder<(), ()>| ()).map_err(|e| e.to_string()))
            .collect();
        assert!(live.iter().all(Result::is_ok));
        drop(live);
        assert_eq!(idle_stacks(), POOL_CAPACITY, "the spare slot and the pool together");
        let again: Vec<_> =
            (0..POOL_CAPACITY).map(|_| Stackful::new(|_: &Yielder<(), ()>| ()).map_err(|e| e.to_string())).collect();
        assert_eq!(idle_stacks(), 0, "every idle stack was reused");
        drop(again);
    }

    #[test]
    fn a_caller_provided_stack_is_not_pooled() {
        let stack = match fresh_stack(4 * STACK_SIZE) {
            Ok(stack) => stack,
            Err(error) => panic!("{error}"),
        };
        let mut generator = Stackful::on_stack(stack, |_: &Yielder<(), ()>| 3);
        assert_eq!(generator.resume(()), Step::Return(3));
        drop(generator);
        assert_eq!(idle_stacks(), 0);
    }
}
