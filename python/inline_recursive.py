"""inline_recursive.py: tasks that start tasks, without growing the stack (twin of
src/part3_futures/inline_recursive.rs)."""

from frontier import count, sleep
from pool import ThreadPoolExecutor

pool = ThreadPoolExecutor(max_workers=8)


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


def recursive(n):
    yield pool.submit(sleep, 0.001)
    print('Tick:', n)
    if n + 1 < TICKS:  # the original ticks forever
        Task(recursive(n + 1)).step()


if __name__ == '__main__':
    TICKS = count(default=10)
    Task(recursive(0)).step()

# ---- plumbing: not in the original ----
# TICKS (--count, frontier.count) stops the run; pool.py's ThreadPoolExecutor waits for its jobs at exit, as the
# interpreter waits for the real one's threads.
