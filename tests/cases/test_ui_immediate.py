"""即办决定 in the window: the case detail of an accepted 即办件 offers it to a person with 即办权
(disabled, with the reason, for a clerk; absent for a 承诺件); the dialog works by keyboard,
insists on reasons for 不予, fits the hall screen, and the sealed decision opens for printing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt, QThreadPool
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from client.catalog.loading import load_department
from offline.documents.service import DocumentService
from offline.documents.signing_keys import identity_for
from offline.intake.transaction import IntakeService
from offline.storage.profile import open_profile
from tests.accounts.support import CLERK, seat
from tests.factories import FOOD_PERMIT, accept_request, open_main_window
from ui.cases.detail_dialog import CaseDetailDialog
from ui.cases.immediate_dialog import ImmediateDecisionDialog
from ui.screen_fit import HALL_SCREEN

IMMEDIATE = "SCJG-0101"


@pytest.fixture
def service(tmp_path: Path) -> Iterator[IntakeService]:
    """A training window whose documents are signed, as ui/app.py builds it."""
    store = open_profile(tmp_path / "profile")
    department = load_department()
    documents = DocumentService(store, department, lambda: identity_for(store, department))
    yield IntakeService(store, department, documents=documents)
    QThreadPool.globalInstance().waitForDone()


@pytest.fixture
def pool() -> Iterator[QThreadPool]:
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    yield pool
    pool.waitForDone()


def detail(
    qtbot: QtBot, service: IntakeService, number: str, pool: QThreadPool
) -> CaseDetailDialog:
    dialog = CaseDetailDialog(service, number, pool)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=5000)
    return dialog


def fits(size: QSize) -> bool:
    return size.width() <= HALL_SCREEN.width() and size.height() <= HALL_SCREEN.height()


def test_chief_decides_by_keyboard_and_the_sealed_decision_opens(
    qtbot: QtBot, service: IntakeService, pool: QThreadPool, tmp_path: Path
) -> None:
    number = service.submit(accept_request(service.store, IMMEDIATE)).case_number
    dialog = detail(qtbot, service, number, pool)
    button = dialog.decide_button
    assert button.isVisible() and button.isEnabled()

    qtbot.keyClick(dialog, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # 即办决定(&D)
    qtbot.waitUntil(lambda: dialog.findChild(ImmediateDecisionDialog) is not None, timeout=2000)
    decide = dialog.findChild(ImmediateDecisionDialog)
    assert isinstance(decide, ImmediateDecisionDialog)
    qtbot.waitExposed(decide)
    assert fits(decide.sizeHint()) and fits(decide.size())
    decide.grab().save(str(tmp_path / "immediate-dialog.png"))

    qtbot.waitUntil(decide.isActiveWindow, timeout=2000)
    assert QApplication.focusWidget() is decide.approve
    qtbot.keyClick(decide.approve, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # 不予(&N)
    qtbot.waitUntil(lambda: not decide.approved, timeout=2000)  # a mnemonic clicks animated
    decide.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert decide.isVisible() and "理由" in decide.error.text()  # nothing recorded
    assert QApplication.focusWidget() is decide.reasons
    qtbot.keyClicks(decide.reasons, "name duplicate")
    decide.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    qtbot.waitUntil(lambda: bool(dialog.previews), timeout=15000)
    with service.store.read() as conn:
        stage, approved, reasons = conn.execute(
            "SELECT c.stage, d.approved, d.reasons FROM cases c JOIN decisions d USING (case_id)"
            " WHERE c.case_number = ?",
            (number,),
        ).fetchone()
        sealed = conn.execute(
            "SELECT kind, sealed, signed FROM document_prints WHERE kind = 'denial-decision'"
        ).fetchall()
    assert (stage, approved, reasons) == ("decided", 0, "name duplicate")
    assert sealed == [("denial-decision", 1, 1)]
    qtbot.waitUntil(lambda: not dialog.decide_button.isEnabled(), timeout=5000)  # reloaded
    assert "已作出决定" in dialog.decide_button.toolTip()
    settle(qtbot, pool)
    for preview in list(dialog.previews):
        preview.close()
    settle(qtbot, pool)


def settle(qtbot: QtBot, pool: QThreadPool) -> None:
    """Background jobs done and their answers delivered: a widget deleted while one of its
    jobs runs crashes PySide."""
    QThreadPool.globalInstance().waitForDone()
    pool.waitForDone()
    qtbot.wait(100)


def test_a_clerk_sees_why_and_a_promised_item_has_no_button(
    qtbot: QtBot, service: IntakeService, pool: QThreadPool
) -> None:
    seat(service.store, CLERK)
    number = service.submit(accept_request(service.store, IMMEDIATE)).case_number
    promised = service.submit(accept_request(service.store, FOOD_PERMIT)).case_number
    dialog = detail(qtbot, service, number, pool)
    assert dialog.decide_button.isVisible() and not dialog.decide_button.isEnabled()
    assert "即办权" in dialog.decide_button.toolTip()
    other = detail(qtbot, service, promised, pool)
    assert not other.decide_button.isVisible()
    settle(qtbot, pool)


def test_the_window_document_chooser_offers_the_decision(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """出具文书 (double-click in 今日办件) lists 即办决定 for an accepted 即办件; choosing it opens
    the same dialog, and the sealed decision opens for printing."""
    window = open_main_window(qtbot, tmp_path / "window")
    store, department = window.store, window.service.department
    window.service.documents.identity = lambda: identity_for(store, department)
    number = window.service.submit(accept_request(store, IMMEDIATE)).case_number
    offered: list[list[str]] = []

    def choose(*args: object) -> tuple[str, bool]:
        labels = args[3]
        assert isinstance(labels, list)
        offered.append(labels)
        return labels[-1], len(offered) == 1  # the second time: 取消

    monkeypatch.setattr("ui.documents.window_documents.QInputDialog.getItem", choose)
    window.on_case_opened(number)  # the chooser opens once the case is read off the UI thread
    qtbot.waitUntil(lambda: bool(offered))
    assert offered[0][-1] == "即办决定（准予或不予）"
    decide = window.findChild(ImmediateDecisionDialog)
    assert isinstance(decide, ImmediateDecisionDialog)
    qtbot.waitExposed(decide)
    decide.buttons.button(QDialogButtonBox.StandardButton.Ok).click()  # 准予
    qtbot.waitUntil(lambda: bool(window.previews), timeout=15000)
    with store.read() as conn:
        kinds = [
            r[0]
            for r in conn.execute(
                "SELECT kind FROM document_prints WHERE sealed = 1 AND kind LIKE '%-decision'"
            )
        ]
    assert kinds == ["approval-decision"]  # (the 受理回执 is sealed too: art. 32 ¶2)
    pool = window.write_pool
    settle(qtbot, pool)
    for preview in list(window.previews):
        preview.close()
    settle(qtbot, pool)
    window.on_case_opened(number)  # decided: no second decision offered
    qtbot.waitUntil(lambda: len(offered) == 2)
    assert "即办决定（准予或不予）" not in offered[-1]
