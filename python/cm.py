"""cm.py: a context manager made from a generator (Python twin of src/part2_context/cm.rs).

A home-made contextmanager: __enter__ runs the generator to its single yield, __exit__ resumes it (normal exit)
or throws the pending exception in at the yield. Prints the same transcript as the Rust port on every backend.
"""

import os
import shutil
import tempfile
import time

from frontier import timing


class GeneratorCM:
    def __init__(self, gen):
        self.gen = gen

    def __enter__(self):
        try:
            return next(self.gen)
        except StopIteration:
            raise RuntimeError("generator didn't yield") from None

    def __exit__(self, etype, value, tb):
        if etype is None:
            try:
                next(self.gen)
            except StopIteration:
                return False
            raise RuntimeError("generator didn't stop")
        try:
            self.gen.throw(value)
        except StopIteration:
            return True  # the generator swallowed the error
        except BaseException as e:
            if e is value:
                return False  # re-raised: let it propagate
            raise
        raise RuntimeError("generator didn't stop after throw()")


def contextmanager(func):
    def make(*args, **kwargs):
        return GeneratorCM(func(*args, **kwargs))
    return make


@contextmanager
def timethis():
    start = time.time()
    try:
        yield
    finally:
        timing("timethis", time.time() - start)


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
    """Python's own answer: a class with __enter__/__exit__ (Rust's: a Drop guard)."""

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


def main():
    print("---- timethis: a 1,000,000-step countdown")
    with timethis():
        n = 1000000
        while n > 0:
            n -= 1

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


if __name__ == "__main__":
    main()
