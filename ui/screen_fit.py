"""Window sizes for the usual hall PC: a 1366×768 screen with a taskbar, so 1366×728 to use.

Every window and dialog of ours opens at a preferred size no larger than HALL_SCREEN and never
larger than the screen it opens on (tests/window/test_screen_fit.py checks each one)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

HALL_SCREEN = QSize(1366, 728)


def fitted(widget: QWidget, width: int, height: int) -> QSize:
    """`width`×`height`, shrunk to the screen the widget is on (and to HALL_SCREEN)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    size = QSize(width, height).boundedTo(HALL_SCREEN)
    return size.boundedTo(screen.availableGeometry().size()) if screen else size


def resize_to_fit(widget: QWidget, width: int, height: int) -> None:
    widget.resize(fitted(widget, width, height))
