"""A whole intake with the keyboard only: keys go to whichever widget has the focus, as on a
real keyboard; no mouse event and no call that sets a value behind the keyboard's back.

The scans come from the 监视文件夹 source (a scanner that scans to a folder), which the
first-run wizard sets up; dropping a file there is the scanner's part, not the clerk's.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from client.domain import MaterialForm
from tests.capture.support import sane_test_device
from tests.factories import make_files, open_main_window
from ui.main_window import MainWindow

__all__ = ["sane_test_device"]  # the fixture, imported for pytest
# The capture dialog looks for scanners: only SANE's test backend, never the network.
pytestmark = pytest.mark.usefixtures("sane_test_device")

MAX_TABS = 80


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


NO_MODIFIER = Qt.KeyboardModifier.NoModifier


def key(qtbot: QtBot, pressed: Qt.Key, modifier: Qt.KeyboardModifier = NO_MODIFIER) -> None:
    qtbot.keyClick(focused(), pressed, modifier)


def tab_to(qtbot: QtBot, target: QWidget) -> int:
    """Press Tab until `target` has the focus (the clerk watching the focus frame)."""
    for presses in range(MAX_TABS):
        if focused() is target:
            return presses
        key(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target!r}; stuck on {focused()!r}")


def type_text(qtbot: QtBot, text: str) -> None:
    """ASCII on the keys; Chinese committed by the input method, as a pinyin IME does."""
    if text.isascii():
        qtbot.keyClicks(focused(), text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(focused(), event)


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    main = open_main_window(qtbot, tmp_path / "profile", show=False)
    main.store.set_settings(
        {"scan.source": "watched_folder", "scan.watch_folder": str(tmp_path / "scans")}
    )
    (tmp_path / "scans").mkdir()
    main.show()
    main.activateWindow()
    qtbot.waitExposed(main)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    return main


def capture_by_keyboard(qtbot: QtBot, window: MainWindow, scan: Path, folder: Path) -> None:
    """From a focused 采集… button: Enter, start watching the folder, 完成."""
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QDialog))
    dialog = window.intake.capture_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.size().height() <= 728
    dialog.activateWindow()  # the window manager's part: offscreen Qt has none
    qtbot.waitUntil(dialog.isActiveWindow)
    shutil.copy(scan, folder / scan.name)  # the scanner drops its file
    tab_to(qtbot, dialog.watch_button)  # type: ignore[attr-defined]
    key(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.finish_button.isEnabled(), timeout=15000)  # type: ignore[attr-defined]
    tab_to(qtbot, dialog.finish_button)  # type: ignore[attr-defined]
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not isValid(dialog) or not dialog.isVisible(), timeout=15000)
    window.activateWindow()  # back to the main window, as the window manager does
    qtbot.waitUntil(window.isActiveWindow)


def test_whole_intake_by_keyboard_only(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    screen = window.intake
    assert focused() is screen.picker.search  # the window opens ready to type an item
    type_text(qtbot, "gtgsh")
    key(qtbot, Qt.Key.Key_Down)  # into the results, onto the first
    assert focused() is screen.picker.results
    assert screen.item is not None and screen.item.code == "SCJG-0101"

    form = screen.applicant
    tab_to(qtbot, form.name)
    type_text(qtbot, "赵晓燕")
    key(qtbot, Qt.Key.Key_Tab)  # 证件类型 stays 居民身份证
    assert focused() is form.id_type
    key(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "11010519491231002X")
    key(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "13812345678")

    folder = tmp_path / "scans"
    scans = make_files(tmp_path / "originals", 2)
    checklist = screen.checklist
    for index, req in enumerate(screen.item.materials):
        row = checklist.rows[index]
        if not row.applicable.isChecked():
            continue
        if index < 2:  # the application form and the ID card are scanned
            tab_to(qtbot, row.capture_button)
            capture_by_keyboard(qtbot, window, scans[index], folder)
            qtbot.waitUntil(lambda r=row: r.pdf is not None, timeout=15000)  # type: ignore[misc]
            continue
        if req.form is not MaterialForm.COPY:
            tab_to(qtbot, row.original)
            key(qtbot, Qt.Key.Key_Space)
            assert row.original.isChecked()
        if req.form is not MaterialForm.ORIGINAL:
            tab_to(qtbot, row.copies)
            type_text(qtbot, str(req.copies))
            assert row.copies.value() == req.copies
    assert screen.accept_button.isEnabled(), screen.problems.text()

    with qtbot.waitSignal(screen.case_saved, timeout=20000) as saved:
        key(qtbot, Qt.Key.Key_F9)  # 受理
    result = saved.args[0]
    conn = window.store.conn
    assert conn.execute("SELECT case_number, stage FROM cases").fetchone() == (
        result.case_number,
        "accepted",
    )
    assert conn.execute("SELECT name, id_number, phone FROM parties").fetchone() == (
        "赵晓燕",
        "11010519491231002X",
        "13812345678",
    )
    assert conn.execute("SELECT count(*) FROM material_files").fetchone()[0] == 2
    # the slip to print (decrypted and loaded off the UI thread)
    qtbot.waitUntil(
        lambda: bool(window.previews) and window.previews[-1].isVisible(), timeout=10000
    )

    # Ctrl+F: 办件查询 with the cursor in its search box; the number finds the new case.
    window.activateWindow()  # the clerk closes the preview, or the slip printed
    qtbot.waitUntil(window.isActiveWindow)
    assert focused() is screen.picker.search  # ready for the next applicant
    key(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    search = window.case_search
    assert window.tabs.currentWidget() is search and focused() is search.search
    qtbot.keyClicks(search.search, result.case_number)
    qtbot.waitUntil(lambda: search.table.rowCount() == 1, timeout=5000)
    cell = search.table.item(0, 0)
    assert cell is not None and cell.text() == result.case_number


def test_tab_reaches_every_line_and_leaves_the_table(qtbot: QtBot, window: MainWindow) -> None:
    """Tab walks every line's 原件 box, 份数 and 采集… button, then leaves the table."""
    screen = window.intake
    type_text(qtbot, "gtgsh")
    key(qtbot, Qt.Key.Key_Down)
    visited: list[QWidget] = []
    while focused() is not screen.clear_button:
        assert len(visited) < MAX_TABS, f"Tab is stuck around {focused()!r}"
        key(qtbot, Qt.Key.Key_Tab)
        visited.append(focused())
    for row in screen.checklist.rows:
        wanted = [row.capture_button] + [w for w in (row.original, row.copies) if w.isEnabled()]
        assert all(widget in visited for widget in wanted)
    # From the last line's 采集… the next Tab is already outside the table (× is disabled).
    last = visited.index(screen.checklist.rows[-1].capture_button)
    assert visited[last + 1] is screen.clear_button


def test_tab_leaves_the_refusal_reason_for_the_buttons(qtbot: QtBot) -> None:
    """By keyboard: Space picks 项(一), Tab goes to the reason (the body field is only for
    项(二)), the reason box does not swallow Tab, Enter confirms."""
    from ui.intake.reason_dialogs import RefuseDialog

    dialog = RefuseDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert focused() is dialog.first
    key(qtbot, Qt.Key.Key_Space)
    assert dialog.clause() == 1
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.text
    type_text(qtbot, "不属于本机关职权范围")
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is not dialog.text and dialog.reason() == "不属于本机关职权范围"
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        key(qtbot, Qt.Key.Key_Return)  # the confirm button has the focus


def test_a_refusal_by_clause_two_asks_for_the_body_by_keyboard(qtbot: QtBot) -> None:
    from ui.intake.reason_dialogs import RefuseDialog

    dialog = RefuseDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.on_ok_clicked()
    assert "第（一）项或第（二）项" in dialog.error.text() and not dialog.result()
    key(qtbot, Qt.Key.Key_Down)  # arrows move within the two 项, Space picks one
    key(qtbot, Qt.Key.Key_Space)
    assert dialog.clause() == 2 and dialog.body.isEnabled()
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.body
    key(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "不属于本机关职权范围")
    dialog.on_ok_clicked()
    assert "应当向其申请的行政机关" in dialog.error.text() and focused() is dialog.body
    type_text(qtbot, "培训县市场监督管理局")
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        dialog.on_ok_clicked()
    assert (dialog.clause(), dialog.competent_body()) == (2, "培训县市场监督管理局")
