"""SANE scanners (Linux) through the system's libsane, bound with ctypes (libsane.py).

Nothing is compiled at install: without libsane1 the scanner list says what to install.
libsane is one library state per process and is not thread-safe, so every call into it goes
through `_LOCK`, and `sane_init()` runs once. Listing devices can take seconds (network
backends probe the LAN): callers run `list_devices` off the UI thread.

Options are applied only when the device offers them (backends name modes and sources
differently: "Color"/"Colour"/"24bit Color", "ADF"/"Automatic Document Feeder"/"ADF Duplex").
Black and white uses the device's line-art mode when it has one, otherwise grey thresholded
here. With the feeder chosen, pages are scanned until the backend says it is empty.
"""

from __future__ import annotations

import contextlib
import ctypes
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

from PIL import Image

from client.capture.devices import libsane
from client.capture.pages import CaptureWorkspace, Page
from client.capture.sources import (
    CaptureError,
    DeviceInfo,
    IsCancelled,
    Progress,
    ScanMode,
    ScanSettings,
    SourceKind,
    store_image,
)
from client.errors import Cancelled
from client.i18n import translate

PREFIX = "sane:"

_LOCK = threading.RLock()  # guards libsane, a process-wide library that is not thread-safe
_state: dict[str, Any] = {"initialised": False, "library": None}

# SANE_Status codes → what the clerk is told.
_STATUS_MESSAGES = {
    libsane.NO_DOCS: "进纸器中没有纸张",
    libsane.JAMMED: "卡纸，请取出纸张后重试",
    libsane.COVER_OPEN: "扫描仪盖板未合上",
    libsane.DEVICE_BUSY: "扫描仪正忙，请稍后重试",
    libsane.IO_ERROR: "与扫描仪通信出错，请检查连接线和电源",
    libsane.ACCESS_DENIED: "无权使用该扫描仪，请联系管理员",
    libsane.NO_MEM: "内存不足，请降低分辨率后重试",
    libsane.INVAL: "扫描仪不接受当前设置",
}
READ_CHUNK = 32 * 1024  # also how often a cancel is noticed
MAX_PAGE_BYTES = 1 << 30  # a page larger than this is a backend gone wrong, not a document

MODE_WORDS = {
    ScanMode.COLOR: ("color", "colour", "rgb"),
    ScanMode.GREY: ("gray", "grey"),
    ScanMode.BW: ("lineart", "line art", "binary", "black", "mono"),
}


def _t(text: str) -> str:
    return translate("capture", text)


def _module() -> libsane.Library:
    """libsane, loaded and initialised once (raises libsane.SaneMissing without it). Call
    with _LOCK held."""
    if _state["library"] is None:
        _state["library"] = libsane.Library()
        _state["initialised"] = True
    library: libsane.Library = _state["library"]
    return library


def _status(exc: Exception) -> int | None:
    return exc.status if isinstance(exc, libsane.SaneStatusError) else None


def _message(exc: Exception) -> str:
    known = _STATUS_MESSAGES.get(_status(exc) or -1)
    return _t(known) if known else _t("扫描失败：{error}").format(error=str(exc))


def list_devices() -> list[DeviceInfo]:
    """The scanners SANE sees (slow: run off the UI thread)."""
    with _LOCK:
        library = _module()
        try:
            found = library.get_devices()
        except libsane.SaneStatusError as exc:
            raise CaptureError(_message(exc)) from exc
    return [
        DeviceInfo(PREFIX + name, f"{vendor} {model} ({name})".strip(), SourceKind.SCANNER)
        for name, vendor, model, _kind in found
    ]


def _pick(choices: Any, words: tuple[str, ...]) -> str | None:
    """The first string choice containing one of `words` (case-insensitive)."""
    if not isinstance(choices, list):
        return None
    for word in words:
        for choice in choices:
            if isinstance(choice, str) and word in choice.lower():
                return choice
    return None


class _Device:
    """One open SANE handle with the option helpers; use only with _LOCK held."""

    def __init__(self, library: libsane.Library, name: str) -> None:
        try:
            self.dev = library.open(name)
        except libsane.SaneStatusError as exc:
            raise CaptureError(
                _t("无法打开扫描仪 {name}：{error}").format(name=name, error=_message(exc))
            ) from exc

    def option(self, name: str) -> Any | None:
        """The settable, active option `name`, or None."""
        opt = self.dev.options.get(name)
        if opt is None or opt.type in (libsane.TYPE_BUTTON, libsane.TYPE_GROUP):
            return None
        return opt if opt.is_active() and opt.is_settable() else None

    def set(self, name: str, value: Any) -> None:
        self.dev.set(name, value)

    def get(self, name: str) -> Any:
        return self.dev.get(name)

    def apply(self, settings: ScanSettings) -> tuple[float, bool]:
        """Apply what the device offers; returns (the dpi it scans at, threshold here)."""
        threshold = False
        mode = self.option("mode")
        if mode is not None:
            choice = _pick(mode.constraint, MODE_WORDS[settings.mode])
            if choice is None and settings.mode is ScanMode.BW:
                choice, threshold = _pick(mode.constraint, MODE_WORDS[ScanMode.GREY]), True
            if choice is not None:
                self.set("mode", choice)
        depth = self.option("depth")
        eight_bit = (
            depth is not None and isinstance(depth.constraint, list) and 8 in depth.constraint
        )
        if eight_bit and (settings.mode is not ScanMode.BW or threshold):
            self.set("depth", 8)
        self._apply_source(settings)
        resolution = self.option("resolution")
        if resolution is not None:
            self.set("resolution", _nearest(resolution.constraint, settings.dpi))
            return float(self.get("resolution")), threshold
        return float(settings.dpi), threshold

    def _apply_source(self, settings: ScanSettings) -> None:
        source = self.option("source")
        choices = source.constraint if source is not None else None
        if not settings.feeder:
            flatbed = _pick(choices, ("flatbed",))
            if flatbed is not None:
                self.set("source", flatbed)
            return
        duplex_sources = [c for c in choices or [] if "duplex" in str(c).lower()]
        feeders = [c for c in choices or [] if c not in duplex_sources]
        feeder = _pick(feeders, ("adf", "feeder", "automatic"))
        if settings.duplex and duplex_sources:
            self.set("source", duplex_sources[0])
            return
        if feeder is None:
            raise CaptureError(_t("该扫描仪没有自动进纸器，请改用平板扫描"))
        self.set("source", feeder)
        if settings.duplex:
            adf_mode = self.option("adf-mode")
            if adf_mode is not None and _pick(adf_mode.constraint, ("duplex",)):
                self.set("adf-mode", _pick(adf_mode.constraint, ("duplex",)))
            elif self.option("duplex") is not None:
                self.set("duplex", True)
            else:
                raise CaptureError(_t("该扫描仪不支持双面扫描"))

    def close(self) -> None:
        with contextlib.suppress(Exception):  # a vanished device has nothing left to release
            self.dev.close()


def _nearest(constraint: Any, dpi: int) -> Any:
    """The allowed resolution closest to `dpi` (a list of values or a (min, max, step) range)."""
    if isinstance(constraint, list) and constraint:
        return min(constraint, key=lambda v: abs(float(v) - dpi))
    if isinstance(constraint, tuple) and len(constraint) == 3:
        low, high, _step = constraint
        value = min(max(dpi, low), high)
        return type(low)(value)
    return dpi


class SaneSource:
    """A SANE scanner. One `acquire` is one press of 扫描: a single page from the flatbed, or
    every sheet in the feeder."""

    kind = SourceKind.SCANNER

    def __init__(self, device: str, workspace: CaptureWorkspace, label: str = "") -> None:
        self.device = device.removeprefix(PREFIX)
        self.workspace = workspace
        self.label = label or self.device

    @property
    def name(self) -> str:
        return _t("扫描仪 {name}").format(name=self.label)

    def acquire(
        self, settings: ScanSettings, progress: Progress, cancelled: IsCancelled
    ) -> Iterator[Page]:
        with _LOCK:
            device = _Device(_module(), self.device)
        try:
            with _LOCK:
                try:
                    dpi, threshold = device.apply(settings)
                except libsane.SaneStatusError as exc:
                    raise CaptureError(_message(exc)) from exc
            mode = ScanMode.BW if threshold else settings.mode
            number = 0
            while True:
                if cancelled():
                    raise Cancelled
                number += 1
                label = _t("正在扫描第 {n} 页").format(n=number)
                progress(number - 1, 0, label)
                image = self._scan_one(device, settings.feeder, number, label, progress, cancelled)
                if image is None:
                    break
                yield store_image(
                    image,
                    self.workspace,
                    mode,
                    dpi,
                    settings.jpeg_quality,
                    self.name,
                    straighten=settings.deskew,
                )
                if not settings.feeder:
                    break
        finally:
            with _LOCK:
                if settings.feeder:
                    with contextlib.suppress(Exception):  # already idle
                        device.dev.cancel()  # ends the feeder batch
                device.close()

    @staticmethod
    def _scan_one(
        device: _Device,
        feeder: bool,
        number: int,
        label: str,
        progress: Progress,
        cancelled: IsCancelled,
    ) -> Image.Image | None:
        """One page as a PIL image; None when the feeder ran out after the first page.

        sane_cancel() is never called mid-page: backends built on sanei_thread (the `test`
        one among them) pthread_cancel their reader thread mid-transfer, which can leave a
        glibc lock taken, and the next library this process loads (the print dialog's, say)
        then hangs for good (seen after some dozens of cancelled scans). A page being
        cancelled is read to its end and thrown away instead."""
        stopped: list[BaseException] = []

        def report(done: int, total: int) -> None:
            if stopped:
                return
            if cancelled():
                stopped.append(Cancelled())
                progress(number - 1, 0, _t("正在停止：等这一页扫描完…"))
            elif total > 0:
                progress(number - 1, 0, f"{label}（{100 * done // total}%）")

        with _LOCK:
            try:
                image = _read_page(device.dev, report)
                if not feeder:
                    device.dev.cancel()  # the page is complete: back to idle (no thread left)
            except libsane.SaneStatusError as exc:
                if stopped:
                    raise stopped[0] from exc
                if feeder and number > 1 and exc.status == libsane.NO_DOCS:
                    return None
                raise CaptureError(_message(exc)) from exc
            if stopped:
                raise stopped[0]
            return image


def _read_page(dev: libsane.Handle, report: Callable[[int, int], None]) -> Image.Image:
    """Start and read every frame of one page (one RGB frame, one grey, or red, green and
    blue ones) into a PIL image. `report(done, total)` is told the bytes read."""
    frames: dict[int, Image.Image] = {}
    while True:
        dev.start()
        params = dev.parameters()
        frames[params.format] = _read_frame(dev, params, report)
        if params.last_frame or len(frames) >= 3:
            break
    if libsane.FRAME_RGB in frames:
        return frames[libsane.FRAME_RGB]
    bands = [frames.get(f) for f in (libsane.FRAME_RED, libsane.FRAME_GREEN, libsane.FRAME_BLUE)]
    if all(bands) and len({b.size for b in bands if b}) == 1:
        return Image.merge("RGB", [b for b in bands if b])
    if libsane.FRAME_GRAY in frames:
        return frames[libsane.FRAME_GRAY]
    raise CaptureError(_t("扫描仪送来的图像格式无法识别"))


def _read_frame(
    dev: libsane.Handle, params: libsane.Parameters, report: Callable[[int, int], None]
) -> Image.Image:
    channels = 3 if params.format == libsane.FRAME_RGB else 1
    width, stride = params.pixels_per_line, params.bytes_per_line
    if params.depth not in (1, 8, 16) or width <= 0 or stride <= 0:
        raise CaptureError(_t("扫描仪送来的图像格式无法识别"))
    if params.depth == 1 and channels != 1:
        raise CaptureError(_t("扫描仪送来的图像格式无法识别"))
    expected = stride * params.lines if params.lines > 0 else 0
    data = bytearray()
    chunk = bytearray(READ_CHUNK)
    buffer = (ctypes.c_ubyte * READ_CHUNK).from_buffer(chunk)
    while True:
        n = dev.read(buffer, READ_CHUNK)
        if n == 0:
            break
        data += chunk[:n]
        if len(data) > MAX_PAGE_BYTES:
            raise CaptureError(_t("扫描的页面过大，请降低分辨率后重试"))
        report(len(data), expected)
    lines = len(data) // stride
    if lines == 0:
        raise CaptureError(_t("扫描仪没有送来图像数据"))
    raw = bytes(data[: lines * stride])
    mode = "RGB" if channels == 3 else "L"
    if params.depth == 1:  # SANE line art: a set bit is black
        return Image.frombytes("1", (width, lines), raw, "raw", "1;I", stride).convert("L")
    if params.depth == 16:  # native-endian samples: keep the high byte
        high = 1 if sys.byteorder == "little" else 0
        raw, stride = raw[high::2], stride // 2
    return Image.frombytes(mode, (width, lines), raw, "raw", mode, stride)
