"""Uploads over a bad network: our tus client through the fault-injecting proxy
(tests/helpers/proxy.py) to the reference central, and against an independent tus server.

The 460 checksum mismatch and the 410 expired upload are covered in tests/api/test_tus_client.py.
"""

from __future__ import annotations

import base64
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import requests
import uvicorn
from fastapi import FastAPI
from tuspyserver import create_tus_router

from client.central.api import CentralClient, MemoryTokenStore, Tokens
from client.central.retry import RetryPolicy
from client.central.tus import TusUploader, UploadSource, file_sha256
from client.generated_ids import uuid7
from tests.central.server import CentralServer, free_port
from tests.helpers.proxy import FaultProxy

ROOT = Path(__file__).resolve().parents[2]
CHUNK = 128 * 1024


@pytest.fixture
def central(tmp_path: Path) -> Iterator[CentralServer]:
    with CentralServer(tmp_path / "central") as server:
        yield server


@pytest.fixture
def proxy(central: CentralServer) -> Iterator[FaultProxy]:
    with FaultProxy("127.0.0.1", central.port) as fault_proxy:
        yield fault_proxy


class RecordingSession(requests.Session):
    """Keeps every exception a request raised, to see which faults the client met."""

    def __init__(self) -> None:
        super().__init__()
        self.errors: list[Exception] = []

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        try:
            return super().request(*args, **kwargs)
        except Exception as exc:
            self.errors.append(exc)
            raise


def client_for(
    base_url: str,
    timeout: tuple[float, float] = (2, 10),
    session: requests.Session | None = None,
) -> CentralClient:
    client = CentralClient(
        base_url,
        MemoryTokenStore(),
        timeout=timeout,
        policy=RetryPolicy(base_seconds=0.02, cap_seconds=0.1),
        session=session,
    )
    client.login("clerk", "clerk-pass", "PX01")
    return client


def material(tmp_path: Path, size: int) -> UploadSource:
    path = tmp_path / "scan.pdf"
    path.write_bytes(os.urandom(size))
    return UploadSource(path, uuid7(), file_sha256(path))


def stored(central: CentralServer) -> tuple[int, str | None]:
    with central.context.store.read() as conn:
        row = conn.execute("SELECT offset, sha256 FROM uploads").fetchone()
    if row is None:
        return 0, None
    return int(row[0]), row[1]  # a single upload in these tests


def wait_for(condition: Any, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for a condition")
        time.sleep(0.01)


def test_connection_reset_every_n_bytes(
    central: CentralServer, proxy: FaultProxy, tmp_path: Path
) -> None:
    source = material(tmp_path, 2 * 1024 * 1024 + 1234)
    size = source.path.stat().st_size
    client = client_for(proxy.url)
    proxy.reset_every_bytes = 600_000  # four 128 KiB chunks fit, the fifth is cut
    proxy.reset_counters()
    TusUploader(client, CHUNK).upload(source)
    assert proxy.resets >= 3
    assert stored(central) == (size, source.sha256)
    assert proxy.bytes_up <= 1.3 * size, proxy.bytes_up / size


def test_stalled_connection_times_out_then_resumes(
    central: CentralServer, proxy: FaultProxy, tmp_path: Path
) -> None:
    source = material(tmp_path, 1024 * 1024 + 99)
    size = source.path.stat().st_size
    session = RecordingSession()
    client = client_for(proxy.url, timeout=(1, 1), session=session)
    stall_seconds = 2.5
    cleared: list[float] = []

    def clear_later() -> None:
        time.sleep(stall_seconds)
        cleared.append(time.monotonic())
        proxy.stall = False

    staller = threading.Thread(target=clear_later, daemon=True)
    progress: list[tuple[float, int]] = []

    def on_progress(done: int, _total: int) -> None:
        progress.append((time.monotonic(), done))
        if done == 2 * CHUNK:  # the link hangs between two chunks, for a while
            proxy.stall = True
            staller.start()

    TusUploader(client, CHUNK).upload(source, progress=on_progress)
    staller.join(timeout=10)
    assert cleared, "the stall never ended"
    assert any(isinstance(e, requests.exceptions.Timeout) for e in session.errors), session.errors
    assert progress[-1][1] == size
    assert progress[-1][0] >= cleared[0]  # finished after the stall cleared, not before
    assert stored(central) == (size, source.sha256)


CHILD = """
import sys
from pathlib import Path

from client.central.api import CentralClient, MemoryTokenStore
from client.central.retry import RetryPolicy
from client.central.tus import TusUploader, UploadSource

base_url, path, material_id, sha256, url_file, chunk = sys.argv[1:7]
kept = Path(url_file)


def keep(url):
    part = kept.with_suffix(".part")
    part.write_text(url)
    part.replace(kept)
    print("created", flush=True)


client = CentralClient(
    base_url, MemoryTokenStore(), timeout=(2, 10), policy=RetryPolicy(base_seconds=0.05)
)
client.login("clerk", "clerk-pass", "PX01")
TusUploader(client, int(chunk)).upload(
    UploadSource(Path(path), material_id, sha256),
    url=kept.read_text() if kept.exists() else None,
    on_created=keep,
    progress=lambda done, total: print("progress", done, flush=True),
)
print("done", flush=True)
"""


def child(proxy: FaultProxy, source: UploadSource, url_file: Path) -> list[str]:
    return [
        sys.executable,
        "-c",
        CHILD,
        proxy.url,
        str(source.path),
        source.material_id,
        source.sha256,
        str(url_file),
        str(CHUNK),
    ]


@pytest.mark.slow
def test_killed_client_process_resumes_from_the_server_offset(
    central: CentralServer, proxy: FaultProxy, tmp_path: Path
) -> None:
    source = material(tmp_path, 1536 * 1024 + 7)
    size = source.path.stat().st_size
    url_file = tmp_path / "outbox-url"
    proxy.throttle_bytes_per_second = 400_000  # ~4 s for the whole file
    first = subprocess.Popen(
        child(proxy, source, url_file),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(lambda: url_file.exists() and stored(central)[0] >= 2 * CHUNK)
        first.send_signal(signal.SIGKILL)
        out, err = first.communicate(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
            first.communicate(timeout=10)
    assert first.returncode == -signal.SIGKILL, err
    assert "done" not in out
    at_kill = stored(central)[0]
    assert 2 * CHUNK <= at_kill < size

    proxy.throttle_bytes_per_second = None
    wait_for(lambda: proxy.active == 0)  # the killed process's connections are gone
    proxy.reset_counters()
    second = subprocess.run(
        child(proxy, source, url_file),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert second.returncode == 0, second.stderr
    lines = second.stdout.split()
    assert "created" not in lines  # the kept URL was resumed, no new upload
    offsets = [int(lines[i + 1]) for i, word in enumerate(lines) if word == "progress"]
    # A chunk the killed process had already handed to the network may still have landed
    # after `at_kill`, so the resumed offset is at least that, on a chunk boundary.
    resumed_from = offsets[0] - CHUNK
    assert offsets[0] > 0
    assert resumed_from >= at_kill and resumed_from % CHUNK == 0
    assert offsets[-1] == size
    assert proxy.bytes_up < size - resumed_from + 16 * 1024  # the rest and headers, no more
    assert stored(central) == (size, source.sha256)


class NoChecksumUploader(TusUploader):
    """For a tus server without the checksum extension (tuspyserver): no Upload-Checksum,
    and the `filename`/`filetype` metadata that tuspyserver's HEAD insists on."""

    def _headers(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        headers = super()._headers(dict(extra or {}))
        headers.pop("Upload-Checksum", None)
        if "Upload-Metadata" in headers:
            for key, value in (("filename", "scan.pdf"), ("filetype", "application/pdf")):
                encoded = base64.b64encode(value.encode()).decode()
                headers["Upload-Metadata"] += f",{key} {encoded}"
        return headers


@pytest.fixture
def tuspyserver(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """tuspyserver's router at /api/v1/uploads in a tiny FastAPI app, served on loopback."""
    files = tmp_path / "tuspyserver"
    files.mkdir()
    app = FastAPI()
    app.include_router(create_tus_router(prefix="api/v1/uploads", files_dir=str(files)))
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", ws="none")
    )
    thread = threading.Thread(target=server.run, name="tuspyserver", daemon=True)
    thread.start()
    try:
        wait_for(lambda: server.started or not thread.is_alive(), timeout=10)
        assert server.started
        yield f"http://127.0.0.1:{port}", files
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_our_client_uploads_to_tuspyserver(tuspyserver: tuple[str, Path], tmp_path: Path) -> None:
    base_url, files = tuspyserver
    source = material(tmp_path, 3 * CHUNK + 4321)
    tokens = MemoryTokenStore()  # tuspyserver has no login: any bearer token will do
    tokens.save(Tokens("not-checked", "", time.time() + 3600))
    client = CentralClient(base_url, tokens, timeout=(2, 10))
    seen: list[int] = []
    url = NoChecksumUploader(client, CHUNK).upload(
        source, progress=lambda done, _total: seen.append(done)
    )
    upload_id = url.rstrip("/").rsplit("/", 1)[1]
    assert url.startswith(f"{base_url}/api/v1/uploads/")
    assert seen == [CHUNK, 2 * CHUNK, 3 * CHUNK, source.path.stat().st_size]
    assert (files / upload_id).read_bytes() == source.path.read_bytes()
