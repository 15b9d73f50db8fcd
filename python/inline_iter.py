"""inline_iter.py: give Future an __iter__, and yield from works on futures and generators alike (twin of
src/part4_yield_from/inline_iter.rs)."""

from concurrent.futures import Future

from frontier import sleep
from pool import ThreadPoolExecutor


def patch_future(cls):
    def __iter__(self):
        if not self.done():
            yield self
        return self.result()
    cls.__iter__ = __iter__


patch_future(Future)


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


def example5():
    def after(delay, gen):
        yield from pool.submit(sleep, delay)
        yield from gen

    Task(after(10, do_func(2, 3))).step()


# ---- plumbing: not in the original ----
# The file calls nothing; the twin runs example5(). pool.py's ThreadPoolExecutor waits for its jobs at exit (a real
# one, since Python 3.9, refuses new jobs once the main thread has ended: do_func's job would fail).
if __name__ == '__main__':
    example5()
