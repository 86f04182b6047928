"""出证 in the window, by keyboard alone: 待出证 in 办件查询, the case, the 出证 dialog (a wrong ID
refused in words, then the applicant), the 送达回证 shown; and by post."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from offline.cases.handover import handover_of
from tests.capture.support import sane_test_device
from tests.cases.support import cell_text
from tests.cases.test_handover import AGENT_ID, decided_case
from tests.factories import VALID_ID, accept_request, open_main_window, open_service
from ui.cases.detail_dialog import CaseDetailDialog
from ui.cases.handover_dialog import HandoverDialog
from ui.main_window import MainWindow

__all__ = ["sane_test_device"]  # the fixture, imported for pytest

# The 委托书 scan opens the capture dialog, which starts SANE: with the test scanner only.
pytestmark = pytest.mark.usefixtures("sane_test_device")

SHOTS = Path("/tmp/chuangkou-shots")


@pytest.fixture
def numbers(tmp_path: Path) -> list[str]:
    service = open_service(tmp_path / "profile")
    try:
        service.submit(accept_request(service.store))  # accepted, not decided: not listed
        return [decided_case(service), decided_case(service)]
    finally:
        service.store.close()


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, numbers: list[str]) -> MainWindow:
    return open_main_window(qtbot, tmp_path / "profile", show=True)


def alt(widget: QWidget, key: Qt.Key) -> None:
    QTest.keyClick(widget, key, Qt.KeyboardModifier.AltModifier)


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def open_handover(qtbot: QtBot, window: MainWindow) -> tuple[CaseDetailDialog, HandoverDialog]:
    qtbot.waitUntil(lambda: bool(window.details), timeout=5000)
    detail = window.details[-1]
    assert isinstance(detail, CaseDetailDialog)
    qtbot.waitUntil(lambda: detail.handover_button.isEnabled(), timeout=5000)
    assert "待出证" in detail.handover_state.text()
    detail.activateWindow()
    qtbot.waitUntil(detail.isActiveWindow, timeout=2000)
    alt(detail, Qt.Key.Key_H)
    qtbot.waitUntil(lambda: isinstance(detail.handover_action.dialog, HandoverDialog), timeout=2000)
    dialog = detail.handover_action.dialog
    assert isinstance(dialog, HandoverDialog)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    return detail, dialog


def test_hand_over_in_person_by_keyboard(
    qtbot: QtBot, window: MainWindow, numbers: list[str]
) -> None:
    window.activateWindow()
    QTest.keySequence(window, "Ctrl+F")
    screen = window.case_search
    qtbot.waitUntil(screen.search.hasFocus, timeout=2000)
    alt(screen.search, Qt.Key.Key_D)  # 待出证
    qtbot.waitUntil(lambda: screen.table.rowCount() == 2, timeout=5000)
    shown = {cell_text(screen.table.item(r, 0)) for r in range(2)}
    assert shown == set(numbers)
    assert screen.table.hasFocus()
    screen.table.selectRow(0)
    first = cell_text(screen.table.item(0, 0))
    QTest.keyClick(screen.table, Qt.Key.Key_Return)
    detail, dialog = open_handover(qtbot, window)

    alt(dialog, Qt.Key.Key_I)  # the ID number field
    assert focused() is dialog.collector_id
    qtbot.keyClicks(dialog.collector_id, AGENT_ID)
    with qtbot.waitSignal(dialog.finished_work, timeout=5000):
        QTest.keyClick(dialog.collector_id, Qt.Key.Key_Return)  # the default button
    assert "与申请人张三的证件号码不符" in dialog.message.text()
    assert dialog.isVisible() and handover_of(window.service.store, first) is None
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "handover-refused.png"))
    assert dialog.width() <= 1366 and dialog.height() <= 728

    dialog.collector_id.selectAll()
    qtbot.keyClicks(dialog.collector_id, VALID_ID)
    with qtbot.waitSignal(dialog.handed_over, timeout=10000) as shown_signal:
        QTest.keyClick(dialog.collector_id, Qt.Key.Key_Return)
    _handover, receipt, error = shown_signal.args
    assert receipt is not None and error == ""
    qtbot.waitUntil(lambda: "已出证" in detail.handover_state.text(), timeout=5000)
    assert "申请人张三本人领取" in detail.handover_state.text()
    assert not detail.handover_button.isEnabled()
    assert detail.previews, "the 送达回证 is shown"
    assert "办结" in detail.header.text()
    detail.grab().save(str(SHOTS / "handover-detail.png"))


def test_hand_over_by_post_by_keyboard(
    qtbot: QtBot, window: MainWindow, numbers: list[str]
) -> None:
    window.open_case_detail(numbers[1])
    detail, dialog = open_handover(qtbot, window)
    alt(dialog, Qt.Key.Key_M)  # a mnemonic clicks after a short animation
    qtbot.waitUntil(dialog.by_post.isChecked, timeout=2000)
    assert not dialog.person_box.isEnabled()
    alt(dialog, Qt.Key.Key_D)
    assert focused() is dialog.address
    qtbot.keyClicks(dialog.address, "Beijing Dongcheng Dongchanganjie 1")
    alt(dialog, Qt.Key.Key_W)
    qtbot.keyClicks(dialog.waybill, "EA123")
    with qtbot.waitSignal(dialog.finished_work, timeout=5000):
        QTest.keyClick(dialog.waybill, Qt.Key.Key_Return)
    assert "运单号“EA123”有误" in dialog.message.text()
    qtbot.keyClicks(dialog.waybill, "456789CN")
    dialog.grab().save(str(SHOTS / "handover-post.png"))
    with qtbot.waitSignal(dialog.handed_over, timeout=10000):
        QTest.keyClick(dialog.waybill, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "邮寄送达" in detail.handover_state.text(), timeout=5000)
    assert "中国邮政 EMS，运单号 EA123456789CN" in detail.handover_state.text()


def test_an_agent_with_a_scanned_authorization(
    qtbot: QtBot, window: MainWindow, numbers: list[str], tmp_path: Path
) -> None:
    from tests.capture.ui_support import finish
    from tests.factories import make_files
    from ui.capture.capture_dialog import CaptureDialog

    window.open_case_detail(numbers[0])
    detail, dialog = open_handover(qtbot, window)
    dialog.role.setFocus()
    QTest.keyClick(dialog.role, Qt.Key.Key_Down)  # 委托代理人
    assert dialog.is_agent() and dialog.agent_name.isEnabled()
    alt(dialog, Qt.Key.Key_I)
    qtbot.keyClicks(dialog.collector_id, AGENT_ID)
    alt(dialog, Qt.Key.Key_N)
    qtbot.keyClicks(dialog.agent_name, "Li Xiuying")
    with qtbot.waitSignal(dialog.finished_work, timeout=5000):
        QTest.keyClick(dialog.agent_name, Qt.Key.Key_Return)
    assert "授权委托书" in dialog.message.text()

    alt(dialog, Qt.Key.Key_K)  # 扫描: the intake's capture dialog
    qtbot.waitUntil(lambda: isinstance(dialog.capture_dialog, CaptureDialog), timeout=2000)
    capture = dialog.capture_dialog
    assert isinstance(capture, CaptureDialog)
    capture.import_files(make_files(tmp_path / "letters", 1, prefix="weituoshu"))
    qtbot.waitUntil(lambda: len(capture.pages()) == 1, timeout=10000)
    finish(qtbot, capture)
    qtbot.waitUntil(lambda: dialog.authorization.text().endswith(".pdf"), timeout=5000)
    workspaces = window.service.store.profile / "capture"
    assert Path(dialog.authorization.text()).is_relative_to(workspaces)
    with qtbot.waitSignal(dialog.handed_over, timeout=10000) as signal:
        QTest.keyClick(dialog.agent_name, Qt.Key.Key_Return)
    handover = signal.args[0]
    assert handover.collector_role == "agent" and handover.authorization_file_id
    qtbot.waitUntil(lambda: "委托代理人Li Xiuying" in detail.handover_state.text(), timeout=5000)
    # The scan's pages are not kept beside the stored copy: the workspace is discarded.
    qtbot.waitUntil(lambda: not any(p.is_file() for p in workspaces.rglob("*")), timeout=5000)
    capture_service = dialog.capture
    assert capture_service is not None
    qtbot.waitUntil(lambda: capture_service.scanners.searched, timeout=10000)  # before teardown
