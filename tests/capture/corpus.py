"""Files good and bad for the capture safety tests, generated into a test's tmp_path.

Every bad file comes with the words its refusal must contain, so a test proves the clerk is
told what is wrong, not merely that something is.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

from client.capture.safety import Limits
from tests.capture.sample_files import (
    ASSOCIATED_FILE,
    DIRECT_CATALOG_JS,
    digits_pdf,
    encrypted_pdf,
    flip_middle_byte,
    jpeg_bomb,
    jpeg_bytes,
    jpeg_with_comment,
    many_pages_pdf,
    pikepdf_bytes,
    png_bomb,
    png_bytes,
    png_with_text,
    tiff_bytes,
    with_attachment,
    with_link,
    with_open_action,
    with_page_js_in_object_stream,
    write,
    zip_bytes,
)


def _file(name: str, data: Callable[[], bytes]) -> Callable[[Path], Path]:
    return lambda directory: write(directory, name, data())


def _fifo(directory: Path) -> Path:
    path = directory / "scan.pdf"
    os.mkfifo(path)
    return path


def _symlink(target: str, name: str) -> Callable[[Path], Path]:
    def build(directory: Path) -> Path:
        path = directory / name
        path.symlink_to(target)
        return path

    return build


def _dotdot(directory: Path) -> Path:
    write(directory, "evil.jpg", b"not an image at all\n" * 20)
    (directory / "sub").mkdir()
    return directory / "sub" / ".." / "evil.jpg"


@dataclass(frozen=True)
class Bad:
    id: str
    build: Callable[[Path], Path]
    reason: str  # words the Chinese message must contain
    shown: str = ""  # the display name the message must contain ("" = the file's name)
    limits: Limits = field(default_factory=Limits)


TEXT = b"This is a letter, not a scan.\n" * 40
HTML = b"<!DOCTYPE html><html><script>x()</script>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>'
GARBAGE_PDF = b"%PDF-1.4\n" + b"\x8f garbage ( \n" * 50 + b"%%EOF\n"
EXE = b"MZ\x90\x00" + b"\x00" * 200
PDF12 = digits_pdf("12")
JAVASCRIPT = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
LAUNCH = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("calc.exe"))
GOTOR = pikepdf.Dictionary(S=pikepdf.Name.GoToR, F=pikepdf.String("x.pdf"), D=[0, pikepdf.Name.Fit])
SUBMIT = pikepdf.Dictionary(S=pikepdf.Name.SubmitForm, F=pikepdf.String("http://x.example/"))
URI = pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://example.org/"))
IN_OBJECT_STREAMS = {"object_stream_mode": pikepdf.ObjectStreamMode.generate}

BAD: tuple[Bad, ...] = (
    Bad("zero bytes", _file("empty.jpg", lambda: b""), "文件为空"),
    Bad("missing", lambda d: d / "gone.pdf", "文件不存在"),
    Bad("directory", lambda d: d, "不是普通文件"),
    Bad("fifo", _fifo, "不是普通文件"),
    Bad("symlink to a device", _symlink("/dev/zero", "scan.jpg"), "不是普通文件"),
    Bad("symlink to /etc/passwd", _symlink("/etc/passwd", "scan.pdf"), "内容不是图像或 PDF"),
    Bad("too big", _file("big.png", lambda: png_bytes((900, 900))), "文件过大", limits=Limits(300)),
    Bad("truncated JPEG", _file("t.jpg", lambda: jpeg_bytes()[:-400]), "不完整"),
    Bad("JPEG without its end marker", _file("t2.jpg", lambda: jpeg_bytes()[:-2]), "不完整"),
    Bad("truncated PNG", _file("t.png", lambda: png_bytes()[:-30]), "不完整"),
    Bad("PNG with a bad checksum", _file("crc.png", lambda: flip_middle_byte(png_bytes())), "损坏"),
    Bad("truncated TIFF", _file("t.tif", lambda: tiff_bytes(2)[:600]), "不完整"),
    Bad("PNG bomb 400 Mpx", _file("bomb.png", lambda: png_bomb(20000, 20000)), "尺寸过大"),
    Bad("PNG bomb 90 Mpx", _file("bomb90.png", lambda: png_bomb(10000, 9000)), "尺寸过大"),
    Bad("PNG bomb 81 Mpx", _file("bomb81.png", lambda: png_bomb(9000, 9000)), "尺寸过大"),
    Bad("JPEG bomb", _file("bomb.jpg", jpeg_bomb), "尺寸过大"),
    Bad(
        "TIFF over the page limit",
        _file("f.tif", lambda: tiff_bytes(5)),
        "帧",
        limits=Limits(max_pages=3),
    ),
    Bad("text named .jpg", _file("photo.jpg", lambda: TEXT), "扩展名是 .jpg"),
    Bad("text named .txt", _file("notes.txt", lambda: TEXT), "无法识别"),
    Bad("HTML named .pdf", _file("doc.pdf", lambda: HTML), "网页"),
    Bad("SVG with a script", _file("logo.svg", lambda: SVG), "SVG"),
    Bad("ZIP", _file("files.zip", zip_bytes), "ZIP"),
    Bad("EXE named .jpg", _file("scan.jpg", lambda: EXE), "可执行程序"),
    Bad("ELF", _file("scan.bin", lambda: b"\x7fELF" + b"\x00" * 200), "可执行程序"),
    Bad("GIF", _file("anim.gif", lambda: b"GIF89a" + b"\x00" * 100), "GIF"),
    Bad("BMP", _file("pic.bmp", lambda: b"BM" + b"\x00" * 100), "BMP"),
    Bad("WebP", _file("pic.webp", lambda: b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\0" * 50), "WebP"),
    Bad("HEIC", _file("IMG_0001.HEIC", lambda: b"\x00\x00\x00\x18ftypheic" + b"\0" * 50), "HEIC"),
    Bad(
        "JPEG with a ZIP appended", _file("poly.jpg", lambda: jpeg_bytes() + zip_bytes()), "压缩包"
    ),
    Bad("JPEG with a PDF appended", _file("poly2.jpg", lambda: jpeg_bytes() + PDF12), "复合文件"),
    Bad(
        "JPEG with HTML in a comment",
        _file("poly3.jpg", lambda: jpeg_with_comment(b"<html><script>x()</script>")),
        "复合文件",
    ),
    Bad(
        "JPEG with a PDF header in a comment",
        _file("poly4.jpg", lambda: jpeg_with_comment(b"%PDF-1.4 1 0 obj")),
        "复合文件",
    ),
    Bad(
        "PNG with a script in a text chunk",
        _file("poly.png", lambda: png_with_text(b"<script>x()</script>")),
        "复合文件",
    ),
    Bad(
        "PNG with HTML after IEND",
        _file("poly2.png", lambda: png_bytes() + b"<html>" * 20),
        "复合文件",
    ),
    Bad("PDF with a ZIP appended", _file("poly.pdf", lambda: PDF12 + zip_bytes()), "压缩包"),
    Bad(
        "PDF with HTML after %%EOF", _file("poly2.pdf", lambda: PDF12 + b"<html>hi</html>"), "结尾"
    ),
    Bad("data before %PDF", _file("poly3.pdf", lambda: b"\x01\x02junk" * 10 + PDF12), "多余数据"),
    Bad("encrypted PDF", _file("secret.pdf", lambda: encrypted_pdf("u")), "未加密"),
    Bad("owner-password PDF", _file("owner.pdf", lambda: encrypted_pdf("")), "未加密"),
    Bad(
        "PDF OpenAction JavaScript",
        _file("js.pdf", lambda: pikepdf_bytes(with_open_action(JAVASCRIPT))),
        "JavaScript",
    ),
    Bad(
        "PDF page action JavaScript in an object stream",
        _file("js2.pdf", lambda: pikepdf_bytes(with_page_js_in_object_stream, **IN_OBJECT_STREAMS)),
        "JavaScript",
    ),
    Bad("PDF Launch", _file("launch.pdf", lambda: pikepdf_bytes(with_link(LAUNCH))), "外部程序"),
    Bad("PDF embedded file", _file("attach.pdf", lambda: pikepdf_bytes(with_attachment)), "附件"),
    Bad(
        "PDF GoToR", _file("gotor.pdf", lambda: pikepdf_bytes(with_open_action(GOTOR))), "其他文件"
    ),
    Bad("PDF SubmitForm", _file("submit.pdf", lambda: pikepdf_bytes(with_link(SUBMIT))), "提交"),
    Bad(
        "PDF catalog in the trailer with JavaScript",
        _file("direct.pdf", lambda: DIRECT_CATALOG_JS),
        "JavaScript",
    ),
    Bad("PDF associated file", _file("af.pdf", lambda: ASSOCIATED_FILE), "附件"),
    Bad("PDF of 5000 pages", _file("huge.pdf", lambda: many_pages_pdf(5000)), "5000 页"),
    Bad("PDF without pages", _file("none.pdf", lambda: many_pages_pdf(0)), "没有任何页面"),
    Bad(
        "PDF with a broken xref",
        _file("xref.pdf", lambda: PDF12.replace(b"startxref", b"startxrex")),
        "损坏",
    ),
    Bad("PDF of garbage", _file("junk.pdf", lambda: GARBAGE_PDF), "损坏"),
    Bad("truncated PDF", _file("half.pdf", lambda: PDF12[: len(PDF12) // 2]), "不完整"),
    Bad("name with ../", _dotdot, "扩展名是 .jpg", shown="evil.jpg"),
    Bad(
        "RTL override name",
        _file("invoice\u202egpj.exe", lambda: EXE),
        "可执行程序",
        shown="invoice?gpj.exe",
    ),
    Bad("name with a newline", _file("a\nb.jpg", lambda: TEXT), "扩展名是 .jpg", shown="a?b.jpg"),
    Bad(
        "name with control and zero-width characters",
        _file("\ufeffscan\u200b\x01.pdf", lambda: TEXT),
        "扩展名是 .pdf",
        shown="?scan??.pdf",
    ),
    Bad(
        "very long name",
        _file("长" * 80 + ".jpg", lambda: TEXT),
        "扩展名是 .jpg",
        shown="长" * 29 + "…",
    ),
)


@dataclass(frozen=True)
class Good:
    id: str
    build: Callable[[Path], Path]
    media_type: str
    pages: int


def _camera_trailer() -> bytes:
    return jpeg_bytes() + jpeg_bytes((60, 40))  # an MPF / Ultra HDR style second image


GOOD: tuple[Good, ...] = (
    Good("grey JPEG", _file("g.jpg", jpeg_bytes), "image/jpeg", 1),
    Good(
        "colour JPEG",
        _file("c.jpg", lambda: jpeg_bytes(mode="RGB", fill=(200, 30, 30))),
        "image/jpeg",
        1,
    ),
    Good(
        "CMYK JPEG",
        _file("k.jpg", lambda: jpeg_bytes(mode="CMYK", fill=(0, 200, 0, 0))),
        "image/jpeg",
        1,
    ),
    Good("JPEG with a camera trailer", _file("mpf.jpg", _camera_trailer), "image/jpeg", 1),
    Good(
        "JPEG with zero padding",
        _file("pad.jpg", lambda: jpeg_bytes() + b"\0" * 300),
        "image/jpeg",
        1,
    ),
    Good(
        "RGBA PNG",
        _file("a.png", lambda: png_bytes(mode="RGBA", fill=(0, 0, 255, 128))),
        "image/png",
        1,
    ),
    Good("palette PNG", _file("p.png", lambda: png_bytes(mode="P", fill=3)), "image/png", 1),
    Good("1-bit PNG", _file("b.png", lambda: png_bytes(mode="1", fill=1)), "image/png", 1),
    Good("16-bit PNG", _file("w.png", lambda: png_bytes(mode="I;16", fill=30000)), "image/png", 1),
    Good("PNG named .pdf", _file("really-a-png.pdf", png_bytes), "image/png", 1),
    Good("three-frame TIFF", _file("m.tif", lambda: tiff_bytes(3)), "image/tiff", 3),
    Good("two-page PDF", _file("two.pdf", lambda: PDF12), "application/pdf", 2),
    Good(
        "PDF with a web link",
        _file("link.pdf", lambda: pikepdf_bytes(with_link(URI))),
        "application/pdf",
        2,
    ),
    Good("JPEG with an RTL override name", _file("x\u202egnp.jpg", jpeg_bytes), "image/jpeg", 1),
)
