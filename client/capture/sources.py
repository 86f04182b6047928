"""Capture sources behind one small interface: where a material's pages come from.

A source (`CaptureSource`) yields `Page`s whose files it wrote into the capture workspace:
imported files (`FileSource`), a watched folder that a scanner "scans to"
(`devices.watched_folder`), SANE scanners (`devices.sane_scanner`) and WIA scanners on Windows
(`devices.wia_scanner`). The document camera (高拍仪) is a UVC camera shown live (V4L2 on
Linux, Qt Multimedia elsewhere), so it lives in `ui/capture/camera_view.py` and hands its frames
to `store_image` here.

Sources run in a worker thread: they never touch Qt. They report progress through a plain
callback and poll `cancelled()` between (and, where the device allows, within) pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from client.capture.pages import CaptureWorkspace, Page, PageKind
from client.errors import Cancelled, ClerkError
from client.i18n import translate

if TYPE_CHECKING:
    from PIL import Image

    from client.capture.safety import Limits

DPI_CHOICES: tuple[int, ...] = (150, 200, 300, 600)
JPEG_QUALITY_RANGE = (30, 100)
BW_THRESHOLD = 160  # grey level at or above which a black-and-white pixel is paper
BLANK_CHECK_PX = 1000  # blank detection looks at about this many pixels a side

Progress = Callable[[int, int, str], None]  # done, total (0: unknown), a line for the clerk
IsCancelled = Callable[[], bool]


def _t(text: str) -> str:
    return translate("capture", text)


class SourceKind(StrEnum):
    SCANNER = "scanner"  # 扫描仪 (SANE on Linux, WIA on Windows)
    CAMERA = "camera"  # 高拍仪 (a UVC camera)
    FILES = "files"  # 导入文件
    WATCHED_FOLDER = "watched_folder"  # 监视文件夹 (scanners that "scan to folder")


class ScanMode(StrEnum):
    COLOR = "color"
    GREY = "grey"
    BW = "bw"  # black and white (line art), stored as 1-bit PNG


@dataclass(frozen=True)
class ScanSettings:
    """How to scan, chosen per profile (settings `scan.*`)."""

    device: str = ""  # a DeviceInfo.id, e.g. "sane:test:0"; "" takes the first scanner found
    dpi: int = 300
    mode: ScanMode = ScanMode.COLOR
    feeder: bool = False  # scan from the document feeder until it is empty
    duplex: bool = False  # both sides (feeder only)
    jpeg_quality: int = 85  # colour and grey pages are stored as JPEG
    deskew: bool = True  # straighten scanned pages (small angles only)


@dataclass(frozen=True)
class DeviceInfo:
    id: str  # backend prefix and the backend's own name, e.g. "sane:test:0", "wia:{…}\\0001"
    label: str  # what the clerk sees, e.g. "Noname frontend-tester (test:0)"
    kind: SourceKind = SourceKind.SCANNER


class CaptureError(ClerkError):
    """A source could not deliver pages; the message is Chinese, for the clerk.
    `partial`: the pages delivered before it (sheets already through the feeder)."""

    partial: tuple[Page, ...] = ()


class CaptureSource(Protocol):
    """Where pages come from. `acquire` runs off the UI thread and yields pages whose files it
    has written into the workspace the source was made with."""

    @property
    def name(self) -> str: ...

    @property
    def kind(self) -> SourceKind: ...

    def acquire(
        self, settings: ScanSettings, progress: Progress, cancelled: IsCancelled
    ) -> Iterator[Page]: ...


def acquire_all(
    source: CaptureSource,
    settings: ScanSettings,
    progress: Progress,
    cancelled: IsCancelled,
    max_pages: int = 0,
) -> list[Page]:
    """Every page the source delivers, stopping with Cancelled when the clerk cancels
    and with CaptureError past `max_pages` (0: no limit). Either exception carries the pages
    delivered before it in `partial`: a jam at sheet 30 must not lose sheets 1 to 29."""
    pages: list[Page] = []
    iterator = source.acquire(settings, progress, cancelled)
    try:
        for page in iterator:
            pages.append(page)
            if max_pages and len(pages) > max_pages:
                del pages[max_pages:]
                raise CaptureError(_t("页数超过上限（{n} 页），请分批采集").format(n=max_pages))
            if cancelled():
                raise Cancelled
    except (CaptureError, Cancelled) as exc:
        exc.partial = tuple(pages)
        raise
    finally:
        close = getattr(iterator, "close", None)
        if close is not None:
            close()
    return pages


def store_image(
    image: Image.Image,
    workspace: CaptureWorkspace,
    mode: ScanMode,
    dpi: float,
    jpeg_quality: int,
    origin: str,
    straighten: bool = False,
) -> Page:
    """Save a captured image into the workspace as the page file the material PDF embeds:
    JPEG at the chosen quality for colour and grey, a 1-bit PNG for black and white;
    `straighten` deskews it first."""
    from client.capture.imaging import deskew, is_blank

    if straighten:
        image = deskew(image)
    if mode is ScanMode.BW:
        grey = image.convert("L")
        stored = grey.point(lambda v: 255 if v >= BW_THRESHOLD else 0, mode="1")
        path, media_type = workspace.new_path(".png"), "image/png"
        stored.save(path, "PNG", dpi=(dpi, dpi), optimize=True)
    else:
        stored = image.convert("RGB" if mode is ScanMode.COLOR else "L")
        path, media_type = workspace.new_path(".jpg"), "image/jpeg"
        stored.save(path, "JPEG", quality=jpeg_quality, dpi=(dpi, dpi), optimize=True)
    return Page(
        source=path,
        kind=PageKind.IMAGE,
        media_type=media_type,
        width_px=stored.width,
        height_px=stored.height,
        dpi=float(dpi),
        blank=is_blank(stored),
        origin=origin,
    )


class FileSource:
    """Files the applicant brings (dialog or drag-and-drop): JPEG, PNG, TIFF (every frame),
    PDF (every page). Each file passes the safety checks before anything of it is kept. A
    refused file yields no page; its reason (Chinese) is added to `refused` and the other
    files are still imported."""

    kind = SourceKind.FILES

    def __init__(self, paths: Sequence[Path], workspace: CaptureWorkspace, limits: Limits) -> None:
        self.paths = tuple(paths)
        self.workspace = workspace
        self.limits = limits
        self.refused: list[str] = []

    @property
    def name(self) -> str:
        return _t("导入文件")

    def acquire(
        self, settings: ScanSettings, progress: Progress, cancelled: IsCancelled
    ) -> Iterator[Page]:
        from client.capture.safety import Rejected, import_file

        for done, path in enumerate(self.paths):
            if cancelled():
                raise Cancelled
            progress(done, len(self.paths), path.name)
            try:
                pages = import_file(path, self.workspace, self.limits)
            except Rejected as exc:
                self.refused.append(str(exc))
                continue
            for page in pages:
                yield flag_blank(page)
        progress(len(self.paths), len(self.paths), "")


def flag_blank(page: Page) -> Page:
    """The page marked blank when its image has (almost) no ink: the back of a duplex scan
    that reached us as a file. PDF pages are not rendered here and keep their flag."""
    from client.capture.imaging import is_blank, open_page_image

    if page.kind is not PageKind.IMAGE:
        return page
    with open_page_image(page, draft_px=BLANK_CHECK_PX) as image:  # JPEGs decode small
        return replace(page, blank=is_blank(image))
