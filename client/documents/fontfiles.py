"""Reading font files, plain or compressed (resources/fonts/README.md).

The bundled fonts ship compressed, which the build's size limit needs (58 → 29 MiB): the main
ones in gzip, which inflates in a tenth of a second, the 30 MB Ext-B fallback in xz, smaller
still and inflated only when a rare character needs it. reportlab takes the inflated bytes in
memory; Qt's UI font is inflated once into a temp folder, so later starts only map the file.
Windows' own fonts are read as they are.
"""

from __future__ import annotations

import gzip
import io
import lzma
import os
import struct
import tempfile
import zlib
from pathlib import Path

COMPRESSED = (".gz", ".xz")


def font_bytes(path: Path) -> bytes:
    """The font file's contents, inflated when it ends in .gz or .xz (raises OSError, or
    ValueError for a damaged file)."""
    data = path.read_bytes()
    try:
        if path.suffix == ".xz":
            return lzma.decompress(data)
        if path.suffix == ".gz":
            return gzip.decompress(data)
    except (EOFError, zlib.error, lzma.LZMAError, gzip.BadGzipFile) as exc:  # cut short, ...
        raise ValueError(f"{path.name}: {exc}") from exc
    return data


def font_source(path: Path) -> str | io.BytesIO:
    """What reportlab's TTFont takes for this file: its path, or the inflated bytes."""
    if path.suffix not in COMPRESSED:
        return str(path)
    buffer = io.BytesIO(font_bytes(path))
    buffer.name = path.name  # reportlab names the embedded font's file after this
    return buffer


def inflated_copy(path: Path) -> Path:
    """A plain copy of a compressed font in $TMPDIR/chuangkou-fonts-UID/ (made once, then reused:
    Qt maps the file instead of holding an inflated copy, and a start costs a stat, not the
    0.1 s of inflating). The path itself when it is not compressed. Raises OSError, ValueError."""
    if path.suffix not in COMPRESSED:
        return path
    stat = path.stat()
    # Per user (a shared /tmp must not let another account swap the font), per file version.
    owner = f"chuangkou-fonts-{os.getuid()}" if hasattr(os, "getuid") else "chuangkou-fonts"
    folder = Path(tempfile.gettempdir()) / owner / f"{stat.st_size}-{stat.st_mtime_ns}"
    copy = folder / path.stem  # name.ttf.gz -> name.ttf
    if not copy.is_file():
        folder.parent.mkdir(mode=0o700, exist_ok=True)
        folder.mkdir(exist_ok=True)
        part = folder / f"{path.stem}.{os.getpid()}.part"
        part.write_bytes(font_bytes(path))
        part.replace(copy)  # atomic: another start never maps half a file
    return copy


def font_prefix(path: Path, size: int) -> bytes:
    """The first `size` bytes of the font, inflating no more than that of a compressed file
    (and reading no more than that of a plain one, such as Windows' 14 MB simsunb.ttf)."""
    if path.suffix not in COMPRESSED:
        with path.open("rb") as file:
            return file.read(size)
    data = path.read_bytes()
    if path.suffix == ".xz":
        return lzma.LZMADecompressor().decompress(data, max_length=size)
    return zlib.decompressobj(wbits=31).decompress(data, size)  # .gz


def file_cmap_ranges(path: Path) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """`cmap_ranges` of a font file. The cmap table sits near the start of the bundled fonts,
    so only their first MiB is inflated (the Ext-B font's 30 MB would take a second or two)."""
    prefix = font_prefix(path, 1 << 20)
    ranges = cmap_ranges(prefix)
    if not ranges[0] and len(prefix) == 1 << 20:
        ranges = cmap_ranges(font_bytes(path))
    return ranges


def cmap_ranges(data: bytes) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The (start, end) code point ranges of a TrueType font's format-12 Unicode cmap.
    Empty when the data has no such table."""
    try:
        tables = struct.unpack_from(">H", data, 4)[0]
        offset = next(
            struct.unpack_from(">I", data, 12 + 16 * i + 8)[0]
            for i in range(tables)
            if data[12 + 16 * i : 12 + 16 * i + 4] == b"cmap"
        )
        subtables = struct.unpack_from(">H", data, offset + 2)[0]
        for index in range(subtables):
            platform, encoding, at = struct.unpack_from(">HHI", data, offset + 4 + 8 * index)
            if (platform, encoding) not in ((3, 10), (0, 4), (0, 6)):
                continue
            form, _reserved, _length, _language, groups = struct.unpack_from(
                ">HHIII", data, offset + at
            )
            if form != 12 or groups > 1_000_000:
                continue
            start = offset + at + 16
            triples = sorted(
                struct.unpack_from(">III", data, start + 12 * g) for g in range(groups)
            )
            return tuple(t[0] for t in triples), tuple(t[1] for t in triples)
    except (struct.error, StopIteration):
        pass
    return (), ()
