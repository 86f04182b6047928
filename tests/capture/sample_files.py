"""File contents made for the tests: ordinary images and PDFs (JPEG, PNG, TIFF, a PDF of large
digits), broken and hostile ones (bombs, polyglots, PDFs with actions, attachments or a
hand-written structure), and `write` to put them in a directory."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pikepdf
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas


def jpeg_bytes(
    size: tuple[int, int] = (240, 320), mode: str = "L", fill: int | tuple[int, ...] = 200
) -> bytes:
    image = Image.new(mode, size, fill)
    ImageDraw.Draw(image).rectangle((10, 10, 60, 60), fill=0 if mode == "L" else (0,) * len(mode))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, dpi=(200, 200))
    return out.getvalue()


def png_bytes(size: tuple[int, int] = (240, 320), mode: str = "L", fill: object = 200) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, fill).save(out, "PNG")  # type: ignore[arg-type]
    return out.getvalue()


def tiff_bytes(frames: int, size: tuple[int, int] = (200, 260)) -> bytes:
    images = [Image.new("L", size, 40 + 60 * (i % 4)) for i in range(frames)]
    out = io.BytesIO()
    images[0].save(out, "TIFF", save_all=True, append_images=images[1:], compression="tiff_lzw")
    return out.getvalue()


def digits_pdf(digits: str, page_size: tuple[float, float] = A4) -> bytes:
    """One page per character, each showing it very large (pdftotext reads it back)."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=page_size)
    for digit in digits:
        canvas.setFont("Helvetica-Bold", 200)
        canvas.drawCentredString(page_size[0] / 2, page_size[1] / 2, digit)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def pikepdf_bytes(build: Callable[[pikepdf.Pdf], None], **save: object) -> bytes:
    pdf = pikepdf.Pdf.open(io.BytesIO(digits_pdf("12")))
    build(pdf)
    out = io.BytesIO()
    pdf.save(out, **save)  # type: ignore[arg-type]
    return out.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width: int, height: int) -> bytes:
    """A valid PNG structure of a few dozen bytes claiming a huge 1-bit image."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _png_chunk(b"IEND", b"")
    )


def png_with_text(text: bytes) -> bytes:
    data = png_bytes()
    iend = data.rindex(b"IEND") - 4
    return data[:iend] + _png_chunk(b"tEXt", b"Comment\x00" + text) + data[iend:]


def jpeg_bomb() -> bytes:
    data = bytearray(jpeg_bytes())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", 65000, 65000)
    return bytes(data)


def jpeg_with_comment(comment: bytes) -> bytes:
    data = jpeg_bytes()
    segment = b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment
    return data[:2] + segment + data[2:]


def flip_middle_byte(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]


def zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("payload.html", "<html><script>alert(1)</script></html>")
    return out.getvalue()


def with_open_action(action: pikepdf.Dictionary) -> Callable[[pikepdf.Pdf], None]:
    def build(pdf: pikepdf.Pdf) -> None:
        pdf.Root.OpenAction = pdf.make_indirect(action)

    return build


def with_link(action: pikepdf.Dictionary) -> Callable[[pikepdf.Pdf], None]:
    def build(pdf: pikepdf.Pdf) -> None:
        link = pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Link,
            Rect=[0, 0, 100, 100],
            A=action,
        )
        pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(link)]))

    return build


def with_attachment(pdf: pikepdf.Pdf) -> None:
    pdf.attachments["readme.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ\x90\x00payload")


def with_page_js_in_object_stream(pdf: pikepdf.Pdf) -> None:
    pdf.pages[0].obj.AA = pikepdf.Dictionary(
        O=pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    )


def many_pages_pdf(count: int) -> bytes:
    pdf = pikepdf.new()
    for _ in range(count):
        pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def encrypted_pdf(user: str) -> bytes:
    return pikepdf_bytes(lambda _pdf: None, encryption=pikepdf.Encryption(user=user, owner="o"))


def raw_pdf(objects: list[bytes], root: bytes = b"1 0 R") -> bytes:
    """A PDF written by hand (objects 1…n, a classic xref): for structures pikepdf would not
    write itself, such as a catalog placed directly in the trailer."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<</Size %d /Root %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        xref,
    )
    return bytes(out)


RAW_PAGE = b"<</Type /Page /Parent 1 0 R /MediaBox [0 0 595 842] /Resources <<>> >>"
DIRECT_CATALOG_JS = raw_pdf(
    [b"<</Type /Pages /Kids [2 0 R] /Count 1>>", RAW_PAGE],
    root=b"<</Type /Catalog /Pages 1 0 R /OpenAction <</S /JavaScript /JS (app.alert(1))>> >>",
)
ASSOCIATED_FILE = raw_pdf(
    [
        b"<</Type /Pages /Kids [2 0 R] /Count 1>>",
        RAW_PAGE,
        b"<</Type /Catalog /Pages 1 0 R /AF [5 0 R]>>",
        b"<</Type /EmbeddedFile /Length 5>>stream\nMZxxx\nendstream",
        b"<</Type /Filespec2 /F (a.exe) /EF <</F 4 0 R>> /AFRelationship /Data>>",
    ],
    root=b"3 0 R",
)


def write(directory: Path, name: str, data: bytes) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
