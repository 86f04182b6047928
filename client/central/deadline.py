"""An overall deadline for one HTTP request: connect, send, and the whole response.

requests only has per-operation timeouts: `(5, 30)` bounds the connect and each wait
*between* two bytes, so a server (or a broken middlebox) that trickles one byte every few
seconds holds a request for ever. Here every request runs under a `Watch`:

- its connect and read timeouts are cut to what is left of the deadline;
- a watchdog timer fires at the deadline and shuts the request's socket down, which wakes
  the thread blocked in `recv` (it sees the connection end, and requests raises);
- the caller reads the whole body inside the watch (`stream=True`, then `.content`), so the
  deadline covers the body, not just the headers.

To find the socket, the adapter's connection pools build connections that register
themselves with the current thread's watch when a request starts on them. A watch that has
fired marks itself `expired`, so the caller can tell a missed deadline from another fault.
A connection shut down just after its request ended (the timer and the end racing) is only
an idle pooled connection; urllib3 notices it is dropped and opens a new one.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

_current = threading.local()


class Watch:
    """The deadline of the one request the current thread is making."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._ends_at = time.monotonic() + seconds
        self._lock = threading.Lock()
        self._connection: HTTPConnection | None = None
        self._over = False
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def left(self) -> float:
        return max(0.001, self._ends_at - time.monotonic())

    def timeout(self, timeout: tuple[float, float]) -> tuple[float, float]:
        """`(connect, read)` cut to the time that is left."""
        left = self.left()
        return min(timeout[0], left), min(timeout[1], left)

    def attach(self, connection: HTTPConnection) -> None:
        with self._lock:
            self._connection = connection
            if self.expired and not self._over:
                _shut_down(connection)

    def _fire(self) -> None:
        with self._lock:
            if self._over:
                return
            self.expired = True
            if self._connection is not None:
                _shut_down(self._connection)

    def _start(self) -> None:
        self._timer.start()

    def _end(self) -> None:
        with self._lock:
            self._over = True
        self._timer.cancel()


def _shut_down(connection: HTTPConnection) -> None:
    sock = getattr(connection, "sock", None)
    if sock is None:
        return  # still connecting: the connect timeout is already cut to the deadline
    # socket.socket's own shutdown, also for an SSLSocket: the TLS layer is not touched
    # from this thread, the blocked reader simply sees the connection end.
    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


@contextmanager
def deadline(seconds: float) -> Iterator[Watch]:
    """Run one request (and the reading of its body) within `seconds`."""
    watch = Watch(seconds)
    previous = getattr(_current, "watch", None)
    _current.watch = watch
    watch._start()
    try:
        yield watch
    finally:
        watch._end()
        _current.watch = previous


class _Tracked:
    def request(self, *args: Any, **kwargs: Any) -> Any:
        watch: Watch | None = getattr(_current, "watch", None)
        if watch is not None:
            watch.attach(self)  # type: ignore[arg-type]
        return super().request(*args, **kwargs)  # type: ignore[misc]


class _TrackedHTTPConnection(_Tracked, HTTPConnection):
    pass


class _TrackedHTTPSConnection(_Tracked, HTTPSConnection):
    pass


class _TrackedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _TrackedHTTPConnection


class _TrackedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _TrackedHTTPSConnection


_POOLS = {"http": _TrackedHTTPPool, "https": _TrackedHTTPSPool}


class DeadlineAdapter(HTTPAdapter):
    """requests' adapter, with connections a `Watch` can shut down."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(_POOLS)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        manager.pool_classes_by_scheme = dict(_POOLS)
        return manager


def install(session: Any) -> None:
    """Mount the deadline adapter for http:// and https:// on a requests session."""
    session.mount("https://", DeadlineAdapter())
    session.mount("http://", DeadlineAdapter())
