"""async1.py: a coroutine on asyncio's event loop (twin of src/part4_yield_from/async1.rs)."""

import asyncio
import types

from frontier import scaled


def func(x, y):
    return x + y


@types.coroutine  # the original's @asyncio.coroutine, removed in Python 3.11
def do_func(x, y):
    yield from asyncio.sleep(scaled(1))
    return func(x, y)


loop = asyncio.get_event_loop()
result = loop.run_until_complete(do_func(2, 3))
print('Got:', result)
