"""doctor's checks of the capture devices: scanners, the watched folder, document cameras."""

from __future__ import annotations

import sys
from pathlib import Path

from offline.doctor.checks import Level, Report, _t
from offline.storage.store import Store


def check_scanners(report: Report, store: Store) -> None:
    """The scanners the back end sees, the chosen one among them, the watched folder."""
    from client.capture.devices import list_scanners
    from client.capture.sources import CaptureError

    chosen = store.settings.text("scan.device")
    try:
        found = list_scanners()
    except CaptureError as exc:
        said = f"{exc.message}，{exc.remedy}" if exc.remedy else exc.message
        report.add("scanners", Level.WARNING, _t("无法查找扫描仪：") + said)
        found = []
    else:
        if not found:
            report.add(
                "scanners",
                Level.WARNING,
                _t("未发现扫描仪：检查连线、电源和驱动；也可用高拍仪、监视文件夹或导入文件"),
            )
        elif chosen and chosen not in {d.id for d in found}:
            report.add(
                "scanners",
                Level.WARNING,
                _t("设置的扫描仪 {id} 未找到，现有：{names}").format(
                    id=chosen, names="、".join(d.label for d in found)
                ),
            )
        else:
            report.add("scanners", Level.OK, _t("扫描仪：") + "、".join(d.label for d in found))
    folder = store.settings.text("scan.watch_folder")
    if folder and not Path(folder).is_dir():
        report.add("watch_folder", Level.WARNING, _t("监视文件夹不存在或无法访问：") + folder)


def check_cameras(report: Report, store: Store) -> None:
    """Linux: libv4l2 and the document cameras V4L2 sees (Windows' Media Foundation is part of
    Windows). No camera is worth a warning only where the seat captures with one."""
    if not sys.platform.startswith("linux"):
        return
    from client.capture.devices import v4l2
    from client.capture.sources import CaptureError

    try:
        found = v4l2.list_cameras()
    except CaptureError as exc:
        said = f"{exc.message}，{exc.remedy}" if exc.remedy else exc.message
        report.add("cameras", Level.WARNING, _t("无法使用高拍仪：") + said)
        return
    if found:
        report.add("cameras", Level.OK, _t("高拍仪：") + "、".join(d.name for d in found))
    elif store.settings.text("scan.source") == "camera":
        report.add(
            "cameras", Level.WARNING, _t("未发现高拍仪：检查 USB 线和电源；也可用扫描仪或导入文件")
        )
    else:
        report.add("cameras", Level.OK, _t("未连接高拍仪（驱动库可用）"))
