"""fib1.py: an inlined future that farms its work out to a process pool (twin of src/part5_gil/fib1.rs)."""

from concurrent.futures import ProcessPoolExecutor

from inline_future import inlined_future, run_inline_future


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


def main(n=35):
    result = run_inline_future(compute_fibs(n))
    print(result)


# ---- plumbing: not in the original ----
# Usage: python3 fib1.py [--n N] [--show-threads]
if __name__ == '__main__':
    from frontier import ShowThreads, fib_options

    options = fib_options(35)
    if options.show_threads:
        pool = ShowThreads(pool)
    main(options.n)
