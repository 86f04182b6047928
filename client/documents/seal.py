"""The 行政审批专用章 drawn as vectors into the page content (docs/architecture.md, Documents).

Geometry follows common practice for round official seals, scaled from a 42 mm one: a ring
about 1.2 mm wide, the department name along the upper arc with each character turned to
follow it (spread over about 240°), a five-pointed star about 14 mm across in the centre, the
seal name straight across the lower part and an optional code in small digits along the bottom
arc. Everything is painted with the Multiply blend mode, as ink would be: text under the seal
stays legible and the seal stays red. Because it is page content, not an annotation, every
viewer and printer shows it.
"""

from __future__ import annotations

import math
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm as _mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from client.documents import fontchain
from client.domain import SealSettings

mm: float = _mm
REFERENCE_DIAMETER = 42.0  # mm: the sizes below are for this diameter and scale with it
RING_WIDTH = 1.2
ARC_SPAN = 240.0  # degrees the department name may cover
ARC_TEXT_SIZE = 6.8
ARC_TEXT_SQUEEZE = 0.78  # seal characters are narrower than they are tall
STAR_RADIUS = 7.0
NAME_SIZE = 4.4
CODE_SIZE = 2.4
BOLDEN = 0.035  # outline width as a fraction of the type size
DEFAULT_COLOR = colors.Color(0.83, 0, 0)


def seal_color(seal: SealSettings) -> Any:
    """The seal's colour, red when the setting is not a valid #rrggbb colour."""
    try:
        return colors.HexColor(seal.color)
    except (ValueError, TypeError):
        return DEFAULT_COLOR


def _glyph(canvas: Any, char: str, font_name: str, size: float, squeeze: float) -> None:
    """One character centred horizontally on x = 0 with its baseline on y = 0, emboldened."""
    font = next(font for font, _ in fontchain.runs(char, font_name))
    char_width = float(stringWidth(char, font, size))
    canvas.saveState()
    canvas.scale(squeeze, 1)
    canvas.setLineWidth(size * BOLDEN)
    text = canvas.beginText(-char_width / 2, 0)
    text.setTextRenderMode(2)  # fill and stroke: seal lettering is heavier than text type
    text.setFont(font, size)
    text.textOut(char)
    canvas.drawText(text)
    canvas.restoreState()


def _arc_text(
    canvas: Any, text: str, font_name: str, radius: float, size: float, span: float
) -> None:
    """Characters along the upper arc, tops outward, read clockwise from the left."""
    count = len(text)
    step = span / (count - 1) if count > 1 else 0.0
    for index, char in enumerate(text):
        angle = span / 2 - index * step  # degrees from the top, positive to the left
        canvas.saveState()
        canvas.rotate(angle)
        canvas.translate(0, radius)
        _glyph(canvas, char, font_name, size, ARC_TEXT_SQUEEZE)
        canvas.restoreState()


def _bottom_text(canvas: Any, text: str, font_name: str, radius: float, size: float) -> None:
    """Characters along the lower arc, upright towards the centre, read left to right."""
    advance = max(float(stringWidth("0", font_name, size)) * 1.15, size * 0.6)
    step = math.degrees(advance / radius)
    count = len(text)
    for index, char in enumerate(text):
        angle = (index - (count - 1) / 2) * step
        canvas.saveState()
        canvas.rotate(angle)
        canvas.translate(0, -radius)
        _glyph(canvas, char, font_name, size, 1.0)
        canvas.restoreState()


def _star(canvas: Any, radius: float) -> None:
    inner = radius * math.sin(math.radians(18)) / math.sin(math.radians(54))
    path = canvas.beginPath()
    for point in range(10):
        r = radius if point % 2 == 0 else inner
        angle = math.radians(90 + point * 36)
        x, y = r * math.cos(angle), r * math.sin(angle)
        if point == 0:
            path.moveTo(x, y)
        else:
            path.lineTo(x, y)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)


def draw_seal(canvas: Any, cx: float, cy: float, seal: SealSettings, font_name: str) -> None:
    """Draw the seal centred on (cx, cy), in points, with `font_name` for its lettering."""
    diameter = (seal.diameter_mm if seal.diameter_mm > 0 else REFERENCE_DIAMETER) * mm
    scale = diameter / (REFERENCE_DIAMETER * mm)
    radius = diameter / 2
    ring = RING_WIDTH * mm * scale
    color = seal_color(seal)
    canvas.saveState()
    canvas.setBlendMode("Multiply")
    canvas.setStrokeColor(color)
    canvas.setFillColor(color)
    canvas.translate(cx, cy)

    canvas.setLineWidth(ring)
    canvas.circle(0, 0, radius - ring / 2, stroke=1, fill=0)

    name = seal.department_name.strip()
    if name:
        top = radius - ring - 1.0 * mm * scale  # where the characters' tops sit
        size = ARC_TEXT_SIZE * mm * scale
        span = min(ARC_SPAN, 34.0 * (len(name) - 1)) if len(name) > 1 else 0.0
        # Long names: shrink the characters until neighbours no longer touch.
        if len(name) > 1:
            pitch = math.radians(span / (len(name) - 1)) * (top - 0.5 * size)
            size = min(size, pitch / (ARC_TEXT_SQUEEZE * 1.05))
        _arc_text(canvas, name, font_name, top - 0.86 * size, size, span)

    _star(canvas, STAR_RADIUS * mm * scale)

    seal_name = seal.seal_name.strip()
    if seal_name:
        size = NAME_SIZE * mm * scale
        natural = fontchain.width(seal_name, font_name, size)
        room = radius * 1.05
        squeeze = min(0.9, room / natural) if natural else 1.0
        canvas.saveState()
        canvas.translate(0, -radius * 0.6)
        canvas.scale(squeeze, 1)
        canvas.setLineWidth(size * BOLDEN)
        left = -natural / 2
        for font, run in fontchain.runs(seal_name, font_name):
            text = canvas.beginText(left, 0)
            text.setTextRenderMode(2)
            text.setFont(font, size)
            text.textOut(run)
            canvas.drawText(text)
            left += float(stringWidth(run, font, size))
        canvas.restoreState()

    code = seal.code.strip()
    if code:
        size = CODE_SIZE * mm * scale
        _bottom_text(canvas, code, font_name, radius - ring - 1.0 * mm * scale, size)
    canvas.restoreState()
