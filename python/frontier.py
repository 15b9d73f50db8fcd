"""What every Python twin shares with the Rust transcript (src/transcript.rs).

- timing(label, seconds) prints "label: 0.123456s"; the parity test redacts it to "label: [elapsed]".
- sleep(seconds) and scaled(seconds) multiply by FINAL_FRONTIER_TIME_SCALE (default 1), as the Rust
  --time-scale does, so the tests run the same logic in milliseconds.
"""

import os
import time

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


def sleep(seconds):
    time.sleep(scaled(seconds))


def timing(label, seconds):
    print(f"{label}: {seconds:.6f}s", flush=True)
