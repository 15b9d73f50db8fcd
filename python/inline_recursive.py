"""inline_recursive.py: tasks that start tasks, without growing the stack (twin of
src/part3_futures/inline_recursive.rs). The original runs forever; this one stops after COUNT ticks."""

import sys

from frontier import sleep
from pool import Pool

pool = Pool(1)
COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 10


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


def recursive(n):
    yield pool.submit(sleep, 0.001)
    print('Tick:', n)
    if n + 1 < COUNT:
        Task(recursive(n + 1)).step()


def main():
    if COUNT > 0:
        Task(recursive(0)).step()
    pool.wait_until_idle()
    pool.shutdown()


if __name__ == '__main__':
    main()
