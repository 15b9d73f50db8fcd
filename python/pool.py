"""concurrent.futures.ThreadPoolExecutor for the twins: the same submit, on a clock (twin of src/futures/pool.rs).

submit() returns a concurrent.futures.Future that the job completes itself, on the worker thread that ran it, so
its done-callbacks run there, before that worker takes its next job (as in ThreadPoolExecutor).

The pool's clock. With 8 workers, jobs due at the same instant (inline1's two 1-second jobs) finish together,
and in Python their callbacks race. Here a job's sleep (frontier.sleep, called on a worker thread) runs on the
pool's clock, which works as a paused tokio clock (or a discrete-event simulator) does:
- a sleep of d started at the clock's instant `now` ends at the instant now + d exactly (no microsecond drift);
- the clock moves only while the pool is still: every worker asleep on it or without a job, and no job waiting
  for an idle worker; so a released job's completion, its callbacks and the first steps of the jobs they submit
  are over before the next sleeper wakes;
- sleepers due at the same instant wake one at a time, in the order their jobs were submitted;
- the instant D is released no earlier than D * time scale after the pool started, so runs take the original's
  time, scaled.
One lock guards the queue, the workers' states and the clock. A job that waits for anything but the clock holds
the clock still, and a thread outside the pool submits at the clock's current instant.

The interpreter waits for the pool at exit, as it waits for ThreadPoolExecutor's threads: the original programs
end while their Tasks are still at work. wait_until_idle() is that wait: until no job is queued or running, its
done-callbacks included (a callback that submits the next job does so before its own job counts as finished).
"""

import atexit
import threading
import time
from collections import deque
from concurrent.futures import Future

import frontier

_IDLE = ('idle',)


class ThreadPoolExecutor:
    def __init__(self, max_workers):
        lock = threading.Lock()
        self._work = threading.Condition(lock)   # workers wait here for jobs
        self._clock = threading.Condition(lock)  # sleepers wait here for their turn
        self._idle = threading.Condition(lock)   # wait_until_idle waits here
        self._queue = deque()                    # (seq, job)
        self._next_seq = 0
        self._workers = [_IDLE] * max(1, max_workers)  # _IDLE, ('running', seq) or ('asleep', until, seq)
        self._now = 0.0
        self._epoch = time.monotonic()
        self._in_flight = 0
        self._shut_down = False
        self._threads = []
        for index in range(len(self._workers)):
            thread = threading.Thread(target=self._work_loop, args=(index,), name=f'pool-{index}', daemon=True)
            thread.start()
            self._threads.append(thread)
        atexit.register(self._at_exit)

    def submit(self, fn, *args):
        fut = Future()

        def job():
            try:
                result = fn(*args)
            except BaseException as e:
                fut.set_exception(e)
            else:
                fut.set_result(result)

        with self._work:
            if self._shut_down:
                raise RuntimeError('cannot schedule new futures after shutdown')
            self._queue.append((self._next_seq, job))
            self._next_seq += 1
            self._in_flight += 1
            self._work.notify()
        return fut

    def wait_until_idle(self):
        with self._idle:
            while self._in_flight:
                self._idle.wait()

    def shutdown(self, wait=True):
        with self._work:
            self._shut_down = True
            self._work.notify_all()
        if wait:
            for thread in self._threads:
                if thread is not threading.current_thread():
                    thread.join()

    def _at_exit(self):
        self.wait_until_idle()
        self.shutdown()

    def _work_loop(self, index):
        frontier.sleep_on(lambda seconds: self._sleep(index, seconds))
        while True:
            with self._work:
                while not self._queue:
                    if self._shut_down:
                        return
                    self._work.wait()
                seq, job = self._queue.popleft()
                self._workers[index] = ('running', seq)
            job()
            with self._work:
                self._workers[index] = _IDLE
                self._in_flight -= 1
                if self._in_flight == 0:
                    self._idle.notify_all()
                self._clock.notify_all()  # the pool may be still now: the next sleeper may wake

    def _still(self):
        states = [state[0] for state in self._workers]
        return 'running' not in states and (not self._queue or 'idle' not in states)

    def _first_sleeper(self):
        asleep = [(state[1], state[2], index) for index, state in enumerate(self._workers) if state[0] == 'asleep']
        return min(asleep)[2] if asleep else None

    def _sleep(self, index, seconds):
        with self._clock:
            seq = self._workers[index][1]
            until = self._now + seconds
            self._workers[index] = ('asleep', until, seq)
            self._clock.notify_all()
            while True:
                timeout = None
                if self._still() and self._first_sleeper() == index:
                    left = self._epoch + frontier.scaled(until) - time.monotonic()
                    if left <= 0:
                        self._now = until
                        self._workers[index] = ('running', seq)
                        return
                    timeout = left
                self._clock.wait(timeout)


Pool = ThreadPoolExecutor  # the name the other twins know it by
