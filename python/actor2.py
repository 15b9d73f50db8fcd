"""actor2.py: ping-pong by direct resume, meant to fail (twin of src/part6_actors/actor2.rs)."""

_registry = {}


def send(name, msg):
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
    ping()
    pong()
    send('ping', 0)
