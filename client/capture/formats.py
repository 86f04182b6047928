"""File types by content, and the byte-level structure checks behind the polyglot rule.

A file's type is decided by the signature at offset 0 only, never by its name. The structure
walkers find where an image really ends (JPEG EOI, PNG IEND) so that anything appended after
it can be judged, and they look inside metadata segments for another format's signature.

The polyglot rule (one file that is also a valid file of another format) is:
1. the type comes from the signature at offset 0 (a PDF must start with ``%PDF-`` at offset 0,
   although readers accept it anywhere in the first 1024 bytes: that allowance is what
   image/PDF polyglots use, and scanners and office programs always write it at 0);
2. no PDF header, ZIP header or HTML/script/PHP/SVG tag in an image's first 1024 bytes (where
   browsers and PDF readers sniff) nor in its metadata segments (JPEG APPn/COM, PNG ancillary
   chunks) — JPEG bytes go into the material PDF unchanged, so their metadata must be clean;
3. after an image's end marker only padding (NUL, 0xFF, whitespace; at most 4 KiB) or a
   recognised camera trailer (a second JPEG: MPF/Ultra HDR gain map; Samsung's SEFT block) may
   follow, and it is cut off on import; anything else is refused;
4. after a PDF's last ``%%EOF`` only whitespace may follow;
5. no ZIP end-of-central-directory record in the last 64 KiB + 22 bytes of any file (where ZIP
   readers look for it).
"""

from __future__ import annotations

import mmap
import re
import struct
import zlib
from dataclasses import dataclass
from enum import StrEnum


class FileType(StrEnum):
    JPEG = "image/jpeg"
    PNG = "image/png"
    TIFF = "image/tiff"
    PDF = "application/pdf"


SUFFIX = {FileType.JPEG: ".jpg", FileType.PNG: ".png", FileType.TIFF: ".tif", FileType.PDF: ".pdf"}

HEAD_BYTES = 1024  # PDF readers look for the header here; browsers sniff the first 512
PADDING_TOLERANCE = 4096
ZIP_EOCD_WINDOW = 65536 + 22

_SIGNATURES: tuple[tuple[bytes, FileType], ...] = (
    (b"\xff\xd8\xff", FileType.JPEG),
    (b"\x89PNG\r\n\x1a\n", FileType.PNG),
    (b"II*\x00", FileType.TIFF),
    (b"MM\x00*", FileType.TIFF),
    (b"%PDF-", FileType.PDF),
)

# What a refused file really is, for a helpful message (label shown to the clerk).
_KNOWN_OTHERS: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "ZIP 压缩包或 Office 文档"),
    (b"PK\x05\x06", "ZIP 压缩包"),
    (b"Rar!", "RAR 压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包"),
    (b"\x1f\x8b", "gzip 压缩包"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "旧版 Office 文档（doc/xls）"),
    (b"MZ", "Windows 可执行程序"),
    (b"\x7fELF", "可执行程序"),
    (b"#!", "脚本"),
    (b"GIF87a", "GIF 图像"),
    (b"GIF89a", "GIF 图像"),
    (b"BM", "BMP 图像"),
    (b"II+\x00", "BigTIFF 图像"),
    (b"MM\x00+", "BigTIFF 图像"),
    (b"{\\rtf", "RTF 文档"),
    (b"\x00\x00\x00\x0cjP  ", "JPEG 2000 图像"),
)

# Signatures of another format that must not hide in an image's head or metadata.
_FOREIGN = re.compile(
    rb"%PDF-|PK\x03\x04|<script|<html|<!doctype|<\?php|<svg|<iframe|<object|<embed",
    re.IGNORECASE,
)
_TEXT_LIKE = re.compile(rb"\s*(<\?xml|<svg|<!doctype|<html|<head|<body|<script)", re.IGNORECASE)
_PADDING = re.compile(rb"[\x00\xff\s]*")


def sniff(head: bytes) -> FileType | None:
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    return None


def describe_other(head: bytes) -> str:
    """What an unsupported file looks like ("" when unknown), e.g. "Windows 可执行程序"."""
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftyphevc"):
        return "HEIC 照片"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "WebP 图像"
    for signature, label in _KNOWN_OTHERS:
        if head.startswith(signature):
            return label
    if _TEXT_LIKE.match(head):
        return "SVG 或网页文件" if b"<svg" in head[:HEAD_BYTES].lower() else "网页文件"
    return ""


def pdf_header_after_other_data(head: bytes) -> bool:
    """A PDF header somewhere after offset 0 (readers accept it; rule 1 does not)."""
    return b"%PDF-" in head[1:HEAD_BYTES]


def foreign_signature(data: bytes) -> bool:
    """True when `data` holds another format's header or an HTML/script tag."""
    return _FOREIGN.search(data) is not None


def zip_directory_in_tail(buf: mmap.mmap | bytes) -> bool:
    start = max(0, len(buf) - ZIP_EOCD_WINDOW)
    return buf.find(b"PK\x05\x06", start) >= 0


def is_padding(data: bytes) -> bool:
    return len(data) <= PADDING_TOLERANCE and _PADDING.fullmatch(data) is not None


class StructureError(Exception):
    """The bytes do not form a complete file of the type their signature claims."""


@dataclass(frozen=True)
class ImageLayout:
    end: int  # offset just past the end marker (EOI / IEND chunk)
    foreign_metadata: bool  # a metadata segment carries another format's signature
    adobe_cmyk: bool = False  # JPEG with an Adobe APP14 segment (inverted CMYK in PDF)


_STANDALONE = {0x01, *range(0xD0, 0xD8)}  # TEM and RST0-7 have no length
# The first marker after entropy-coded data: FF then anything but 00 (stuffing), D0-D7 (restart
# markers, part of the data) or FF (fill bytes; the match starts at the last FF of a run).
_SCAN_END = re.compile(rb"\xff[\x01-\xcf\xd8-\xfe]")


def jpeg_layout(buf: mmap.mmap | bytes) -> ImageLayout:
    """Walk a JPEG's markers to its EOI, looking into APPn and COM segments on the way."""
    size = len(buf)
    pos = 2  # after SOI
    foreign = False
    adobe = False
    while True:
        if pos + 2 > size or buf[pos] != 0xFF:
            raise StructureError("no marker where one must be")
        while pos + 1 < size and buf[pos + 1] == 0xFF:  # fill bytes
            pos += 1
        if pos + 2 > size:
            raise StructureError("truncated before a marker")
        marker = buf[pos + 1]
        if marker == 0xD9:
            return ImageLayout(pos + 2, foreign, adobe)
        if marker in _STANDALONE:
            pos += 2
            continue
        if pos + 4 > size:
            raise StructureError("truncated segment header")
        (length,) = struct.unpack(">H", buf[pos + 2 : pos + 4])
        end = pos + 2 + length
        if length < 2 or end > size:
            raise StructureError("segment runs past the end")
        if 0xE0 <= marker <= 0xEF or marker == 0xFE:
            segment = bytes(buf[pos + 4 : end])
            foreign = foreign or foreign_signature(segment)
            adobe = adobe or (marker == 0xEE and segment.startswith(b"Adobe"))
        if marker != 0xDA:
            pos = end
            continue
        # Entropy-coded data runs until a marker other than FF00 stuffing or RSTn.
        found = _SCAN_END.search(buf, end)
        if found is None:
            raise StructureError("image data ends without an end marker")
        pos = found.start()


def png_layout(buf: mmap.mmap | bytes) -> ImageLayout:
    """Walk a PNG's chunks to IEND, checking each CRC and looking into ancillary chunks."""
    size = len(buf)
    pos = 8
    foreign = False
    while True:
        if pos + 12 > size:
            raise StructureError("truncated chunk")
        length, kind = struct.unpack(">I4s", buf[pos : pos + 8])
        end = pos + 12 + length
        if end > size:
            raise StructureError("chunk runs past the end")
        (crc,) = struct.unpack(">I", buf[end - 4 : end])
        if zlib.crc32(buf[pos + 4 : end - 4]) != crc:
            raise StructureError("chunk checksum mismatch")
        if kind == b"IEND":
            return ImageLayout(end, foreign)
        if kind[0:1].islower():  # ancillary chunk: tEXt, zTXt, iTXt, private ones…
            data = bytes(buf[pos + 8 : end - 4])
            if kind == b"zTXt" and b"\x00" in data[:80]:
                keyword_end = data.index(b"\x00")
                data = _inflate_prefix(data[keyword_end + 2 :])
            foreign = foreign or foreign_signature(data)
        pos = end


def _inflate_prefix(data: bytes, limit: int = 65536) -> bytes:
    """At most `limit` bytes of a zlib stream (a text chunk is never allowed to balloon)."""
    try:
        return zlib.decompressobj().decompress(data, limit)
    except zlib.error:
        return b""


def benign_trailer(trailer: bytes) -> bool:
    """Padding, a second JPEG (MPF / Ultra HDR gain map) or Samsung's SEFT trailer."""
    return (
        is_padding(trailer)
        or trailer.startswith(b"\xff\xd8\xff")
        or trailer.rstrip(b"\x00").endswith(b"SEFT")
    )


def pdf_tail_ok(buf: mmap.mmap | bytes) -> bool:
    """The file ends with %%EOF followed only by whitespace (an incremental update's padding
    and a final newline are fine)."""
    start = max(0, len(buf) - HEAD_BYTES)
    eof = buf.rfind(b"%%EOF", start)
    if eof < 0:
        return False
    rest = bytes(buf[eof + 5 :])
    return re.fullmatch(rb"[\s\x00]*", rest) is not None
