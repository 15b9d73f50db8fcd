"""tactor.py: each actor on its own thread, reading a mailbox (twin of src/part6_actors/tactor.rs)."""

from queue import Queue
from threading import Thread


class Actor(Thread):
    registry = {}

    def __init__(self, name, gen):
        super().__init__()
        self.daemon = True
        self.gen = gen
        self.mailbox = Queue()
        Actor.registry[name] = self
        self.start()

    def send(self, msg):
        self.mailbox.put(msg)

    def run(self):
        while True:
            msg = self.mailbox.get()
            self.gen.send(msg)


def send(name, msg):
    Actor.registry[name].send(msg)


def actor(func):
    def wrapper(*args, id=func.__name__, **kwargs):
        gen = func(*args, **kwargs)
        next(gen)
        Actor(id, gen)
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
    for a in list(Actor.registry.values()):
        a.join()  # the original's main thread sleeps forever instead


# ---- plumbing: not in the original ----
# The original runs forever. --count N delivers N messages in all (the first send included), as the Rust port:
# the mailboxes count what they hand out, and the (N+1)-th get() puts a STOP in every mailbox and ends its own
# thread; a thread that gets STOP ends too. SystemExit ends a thread quietly. Actor.__init__ looks `Queue` up
# when it runs, so rebinding the name here gives every actor a counting mailbox.

import argparse  # noqa: E402
import threading  # noqa: E402

STOP = object()
COUNT = 20


class CountingQueue(Queue):
    delivered = 0
    lock = threading.Lock()

    def get(self):
        msg = super().get()
        if msg is STOP:
            raise SystemExit
        with CountingQueue.lock:
            CountingQueue.delivered += 1
            over = CountingQueue.delivered > COUNT
        if over:
            for a in Actor.registry.values():
                a.mailbox.put(STOP)
            raise SystemExit
        return msg


Queue = CountingQueue  # noqa: F811

if __name__ == '__main__':
    parser = argparse.ArgumentParser(description='Ping-pong between two actor threads.')
    parser.add_argument('--count', type=int, default=20, help='messages to deliver in all (default 20)')
    COUNT = parser.parse_args().count
    main()
