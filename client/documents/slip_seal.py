"""The seal on the 80 mm 受理回执 (行政许可法 art. 32 ¶2: the written notice of 受理 "应当加盖本
行政机关专用印章和注明日期").

The roll's printable width is about 72 mm: the department's 42 mm seal would cover more than
half of it and hide the materials or the QR code, so the slip carries the same seal drawn to
30 mm (seal.py scales every part of it) over the department's name and the acceptance date,
right-aligned at the end of the slip like the signature of an A4 notice. A thermal roll prints
it black; the PDF keeps it red.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm as _mm

from client.documents import fontchain
from client.documents.seal import draw_seal
from client.domain import SealSettings

mm: float = _mm
SLIP_SEAL_DIAMETER = 30.0  # mm
TEXT_SIZE = 9.0
LINE = 12.5
BLOCK_HEIGHT = SLIP_SEAL_DIAMETER * mm + 2 * mm


def draw_slip_signature(
    canvas: Any,
    x: float,
    y: float,
    width: float,
    department: str,
    date: str,
    seal: SealSettings | None,
    font_name: str,
) -> None:
    """Department over date, centred under the seal in the right part of the slip."""
    radius = SLIP_SEAL_DIAMETER * mm / 2
    widest = max(fontchain.width(t, font_name, TEXT_SIZE) for t in (department, date))
    centre_x = x + width - max(radius, widest / 2) - 1 * mm
    centre_y = y + BLOCK_HEIGHT / 2
    canvas.saveState()
    canvas.setFillColor(colors.black)
    for line, text in enumerate((department, date)):
        baseline = centre_y - 2 - line * LINE
        fontchain.draw_string(canvas, centre_x, baseline, text, font_name, TEXT_SIZE, "centre")
    canvas.restoreState()
    if seal:
        small = replace(seal, diameter_mm=SLIP_SEAL_DIAMETER)
        draw_seal(canvas, centre_x, centre_y, small, font_name)
