"""Nothing unreadable or dangerous is kept: every imported file is checked by content.

`inspect_file` decides a file's type from its bytes (JPEG, PNG, TIFF, PDF; never from its
name), decodes every image fully (a truncated or corrupt image is refused), applies the
polyglot rule of `client.capture.formats` and the PDF rules of `client.capture.pdf_checks`, and
raises `Rejected` with a Chinese message for the clerk. `import_file` copies the bytes into the
capture workspace under a random name first and inspects the copy, so what was checked is
exactly what is kept (the original may change on a network share meanwhile); a refused copy is
deleted, leaving the workspace as it was.

The file's name only ever appears, cleaned of control characters and shortened, inside a
message (`display_name`); it is never used to build a path.
"""

from __future__ import annotations

import contextlib
import io
import mmap
import os
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from PIL import Image

from client.capture import formats
from client.capture.formats import FileType, StructureError
from client.capture.imaging import exif_transform, is_blank, upright
from client.capture.pages import CaptureWorkspace, Page, PageKind
from client.capture.pdf_checks import PdfProblem, PdfRefused, check_pdf
from client.errors import ClerkError
from client.i18n import translate

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_PAGES = 500
# An A3 page at 600 dpi is 70 Mpx; Pillow's own bomb limit (89 Mpx) stays above ours.
DEFAULT_MAX_PIXELS = 80_000_000
MAX_DISPLAY_NAME = 60
PLAUSIBLE_DPI = (50.0, 2400.0)
_COPY_CHUNK = 1 << 20


def _t(text: str) -> str:
    return translate("capture", text)


@dataclass(frozen=True)
class Limits:
    max_bytes: int = DEFAULT_MAX_BYTES
    max_pages: int = DEFAULT_MAX_PAGES  # pages of a PDF, frames of a TIFF
    max_pixels: int = DEFAULT_MAX_PIXELS  # per image or frame


class Rejected(ClerkError):
    """A file that cannot be used; str() is the Chinese message for the clerk."""

    def __init__(self, message: str, display_name: str = "", reason: str = "") -> None:
        super().__init__(message)
        self.display_name = display_name
        self.reason = reason or message


@dataclass(frozen=True)
class PageInfo:
    width: int  # pixels for images, points (as displayed) for PDF pages
    height: int
    dpi: float = 0.0
    rotation: int = 0  # clockwise degrees the image needs to be upright (JPEG EXIF orientation)
    transpose: bool = False  # mirrored EXIF orientation: the image must be re-encoded upright
    blank: bool = False  # looks like an empty sheet (a flag for the clerk)


@dataclass(frozen=True)
class Inspected:
    display_name: str
    file_type: FileType
    size: int  # bytes of the file
    content_end: int  # bytes that make up the image; anything after is a trailer to cut off
    pages: tuple[PageInfo, ...]

    @property
    def media_type(self) -> str:
        return self.file_type.value


def display_name(name: str) -> str:
    """A file name safe to show: control/format characters (newlines, RTL overrides, zero-width
    characters…) become "?", and a long name is shortened in the middle."""
    cleaned = "".join(
        "?" if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") else ch for ch in name
    ).strip()
    if not cleaned:
        return _t("（无名文件）")
    if len(cleaned) > MAX_DISPLAY_NAME:
        half = MAX_DISPLAY_NAME // 2 - 1
        cleaned = cleaned[:half] + "…" + cleaned[-half:]
    return cleaned


def _refuse(name: str, reason: str) -> Rejected:
    """The house format of file problems (as client.intake.rules always wrote them):
    "reason：name"."""
    return Rejected(reason + _t("：") + name, name, reason)


def _megabytes(size: int) -> str:
    return f"{round(size / 1048576, 1):g}"


@contextlib.contextmanager
def _open_regular(path: Path, name: str, limits: Limits) -> Iterator[tuple[BinaryIO, int]]:
    """Open a regular file for reading without blocking on FIFOs or devices."""
    try:
        before = os.stat(path)
    except FileNotFoundError:
        raise _refuse(name, _t("文件不存在")) from None
    except OSError:
        raise _refuse(name, _t("文件无法读取")) from None
    if not stat.S_ISREG(before.st_mode):  # a folder, a device, a pipe…
        raise _refuse(name, _t("不是普通文件（可能是文件夹或设备）"))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        raise _refuse(name, _t("文件无法读取（可能没有权限或正被占用）")) from None
    with os.fdopen(fd, "rb") as f:
        opened = os.fstat(fd)
        size = opened.st_size
        if not stat.S_ISREG(opened.st_mode):
            raise _refuse(name, _t("不是普通文件（可能是文件夹或设备）"))
        if size == 0:
            raise _refuse(name, _t("文件为空"))
        if size > limits.max_bytes:
            raise _refuse(
                name,
                _t("文件过大（{mb} MB，上限 {limit} MB）").format(
                    mb=_megabytes(size), limit=_megabytes(limits.max_bytes)
                ),
            )
        yield f, size


def inspect_file(path: Path, limits: Limits, name: str | None = None) -> Inspected:
    """Check a file by its content; raise Rejected (Chinese message) when it cannot be used.

    `name` is the display name for messages (default: the path's last part, cleaned)."""
    shown = display_name(name if name is not None else path.name)
    try:
        with _open_regular(path, shown, limits) as (f, size):
            head = f.read(formats.HEAD_BYTES)
            kind = _sniff_or_refuse(head, shown, path)
            if size < 8:
                raise _refuse(shown, _t("文件内容不完整"))
            with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as buf:
                if formats.zip_directory_in_tail(buf):
                    raise _refuse(shown, _t("文件中夹带了压缩包数据（可疑的复合文件）"))
                if kind is FileType.PDF:
                    return _inspect_pdf(path, buf, shown, size, limits)
                return _inspect_image(buf, kind, shown, size, limits)
    except OSError:
        raise _refuse(shown, _t("文件无法读取")) from None


def _sniff_or_refuse(head: bytes, shown: str, path: Path) -> FileType:
    kind = formats.sniff(head)
    if kind is not None:
        return kind
    if formats.pdf_header_after_other_data(head):
        raise _refuse(shown, _t("PDF 文件头之前有多余数据（可疑的复合文件）"))
    other = formats.describe_other(head)
    suffix = path.suffix.lower()[:10]
    if other:
        reason = _t("这是{what}，只能使用 JPEG、PNG、TIFF 图像或 PDF 文件").format(what=_t(other))
    elif suffix in (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".pdf"):
        reason = _t("扩展名是 {suffix}，但内容不是图像或 PDF（文件已损坏或被改名）").format(
            suffix=suffix
        )
    else:
        reason = _t("无法识别的文件内容，只能使用 JPEG、PNG、TIFF 图像或 PDF 文件")
    raise _refuse(shown, reason)


def _inspect_image(
    buf: mmap.mmap, kind: FileType, shown: str, size: int, limits: Limits
) -> Inspected:
    if formats.foreign_signature(buf[: formats.HEAD_BYTES]):
        raise _refuse(shown, _t("图像中夹带了网页、脚本或其他文件的数据（可疑的复合文件）"))
    end = size
    if kind is not FileType.TIFF:
        try:
            layout = formats.jpeg_layout(buf) if kind is FileType.JPEG else formats.png_layout(buf)
        except StructureError:
            raise _refuse(shown, _t("图像数据不完整或已损坏（可能传输中断）")) from None
        if layout.foreign_metadata:
            raise _refuse(shown, _t("图像中夹带了网页、脚本或其他文件的数据（可疑的复合文件）"))
        end = layout.end
        if end < size and not formats.benign_trailer(bytes(buf[end : end + 65536])):
            raise _refuse(shown, _t("图像结尾之后附带了其他数据（可疑的复合文件）"))
    pages = _decode_all(io.BytesIO(buf[:end]), kind, shown, limits)
    return Inspected(shown, kind, size, end, pages)


def _decode_all(
    data: io.BytesIO, kind: FileType, shown: str, limits: Limits
) -> tuple[PageInfo, ...]:
    """Decode every frame (JPEG at 1/8 scale: every byte of entropy data is still decoded)."""
    bad = _t("图像数据不完整或已损坏（可能传输中断）")
    try:
        with Image.open(data, formats=_PILLOW_FORMATS[kind]) as image:
            frames = getattr(image, "n_frames", 1) if kind is FileType.TIFF else 1
            if frames > limits.max_pages:
                raise _refuse(
                    shown,
                    _t("图像有 {n} 帧，超过上限 {limit} 页").format(
                        n=frames, limit=limits.max_pages
                    ),
                )
            infos = []
            for frame in range(frames):
                image.seek(frame)
                infos.append(_decode_frame(image, kind, shown, limits))
            return tuple(infos)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse(shown, _too_big(limits)) from None
    except Rejected:
        raise
    except Exception:
        # Hostile bytes make Pillow's decoders raise almost anything (OSError, SyntaxError,
        # TypeError, KeyError, struct.error…), and some damage is only a warning, which
        # arrives here where warnings are errors (tests, -W error): all of it means the image
        # cannot be used.
        raise _refuse(shown, bad) from None


# Only the decoder for the type the signature named ever parses the bytes.
_PILLOW_FORMATS = {
    FileType.JPEG: ("JPEG", "MPO"),
    FileType.PNG: ("PNG",),
    FileType.TIFF: ("TIFF",),
}


def _too_big(limits: Limits) -> str:
    return _t("图像尺寸过大（超过 {mp} 百万像素），可能是恶意构造的文件").format(
        mp=limits.max_pixels // 1_000_000
    )


def _decode_frame(image: Image.Image, kind: FileType, shown: str, limits: Limits) -> PageInfo:
    width, height = image.size
    if width <= 0 or height <= 0:
        raise _refuse(shown, _t("图像尺寸无效"))
    if width * height > limits.max_pixels:
        raise _refuse(shown, _too_big(limits))
    rotation, transpose = (0, False)
    if kind is FileType.JPEG:
        rotation, transpose = exif_transform(image)
        image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))
    image.load()
    dpi = image.info.get("dpi", (0, 0))
    try:
        resolution = float(dpi[0]) if isinstance(dpi, tuple) else 0.0
    except (TypeError, ValueError):
        resolution = 0.0
    if not PLAUSIBLE_DPI[0] <= resolution <= PLAUSIBLE_DPI[1]:
        resolution = 0.0  # absent or nonsense (TIFF writers often say 1 or 72 for "unknown")
    # The decode is done anyway (at 1/8 scale for a JPEG): the blank check comes almost free.
    return PageInfo(width, height, resolution, rotation, transpose, is_blank(image))


def _inspect_pdf(path: Path, buf: mmap.mmap, shown: str, size: int, limits: Limits) -> Inspected:
    if not formats.pdf_tail_ok(buf):
        raise _refuse(shown, _t("PDF 文件不完整（缺少结尾标记）或结尾附带了其他数据"))
    try:
        infos = check_pdf(path, limits.max_pages)
    except PdfRefused as exc:
        raise _refuse(shown, _pdf_reason(exc, limits)) from None
    pages = tuple(PageInfo(round(i.width_pt), round(i.height_pt)) for i in infos)
    return Inspected(shown, FileType.PDF, size, size, pages)


def _pdf_reason(exc: PdfRefused, limits: Limits) -> str:
    problem = exc.problem
    if problem is PdfProblem.TOO_MANY_PAGES:
        return _t("PDF 有 {n} 页，超过上限 {limit} 页，请分成多个材料或联系管理员").format(
            n=exc.pages, limit=limits.max_pages
        )
    reasons = {
        PdfProblem.ENCRYPTED: _t("PDF 已加密或设有密码，请申请人提供未加密的文件"),
        PdfProblem.DAMAGED: _t("PDF 文件结构已损坏，请申请人重新导出，或扫描纸质件代替"),
        PdfProblem.NO_PAGES: _t("PDF 中没有任何页面"),
        PdfProblem.JAVASCRIPT: _t("PDF 含有脚本（JavaScript），为安全起见不能使用"),
        PdfProblem.LAUNCH: _t("PDF 含有启动外部程序的动作，为安全起见不能使用"),
        PdfProblem.EMBEDDED_FILE: _t("PDF 含有嵌入的附件文件，为安全起见不能使用"),
        PdfProblem.OTHER_FILE: _t("PDF 含有打开其他文件的链接，为安全起见不能使用"),
        PdfProblem.FORM_SUBMIT: _t("PDF 含有提交或导入数据的表单动作，为安全起见不能使用"),
        PdfProblem.MULTIMEDIA: _t("PDF 含有多媒体或动态表单内容，为安全起见不能使用"),
    }
    return reasons[problem]


def import_file(
    path: Path, workspace: CaptureWorkspace, limits: Limits, name: str | None = None
) -> tuple[Page, ...]:
    """Copy a file into the workspace, check the copy, and return its pages (one per PDF page
    or TIFF frame). On Rejected nothing of the file remains in the workspace."""
    shown = display_name(name if name is not None else path.name)
    part = _copy_in(path, workspace, shown, limits)
    try:
        inspected = inspect_file(part, limits, shown)
        final = part.with_suffix(formats.SUFFIX[inspected.file_type])
        if inspected.content_end < inspected.size:
            os.truncate(part, inspected.content_end)  # a camera trailer: never kept
        os.replace(part, final)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return tuple(_pages_of(final, inspected, workspace))


def _copy_in(path: Path, workspace: CaptureWorkspace, shown: str, limits: Limits) -> Path:
    with _open_regular(path, shown, limits) as (src, _size):
        formats_head = src.read(formats.HEAD_BYTES)
        _sniff_or_refuse(formats_head, shown, path)  # refuse the obvious before copying
        part = workspace.new_path(".part")
        try:
            with open(part, "xb") as dst:
                dst.write(formats_head)
                copied = len(formats_head)
                while chunk := src.read(_COPY_CHUNK):
                    copied += len(chunk)
                    if copied > limits.max_bytes:  # the file grew while we read it
                        raise _refuse(shown, _t("文件在读取过程中发生了变化，请重试"))
                    dst.write(chunk)
        except BaseException:
            part.unlink(missing_ok=True)
            raise
    return part


def _pages_of(final: Path, inspected: Inspected, workspace: CaptureWorkspace) -> Iterator[Page]:
    is_pdf = inspected.file_type is FileType.PDF
    for index, info in enumerate(inspected.pages):
        source, width, height = final, info.width, info.height
        if info.transpose:  # mirrored EXIF orientation: /Rotate cannot express a mirror
            source, width, height = _upright_copy(final, workspace)
        yield Page(
            source=source,
            kind=PageKind.PDF if is_pdf else PageKind.IMAGE,
            index=index,
            rotation=info.rotation,
            media_type=inspected.media_type,
            width_px=width,
            height_px=height,
            dpi=info.dpi,
            blank=info.blank,
            origin=inspected.display_name,
        )


def _upright_copy(jpeg: Path, workspace: CaptureWorkspace) -> tuple[Path, int, int]:
    """The photo re-encoded upright (the original workspace copy stays for the record of
    what was imported until the workspace is discarded)."""
    target = workspace.new_path(".jpg")
    with Image.open(jpeg) as image:
        straight = upright(image)
        dpi = image.info.get("dpi")
        extra = {"dpi": dpi} if isinstance(dpi, tuple) else {}
        straight.save(target, "JPEG", quality=92, **extra)
        return target, straight.width, straight.height
