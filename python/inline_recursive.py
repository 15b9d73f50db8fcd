"""inline_recursive.py: tasks that start tasks, without growing the stack (twin of
src/part3_futures/inline_recursive.rs).

The original runs forever; this one stops after --count ticks (default 10), as the Rust port does.
Its Task is inline2's (a failed job's error is thrown into the generator); the original defines it again here
rather than importing it, and so does this twin.

Usage: python3 inline_recursive.py [--count N]
"""

import argparse

from frontier import sleep
from pool import Pool

pool = Pool(1)  # one worker: a tick's job is never done before its callback is registered (see the Rust port)


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
        except StopIteration:
            pass

    def _wakeup(self, fut):
        try:
            result = fut.result()
            self.step(result, None)
        except Exception as exc:
            self.step(None, exc)


def recursive(n, count):
    yield pool.submit(sleep, 0.001)
    print('Tick:', n)
    if n + 1 < count:
        Task(recursive(n + 1, count)).step()


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--count', type=int, default=10, metavar='N', help='ticks before it stops (default 10)')
    args = parser.parse_args()
    if args.count < 0:
        parser.error('--count must be at least 0')
    return args


def main():
    count = arguments().count
    if count > 0:
        Task(recursive(0, count)).step()
    pool.wait_until_idle()
    pool.shutdown()


if __name__ == '__main__':
    main()
