"""首次设置: the wizard on a new profile's first start, everything it sets in the profile."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QThreadPool
from PySide6.QtWidgets import QPushButton, QWizard
from pytestqt.qtbot import QtBot

from offline.storage.profile import open_profile
from tests.capture.support import sane_test_device
from tests.factories import accept_request, make_files, open_main_window, open_service
from ui.first_run.wizard import FirstRunWizard, needs_first_run
from ui.main_window import MainWindow

__all__ = ["sane_test_device"]  # the fixture, imported for pytest
pytestmark = pytest.mark.usefixtures("sane_test_device")


def settle(qtbot: QtBot, window: MainWindow) -> None:
    """Let background jobs end while the test still holds the window: a window deleted while
    one of its jobs runs crashes PySide at teardown (any MainWindow closed within ~1 s)."""
    QThreadPool.globalInstance().waitForDone()
    window.write_pool.waitForDone()
    qtbot.wait(100)


def open_wizard(qtbot: QtBot, window: MainWindow) -> FirstRunWizard:
    window.offer_first_run()
    wizard = getattr(window, "first_run", None)
    assert isinstance(wizard, FirstRunWizard) and wizard.isVisible()
    return wizard


def retype(qtbot: QtBot, edit: object, text: str) -> None:
    edit.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(edit, text)


def test_wizard_sets_up_a_new_profile_once(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_main_window(qtbot, tmp_path / "profile")
    assert needs_first_run(window.store)
    wizard = open_wizard(qtbot, window)
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "下一步(&N) >"
    next_button = wizard.button(QWizard.WizardButton.NextButton)

    # 窗口: the settings' own rules; a bad code keeps 下一步 greyed, with the reason.
    retype(qtbot, wizard.window_page.code, "w 07")
    assert not next_button.isEnabled()
    assert "格式不对" in wizard.window_page.problem.text()
    retype(qtbot, wizard.window_page.code, "W07")
    assert next_button.isEnabled()
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)

    # 使用方式: training by default, complete as it is.
    assert wizard.currentPage() is wizard.mode_page and wizard.mode_page.training.isChecked()
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)

    # 打印机: this machine has no printer; the test page says so in Chinese, nothing breaks.
    page = wizard.printers_page
    assert wizard.currentPage() is page
    assert page.combos["receipt"].currentText() == "系统默认打印机"
    test_receipt = page.findChild(QPushButton, "wizard_test_receipt")
    assert test_receipt is not None
    qtbot.mouseClick(test_receipt, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "打印机" in page.results["receipt"].text()
                    and "正在" not in page.results["receipt"].text(), timeout=10000)  # fmt: skip
    assert "本机没有可用的打印机" in page.results["receipt"].text()
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)

    # 材料采集: a watched folder, tried once through the capture dialog.
    capture = wizard.capture_page
    folder = tmp_path / "scan-to"
    folder.mkdir()
    capture.source.setCurrentIndex(capture.source.findData("watched_folder"))
    retype(qtbot, capture.folder, str(folder))
    qtbot.mouseClick(capture.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(capture, "dialog", None) is not None, timeout=10000)
    dialog = capture.dialog
    assert dialog.tabs.currentIndex() == 3  # opened on 监视文件夹, as chosen
    assert dialog.folder.text() == str(folder)
    shutil.copy(make_files(tmp_path / "originals", 1)[0], folder / "scan.pdf")
    qtbot.mouseClick(dialog.watch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.finish_button.isEnabled, timeout=15000)
    qtbot.mouseClick(dialog.finish_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "采集成功" in capture.result.text(), timeout=15000)
    assert "1 页" in capture.result.text()

    finish = wizard.button(QWizard.WizardButton.FinishButton)
    with qtbot.waitSignal(wizard.finished, timeout=10000):
        qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    # the window follows at once (the seat is read again off the UI thread)
    qtbot.waitUntil(lambda: "W07" in window.window_label.text(), timeout=5000)
    window.write_pool.waitForDone()
    store = open_profile(tmp_path / "profile")
    try:
        assert store.window_code == "W07"
        assert store.settings.text("scan.source") == "watched_folder"
        assert store.settings.text("scan.watch_folder") == str(folder)
        assert store.settings.text("printing.receipt_printer") == ""
        assert store.settings.get("setup.first_run_done") is True
        assert not needs_first_run(store)
        changed = {k for (k,) in store.conn.execute(
            "SELECT json_extract(details, '$.key') FROM audit_log WHERE action = 'settings.change'"
        )}  # fmt: skip
        assert {"window.code", "setup.first_run_done"} <= changed
    finally:
        store.close()
    settle(qtbot, window)


def test_later_starts_and_used_profiles_go_straight_to_the_window(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_main_window(qtbot, tmp_path / "profile")
    wizard = open_wizard(qtbot, window)
    wizard.reject()  # 以后再说: closes once the flag is stored
    qtbot.waitUntil(lambda: not wizard.isVisible())
    assert window.store.settings.get("setup.first_run_done") is True
    assert window.store.window_code == "PX01"  # cancelling changes nothing else
    shown = window.first_run  # type: ignore[attr-defined]
    window.offer_first_run()
    assert window.first_run is shown  # type: ignore[attr-defined]  # no second wizard
    settle(qtbot, window)


def test_a_profile_in_use_is_never_offered_the_wizard(tmp_path: Path) -> None:
    service = open_service(tmp_path / "used")
    service.submit(accept_request(service.store))
    assert not needs_first_run(service.store)
    service.store.close()


def test_wizard_connects_to_the_central_off_the_ui_thread(qtbot: QtBot, tmp_path: Path) -> None:
    from tests.central.server import CentralServer

    with CentralServer(tmp_path / "central") as central:
        window = open_main_window(qtbot, tmp_path / "profile")
        wizard = open_wizard(qtbot, window)
        retype(qtbot, wizard.window_page.code, "W07")
        next_button = wizard.button(QWizard.WizardButton.NextButton)
        qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
        mode = wizard.mode_page
        at_indicator = QPoint(8, mode.online.height() // 2)
        qtbot.mouseClick(mode.online, Qt.MouseButton.LeftButton, pos=at_indicator)
        assert mode.online.isChecked()
        assert not next_button.isEnabled()  # connected mode needs the login first
        qtbot.keyClicks(mode.url, central.url)
        # The county administrator sets the seat up: settings need 管理权 (a clerk has not).
        qtbot.keyClicks(mode.username, "admin")
        qtbot.keyClicks(mode.password, "wrong")
        qtbot.mouseClick(mode.connect_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "连接失败" in mode.state.text(), timeout=15000)
        assert window.store.training and mode.password.text() == "" and not next_button.isEnabled()
        qtbot.keyClicks(mode.password, "admin-pass")
        qtbot.mouseClick(mode.connect_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "已连接" in mode.state.text(), timeout=15000)
        assert next_button.isEnabled() and not window.store.training
        assert window.store.settings.text("central.url") == central.url
        assert window.store.window_code == "W07"
        wizard.next()
        wizard.next()
        with qtbot.waitSignal(wizard.finished, timeout=10000):
            wizard.accept()
        assert window.mode_label.text() == "联网模式"
        settle(qtbot, window)
        window.sync.stop()
