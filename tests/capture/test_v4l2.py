"""The Linux document camera: V4L2 through libv4l2 (client/capture/devices/v4l2.py) and its tab.

No camera can be plugged in here (no UVC device, no v4l2loopback module in a container). So:
the binding's structures and ioctl numbers are checked against the kernel's own header (compiled
with gcc); the system's real libv4l2 is loaded and shown a node that is no camera; and the tab is
driven end to end (find, preview, 拍照, stored page) by a small C stand-in for libv4l2 that plays a
camera over a regular file (tests/capture/v4l2/fake_libv4l2.c).
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from pytestqt.qtbot import QtBot

from client.capture.devices import v4l2
from client.capture.pages import CaptureWorkspace
from client.capture.sources import CaptureError, ScanMode, ScanSettings
from tests.capture.support import sane_test_device
from tests.test_cli import run
from ui.capture.capture_dialog import CaptureDialog

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="V4L2 is Linux's")

HERE = Path(__file__).parent / "v4l2"
__all__ = ["sane_test_device"]  # the fixture, imported for pytest


def compile_c(source: Path, target: Path, shared: bool = False) -> Path:
    flags = ["-shared", "-fPIC"] if shared else []
    subprocess.run(["gcc", "-Wall", "-Werror", *flags, "-o", str(target), str(source)], check=True)
    return target


@pytest.fixture
def fresh_library(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test loads the library it names (the binding keeps the first one it loaded)."""
    monkeypatch.setattr(v4l2, "_lib", None)
    monkeypatch.delenv(v4l2.ENV_LIBRARY, raising=False)
    yield


@pytest.fixture
def fake_camera(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_library: None) -> Path:
    """/dev as the tab sees it: a capture node video0 and a UVC metadata node, over the stand-in."""
    library = compile_c(HERE / "fake_libv4l2.c", tmp_path / "libfake_v4l2.so", shared=True)
    monkeypatch.setenv(v4l2.ENV_LIBRARY, str(library))
    devices = tmp_path / "dev"
    devices.mkdir()
    (devices / "video0").write_bytes(b"")
    (devices / "video1meta").write_bytes(b"")
    monkeypatch.setattr(v4l2, "DEVICE_DIR", devices)
    return devices


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_the_structures_and_ioctls_are_the_kernels(tmp_path: Path) -> None:
    program = compile_c(HERE / "abi.c", tmp_path / "abi")
    lines = subprocess.run([str(program)], capture_output=True, text=True, check=True).stdout
    kernel = {name: int(value) for name, value in (line.split() for line in lines.splitlines())}
    ours = {
        "capability_size": ctypes.sizeof(v4l2.Capability),
        "capability_device_caps": v4l2.Capability.device_caps.offset,
        "format_size": ctypes.sizeof(v4l2.Format),
        "format_fmt": v4l2.Format.fmt.offset,
        "pix_size": ctypes.sizeof(v4l2.PixFormat),
        "pix_sizeimage": v4l2.PixFormat.sizeimage.offset,
        "VIDIOC_QUERYCAP": v4l2.VIDIOC_QUERYCAP,
        "VIDIOC_G_FMT": v4l2.VIDIOC_G_FMT,
        "VIDIOC_S_FMT": v4l2.VIDIOC_S_FMT,
        "PIX_FMT_RGB24": v4l2.PIX_FMT_RGB24,
        "CAP_VIDEO_CAPTURE": v4l2.CAP_VIDEO_CAPTURE,
        "CAP_DEVICE_CAPS": v4l2.CAP_DEVICE_CAPS,
        "BUF_TYPE_VIDEO_CAPTURE": v4l2.BUF_TYPE_VIDEO_CAPTURE,
        "FIELD_NONE": v4l2.FIELD_NONE,
    }
    assert ours == kernel


def test_the_real_libv4l2_sees_no_camera_in_a_node_that_is_none(
    tmp_path: Path, fresh_library: None
) -> None:
    node = tmp_path / "video0"
    node.write_bytes(b"not a camera")
    before = open_fds()
    assert v4l2.list_cameras(tmp_path) == []
    with pytest.raises(CaptureError) as refused:
        v4l2.Camera(v4l2.CameraDevice(node, "video0"))
    assert "高拍仪" in str(refused.value)
    assert open_fds() == before  # nothing left open
    assert node.read_bytes() == b"not a camera"


def test_without_libv4l2_the_clerk_is_told_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_library: None
) -> None:
    monkeypatch.setenv(v4l2.ENV_LIBRARY, str(tmp_path / "libv4l2.so.0"))
    with pytest.raises(v4l2.V4l2Missing) as missing:
        v4l2.list_cameras(tmp_path)
    assert "sudo apt install libv4l-0" in str(missing.value)


@pytest.mark.parametrize(
    ("code", "says"),
    [
        (errno.EACCES, "video 组"),
        (errno.EBUSY, "正被其他程序使用"),
        (errno.ENODEV, "已断开"),
        (errno.EIO, "已断开"),  # the frame queue fails first when a camera is pulled out
        (errno.ENOSPC, "USB 带宽不足"),
        (errno.EPROTO, "高拍仪无法使用"),
    ],
)
def test_a_camera_that_cannot_be_used_is_explained(code: int, says: str) -> None:
    assert says in str(v4l2.camera_error(Path("/dev/video0"), OSError(code, "")))


def test_frames_arrive_as_rgb_with_the_row_padding_left_out(fake_camera: Path) -> None:
    from ui.capture.linux_camera import frame_to_pil

    cameras = v4l2.list_cameras()
    assert cameras == [v4l2.CameraDevice(fake_camera / "video0", "Fake Document Camera")]
    camera = v4l2.Camera(cameras[0])
    try:
        frame = None
        while frame is None:
            frame = camera.read(1.0)
        assert (frame.width, frame.height, frame.stride) == (640, 480, 640 * 3 + 16)
        image = frame_to_pil(frame)
    finally:
        camera.close()
    assert image.size == (640, 480)
    assert image.getpixel((10, 100)) == (255, 0, 0)
    assert image.getpixel((639, 479)) == (0, 0, 255)  # not the 0x55 padding


def test_the_camera_tab_previews_and_takes_a_photo_as_a_page(
    qtbot: QtBot, tmp_path: Path, fake_camera: Path
) -> None:
    from ui.capture.linux_camera import LinuxCameraView, _running

    workspace = CaptureWorkspace(tmp_path / "work")
    view = LinuxCameraView(workspace, ScanSettings(mode=ScanMode.GREY))
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    qtbot.waitUntil(view.has_camera, timeout=5000)
    assert view.cameras.count() == 1  # the metadata node is no camera
    assert view.cameras.currentText() == "Fake Document Camera"
    qtbot.waitUntil(lambda: not view.preview_label.pixmap().isNull(), timeout=5000)
    assert view.capture_button.isVisible()

    with qtbot.waitSignal(view.captured, timeout=10000) as photo:
        qtbot.waitUntil(lambda: view.reader is not None and view.reader.latest_frame() is not None)
        view.capture_button.click()
    page = photo.args[0]
    assert (page.width_px, page.height_px) == (640, 480)
    assert page.source.is_file() and workspace.contains(page.source)
    with Image.open(page.source) as stored:
        assert stored.mode == "L" and stored.size == (640, 480)
    qtbot.waitUntil(lambda: view.saving == 0)
    assert view.capture_button.isEnabled()

    # 重新检测 while the camera streams: the new reader waits for the old one to let go.
    first = view.reader
    view.retry_button.click()
    qtbot.waitUntil(lambda: view.reader is not None and view.reader is not first, timeout=5000)
    qtbot.waitUntil(lambda: view.reader is not None and view.reader.latest_frame() is not None)
    assert view.has_camera() and view.capture_button.isVisible(), view.message.text()

    reader = view.reader
    assert reader is not None
    view.stop()
    assert not view.has_camera()
    assert reader.wait(2000)  # it closes the camera by itself, within a read timeout
    qtbot.waitUntil(lambda: reader not in _running)
    workspace.discard()


def test_a_camera_that_fails_to_open_shows_why(
    qtbot: QtBot, tmp_path: Path, fake_camera: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.capture.linux_camera import LinuxCameraView

    monkeypatch.setattr(v4l2, "PIX_FMT_RGB24", 0)  # the camera answers with a format not asked
    view = LinuxCameraView(CaptureWorkspace(tmp_path / "work"), ScanSettings())
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: "不支持所需的图像格式" in view.message.text(), timeout=5000)
    assert view.message.isVisible() and not view.has_camera()


@pytest.mark.usefixtures("sane_test_device")  # doctor looks for scanners too
def test_doctor_names_the_cameras(tmp_path: Path, fake_camera: Path) -> None:
    from offline.doctor.checks import run_checks

    checks = {c.name: c for c in run_checks(tmp_path / "profile").checks}
    assert checks["cameras"].level == "ok"
    assert checks["cameras"].message == "高拍仪：Fake Document Camera"


def test_doctor_says_what_to_install_for_the_camera(tmp_path: Path) -> None:
    env = {v4l2.ENV_LIBRARY: str(tmp_path / "libv4l2.so.0"), "QT_QPA_PLATFORM": "offscreen"}
    result = run(tmp_path / "p", "doctor", "--json", env=env)
    checks = {c["name"]: c for c in json.loads(result.stdout)["checks"]}
    assert checks["cameras"]["level"] == "warning"
    assert checks["cameras"]["message"] == (
        "无法使用高拍仪：未找到高拍仪（摄像头）驱动库 libv4l2，"
        "请安装 libv4l-0（Debian/Ubuntu: sudo apt install libv4l-0）"
    )
    assert checks["database"]["level"] == "ok"


def test_a_reader_that_breaks_says_so_and_the_tab_still_closes(
    qtbot: QtBot, tmp_path: Path, fake_camera: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fault the reader did not foresee (here: the preview cannot be made) ends the reader
    with a message, frees the camera, and leaves the view in a state that stops cleanly."""
    from ui.capture import linux_camera

    def broken(_frame: v4l2.Frame, _size: object) -> object:
        raise MemoryError

    working = linux_camera.frame_to_qimage
    monkeypatch.setattr(linux_camera, "frame_to_qimage", broken)
    view = linux_camera.LinuxCameraView(CaptureWorkspace(tmp_path / "work"), ScanSettings())
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: "高拍仪无法使用：MemoryError" in view.message.text(), timeout=5000)
    assert view.message.isVisible() and not view.has_camera()
    qtbot.waitUntil(lambda: not linux_camera._running)  # the reader ended
    view.stop()  # nothing left to stop: no error
    monkeypatch.setattr(linux_camera, "frame_to_qimage", working)
    view.retry_button.click()  # and the camera opens again (the broken reader let it go)
    qtbot.waitUntil(view.has_camera, timeout=5000)
    qtbot.waitUntil(lambda: not view.preview_label.pixmap().isNull(), timeout=5000)
    view.stop()


def photo_then_other_tab(qtbot: QtBot, tmp_path: Path) -> CaptureDialog:
    """拍照 in the capture dialog, then straight to 导入文件 before the photo is stored."""
    from tests.capture.ui_support import choose_food_permit, open_capture
    from tests.factories import open_main_window
    from ui.capture.linux_camera import LinuxCameraView

    window = open_main_window(qtbot, tmp_path / "profile", show=True)
    choose_food_permit(qtbot, window.intake)
    dialog = open_capture(qtbot, window.intake, 1)
    dialog.tabs.setCurrentIndex(1)  # 高拍仪
    view = dialog.camera_view
    assert isinstance(view, LinuxCameraView)
    qtbot.waitUntil(lambda: view.reader is not None and view.reader.latest_frame() is not None)
    view.capture_button.click()
    dialog.tabs.setCurrentIndex(2)
    assert dialog.camera_view is None and not view.has_camera()  # the camera is let go at once
    assert not dialog.finish_button.isEnabled()  # a page is on its way
    return dialog


@pytest.mark.usefixtures("sane_test_device")  # the dialog's scanner tab looks for scanners
def test_a_photo_still_being_stored_when_the_tab_changes_becomes_a_page(
    qtbot: QtBot, tmp_path: Path, fake_camera: Path
) -> None:
    dialog = photo_then_other_tab(qtbot, tmp_path)
    qtbot.waitUntil(lambda: len(dialog.pages()) == 1, timeout=10000)
    qtbot.waitUntil(dialog.finish_button.isEnabled)
    assert dialog.leaving_views == []
    dialog.reject()


@pytest.mark.usefixtures("sane_test_device")
def test_a_photo_that_cannot_be_stored_after_the_tab_changed_says_so(
    qtbot: QtBot, tmp_path: Path, fake_camera: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.capture import camera_view

    def full(*_args: object) -> object:
        raise CaptureError("磁盘空间不足，无法保存采集的页面")

    monkeypatch.setattr(camera_view, "store_image", full)
    dialog = photo_then_other_tab(qtbot, tmp_path)
    qtbot.waitUntil(lambda: "照片未能保存：磁盘空间不足" in dialog.message.text(), timeout=10000)
    qtbot.waitUntil(lambda: dialog.leaving_views == [])
    assert dialog.pages() == () and not dialog.finish_button.isEnabled()
    dialog.reject()
