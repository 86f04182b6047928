"""The document camera (高拍仪) on Linux: V4L2 through the system's libv4l2, loaded at run time.

Document cameras are UVC cameras, which Linux offers as /dev/video* nodes. Qt Multimedia's only
Linux backend in the PySide6 wheel is FFmpeg (18 MiB of libraries), so the Linux build leaves
Qt Multimedia out and reads the camera here instead, like libsane for scanners: nothing is
compiled, and a machine without the library gets `V4l2Missing`, which says what to install.

Devices are found with VIDIOC_QUERYCAP on each /dev/video node; frames are read through libv4l2
(package libv4l-0, which libsane1 already depends on), which converts whatever the camera sends
(MJPEG, YUYV, ...) to RGB24 and emulates read() for cameras that only stream. The structures
below are checked against the kernel's <linux/videodev2.h> by tests/capture/test_v4l2.py.
`CHUANGKOU_LIBV4L2` may name another library file.
"""

from __future__ import annotations

import ctypes
import errno
import os
import select
from dataclasses import dataclass
from pathlib import Path

from client.capture.sources import CaptureError
from client.i18n import translate

LIBRARY_NAMES = ("libv4l2.so.0", "libv4l2.so")
ENV_LIBRARY = "CHUANGKOU_LIBV4L2"
DEVICE_DIR = Path("/dev")

# <linux/videodev2.h>
CAP_VIDEO_CAPTURE = 0x00000001
CAP_DEVICE_CAPS = 0x80000000
BUF_TYPE_VIDEO_CAPTURE = 1
FIELD_NONE = 1
PIX_FMT_RGB24 = int.from_bytes(b"RGB3", "little")
# A document camera's largest frame is wanted (a sheet of A4 must be legible); the driver
# answers S_FMT with the nearest size it has.
WANTED_WIDTH, WANTED_HEIGHT = 4096, 3072
MAX_FRAME_BYTES = 8192 * 8192 * 3  # no camera sends more; a larger size is garbage


class Capability(ctypes.Structure):
    _fields_ = [
        ("driver", ctypes.c_char * 16),
        ("card", ctypes.c_char * 32),
        ("bus_info", ctypes.c_char * 32),
        ("version", ctypes.c_uint32),
        ("capabilities", ctypes.c_uint32),
        ("device_caps", ctypes.c_uint32),
        ("reserved", ctypes.c_uint32 * 3),
    ]


class PixFormat(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_uint32)
        for name in (
            "width",
            "height",
            "pixelformat",
            "field",
            "bytesperline",
            "sizeimage",
            "colorspace",
            "priv",
            "flags",
            "ycbcr_enc",
            "quantization",
            "xfer_func",
        )
    ]


class _FormatUnion(ctypes.Union):
    # The kernel's union also holds struct v4l2_window (with pointers): 200 bytes, 8-aligned.
    _fields_ = [("pix", PixFormat), ("raw_data", ctypes.c_uint8 * 200), ("_align", ctypes.c_void_p)]


class Format(ctypes.Structure):
    _fields_ = [("type", ctypes.c_uint32), ("fmt", _FormatUnion)]


def _ioc(direction: int, number: int, size: int) -> int:
    """The kernel's _IOC(dir, 'V', nr, size) for the generic ioctl layout (x86, ARM)."""
    return (direction << 30) | (size << 16) | (ord("V") << 8) | number


_READ, _WRITE = 2, 1
VIDIOC_QUERYCAP = _ioc(_READ, 0, ctypes.sizeof(Capability))
VIDIOC_G_FMT = _ioc(_READ | _WRITE, 4, ctypes.sizeof(Format))
VIDIOC_S_FMT = _ioc(_READ | _WRITE, 5, ctypes.sizeof(Format))


class V4l2Missing(CaptureError):
    """libv4l2 is not installed on this machine."""


def missing_message() -> V4l2Missing:
    return V4l2Missing(
        translate("capture", "未找到高拍仪（摄像头）驱动库 libv4l2"),
        translate("capture", "请安装 libv4l-0（Debian/Ubuntu: sudo apt install libv4l-0）"),
    )


def camera_error(path: Path, exc: OSError) -> CaptureError:
    """A Chinese message for a camera that cannot be opened or read."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return CaptureError(
            translate("capture", "没有权限使用高拍仪 {path}").format(path=path),
            translate(
                "capture", "请管理员把本机用户加入 video 组（sudo adduser 用户名 video），重新登录"
            ),
        )
    if exc.errno == errno.EBUSY:
        return CaptureError(
            translate("capture", "高拍仪正被其他程序使用"),
            translate("capture", "请关闭其他使用摄像头的程序后点击“重新检测”"),
        )
    if exc.errno == errno.ENOSPC:  # the USB bus cannot carry the stream at this size
        return CaptureError(
            translate("capture", "USB 带宽不足，高拍仪无法送出图像"),
            translate("capture", "请把高拍仪换到另一个 USB 口，或关闭其他摄像头后点击“重新检测”"),
        )
    if exc.errno in (errno.ENODEV, errno.ENOENT, errno.ENXIO, errno.EIO, errno.ESHUTDOWN):
        return CaptureError(
            translate("capture", "高拍仪已断开"),
            translate("capture", "请插好高拍仪的 USB 线后点击“重新检测”"),
        )
    return CaptureError(
        translate("capture", "高拍仪无法使用：{error}").format(error=os.strerror(exc.errno or 0))
    )


@dataclass(frozen=True)
class CameraDevice:
    path: Path
    name: str  # the card name the driver reports, e.g. "USB Document Camera"


def query(lib: ctypes.CDLL, fd: int) -> Capability | None:
    """VIDIOC_QUERYCAP on an open node; None when it is not a V4L2 device. (libv4l2 passes an
    fd it did not open straight to the kernel.)"""
    cap = Capability()
    if lib.v4l2_ioctl(fd, VIDIOC_QUERYCAP, ctypes.byref(cap)) < 0:
        return None
    return cap


def is_capture(cap: Capability) -> bool:
    """A node that delivers frames (UVC cameras also create a metadata node per camera)."""
    caps = cap.device_caps if cap.capabilities & CAP_DEVICE_CAPS else cap.capabilities
    return bool(caps & CAP_VIDEO_CAPTURE)


def list_cameras(device_dir: Path | None = None) -> list[CameraDevice]:
    """The capture nodes under `device_dir` (/dev), in number order; others are skipped silently.
    V4l2Missing without libv4l2: the clerk is told what to install, not that there is no camera."""
    lib = library()
    found = []
    refused: tuple[Path, OSError] | None = None  # a node this user may not open
    folder = DEVICE_DIR if device_dir is None else device_dir
    nodes = sorted(folder.glob("video*"), key=lambda p: (len(p.name), p.name))
    for path in nodes:
        try:
            fd = os.open(path, os.O_RDWR | os.O_NONBLOCK)
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EPERM) and refused is None:
                refused = (path, exc)
            continue
        try:
            cap = query(lib, fd)
        finally:
            os.close(fd)
        if cap is not None and is_capture(cap):
            name = cap.card.decode("utf-8", "replace").strip() or path.name
            found.append(CameraDevice(path, name))
    if not found and refused is not None:
        raise camera_error(*refused)  # "add the user to the video group", not "check the cable"
    return found


_lib: ctypes.CDLL | None = None


def library() -> ctypes.CDLL:
    """libv4l2, loaded once; V4l2Missing when the system has none."""
    global _lib
    if _lib is not None:
        return _lib
    names = [os.environ[ENV_LIBRARY]] if os.environ.get(ENV_LIBRARY) else list(LIBRARY_NAMES)
    for name in names:
        try:
            lib = ctypes.CDLL(name, use_errno=True)
        except OSError:
            continue
        lib.v4l2_open.argtypes = [ctypes.c_char_p, ctypes.c_int]
        lib.v4l2_open.restype = ctypes.c_int
        lib.v4l2_close.argtypes = [ctypes.c_int]
        lib.v4l2_ioctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p]
        lib.v4l2_ioctl.restype = ctypes.c_int
        lib.v4l2_read.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t]
        lib.v4l2_read.restype = ctypes.c_ssize_t
        _lib = lib
        return lib
    raise missing_message()


@dataclass(frozen=True)
class Frame:
    """One RGB24 frame as the camera delivered it (rows may be padded to `stride`)."""

    width: int
    height: int
    stride: int
    data: bytes


class Camera:
    """An open camera delivering RGB24 frames. Not thread-safe: one reader thread uses it."""

    def __init__(self, device: CameraDevice) -> None:
        self.device = device
        self.lib = library()
        fd = self.lib.v4l2_open(str(device.path).encode(), os.O_RDWR | os.O_NONBLOCK)
        if fd < 0:
            raise camera_error(device.path, OSError(ctypes.get_errno(), ""))
        self.fd = fd
        try:
            self.width, self.height, self.stride, capacity = self._set_format()
        except BaseException:
            self.close()
            raise
        self.size = self.stride * self.height  # a frame is whole when it fills every row
        self.buffer = ctypes.create_string_buffer(capacity)

    def _set_format(self) -> tuple[int, int, int, int]:
        """Width, height, row stride and the bytes a frame may take (the driver's sizeimage)."""
        fmt = Format(type=BUF_TYPE_VIDEO_CAPTURE)
        fmt.fmt.pix.width, fmt.fmt.pix.height = WANTED_WIDTH, WANTED_HEIGHT
        fmt.fmt.pix.pixelformat, fmt.fmt.pix.field = PIX_FMT_RGB24, FIELD_NONE
        if self.lib.v4l2_ioctl(self.fd, VIDIOC_S_FMT, ctypes.byref(fmt)) < 0:
            raise camera_error(self.device.path, OSError(ctypes.get_errno(), ""))
        pix = fmt.fmt.pix
        stride = max(pix.bytesperline, pix.width * 3)
        if (
            pix.pixelformat != PIX_FMT_RGB24
            or not 0 < pix.width <= 8192
            or not 0 < pix.height <= 8192
            or stride * pix.height > MAX_FRAME_BYTES
        ):
            raise CaptureError(translate("capture", "高拍仪不支持所需的图像格式"))
        capacity = min(max(pix.sizeimage, stride * pix.height), MAX_FRAME_BYTES)
        return pix.width, pix.height, stride, capacity

    def read(self, timeout: float) -> Frame | None:
        """The next frame, or None when none arrived within `timeout` seconds."""
        poller = select.poll()  # not select(): it fails on descriptors above 1023
        poller.register(self.fd, select.POLLIN | select.POLLERR)
        if not poller.poll(timeout * 1000):
            return None
        got = self.lib.v4l2_read(self.fd, self.buffer, len(self.buffer))
        if got < 0:
            code = ctypes.get_errno()
            if code in (errno.EAGAIN, errno.EINTR):
                return None
            raise camera_error(self.device.path, OSError(code, ""))
        if got < self.size:
            return None  # a short frame (the camera was unplugged mid-frame): skip it
        data = ctypes.string_at(self.buffer, self.size)  # the rows only, not the whole buffer
        return Frame(self.width, self.height, self.stride, data)

    def close(self) -> None:
        if self.fd >= 0:
            self.lib.v4l2_close(self.fd)
            self.fd = -1
