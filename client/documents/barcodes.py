"""Code128 and QR symbols drawn as vector rectangles on a reportlab canvas.

Vector bars stay sharp at any printer resolution. Both symbols paint their own white quiet zone
first, so a watermark or tint underneath can never reach into the symbol.
"""

from __future__ import annotations

import itertools
from typing import Any

import barcode
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib import colors
from reportlab.lib.units import mm

from client.documents.fonts import register_fonts

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


def qr_drawing(payload: str, size: float, *, level: str = "M") -> Any:
    """A reportlab Drawing (a flowable) of `payload` as a QR code, `size` points square.

    The 4-module quiet zone is inside `size`. Payloads must be ASCII: Chinese text in a QR
    code decodes as mojibake in common readers (no ECI), so a ValueError is raised instead.
    The drawing's initial font is a registered CJK font: reportlab's default would put an
    unembedded Helvetica into the PDF although a QR code draws no text.
    """
    if not payload or not payload.isascii():
        raise ValueError(f"QR payloads must be non-empty ASCII, got {payload!r}")
    widget = QrCodeWidget(
        payload,
        barLevel=level,
        barBorder=QR_QUIET_ZONE_MODULES,
        barWidth=size,
        barHeight=size,
    )
    drawing = Drawing(size, size, initialFontName=register_fonts().body)
    drawing.add(Rect(0, 0, size, size, fillColor=colors.white, strokeColor=None, strokeWidth=0))
    drawing.add(widget)
    return drawing


def draw_qr(canvas: Any, x: float, y: float, payload: str, size: float) -> None:
    """Draw `payload` as a QR code `size` points square with its lower left corner at (x, y)."""
    renderPDF.draw(qr_drawing(payload, size), canvas, x, y)
