"""The document camera (高拍仪): live preview and capture through QtMultimedia.

Document cameras are ordinary UVC cameras. With none attached the view says so in plain words
and offers to look again; nothing else is started. A captured frame is handed to a worker that
stores it in the capture workspace like a scanned page (JPEG, or 1-bit PNG in black and white).
"""

from __future__ import annotations

import io

from PySide6.QtCore import QBuffer, QIODevice, Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import (
    QCamera,
    QCameraDevice,
    QImageCapture,
    QMediaCaptureSession,
    QMediaDevices,
)
from PySide6.QtMultimediaWidgets import QVideoWidget
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
from ui.background import BackgroundOp

A4_LONG_EDGE_INCHES = 297 / 25.4  # a document camera frames (about) an A4 sheet


def store_frame(
    image: QImage, workspace: CaptureWorkspace, settings: ScanSettings, origin: str
) -> Page:
    """Store one camera frame as a page (runs in a worker thread: QImage only, no widgets).

    A camera has no real resolution; the frame's long edge is taken as an A4 sheet's, which
    gives the page its printed size."""
    from PIL import Image

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, b"PNG")
    with Image.open(io.BytesIO(bytes(buffer.data().data()))) as frame:
        frame.load()
        dpi = max(frame.width, frame.height) / A4_LONG_EDGE_INCHES
        return store_image(frame, workspace, settings.mode, dpi, settings.jpeg_quality, origin)


class CameraView(QWidget):
    """Live preview with a 拍照 button, or a clear message when there is no camera.

    Signals:
        captured(object): a Page stored in the workspace.
        saving_changed(): a photo started or finished being stored (see `saving`).
    """

    captured = Signal(object)
    saving_changed = Signal()

    def __init__(
        self, workspace: CaptureWorkspace, settings: ScanSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.settings = settings
        self.camera: QCamera | None = None
        self.saving = 0  # photos taken and not yet stored as pages
        self.session = QMediaCaptureSession(self)
        self.image_capture = QImageCapture(self)
        self.session.setImageCapture(self.image_capture)
        self.preview = QVideoWidget()
        self.session.setVideoOutput(self.preview)
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

        self.devices = QMediaDevices(self)
        self.devices.videoInputsChanged.connect(self.refresh_devices)
        self.retry_button.clicked.connect(self.refresh_devices)
        self.cameras.currentIndexChanged.connect(self.on_camera_chosen)
        self.capture_button.clicked.connect(self.on_capture_clicked)
        self.image_capture.imageCaptured.connect(self.on_image_captured)
        self.image_capture.errorOccurred.connect(self.on_capture_error)
        self.refresh_devices()

    def has_camera(self) -> bool:
        return self.camera is not None

    def refresh_devices(self) -> None:
        inputs = QMediaDevices.videoInputs()
        self.cameras.blockSignals(True)
        self.cameras.clear()
        for device in inputs:
            self.cameras.addItem(device.description(), device)
        self.cameras.blockSignals(False)
        if not inputs:
            self.stop()
            self.message.setText(
                self.tr(
                    "未检测到高拍仪（摄像头）。\n"
                    "请确认高拍仪的 USB 线已插好并已通电，然后点击“重新检测”；"
                    "也可以改用扫描仪或导入文件。"
                )
            )
            self.stack.setCurrentIndex(1)
            return
        self.preview.setMinimumSize(480, 320)  # big enough to see that a page is sharp
        default = QMediaDevices.defaultVideoInput()
        index = next((i for i, d in enumerate(inputs) if d.id() == default.id()), 0)
        self.cameras.setCurrentIndex(index)
        self.on_camera_chosen(index)
        self.stack.setCurrentIndex(0)

    def on_camera_chosen(self, index: int) -> None:
        device = self.cameras.itemData(index)
        if not isinstance(device, QCameraDevice):
            return
        self.stop()
        self.camera = QCamera(device, self)
        self.camera.errorOccurred.connect(self.on_camera_error)
        self.session.setCamera(self.camera)
        self.camera.start()

    def on_camera_error(self, _error: QCamera.Error, text: str) -> None:
        self.message.setText(self.tr("高拍仪无法使用：{error}").format(error=text))
        self.stack.setCurrentIndex(1)

    def on_capture_clicked(self) -> None:
        if self.camera is None or not self.image_capture.isReadyForCapture():
            return
        self.capture_button.setEnabled(False)
        self.image_capture.capture()

    def on_image_captured(self, _id: int, image: QImage) -> None:
        workspace, settings = self.workspace, self.settings
        origin = self.tr("高拍仪 {name}").format(name=self.cameras.currentText())
        op = BackgroundOp(
            self,
            lambda _ctx: store_frame(image, workspace, settings, origin),
            self.captured.emit,
        )
        op.finished.connect(self.on_frame_stored)
        self.saving += 1
        self.saving_changed.emit()
        op.run()

    def on_frame_stored(self) -> None:
        self.capture_button.setEnabled(True)
        self.saving -= 1
        self.saving_changed.emit()

    def on_capture_error(self, _id: int, _error: QImageCapture.Error, text: str) -> None:
        self.capture_button.setEnabled(True)
        self.message.setText(self.tr("拍照失败：{error}").format(error=text))

    def stop(self) -> None:
        """Release the camera (the dialog calls this when it closes or the tab changes)."""
        if self.camera is not None:
            self.camera.stop()
            self.session.setCamera(None)  # type: ignore[arg-type]  # None detaches it
            self.camera.deleteLater()
            self.camera = None
