"""The reference central's upload lock (tests/central/locks.py) against raw sockets: a PATCH
whose connection dies, however it dies, never keeps the upload from the next PATCH."""

from __future__ import annotations

import hashlib
import os
import socket
import struct
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from client.central.api import CentralClient, MemoryTokenStore, ProblemError
from client.central.retry import RetryPolicy
from client.central.tus import TusUploader, UploadSource, _metadata
from client.generated_ids import uuid7
from tests.central import uploads as central_uploads
from tests.central.server import CentralServer

SIZE = 4 * 1024 * 1024
TUS = {"Tus-Resumable": "1.0.0"}


@pytest.fixture
def central(tmp_path: Path) -> Iterator[CentralServer]:
    with CentralServer(tmp_path / "central", lock_takeover_seconds=2.0) as server:
        yield server


@pytest.fixture
def client(central: CentralServer) -> CentralClient:
    api = CentralClient(central.url, MemoryTokenStore(), policy=RetryPolicy(max_attempts=1))
    api.login("clerk", "clerk-pass", "PX01")
    return api


def new_upload(client: CentralClient) -> str:
    response = client.request("POST", "/uploads", headers={**TUS, "Upload-Length": str(SIZE)})
    return response.headers["Location"].split("/api/v1", 1)[1]


def new_upload_for(client: CentralClient, source: UploadSource) -> str:
    headers = {**TUS, "Upload-Length": str(SIZE), "Upload-Metadata": _metadata(source)}
    response = client.request("POST", "/uploads", headers=headers)
    return response.headers["Location"].split("/api/v1", 1)[1]


def raw_patch(
    central: CentralServer, client: CentralClient, path: str, body: bytes
) -> socket.socket:
    """A PATCH at offset 0 announcing the whole file, of which only `body` is sent."""
    tokens = client.tokens.load()
    assert tokens is not None
    sock = socket.create_connection(("127.0.0.1", central.port), timeout=10)
    head = (
        f"PATCH /api/v1{path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: Bearer {tokens.access_token}\r\nTus-Resumable: 1.0.0\r\n"
        "Upload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\n"
        f"Content-Length: {SIZE}\r\n\r\n"
    )
    sock.sendall(head.encode() + body)
    return sock


def reset(sock: socket.socket) -> None:
    """Close with a TCP RST instead of a FIN."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def receiving(central: CentralServer, path: str) -> bool:
    """The server holds the upload's lock and has written some of the body."""
    upload_id = path.rsplit("/", 1)[1]
    parts = list(central.context.store.uploads_dir.glob(f"{upload_id}.*.part"))
    held = upload_id in central.context.upload_locks.held()
    return held and any(p.stat().st_size > 0 for p in parts)


def wait_for(condition: object, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def offset(client: CentralClient, path: str) -> int:
    response = client.request("HEAD", path, headers=TUS)
    assert response.status_code == 200
    return int(response.headers["Upload-Offset"])


def patch_whole(client: CentralClient, path: str, data: bytes) -> float:
    """The whole file in one PATCH from offset 0; seconds it took."""
    start = time.monotonic()
    response = client.request(
        "PATCH",
        path,
        data=data,
        headers={
            **TUS,
            "Upload-Offset": "0",
            "Content-Type": "application/offset+octet-stream",
        },
    )
    assert response.status_code == 204
    assert response.headers["Upload-Offset"] == str(SIZE)
    return time.monotonic() - start


def stored_sha256(central: CentralServer) -> str:
    with central.context.store.read() as conn:
        return str(conn.execute("SELECT sha256 FROM uploads").fetchone()[0])


def test_reset_mid_body_then_head_and_next_patch_succeed(
    central: CentralServer, client: CentralClient
) -> None:
    path = new_upload(client)
    data = os.urandom(SIZE)
    sock = raw_patch(central, client, path, data[: SIZE // 2])
    wait_for(lambda: receiving(central, path))
    reset(sock)
    # At once, not after the server noticed: the dead PATCH's chunk is dropped, not kept.
    assert offset(client, path) == 0
    patch_whole(client, path, data)
    assert stored_sha256(central) == hashlib.sha256(data).hexdigest()
    assert central.context.upload_locks.held() == frozenset()


def test_reset_while_the_server_is_still_reading(
    central: CentralServer, client: CentralClient
) -> None:
    """The reset arrives while megabytes of the body are still buffered, unread, on the
    server: the next PATCH comes in before the server has worked through them."""
    path = new_upload(client)
    data = os.urandom(SIZE)
    sock = raw_patch(central, client, path, data[: SIZE * 3 // 4])
    reset(sock)
    assert offset(client, path) == 0
    patch_whole(client, path, data)
    assert stored_sha256(central) == hashlib.sha256(data).hexdigest()


def test_half_open_patch_is_taken_over_by_the_next(
    central: CentralServer, client: CentralClient
) -> None:
    """A PATCH whose client vanished without the server hearing of it (no FIN, no RST)
    waits for the rest of its body; the next PATCH takes the lock over at once."""
    path = new_upload(client)
    data = os.urandom(SIZE)
    sock = raw_patch(central, client, path, data[: SIZE // 2])
    try:
        wait_for(lambda: receiving(central, path))
        assert offset(client, path) == 0
        assert patch_whole(client, path, data) < 2.0  # no waiting for a lock
        answer = sock.recv(200)  # the old request is told why it ended
        assert answer.startswith(b"HTTP/1.1 409"), answer
    finally:
        reset(sock)
    assert stored_sha256(central) == hashlib.sha256(data).hexdigest()


def test_a_silent_body_gives_up_its_lock_by_itself(tmp_path: Path) -> None:
    with CentralServer(tmp_path / "central", body_idle_seconds=1.0) as central:
        api = CentralClient(central.url, MemoryTokenStore(), policy=RetryPolicy(max_attempts=1))
        api.login("clerk", "clerk-pass", "PX01")
        path = new_upload(api)
        sock = raw_patch(central, api, path, os.urandom(200_000))
        try:
            wait_for(lambda: receiving(central, path))
            started = time.monotonic()
            wait_for(lambda: not central.context.upload_locks.held(), timeout=5)
            assert 0.5 < time.monotonic() - started < 3
        finally:
            reset(sock)
        assert offset(api, path) == 0


def test_a_patch_still_committing_is_not_overtaken(tmp_path: Path) -> None:
    """A holder with its whole body in hand commits first; a newcomer that cannot wait that
    long is told upload-locked (the client waits and tries again)."""
    with CentralServer(tmp_path / "central", lock_takeover_seconds=0.3) as central:
        api = CentralClient(central.url, MemoryTokenStore(), policy=RetryPolicy(max_attempts=1))
        api.login("clerk", "clerk-pass", "PX01")
        path = new_upload(api)
        data = os.urandom(SIZE)
        central.faults.update(delay_ms=1500)  # between the body's end and the commit
        sock = raw_patch(central, api, path, data)
        try:
            upload_id = path.rsplit("/", 1)[1]
            wait_for(lambda: upload_id in central.context.upload_locks.held())
            time.sleep(0.3)  # the body is in; the holder is waiting to commit
            with pytest.raises(ProblemError) as refused:
                patch_whole(api, path, data)
            assert refused.value.status == 409
            assert refused.value.type.endswith("upload-locked")
            assert sock.recv(200).startswith(b"HTTP/1.1 204")
        finally:
            reset(sock)
        central.faults.clear()
        assert offset(api, path) == SIZE
        assert stored_sha256(central) == hashlib.sha256(data).hexdigest()


def test_the_tus_client_waits_out_a_lock_instead_of_giving_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Our client meets 409 upload-locked (a holder still committing, longer than the
    central's takeover bound): it waits with backoff and finishes, no stall, no error."""
    with CentralServer(tmp_path / "central", lock_takeover_seconds=0.2) as central:
        api = CentralClient(central.url, MemoryTokenStore(), policy=RetryPolicy(max_attempts=1))
        api.login("clerk", "clerk-pass", "PX01")
        source_path = tmp_path / "scan.pdf"
        data = os.urandom(SIZE)
        source_path.write_bytes(data)
        source = UploadSource(source_path, uuid7(), hashlib.sha256(data).hexdigest())
        uploader = TusUploader(api)
        refusals: list[int] = []
        patch = uploader._patch

        def counting_patch(url: str, at: int, chunk: bytes) -> int | None:
            try:
                return patch(url, at, chunk)
            except Exception:
                refusals.append(at)
                raise

        uploader._patch = counting_patch  # type: ignore[method-assign,assignment]
        path = new_upload_for(api, source)
        commit = central_uploads._commit

        def slow_commit(*args: Any) -> Any:
            time.sleep(1.2)  # the holder has the whole body and is committing it
            return commit(*args)

        monkeypatch.setattr(central_uploads, "_commit", slow_commit)
        sock = raw_patch(central, api, path, data[: SIZE // 2] + data[SIZE // 2 :])
        try:
            upload_id = path.rsplit("/", 1)[1]
            wait_for(lambda: upload_id in central.context.upload_locks.held())
            time.sleep(0.2)
            uploader.upload(source, url=central.api + path)
        finally:
            reset(sock)
        assert refusals  # it did meet the lock
        assert stored_sha256(central) == source.sha256
