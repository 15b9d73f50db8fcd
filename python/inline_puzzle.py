"""inline_puzzle.py: five tries at after(delay, gen) (twin of src/part4_yield_from/inline_puzzle.rs).

Each try that fails in Python is run, and its exception, caught where it surfaces (in Task.step on this thread,
or in a done-callback on a pool thread, where concurrent.futures logs it), is printed beside what Rust says of
the same code at compile time.
"""

import logging

from frontier import sleep
from inline2 import Task  # inline2's Task, unchanged (as the Rust port reuses inline2::Task)
from pool import Pool

pool = Pool(8)


def func(x, y):
    sleep(1)
    return x + y


def do_func(x, y):
    try:
        result = yield pool.submit(func, x, y)
        print('Got:', result)
    except Exception as e:
        print('Failed:', e)


# Try 1
def after_yield_gen(delay, gen):
    yield pool.submit(sleep, delay)
    yield gen


# Try 2
def after_for_loop(delay, gen):
    yield pool.submit(sleep, delay)
    for f in gen:
        yield f


# Try 3, as the original wrote it
def after_send_loop_original(delay, gen):
    yield pool.submit(sleep, delay)
    try:
        while True:
            f = gen.send(result)  # noqa: F821 -- the bug: result is not set yet
            result = yield f
    except StopIteration:
        pass


# Try 3, fixed
def after_send_loop(delay, gen):
    yield pool.submit(sleep, delay)
    result = None
    try:
        while True:
            f = gen.send(result)
            result = yield f
    except StopIteration:
        pass


# Try 4
def after_yield_from(delay, gen):
    yield pool.submit(sleep, delay)
    yield from gen


# Try 5
def after_yield_from_both(delay, gen):
    yield from pool.submit(sleep, delay)
    yield from gen


class Caught(logging.Handler):
    """Collects the exceptions that concurrent.futures logs from done-callbacks."""

    def __init__(self):
        super().__init__()
        self.errors = []

    def emit(self, record):
        if record.exc_info:
            self.errors.append(record.exc_info[1])


caught = Caught()
logger = logging.getLogger('concurrent.futures')
logger.addHandler(caught)
logger.propagate = False


def attempt(gen):
    """Runs one try to its end; returns the exception it failed with, or None."""
    caught.errors.clear()
    error = None
    try:
        Task(gen).step()
    except Exception as e:
        error = e
    pool.wait_until_idle()
    return error or (caught.errors[0] if caught.errors else None)


def outcome(e):
    return f'{type(e).__name__} at run time ({e})'


def main():
    print('---- try 1: yield the generator itself')
    e = attempt(after_yield_gen(10, do_func(2, 3)))
    print(f'Python: {outcome(e)}; Rust: E0308 at compile time (expected a future, found a generator)')

    print('---- try 2: forward with a for loop')
    attempt(after_for_loop(10, do_func(2, 3)))
    print('the result was lost: the loop resumed the generator with None, as next() does')

    print('---- try 3: a hand-written send loop')
    e = attempt(after_send_loop_original(10, do_func(2, 3)))
    print(f'as written: Python: {outcome(e)}; Rust: E0381 at compile time (used before it is initialised)')
    print('fixed:')
    attempt(after_send_loop(10, do_func(2, 3)))

    print('---- try 4: yield, then yield from')
    attempt(after_yield_from(10, do_func(2, 3)))

    print('---- try 5: yield from on both')
    e = attempt(after_yield_from_both(10, do_func(2, 3)))
    print(f'Python: {outcome(e)}; Rust: E0277 or E0618 at compile time (a future is not a generator)')
    pool.shutdown()


if __name__ == '__main__':
    main()
