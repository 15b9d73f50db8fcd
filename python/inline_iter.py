"""inline_iter.py: give Future an __iter__, and yield from works on futures and generators alike (twin of
src/part4_yield_from/inline_iter.rs)."""

from concurrent.futures import Future

from frontier import sleep
from pool import Pool

pool = Pool(8)


def patch_future(cls):
    def __iter__(self):
        if not self.done():
            yield self
        return self.result()
    cls.__iter__ = __iter__


patch_future(Future)


class Task:  # inline2's, unchanged
    def __init__(self, gen):
        self._gen = gen

    def step(self, value=None, exc=None):
        try:
            if exc:
                fut = self._gen.throw(exc)
            else:
                fut = self._gen.send(value)
            fut.add_done_callback(self._wakeup)
        except StopIteration:
            pass

    def _wakeup(self, fut):
        try:
            result = fut.result()
            self.step(result, None)
        except Exception as exc:
            self.step(None, exc)


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
