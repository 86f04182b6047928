"""作废 in the case detail: the chief voids a printed document with a reason and the list marks
it void; for a clerk the button stays disabled and says why; 服务评价… opens the rating dialog."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from client.catalog.loading import load_department
from client.documents.data import DocumentKind
from offline.documents.service import current_operator
from offline.intake.transaction import IntakeService
from offline.storage.profile import open_profile
from tests.accounts.support import CHIEF, CLERK, seat
from tests.cases.support import tree_text
from tests.factories import accept_request
from ui.cases.detail_dialog import CaseDetailDialog
from ui.cases.rating_dialog import RatingDialog
from ui.cases.void_action import VoidDialog


@pytest.fixture
def service(tmp_path: Path) -> Iterator[IntakeService]:
    store = open_profile(tmp_path / "profile")
    seat(store, CHIEF)
    service = IntakeService(store, load_department())
    yield service
    store.close()


@pytest.fixture
def pool() -> Iterator[QThreadPool]:
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    yield pool
    pool.waitForDone()


def printed(service: IntakeService) -> str:
    store = service.store
    number = service.submit(accept_request(store)).case_number
    service.documents.produce(number, DocumentKind.ACCEPTANCE_NOTICE, current_operator(store))
    return number


def opened(
    qtbot: QtBot, service: IntakeService, number: str, pool: QThreadPool
) -> CaseDetailDialog:
    dialog = CaseDetailDialog(service, number, pool)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        dialog.show()
    return dialog


def notice_item(dialog: CaseDetailDialog) -> QTreeWidgetItem:
    item = dialog.prints.topLevelItem(notice_row(dialog))
    assert item is not None
    return item


def notice_row(dialog: CaseDetailDialog) -> int:
    tree = dialog.prints
    rows = [
        n
        for n in range(tree.topLevelItemCount())
        if tree_text(tree.topLevelItem(n), 0) == "受理通知书"
        and tree_text(tree.topLevelItem(n), 1) == "打印"
    ]
    assert len(rows) == 1
    return rows[0]


def test_the_chief_voids_a_document_with_a_reason(
    qtbot: QtBot, service: IntakeService, pool: QThreadPool
) -> None:
    number = printed(service)
    dialog = opened(qtbot, service, number, pool)
    button = dialog.void_action.button
    qtbot.waitUntil(lambda: dialog.void_action.refusal == "" and button.isEnabled() is False)
    dialog.prints.setCurrentItem(notice_item(dialog))
    assert button.isEnabled()
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, VoidDialog)
        buttons = box.findChild(QDialogButtonBox)
        assert buttons is not None
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.click()  # no reason yet: refused in the dialog
        seen.append(box.error.text())
        box.reason.setText("受理日期打印有误")
        qtbot.keyClick(box.reason, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert seen == ["作废须写明原因"]
    voided = notice_item(dialog)
    assert tree_text(voided, 4) == "已作废"
    states = [
        tree_text(dialog.prints.topLevelItem(n), 4)
        for n in range(dialog.prints.topLevelItemCount())
    ]
    assert "作废原因：受理日期打印有误" in states
    dialog.prints.setCurrentItem(voided)
    assert not button.isEnabled()  # voided once is enough
    with service.store.read() as conn:
        void = conn.execute(
            "SELECT operator, reason FROM document_prints WHERE action = 'void'"
        ).fetchall()
    assert [tuple(r) for r in void] == [(CHIEF.name, "受理日期打印有误")]


def test_a_clerk_cannot_void_and_is_told_why(
    qtbot: QtBot, service: IntakeService, pool: QThreadPool
) -> None:
    number = printed(service)
    seat(service.store, CLERK)
    dialog = opened(qtbot, service, number, pool)
    qtbot.waitUntil(lambda: "没有管理权" in dialog.void_action.refusal, timeout=5000)
    dialog.prints.setCurrentItem(notice_item(dialog))
    button = dialog.void_action.button
    assert not button.isEnabled()
    assert "王芳 没有管理权，不能作废文书" in button.toolTip()


def test_rating_is_reachable_from_the_detail(
    qtbot: QtBot, service: IntakeService, pool: QThreadPool
) -> None:
    number = printed(service)
    dialog = opened(qtbot, service, number, pool)
    qtbot.waitUntil(lambda: dialog.rating.text() == "尚未评价", timeout=5000)
    qtbot.mouseClick(dialog.rate_button, Qt.MouseButton.LeftButton)
    rating = dialog.rating_dialog
    assert isinstance(rating, RatingDialog) and rating.isVisible()
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        qtbot.keyClick(rating, Qt.Key.Key_5)
    qtbot.waitUntil(lambda: "5 非常满意" in dialog.rating.text(), timeout=5000)
    assert not dialog.rate_button.isEnabled()  # one rating per case
    assert "只能评价一次" in dialog.rate_button.toolTip()
    rating.close()
