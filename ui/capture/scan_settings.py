"""Scan settings per profile (settings `scan.*`): reading them typed, the row of controls the
capture dialog shows, and the list of scanners found (probed off the UI thread, once per
session unless the clerk asks again)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from client.capture.devices import list_scanners
from client.capture.sources import DPI_CHOICES, DeviceInfo, ScanMode, ScanSettings
from offline.storage.settings import Settings
from ui.background import BackgroundOp, failure_text


def load_scan_settings(settings: Settings) -> ScanSettings:
    return ScanSettings(
        device=settings.text("scan.device"),
        dpi=settings.number("scan.dpi"),
        mode=ScanMode(settings.text("scan.mode")),
        feeder=bool(settings.get("scan.feeder")),
        duplex=bool(settings.get("scan.duplex")),
        jpeg_quality=settings.number("scan.jpeg_quality"),
        deskew=bool(settings.get("scan.deskew")),
    )


def scan_setting_values(scan: ScanSettings) -> dict[str, Any]:
    return {
        "scan.device": scan.device,
        "scan.dpi": scan.dpi,
        "scan.mode": scan.mode.value,
        "scan.feeder": scan.feeder,
        "scan.duplex": scan.duplex,
        "scan.jpeg_quality": scan.jpeg_quality,
        "scan.deskew": scan.deskew,
    }


class ScannerList(QObject):
    """The scanners this machine has, found in the background.

    Signals:
        changed: `devices`, `error` or `searching` changed.
    """

    changed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self.devices: list[DeviceInfo] = []
        self.error = ""
        self.searching = False
        self.searched = False

    def search(self) -> None:
        """Probe for scanners (seconds with network back ends) without blocking the UI."""
        if self.searching:
            return
        self.searching = True
        self.changed.emit()
        op = BackgroundOp(self._parent, lambda _ctx: list_scanners(), self.on_found)
        op.on_failure(self.on_failed)
        op.finished.connect(self.on_search_finished)
        op.run()

    def ensure_searched(self) -> None:
        if not self.searched:
            self.search()

    def on_found(self, devices: list[DeviceInfo]) -> None:
        self.devices, self.error = devices, ""

    def on_failed(self, exc: BaseException) -> None:
        self.devices, self.error = [], failure_text(exc)

    def on_search_finished(self) -> None:
        self.searching, self.searched = False, True
        self.changed.emit()


class ScanSettingsRow(QWidget):
    """Scanner choice and scan settings, shown in the capture dialog's 扫描仪 tab.

    Signals:
        edited: the clerk changed a setting.
    """

    edited = Signal()

    def __init__(
        self, scanners: ScannerList, initial: ScanSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.scanners = scanners
        self._wanted_device = initial.device
        self.device = QComboBox()
        self.device.setObjectName("scan_device")
        self.device.setMinimumWidth(220)
        self.search_button = QPushButton(self.tr("重新查找"))
        self.search_button.setAutoDefault(False)
        self.dpi = QComboBox()
        for dpi in DPI_CHOICES:
            self.dpi.addItem(f"{dpi} dpi", dpi)
        self.mode = QComboBox()
        for mode, label in (
            (ScanMode.COLOR, self.tr("彩色")),
            (ScanMode.GREY, self.tr("灰度")),
            (ScanMode.BW, self.tr("黑白")),
        ):
            self.mode.addItem(label, mode.value)
        self.feeder = QCheckBox(self.tr("进纸器"))
        self.feeder.setToolTip(self.tr("从自动进纸器连续扫描，直到纸张扫完"))
        self.duplex = QCheckBox(self.tr("双面"))
        self.deskew = QCheckBox(self.tr("自动纠偏"))
        self.deskew.setToolTip(self.tr("把略微放歪的纸张扫描件摆正"))
        self.quality = QSpinBox()
        self.quality.setRange(30, 100)
        self.quality.setPrefix(self.tr("JPEG 质量 "))
        self.state = QLabel()
        self.state.setObjectName("scanner_state")

        self.dpi.setCurrentIndex(max(0, self.dpi.findData(initial.dpi)))
        self.mode.setCurrentIndex(max(0, self.mode.findData(initial.mode.value)))
        self.feeder.setChecked(initial.feeder)
        self.duplex.setChecked(initial.duplex)
        self.duplex.setEnabled(initial.feeder)
        self.quality.setValue(initial.jpeg_quality)
        self.deskew.setChecked(initial.deskew)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("扫描仪：")))
        layout.addWidget(self.device, 1)
        layout.addWidget(self.search_button)
        for widget in (self.dpi, self.mode, self.feeder, self.duplex, self.deskew, self.quality):
            layout.addWidget(widget)
        layout.addWidget(self.state)

        self.search_button.clicked.connect(scanners.search)
        scanners.changed.connect(self.on_scanners_changed)
        self.feeder.toggled.connect(self.duplex.setEnabled)
        for signal in (
            self.device.currentIndexChanged,
            self.dpi.currentIndexChanged,
            self.mode.currentIndexChanged,
            self.feeder.toggled,
            self.duplex.toggled,
            self.deskew.toggled,
            self.quality.valueChanged,
        ):
            signal.connect(self.edited)
        self.on_scanners_changed()
        scanners.ensure_searched()

    def on_scanners_changed(self) -> None:
        scanners = self.scanners
        current = self.device.currentData() or self._wanted_device
        self.device.blockSignals(True)
        self.device.clear()
        for info in scanners.devices:
            self.device.addItem(info.label, info.id)
        index = self.device.findData(current)
        self.device.setCurrentIndex(index if index >= 0 else 0)
        self.device.blockSignals(False)
        self.search_button.setEnabled(not scanners.searching)
        if scanners.searching:
            self.state.setText(self.tr("正在查找扫描仪…"))
        elif scanners.error:
            self.state.setText(scanners.error)
        elif not scanners.devices:
            self.state.setText(self.tr("未找到扫描仪"))
        else:
            self.state.setText("")
        self.state.setStyleSheet(
            "color: #c0392b;"
            if scanners.error or (scanners.searched and not scanners.devices)
            else ""
        )

    def chosen_device(self) -> DeviceInfo | None:
        device_id = self.device.currentData()
        return next((d for d in self.scanners.devices if d.id == device_id), None)

    def settings(self) -> ScanSettings:
        return ScanSettings(
            device=str(self.device.currentData() or self._wanted_device),
            dpi=int(self.dpi.currentData()),
            mode=ScanMode(self.mode.currentData()),
            feeder=self.feeder.isChecked(),
            duplex=self.feeder.isChecked() and self.duplex.isChecked(),
            jpeg_quality=self.quality.value(),
            deskew=self.deskew.isChecked(),
        )
