"""inline1.py: a Task sends each future's result back into the generator (twin of src/part3_futures/inline1.rs)."""

from frontier import sleep
from pool import ThreadPoolExecutor

pool = ThreadPoolExecutor(max_workers=8)


class Task:
    def __init__(self, gen):
        self._gen = gen

    def step(self, value=None):
        try:
            fut = self._gen.send(value)
            fut.add_done_callback(self._wakeup)
        except StopIteration:
            pass

    def _wakeup(self, fut):
        result = fut.result()
        self.step(result)


def func(x, y):
    sleep(1)
    return x + y


def do_func(x, y):
    result = yield pool.submit(func, x, y)
    print('Got:', result)


def do_many(n):
    while n > 0:
        result = yield pool.submit(func, n, n)
        print('Got:', result)
        n -= 1


if __name__ == '__main__':
    Task(do_func(2, 3)).step()
    Task(do_many(10)).step()

# ---- plumbing: not in the original ----
# None: pool.py's ThreadPoolExecutor waits for its jobs at exit, as the interpreter waits for the real one's
# threads, and its jobs sleep on its clock, so that 'Got: 5' and 'Got: 20', both due after 1 s, come in the
# order their jobs were submitted (see pool.py).
