"""The window follows the core: buttons refused to the person are disabled with the reason;
the lock (Ctrl+L, idle minutes, `main.py lock`) covers the window; a shift change mid-intake
loses nothing on screen or in the queue, and the next save names the new person."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from client.domain import Action, SupplementLine
from offline.accounts.login import lock
from offline.storage.profile import open_profile
from tests.accounts.support import CHIEF, CLERK, seat
from tests.factories import VALID_ID, accept_request, open_main_window, open_service
from ui.accounts import idle
from ui.main_window import MainWindow


def clerk_profile(profile: Path, refusal_needs_chief: bool = False) -> None:
    service = open_service(profile)
    store = service.store
    store.set_setting("rules.refusal_needs_chief", refusal_needs_chief)
    store.set_setting("accounts.idle_minutes", 2)
    seat(store, CHIEF)
    service.submit(accept_request(store))  # queued work that must survive a shift change
    seat(store, CLERK)
    store.close()


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    clerk_profile(tmp_path / "profile", refusal_needs_chief=True)
    return open_main_window(qtbot, tmp_path / "profile")


def unlock_as(qtbot: QtBot, window: MainWindow, username: str, password: str) -> None:
    screen = window.accounts.lock_screen
    screen.username.setText(username)
    screen.password.setText(password)
    with qtbot.waitSignal(screen.unlocked, timeout=20000):
        qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: window.accounts.person is not None and window.accounts.person.username == username,
        timeout=10000,
    )


def test_buttons_follow_the_core(qtbot: QtBot, window: MainWindow) -> None:
    intake = window.intake
    qtbot.keyClicks(intake.picker.search, "gtgsh")
    intake.picker.results.setCurrentRow(0)
    intake.applicant.name.setText("赵晓燕")
    intake.applicant.id_number.setText(VALID_ID)
    intake.applicant.phone.setText("13812345678")
    assert intake.supplement_button.isEnabled()  # 受理权: the clerk has it
    assert not intake.refuse_button.isEnabled()
    assert "不予受理须由首席代表办理" in intake.refuse_button.toolTip()
    settings = window.settings_actions[0]
    assert not settings.isEnabled() and "没有管理权" in settings.toolTip()
    assert "王芳（窗口工作人员）" in window.window_label.text()


def test_ctrl_l_locks_and_a_shift_change_keeps_the_half_filled_intake(
    qtbot: QtBot, window: MainWindow
) -> None:
    store = window.store
    intake = window.intake
    qtbot.keyClicks(intake.picker.search, "gtgsh")
    intake.picker.results.setCurrentRow(0)
    intake.applicant.name.setText("赵晓燕")
    intake.applicant.id_number.setText(VALID_ID)
    queued = store.outbox_depth()
    assert queued > 0
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    screen = window.accounts.lock_screen
    assert screen.isVisible() and not central_enabled(window)
    qtbot.waitUntil(lambda: open_profile_locked(store.profile), timeout=10000)
    screen.username.setText("chief")
    screen.password.setText("wrong-pass")
    qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "密码错误" in screen.error.text(), timeout=20000)
    assert screen.isVisible()
    unlock_as(qtbot, window, "chief", "chief-pass")  # the chief takes the window over
    assert not screen.isVisible() and central_enabled(window)
    assert intake.item is not None and intake.item.code == "SCJG-0101"
    assert (intake.applicant.name.text(), intake.applicant.id_number.text()) == (
        "赵晓燕",
        VALID_ID,
    )
    assert store.outbox_depth() == queued
    assert intake.refuse_button.toolTip() == ""  # the chief may refuse
    intake.applicant.phone.setText("13812345678")
    line = SupplementLine(intake.item.materials[0].code, "", "申请书未签字")
    with qtbot.waitSignal(intake.case_saved, timeout=20000) as saved:
        intake.submit(intake.request(Action.SUPPLEMENT, "请补齐材料", (line,)))
    number = saved.args[0].case_number
    with store.read() as conn:
        clerk = conn.execute("SELECT clerk FROM cases WHERE case_number = ?", (number,)).fetchone()[
            0
        ]
        applicant = conn.execute(
            "SELECT p.name FROM parties p JOIN cases c ON c.case_id = p.case_id"
            " WHERE c.case_number = ?",
            (number,),
        ).fetchone()[0]
    assert (clerk, applicant) == ("李强", "赵晓燕")


def central_enabled(window: MainWindow) -> bool:
    central = window.centralWidget()
    assert central is not None
    return central.isEnabled()


def open_profile_locked(profile: Path) -> bool:
    store = open_profile(profile)
    try:
        from offline.accounts.login import locked

        return locked(store)
    finally:
        store.close()


def test_the_window_locks_after_the_idle_minutes(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(idle, "MINUTE_MS", 150)  # 2 "minutes" of 150 ms
    clerk_profile(tmp_path / "profile")
    window = open_main_window(qtbot, tmp_path / "profile")
    screen = window.accounts.lock_screen
    for _ in range(4):  # input keeps it open
        qtbot.wait(120)
        qtbot.mouseMove(window.intake.picker.search)
        qtbot.keyClick(window.intake.picker.search, Qt.Key.Key_A)
    assert not screen.isVisible()
    qtbot.waitUntil(screen.isVisible, timeout=5000)
    unlock_as(qtbot, window, "clerk", "clerk-pass")
    assert not screen.isVisible()


def test_a_profile_locked_from_the_cli_starts_locked(qtbot: QtBot, tmp_path: Path) -> None:
    clerk_profile(tmp_path / "profile")
    store = open_profile(tmp_path / "profile")
    lock(store)
    store.close()
    window = open_main_window(qtbot, tmp_path / "profile")
    assert window.accounts.lock_screen.isVisible()
    assert "王芳" in window.accounts.lock_screen.who.text()


def test_documents_the_clerk_may_not_produce_are_marked_and_refused(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = window.store
    with store.read() as conn:
        number = conn.execute("SELECT case_number FROM cases").fetchone()[0]
        prints = conn.execute("SELECT count(*) FROM document_prints").fetchone()[0]
    offered: list[list[str]] = []
    told: list[str] = []

    def choose(*args: object) -> tuple[str, bool]:
        labels = args[3]
        assert isinstance(labels, list)
        offered.append(labels)
        return next(label for label in labels if label.startswith("受理回执")), True

    monkeypatch.setattr("ui.documents.window_documents.QInputDialog.getItem", choose)
    monkeypatch.setattr(
        "ui.documents.window_documents.QMessageBox.information",
        lambda *args: told.append(str(args[2])),
    )
    window.on_case_opened(number)  # the slip was printed at intake: this would be 补打
    window.on_case_opened(number)  # a second Enter before the chooser showed: one chooser
    qtbot.waitUntil(lambda: bool(told))
    qtbot.wait(300)
    assert len(offered) == 1 and window.opening_cases == set()
    assert "受理回执（无权限）" in offered[0] and "受理通知书" in offered[0]
    assert told and "没有管理权" in told[0]
    with store.read() as conn:
        assert conn.execute("SELECT count(*) FROM document_prints").fetchone()[0] == prints
