"""The document camera on Linux: V4L2 frames (client/capture/devices/v4l2.py) in a QLabel.

Finding the cameras (opening each /dev/video node) runs in a worker; a `CameraReader` thread
opens the chosen camera and reads its frames, keeping only the newest full frame for 拍照 and
sending the preview a scaled copy only when the last one has been shown, so a slow screen
drops frames instead of queueing them. Nothing here touches the device on the UI thread.
"""

from __future__ import annotations

import logging
import threading

from PIL import Image
from PySide6.QtCore import QCoreApplication, QSize, Qt, QThread, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget
from shiboken6 import isValid

from client.capture.devices import v4l2
from client.capture.pages import CaptureWorkspace
from client.capture.sources import CaptureError, ScanSettings
from ui.background import BackgroundOp
from ui.capture.camera_view import CameraViewBase

log = logging.getLogger(__name__)
READ_TIMEOUT_S = 0.2  # how long a stop request may wait for the reader to notice it
_running: set[CameraReader] = set()  # readers still closing their camera after the view went
_quit_hooked: list[bool] = []


def frame_to_pil(frame: v4l2.Frame) -> Image.Image:
    """An RGB24 frame as a PIL image (copies the pixels: the frame's bytes stay the reader's)."""
    return Image.frombuffer(
        "RGB", (frame.width, frame.height), frame.data, "raw", "RGB", frame.stride, 1
    ).copy()


def frame_to_qimage(frame: v4l2.Frame, size: QSize) -> QImage:
    """A preview of the frame, scaled to fit `size` (the QImage owns its pixels)."""
    image = QImage(frame.data, frame.width, frame.height, frame.stride, QImage.Format.Format_RGB888)
    return image.scaled(
        size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation
    )


class CameraReader(QThread):
    """Opens one camera and reads it until interrupted; closes it on the way out.

    Signals:
        preview(QImage): a scaled frame; the next one is sent after `preview_shown()`.
        failed(str): the camera could not be opened or stopped delivering (Chinese).
    """

    preview = Signal(QImage)
    failed = Signal(str)

    def __init__(
        self, device: v4l2.CameraDevice, preview_size: QSize, after: list[threading.Event]
    ) -> None:
        super().__init__()
        self.device = device
        # Readers still closing (their `closed`): a UVC camera streams to one reader at a time.
        self.after = after
        self.closed = threading.Event()  # plain Python: outlives the QThread's C++ side
        self.preview_size = preview_size
        self._lock = threading.Lock()
        self._latest: v4l2.Frame | None = None
        self._waiting = False  # a preview was sent and not shown yet

    def latest_frame(self) -> v4l2.Frame | None:
        with self._lock:
            return self._latest

    def preview_shown(self) -> None:
        self._waiting = False

    def run(self) -> None:
        try:
            self._run()
        finally:
            self.closed.set()

    def _run(self) -> None:
        for previous in self.after:
            previous.wait(READ_TIMEOUT_S * 5)
        if self.isInterruptionRequested():
            return  # stopped while it waited: never opens the camera
        try:
            camera = v4l2.Camera(self.device)
        except CaptureError as exc:
            self.failed.emit(str(exc))
            return
        try:
            while not self.isInterruptionRequested():
                frame = camera.read(READ_TIMEOUT_S)
                if frame is None:
                    continue
                with self._lock:
                    self._latest = frame
                if not self._waiting:
                    self._waiting = True
                    self.preview.emit(frame_to_qimage(frame, self.preview_size))
        except CaptureError as exc:
            self.failed.emit(str(exc))
        except OSError as exc:  # poll() on a camera that went away
            self.failed.emit(str(v4l2.camera_error(self.device.path, exc)))
        except Exception as exc:  # a bug must still say something and free the camera
            log.exception("camera reader failed")
            self.failed.emit(self.tr("高拍仪无法使用：{error}").format(error=type(exc).__name__))
        finally:
            camera.close()


class LinuxCameraView(CameraViewBase):
    """The camera tab over V4L2."""

    def __init__(
        self, workspace: CaptureWorkspace, settings: ScanSettings, parent: QWidget | None = None
    ) -> None:
        preview = QLabel()
        preview.setObjectName("camera_preview")
        preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        preview.setStyleSheet("background: #202020;")
        # The frame is scaled to the label, never the label to the frame (a 5 MP camera).
        preview.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        super().__init__(workspace, settings, preview, parent)
        self.preview_label = preview
        self.reader: CameraReader | None = None
        self.devices: list[v4l2.CameraDevice] = []
        self.looking = False
        app = QCoreApplication.instance()
        if app is not None and not _quit_hooked:
            app.aboutToQuit.connect(wait_for_readers)
            _quit_hooked.append(True)
        self.show_problem(self.tr("正在检测高拍仪…"))
        self.refresh_devices()

    def has_camera(self) -> bool:
        return self.reader is not None

    def refresh_devices(self) -> None:
        if self.looking:
            return
        self.looking = True
        self.retry_button.setEnabled(False)
        op = BackgroundOp(self, lambda _ctx: v4l2.list_cameras(), self.on_devices_found)
        op.on_failure(lambda exc: self.show_problem(str(exc)))
        op.finished.connect(self.on_looked)
        op.run()

    def on_looked(self) -> None:
        self.looking = False
        self.retry_button.setEnabled(True)

    def on_devices_found(self, devices: list[v4l2.CameraDevice]) -> None:
        self.stop()
        self.devices = devices
        self.cameras.blockSignals(True)
        self.cameras.clear()
        for device in devices:
            self.cameras.addItem(device.name, str(device.path))
        self.cameras.blockSignals(False)
        if not devices:
            self.show_no_camera()
            return
        self.cameras.setCurrentIndex(0)
        self.on_camera_chosen(0)

    def on_camera_chosen(self, index: int) -> None:
        if not 0 <= index < len(self.devices):
            return
        self.stop()
        self.preview_label.clear()
        self.show_live()
        reader = CameraReader(self.devices[index], QSize(960, 720), [r.closed for r in _running])
        reader.preview.connect(self.on_preview)
        reader.failed.connect(self.on_camera_failed)
        reader.finished.connect(lambda: self.on_reader_finished(reader))
        reader.finished.connect(reader.deleteLater)
        _running.add(reader)
        self.reader = reader
        reader.start()

    def on_reader_finished(self, reader: CameraReader) -> None:
        _running.discard(reader)
        if self.reader is reader:  # it ended by itself (after saying why through `failed`)
            self.reader = None

    def on_preview(self, image: QImage) -> None:
        if self.reader is None:
            return
        target = self.preview_label.size()
        if image.width() > target.width() or image.height() > target.height():
            image = image.scaled(
                target, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation
            )
        self.preview_label.setPixmap(QPixmap.fromImage(image))
        self.reader.preview_shown()

    def on_camera_failed(self, text: str) -> None:
        self.stop()
        self.show_problem(text)

    def on_capture_clicked(self) -> None:
        frame = self.reader.latest_frame() if self.reader is not None else None
        if frame is None:
            return  # the camera has sent nothing yet (as Qt's camera is not yet ready)
        self.store_in_background(lambda: frame_to_pil(frame))

    def stop(self) -> None:
        """Ask the reader to stop; it closes the camera within READ_TIMEOUT_S, off this thread."""
        reader, self.reader = self.reader, None
        if reader is not None and isValid(reader):
            reader.preview.disconnect(self.on_preview)
            reader.failed.disconnect(self.on_camera_failed)
            reader.requestInterruption()


def wait_for_readers(timeout_ms: int = 3000) -> None:
    """At exit: stop every reader and let it close its camera (a running QThread must not be
    freed)."""
    readers = list(_running)
    for reader in readers:
        reader.requestInterruption()
    for reader in readers:
        reader.wait(timeout_ms)
