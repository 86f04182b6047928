"""Upgrading a profile written before files were encrypted: every material file and document
still in clear is encrypted in place, crash-safe (docs/at-rest.md).

One file at a time: its ciphertext goes to a temp file, is read back and checked against the
clear original (a blob's name is its plaintext sha256; a document is compared by hash), made
durable, and only then renamed over the clear file, which is atomic. A kill at any moment
leaves each file either still clear (converted on the next open) or fully encrypted, never
half of one; a stale temp file is removed. The database's own migration backup
(offline/storage/db.py) is made before this runs; the files get no clear backup, since the
point is that no clear copy remains: the check before the rename is their care. The profile is
marked converted last.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from offline.at_rest.crypto_files import (
    MAGIC,
    PlainReader,
    encrypt_stream,
    fsync_dir,
    is_encrypted,
)
from offline.storage.private_files import open_private
from offline.storage.store import Store

CONVERT_SUFFIX = ".convert.tmp"
READ_CHUNK = 1024 * 1024


def clear_files(store: Store) -> Iterator[tuple[Path, str | None]]:
    """Files of the profile stored in clear: (path, expected sha256 or None for a document)."""
    for sha in store.files.all_blobs():
        path = store.files.path_of(sha)
        if path.stat().st_size and not is_encrypted(path):
            yield path, sha
    for path in sorted(store.documents_dir.glob("*/*.pdf")):
        if path.is_file() and not is_encrypted(path):
            yield path, None


def remove_stale_temps(store: Store) -> None:
    """Temp files of a conversion or rotation that was killed (the originals are intact)."""
    for stale in list(store.documents_dir.glob(f"*/.*{CONVERT_SUFFIX}")) + list(
        store.files.root.glob(f"??/.*{CONVERT_SUFFIX}")
    ):
        stale.unlink(missing_ok=True)


def encrypt_clear_files(store: Store, progress: Callable[[int, int], None] | None = None) -> int:
    """Encrypt every clear file in place; returns how many. Safe to run again after a kill."""
    remove_stale_temps(store)
    todo = list(clear_files(store))
    key = store.keys.writing_key()
    damaged = 0
    for done, (path, sha) in enumerate(todo):
        try:
            reencrypt_in_place(path, sha, key, store)
        except AlreadyEncrypted:
            pass
        except ContentMismatch:
            damaged += 1  # doctor reports it (the store's health check): left untouched
        if progress:
            progress(done + 1, len(todo))
    if not damaged:
        store.keys.save(replace(store.keys.state, converted=True))
    return len(todo) - damaged


class AlreadyEncrypted(OSError):
    """Another process (the window and a CLI verb opened the profile together) did it."""


class ContentMismatch(OSError):
    """A clear blob no longer hashes to its name: damaged before the upgrade."""


def reencrypt_in_place(
    path: Path,
    sha: str | None,
    key: bytes,
    store: Store,
    encrypted: bool = False,
) -> None:
    """Write `path`'s plaintext under `key` beside it, check it, then rename it over `path`.

    `encrypted` says `path` is already encrypted (a key rotation), else it is clear."""
    tmp = path.with_name(f".{path.name}{CONVERT_SUFFIX}")
    expected = hashlib.sha256()
    try:
        with os.fdopen(open_private(tmp, os.O_WRONLY | os.O_TRUNC), "wb") as out:
            if encrypted:
                with PlainReader(path, store.keys.key_for) as reader:
                    encrypt_stream(_hashing(reader.chunks(), expected), out, key)
            else:
                with open(path, "rb") as f:
                    if f.read(len(MAGIC)) == MAGIC:  # another process converted it meanwhile
                        raise AlreadyEncrypted(path.name)
                    f.seek(0)
                    blocks = iter(lambda: f.read(READ_CHUNK), b"")
                    encrypt_stream(_hashing(blocks, expected), out, key)
            out.flush()
            os.fsync(out.fileno())
        if sha is not None and expected.hexdigest() != sha:
            raise ContentMismatch(f"{path.name}: content does not match its name")
        check = hashlib.sha256()
        with PlainReader(tmp, store.keys.key_for) as reader:
            for block in reader.chunks():
                check.update(block)
        if check.digest() != expected.digest():
            raise OSError(f"{path.name}: the encrypted copy does not read back")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def _hashing(blocks: Iterable[bytes], digest: Any) -> Iterator[bytes]:
    for block in blocks:
        digest.update(block)
        yield block
