"""A small fault-injecting TCP proxy on loopback, for upload tests and the upload benchmark.

    with FaultProxy("127.0.0.1", central.port, reset_every_bytes=300_000) as proxy:
        client = CentralClient(proxy.url, ...)

Switches, changeable while traffic flows (plain attribute assignment):

- `reset_every_bytes`: after N bytes client→server on one connection, both sides of that
  connection are closed with a TCP RST (SO_LINGER 0); the N-th byte is the last forwarded;
- `half_open`: a reset reaches the client only; the server side is left open and silent
  (what a dropped Wi-Fi or NAT does: the server never hears that the client is gone), until
  the proxy closes;
- `reset_chooser`: a callable giving each new connection its own N (e.g. seeded random),
  used instead of `reset_every_bytes` while set;
- `throttle_bytes_per_second`: a token bucket per direction (shared by all connections, like
  one link), so each direction carries at most that many bytes a second;
- `stall`: while true nothing is forwarded either way and nothing is closed; connections
  opened meanwhile are accepted and wait too.

Counters: `bytes_up` (client→server), `bytes_down` (server→client), `connections` (accepted),
`resets`; `active` is the number of connections open now.

Bounded: listening on 127.0.0.1 only, upstream must be loopback, every socket has a timeout,
threads are daemons that notice `close()` within a poll interval, and a connection idle for
`idle_timeout` seconds is closed.
"""

from __future__ import annotations

import contextlib
import ipaddress
import select
import socket
import struct
import threading
import time
from collections.abc import Callable
from types import TracebackType

POLL = 0.05  # seconds between checks of the switches while waiting
BUFFER = 64 * 1024


class TokenBucket:
    """`take(n)` waits until n bytes fit the rate; the bucket may go into debt by one read."""

    def __init__(self, proxy: FaultProxy) -> None:
        self._proxy = proxy
        self._lock = threading.Lock()
        self._tokens = 0.0
        self._stamp = time.monotonic()

    def take(self, n: int) -> None:
        while True:
            rate = self._proxy.throttle_bytes_per_second
            with self._lock:
                now = time.monotonic()
                if not rate:
                    self._tokens, self._stamp = 0.0, now
                    return
                burst = max(rate / 20, 1.0)  # at most 50 ms worth of bytes saved up
                self._tokens = min(burst, self._tokens + (now - self._stamp) * rate)
                self._stamp = now
                if self._tokens >= 0:
                    self._tokens -= n
                    return
                wait = -self._tokens / rate
            if self._proxy.closed:
                return
            time.sleep(min(wait, POLL))

    def chunk(self) -> int:
        """How much to read at once: small enough that the rate stays smooth."""
        rate = self._proxy.throttle_bytes_per_second
        if not rate:
            return BUFFER
        return int(max(1024, min(BUFFER, rate / 50)))


class _Connection:
    """One client connection and its upstream, pumped both ways by one thread, so a reset
    never closes a socket that another thread is still waiting on."""

    def __init__(self, proxy: FaultProxy, client: socket.socket, upstream: socket.socket) -> None:
        self.proxy = proxy
        self.client = client
        self.upstream: socket.socket | None = upstream
        self.up = 0  # bytes client→server on this connection
        chooser = proxy.reset_chooser
        self.limit: int | None = chooser() if chooser else None
        self.done = False
        self.thread = threading.Thread(target=self._run, name="proxy-connection", daemon=True)

    def _run(self) -> None:
        try:
            self._pump()
        except (OSError, ValueError):  # reset by a peer, or closed by `FaultProxy.close`
            pass
        finally:
            self.close()

    def _pump(self) -> None:
        proxy = self.proxy
        upstream = self.upstream
        if upstream is None:  # abandoned before pumping began
            return
        open_sources = [self.client, upstream]  # sides that have not sent EOF yet
        idle_since = time.monotonic()
        while open_sources and not proxy.closed and not self.done:
            if proxy.stall:
                time.sleep(POLL)
                idle_since = time.monotonic()
                continue
            limit = self.limit or proxy.reset_every_bytes
            if limit and self.up >= limit:
                self.reset()
                return
            readable, _, _ = select.select(open_sources, [], [], POLL)
            if not readable:
                if time.monotonic() - idle_since > proxy.idle_timeout:
                    return
                continue
            idle_since = time.monotonic()
            for src in readable:
                if proxy.stall:  # switched on while we waited
                    break
                upward = src is self.client
                dst = upstream if upward else self.client
                bucket = proxy._up_bucket if upward else proxy._down_bucket
                want = bucket.chunk()
                if upward and limit:
                    want = min(want, limit - self.up)
                data = src.recv(want)
                if not data:  # orderly end of this direction: pass it on
                    open_sources.remove(src)
                    dst.shutdown(socket.SHUT_WR)
                    continue
                bucket.take(len(data))
                dst.sendall(data)
                if upward:
                    self.up += len(data)
                    proxy._count(up=len(data))
                    if limit and self.up >= limit:
                        self.reset()
                        return
                else:
                    proxy._count(down=len(data))

    def reset(self) -> None:
        """Close both sides with RST instead of FIN (the client's only, when half-open)."""
        if self.done:
            return
        if self.proxy.half_open and self.upstream is not None:
            self.proxy._abandon(self.upstream)
            self.upstream = None
        for sock in (self.client, self.upstream):
            if sock is None:
                continue
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.proxy._count(resets=1)
        self.close()

    def close(self) -> None:
        if self.done:
            return
        self.done = True
        for sock in (self.client, self.upstream):
            if sock is None:
                continue
            with contextlib.suppress(OSError):
                sock.close()
        self.proxy._forget(self)


class FaultProxy:
    def __init__(
        self,
        upstream_host: str,
        upstream_port: int,
        *,
        reset_every_bytes: int | None = None,
        throttle_bytes_per_second: float | None = None,
        stall: bool = False,
        timeout: float = 10.0,
        idle_timeout: float = 60.0,
    ) -> None:
        if upstream_host != "localhost" and not ipaddress.ip_address(upstream_host).is_loopback:
            raise ValueError("the fault proxy only forwards to loopback")
        self.upstream = (upstream_host, upstream_port)
        self.reset_every_bytes = reset_every_bytes
        self.reset_chooser: Callable[[], int] | None = None
        self.half_open = False
        self._abandoned: list[socket.socket] = []
        self.throttle_bytes_per_second = throttle_bytes_per_second
        self.stall = stall
        self.timeout = timeout  # for connect and for every send
        self.idle_timeout = idle_timeout
        self.bytes_up = 0
        self.bytes_down = 0
        self.connections = 0
        self.resets = 0
        self.closed = False
        self._lock = threading.Lock()
        self._live: set[_Connection] = set()
        self._up_bucket = TokenBucket(self)
        self._down_bucket = TokenBucket(self)
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self._listener.settimeout(POLL)
        self.port: int = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._acceptor = threading.Thread(target=self._accept, name="proxy-accept", daemon=True)
        self._acceptor.start()

    @property
    def active(self) -> int:
        """Connections open right now."""
        with self._lock:
            return len(self._live)

    def reset_counters(self) -> None:
        with self._lock:
            self.bytes_up = self.bytes_down = self.connections = self.resets = 0

    def _count(self, up: int = 0, down: int = 0, resets: int = 0) -> None:
        with self._lock:
            self.bytes_up += up
            self.bytes_down += down
            self.resets += resets

    def _abandon(self, sock: socket.socket) -> None:
        with self._lock:
            self._abandoned.append(sock)

    def _forget(self, connection: _Connection) -> None:
        with self._lock:
            self._live.discard(connection)

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # listener closed
            try:
                upstream = socket.create_connection(self.upstream, timeout=self.timeout)
            except OSError:
                _abort(client)
                continue
            for sock in (client, upstream):
                sock.settimeout(self.timeout)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            connection = _Connection(self, client, upstream)
            with self._lock:
                self.connections += 1
                self._live.add(connection)
            connection.thread.start()

    def close(self) -> None:
        self.closed = True
        self._acceptor.join(timeout=2)
        self._listener.close()
        with self._lock:
            live = list(self._live)
        for connection in live:  # each notices `closed` within POLL and closes its sockets
            connection.thread.join(timeout=self.timeout)
        with self._lock:
            abandoned, self._abandoned = self._abandoned, []
        for sock in abandoned:
            _abort(sock)

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _abort(sock: socket.socket) -> None:
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
    except OSError:
        pass
