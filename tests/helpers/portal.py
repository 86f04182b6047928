"""A loopback HTTP server in front of the reference central that can stop being the central.

    with PortalServer(central.url) as portal:
        client = CentralClient(portal.url, ...)
        portal.mode = "portal"

Modes, changeable while traffic flows (plain attribute assignment):

- `pass`: every request goes to the central and its reply comes back unchanged; each reply
  is also remembered per route (ids in the path replaced by placeholders);
- `portal`: a captive portal: `200` and an HTML login page for anything, the central sees
  nothing;
- `bad_json`: `200`, `application/json`, a body that is not JSON;
- `wrong_shape`: `200`, `application/json`, valid JSON that is no reply of the contract;
- `replay`: the last reply remembered for the same route, of another case, event, material
  or upload (valid JSON of the right schema, the wrong identity); the portal page when none.

Counters: `requests` (all answered), `forwarded` (reached the central). Listens on 127.0.0.1
only; the upstream must be loopback too.
"""

from __future__ import annotations

import http.client
import ipaddress
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import urlsplit

PORTAL_PAGE = (
    b"<!DOCTYPE html><html><head><title>Wi-Fi</title></head><body>"
    b"<form action='/login' method='post'>\xe8\xaf\xb7\xe7\x99\xbb\xe5\xbd\x95"
    b"<input name='phone'></form></body></html>"
)
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "server", "date"}
_IDS = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}")

Reply = tuple[int, list[tuple[str, str]], bytes]


class PortalServer:
    def __init__(self, upstream: str, mode: str = "pass") -> None:
        parts = urlsplit(upstream)
        assert parts.hostname and ipaddress.ip_address(parts.hostname).is_loopback
        self.upstream = (parts.hostname, parts.port or 80)
        self.mode = mode
        self.requests = 0
        self.forwarded = 0
        self.remembered: dict[tuple[str, str], Reply] = {}
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> PortalServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()

    def answer(self, method: str, path: str, headers: list[tuple[str, str]], body: bytes) -> Reply:
        with self._lock:
            self.requests += 1
            mode = self.mode
        route = (method, _IDS.sub("{id}", urlsplit(path).path))
        if mode == "pass":
            reply = self._forward(method, path, headers, body)
            with self._lock:
                self.forwarded += 1
                if 200 <= reply[0] < 300:
                    self.remembered[route] = reply
            return reply
        if mode == "bad_json":
            return 200, [("Content-Type", "application/json")], b'{"case_id": "0190'
        if mode == "wrong_shape":
            return 200, [("Content-Type", "application/json")], b'{"status": "ok", "id": 1}'
        if mode == "replay" and route in self.remembered:
            return self.remembered[route]
        return 200, [("Content-Type", "text/html; charset=utf-8")], PORTAL_PAGE

    def _forward(
        self, method: str, path: str, headers: list[tuple[str, str]], body: bytes
    ) -> Reply:
        conn = http.client.HTTPConnection(*self.upstream, timeout=30)
        try:
            conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            for name, value in headers:
                if name.lower() not in ("connection", "keep-alive"):
                    conn.putheader(name, value)
            conn.endheaders(body or None)
            response = conn.getresponse()
            data = response.read()
            kept = [(k, v) for k, v in response.getheaders() if k.lower() not in HOP_BY_HOP]
            return response.status, kept, data
        finally:
            conn.close()


def _handler(server: PortalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            status, headers, data = server.answer(
                self.command, self.path, list(self.headers.items()), body
            )
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_PATCH = do_HEAD = do_DELETE = do_OPTIONS = _any

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler
