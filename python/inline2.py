"""inline2.py: the Task throws a failed job's error into the generator (twin of src/part3_futures/inline2.rs)."""

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


if __name__ == '__main__':
    Task(do_func(2, 3)).step()
    Task(do_func(2, 'Hello')).step()  # the slides' failing call; the file's main stops at the line above
