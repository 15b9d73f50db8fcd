"""inline_future.py: the Task is itself a Future, set with the generator's return value (twin of
src/part4_yield_from/inline_future.rs)."""

import inspect
from concurrent.futures import Future

import inline_iter  # noqa: F401 -- importing it gives Future its __iter__, as the Rust port reuses inline_iter::iter
from frontier import sleep
from pool import Pool

pool = Pool(8)


class Task(Future):
    def __init__(self, gen):
        super().__init__()
        self._gen = gen

    def step(self, value=None, exc=None):
        try:
            if exc:
                fut = self._gen.throw(exc)
            else:
                fut = self._gen.send(value)
            fut.add_done_callback(self._wakeup)
        except StopIteration as exc:
            self.set_result(exc.value)
        except Exception as exc:
            self.set_exception(exc)

    def _wakeup(self, fut):
        try:
            result = fut.result()
            self.step(result, None)
        except Exception as exc:
            self.step(None, exc)


def inlined_future(func):
    # A marker, as in the original: it only checks that func is a generator function (fib1-3 use it).
    assert inspect.isgeneratorfunction(func)
    return func


def start_inline_future(gen):
    t = Task(gen)
    t.step()
    return t


def run_inline_future(gen):
    t = start_inline_future(gen)
    return t.result()


def func(x, y):
    sleep(1)
    return x + y


def do_func(x, y):
    result = yield from pool.submit(func, x, y)
    return result


def after(delay, gen):
    yield from pool.submit(sleep, delay)
    result = yield from gen
    return result


def main():
    result = run_inline_future(do_func(2, 3))
    print('Result:', result)
    result = run_inline_future(after(10, do_func(2, 3)))
    print('Result:', result)
    pool.shutdown()


if __name__ == '__main__':
    main()
