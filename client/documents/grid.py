"""A borderless grid of flowables, for layouts that would otherwise use a platypus Table."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable

GRID_PAD = 1.0  # points above and below each row


class Grid(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """A borderless grid of flowables: what a platypus Table would draw here, for a fraction
    of its cost (the slip is rendered at every intake)."""

    def __init__(self, rows: list[list[Any]], widths: list[float], valign: str) -> None:
        super().__init__()
        self.rows = [[cell if isinstance(cell, list) else [cell] for cell in row] for row in rows]
        self.widths = widths
        self.valign = valign
        self.layout: list[tuple[float, list[list[float]]]] = []

    def wrap(self, _avail_width: float, avail_height: float) -> tuple[float, float]:
        self.layout = []
        for row in self.rows:
            heights = [
                [float(item.wrap(width, avail_height)[1]) for item in cell]
                for cell, width in zip(row, self.widths, strict=True)
            ]
            self.layout.append((max(sum(h) for h in heights) + 2 * GRID_PAD, heights))
        self.width = sum(self.widths)
        self.height = sum(row_height for row_height, _ in self.layout)
        return self.width, self.height

    def draw(self) -> None:
        bottom = self.height
        for row, (row_height, heights) in zip(self.rows, self.layout, strict=True):
            bottom -= row_height
            left = 0.0
            for cell, width, cell_heights in zip(row, self.widths, heights, strict=True):
                top = bottom + row_height - GRID_PAD
                if self.valign == "MIDDLE":
                    top -= (row_height - 2 * GRID_PAD - sum(cell_heights)) / 2
                for item, height in zip(cell, cell_heights, strict=True):
                    top -= height
                    item.drawOn(self.canv, left, top)
                left += width
