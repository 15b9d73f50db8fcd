"""actor2.py: ping-pong by direct resume, meant to fail (twin of src/part6_actors/actor2.rs).

pong resumes ping while ping is still running further down the same stack: CPython raises
"ValueError: generator already executing". The original dies with the traceback; the twin catches the error and
prints it as the last line, as the Rust port prints its typed error.
"""

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
    try:
        send('ping', 0)
    except ValueError as e:
        print(f'Error: {e}', flush=True)
        raise  # the original dies with the traceback: exit status 1
