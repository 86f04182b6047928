"""`CentralServer`: the reference central on 127.0.0.1 in a background thread, for tests."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Any

import uvicorn

from tests.central.app import create_app
from tests.central.context import Config, Context
from tests.central.faults import Faults, FaultSettings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class CentralServer:
    """Start with `with CentralServer(tmp_path) as central:`; `central.url` is the base URL
    (no /api/v1), `central.api` the API root, `central.context` the live state (database,
    fault switches) for assertions."""

    def __init__(
        self,
        data_dir: Path,
        port: int = 0,
        faults: FaultSettings | None = None,
        **config: Any,
    ) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.context = Context(Config(data_dir=data_dir, **config), Faults(faults))
        # Bound here and handed to uvicorn: no gap in which another process (a parallel test
        # worker) could take the port between choosing it and listening on it.
        self._socket = socket.socket()
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind(("127.0.0.1", port))
        self.port = int(self._socket.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self.api = f"{self.url}/api/v1"
        uv_config = uvicorn.Config(
            create_app(self.context),
            host="127.0.0.1",
            port=self.port,
            http="h11",
            ws="none",
            lifespan="on",
            proxy_headers=False,
            server_header=False,
            log_level="warning",
        )
        self._server = uvicorn.Server(uv_config)
        self._thread: threading.Thread | None = None

    @property
    def faults(self) -> Faults:
        return self.context.faults

    def start(self, timeout: float = 10.0) -> CentralServer:
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, name="central", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the reference central did not start on port {self.port}")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        self._socket.close()
        self.context.store.close()

    def __enter__(self) -> CentralServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
