"""Files at rest: AES-256-GCM in 64 KiB chunks, so a file of any size streams (docs/at-rest.md).

Layout: MAGIC | key id (8) | nonce prefix (8) | chunk 0 | chunk 1 | ... Each chunk is the
ciphertext of up to `PLAIN_CHUNK` bytes plus its 16-byte tag. A chunk's nonce is the file's
random prefix and the chunk's index; its associated data is the header, the index and a flag
saying whether it is the last chunk, so chunks cannot be reordered, dropped, or the file cut
short at a chunk boundary without the decryption failing. Every chunk but the last is full, so
plaintext offsets map to chunk positions and a reader can seek (the tus upload resumes at the
server's offset).
"""

from __future__ import annotations

import hashlib
import os
import secrets
import struct
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from client.errors import ClerkError
from client.i18n import translate
from offline.storage.private_files import open_private

MAGIC = b"CKENC1"
KEY_ID_BYTES = 8
PREFIX_BYTES = 8
HEADER_BYTES = len(MAGIC) + KEY_ID_BYTES + PREFIX_BYTES
PLAIN_CHUNK = 64 * 1024
TAG_BYTES = 16
CIPHER_CHUNK = PLAIN_CHUNK + TAG_BYTES

KeyLookup = Callable[[bytes], bytes]


class EncryptedFileError(ClerkError, OSError):
    """A stored file cannot be decrypted: damaged, cut short, or under an unknown key."""


def _damaged(path: Path) -> EncryptedFileError:
    return EncryptedFileError(
        translate("files", "加密文件已损坏或被截断：{name}").format(name=path.name),
        translate("files", "请运行 doctor 检查数据；必要时从备份恢复这个配置目录。"),
    )


def key_id(key: bytes) -> bytes:
    """A short public name for a key (not the key): which key encrypted a file."""
    return hashlib.sha256(b"chuangkou-data-key-id\0" + key).digest()[:KEY_ID_BYTES]


def is_encrypted(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(len(MAGIC)) == MAGIC


def file_key_id(path: Path) -> bytes:
    with open(path, "rb") as f:
        head = f.read(HEADER_BYTES)
    if len(head) < HEADER_BYTES or not head.startswith(MAGIC):
        raise _damaged(path)
    return head[len(MAGIC) : len(MAGIC) + KEY_ID_BYTES]


def encrypted_size(plain_size: int) -> int:
    chunks = max(1, -(-plain_size // PLAIN_CHUNK))
    return HEADER_BYTES + plain_size + chunks * TAG_BYTES


def _nonce(prefix: bytes, index: int) -> bytes:
    return prefix + struct.pack(">I", index)


def _aad(header: bytes, index: int, final: bool) -> bytes:
    return header + struct.pack(">QB", index, 1 if final else 0)


def encrypt_stream(chunks: Iterable[bytes], out: BinaryIO, key: bytes) -> None:
    """Write `chunks` (any sizes) to `out` encrypted; the caller fsyncs and renames."""
    header = MAGIC + key_id(key) + secrets.token_bytes(PREFIX_BYTES)
    prefix = header[-PREFIX_BYTES:]
    aead = AESGCM(key)
    out.write(header)
    index = 0
    pending = bytearray()
    for data in chunks:
        pending += data
        # Keep at least one byte back: the last chunk must be written with the final flag.
        while len(pending) > PLAIN_CHUNK:
            block = bytes(pending[:PLAIN_CHUNK])
            del pending[:PLAIN_CHUNK]
            out.write(aead.encrypt(_nonce(prefix, index), block, _aad(header, index, False)))
            index += 1
    if index >= 2**32 - 1:
        raise ValueError("file too large for one nonce prefix")
    out.write(aead.encrypt(_nonce(prefix, index), bytes(pending), _aad(header, index, True)))


def write_encrypted(path: Path, data: bytes, key: bytes) -> None:
    """`data` to `path`, encrypted, durably and atomically (temp → fsync → rename)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with os.fdopen(open_private(tmp, os.O_WRONLY | os.O_TRUNC), "wb") as out:
            encrypt_stream([data], out, key)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


class PlainReader:
    """The plaintext of an encrypted file, read by offset or streamed chunk by chunk."""

    def __init__(self, path: Path, key_for: KeyLookup) -> None:
        self.path = path
        self._f = open(path, "rb")  # noqa: SIM115 (closed by close() / the with block)
        try:
            self._header = self._f.read(HEADER_BYTES)
            if len(self._header) < HEADER_BYTES or not self._header.startswith(MAGIC):
                raise _damaged(path)
            self._aead = AESGCM(key_for(self._header[len(MAGIC) : len(MAGIC) + KEY_ID_BYTES]))
            body = os.fstat(self._f.fileno()).st_size - HEADER_BYTES
            self._chunks = max(1, -(-body // CIPHER_CHUNK))
            self.size = body - self._chunks * TAG_BYTES
            if self.size < 0 or (body % CIPHER_CHUNK and body % CIPHER_CHUNK < TAG_BYTES):
                raise _damaged(path)
        except BaseException:
            self._f.close()
            raise
        self._pos = 0

    def close(self) -> None:
        self._f.close()

    def __enter__(self) -> PlainReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def chunk(self, index: int) -> bytes:
        self._f.seek(HEADER_BYTES + index * CIPHER_CHUNK)
        blob = self._f.read(CIPHER_CHUNK)
        final = index == self._chunks - 1
        prefix = self._header[-PREFIX_BYTES:]
        try:
            return self._aead.decrypt(_nonce(prefix, index), blob, _aad(self._header, index, final))
        except InvalidTag as exc:
            raise _damaged(self.path) from exc

    def chunks(self) -> Iterator[bytes]:
        for index in range(self._chunks):
            yield self.chunk(index)

    def read_all(self) -> bytes:
        return b"".join(self.chunks())

    # A minimal binary file interface for readers that seek (the tus client).
    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._pos, os.SEEK_END: self.size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def read(self, n: int = -1) -> bytes:
        end = self.size if n < 0 else min(self.size, self._pos + n)
        out = bytearray()
        while self._pos < end:
            index, skip = divmod(self._pos, PLAIN_CHUNK)
            piece = self.chunk(index)[skip : skip + end - self._pos]
            out += piece
            self._pos += len(piece)
        return bytes(out)


def plain_sha256(path: Path, key_for: KeyLookup) -> str:
    digest = hashlib.sha256()
    with PlainReader(path, key_for) as reader:
        for block in reader.chunks():
            digest.update(block)
    return digest.hexdigest()


def fsync_dir(directory: Path) -> None:
    if os.name == "nt":  # Windows cannot open a directory; NTFS journals the rename.
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
