"""One PDF per material, built from its pages in order with each page's rotation applied.

- JPEG pages (greyscale, colour, CMYK) are embedded byte for byte (DCTDecode), never
  re-encoded; the rotation goes into the page's /Rotate.
- Other images (PNG, TIFF frames, black-and-white scans) are decoded and stored losslessly
  (FlateDecode; 1-bit stays 1-bit).
- Pages of imported PDFs are copied with their content streams untouched and /Rotate adjusted
  (see `client.capture.pdfwriter.ForeignPages`).

The file is written front to back (memory does not grow with the page count), to a temporary
file beside `out_path` that is fsynced and renamed into place, so `out_path` is either the whole
PDF or absent. `cancelled` is polled between pages; a cancelled build raises Cancelled and
leaves nothing behind.
"""

from __future__ import annotations

import os
import secrets
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from client.capture.imaging import JPEG_FORMATS, to_grey
from client.capture.pages import Page, PageKind
from client.capture.pdfwriter import ForeignPages, PdfStreamWriter, pdf_number
from client.errors import Cancelled

A4_LONG_SIDE_INCHES = 297 / 25.4
_CHUNK = 1 << 20
_JPEG_MODES = {"L": b"/DeviceGray", "RGB": b"/DeviceRGB", "CMYK": b"/DeviceCMYK"}


@dataclass(frozen=True)
class MaterialPdf:
    path: Path
    size: int
    page_count: int
    sha256: str


def build_material_pdf(
    pages: Sequence[Page],
    out_path: Path,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> MaterialPdf:
    """Write `pages` as one PDF at `out_path` (atomically) and describe the result."""
    if not pages:
        raise ValueError("a material PDF needs at least one page")
    temp = out_path.with_name(f".{out_path.name}.{secrets.token_hex(6)}.part")
    try:
        with open(temp, "xb") as out:
            writer = PdfStreamWriter(out)
            _write_pages(writer, pages, progress, cancelled)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, out_path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_directory(out_path.parent)
    return MaterialPdf(out_path, writer.size, len(pages), writer.sha256)


def _write_pages(
    writer: PdfStreamWriter,
    pages: Sequence[Page],
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
) -> None:
    catalog, tree = writer.reserve(), writer.reserve()
    foreign = ForeignPages(writer)
    kids: list[int] = []
    try:
        for done, page in enumerate(pages):
            if cancelled is not None and cancelled():
                raise Cancelled
            if page.kind is PageKind.PDF:
                kids.append(foreign.copy_page(page.source, page.index, tree, page.rotation))
            else:
                kids.append(_image_page(writer, page, tree))
            if progress is not None:
                progress(done + 1, len(pages))
    finally:
        foreign.close()
    refs = b" ".join(b"%d 0 R" % kid for kid in kids)
    writer.write_object(tree, b"<</Type /Pages /Kids [%s] /Count %d>>" % (refs, len(kids)))
    writer.write_object(catalog, b"<</Type /Catalog /Pages %d 0 R>>" % tree)
    writer.finish(catalog)


def _fsync_directory(directory: Path) -> None:
    if os.name != "posix":
        return  # Windows has no directory handles to flush; the rename is journalled
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _page_dpi(page: Page, width: int, height: int, stated: float) -> float:
    """The resolution that gives the page its physical size; a photo without a plausible one
    is fitted to A4."""
    dpi = page.dpi or stated
    if 50 <= dpi <= 2400:
        return dpi
    return max(width, height) / A4_LONG_SIDE_INCHES


def _image_page(writer: PdfStreamWriter, page: Page, parent: int) -> int:
    with Image.open(page.source) as image:
        if page.index:
            image.seek(page.index)
        width, height = image.size
        stated = image.info.get("dpi", (0, 0))[0] if isinstance(image.info.get("dpi"), tuple) else 0
        icc = image.info.get("icc_profile")
        xobject = writer.reserve()
        if image.format in JPEG_FORMATS and image.mode in _JPEG_MODES:
            _jpeg_xobject(writer, xobject, page.source, image, icc)
        else:
            _pixel_xobject(writer, xobject, image, icc)
    dpi = _page_dpi(page, width, height, float(stated or 0))
    w_pt, h_pt = pdf_number(width * 72 / dpi), pdf_number(height * 72 / dpi)
    content = writer.reserve()
    drawing = b"q %s 0 0 %s 0 0 cm /Im0 Do Q" % (w_pt, h_pt)
    writer.write_stream(content, b"", len(drawing), (drawing,))
    number = writer.reserve()
    writer.write_object(
        number,
        b"<</Type /Page /Parent %d 0 R /MediaBox [0 0 %s %s] /Rotate %d"
        b" /Resources <</XObject <</Im0 %d 0 R>> >> /Contents %d 0 R>>"
        % (parent, w_pt, h_pt, page.rotation % 360, xobject, content),
    )
    return number


def _colour_space(writer: PdfStreamWriter, mode_space: bytes, channels: int, icc: object) -> bytes:
    if not isinstance(icc, bytes) or not icc:
        return mode_space
    number = writer.reserve()
    packed = zlib.compress(icc)
    entries = b"/N %d /Alternate %s /Filter /FlateDecode" % (channels, mode_space)
    writer.write_stream(number, entries, len(packed), (packed,))
    return b"[/ICCBased %d 0 R]" % number


def _jpeg_xobject(
    writer: PdfStreamWriter, number: int, path: Path, image: Image.Image, icc: object
) -> None:
    space = _colour_space(writer, _JPEG_MODES[image.mode], len(image.mode), icc)
    decode = (
        b" /Decode [1 0 1 0 1 0 1 0]" if image.mode == "CMYK" and "adobe" in image.info else b""
    )
    entries = b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s" % (
        image.width,
        image.height,
        space,
    )
    entries += b" /BitsPerComponent 8 /Filter /DCTDecode" + decode
    writer.write_stream(number, entries, path.stat().st_size, _file_chunks(path))


def _file_chunks(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            yield chunk


def _pixel_xobject(writer: PdfStreamWriter, number: int, image: Image.Image, icc: object) -> None:
    pixels = _pdf_ready(image)
    if pixels.mode == "1":
        space, bits, icc = b"/DeviceGray", 1, None
    else:
        space, bits = _JPEG_MODES[pixels.mode], 8
        if image.mode != pixels.mode:
            icc = None  # the profile described the original colour model
    colour = _colour_space(writer, space, len(pixels.mode), icc)
    packed = zlib.compress(pixels.tobytes(), 6)
    entries = b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s" % (
        pixels.width,
        pixels.height,
        colour,
    )
    entries += b" /BitsPerComponent %d /Filter /FlateDecode" % bits
    writer.write_stream(number, entries, len(packed), (packed,))


def _pdf_ready(image: Image.Image) -> Image.Image:
    """The image in a mode PDF draws directly: 1, L, RGB or CMYK (transparency on white)."""
    if image.mode in ("1", "L", "RGB", "CMYK"):
        return image
    if image.mode.startswith("I;16") or image.mode in ("I", "F"):
        return to_grey(image)
    if image.mode in ("LA", "La", "PA", "RGBA", "RGBa") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        white.alpha_composite(rgba)
        return white.convert("L" if image.mode in ("LA", "La") else "RGB")
    return image.convert("RGB")
