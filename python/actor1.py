"""actor1.py: generators as actors (twin of src/part6_actors/actor1.rs)."""

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
def printer():
    while True:
        msg = yield
        print('printer:', msg)


if __name__ == '__main__':
    printer()
    n = 10
    while n > 0:
        send('printer', n)
        n -= 1
