"""A PDF written front to back: each object goes to the file as soon as it is complete.

Memory therefore does not grow with the page count: an image is streamed from its file, a
page of an imported PDF is copied object by object (its streams byte for byte, never decoded).
img2pdf and qpdf both keep every page's data in memory until they write the file; for a
100-page A4 scan that is the whole scan.

`ForeignPages` copies pages of source PDFs with pikepdf: annotations that have an appearance are
flattened into the page first (what a printout shows stays), then no annotation, page action,
structure or article reference is copied; a reference to any other page becomes null, so one
page never drags its whole document along. Objects shared by pages of the same source (fonts,
images) are written once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

import pikepdf

from client.capture.pdf_checks import inherited, page_rotation

HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
_DROPPED_PAGE_KEYS = {
    "/Parent",
    "/Annots",
    "/AA",
    "/B",
    "/StructParents",
    "/Tabs",
    "/Thumb",
    "/PieceInfo",
}
_INHERITED_KEYS = ("/Resources", "/MediaBox", "/CropBox")
_DROPPED_STREAM_KEYS = {"/Length", "/F", "/FFilter", "/FDecodeParms", "/DL"}
MAX_OPEN_SOURCES = 8


class PdfStreamWriter:
    """Objects written in any order; the cross-reference table and trailer at `finish`."""

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self._position = 0
        self._offsets: dict[int, int] = {}
        self._next_number = 1
        self._sha256 = hashlib.sha256()
        self._write(HEADER)

    @property
    def sha256(self) -> str:
        return self._sha256.hexdigest()

    @property
    def size(self) -> int:
        return self._position

    def _write(self, data: bytes) -> None:
        self._out.write(data)
        self._sha256.update(data)
        self._position += len(data)

    def reserve(self) -> int:
        number = self._next_number
        self._next_number += 1
        return number

    def write_object(self, number: int, body: bytes) -> None:
        if number in self._offsets:
            raise ValueError(f"object {number} written twice")
        self._offsets[number] = self._position
        self._write(b"%d 0 obj\n" % number + body + b"\nendobj\n")

    def write_stream(
        self, number: int, entries: bytes, length: int, chunks: Iterable[bytes]
    ) -> None:
        """A stream object: `entries` is the dictionary's content without << >> or /Length."""
        if number in self._offsets:
            raise ValueError(f"object {number} written twice")
        self._offsets[number] = self._position
        self._write(b"%d 0 obj\n<<%s /Length %d>>\nstream\n" % (number, entries, length))
        written = 0
        for chunk in chunks:
            written += len(chunk)
            self._write(chunk)
        if written != length:
            raise ValueError(f"stream {number}: {written} bytes written, {length} announced")
        self._write(b"\nendstream\nendobj\n")

    def finish(self, root: int) -> None:
        missing = [n for n in range(1, self._next_number) if n not in self._offsets]
        if missing:
            raise ValueError(f"objects reserved but never written: {missing[:5]}")
        xref = self._position
        lines = [b"xref\n0 %d\n" % self._next_number, b"0000000000 65535 f \n"]
        lines += [b"%010d 00000 n \n" % self._offsets[n] for n in range(1, self._next_number)]
        self._write(b"".join(lines))
        self._write(
            b"trailer\n<</Size %d /Root %d 0 R>>\nstartxref\n%d\n%%%%EOF\n"
            % (self._next_number, root, xref)
        )


def pdf_number(value: float) -> bytes:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return (text if text not in ("", "-0") else "0").encode()


class ForeignPages:
    """Copies pages of source PDFs into a PdfStreamWriter."""

    def __init__(self, writer: PdfStreamWriter) -> None:
        self._writer = writer
        self._sources: dict[Path, tuple[int, pikepdf.Pdf]] = {}  # open, oldest first
        self._sessions = 0
        self._numbers: dict[tuple[int, int, int], int] = {}  # (session, num, gen) → ours
        self._pending: list[tuple[int, Any]] = []

    def close(self) -> None:
        for _, pdf in self._sources.values():
            pdf.close()
        self._sources.clear()

    def _source(self, path: Path) -> tuple[int, pikepdf.Pdf]:
        if path in self._sources:
            return self._sources[path]
        if len(self._sources) >= MAX_OPEN_SOURCES:
            oldest = next(iter(self._sources))
            self._sources.pop(oldest)[1].close()
        pdf = pikepdf.open(path)
        pdf.flatten_annotations(mode="print")
        self._sessions += 1  # objects are shared within one opening of a file only
        self._sources[path] = (self._sessions, pdf)
        return self._sources[path]

    def copy_page(self, path: Path, index: int, parent: int, extra_rotation: int) -> int:
        """Write page `index` of the PDF at `path` under `parent`; its object number."""
        session, pdf = self._source(path)
        page = pdf.pages[index].obj
        number = self._writer.reserve()
        self._numbers[(session, *page.objgen)] = number  # references to itself land here
        entries = [b"/Type /Page /Parent %d 0 R" % parent]
        for key in _INHERITED_KEYS:
            value = inherited(page, key)
            if value is not None:
                entries.append(key.encode() + b" " + self._value(value, session, page))
        rotation = (page_rotation(page) + extra_rotation) % 360
        entries.append(b"/Rotate %d" % rotation)
        skip = _DROPPED_PAGE_KEYS | set(_INHERITED_KEYS) | {"/Type", "/Rotate"}
        for key, value in page.items():
            if key not in skip:
                entries.append(_name(key) + b" " + self._value(value, session, page))
        self._writer.write_object(number, b"<<" + b" ".join(entries) + b">>")
        self._flush(session, page)
        return number

    def _flush(self, session: int, page: Any) -> None:
        while self._pending:
            number, obj = self._pending.pop()
            if isinstance(obj, pikepdf.Stream):
                entries = b" ".join(
                    _name(k) + b" " + self._value(v, session, page)
                    for k, v in obj.stream_dict.items()
                    if k not in _DROPPED_STREAM_KEYS
                )
                data = obj.read_raw_bytes()
                self._writer.write_stream(number, entries, len(data), (data,))
            else:
                self._writer.write_object(number, self._value(obj, session, page, top=True))

    def _value(self, value: Any, session: int, page: Any, top: bool = False) -> bytes:
        if isinstance(value, pikepdf.Object) and value.is_indirect and not top:
            return self._reference(value, session, page)
        if isinstance(value, bool):
            return b"true" if value else b"false"
        if isinstance(value, int):
            return b"%d" % value
        if isinstance(value, Decimal | float):
            return pdf_number(float(value))
        if value is None:
            return b"null"
        if isinstance(value, pikepdf.Dictionary):
            return (
                b"<<"
                + b" ".join(
                    _name(k) + b" " + self._value(v, session, page) for k, v in value.items()
                )
                + b">>"
            )
        if isinstance(value, pikepdf.Array):
            return b"[" + b" ".join(self._value(v, session, page) for v in value) + b"]"
        if isinstance(value, pikepdf.Object):  # names, strings, indirect scalars
            return bytes(value.unparse(resolved=True))
        raise ValueError(f"cannot copy PDF object of type {type(value).__name__}")

    def _reference(self, obj: Any, session: int, page: Any) -> bytes:
        key = (session, *obj.objgen)
        if key in self._numbers:
            return b"%d 0 R" % self._numbers[key]
        other_page = obj.objgen != page.objgen and isinstance(obj, pikepdf.Dictionary)
        if other_page and obj.get("/Type") in (pikepdf.Name.Page, pikepdf.Name.Pages):
            return b"null"  # another page: never drag the rest of the document along
        number = self._writer.reserve()
        self._numbers[key] = number
        self._pending.append((number, obj))
        return b"%d 0 R" % number


def _name(key: str) -> bytes:
    return bytes(pikepdf.Name(key).unparse())
