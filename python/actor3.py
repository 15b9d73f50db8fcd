"""actor3.py: ping-pong through one message queue and a run loop (twin of src/part6_actors/actor3.rs)."""

from collections import deque

_registry = {}
_msg_queue = deque()


def send(name, msg):
    _msg_queue.append((name, msg))


def run():
    while _msg_queue:
        name, msg = _msg_queue.popleft()
        _registry[name].send(msg)


def actor(func):
    def wrapper(*args, **kwargs):
        gen = func(*args, **kwargs)
        next(gen)
        _registry[func.__name__] = gen
    return wrapper


@actor
def ping():
    while True:
        n = yield
        print('ping %d' % n)
        send('pong', n + 1)


@actor
def pong():
    while True:
        n = yield
        print('pong %d' % n)
        send('ping', n + 1)


def main():
    ping()
    pong()
    send('ping', 0)
    run()


# ---- plumbing: not in the original ----
# The original runs forever. --count N delivers N messages in all (the first send included), as the Rust port:
# the queue counts what it hands out and looks empty once N messages have left it. send() and run() look
# `_msg_queue` up when they run, so rebinding the name here gives them the counting queue.

import argparse  # noqa: E402

COUNT = 20


class CountingDeque(deque):
    delivered = 0

    def popleft(self):
        self.delivered += 1
        return super().popleft()

    def __bool__(self):
        return self.delivered < COUNT and len(self) > 0


_msg_queue = CountingDeque()

if __name__ == '__main__':
    parser = argparse.ArgumentParser(description='Ping-pong through one message queue.')
    parser.add_argument('--count', type=int, default=20, help='messages to deliver in all (default 20)')
    COUNT = parser.parse_args().count
    main()
