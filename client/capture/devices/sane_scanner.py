"""SANE scanners (Linux) through python-sane.

libsane is one library state per process and is not thread-safe, so every call into it goes
through `_LOCK`, and `sane.init()` runs once. Listing devices can take seconds (network
backends probe the LAN): callers run `list_devices` off the UI thread.

Options are applied only when the device offers them (backends name modes and sources
differently: "Color"/"Colour"/"24bit Color", "ADF"/"Automatic Document Feeder"/"ADF Duplex").
Black and white uses the device's line-art mode when it has one, otherwise grey thresholded
here. With the feeder chosen, pages are scanned until the backend says it is empty.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

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
_state: dict[str, bool] = {"initialised": False}

# sane_strstatus() texts (as python-sane raises them) → what the clerk is told.
_STATUS_MESSAGES = {
    "Document feeder out of documents": "进纸器中没有纸张",
    "Document feeder jammed": "卡纸，请取出纸张后重试",
    "Scanner cover is open": "扫描仪盖板未合上",
    "Device busy": "扫描仪正忙，请稍后重试",
    "Error during device I/O": "与扫描仪通信出错，请检查连接线和电源",
    "Access to resource has been denied": "无权使用该扫描仪，请联系管理员",
    "Out of memory": "内存不足，请降低分辨率后重试",
    "Invalid argument": "扫描仪不接受当前设置",
}
FEEDER_EMPTY = "Document feeder out of documents"

MODE_WORDS = {
    ScanMode.COLOR: ("color", "colour", "rgb"),
    ScanMode.GREY: ("gray", "grey"),
    ScanMode.BW: ("lineart", "line art", "binary", "black", "mono"),
}


def _t(text: str) -> str:
    return translate("capture", text)


def _module() -> Any:
    """python-sane, initialised once. Call with _LOCK held."""
    try:
        import sane
    except ImportError as exc:  # only on a machine installed without it
        raise CaptureError(_t("未安装扫描仪支持组件（python-sane）")) from exc
    if not _state["initialised"]:
        sane.init()
        _state["initialised"] = True
    return sane


def _message(exc: Exception) -> str:
    text = str(exc)
    known = _STATUS_MESSAGES.get(text)
    return _t(known) if known else _t("扫描失败：{error}").format(error=text)


def list_devices() -> list[DeviceInfo]:
    """The scanners SANE sees (slow: run off the UI thread)."""
    with _LOCK:
        sane = _module()
        try:
            found = sane.get_devices()
        except Exception as exc:
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

    def __init__(self, sane: Any, name: str) -> None:
        try:
            self.dev = sane.open(name)
        except Exception as exc:
            raise CaptureError(
                _t("无法打开扫描仪 {name}：{error}").format(name=name, error=_message(exc))
            ) from exc

    def option(self, name: str) -> Any | None:
        """The settable, active option `name`, or None."""
        try:
            opt = self.dev[name.replace("-", "_")]
        except KeyError:
            return None
        return opt if opt.is_active() and opt.is_settable() else None

    def set(self, name: str, value: Any) -> None:
        setattr(self.dev, name.replace("-", "_"), value)

    def get(self, name: str) -> Any:
        return getattr(self.dev, name.replace("-", "_"))

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
                dpi, threshold = device.apply(settings)
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
    ) -> Any | None:
        """One page as a PIL image; None when the feeder ran out after the first page."""

        stopped: list[BaseException] = []

        def lines(done: int, total: int) -> None:
            # Nothing may escape this callback: python-sane 2.9 dereferences the NULL result
            # of a callback that raised and crashes the process. Nor is sane_cancel() called
            # here: backends built on sanei_thread (the `test` one among them) pthread_cancel
            # their reader thread mid-transfer, which can leave a glibc lock taken, and the
            # next library this process loads (the print dialog's, say) then hangs for good
            # (seen here after some dozens of cancelled scans). The page is read to its end
            # and thrown away instead.
            if stopped:
                return
            try:
                if cancelled():
                    stopped.append(Cancelled())
                    progress(number - 1, 0, _t("正在停止：等这一页扫描完…"))
                elif total > 0:
                    progress(number - 1, 0, f"{label}（{100 * done // total}%）")
            except BaseException as exc:
                stopped.append(exc)

        with _LOCK:
            try:
                device.dev.start()
                image = device.dev.snap(no_cancel=feeder, progress=lines)
            except Exception as exc:
                if stopped:
                    raise stopped[0] from exc
                if feeder and number > 1 and str(exc) == FEEDER_EMPTY:
                    return None
                raise CaptureError(_message(exc)) from exc
            if stopped:
                raise stopped[0]
            return image
