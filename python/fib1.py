"""fib1.py: an inlined future that farms its work out to a process pool (twin of src/part5_gil/fib1.rs).

compute_fibs(n) submits fib(0), ..., fib(n-1) to a ProcessPoolExecutor one after another; each `yield from`
suspends the generator until that job's result is back, and the Task (inline_future's) resumes it from the
future's done-callback. So the first step runs on the main thread and every later one on the pool's result
thread: --show-threads prints, on stderr, which thread resumed the generator at each step (the original's
"uncomment to see weird thread switching").

Usage: python3 fib1.py [--n N] [--show-threads]
"""

import argparse
import sys
import threading
from concurrent.futures import ProcessPoolExecutor

from inline_future import inlined_future, run_inline_future

SHOW_THREADS = False  # --show-threads


def fib(n):
    return 1 if n <= 2 else (fib(n-1) + fib(n-2))


def show_thread(n, i):
    # One write per line, so that lines from two threads do not mix.
    sys.stderr.write(f'compute_fibs({n}) step {i}: on {threading.current_thread().name}\n')


@inlined_future
def compute_fibs(n):
    result = []
    for i in range(n):
        if SHOW_THREADS:  # the original: "uncomment to see weird thread switching"
            show_thread(n, i)
        val = yield from pool.submit(fib, i)
        result.append(val)
    return result


pool = ProcessPoolExecutor(4)


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--n', type=n_argument, default=35, metavar='N', help='computes fib(0) .. fib(N-1) (default 35)')
    parser.add_argument('--show-threads', action='store_true',
                        help='print on stderr which thread resumed the generator at each step')
    args = parser.parse_args()
    if args.n < 0:
        parser.error('--n must be at least 0')
    return args


MAX_N = 45  # as the Rust sample's limit

def n_argument(text):
    """--n as the Rust sample takes it: a count from 1 to 45 (naive fib's work grows 1.6 times per step of n)."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number")
    if not 1 <= n <= MAX_N:
        raise argparse.ArgumentTypeError(f'{n} is not in 1..={MAX_N}')
    return n

def main():
    global SHOW_THREADS
    args = arguments()
    SHOW_THREADS = args.show_threads
    result = run_inline_future(compute_fibs(args.n))
    print(result)
    pool.shutdown()


if __name__ == '__main__':
    main()
