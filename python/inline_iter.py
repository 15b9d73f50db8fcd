"""inline_iter.py: give Future an __iter__, and yield from works on futures and generators alike (twin of
src/part4_yield_from/inline_iter.rs)."""

from concurrent.futures import Future

from frontier import sleep
from inline2 import Task  # inline2's Task, unchanged (as the Rust port reuses inline2::Task)
from pool import Pool

pool = Pool(8)


def patch_future(cls):
    def __iter__(self):
        if not self.done():
            yield self
        return self.result()
    cls.__iter__ = __iter__


patch_future(Future)


def func(x, y):
    sleep(1)
    return x + y


def do_func(x, y):
    try:
        result = yield from pool.submit(func, x, y)
        print('Got:', result)
    except Exception as e:
        print('Failed:', e)


def after(delay, gen):
    yield from pool.submit(sleep, delay)
    return (yield from gen)


def main():
    Task(after(10, do_func(2, 3))).step()
    pool.wait_until_idle()
    pool.shutdown()


if __name__ == '__main__':
    main()
