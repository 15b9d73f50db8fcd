"""cm.py: a context manager made from a generator (twin of src/part2_context/cm.rs)."""

import time

from frontier import timing


class GeneratorCM:
    def __init__(self, gen):
        self.gen = gen

    def __enter__(self):
        return next(self.gen)

    def __exit__(self, etype, value, tb):
        try:
            if etype is None:
                next(self.gen)
            else:
                self.gen.throw(etype, value, tb)
        except StopIteration:
            return True
        except BaseException as e:
            if e is not value:
                raise
            return
        raise RuntimeError("Generator didn't stop")


def contextmanager(func):
    def run(*args, **kwargs):
        return GeneratorCM(func(*args, **kwargs))
    return run


@contextmanager
def timethis():
    start = time.time()
    try:
        yield
    finally:
        end = time.time()
        timing('timethis', end - start)


if __name__ == '__main__':
    with timethis():
        n = 1000000
        while n > 0:
            n -= 1


# ---- plumbing: not in the original ----
# The port's extra exit paths (cm.rs): a real resource removed on every exit, a generator that swallows the
# error, one that yields twice, and Python's own answer, a class with __enter__/__exit__.

import os  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402


@contextmanager
def tempdir(suppress=False):
    path = tempfile.mkdtemp(prefix="final-frontier-")
    try:
        yield path
    except Exception as e:
        if not suppress:
            raise
        print(f"suppressed: {e}")
    finally:
        shutil.rmtree(path)


@contextmanager
def tempdir_yielding_twice():
    path = tempfile.mkdtemp(prefix="final-frontier-")
    try:
        yield path
        yield path
    finally:
        shutil.rmtree(path)


class TempDir:
    def __enter__(self):
        self.path = tempfile.mkdtemp(prefix="final-frontier-")
        return self.path

    def __exit__(self, etype, value, tb):
        shutil.rmtree(self.path)
        return False


class Boom(Exception):
    pass


def use_dir(path, fail):
    print("inside: the directory exists" if os.path.isdir(path) else "inside: the directory is missing")
    if fail:
        raise Boom("boom")


def after(path):
    return "after: the directory is still there" if os.path.exists(path) else "after: the directory is gone"


def exit_paths():
    for title, suppress, fail in [
        ("---- tempdir: the body succeeds", False, False),
        ("---- tempdir: the body fails, the error comes back out", False, True),
        ("---- tempdir: the body fails, the generator suppresses the error", True, True),
    ]:
        print(title)
        try:
            with tempdir(suppress) as path:
                use_dir(path, fail)
        except Boom as e:
            print(f"caught: {e}")
        print(after(path))

    print("---- a generator that yields twice")
    try:
        with tempdir_yielding_twice() as path:
            use_dir(path, False)
    except RuntimeError as e:
        print(f"caught: {e}")
    print(after(path))

    print("---- Rust's own answer: a Drop guard, no generator")
    with TempDir() as path:
        use_dir(path, False)
    print(after(path))


if __name__ == '__main__':
    exit_paths()
