"""Shared by the capture tests through the window: a shown main window, the food permit
chosen, a checklist line's capture dialog opened, and 完成 pressed (blank pages confirmed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.factories import FOOD_PERMIT, open_main_window
from ui.capture.capture_dialog import CaptureDialog
from ui.intake.screen import IntakeScreen
from ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    return open_main_window(qtbot, tmp_path / "profile", show=True)


def choose_food_permit(qtbot: QtBot, screen: IntakeScreen) -> None:
    qtbot.keyClicks(screen.picker.search, FOOD_PERMIT)
    screen.picker.results.setCurrentRow(0)
    assert screen.item is not None and screen.item.code == FOOD_PERMIT


def open_capture(qtbot: QtBot, screen: IntakeScreen, row: int) -> CaptureDialog:
    qtbot.mouseClick(screen.checklist.rows[row].capture_button, Qt.MouseButton.LeftButton)
    dialog = screen.capture_dialog
    assert isinstance(dialog, CaptureDialog) and dialog.isVisible()
    return dialog


def finish(qtbot: QtBot, dialog: CaptureDialog) -> None:
    """完成; pages that look blank must be confirmed (保留并完成)."""
    dialog.blank_box = None
    qtbot.mouseClick(dialog.finish_button, Qt.MouseButton.LeftButton)
    box = dialog.blank_box
    if box is not None:
        assert box.isVisible()
        keep = next(b for b in box.buttons() if b.text() == "保留并完成")
        qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_pdf is not None, timeout=20000)
