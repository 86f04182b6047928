"""A loopback HTTP server that answers every request one byte at a time, every `interval`
seconds: never silent long enough for a per-read timeout, never done.

    with TrickleServer(interval=2.0, body_only=False) as server:
        client = CentralClient(server.url, ...)

`body_only`: the status line and headers come at once (Content-Length announced), then the
body trickles; otherwise the status line itself trickles. Each connection is served by a
daemon thread that stops at `close()` or when the client goes away.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from types import TracebackType

BODY = b'{"items": [], "cursor": "' + b"x" * 200 + b'"}'


class TrickleServer:
    def __init__(self, interval: float = 2.0, body_only: bool = False) -> None:
        self.interval = interval
        self.body_only = body_only
        self.requests = 0
        self._closed = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self.port: int = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._accept, name="trickle", daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            try:
                request = b""
                while b"\r\n\r\n" not in request:
                    data = conn.recv(65536)
                    if not data:
                        return
                    request += data
                self.requests += 1
                head = (
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    b"Content-Length: " + str(len(BODY)).encode() + b"\r\n\r\n"
                )
                if self.body_only:
                    conn.sendall(head)
                    slow = BODY
                else:
                    slow = head + BODY
                for i in range(len(slow)):
                    if self._closed.wait(self.interval):
                        return
                    conn.sendall(slow[i : i + 1])
            except OSError:
                return  # the client gave up

    def close(self) -> None:
        self._closed.set()
        self._thread.join(timeout=2)
        with contextlib.suppress(OSError):
            self._listener.close()

    def __enter__(self) -> TrickleServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
