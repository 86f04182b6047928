"""Our tus client against the reference central service over real HTTP."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from client.central.api import CentralClient, MemoryTokenStore
from client.central.retry import RetryPolicy
from client.central.tus import TusUploader, UploadSource, file_sha256
from client.errors import Cancelled
from client.generated_ids import uuid7
from tests.central.server import CentralServer

CHUNK = 256 * 1024


@pytest.fixture
def central(tmp_path: Path) -> Iterator[CentralServer]:
    with CentralServer(tmp_path / "central", upload_ttl=1.0) as server:
        yield server


def client_for(central: CentralServer) -> CentralClient:
    client = CentralClient(
        central.url,
        MemoryTokenStore(),
        timeout=(2, 10),
        policy=RetryPolicy(base_seconds=0.01, cap_seconds=0.05),
        sleep=lambda _s: None,
    )
    client.login("clerk", "clerk-pass", "PX01")
    return client


def material(tmp_path: Path, size: int = 3 * CHUNK + 1234) -> UploadSource:
    path = tmp_path / "scan.pdf"
    path.write_bytes(os.urandom(size))
    return UploadSource(path, uuid7(), file_sha256(path))


def stored(central: CentralServer) -> tuple[int, str | None]:
    with central.context.store.read() as conn:
        row = conn.execute("SELECT offset, sha256 FROM uploads").fetchone()
    return int(row[0]), row[1]  # a single upload in these tests


def test_chunked_upload_with_checksums(central: CentralServer, tmp_path: Path) -> None:
    source = material(tmp_path)
    seen: list[int] = []
    url = TusUploader(client_for(central), CHUNK).upload(
        source, progress=lambda done, _total: seen.append(done)
    )
    assert "/uploads/" in url
    assert seen == [CHUNK, 2 * CHUNK, 3 * CHUNK, source.path.stat().st_size]
    assert stored(central) == (source.path.stat().st_size, source.sha256)


def test_cancel_then_resume_from_the_server_offset(central: CentralServer, tmp_path: Path) -> None:
    source = material(tmp_path)
    uploader = TusUploader(client_for(central), CHUNK)
    kept: list[str] = []
    sent: list[int] = []
    with pytest.raises(Cancelled):
        uploader.upload(
            source,
            on_created=kept.append,
            progress=lambda d, _t: sent.append(d),
            cancelled=lambda: len(sent) >= 2,
        )
    assert stored(central)[0] == 2 * CHUNK  # what arrived stays on the server
    # "After a restart": only the URL kept in the outbox row is known.
    resumed: list[int] = []
    url = uploader.upload(source, url=kept[0], progress=lambda d, _t: resumed.append(d))
    assert url == kept[0]
    assert resumed[0] == 3 * CHUNK  # continued, not restarted
    assert stored(central) == (source.path.stat().st_size, source.sha256)


def test_damaged_chunk_is_sent_again(central: CentralServer, tmp_path: Path) -> None:
    """A chunk damaged on the way (its bytes no longer match its checksum) gets 460, the
    offset stays, and the client sends the chunk again."""
    source = material(tmp_path)

    class DamagedOnce(TusUploader):
        damaged = 0
        intact: bytes | None = None

        def checksum(self, chunk: bytes) -> str:
            return super().checksum(self.intact if self.intact is not None else chunk)

        def _patch(self, url: str, offset: int, chunk: bytes) -> int | None:
            if offset == CHUNK and not self.damaged:
                self.damaged, self.intact = 1, chunk
                try:
                    new_offset = super()._patch(url, offset, bytes([chunk[0] ^ 0xFF]) + chunk[1:])
                finally:
                    self.intact = None
                assert new_offset == offset  # 460: nothing of the damaged chunk was kept
                return new_offset
            return super()._patch(url, offset, chunk)

    uploader = DamagedOnce(client_for(central), CHUNK)
    uploader.upload(source)
    assert uploader.damaged == 1
    assert stored(central) == (source.path.stat().st_size, source.sha256)


def test_expired_upload_starts_again(central: CentralServer, tmp_path: Path) -> None:
    source = material(tmp_path)
    uploader = TusUploader(client_for(central), CHUNK)
    kept: list[str] = []
    with pytest.raises(Cancelled):
        uploader.upload(source, on_created=kept.append, cancelled=lambda: bool(kept))
    time.sleep(1.2)  # upload_ttl is 1 s: the half-done upload expires (410)
    created: list[str] = []
    url = uploader.upload(source, url=kept[0], on_created=created.append)
    assert created and url == created[0] != kept[0]
    with central.context.store.read() as conn:
        done = [r[0] for r in conn.execute("SELECT sha256 FROM uploads WHERE sha256 IS NOT NULL")]
    assert done == [source.sha256]


def test_second_creation_for_the_same_material_returns_the_same_upload(
    central: CentralServer, tmp_path: Path
) -> None:
    source = material(tmp_path)
    uploader = TusUploader(client_for(central), CHUNK)
    first: list[str] = []
    with pytest.raises(Cancelled):
        uploader.upload(source, on_created=first.append, cancelled=lambda: bool(first))
    again: list[str] = []
    url = uploader.upload(source, on_created=again.append)  # the URL was lost: create again
    assert again == first and url == first[0]
