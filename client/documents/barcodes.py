"""Code128 and QR symbols drawn as vector rectangles on a reportlab canvas.

Vector bars stay sharp at any printer resolution. Both symbols paint their own white quiet zone
first, so a watermark or tint underneath can never reach into the symbol.
"""

from __future__ import annotations

import itertools
from typing import Any

import barcode
from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

QUIET_ZONE_MODULES = 10  # ISO/IEC 15417: at least 10 modules each side of a Code128 symbol
MIN_MODULE_WIDTH = 0.33 * mm  # narrower bars are unreliable for handheld scanners
QR_QUIET_ZONE_MODULES = 4  # ISO/IEC 18004


def code128_modules(value: str) -> str:
    """The symbol's modules as a string of "1" (bar) and "0" (space), quiet zones excluded.

    Raises ValueError for an empty value or one outside printable ASCII, which Code128
    cannot carry.
    """
    if not value or not value.isascii() or not value.isprintable():
        raise ValueError(f"Code128 needs printable ASCII, got {value!r}")
    modules: str = barcode.get("code128", value).build()[0]
    return modules


def code128_width(value: str, module_width: float) -> float:
    """Total width of the symbol including both quiet zones, in points."""
    return (len(code128_modules(value)) + 2 * QUIET_ZONE_MODULES) * module_width


def draw_code128(
    canvas: Any,
    x: float,
    y: float,
    value: str,
    width: float,
    height: float,
    *,
    min_module_width: float = MIN_MODULE_WIDTH,
) -> float:
    """Draw `value` as Code128 filling the box (x, y, width, height), quiet zones included.

    (x, y) is the lower left corner in points. The module width is width / (modules + 20);
    a ValueError is raised when it would fall below `min_module_width`, because a barcode no
    scanner reads is worse than none. Returns the module width used.
    """
    modules = code128_modules(value)
    module = width / (len(modules) + 2 * QUIET_ZONE_MODULES)
    if module < min_module_width:
        raise ValueError(
            f"Code128 for {value!r} needs {len(modules) + 2 * QUIET_ZONE_MODULES} modules; "
            f"{width:.1f} pt gives {module / mm:.3f} mm per module, "
            f"below {min_module_width / mm:.3f} mm"
        )
    canvas.saveState()
    canvas.setFillColor(colors.white)
    canvas.rect(x, y, width, height, stroke=0, fill=1)
    canvas.setFillColor(colors.black)
    start = 0
    for bit, run in itertools.groupby(modules):
        count = len(list(run))
        if bit == "1":
            left = x + (QUIET_ZONE_MODULES + start) * module
            canvas.rect(left, y, count * module, height, stroke=0, fill=1)
        start += count
    canvas.restoreState()
    return module


def qr_modules(payload: str, level: str = "M") -> list[list[bool]]:
    """The QR symbol's dark modules, row by row (top row first), without the quiet zone."""
    if not payload or not payload.isascii():
        raise ValueError(f"QR payloads must be non-empty ASCII, got {payload!r}")
    qr = qrencoder.QRCode(None, getattr(qrencoder.QRErrorCorrectLevel, level))
    qr.addData(payload)
    # make() scores all 8 masks (~25 ms, most of a slip's render); any mask is valid and
    # readers decode them all, so use mask 0 (the zbar tests prove every symbol reads).
    qr.version = qr.calculate_version()
    qr.makeImpl(False, 0)
    return [[bool(cell) for cell in row] for row in qr.modules]


def _draw_modules(canvas: Any, x: float, y: float, rows: list[list[bool]], size: float) -> None:
    """One filled path of horizontal runs: far quicker than a shape per module."""
    count = len(rows) + 2 * QR_QUIET_ZONE_MODULES
    module = size / count
    canvas.saveState()
    canvas.setFillColor(colors.white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColor(colors.black)
    path = canvas.beginPath()
    for r, row in enumerate(rows):
        top = y + size - (QR_QUIET_ZONE_MODULES + r + 1) * module
        column = 0
        for dark, run in itertools.groupby(row):
            length = len(list(run))
            if dark:
                left = x + (QR_QUIET_ZONE_MODULES + column) * module
                path.rect(left, top, length * module, module)
            column += length
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


class QrFlowable(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """`payload` as a QR code, `size` points square with its 4-module quiet zone inside."""

    def __init__(self, payload: str, size: float, level: str = "M") -> None:
        super().__init__()
        self.rows = qr_modules(payload, level)
        self.width = self.height = size

    def wrap(self, _avail_width: float, _avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        _draw_modules(self.canv, 0, 0, self.rows, self.width)


def qr_drawing(payload: str, size: float, *, level: str = "M") -> QrFlowable:
    """A flowable QR code. Payloads must be ASCII: Chinese text in a QR code decodes as
    mojibake in common readers (no ECI), so a ValueError is raised instead."""
    return QrFlowable(payload, size, level)


def draw_qr(canvas: Any, x: float, y: float, payload: str, size: float) -> None:
    """Draw `payload` as a QR code `size` points square with its lower left corner at (x, y)."""
    _draw_modules(canvas, x, y, qr_modules(payload), size)
