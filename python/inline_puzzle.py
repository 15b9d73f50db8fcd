"""inline_puzzle.py: five tries at after(delay, gen) (twin of src/part4_yield_from/inline_puzzle.rs)."""

from frontier import sleep
from pool import ThreadPoolExecutor


class Task:
    def __init__(self, gen):
        self._gen = gen

    def step(self, value=None, exc=None):
        try:
            if exc:
                fut = self._gen.throw(exc)
            else:
                fut = self._gen.send(value)
            fut.add_done_callback(self._wakeup)
        except StopIteration as exc:
            pass

    def _wakeup(self, fut):
        try:
            result = fut.result()
            self.step(result, None)
        except Exception as exc:
            self.step(None, exc)


pool = ThreadPoolExecutor(max_workers=8)


def func(x, y):
    sleep(1)
    return x + y


def do_func(x, y):
    try:
        result = yield pool.submit(func, x, y)
        print('Got:', result)
    except Exception as e:
        print('Failed:', repr(e))


def example1():
    def after(delay, fut):
        yield pool.submit(sleep, delay)
        yield fut

    Task(after(10, do_func(2, 3))).step()


def example2():
    def after(delay, fut):
        yield pool.submit(sleep, delay)
        for f in fut:
            yield f

    Task(after(10, do_func(2, 3))).step()


def example3():
    def after(delay, fut):
        yield pool.submit(sleep, delay)
        try:
            while True:
                f = fut.send(result)  # noqa: F821 -- as in the original: result is not set yet
                result = yield f
        except StopIteration:
            pass

    Task(after(10, do_func(2, 3))).step()


# Not in the original: example3 with `result` set before the loop, to see the hand-written loop work.
def example3_fixed():
    def after(delay, fut):
        yield pool.submit(sleep, delay)
        result = None
        try:
            while True:
                f = fut.send(result)
                result = yield f
        except StopIteration:
            pass

    Task(after(10, do_func(2, 3))).step()


def example4():
    def after(delay, fut):
        yield pool.submit(sleep, delay)
        yield from fut

    Task(after(10, do_func(2, 3))).step()


def example5():
    def after(delay, fut):
        yield from pool.submit(sleep, delay)
        yield from fut

    Task(after(10, do_func(2, 3))).step()


# ---- plumbing: not in the original ----
# The file calls none of the examples. The twin runs each one to its end, and prints the exception a failing one
# raises, caught where it surfaces: in Task.step on this thread, or in a done-callback on a pool thread, where
# concurrent.futures logs it. Beside it, what Rust says of the same code at compile time.
import logging


class Caught(logging.Handler):
    """Collects the exceptions that concurrent.futures logs from done-callbacks."""

    def __init__(self):
        super().__init__()
        self.errors = []

    def emit(self, record):
        if record.exc_info:
            self.errors.append(record.exc_info[1])


def attempt(example, caught):
    """Runs one example to its end; returns the exception it failed with, or None."""
    caught.errors.clear()
    error = None
    try:
        example()
    except Exception as e:
        error = e
    pool.wait_until_idle()
    return error or (caught.errors[0] if caught.errors else None)


def outcome(e):
    return f'{type(e).__name__} at run time ({e})'


def main():
    caught = Caught()
    logger = logging.getLogger('concurrent.futures')
    logger.addHandler(caught)
    logger.propagate = False

    print('---- try 1: yield the generator itself')
    e = attempt(example1, caught)
    print(f'Python: {outcome(e)}; Rust: E0308 at compile time (expected a future, found a generator)')

    print('---- try 2: forward with a for loop')
    attempt(example2, caught)
    print('the result was lost: the loop resumed the generator with None, as next() does')

    print('---- try 3: a hand-written send loop')
    e = attempt(example3, caught)
    print(f'as written: Python: {outcome(e)}; Rust: E0381 at compile time (used before it is initialised)')
    print('fixed:')
    attempt(example3_fixed, caught)

    print('---- try 4: yield, then yield from')
    attempt(example4, caught)

    print('---- try 5: yield from on both')
    e = attempt(example5, caught)
    print(f'Python: {outcome(e)}; Rust: E0277 or E0618 at compile time (a future is not a generator)')


if __name__ == '__main__':
    main()
