"""fib2.py: two inlined futures at once, measured (twin of src/part5_gil/fib2.rs).

Runs compute_fibs(n) twice one after the other, then starts two and waits for both. The fib jobs go to a
ProcessPoolExecutor, so the two generators' jobs run in parallel processes and the GIL does not stand in the way:
Parallel takes about half of Sequential on 2 cores. Both generators are resumed by the pool's one result thread
(--show-threads prints, on stderr, which thread resumed each at every step).

One line the original does not print: Speedup, Sequential divided by Parallel. As in the original, Sequential
includes starting the pool's processes (the first submit starts them): tens of milliseconds, which only matter
for a small --n.

Usage: python3 fib2.py [--n N] [--show-threads]
"""

import argparse
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

from frontier import ratio, timing
from inline_future import inlined_future, run_inline_future, start_inline_future

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
    parser.add_argument('--n', type=n_argument, default=34, metavar='N',
                        help='each run computes fib(0) .. fib(N-1) (default 34)')
    parser.add_argument('--show-threads', action='store_true',
                        help='print on stderr which thread resumed a generator at each step')
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
    n = args.n

    start = time.time()
    result = run_inline_future(compute_fibs(n))
    result = run_inline_future(compute_fibs(n))
    end = time.time()
    sequential = end - start
    timing('Sequential', sequential)

    start = time.time()
    t1 = start_inline_future(compute_fibs(n))
    t2 = start_inline_future(compute_fibs(n))
    result1 = t1.result()
    result2 = t2.result()
    end = time.time()
    parallel = end - start
    timing('Parallel', parallel)

    ratio('Speedup', sequential / parallel)
    pool.shutdown()


if __name__ == '__main__':
    main()
