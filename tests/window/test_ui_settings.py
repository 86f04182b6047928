"""Window settings and 节假日管理, through their dialogs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from tests.factories import open_main_window
from ui.main_window import MainWindow
from ui.settings.holiday_dialog import HolidayDialog
from ui.settings.settings_dialog import SettingsDialog


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    return open_main_window(qtbot, tmp_path / "profile", show=False)


def audit_actions(window: MainWindow) -> list[str]:
    return [a for (a,) in window.store.conn.execute("SELECT action FROM audit_log ORDER BY seq")]


def test_window_settings_are_saved_audited_and_shown(qtbot: QtBot, window: MainWindow) -> None:
    dialog = SettingsDialog(window.store, window.write_pool, window)
    qtbot.addWidget(dialog)
    assert "window.clerk" not in dialog.editors  # the person comes from the login now
    code, days = dialog.editors["window.code"], dialog.editors["accounts.offline_days"]
    code.setText("W07")  # type: ignore[union-attr]
    days.setValue(3)  # type: ignore[union-attr]
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.on_save_clicked()
    assert window.store.window_code == "W07"
    assert window.store.settings.get("accounts.offline_days") == 3
    assert audit_actions(window).count("settings.change") == 2
    actors = {a for (a,) in window.store.conn.execute("SELECT actor FROM audit_log")}
    assert actors == {"training"}  # the person at the window, not a free-text name
    window.refresh_settings()
    assert "W07" in window.window_label.text() and "培训员" in window.window_label.text()


def test_bad_window_code_is_refused_and_nothing_saved(qtbot: QtBot, window: MainWindow) -> None:
    dialog = SettingsDialog(window.store, window.write_pool, window)
    qtbot.addWidget(dialog)
    dialog.editors["window.code"].setText("w-123456")  # type: ignore[union-attr]
    dialog.on_save_clicked()
    assert "窗口编号" in dialog.error.text()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert window.store.window_code == "PX01"
    assert "settings.change" not in audit_actions(window)


def test_holiday_notice_for_a_missing_year(qtbot: QtBot, window: MainWindow) -> None:
    year = dt.date.today().year + 3  # no bundled calendar knows it
    assert not window.store.calendar().knows_year(year)
    dialog = HolidayDialog(window.store, window.write_pool, window)
    qtbot.addWidget(dialog)
    dialog.year.setValue(year)
    assert "缺失" in dialog.state.text()
    dialog.text.setPlainText(f"休 {year}-10-01 至 {year}-10-07\n班 {year}-10-32\n")
    dialog.on_save_clicked()
    assert "第 2 行" in dialog.error.text()
    dialog.text.setPlainText(f"休 {year}-10-01 至 {year}-10-07\n班 {year}-10-09\n")
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.on_save_clicked()
    calendar = window.store.calendar()
    assert calendar.knows_year(year)
    assert not calendar.is_workday(dt.date(year, 10, 4))
    assert calendar.is_workday(dt.date(year, 10, 9))
    reopened = HolidayDialog(window.store, window.write_pool, window)
    qtbot.addWidget(reopened)
    reopened.year.setValue(year)
    assert reopened.state.text() == "已录入" and f"{year}-10-01" in reopened.text.toPlainText()


def test_status_bar_says_when_a_year_has_no_holiday_calendar(window: MainWindow) -> None:
    year = dt.date.today().year
    calendar = window.store.calendar()
    missing = [y for y in (year, year + 1) if not calendar.knows_year(y)]
    text = window.calendar_label.text()
    assert bool(text) == bool(missing)
    assert all(str(y) in text for y in missing)
