"""Scanner back ends behind the `CaptureSource` interface: SANE (Linux), WIA (Windows) and a
watched folder for scanners that scan to a folder.

`list_scanners` is slow (device probing): call it off the UI thread.
"""

from __future__ import annotations

import sys

from client.capture.pages import CaptureWorkspace
from client.capture.sources import CaptureError, CaptureSource, DeviceInfo
from client.i18n import translate


def list_scanners() -> list[DeviceInfo]:
    """Every scanner this machine's back end sees; [] when there is none."""
    if sys.platform == "win32":
        from client.capture.devices import wia_scanner

        return wia_scanner.list_devices()
    from client.capture.devices import sane_scanner

    return sane_scanner.list_devices()


def open_scanner(device: DeviceInfo | str, workspace: CaptureWorkspace) -> CaptureSource:
    """The source for a device id from `list_scanners` (prefix "sane:" or "wia:")."""
    info = device if isinstance(device, DeviceInfo) else DeviceInfo(device, "")
    if info.id.startswith("sane:"):
        from client.capture.devices.sane_scanner import SaneSource

        return SaneSource(info.id, workspace, info.label)
    if info.id.startswith("wia:"):
        from client.capture.devices.wia_scanner import WiaSource

        return WiaSource(info.id, workspace, info.label)
    raise CaptureError(translate("capture", "未知的扫描仪：{id}").format(id=info.id))
