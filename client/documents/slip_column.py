"""The building blocks of the 80 mm 受理回执: a column of blocks measured before the page
exists (so the page can be exactly as tall as its content), the slip's text styles, and the
label/value rows, tables and rules it is made of. What goes on the slip is slip.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm as _mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from client.documents.fonts import FontSet
from client.documents.grid import Grid

mm: float = _mm  # reportlab is untyped


Draw = Callable[[Any, float, float], None]  # (canvas, left x, bottom y)


class Column:
    """Blocks stacked top to bottom at one width; measured before the page exists."""

    def __init__(self, width: float) -> None:
        self.width = width
        self._blocks: list[tuple[float, Draw]] = []

    def add(self, height: float, draw: Draw) -> None:
        self._blocks.append((height, draw))

    def gap(self, height: float) -> None:
        self.add(height, lambda canvas, x, y: None)

    def flow(self, flowable: Any) -> None:
        """Add a platypus flowable (Paragraph, Table, Drawing) wrapped to the column width."""
        _, height = flowable.wrap(self.width, 1e6)
        self.add(height, lambda canvas, x, y: flowable.drawOn(canvas, x, y))

    @property
    def height(self) -> float:
        return sum(height for height, _ in self._blocks)

    def draw(self, canvas: Any, x: float, top: float) -> None:
        for height, draw in self._blocks:
            top -= height
            draw(canvas, x, top)


@dataclass(frozen=True)
class Styles:
    title: Any
    subtitle: Any
    number: Any
    section: Any
    label: Any
    body: Any
    small: Any
    small_right: Any


def slip_styles(fonts: FontSet) -> Styles:
    body = ParagraphStyle("body", fontName=fonts.body, fontSize=9, leading=12.5, wordWrap="CJK")
    label = ParagraphStyle("label", parent=body, fontName=fonts.heading)
    small = ParagraphStyle("small", parent=body, fontSize=7.5, leading=10)
    return Styles(
        title=ParagraphStyle("title", parent=label, fontSize=18, leading=23, alignment=TA_CENTER),
        subtitle=ParagraphStyle("sub", parent=body, fontSize=10, leading=13, alignment=TA_CENTER),
        number=ParagraphStyle("number", parent=label, fontSize=11, leading=14, alignment=TA_CENTER),
        section=ParagraphStyle("section", parent=label, fontSize=10, leading=14),
        label=label,
        body=body,
        small=small,
        small_right=ParagraphStyle("small-right", parent=small, alignment=TA_RIGHT),
    )


def para(text: str, style: Any) -> Any:
    """Escaped text; characters the main font lacks (生僻字, CJK Ext-B) use the fallback."""
    from client.documents.fontchain import markup

    return Paragraph(markup(text, style.fontName), style)


def table(rows: list[list[Any]], widths: list[float], font: str, valign: str = "TOP") -> Any:
    """A borderless grid of paragraphs, top-aligned (or centred: valign="MIDDLE")."""
    del font  # a platypus Table needed it to keep Helvetica out; the grid draws no text
    return Grid(rows, widths, valign)


def label_column_width(styles: Styles, labels: list[str], limit: float) -> float:
    """One label column for the whole slip, so every value starts at the same x."""
    widest = max(
        float(stringWidth(label, styles.label.fontName, styles.label.fontSize)) for label in labels
    )
    return min(widest + 1 * mm, limit)


def fields(
    column: Column, styles: Styles, label_width: float, rows: list[tuple[str, list[str]]]
) -> None:
    """Label/value rows; a value may be several paragraphs."""
    cells = [
        [para(label, styles.label), [para(value, styles.body) for value in values]]
        for label, values in rows
    ]
    column.flow(table(cells, [label_width, column.width - label_width], styles.body.fontName))


def rule(column: Column) -> None:
    def draw(canvas: Any, x: float, y: float) -> None:
        canvas.saveState()
        canvas.setLineWidth(0.6)
        canvas.setDash(2, 1.5)
        canvas.line(x, y + 2.5 * mm, x + column.width, y + 2.5 * mm)
        canvas.restoreState()

    column.add(5 * mm, draw)
