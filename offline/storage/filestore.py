"""Content-addressed store for material files, encrypted at rest (offline/at_rest/crypto_files.py).

A file is named by the sha256 of its plaintext and written encrypted, temp → fsync → rename →
fsync(dir), so once a database row names it, the bytes are durably there. Identical files are
stored once. Read them through `open`/`read_bytes`, never by path: the path holds ciphertext.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from client.errors import Cancelled
from offline.at_rest.crypto_files import (
    PlainReader,
    encrypt_stream,
    encrypted_size,
    fsync_dir,
    plain_sha256,
)
from offline.at_rest.data_key import DataKeys
from offline.storage.private_files import DIR_MODE, open_private, private_dir
from offline.storage.storage_errors import disk_full, is_disk_full

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    size: int


class FileStore:
    def __init__(self, root: Path, keys: DataKeys) -> None:
        self.root = root
        self.tmp = root / "tmp"
        self.keys = keys

    def path_of(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_of(sha256).is_file()

    def open(self, sha256: str) -> PlainReader:
        """The plaintext, seekable (the tus upload resumes at an offset); close it after."""
        return PlainReader(self.path_of(sha256), self.keys.key_for)

    def read_bytes(self, sha256: str) -> bytes:
        with self.open(sha256) as reader:
            return reader.read_all()

    def put_file(
        self,
        source: Path,
        progress: Callable[[int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> StoredBlob:
        """Copy `source` in, hashing as it goes; `progress` gets bytes copied so far."""
        with open(source, "rb") as f:
            return self._put_stream(iter(lambda: f.read(CHUNK), b""), progress, cancelled)

    def put_bytes(self, data: bytes) -> StoredBlob:
        return self._put_stream([data], None, None)

    def _put_stream(
        self,
        chunks: Iterable[bytes],
        progress: Callable[[int], None] | None,
        cancelled: Callable[[], bool] | None,
    ) -> StoredBlob:
        if not self.tmp.is_dir():
            private_dir(self.root)
            private_dir(self.tmp)
        digest = hashlib.sha256()
        size = 0
        tmp_path = self.tmp / f"{os.getpid()}-{time.monotonic_ns()}.part"

        def plain() -> Iterable[bytes]:
            nonlocal size
            for chunk in chunks:
                if cancelled and cancelled():
                    raise Cancelled
                digest.update(chunk)
                size += len(chunk)
                yield chunk
                if progress:
                    progress(size)

        try:
            with os.fdopen(open_private(tmp_path, os.O_WRONLY | os.O_EXCL), "wb") as out:
                encrypt_stream(plain(), out, self.keys.writing_key())
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            final = self.path_of(sha)
            if final.is_file() and final.stat().st_size == encrypted_size(size):
                tmp_path.unlink()
                # Fresh mtime: the orphan sweep spares young files, and this one is about to
                # be referenced by a transaction that has not committed yet.
                os.utime(final)
            else:
                if not final.parent.is_dir():
                    final.parent.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
                    fsync_dir(self.root)  # the new shard folder's own entry
                os.replace(tmp_path, final)
                fsync_dir(final.parent)
            return StoredBlob(sha, size)
        except BaseException as exc:
            tmp_path.unlink(missing_ok=True)  # never a half-written file left behind
            if is_disk_full(exc):
                raise disk_full(self.root.parent) from exc
            raise

    def verify(self, sha256: str) -> bool:
        """The stored bytes decrypt, whole, and hash to their name."""
        from offline.at_rest.crypto_files import EncryptedFileError

        path = self.path_of(sha256)
        if not path.is_file():
            return False
        try:
            return plain_sha256(path, self.keys.key_for) == sha256
        except EncryptedFileError:
            return False

    def all_blobs(self) -> list[str]:
        return sorted(p.name for p in self.root.glob("??/*") if p.is_file() and len(p.name) == 64)

    def sweep_orphans(self, referenced: set[str], older_than_seconds: float = 3600) -> list[str]:
        """Delete blobs no row references, and stale temp files.

        Only old files go: a blob written a moment ago may belong to a transaction that has
        not committed yet.
        """
        cutoff = time.time() - older_than_seconds
        removed: list[str] = []
        for sha in self.all_blobs():
            path = self.path_of(sha)
            if sha not in referenced and path.stat().st_mtime < cutoff:
                path.unlink()
                removed.append(sha)
        if self.tmp.is_dir():
            for part in self.tmp.iterdir():
                if part.stat().st_mtime < cutoff:
                    part.unlink()
        return removed
