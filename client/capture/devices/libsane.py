"""A ctypes binding to the system's libsane (libsane.so.1), loaded at run time.

Nothing is compiled at install: the library is found when a scanner is first asked for, and a
machine without it gets `SaneMissing`, which says what to install. `CHUANGKOU_LIBSANE` may name
another library file (a SANE built under /opt, say).

Only what the scanner source needs is bound: init, get_devices, open, option descriptors and
values, parameters, start, read, cancel, close. Every call here must be made with the caller's
lock held: libsane is one process-wide state and is not thread-safe. ctypes releases the GIL
for the duration of each call, so a slow `sane_read` does not stall other Python threads.

Everything that arrives from the library is checked before use: option sizes, the word count
of a list constraint, image parameters.
"""

from __future__ import annotations

import ctypes
import os
import sys
from dataclasses import dataclass
from typing import Any

from client.capture.sources import CaptureError
from client.i18n import translate

LIBRARY_NAMES = ("libsane.so.1", "libsane.1.dylib", "libsane.so")
ENV_LIBRARY = "CHUANGKOU_LIBSANE"

# SANE_Status
GOOD, UNSUPPORTED, CANCELLED, DEVICE_BUSY, INVAL, EOF = 0, 1, 2, 3, 4, 5
JAMMED, NO_DOCS, COVER_OPEN, IO_ERROR, NO_MEM, ACCESS_DENIED = 6, 7, 8, 9, 10, 11
# SANE_Value_Type, SANE_Constraint_Type, capabilities, actions, info bits, frames
TYPE_BOOL, TYPE_INT, TYPE_FIXED, TYPE_STRING, TYPE_BUTTON, TYPE_GROUP = 0, 1, 2, 3, 4, 5
CONSTRAINT_RANGE, CONSTRAINT_WORD_LIST, CONSTRAINT_STRING_LIST = 1, 2, 3
CAP_SOFT_SELECT, CAP_INACTIVE = 1, 32
ACTION_GET, ACTION_SET = 0, 1
INFO_RELOAD_OPTIONS = 2
FRAME_GRAY, FRAME_RGB, FRAME_RED, FRAME_GREEN, FRAME_BLUE = 0, 1, 2, 3, 4

MAX_OPTION_SIZE = 1 << 16  # no real option value is near this; a larger size is garbage
MAX_WORD_LIST = 4096
FIXED_ONE = 1 << 16


class SaneMissing(CaptureError):
    """libsane is not installed on this machine."""


class SaneStatusError(CaptureError):
    """A SANE call failed; `status` is its SANE_Status code."""

    def __init__(self, status: int, text: str) -> None:
        super().__init__(text)
        self.status = status


def missing_message() -> SaneMissing:
    return SaneMissing(
        translate("capture", "未找到 SANE 扫描仪驱动"),
        translate("capture", "请安装 libsane1（Debian/Ubuntu: sudo apt install libsane1）"),
    )


class _Device(ctypes.Structure):
    _fields_ = [(n, ctypes.c_char_p) for n in ("name", "vendor", "model", "type")]


class _Range(ctypes.Structure):
    _fields_ = [("min", ctypes.c_int32), ("max", ctypes.c_int32), ("quant", ctypes.c_int32)]


class _Constraint(ctypes.Union):
    _fields_ = [
        ("string_list", ctypes.POINTER(ctypes.c_char_p)),
        ("word_list", ctypes.POINTER(ctypes.c_int32)),
        ("range", ctypes.POINTER(_Range)),
    ]


class _OptionDescriptor(ctypes.Structure):
    _fields_ = [
        ("name", ctypes.c_char_p),
        ("title", ctypes.c_char_p),
        ("desc", ctypes.c_char_p),
        ("type", ctypes.c_int),
        ("unit", ctypes.c_int),
        ("size", ctypes.c_int32),
        ("cap", ctypes.c_int32),
        ("constraint_type", ctypes.c_int),
        ("constraint", _Constraint),
    ]


class _Parameters(ctypes.Structure):
    _fields_ = [
        ("format", ctypes.c_int),
        ("last_frame", ctypes.c_int32),
        ("bytes_per_line", ctypes.c_int32),
        ("pixels_per_line", ctypes.c_int32),
        ("lines", ctypes.c_int32),
        ("depth", ctypes.c_int32),
    ]


@dataclass(frozen=True)
class Option:
    index: int
    name: str
    type: int
    size: int
    cap: int
    constraint: Any  # None, (min, max, step), or a list of values

    def is_active(self) -> bool:
        return not self.cap & CAP_INACTIVE

    def is_settable(self) -> bool:
        return bool(self.cap & CAP_SOFT_SELECT)


@dataclass(frozen=True)
class Parameters:
    format: int
    last_frame: bool
    bytes_per_line: int
    pixels_per_line: int
    lines: int  # -1 when the backend does not know in advance
    depth: int


def _text(raw: bytes | None) -> str:
    return raw.decode("utf-8", "replace") if raw else ""


def _signatures(lib: ctypes.CDLL) -> None:
    handle, status = ctypes.c_void_p, ctypes.c_int
    table: dict[str, tuple[Any, list[Any]]] = {
        "sane_init": (status, [ctypes.POINTER(ctypes.c_int32), ctypes.c_void_p]),
        "sane_get_devices": (
            status,
            [ctypes.POINTER(ctypes.POINTER(ctypes.POINTER(_Device))), ctypes.c_int32],
        ),
        "sane_open": (status, [ctypes.c_char_p, ctypes.POINTER(handle)]),
        "sane_close": (None, [handle]),
        "sane_get_option_descriptor": (ctypes.POINTER(_OptionDescriptor), [handle, ctypes.c_int32]),
        "sane_control_option": (
            status,
            [handle, ctypes.c_int32, ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(ctypes.c_int32)],
        ),
        "sane_get_parameters": (status, [handle, ctypes.POINTER(_Parameters)]),
        "sane_start": (status, [handle]),
        "sane_read": (
            status,
            [handle, ctypes.c_void_p, ctypes.c_int32, ctypes.POINTER(ctypes.c_int32)],
        ),
        "sane_cancel": (None, [handle]),
        "sane_strstatus": (ctypes.c_char_p, [status]),
    }
    for name, (restype, argtypes) in table.items():
        function = getattr(lib, name)
        function.restype, function.argtypes = restype, argtypes


class Library:
    """libsane, loaded and initialised. Construct once per process (sane_init)."""

    def __init__(self) -> None:
        names = [os.environ[ENV_LIBRARY]] if os.environ.get(ENV_LIBRARY) else LIBRARY_NAMES
        if sys.platform == "win32":
            raise missing_message()
        lib: ctypes.CDLL | None = None
        for name in names:
            try:
                lib = ctypes.CDLL(name)
                break
            except OSError:
                continue
        if lib is None:
            raise missing_message()
        try:
            _signatures(lib)
        except AttributeError as exc:  # some other library under that name
            raise missing_message() from exc
        self.lib = lib
        self.check(lib.sane_init(ctypes.byref(ctypes.c_int32()), None))

    def check(self, status: int) -> None:
        if status != GOOD:
            raise SaneStatusError(status, _text(self.lib.sane_strstatus(status)))

    def get_devices(self) -> list[tuple[str, str, str, str]]:
        found = ctypes.POINTER(ctypes.POINTER(_Device))()
        self.check(self.lib.sane_get_devices(ctypes.byref(found), 0))
        devices = []
        for index in range(1024):  # NULL-terminated; never trust it to be
            if not found[index]:
                break
            d = found[index].contents
            devices.append((_text(d.name), _text(d.vendor), _text(d.model), _text(d.type)))
        return devices

    def open(self, name: str) -> Handle:
        handle = ctypes.c_void_p()
        self.check(self.lib.sane_open(name.encode(), ctypes.byref(handle)))
        return Handle(self, handle)


def _constraint(d: _OptionDescriptor) -> Any:
    fixed = d.type == TYPE_FIXED

    def scale(word: int) -> float | int:
        return word / FIXED_ONE if fixed else word

    if d.constraint_type == CONSTRAINT_RANGE and d.constraint.range:
        r = d.constraint.range.contents
        return (scale(r.min), scale(r.max), scale(r.quant))
    if d.constraint_type == CONSTRAINT_WORD_LIST and d.constraint.word_list:
        words = d.constraint.word_list
        count = min(max(words[0], 0), MAX_WORD_LIST)
        return [scale(words[i]) for i in range(1, count + 1)]
    if d.constraint_type == CONSTRAINT_STRING_LIST and d.constraint.string_list:
        strings = d.constraint.string_list
        values = []
        for index in range(MAX_WORD_LIST):
            if not strings[index]:
                break
            values.append(_text(strings[index]))
        return values
    return None


class Handle:
    """One open device. Options are read by name (with "-"), as SANE names them."""

    def __init__(self, library: Library, handle: ctypes.c_void_p) -> None:
        self.library, self.lib, self.handle = library, library.lib, handle
        self.options: dict[str, Option] = {}
        self.reload_options()

    def reload_options(self) -> None:
        count = ctypes.c_int32()
        self.library.check(
            self.lib.sane_control_option(self.handle, 0, ACTION_GET, ctypes.byref(count), None)
        )
        options = {}
        for index in range(1, min(count.value, 1024)):
            pointer = self.lib.sane_get_option_descriptor(self.handle, index)
            if not pointer:
                continue
            d = pointer.contents
            if d.type == TYPE_GROUP or not d.name or not 0 <= d.size <= MAX_OPTION_SIZE:
                continue
            name = _text(d.name)
            options[name] = Option(index, name, d.type, d.size, d.cap, _constraint(d))
        self.options = options

    def get(self, name: str) -> Any:
        opt = self.options[name]
        buffer = ctypes.create_string_buffer(max(opt.size, 4))
        self.library.check(
            self.lib.sane_control_option(self.handle, opt.index, ACTION_GET, buffer, None)
        )
        if opt.type == TYPE_STRING:
            return _text(buffer.value)
        words = (ctypes.c_int32 * (max(opt.size, 4) // 4)).from_buffer(buffer)
        values = [w / FIXED_ONE if opt.type == TYPE_FIXED else w for w in words]
        if opt.type == TYPE_BOOL:
            values = [bool(v) for v in values]
        return values[0] if len(values) == 1 else values

    def set(self, name: str, value: Any) -> None:
        opt = self.options[name]
        value_buffer: Any
        if opt.type == TYPE_STRING:
            encoded = str(value).encode()
            if len(encoded) >= opt.size:
                raise SaneStatusError(INVAL, _text(self.lib.sane_strstatus(INVAL)))
            value_buffer = ctypes.create_string_buffer(encoded, opt.size)
        elif opt.type == TYPE_FIXED:
            value_buffer = ctypes.c_int32(round(float(value) * FIXED_ONE))
        else:
            value_buffer = ctypes.c_int32(int(value))
        info = ctypes.c_int32()
        self.library.check(
            self.lib.sane_control_option(
                self.handle, opt.index, ACTION_SET, ctypes.byref(value_buffer), ctypes.byref(info)
            )
        )
        if info.value & INFO_RELOAD_OPTIONS:
            self.reload_options()

    def parameters(self) -> Parameters:
        p = _Parameters()
        self.library.check(self.lib.sane_get_parameters(self.handle, ctypes.byref(p)))
        return Parameters(
            p.format, bool(p.last_frame), p.bytes_per_line, p.pixels_per_line, p.lines, p.depth
        )

    def start(self) -> None:
        self.library.check(self.lib.sane_start(self.handle))

    def read(self, buffer: Any, size: int) -> int:
        """Up to `size` bytes into `buffer`; 0 at the end of the frame."""
        length = ctypes.c_int32()
        status = self.lib.sane_read(self.handle, buffer, size, ctypes.byref(length))
        if status == EOF:
            return 0
        self.library.check(status)
        return max(0, min(length.value, size))

    def cancel(self) -> None:
        self.lib.sane_cancel(self.handle)

    def close(self) -> None:
        self.lib.sane_close(self.handle)
