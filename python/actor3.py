"""actor3.py: ping-pong through one message queue and a run loop (twin of src/part6_actors/actor3.rs).

send() only appends to the queue; run() delivers one message at a time, so no generator is re-entered and the
stack does not grow. The original runs forever; --count N delivers N messages (the first send included), so the
last line is 'pong N-1' for even N.
"""

import argparse
from collections import deque

_registry = {}
_msg_queue = deque()


def send(name, msg):
    _msg_queue.append((name, msg))


def run(count):
    delivered = 0
    while _msg_queue and delivered < count:
        name, msg = _msg_queue.popleft()
        delivered += 1
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


if __name__ == '__main__':
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--count', type=int, default=20, help='messages to deliver in all (default 20)')
    args = parser.parse_args()
    ping()
    pong()
    send('ping', 0)
    run(args.count)
