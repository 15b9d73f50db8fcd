"""async2.py: an echo server on asyncio's streams (twin of src/part4_yield_from/async2.rs).

Same protocol as the original: `Client starting`, every line answered with b'Got:' + line (no space, bytes
unchanged), `Client closed` at the end of the stream. Like the Rust port, and unlike the original:

- `async def` and `await` (@asyncio.coroutine was removed in Python 3.11);
- loopback by default (the original bound every interface);
- a maximum line length, newline included: past it the client gets an error line and is disconnected;
- a maximum number of clients: the next one is refused with an error line;
- backpressure: every reply is awaited (`await writer.drain()`), where the original's bare write() lets a
  client that does not read make the server buffer without bound;
- Ctrl-C or SIGTERM: stop accepting, let replies in flight go out (at most SHUTDOWN_GRACE), close every
  client, print what was served, exit 0;
- --self-test: the server on a free loopback port and two clients taking turns, the transcript the tour and
  the tests compare (tests/python_parity.rs passes --self-test, as the tour's options do for the Rust port).

Usage: python3 async2.py [--host H] [--port P] [--max-line BYTES] [--max-clients N] [--self-test]
"""

import argparse
import asyncio
import errno
import signal
import sys

DEFAULT_HOST = '127.0.0.1'
DEFAULT_PORT = 25000
DEFAULT_MAX_LINE = 64 * 1024
DEFAULT_MAX_CLIENTS = 512
SHUTDOWN_GRACE = 1.0
CLIENT_PATIENCE = 10.0

SHUTTING_DOWN = 'Client closed: the server is shutting down'
CUT_OFF = (f'Client closed: the server is shutting down and the client did not take its reply within '
           f'{SHUTDOWN_GRACE:g}s')


def too_long_message(max_line):
    return f'Error: line longer than {max_line} bytes; closing the connection\n'.encode()


def busy_message(max_clients):
    return f'Error: server busy ({max_clients} clients connected); try again later\n'.encode()


def say(text):
    print(text, flush=True)


class Connection:
    def __init__(self, task):
        self.task = task
        self.reading = False


class Server:
    def __init__(self, max_line, max_clients):
        self.max_line = max_line
        self.max_clients = max_clients
        self.connections = set()
        self.stopping = False
        self.served = 0
        self.refused = 0

    async def start(self, host, port):
        # asyncio's limit is on the line without its separator; ours counts the newline.
        return await asyncio.start_server(self.handle_echo, host, port, limit=max(1, self.max_line - 1))

    async def handle_echo(self, reader, writer):
        if len(self.connections) >= self.max_clients:
            self.refused += 1
            say(f'Client refused: {self.max_clients} clients connected, the limit')
            writer.write(busy_message(self.max_clients))
            writer.close()
            return
        self.served += 1
        connection = Connection(asyncio.current_task())
        self.connections.add(connection)
        say('Client starting')
        try:
            ending = await self.echo_lines(connection, reader, writer)
        except asyncio.CancelledError as exc:
            ending = exc.args[0] if exc.args else SHUTTING_DOWN
        except OSError as exc:
            ending = f'Client closed: {exc}'
        say(ending)
        self.connections.discard(connection)
        writer.close()

    async def echo_lines(self, connection, reader, writer):
        while not self.stopping:
            connection.reading = True
            try:
                line = await reader.readuntil(b'\n')
                too_long = len(line) > self.max_line
            except asyncio.IncompleteReadError as exc:
                line = exc.partial  # the last line, without a newline; b'' at the end of the stream
                too_long = len(line) > self.max_line - 1
            except asyncio.LimitOverrunError:
                too_long = True
            connection.reading = False
            if too_long:
                writer.write(too_long_message(self.max_line))
                await writer.drain()
                return f'Client closed: it sent a line longer than {self.max_line} bytes'
            if not line:
                return 'Client closed'
            writer.write(b'Got:' + line)
            await writer.drain()
        return SHUTTING_DOWN

    async def stop(self, listener):
        listener.close()
        say('Shutting down: no new clients; closing the connected ones')
        self.stopping = True
        for connection in list(self.connections):
            if connection.reading:
                connection.task.cancel(SHUTTING_DOWN)
        # The others are writing a reply: they stop after it, or are cut off.
        tasks = [connection.task for connection in self.connections]
        if tasks:
            _, pending = await asyncio.wait(tasks, timeout=SHUTDOWN_GRACE)
            for task in pending:
                task.cancel(CUT_OFF)
            await asyncio.gather(*pending, return_exceptions=True)

    def stopped_line(self):
        return f'Server stopped: {self.served} served, {self.refused} refused'


def address(sock):
    host, port = sock.getsockname()[:2]
    return f'[{host}]:{port}' if ':' in host else f'{host}:{port}'


async def serve(host, port, max_line, max_clients):
    server = Server(max_line, max_clients)
    where = f'[{host}]:{port}' if ':' in host else f'{host}:{port}'
    try:
        listener = await server.start(host, port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            sys.exit(f'error: cannot listen on {where}: the address is in use (is another server running? pick '
                     f'another --port, or --port 0 for a free one)')
        sys.exit(f'error: cannot listen on {where}\n  caused by: {exc}')
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    say(f'Serving on {address(listener.sockets[0])} (Ctrl-C to stop)')
    await stop.wait()
    await server.stop(listener)
    say(server.stopped_line())


class SelfTestFailure(Exception):
    pass


async def patiently(number, step, awaitable):
    try:
        return await asyncio.wait_for(awaitable, CLIENT_PATIENCE)
    except (OSError, asyncio.TimeoutError) as exc:
        raise SelfTestFailure(f'self-test client {number} could not {step}: {exc!r}') from exc


class Client:
    def __init__(self, number, reader, writer):
        self.number = number
        self.reader = reader
        self.writer = writer

    @classmethod
    async def connect(cls, number, host, port):
        reader, writer = await patiently(number, 'connect', asyncio.open_connection(host, port))
        return cls(number, reader, writer)

    async def say(self, lines):
        self.writer.write(lines)
        await patiently(self.number, 'send', self.writer.drain())
        replies = b''
        while replies.count(b'\n') < lines.count(b'\n'):
            chunk = await patiently(self.number, 'read its reply', self.reader.read(1024))
            if not chunk:
                raise SelfTestFailure(f'self-test client {self.number}: the server closed the connection early')
            replies += chunk
        say(f'client {self.number} sends {lines!r}, gets {replies!r}')

    async def hang_up(self, last):
        self.writer.write(last)
        self.writer.write_eof()
        await patiently(self.number, 'hang up', self.writer.drain())
        replies = await patiently(self.number, 'read to the end', self.reader.read())
        self.writer.close()
        if not last and not replies:
            say(f'client {self.number} hangs up, gets end of stream')
        elif not last:
            say(f'client {self.number} hangs up, gets {replies!r} and end of stream')
        else:
            say(f'client {self.number} sends {last!r} and hangs up, gets {replies!r} and end of stream')


async def talk(host, port):
    one = await Client.connect(1, host, port)
    await one.say(b'Hello\n')
    two = await Client.connect(2, host, port)
    await two.say(b'Hi there\n')
    await one.say(b'caf\xe9 au lait\n')  # Latin-1: not UTF-8, and echoed unchanged
    await two.say(b'1 2 3\n4 5 6\n')  # one write, two lines, two replies
    await one.hang_up(b'')
    await two.hang_up(b'bye')


async def self_test(max_line, max_clients):
    server = Server(max_line, max_clients)
    listener = await server.start(DEFAULT_HOST, 0)
    host, port = listener.sockets[0].getsockname()[:2]
    say('Serving on 127.0.0.1, on a free port (self-test: two clients)')
    try:
        await talk(host, port)
    finally:
        await server.stop(listener)
    say(server.stopped_line())


def at_least_one(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f'must be at least 1, got {text}')
    return value


def main():
    parser = argparse.ArgumentParser(description='An echo server on asyncio (async2.py).')
    parser.add_argument('--host', help=f'address to listen on (default {DEFAULT_HOST})')
    parser.add_argument('--port', type=int, help=f'port (default {DEFAULT_PORT}; 0 picks a free one)')
    parser.add_argument('--max-line', type=at_least_one, default=DEFAULT_MAX_LINE, metavar='BYTES')
    parser.add_argument('--max-clients', type=at_least_one, default=DEFAULT_MAX_CLIENTS, metavar='N')
    parser.add_argument('--self-test', action='store_true')
    args = parser.parse_args()
    if args.self_test and (args.host is not None or args.port is not None):
        parser.error('--self-test cannot be used with --host or --port')
    if args.port is not None and not 0 <= args.port <= 65535:
        parser.error(f'--port must be 0 to 65535, got {args.port}')
    if args.self_test:
        try:
            asyncio.run(self_test(args.max_line, args.max_clients))
        except SelfTestFailure as exc:
            sys.exit(f'error: {exc}')
    else:
        host = DEFAULT_HOST if args.host is None else args.host
        port = DEFAULT_PORT if args.port is None else args.port
        asyncio.run(serve(host, port, args.max_line, args.max_clients))


if __name__ == '__main__':
    main()
