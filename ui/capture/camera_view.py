"""The document camera (高拍仪) tab: what both camera back ends share, and the one to use.

Document cameras are ordinary UVC cameras. Linux reads them through V4L2 (ui/capture/
linux_camera.py; the Linux build has no Qt Multimedia, whose only Linux backend is 18 MiB of
FFmpeg), Windows and macOS through Qt Multimedia (ui/capture/qt_camera.py). Either way the
tab shows a live preview with a 拍照 button, or a plain message when there is no camera, and a
photo is stored by a worker in the capture workspace like a scanned page.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from PIL import Image
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from client.capture.pages import CaptureWorkspace, Page
from client.capture.sources import ScanSettings, store_image
from ui.background import BackgroundOp, OpContext, failure_text

A4_LONG_EDGE_INCHES = 297 / 25.4  # a document camera frames (about) an A4 sheet


def store_photo(
    frame: Image.Image, workspace: CaptureWorkspace, settings: ScanSettings, origin: str
) -> Page:
    """Store one camera frame as a page (runs in a worker thread).

    A camera has no real resolution; the frame's long edge is taken as an A4 sheet's, which
    gives the page its printed size."""
    dpi = max(frame.width, frame.height) / A4_LONG_EDGE_INCHES
    return store_image(frame, workspace, settings.mode, dpi, settings.jpeg_quality, origin)


class CameraViewBase(QWidget):
    """Live preview (`preview`, given by the back end) with a 拍照 button, or a message.

    Signals:
        captured(object): a Page stored in the workspace.
        saving_changed(): a photo started or finished being stored (see `saving`).
        store_failed(str): a photo could not be stored (Chinese; the dialog shows it, also
            when this view has already been left and is only waiting for the photo).
    """

    captured = Signal(object)
    saving_changed = Signal()
    store_failed = Signal(str)

    def __init__(
        self,
        workspace: CaptureWorkspace,
        settings: ScanSettings,
        preview: QWidget,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.settings = settings
        self.saving = 0  # photos taken and not yet stored as pages
        self.preview = preview
        self.cameras = QComboBox()
        self.capture_button = QPushButton(self.tr("拍照"))
        self.capture_button.setObjectName("camera_capture_button")
        self.capture_button.setAutoDefault(False)
        self.message = QLabel()
        self.message.setObjectName("camera_message")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setStyleSheet("color: #c0392b; font-size: 14px;")
        self.retry_button = QPushButton(self.tr("重新检测"))
        self.retry_button.setAutoDefault(False)

        live = QWidget()
        live_layout = QVBoxLayout(live)
        live_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("高拍仪：")))
        row.addWidget(self.cameras, 1)
        row.addWidget(self.capture_button)
        live_layout.addLayout(row)
        live_layout.addWidget(self.preview, 1)
        none = QWidget()
        none_layout = QVBoxLayout(none)
        none_layout.addStretch()
        none_layout.addWidget(self.message)
        none_layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignCenter)
        none_layout.addStretch()
        self.stack = QStackedLayout(self)
        self.stack.addWidget(live)
        self.stack.addWidget(none)
        self.retry_button.clicked.connect(self.refresh_devices)
        self.cameras.currentIndexChanged.connect(self.on_camera_chosen)
        self.capture_button.clicked.connect(self.on_capture_clicked)

    # --- what a back end provides -------------------------------------------------------------

    def has_camera(self) -> bool:
        raise NotImplementedError

    def refresh_devices(self) -> None:
        raise NotImplementedError

    def on_camera_chosen(self, index: int) -> None:
        raise NotImplementedError

    def on_capture_clicked(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        """Release the camera (the dialog calls this when it closes or the tab changes)."""
        raise NotImplementedError

    # --- shared -------------------------------------------------------------------------------

    def show_no_camera(self) -> None:
        self.show_problem(
            self.tr(
                "未检测到高拍仪（摄像头）。\n"
                "请确认高拍仪的 USB 线已插好并已通电，然后点击“重新检测”；"
                "也可以改用扫描仪或导入文件。"
            )
        )

    def show_problem(self, text: str) -> None:
        self.message.setText(text)
        self.stack.setCurrentIndex(1)

    def show_live(self) -> None:
        self.preview.setMinimumSize(480, 320)  # big enough to see that a page is sharp
        self.stack.setCurrentIndex(0)

    def store_in_background(self, make_image: Callable[[], Image.Image]) -> None:
        """Store the photo `make_image()` returns (called in the worker) as a page."""
        workspace, settings = self.workspace, self.settings
        origin = self.tr("高拍仪 {name}").format(name=self.cameras.currentText())

        def job(_ctx: OpContext) -> Page:
            return store_photo(make_image(), workspace, settings, origin)

        op = BackgroundOp(self, job, self.captured.emit)
        op.on_failure(lambda exc: self.store_failed.emit(failure_text(exc)))
        op.finished.connect(self.on_photo_stored)
        self.saving += 1
        self.saving_changed.emit()
        self.capture_button.setEnabled(False)
        op.run()

    def on_photo_stored(self) -> None:
        self.capture_button.setEnabled(True)
        self.saving -= 1
        self.saving_changed.emit()


def create_camera_view(
    workspace: CaptureWorkspace, settings: ScanSettings, parent: QWidget | None = None
) -> CameraViewBase:
    """The camera tab for this platform (its modules load on first use)."""
    if sys.platform.startswith("linux"):
        from ui.capture.linux_camera import LinuxCameraView

        return LinuxCameraView(workspace, settings, parent)
    from ui.capture.qt_camera import QtCameraView

    return QtCameraView(workspace, settings, parent)
