"""inline1.py: a Task sends each future's result back into the generator (twin of src/part3_futures/inline1.rs).

One worker, as in the Rust port: both tasks are in flight at once, but jobs finish in the order they were
submitted and a job's callbacks run before the next job starts, so 'Got: 5' comes first by construction.
"""

from frontier import sleep
from pool import Pool

pool = Pool(1)


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


def main():
    Task(do_func(2, 3)).step()
    Task(do_many(10)).step()
    pool.wait_until_idle()
    pool.shutdown()


if __name__ == '__main__':
    main()
