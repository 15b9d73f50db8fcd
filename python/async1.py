"""async1.py: a coroutine on asyncio's event loop (twin of src/part4_yield_from/async1.rs).

The original marks a generator with @asyncio.coroutine and waits with `yield from asyncio.sleep(1)`. That
decorator was removed in Python 3.11, so this twin says the same with `async def` and `await`, the syntax
Python 3.5 gave the idea (and the one Rust's `async fn` and `.await` mirror).
"""

import asyncio

from frontier import scaled


def func(x, y):
    return x + y


async def do_func(x, y):
    await asyncio.sleep(scaled(1))
    return func(x, y)


def main():
    result = asyncio.run(do_func(2, 3))
    print('Got:', result)


if __name__ == '__main__':
    main()
