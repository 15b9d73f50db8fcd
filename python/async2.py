"""async2.py: an echo server on asyncio's streams; one thread serves every client (port: src/part4_yield_from/async2/)."""

import asyncio


async def echo_client(reader, writer):
    print('Client starting')
    while True:
        line = await reader.readline()
        if not line:
            break
        resp = b'Got:' + line
        writer.write(resp)
    print('Client closed')
    writer.close()


def main(host, port):
    loop = asyncio.new_event_loop()
    loop.run_until_complete(start_server(echo_client, host=host, port=port))
    loop.run_forever()


# ---- plumbing: not in the original ----
# What the port has beside its handler, so that both behave alike (the port's module doc lists each deviation):
# loopback by default, a line limit, a client limit, an idle timeout, backpressure, a graceful shutdown on
# Ctrl-C or SIGTERM, and --self-test. echo_client above runs unchanged: start_server hands it a Reader whose
# readline() carries the limits, and asyncio's own StreamWriter.
#
# Usage: python3 async2.py [--host H] [--port P] [--max-line BYTES] [--max-clients N] [--idle-timeout SECONDS]
#                          [--self-test]

import argparse  # noqa: E402
import errno  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402

DEFAULT_HOST = '127.0.0.1'
DEFAULT_PORT = 25000
DEFAULT_MAX_LINE = 64 * 1024
DEFAULT_MAX_CLIENTS = 512
DEFAULT_IDLE_TIMEOUT = 300.0
SHUTDOWN_GRACE = 1.0
CLIENT_PATIENCE = 10.0


def seconds(value):
    """As Rust prints a Duration's seconds: 300, 0.5."""
    text = repr(float(value))
    return text[:-2] if text.endswith('.0') else text


SHUTTING_DOWN = 'Client closed: the server is shutting down'
CUT_OFF = f'Client closed: the server is shutting down and the client did not take its reply within {seconds(SHUTDOWN_GRACE)}s'


def too_long_message(max_line):
    return f'Error: line longer than {max_line} bytes; closing the connection\n'.encode()


def busy_message(max_clients):
    return f'Error: server busy ({max_clients} clients connected); try again later\n'.encode()


def idle_message(timeout):
    return f'Error: no complete line within {seconds(timeout)}s; closing the connection\n'.encode()


class Ending(Exception):
    """Ends a client for a reason other than its hang-up; the message is the server's `Client closed` line."""


class Connection:
    def __init__(self, task):
        self.task = task
        self.reading = False


class Reader:
    """asyncio's StreamReader as echo_client sees it: readline(), with the limits."""

    def __init__(self, server, connection, reader, writer):
        self.server = server
        self.connection = connection
        self.reader = reader
        self.writer = writer

    async def drain(self):
        # Backpressure: the replies queued by writer.write() go out (down to asyncio's high-water mark) before
        # the next line is read, so a client that does not read stalls only itself.
        try:
            async with asyncio.timeout(self.server.idle_timeout):
                await self.writer.drain()
        except TimeoutError:
            raise Ending(f'Client closed: it took none of its replies within {seconds(self.server.idle_timeout)}s')

    async def say_last(self, message):
        self.writer.write(message)
        try:
            async with asyncio.timeout(self.server.idle_timeout):
                await self.writer.drain()
        except (OSError, TimeoutError):
            pass

    async def readline(self):
        server = self.server
        await self.drain()
        if server.stopping:
            raise Ending(SHUTTING_DOWN)
        self.connection.reading = True
        try:
            async with asyncio.timeout(server.idle_timeout):
                line = await self.reader.readuntil(b'\n')
            too_long = len(line) > server.max_line
        except asyncio.IncompleteReadError as exc:
            line = exc.partial  # the last line, without a newline; b'' at the end of the stream
            too_long = len(line) > server.max_line - 1
        except asyncio.LimitOverrunError:
            too_long = True
        except TimeoutError:
            self.connection.reading = False
            await self.say_last(idle_message(server.idle_timeout))
            raise Ending(f'Client closed: it sent no complete line within {seconds(server.idle_timeout)}s')
        self.connection.reading = False
        if too_long:
            await self.say_last(too_long_message(server.max_line))
            raise Ending(f'Client closed: it sent a line longer than {server.max_line} bytes')
        return line


class Server:
    def __init__(self, handler, max_line, max_clients, idle_timeout):
        self.handler = handler
        self.max_line = max_line
        self.max_clients = max_clients
        self.idle_timeout = idle_timeout
        self.connections = set()
        self.stopping = False
        self.served = 0
        self.refused = 0

    async def start(self, host, port):
        # asyncio's limit is on the line without its separator; ours counts the newline.
        return await asyncio.start_server(self.attend, host, port, limit=max(1, self.max_line - 1))

    async def attend(self, reader, writer):
        if len(self.connections) >= self.max_clients:
            self.refused += 1
            print(f'Client refused: {self.max_clients} clients connected, the limit')
            writer.write(busy_message(self.max_clients))
            writer.close()
            return
        self.served += 1
        connection = Connection(asyncio.current_task())
        self.connections.add(connection)
        try:
            await self.handler(Reader(self, connection, reader, writer), writer)
        except Ending as exc:
            print(exc)
            writer.close()
        except asyncio.CancelledError as exc:
            print(exc.args[0] if exc.args else SHUTTING_DOWN)
            writer.close()
        except OSError as exc:
            print(f'Client closed: {exc}')
            writer.close()
        finally:
            self.connections.discard(connection)

    async def stop(self, listener):
        listener.close()
        print('Shutting down: no new clients; closing the connected ones')
        self.stopping = True
        for connection in list(self.connections):
            if connection.reading:
                connection.task.cancel(SHUTTING_DOWN)
        # The others are sending replies: they stop after them, or are cut off.
        tasks = [connection.task for connection in self.connections]
        if tasks:
            _, pending = await asyncio.wait(tasks, timeout=SHUTDOWN_GRACE)
            for task in pending:
                task.cancel(CUT_OFF)
            await asyncio.gather(*pending, return_exceptions=True)

    def stopped_line(self):
        return f'Server stopped: {self.served} served, {self.refused} refused'


LIMITS = {'max_line': DEFAULT_MAX_LINE, 'max_clients': DEFAULT_MAX_CLIENTS, 'idle_timeout': DEFAULT_IDLE_TIMEOUT}
RUNNING = {}


async def start_server(handler, host, port):
    """asyncio.start_server(handler, host, port) with the limits; Ctrl-C or SIGTERM stops run_forever()."""
    server = Server(handler, **LIMITS)
    where = f'[{host}]:{port}' if ':' in host else f'{host}:{port}'
    try:
        listener = await server.start(host, port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            sys.exit(f'error: cannot listen on {where}: the address is in use (is another server running? pick '
                     f'another --port, or --port 0 for a free one)')
        sys.exit(f'error: cannot listen on {where}\n  caused by: {exc}')
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, loop.stop)
    host, port = listener.sockets[0].getsockname()[:2]
    print(f'Serving on [{host}]:{port} (Ctrl-C to stop)' if ':' in host else f'Serving on {host}:{port} (Ctrl-C to stop)')
    RUNNING.update(loop=loop, server=server, listener=listener)


def shut_down():
    """After run_forever() returns: the graceful shutdown, on the same loop."""
    loop, server = RUNNING['loop'], RUNNING['server']
    loop.run_until_complete(server.stop(RUNNING['listener']))
    print(server.stopped_line())
    loop.close()


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
        print(f'client {self.number} sends {lines!r}, gets {replies!r}')

    async def hang_up(self, last):
        self.writer.write(last)
        self.writer.write_eof()
        await patiently(self.number, 'hang up', self.writer.drain())
        replies = await patiently(self.number, 'read to the end', self.reader.read())
        self.writer.close()
        if not last and not replies:
            print(f'client {self.number} hangs up, gets end of stream')
        elif not last:
            print(f'client {self.number} hangs up, gets {replies!r} and end of stream')
        else:
            print(f'client {self.number} sends {last!r} and hangs up, gets {replies!r} and end of stream')


async def talk(host, port):
    one = await Client.connect(1, host, port)
    await one.say(b'Hello\n')
    two = await Client.connect(2, host, port)
    await two.say(b'Hi there\n')
    await one.say(b'caf\xe9 au lait\n')  # Latin-1: not UTF-8, and echoed unchanged
    await two.say(b'1 2 3\n4 5 6\n')  # one write, two lines, two replies
    await one.hang_up(b'')
    await two.hang_up(b'bye')


async def self_test():
    """The server and two clients taking turns, on one loop; the transcript the tour and the tests compare."""
    server = Server(echo_client, **LIMITS)
    listener = await server.start(DEFAULT_HOST, 0)
    host, port = listener.sockets[0].getsockname()[:2]
    print('Serving on 127.0.0.1, on a free port (self-test: two clients)')
    try:
        await talk(host, port)
    finally:
        await server.stop(listener)
    print(server.stopped_line())


def at_least_one(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f'must be at least 1, got {text}')
    return value


def positive_seconds(text):
    value = float(text)
    if not 0 < value <= 86400:
        raise argparse.ArgumentTypeError(f'must be more than 0 and at most 86400 seconds, got {text}')
    return value


def plumbing():
    sys.stdout.reconfigure(line_buffering=True)  # a server's lines are read as they come
    parser = argparse.ArgumentParser(description='An echo server on asyncio (async2.py).')
    parser.add_argument('--host', help=f'address to listen on (default {DEFAULT_HOST})')
    parser.add_argument('--port', type=int, help=f'port (default {DEFAULT_PORT}; 0 picks a free one)')
    parser.add_argument('--max-line', type=at_least_one, default=DEFAULT_MAX_LINE, metavar='BYTES')
    parser.add_argument('--max-clients', type=at_least_one, default=DEFAULT_MAX_CLIENTS, metavar='N')
    parser.add_argument('--idle-timeout', type=positive_seconds, default=DEFAULT_IDLE_TIMEOUT, metavar='SECONDS')
    parser.add_argument('--self-test', action='store_true')
    args = parser.parse_args()
    if args.self_test and (args.host is not None or args.port is not None):
        parser.error('--self-test cannot be used with --host or --port')
    if args.port is not None and not 0 <= args.port <= 65535:
        parser.error(f'--port must be 0 to 65535, got {args.port}')
    LIMITS.update(max_line=args.max_line, max_clients=args.max_clients, idle_timeout=args.idle_timeout)
    if args.self_test:
        try:
            asyncio.run(self_test())
        except SelfTestFailure as exc:
            sys.exit(f'error: {exc}')
    else:
        main(DEFAULT_HOST if args.host is None else args.host, DEFAULT_PORT if args.port is None else args.port)
        shut_down()


if __name__ == '__main__':
    plumbing()
