"""WIA scanners on Windows, through comtypes and the WIA Automation Library (`WIA.DeviceManager`).

Untested here: no Windows machine and no WIA device in CI. It is deliberately small: list the
scanners, set resolution and colour intent on the first item, pick flatbed or feeder
(duplex when asked), transfer PNG pages until the feeder reports it is empty. Property ids
are the documented WIA 2.0 constants. COM is initialised in the calling (worker) thread.
"""

from __future__ import annotations

import contextlib
import sys
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

PREFIX = "wia:"
SCANNER_DEVICE_TYPE = 1
WIA_FORMAT_PNG = "{B96B3CAF-0728-11D3-9D7B-0000F81EF32E}"
PROP_HORIZONTAL_RESOLUTION = "6147"
PROP_VERTICAL_RESOLUTION = "6148"
PROP_CURRENT_INTENT = "6146"  # 1 colour, 2 greyscale, 4 text (black and white)
PROP_DOCUMENT_HANDLING_SELECT = "3088"  # 1 feeder, 2 flatbed, 4 duplex
INTENT = {ScanMode.COLOR: 1, ScanMode.GREY: 2, ScanMode.BW: 4}
FEEDER, FLATBED, DUPLEX = 1, 2, 4
WIA_ERROR_PAPER_EMPTY = -2145320957  # 0x80210003 as a signed HRESULT


def _t(text: str) -> str:
    return translate("capture", text)


def available() -> bool:
    return sys.platform == "win32"


def _manager() -> Any:
    try:
        import comtypes
        import comtypes.client
    except ImportError as exc:
        raise CaptureError(_t("未安装扫描仪支持组件（comtypes）")) from exc
    comtypes.CoInitialize()
    try:
        return comtypes.client.CreateObject("WIA.DeviceManager", dynamic=True)
    except Exception as exc:  # comtypes raises COMError (not an OSError) for COM failures
        raise CaptureError(
            _t("无法使用 Windows 图像采集（WIA）服务：{error}").format(error=exc)
        ) from exc


def list_devices() -> list[DeviceInfo]:
    if not available():
        return []
    manager = _manager()
    found = []
    for index in range(1, manager.DeviceInfos.Count + 1):
        info = manager.DeviceInfos.Item(index)
        if info.Type == SCANNER_DEVICE_TYPE:
            name = str(info.Properties.Item("Name").Value)
            found.append(DeviceInfo(PREFIX + str(info.DeviceID), name, SourceKind.SCANNER))
    return found


def _hresult(exc: Exception) -> int | None:
    code = getattr(exc, "hresult", None) or (exc.args[0] if exc.args else None)
    return code if isinstance(code, int) else None


def _set(properties: Any, prop_id: str, value: int) -> None:
    # COMError: the device does not offer it; it keeps its own default.
    with contextlib.suppress(Exception):
        properties.Item(prop_id).Value = value


class WiaSource:
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
        from PIL import Image

        manager = _manager()
        info = next(
            (
                manager.DeviceInfos.Item(i)
                for i in range(1, manager.DeviceInfos.Count + 1)
                if str(manager.DeviceInfos.Item(i).DeviceID) == self.device
            ),
            None,
        )
        if info is None:
            raise CaptureError(_t("找不到扫描仪 {name}").format(name=self.label))
        device = info.Connect()
        handling = (FEEDER | (DUPLEX if settings.duplex else 0)) if settings.feeder else FLATBED
        _set(device.Properties, PROP_DOCUMENT_HANDLING_SELECT, handling)
        item = device.Items.Item(1)
        _set(item.Properties, PROP_CURRENT_INTENT, INTENT[settings.mode])
        _set(item.Properties, PROP_HORIZONTAL_RESOLUTION, settings.dpi)
        _set(item.Properties, PROP_VERTICAL_RESOLUTION, settings.dpi)
        number = 0
        while True:
            if cancelled():
                raise Cancelled
            number += 1
            progress(number - 1, 0, _t("正在扫描第 {n} 页").format(n=number))
            try:
                transferred = item.Transfer(WIA_FORMAT_PNG)
            except Exception as exc:  # COMError carries the HRESULT as args[0]
                if settings.feeder and _hresult(exc) == WIA_ERROR_PAPER_EMPTY:
                    if number == 1:
                        raise CaptureError(_t("进纸器中没有纸张")) from exc
                    return
                raise CaptureError(_t("扫描失败：{error}").format(error=exc)) from exc
            raw = self.workspace.new_path(".png")
            transferred.SaveFile(str(raw))
            with Image.open(raw) as image:
                image.load()
                page = store_image(
                    image,
                    self.workspace,
                    settings.mode,
                    settings.dpi,
                    settings.jpeg_quality,
                    self.name,
                    straighten=settings.deskew,
                )
            raw.unlink()
            yield page
            if not settings.feeder:
                return
