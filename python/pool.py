"""A ThreadPoolExecutor that can wait until idle (Python twin of src/part3_futures/pool.rs).

The original programs end while their Tasks are still at work: the interpreter waits for the pool's threads at
exit. Our twins print a transcript that must be complete when main() returns, so they wait explicitly, as the
Rust port does with Pool::wait_until_idle: until no job is queued or running, its done-callbacks included. A
callback that submits the next job does so before its own job counts as finished, so a chain of Tasks keeps the
pool busy until its end.

submit() returns a plain concurrent.futures.Future that the job completes itself, so its callbacks run inside
the job, on the worker thread, before the job counts as finished (exactly as in ThreadPoolExecutor).
"""

import threading
from concurrent.futures import Future, ThreadPoolExecutor


class Pool:
    def __init__(self, max_workers):
        self._executor = ThreadPoolExecutor(max_workers=max_workers)
        self._idle = threading.Condition()
        self._in_flight = 0

    def submit(self, fn, *args):
        fut = Future()
        with self._idle:
            self._in_flight += 1

        def job():
            try:
                try:
                    result = fn(*args)
                except BaseException as e:
                    fut.set_exception(e)
                else:
                    fut.set_result(result)
            finally:
                with self._idle:
                    self._in_flight -= 1
                    if self._in_flight == 0:
                        self._idle.notify_all()

        self._executor.submit(job)
        return fut

    def wait_until_idle(self):
        with self._idle:
            while self._in_flight:
                self._idle.wait()

    def shutdown(self):
        self._executor.shutdown(wait=True)
