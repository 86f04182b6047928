"""Our own small tus 1.0.0 client on requests (docs/central-contract.md says why not tuspy).

Chunked PATCH with `Upload-Checksum` (sha256) on every chunk; resume from the server's offset
(HEAD); 423 or 409 upload-locked (a PATCH of ours that died is still held by the server) →
wait with backoff, HEAD and continue, and after `MAX_LOCK_WAITS` the 409 goes up so the sync
engine tries again in a later round; any other 409 → HEAD and continue; 460 (checksum
mismatch) → the chunk is sent again; 404/410 → a new upload; a progress callback (each
time the offset moved); cancellation between chunks. The upload URL is handed to
`on_created` as soon as the server gives it, so the caller can keep it (in the outbox row)
and a restart resumes instead of starting over.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from client.central.api import API_PREFIX, CentralClient, NetworkError, ProblemError
from client.central.replies import checked_offset, checked_tus
from client.central.retry import RetryPolicy
from client.errors import Cancelled
from client.i18n import translate

TUS_VERSION = "1.0.0"
DEFAULT_CHUNK = 128 * 1024  # a reset wastes at most one chunk; see tests/bench/upload.py
MAX_STALLS = 5  # chunks in a row that did not move the offset: give up for now
# Waiting for the server to let go of a lock: its takeover bound is a few seconds.
LOCK_POLICY = RetryPolicy(base_seconds=0.5, cap_seconds=4.0)
MAX_LOCK_WAITS = 6  # then the lock refusal goes up, to be retried in a later round


class _Locked(Exception):
    def __init__(self, problem: ProblemError) -> None:
        super().__init__(str(problem))
        self.problem = problem


def is_lock_refusal(exc: ProblemError) -> bool:
    """The upload is busy (another PATCH holds it): wait and try again, never park."""
    return exc.status == 423 or (exc.status == 409 and exc.type.endswith("/upload-locked"))


class PlainSource(Protocol):
    """What the uploader reads: the plaintext, seekable (a store's decrypting reader)."""

    size: int

    def seek(self, offset: int) -> int: ...
    def read(self, n: int) -> bytes: ...
    def close(self) -> None: ...


@dataclass(frozen=True)
class UploadSource:
    path: Path
    material_id: str
    sha256: str  # of the whole file's plaintext, hex
    case_id: str = ""
    # The plaintext when `path` holds it encrypted (the offline store): opened per upload.
    opener: Callable[[], PlainSource] | None = None


class _PathSource:
    def __init__(self, path: Path) -> None:
        self._f = path.open("rb")
        self.size = path.stat().st_size

    def seek(self, offset: int) -> int:
        return self._f.seek(offset)

    def read(self, n: int) -> bytes:
        return self._f.read(n)

    def close(self) -> None:
        self._f.close()


def _metadata(source: UploadSource) -> str:
    pairs = {"material_id": source.material_id, "sha256": source.sha256}
    if source.case_id:
        pairs["case_id"] = source.case_id
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in pairs.items())


class TusUploader:
    """Uploads through a CentralClient's session, with its auth, timeouts and retry policy."""

    def __init__(self, client: CentralClient, chunk_size: int = DEFAULT_CHUNK) -> None:
        self.client = client
        self.chunk_size = chunk_size

    def upload(
        self,
        source: UploadSource,
        url: str | None = None,
        on_created: Callable[[str], None] | None = None,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> str:
        """Send the whole file, resuming `url` when given; returns the upload's URL."""
        opened = source.opener() if source.opener else _PathSource(source.path)
        with contextlib.closing(opened) as f:
            return self._send(source, opened.size, f, url, on_created, progress, cancelled)

    def _send(
        self,
        source: UploadSource,
        size: int,
        f: PlainSource,
        url: str | None,
        on_created: Callable[[str], None] | None,
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool] | None,
    ) -> str:
        offset = self._offset(url) if url else None
        if offset is None:  # no upload yet, or it expired / was terminated
            url = self._create(source, size)
            if on_created:
                on_created(url)
            offset = self._offset(url) or 0
        assert url is not None
        stalls = locked = 0
        reported = offset  # progress is told when the server's offset moves, and only then
        while offset < size:
            if cancelled and cancelled():
                raise Cancelled
            if stalls >= MAX_STALLS:
                raise NetworkError(translate("tus", "上传反复失败，稍后将自动重试"))
            f.seek(offset)
            chunk = f.read(self.chunk_size)
            waited = False
            try:
                result = self._patch(url, offset, chunk)
            except _Locked as busy:
                locked += 1
                if locked > MAX_LOCK_WAITS:
                    raise busy.problem from None
                self.client.sleep(LOCK_POLICY.delay(locked, busy.problem.retry_after))
                result, waited = self._offset(url), True
            if result is None:  # gone (404/410): start a new upload from zero
                url = self._create(source, size)
                if on_created:
                    on_created(url)
                offset = self._offset(url) or 0
            elif waited:
                offset = result  # waiting for a lock is not a stall
            else:
                locked = 0
                stalls = stalls + 1 if result <= offset else 0
                offset = result
            if progress and offset != reported:
                progress(offset, size)
                reported = offset
        return url

    def checksum(self, chunk: bytes) -> str:
        """The chunk's Upload-Checksum value (sha256, base64)."""
        return _sha256_b64(chunk)

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        return {"Tus-Resumable": TUS_VERSION, **(extra or {})}

    def _create(self, source: UploadSource, size: int) -> str:
        response = self.client.request(
            "POST",
            "/uploads",
            headers=self._headers(
                {"Upload-Length": str(size), "Upload-Metadata": _metadata(source)}
            ),
        )
        location = response.headers.get("Location", "")
        if not location:
            raise NetworkError(translate("tus", "中心系统没有返回上传地址"))
        checked_tus(response, "tusCreate")
        return location

    def _offset(self, url: str) -> int | None:
        """The server's offset, or None when the upload no longer exists."""
        try:
            response = self.client.request("HEAD", _path(url), headers=self._headers())
        except ProblemError as exc:
            if exc.status in (404, 410):
                return None
            raise
        return int(checked_tus(response, "tusOffset").headers["Upload-Offset"])

    def _patch(self, url: str, offset: int, chunk: bytes) -> int | None:
        """Send one chunk; the new offset, or None when the upload is gone."""
        headers = self._headers(
            {
                "Upload-Offset": str(offset),
                "Content-Type": "application/offset+octet-stream",
                "Upload-Checksum": f"sha256 {self.checksum(chunk)}",
            }
        )
        try:
            response = self.client.request("PATCH", _path(url), data=chunk, headers=headers)
        except ProblemError as exc:
            if exc.status in (404, 410):
                return None
            if is_lock_refusal(exc):
                raise _Locked(exc) from None
            if exc.status in (409, 460):  # offset moved, or the chunk arrived damaged
                current = self._offset(url)
                return current
            raise
        except NetworkError:
            # The chunk may or may not have landed: ask the server where it stands.
            return self._offset(url)
        return checked_offset(response, offset, len(chunk))


def _sha256_b64(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


def _path(url: str) -> str:
    """The request path below /api/v1 for an absolute or relative upload URL."""
    if API_PREFIX in url:
        return url.split(API_PREFIX, 1)[1]
    return url


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(DEFAULT_CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()
