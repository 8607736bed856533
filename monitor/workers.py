"""Worker processes for a big poll's parsing, fed straight from the event loop.

concurrent.futures' ProcessPoolExecutor moves every call through two threads of the calling
process, a feeder that pickles and writes and a manager that reads, unpickles and wakes the
loop. In a first poll of 1,000 feeds those two threads took 2 s of CPU, and in a poll that
finds two new entries a feed a quarter of the loop process's time, all of it taken from the
event loop's thread by the GIL. Here each worker has a socket; the loop writes a call and reads
its answer itself, non-blocking, from its own selector, and no other thread runs.

The pool outlives one poll's event loop (each poll runs in its own): it is attached to the
running loop on first use and detached when the poll ends. What is still on its way when a
poll ends (a cancelled call's answer, half a frame) is kept per worker and discarded by request
id. A worker that dies breaks the pool: every waiting call raises ``WorkerLost`` and the caller
goes on without it.

This module is all a worker imports before its initializer: the standard library only.
"""

from __future__ import annotations

import asyncio
import itertools
import multiprocessing
import pickle
import signal
import socket
import struct
import threading
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from monitor.errors import MonitorError

T = TypeVar("T")

# A frame each way: request id, payload length, then the pickle.
_HEAD = struct.Struct("!QQ")
# Calls a worker holds at once. The event loop's thread also does the archive's work, and
# while it stores a feed's entries or commits a group (up to ~150 ms) it cannot hand out
# calls: with 2 calls each the workers ran dry, and a first poll of 1,000 feeds left 14 % of
# the two cores idle; with 6, 9 %. More gained little (12: 8 %) and lets a slow page hold more
# calls behind it while the other workers take the rest.
IN_FLIGHT = 6
_READ = 1 << 18


class WorkerLost(MonitorError):
    """A parsing worker process died (the OOM killer, a crash) or its socket broke."""


class PoolBusy(MonitorError):
    """The pool is attached to another thread's event loop (two polls at once)."""


def _recv_exact(sock: socket.socket, n: int) -> bytes | None:
    parts, left = [], n
    while left:
        chunk = sock.recv(min(left, 1 << 20))
        if not chunk:
            return None
        parts.append(chunk)
        left -= len(chunk)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def _serve(sock: socket.socket, initializer: Callable[..., None], initargs: Sequence[Any]) -> None:
    """A worker's life: calls in, answers out, until the socket closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the poll's to handle: we stop at EOF
    initializer(*initargs)
    while True:
        head = _recv_exact(sock, _HEAD.size)
        if head is None:
            return
        rid, size = _HEAD.unpack(head)
        body = _recv_exact(sock, size)
        if body is None:
            return
        try:
            fn, args, kwargs = pickle.loads(body)
            answer: tuple[bool, Any] = (True, fn(*args, **kwargs))
        except Exception as exc:
            answer = (False, exc)
        try:
            data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # an exception (or a value) that does not pickle
            failure = RuntimeError(f"{type(answer[1]).__name__} not picklable: {exc}")
            data = pickle.dumps((False, failure), protocol=pickle.HIGHEST_PROTOCOL)
        sock.sendall(_HEAD.pack(rid, len(data)))
        sock.sendall(data)


class _Worker:
    def __init__(self, proc: Any, sock: socket.socket) -> None:
        self.proc = proc
        self.sock = sock
        self.fd = sock.fileno()
        self.inflight: set[int] = set()
        self.out: deque[memoryview] = deque()  # frames not yet written (kept across polls)
        self.inbuf = bytearray()
        self.writing = False


class WorkerPool:
    """``workers`` processes, each started with ``initializer(*initargs)``."""

    def __init__(
        self, workers: int, initializer: Callable[..., None], initargs: Sequence[Any]
    ) -> None:
        ctx = multiprocessing.get_context("spawn")  # no fork of a process holding connections
        self._workers: list[_Worker] = []
        for _ in range(max(1, workers)):
            ours, theirs = socket.socketpair()
            proc = ctx.Process(
                target=_serve,
                args=(theirs, initializer, tuple(initargs)),
                name="monitor-parse",
                daemon=True,
            )
            proc.start()
            theirs.close()
            ours.setblocking(False)
            self._workers.append(_Worker(proc, ours))
        self._ids = itertools.count()
        self._queue: deque[tuple[int, bytes]] = deque()
        self._futures: dict[int, asyncio.Future[Any]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lock = threading.Lock()
        self.lost: str | None = None  # why the pool broke, once it has

    @property
    def processes(self) -> list[Any]:
        return [w.proc for w in self._workers]

    async def run(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """``fn(*args, **kwargs)`` in a worker; its exception is raised here."""
        loop = asyncio.get_running_loop()
        self._attach(loop)
        data = pickle.dumps((fn, args, kwargs), protocol=pickle.HIGHEST_PROTOCOL)
        rid = next(self._ids)
        future: asyncio.Future[T] = loop.create_future()
        self._futures[rid] = future
        self._queue.append((rid, data))
        self._dispatch()
        return await future

    def _attach(self, loop: asyncio.AbstractEventLoop) -> None:
        if self.lost is not None:
            raise WorkerLost(self.lost)
        if self._loop is loop:
            return
        with self._lock:
            if self._loop is not None:
                raise PoolBusy("the parsing workers serve another poll")
            dead = [w.proc.pid for w in self._workers if not w.proc.is_alive()]
            if dead:
                self._broken(f"parsing worker {dead[0]} is gone")
                raise WorkerLost(self.lost or "")
            self._loop = loop
        for w in self._workers:
            loop.add_reader(w.fd, self._readable, w)
            if w.out:
                self._flush(w)

    def detach(self) -> None:
        """End of a poll: stop listening on the running loop (if the pool serves it). Calls
        still waiting are cancelled; their answers, when they come, are dropped."""
        try:
            running: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        loop = self._loop
        if loop is None or (running is not None and loop is not running):
            return  # not attached, or attached to another thread's poll
        self._loop = None
        for w in self._workers:
            w.writing = False
            if not loop.is_closed():
                loop.remove_reader(w.fd)
                loop.remove_writer(w.fd)
        for rid, _ in self._queue:
            self._futures.pop(rid, None)
        self._queue.clear()
        for future in self._futures.values():
            future.cancel()
        self._futures.clear()

    def _dispatch(self) -> None:
        while self._queue:
            w = min(self._workers, key=lambda w: len(w.inflight))
            if len(w.inflight) >= IN_FLIGHT:
                return
            rid, data = self._queue.popleft()
            w.inflight.add(rid)
            w.out.append(memoryview(_HEAD.pack(rid, len(data))))
            w.out.append(memoryview(data))
            self._flush(w)  # on a broken socket this empties the queue: the loop ends

    def _flush(self, w: _Worker) -> None:
        try:
            while w.out:  # the frames' own buffers, gathered: a 100 KB feed is not copied
                sent = w.sock.sendmsg(list(itertools.islice(w.out, 16)))
                while sent:
                    head = w.out[0]
                    if sent >= len(head):
                        sent -= len(head)
                        w.out.popleft()
                    else:
                        w.out[0] = head[sent:]
                        sent = 0
        except BlockingIOError:
            pass
        except ConnectionResetError:
            # A worker killed with unread requests in its socket resets the connection rather
            # than closing it: it exited all the same, and the message says so either way.
            self._broken(f"parsing worker {w.proc.pid} exited (its connection was reset)")
            return
        except OSError as exc:
            self._broken(f"parsing worker {w.proc.pid}: {exc}")
            return
        loop = self._loop
        if loop is None:
            return
        if w.out and not w.writing:
            loop.add_writer(w.fd, self._flush, w)
            w.writing = True
        elif not w.out and w.writing:
            loop.remove_writer(w.fd)
            w.writing = False

    def _readable(self, w: _Worker) -> None:
        try:
            while True:
                chunk = w.sock.recv(_READ)
                if not chunk:
                    self._broken(f"parsing worker {w.proc.pid} exited")
                    return
                w.inbuf += chunk
                if len(chunk) < _READ:
                    break
        except BlockingIOError:
            pass
        except ConnectionResetError:  # killed with unread requests: see _flush
            self._broken(f"parsing worker {w.proc.pid} exited (its connection was reset)")
            return
        except OSError as exc:
            self._broken(f"parsing worker {w.proc.pid}: {exc}")
            return
        done = 0
        with memoryview(w.inbuf) as view:
            while len(view) - done >= _HEAD.size:
                rid, size = _HEAD.unpack_from(view, done)
                end = done + _HEAD.size + size
                if len(view) < end:
                    break
                try:
                    ok, value = pickle.loads(view[done + _HEAD.size : end])
                except Exception as exc:  # an exception type that does not unpickle
                    ok, value = False, RuntimeError(f"unreadable answer from a worker: {exc}")
                done = end
                w.inflight.discard(rid)
                future = self._futures.pop(rid, None)
                if future is None or future.done():
                    continue  # its poll ended, or its caller gave up
                if ok:
                    future.set_result(value)
                else:
                    future.set_exception(value)
        del w.inbuf[:done]
        if done:
            self._dispatch()

    def _broken(self, why: str) -> None:
        """A worker is gone: every call waiting on the pool fails, now and from now on."""
        if self.lost is None:
            self.lost = why
        for future in self._futures.values():
            if not future.done():
                future.set_exception(WorkerLost(why))
        self._futures.clear()
        self._queue.clear()
        self.detach()  # an exited worker's socket would stay readable (EOF) for ever

    def close(self, timeout: float = 5.0) -> None:
        """Let the workers finish and exit (their socket closes); kill those that do not."""
        self.detach()
        for w in self._workers:
            w.sock.close()
        for w in self._workers:
            w.proc.join(timeout)
            if w.proc.is_alive():
                w.proc.kill()
                w.proc.join(timeout)
