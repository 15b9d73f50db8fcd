"""bench.py: the criterion benches' workloads, timed in CPython (the other side of BENCHMARKS.md).

Each workload below is the Python counterpart of one criterion group (benches/*.rs), written the way the
tutorial writes it: a generator resumed with send(), a chain of `yield from`, compiler2's visitor, actor3's
queue runner, tactor's threads, inline1's Task step, fib's list. One run of a workload handles `items` items
(round trips, nodes, messages...); timeit repeats the run and the JSON records the cost of one item: median,
fastest and slowest repeat, in nanoseconds. `final-frontier report` reads the file and puts these figures beside
criterion's, row by row.

The garbage collector stays on (timeit's setup re-enables it): the samples run with it, and the Rust side pays
for its own allocations too. Printing is excluded everywhere: the actors count instead of printing.

Usage: python3 python/bench.py [--quick] [--output PATH] [--only PREFIX]
  --quick        fewer items and repeats (about 10 s): for developing the report, not for publishing figures;
                 it also skips the 10^6-node chain (the report then says that figure is missing)
  --output PATH  where to write the JSON (default: target/python-bench.json in the repository)
  --only PREFIX  run only the workloads whose id starts with PREFIX (e.g. traversal/)
"""

import argparse
import datetime
import json
import os
import platform
import queue
import statistics
import sys
import threading
import timeit
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from compiler1 import BinOp, Number
from compiler2 import Evaluator

SCHEMA = 1
REPOSITORY = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPOSITORY / "target" / "python-bench.json"


# ---- switch: one send() round trip (benches/switch.rs)

def counter():
    counter = 0
    while True:
        sent = yield counter
        counter += sent


def switch(items):
    gen = counter()
    next(gen)
    send = gen.send

    def run():
        for _ in range(items):
            send(1)
    return run


# ---- create: make a generator, resume it once, drop it (benches/create.rs)

def body(yields):
    for i in range(yields):
        yield i
    return yields


def create(items, yields):
    # yields = 0: the first next() runs the body to its end (StopIteration); yields = 1: it stops at the
    # yield and the generator is dropped suspended, so CPython closes it (GeneratorExit thrown in), as
    # Rust drops the live locals.
    def run():
        for _ in range(items):
            gen = body(yields)
            try:
                next(gen)
            except StopIteration:
                pass
            del gen
    return run


# ---- yield_from: one item through `depth` delegating generators (benches/yield_from.rs)

def leaf():
    n = 0
    while True:
        yield n
        n += 1


def level(depth):
    if depth == 0:
        yield from leaf()
    else:
        yield from level(depth - 1)


def yield_from(items, depth):
    gen = level(depth)
    step = gen.__next__

    def run():
        for _ in range(items):
            step()
    return run


# ---- traversal: compiler2's visitor over a whole tree (benches/traversal.rs)

def balanced(levels):
    """A complete tree of 2**levels - 1 nodes: leaves 0, 1, 2, ..., operators alternating + and -."""
    layer = [Number(n) for n in range(1 << (levels - 1))]
    while len(layer) > 1:
        layer = [BinOp("+" if i % 2 == 0 else "-", layer[2 * i], layer[2 * i + 1]) for i in range(len(layer) // 2)]
    return layer[0]


def chain(terms):
    """0+1+...+(terms-1), leaning left, as the parser builds it (built directly: parsing is not measured)."""
    tree = Number(0)
    for n in range(1, terms):
        tree = BinOp("+", tree, Number(n))
    return tree


def traversal(tree, expected):
    def run():
        result = Evaluator().visit(tree)
        if result != expected:
            raise SystemExit(f"error: compiler2 evaluated {result}, expected {expected}")
    return run


# ---- actors: actor3's queue runner, tactor's threads (benches/actors.rs)

def actor3(items):
    """actor3.py's registry and run loop; ping and pong pass a count back and forth instead of printing it."""
    registry = {}
    msg_queue = deque()

    def send(name, msg):
        msg_queue.append((name, msg))

    def run_queue():
        while msg_queue:
            name, msg = msg_queue.popleft()
            registry[name].send(msg)

    def actor(name, other):
        while True:
            n = yield
            if n < items:
                send(other, n + 1)

    for name, other in (("ping", "pong"), ("pong", "ping")):
        gen = actor(name, other)
        next(gen)
        registry[name] = gen

    def run():
        send("ping", 1)
        run_queue()
    return run


class Actor(threading.Thread):
    """tactor.py's actor: a thread with a mailbox; it stops at the message `None`."""

    def __init__(self, items, done):
        super().__init__(daemon=True)
        self._mailbox = queue.Queue()
        self.items = items
        self.done = done
        self.other = None

    def send(self, msg):
        self._mailbox.put(msg)

    def run(self):
        while (n := self._mailbox.get()) is not None:
            if n < self.items:
                self.other.send(n + 1)
            else:
                self.done.set()


def tactor(items):
    def run():
        done = threading.Event()
        ping, pong = Actor(items, done), Actor(items, done)
        ping.other, pong.other = pong, ping
        ping.start()
        pong.start()
        ping.send(1)
        done.wait()
        for actor in (ping, pong):
            actor.send(None)
            actor.join()
    return run


# ---- futures: one Task step, the future completed on this thread (benches/futures.rs)

class Task:
    """inline1.py's Task (not imported: inline1 starts a pool when imported)."""

    def __init__(self, gen):
        self._gen = gen

    def step(self, value=None):
        try:
            fut = self._gen.send(value)
            fut.add_done_callback(self._wakeup)
        except StopIteration:
            pass

    def _wakeup(self, fut):
        self.step(fut.result())


def task_step(items):
    parked = []

    def waiter():
        while True:
            fut = Future()
            parked.append(fut)
            yield fut

    Task(waiter()).step()

    def run():
        for _ in range(items):
            parked.pop().set_result(1)
    return run


def callback(items):
    def noop(fut):
        pass

    def run():
        for _ in range(items):
            fut = Future()
            fut.add_done_callback(noop)
            fut.set_result(1)
    return run


# ---- fib: the list of fib(i) for i < n (benches/fib.rs; fib1.py, fib2.py)

def fib(n):
    if n <= 2:
        return 1
    return fib(n - 1) + fib(n - 2)


class InlineFuture(Future):
    """inline_future.py's Task: a Future set with the generator's return value."""

    def __init__(self, gen):
        super().__init__()
        self._gen = gen

    def step(self, value=None):
        try:
            fut = self._gen.send(value)
            fut.add_done_callback(self._wakeup)
        except StopIteration as stop:
            self.set_result(stop.value)

    def _wakeup(self, fut):
        self.step(fut.result())


def compute_fibs(pool, n):
    result = []
    for i in range(n):
        val = yield pool.submit(fib, i)
        result.append(val)
    return result


def start(gen):
    task = InlineFuture(gen)
    task.step()
    return task


def fib_loop(n):
    def run():
        return [fib(i) for i in range(n)]
    return run


def fib_tasks(pool, n, lists, together):
    """`lists` compute_fibs(n) Tasks: one after another (fib2's Sequential) or all started at once (Parallel)."""
    def run():
        if together:
            tasks = [start(compute_fibs(pool, n)) for _ in range(lists)]
            return [task.result() for task in tasks]
        return [start(compute_fibs(pool, n)).result() for _ in range(lists)]
    return run


# ---- the table of workloads

FIB_N = 30


def workloads(quick, pool):
    """(id, what one item is, items per run, repeats, make the run): the ids the report maps rows to."""
    scale = 10 if quick else 1
    repeats = 3 if quick else 7
    few = 2 if quick else 5
    table = [
        ("switch/generator", "round trip: gen.send(1)", 1_000_000 // scale, repeats, lambda n: switch(n)),
        ("create/generator", "generator made, resumed once to its end, dropped", 200_000 // scale, repeats,
         lambda n: create(n, 0)),
        ("drop_suspended/generator", "generator made, resumed to its yield, dropped (closed)", 200_000 // scale,
         repeats, lambda n: create(n, 1)),
    ]
    for depth in (1, 10, 100):
        table.append((f"yield_from/{depth}", f"item through {depth} yield from", 200_000 // scale, repeats,
                      lambda n, depth=depth: yield_from(n, depth)))
    shapes = [("balanced", (1 << 20) - 1, lambda: balanced(20)), ("chain", 100_000, lambda: chain(100_000))]
    if not quick:
        shapes.append(("chain", 1_000_000, lambda: chain(1_000_000)))
    for shape, n, build in shapes:
        table.append((f"traversal/{shape}/{n}", "tree node visited by compiler2", None, few, build))
    table += [
        ("actors/actor3", "message through actor3's queue runner", 200_000 // scale, repeats, actor3),
        ("actors/tactor", "message between two tactor threads", 20_000 // scale, few, tactor),
        ("futures/task_step", "Task step (future set on this thread)", 200_000 // scale, repeats, task_step),
        ("futures/callback", "future made, given a callback, set", 200_000 // scale, repeats, callback),
        ("fib/loop", f"list of fib(i) for i < {FIB_N}, plain loop", 1, few, lambda _: fib_loop(FIB_N)),
        ("fib/task", f"list of fib(i) for i < {FIB_N}, one Task on a process pool", 1, few,
         lambda _: fib_tasks(pool, FIB_N, 1, False)),
        ("fib/sequential", f"two lists (fib2's Sequential, n = {FIB_N})", 1, few,
         lambda _: fib_tasks(pool, FIB_N, 2, False)),
        ("fib/parallel", f"two lists (fib2's Parallel, n = {FIB_N})", 1, few,
         lambda _: fib_tasks(pool, FIB_N, 2, True)),
    ]
    return table


def count_nodes(tree):
    count, stack = 0, [tree]
    while stack:
        node = stack.pop()
        count += 1
        if isinstance(node, BinOp):
            stack += (node.left, node.right)
    return count


def expected_value(tree):
    """The tree's value by an explicit-stack walk, to check compiler2's answer."""
    values, stack = [], [(tree, False)]
    while stack:
        node, ready = stack.pop()
        if isinstance(node, Number):
            values.append(node.value)
        elif ready:
            right, left = values.pop(), values.pop()
            values.append(left + right if node.op == "+" else left - right)
        else:
            stack += ((node, True), (node.right, False), (node.left, False))
    return values[0]


def measure(items, repeats, make):
    if items is None:  # a traversal: `make` builds the tree, one run walks all of it, its nodes are the items
        tree = make()
        items = count_nodes(tree)
        run = traversal(tree, expected_value(tree))
    else:
        run = make(items)
        run()  # warm up (a walk of a whole tree is long enough to need none)
    totals = timeit.Timer(run, setup="gc.enable()").repeat(repeat=repeats, number=1)
    per_item = sorted(total * 1e9 / items for total in totals)
    return {
        "items_per_run": items,
        "repeats": repeats,
        "median_ns": statistics.median(per_item),
        "min_ns": per_item[0],
        "max_ns": per_item[-1],
    }


def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer items and repeats; skips the 10^6 chain")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="where to write the JSON")
    parser.add_argument("--only", default="", metavar="PREFIX", help="only the workloads whose id starts so")
    args = parser.parse_args()
    if platform.python_implementation() != "CPython":
        print(f"warning: this is {platform.python_implementation()}, not CPython", file=sys.stderr)

    sys.setrecursionlimit(10_000)  # the generators nest 100 deep in yield_from/100
    results = {}
    with ProcessPoolExecutor(os.cpu_count() or 1) as pool:
        table = [row for row in workloads(args.quick, pool) if row[0].startswith(args.only)]
        if not table:
            parser.error(f"no workload id starts with {args.only!r}")
        for workload_id, what, items, repeats, make in table:
            figures = measure(items, repeats, make)
            results[workload_id] = {"what": what, **figures}
            print(f"{workload_id:28} {figures['median_ns']:14,.1f} ns per item "
                  f"({figures['min_ns']:,.1f} .. {figures['max_ns']:,.1f}, {repeats} runs)", flush=True)

    document = {
        "schema": SCHEMA,
        "command": " ".join(["python3", "python/bench.py", *sys.argv[1:]]),
        "quick": args.quick,
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "python": {"implementation": platform.python_implementation(), "version": platform.python_version()},
        "machine": {"cpu": cpu_model(), "cores": os.cpu_count() or 0, "platform": platform.platform()},
        "workloads": results,
    }
    try:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    except OSError as error:
        raise SystemExit(f"error: cannot write {args.output}: {error}")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
