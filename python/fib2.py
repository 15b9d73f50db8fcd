"""fib2.py: two inlined futures at once, measured (twin of src/part5_gil/fib2.rs)."""

import time
from concurrent.futures import ProcessPoolExecutor

from frontier import ratio, timing
from inline_future import inlined_future, run_inline_future, start_inline_future


def fib(n):
    return 1 if n <= 2 else (fib(n-1) + fib(n-2))


@inlined_future
def compute_fibs(n):
    result = []
    for i in range(n):
        # print(threading.current_thread())  # Uncomment to see weird thread switching: --show-threads
        val = yield from pool.submit(fib, i)
        result.append(val)
    return result


pool = ProcessPoolExecutor(4)


def main(n=34):
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


# ---- plumbing: not in the original ----
# Usage: python3 fib2.py [--n N] [--show-threads]
if __name__ == '__main__':
    from frontier import ShowThreads, fib_options

    options = fib_options(34)
    if options.show_threads:
        pool = ShowThreads(pool)
    main(options.n)
