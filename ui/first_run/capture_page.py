"""The wizard's capture page: scanner, document camera, watched folder or files, with a test
capture through the very dialog the clerk will use (ui/capture/capture_dialog.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
    QWizardPage,
)

from client.capture.material_pdf import MaterialPdf
from client.domain import MaterialForm, MaterialRequirement, Requirement
from offline.storage.store import Store
from ui.background import BackgroundOp

TEST_MATERIAL = MaterialRequirement(
    "TEST-CAPTURE", "测试采集", MaterialForm.ORIGINAL, 0, Requirement.REQUIRED
)


class CapturePage(QWizardPage):
    def __init__(self, store: Store, pool: QThreadPool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from ui.capture.material_capture import MaterialCapture

        self.store, self.pool = store, pool
        self.capture = MaterialCapture(store, pool, self)
        self.setTitle(self.tr("材料采集"))
        self.setSubTitle(self.tr("选择本窗口采集材料的方式，并试采一次。"))
        self.source = QComboBox()
        self.source.setObjectName("wizard_capture_source")
        for label, value in (
            (self.tr("扫描仪"), "scanner"),
            (self.tr("高拍仪"), "camera"),
            (self.tr("监视文件夹（扫描到文件夹）"), "watched_folder"),
            (self.tr("导入文件"), "files"),
        ):
            self.source.addItem(label, value)
        self.source.setCurrentIndex(
            max(0, self.source.findData(store.settings.text("scan.source")))
        )
        self.folder = QLineEdit(store.settings.text("scan.watch_folder"))
        self.folder.setObjectName("wizard_watch_folder")
        browse = QPushButton(self.tr("浏览…"))
        browse.clicked.connect(self.on_browse_clicked)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        self.test_button = QPushButton(self.tr("测试采集…"))
        self.test_button.setObjectName("wizard_test_capture")
        self.test_button.setAutoDefault(True)
        self.test_button.clicked.connect(self.on_test_clicked)
        self.result = QLabel()
        self.result.setObjectName("wizard_capture_result")
        self.result.setWordWrap(True)
        self.tested: MaterialPdf | None = None
        form = QFormLayout(self)
        form.addRow(self.tr("采集方式(&S)"), self.source)
        form.addRow(self.tr("监视文件夹"), folder_row)
        form.addRow("", self.test_button)
        form.addRow(self.result)

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {"scan.source": str(self.source.currentData())}
        if self.folder.text().strip():
            values["scan.watch_folder"] = self.folder.text().strip()
        return values

    def on_browse_clicked(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("选择监视文件夹"), self.folder.text()
        )
        if chosen:
            self.folder.setText(chosen)

    def on_test_clicked(self) -> None:
        """Save the choice first (the dialog opens on the saved source), then open it."""
        values = self.values()
        folder = values.get("scan.watch_folder")
        if values["scan.source"] == "watched_folder" and not (folder and Path(folder).is_dir()):
            self.result.setStyleSheet("color: #c0392b;")
            self.result.setText(self.tr("请选择一个存在的文件夹"))
            return
        op = BackgroundOp(
            self, lambda _ctx: self.store.set_settings(values), lambda _: self.open_dialog(),
            pool=self.pool,
        )  # fmt: skip
        op.run()

    def open_dialog(self) -> None:
        from ui.capture.capture_dialog import CaptureDialog

        dialog = CaptureDialog(self.capture, TEST_MATERIAL, (), self)
        dialog.setObjectName("wizard_capture_dialog")
        dialog.finished_material.connect(self.on_captured)
        self.dialog = dialog
        dialog.open()

    def on_captured(self, pdf: MaterialPdf) -> None:
        self.tested = pdf
        self.result.setStyleSheet("color: #1e8449;")
        self.result.setText(self.tr("采集成功：{n} 页。").format(n=pdf.page_count))
        self.capture.discard()  # only a test: nothing of it is kept
