"""The document camera through Qt Multimedia (Windows: Media Foundation; macOS).

Linux uses ui/capture/linux_camera.py instead; what both share is in ui/capture/camera_view.py.
"""

from __future__ import annotations

import io

from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import (
    QCamera,
    QCameraDevice,
    QImageCapture,
    QMediaCaptureSession,
    QMediaDevices,
)
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import QWidget

from client.capture.pages import CaptureWorkspace
from client.capture.sources import ScanSettings
from ui.capture.camera_view import CameraViewBase


def qimage_to_pil(image: QImage) -> Image.Image:
    """A QImage as a PIL image (in a worker thread: QImage only, no widgets)."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, b"PNG")
    with Image.open(io.BytesIO(bytes(buffer.data().data()))) as frame:
        frame.load()
        return frame.copy()


class QtCameraView(CameraViewBase):
    """The camera tab over QCamera, with QMediaDevices' hot-plug notice."""

    def __init__(
        self, workspace: CaptureWorkspace, settings: ScanSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(workspace, settings, QVideoWidget(), parent)
        self.camera: QCamera | None = None
        self.session = QMediaCaptureSession(self)
        self.image_capture = QImageCapture(self)
        self.session.setImageCapture(self.image_capture)
        self.session.setVideoOutput(self.preview)
        self.devices = QMediaDevices(self)
        self.devices.videoInputsChanged.connect(self.refresh_devices)
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
            self.show_no_camera()
            return
        default = QMediaDevices.defaultVideoInput()
        index = next((i for i, d in enumerate(inputs) if d.id() == default.id()), 0)
        self.cameras.setCurrentIndex(index)
        self.on_camera_chosen(index)
        self.show_live()

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
        self.show_problem(self.tr("高拍仪无法使用：{error}").format(error=text))

    def on_capture_clicked(self) -> None:
        if self.camera is None or not self.image_capture.isReadyForCapture():
            return
        self.capture_button.setEnabled(False)
        self.image_capture.capture()

    def on_image_captured(self, _id: int, image: QImage) -> None:
        self.store_in_background(lambda: qimage_to_pil(image))

    def on_capture_error(self, _id: int, _error: QImageCapture.Error, text: str) -> None:
        self.capture_button.setEnabled(True)
        self.message.setText(self.tr("拍照失败：{error}").format(error=text))

    def stop(self) -> None:
        if self.camera is not None:
            self.camera.stop()
            self.session.setCamera(None)  # type: ignore[arg-type]  # None detaches it
            self.camera.deleteLater()
            self.camera = None
