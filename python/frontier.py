"""What every Python twin shares with the Rust transcript (src/transcript.rs).

- timing(label, seconds) prints "label: 0.123456s"; the parity test redacts it to "label: [elapsed]".
- ratio(label, value) prints "label: 1.89x"; the parity test redacts it to "label: [ratio]".
- debug_str(text) and escape_debug(char) quote as Rust's {text:?} and char::escape_debug do, for error messages
  that name the user's input as the Rust port names it.
- sleep(seconds) and scaled(seconds) multiply by FINAL_FRONTIER_TIME_SCALE (default 1), as the Rust
  --time-scale does, so the tests run the same logic in milliseconds. On a thread that has a clock (a pool
  worker: sleep_on, pool.py), sleep() waits on that clock, as Transcript::sleep does in Rust.
- count(default) reads --count N (N >= 1), for the twins whose original runs forever, as the Rust CLI does.
- fib_options(default_n) and ShowThreads(pool): the fib twins' command line (--n, --show-threads).
"""

import argparse
import os
import sys
import threading
import time
import unicodedata

TIME_SCALE_ENV = "FINAL_FRONTIER_TIME_SCALE"


def _time_scale():
    text = os.environ.get(TIME_SCALE_ENV, "1")
    try:
        value = float(text)
    except ValueError:
        raise SystemExit(f"error: {TIME_SCALE_ENV} must be a number >= 0, got {text!r}")
    if not (value >= 0 and value != float("inf")):
        raise SystemExit(f"error: {TIME_SCALE_ENV} must be a finite number >= 0, got {text!r}")
    return value


TIME_SCALE = _time_scale()


def scaled(seconds):
    return seconds * TIME_SCALE


_thread = threading.local()


def sleep_on(clock):
    """From now on, sleep(seconds) on this thread calls clock(seconds): a pool worker's clock (pool.py)."""
    _thread.clock = clock


def sleep(seconds):
    clock = getattr(_thread, 'clock', None)
    if clock is None:
        time.sleep(scaled(seconds))
    else:
        clock(seconds)


def count(default, what='ticks'):
    """--count N from the command line (N >= 1), else default: how long a twin whose original never stops runs."""
    parser = argparse.ArgumentParser()
    parser.add_argument('--count', type=int, default=default, metavar='N',
                        help=f'{what} before it stops (default {default}; the original never stops)')
    value = parser.parse_args().count
    if value < 1:
        parser.error('--count must be at least 1')
    return value


def timing(label, seconds):
    print(f"{label}: {seconds:.6f}s", flush=True)


def ratio(label, value):
    print(f"{label}: {value:.2f}x", flush=True)


# Rust escapes a character as \u{...} when it is not printable (the same categories as str.isprintable) or has
# the Unicode property Grapheme_Extend, which Python does not expose: categories Mn and Me, plus these
# (Other_Grapheme_Extend, and the spacing marks Unicode 16 added). Characters that Unicode assigned after
# Python 3.11's Unicode 14 are unassigned here and come out escaped where Rust prints them.
_GRAPHEME_EXTEND_TOO = {
    0x09BE, 0x09D7, 0x0B3E, 0x0B57, 0x0BBE, 0x0BD7, 0x0CC0, 0x0CC2, 0x0CC7, 0x0CC8, 0x0CCA, 0x0CCB, 0x0CD5, 0x0CD6,
    0x0D3E, 0x0D57, 0x0DCF, 0x0DDF, 0x1715, 0x1734, 0x1B35, 0x1B3B, 0x1B3D, 0x1B43, 0x1B44, 0x1BAA, 0x1BF2, 0x1BF3,
    0x200C, 0x302E, 0x302F, 0xA953, 0xA9C0, 0xFF9E, 0xFF9F, 0x111C0, 0x11235, 0x1133E, 0x1134D, 0x11357, 0x114B0,
    0x114BD, 0x115AF, 0x116B6, 0x11930, 0x1193D, 0x16FF0, 0x16FF1, 0x1D165, 0x1D166, 0x1D16D, 0x1D16E, 0x1D16F,
    0x1D170, 0x1D171, 0x1D172, *range(0xE0020, 0xE0080),
}
_ESCAPES = {"\0": "\\0", "\t": "\\t", "\r": "\\r", "\n": "\\n", "\\": "\\\\"}


def _escaped(char, quotes):
    if char in _ESCAPES:
        return _ESCAPES[char]
    if char in quotes:
        return "\\" + char
    extends = unicodedata.category(char) in ("Mn", "Me") or ord(char) in _GRAPHEME_EXTEND_TOO
    return char if char.isprintable() and not extends else f"\\u{{{ord(char):x}}}"


def debug_str(text):
    """Rust's format!("{text:?}"): in double quotes, escaping double quotes but not single ones."""
    return '"' + "".join(_escaped(char, '"') for char in text) + '"'


def escape_debug(char):
    """Rust's char::escape_debug, without quotes: escapes both kinds of quote."""
    return _escaped(char, "'\"")


FIB_MAX_N = 45  # as the Rust fib samples' limit


def _fib_n(text):
    """--n as the Rust samples take it: a count from 1 to 45 (naive fib's work grows 1.6 times per step of n)."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number")
    if not 1 <= n <= FIB_MAX_N:
        raise argparse.ArgumentTypeError(f'{n} is not in 1..={FIB_MAX_N}')
    return n


def fib_options(default_n):
    """The fib twins' command line: --n N (compute_fibs(N), default default_n) and --show-threads."""
    parser = argparse.ArgumentParser()
    parser.add_argument('--n', type=_fib_n, default=default_n, metavar='N',
                        help=f'compute_fibs(N) computes fib(0) .. fib(N-1) (default {default_n})')
    parser.add_argument('--show-threads', action='store_true',
                        help='print on stderr which thread runs a compute_fibs generator at each step')
    return parser.parse_args()


class ShowThreads:
    """--show-threads: the originals' commented-out print(threading.current_thread()) in compute_fibs, without
    editing compute_fibs. It wraps the fib pool: each submit first prints, on stderr, the thread that runs the
    step of the generator calling it (`compute_fibs(34): step 5 on ThreadPoolExecutor-0_1`)."""

    def __init__(self, pool):
        self._pool = pool

    def submit(self, fn, i):
        step = sys._getframe(1)  # the generator's frame: `val = yield from pool.submit(fib, i)`
        # One write per line, so that lines from two threads do not mix.
        sys.stderr.write(f"compute_fibs({step.f_locals.get('n')}): step {i} on {threading.current_thread().name}\n")
        return self._pool.submit(fn, i)

    def __getattr__(self, name):
        return getattr(self._pool, name)
