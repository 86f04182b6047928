"""Fault switches, so tests can prove the client survives a bad central.

- `fail_next`: the next N matching calls answer 503 with `Retry-After` (nothing runs);
- `drop_next`: the next N matching calls run and commit, then the connection is closed
  without any response (the client cannot tell whether its write happened);
- `token_ttl`: every access token, issued or not yet, expires T seconds after issue
  (refresh tokens keep their own lifetime, so a client can refresh);
- `delay_ms`: reads wait D ms before running; writes wait D ms inside the handler, after an
  idempotency key is claimed and before the commit (so a request can be kept "in flight").

`method` and `path_prefix` (relative to /api/v1, e.g. "/uploads") narrow fail and drop to some
calls. The switches apply to the contract's paths only: never to /api/v1/admin,
/api/v1/backoffice or the OpenAPI document.
"""

from __future__ import annotations

import threading
import time
from dataclasses import asdict, dataclass, fields
from typing import Any

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tests.central.problems import MEDIA_TYPE, problem_body
from tests.central.store import canonical

API = "/api/v1"
_EXEMPT = (f"{API}/admin", f"{API}/backoffice", f"{API}/openapi")


@dataclass
class FaultSettings:
    fail_next: int = 0
    retry_after: int = 1
    drop_next: int = 0
    token_ttl: float | None = None
    delay_ms: int = 0
    method: str = ""
    path_prefix: str = ""


class Faults:
    """Thread-safe switches, shared by the middleware, the handlers and the admin API."""

    def __init__(self, settings: FaultSettings | None = None) -> None:
        self._lock = threading.Lock()
        self._s = settings or FaultSettings()

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return asdict(self._s)

    def update(self, **changes: Any) -> dict[str, Any]:
        names = {f.name for f in fields(FaultSettings)}
        with self._lock:
            for key, value in changes.items():
                if key not in names:
                    raise TypeError(f"unknown fault setting {key!r}")
                setattr(self._s, key, value)
            return asdict(self._s)

    def clear(self) -> None:
        with self._lock:
            self._s = FaultSettings()

    @property
    def token_ttl(self) -> float | None:
        return self._s.token_ttl

    @property
    def delay_seconds(self) -> float:
        return self._s.delay_ms / 1000

    def pause(self) -> None:
        """The write delay, called by handlers just before they commit."""
        if self._s.delay_ms:
            time.sleep(self.delay_seconds)

    def _matches(self, method: str, path: str) -> bool:
        s = self._s
        if s.method and s.method.upper() != method:
            return False
        return not s.path_prefix or path.startswith(API + s.path_prefix)

    def take(self, counter: str, method: str, path: str) -> bool:
        """Use up one of `fail_next` / `drop_next` when this call matches."""
        with self._lock:
            left = getattr(self._s, counter)
            if left <= 0 or not self._matches(method, path):
                return False
            setattr(self._s, counter, left - 1)
            return True


class FaultMiddleware:
    """Outermost ASGI layer, so it sees uvicorn's own `send` (needed to drop a response)."""

    def __init__(self, app: ASGIApp, faults: Faults) -> None:
        self.app = app
        self.faults = faults

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith(API) or path.startswith(_EXEMPT):
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        if self.faults.take("fail_next", method, path):
            await _send_unavailable(send, self.faults.snapshot()["retry_after"])
            return
        if method in ("GET", "HEAD") and self.faults.delay_seconds:
            await anyio.sleep(self.faults.delay_seconds)
        if self.faults.take("drop_next", method, path):
            await self.app(scope, receive, _swallow)
            _close_without_response(send)
            return
        await self.app(scope, receive, send)


async def _swallow(message: Message) -> None:
    """The response that will never be sent."""


def _close_without_response(send: Send) -> None:
    """Close the client's connection with nothing sent. uvicorn's `send` is a method of its
    request cycle, which holds the transport; marking the cycle disconnected stops uvicorn
    from answering 500 for an app that returned without a response."""
    cycle = getattr(send, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if cycle is None or transport is None:
        raise RuntimeError("drop_next needs uvicorn's h11 or httptools protocol")
    cycle.disconnected = True
    transport.close()


async def _send_unavailable(send: Send, retry_after: int) -> None:
    body = problem_body(
        503, "service-unavailable", "Service unavailable", "Fault injected: retry later."
    )
    payload = canonical(body).encode("utf-8")
    headers = [
        (b"content-type", MEDIA_TYPE.encode()),
        (b"content-length", str(len(payload)).encode()),
        (b"retry-after", str(retry_after).encode()),
    ]
    await send({"type": "http.response.start", "status": 503, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
