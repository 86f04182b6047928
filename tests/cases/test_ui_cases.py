"""办件查询 in the window, keyboard first; a barcode scanner opens a case from the intake screen."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.cases.support import OLD_ID, OLD_PHONE, cell_text, old_cases, tree_text
from tests.factories import open_main_window, open_service
from ui.cases.detail_dialog import CaseDetailDialog
from ui.main_window import MainWindow


@pytest.fixture
def cases(tmp_path: Path) -> dict[str, str]:
    """Cases of earlier months, made before the window opens (it notes the time it starts:
    an intake dated before that would be refused as a clock put back)."""
    service = open_service(tmp_path / "profile")
    try:
        return old_cases(service)
    finally:
        service.store.close()


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, cases: dict[str, str]) -> MainWindow:
    return open_main_window(qtbot, tmp_path / "profile", show=True)


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """ASCII on the keyboard; Chinese committed by the input method, as a pinyin IME does."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def shown_numbers(window: MainWindow) -> list[str]:
    table = window.case_search.table
    return [cell_text(table.item(r, 0)) for r in range(table.rowCount())]


def open_detail(qtbot: QtBot, window: MainWindow) -> CaseDetailDialog:
    qtbot.waitUntil(lambda: bool(window.details), timeout=5000)
    dialog = window.details[-1]
    assert isinstance(dialog, CaseDetailDialog)
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=5000)
    return dialog


def test_find_an_old_case_by_each_field_and_open_it_from_the_keyboard(
    qtbot: QtBot, window: MainWindow, cases: dict[str, str]
) -> None:
    old = cases["old"]
    window.activateWindow()
    QTest.keySequence(window, "Ctrl+F")
    search = window.case_search.search
    assert window.tabs.currentWidget() is window.case_search
    qtbot.waitUntil(search.hasFocus, timeout=2000)
    # Before anything is typed: every case, newest first.
    qtbot.waitUntil(
        lambda: shown_numbers(window) == [cases["recent"], cases["middle"], old], timeout=5000
    )
    for text in (
        old,
        old[-13:],
        "欧阳明月",
        "司马代理",
        OLD_ID,
        OLD_ID[-4:],
        OLD_ID[-6:],
        OLD_PHONE,
        OLD_PHONE[-4:],
    ):
        search.clear()
        type_into(qtbot, search, text)
        qtbot.waitUntil(lambda: shown_numbers(window) == [old], timeout=5000)
    search.clear()
    type_into(qtbot, search, "食品经营")  # the item: all three
    qtbot.waitUntil(lambda: len(shown_numbers(window)) == 3, timeout=5000)

    screen = window.case_search
    screen.stage.setCurrentIndex(screen.stage.findText("决定"))
    qtbot.waitUntil(lambda: shown_numbers(window) == [], timeout=5000)
    assert screen.status.text() == "没有符合条件的办件"
    screen.stage.setCurrentIndex(screen.stage.findText("受理"))
    qtbot.waitUntil(lambda: len(shown_numbers(window)) == 3, timeout=5000)
    screen.stage.setCurrentIndex(0)
    screen.use_dates.setChecked(True)
    screen.date_from.setDate(screen.date_from.date().fromString("2026-03-01", "yyyy-MM-dd"))
    screen.date_to.setDate(screen.date_to.date().fromString("2026-03-31", "yyyy-MM-dd"))
    qtbot.waitUntil(lambda: shown_numbers(window) == [old], timeout=5000)

    # Down from the search box into the results, Enter opens the case.
    search.setFocus()
    QTest.keyClick(search, Qt.Key.Key_Down)
    assert screen.table.hasFocus() and screen.table.currentRow() == 0
    QTest.keyClick(screen.table, Qt.Key.Key_Return)
    dialog = open_detail(qtbot, window)
    assert dialog.detail is not None and dialog.detail.case_number == old
    assert "欧阳明月" in dialog.parties.text() and "司马代理" in dialog.parties.text()
    assert dialog.delivery.text() == "培训模式（不上报）"
    steps = [tree_text(dialog.timeline.topLevelItem(i), 0) for i in range(6)]
    assert steps == ["● 申请", "● 受理", "○ 初审", "○ 复审", "○ 决定", "○ 办结"]


def test_a_backwards_date_range_says_so(qtbot: QtBot, window: MainWindow) -> None:
    screen = window.case_search
    screen.use_dates.setChecked(True)
    screen.date_from.setDate(screen.date_to.date().addDays(1))
    qtbot.waitUntil(lambda: "起始日期晚于截止日期" in screen.status.text(), timeout=5000)


def scanner_burst(widget: QWidget, text: str) -> None:
    """A keyboard-wedge scanner: each character about 2 ms after the last, then Enter."""
    for char in text:
        QTest.keyClicks(widget, char)
        time.sleep(0.002)
    QTest.keyClick(widget, Qt.Key.Key_Return)


def test_a_scanner_burst_opens_the_case_from_the_intake_screen(
    qtbot: QtBot, window: MainWindow, cases: dict[str, str]
) -> None:
    window.tabs.setCurrentWidget(window.intake)
    name = window.intake.applicant.name
    name.setFocus()
    qtbot.waitUntil(name.hasFocus, timeout=2000)
    type_into(qtbot, name, "张")  # the clerk had begun the name
    scanner_burst(name, cases["middle"])
    dialog = open_detail(qtbot, window)
    assert dialog.detail is not None and dialog.detail.case_number == cases["middle"]
    assert name.text() == "张"  # the burst did not land in the field
    dialog.close()


def test_slow_typing_of_a_case_number_stays_in_the_field(
    qtbot: QtBot, window: MainWindow, cases: dict[str, str]
) -> None:
    window.tabs.setCurrentWidget(window.intake)
    name = window.intake.applicant.name
    name.setFocus()
    qtbot.waitUntil(name.hasFocus, timeout=2000)
    for char in cases["middle"]:
        QTest.keyClicks(name, char)
        qtbot.wait(45)  # a fast typist: 45 ms a key, still far slower than a scanner
    QTest.keyClick(name, Qt.Key.Key_Return)
    qtbot.wait(200)
    assert name.text() == cases["middle"]
    assert window.details == []
