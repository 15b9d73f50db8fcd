"""simplefuture.py: a thread pool, and three ways to get at a future's result (twin of
src/part3_futures/simplefuture.rs)."""

from frontier import sleep
from pool import ThreadPoolExecutor


def func(x, y):
    sleep(5)
    return x + y


pool = ThreadPoolExecutor(max_workers=8)


def example1():
    fut = pool.submit(func, 2, 3)
    r = fut.result()
    print('Got:', r)


def example2():
    fut = pool.submit(func, 2, 'Hello')
    try:
        r = fut.result()
        print('Got:', r)
    except Exception as e:
        print('Whoops:', e)


def result_handler(fut):
    try:
        r = fut.result()
        print('Got:', r)
    except Exception as e:
        print('Whoops:', e)


def example3():
    fut = pool.submit(func, 2, 3)
    fut.add_done_callback(result_handler)


if __name__ == '__main__':
    example1()
    example2()
    example3()

# ---- plumbing: not in the original ----
# None: pool.py's ThreadPoolExecutor waits for its jobs at exit, as the interpreter waits for the real one's
# threads, so example3's callback prints last, 5 s later, as in the original.
