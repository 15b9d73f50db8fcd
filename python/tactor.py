"""tactor.py: each actor on its own thread, reading a mailbox (twin of src/part6_actors/tactor.rs).

send() puts the message in the receiver's mailbox; the receiver's thread resumes the generator, so no send
re-enters anything. The original runs forever; --count N delivers N messages (the first send included), then
every mailbox gets a None to stop its thread, and every thread is joined. The last line is 'pong N-1' for even N.
"""

import argparse
import threading
from queue import Queue
from threading import Thread

_registry = {}
_delivered = 0
_delivered_lock = threading.Lock()
COUNT = 20


def send(name, msg):
    _registry[name].send(msg)


def may_deliver():
    global _delivered
    with _delivered_lock:
        _delivered += 1
        return _delivered <= COUNT


def stop_all():
    for a in _registry.values():
        a.mailbox.put(None)


class Actor(Thread):
    def __init__(self, gen):
        super().__init__()
        self.gen = gen
        self.mailbox = Queue()

    def send(self, msg):
        self.mailbox.put(msg)

    def run(self):
        while True:
            msg = self.mailbox.get()
            if msg is None:
                return
            if not may_deliver():
                stop_all()
                return
            self.gen.send(msg)


def actor(func):
    def wrapper(*args, **kwargs):
        gen = func(*args, **kwargs)
        next(gen)
        _registry[func.__name__] = a = Actor(gen)
        a.start()
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
    COUNT = parser.parse_args().count
    ping()
    pong()
    send('ping', 0)
    for a in _registry.values():
        a.join()
