"""A material's upload resumes from the URL kept in its outbox row."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from client.central.api import CentralClient, MemoryTokenStore
from client.central.retry import RetryPolicy
from client.central.tus import TusUploader
from client.errors import Cancelled
from offline.sync.uploads import upload_material
from tests.central.server import CentralServer
from tests.factories import FOOD_PERMIT, accept_request, make_files, open_service

CHUNK = 128 * 1024


@pytest.fixture
def central(tmp_path: Path) -> Iterator[CentralServer]:
    with CentralServer(tmp_path / "central") as server:
        yield server


def test_upload_url_is_kept_in_the_outbox_and_a_restart_resumes(
    central: CentralServer, tmp_path: Path
) -> None:
    service = open_service(tmp_path / "profile")
    (scan,) = make_files(tmp_path, 1, size=5 * CHUNK + 77)  # six chunks
    service.submit(accept_request(service.store, **{f"{FOOD_PERMIT}-M01": [scan]}))
    (op_id,) = service.store.conn.execute(
        "SELECT op_id FROM outbox WHERE kind = 'material.upload'"
    ).fetchone()

    client = CentralClient(
        central.url,
        MemoryTokenStore(),
        policy=RetryPolicy(base_seconds=0.01),
        sleep=lambda _s: None,
    )
    client.login("clerk", "clerk-pass", "PX01")
    sent: list[int] = []
    with pytest.raises(Cancelled):
        upload_material(
            service.store,
            TusUploader(client, CHUNK),
            op_id,
            progress=lambda done, _t: sent.append(done),
            cancelled=lambda: len(sent) >= 2,
        )
    (kept,) = service.store.conn.execute(
        "SELECT upload_url FROM outbox WHERE op_id = ?", (op_id,)
    ).fetchone()
    assert kept and "/uploads/" in kept

    # A new process: a fresh client and uploader, only the store survives.
    resumed: list[int] = []
    url = upload_material(
        service.store,
        TusUploader(client, CHUNK),
        op_id,
        progress=lambda done, _t: resumed.append(done),
    )
    assert url == kept
    assert resumed[0] == 3 * CHUNK  # from the server's offset, not from zero
    with central.context.store.read() as conn:
        (sha,) = conn.execute("SELECT sha256 FROM uploads").fetchone()
    (expected,) = service.store.conn.execute("SELECT sha256 FROM material_files").fetchone()
    assert sha == expected
