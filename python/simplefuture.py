"""simplefuture.py: a thread pool, and three ways to get at a future's result (twin of
src/part3_futures/simplefuture.rs)."""

from concurrent.futures import ThreadPoolExecutor

from frontier import sleep


def func(x, y):
    sleep(5)
    return x + y


def main():
    pool = ThreadPoolExecutor(8)

    fut = pool.submit(func, 2, 3)
    r = fut.result()
    print('Got:', r)

    fut = pool.submit(func, 2, 'Hello')
    try:
        r = fut.result()
        print('Got:', r)
    except Exception as e:
        print('Whoops:', e)

    def result_handler(fut):
        print('Got:', fut.result())

    fut = pool.submit(func, 2, 3)
    fut.add_done_callback(result_handler)

    pool.shutdown(wait=True)  # the interpreter would wait for the pool at exit; the Rust port drops it


if __name__ == '__main__':
    main()
