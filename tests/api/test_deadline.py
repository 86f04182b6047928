"""Every request has an overall deadline (client/central/deadline.py): a server that sends
one byte every 2 s, which no per-read timeout ever catches, fails the request at its
deadline, as a link fault with a Chinese reason; a normal server is not affected."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from client.central.api import CentralClient, DeadlineExceeded, MemoryTokenStore, NetworkError
from client.central.retry import RetryPolicy
from client.central.tus import TusUploader, UploadSource, file_sha256
from client.generated_ids import uuid7
from tests.central.server import CentralServer
from tests.helpers.trickle import TrickleServer

DEADLINE = 3.0


def trickled(body_only: bool) -> tuple[float, NetworkError, int]:
    with TrickleServer(interval=2.0, body_only=body_only) as server:
        client = CentralClient(
            server.url,
            MemoryTokenStore(),
            timeout=(2.0, 5.0),  # longer than the 2 s between bytes: never fires
            deadline=DEADLINE,
            policy=RetryPolicy(base_seconds=0.01, cap_seconds=0.02),
        )
        start = time.monotonic()
        with pytest.raises(NetworkError) as failed:
            client.request("GET", "/catalog", auth=False)
        return time.monotonic() - start, failed.value, server.requests


@pytest.mark.parametrize("body_only", [False, True], ids=["headers-trickle", "body-trickles"])
def test_a_trickling_server_fails_the_request_at_its_deadline(body_only: bool) -> None:
    took, error, requests_made = trickled(body_only)
    assert DEADLINE - 0.2 < took < DEADLINE + 1.5, took
    assert isinstance(error, DeadlineExceeded)
    assert "没有在 3 秒内完成应答" in str(error)
    assert requests_made == 1  # a missed deadline is not tried again within the request


def test_requests_within_the_deadline_are_untouched(tmp_path: Path) -> None:
    """Many requests and a multi-chunk upload on reused connections, each well within a
    short deadline: none is cut, and no pooled connection is spoiled by a late watchdog."""
    with CentralServer(tmp_path / "central") as central:
        client = CentralClient(central.url, MemoryTokenStore(), deadline=1.0)
        client.login("clerk", "clerk-pass", "PX01")
        for _ in range(30):
            assert client.request("GET", "/catalog").json()["items"]
        path = tmp_path / "scan.pdf"
        path.write_bytes(os.urandom(3 * 128 * 1024 + 5))
        source = UploadSource(path, uuid7(), file_sha256(path))
        time.sleep(1.2)  # every watchdog of the requests above would have fired by now
        TusUploader(client).upload(source)
        with central.context.store.read() as conn:
            assert conn.execute("SELECT sha256 FROM uploads").fetchone()[0] == source.sha256
