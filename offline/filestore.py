"""Content-addressed store for material files.

A file is named by its sha256 and written temp → fsync → rename → fsync(dir), so once a
database row names it, the bytes are durably there. Identical files are stored once.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from client.errors import Cancelled
from offline.private_files import DIR_MODE, open_private, private_dir
from offline.storage_errors import disk_full, is_disk_full

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    size: int


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.tmp = root / "tmp"

    def path_of(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_of(sha256).is_file()

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
        try:
            with os.fdopen(open_private(tmp_path, os.O_WRONLY | os.O_EXCL), "wb") as out:
                for chunk in chunks:
                    if cancelled and cancelled():
                        raise Cancelled
                    out.write(chunk)
                    digest.update(chunk)
                    size += len(chunk)
                    if progress:
                        progress(size)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            final = self.path_of(sha)
            if final.is_file() and final.stat().st_size == size:
                tmp_path.unlink()
                # Fresh mtime: the orphan sweep spares young files, and this one is about to
                # be referenced by a transaction that has not committed yet.
                os.utime(final)
            else:
                if not final.parent.is_dir():
                    final.parent.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
                    _fsync_dir(self.root)  # the new shard folder's own entry
                os.replace(tmp_path, final)
                _fsync_dir(final.parent)
            return StoredBlob(sha, size)
        except BaseException as exc:
            tmp_path.unlink(missing_ok=True)  # never a half-written file left behind
            if is_disk_full(exc):
                raise disk_full(self.root.parent) from exc
            raise

    def verify(self, sha256: str) -> bool:
        """The stored bytes still hash to their name."""
        path = self.path_of(sha256)
        if not path.is_file():
            return False
        digest = hashlib.sha256()
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(CHUNK), b""):
                digest.update(chunk)
        return digest.hexdigest() == sha256

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


def _fsync_dir(directory: Path) -> None:
    if os.name == "nt":  # Windows cannot open a directory; NTFS journals the rename.
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
