"""The 预警 panel and the lights in the window (pytest-qt, offscreen): a pulled 督办 shows with
its deadline and the chief answers it from the panel; lights show in today's cases; a case
changing colour raises a notification."""

from __future__ import annotations

import datetime as dt
import gc
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from client.central.api import CentralClient, MemoryTokenStore
from client.domain import Stage
from offline.sync.changes import apply_change
from tests.central.server import CentralServer
from tests.factories import accept_request, open_main_window, open_service
from tests.sync.support import connected_service, queue_cases
from tests.sync.ui_support import Windows
from ui.intake.today_cases import LIGHT_COLUMN
from ui.supervision.alerts import AlertsPanel
from ui.supervision.clock_menu import ExtensionDialog, PauseDialog
from ui.supervision.dialogs import AnswerOrderDialog

ORDER_ID = "0b6f4a1e-3c2d-4e5f-8a9b-112233445566"


@pytest.fixture(autouse=True)
def collect_garbage_on_the_ui_thread() -> Iterator[None]:
    """As tests/sync/ui_support.py: with engine threads about, collect on the UI thread."""
    gc.collect()
    gc.disable()
    yield
    gc.enable()
    gc.collect()


@pytest.fixture
def central(tmp_path: Path) -> Iterator[CentralServer]:
    with CentralServer(tmp_path / "central") as server:
        yield server


@pytest.fixture
def windows(qtbot: QtBot) -> Iterator[Windows]:
    opened = Windows(qtbot)
    yield opened
    opened.close()


def test_order_shows_and_the_chief_answers_it(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_main_window(qtbot, tmp_path / "profile")
    result = window.service.submit(accept_request(window.store))
    order = {
        "order_id": ORDER_ID,
        "deadline": "2026-12-10",
        "note": "请说明进度",
        "issued_by": "县监察室",
    }
    change = {"change_id": 1, "case_id": result.case_id, "kind": "supervision_order"}
    with window.store.write() as db:  # as the changes feed applies it
        at = {"at": "2026-12-01T09:00:00+08:00", "handler": "县监察室"}
        apply_change(db, change | at | {"order": order}, window.store.window_code)
    window.alerts.refresh()

    def orders() -> QTreeWidgetItem:  # rebuilt on every refresh
        return window.alerts.groups["orders"]

    qtbot.waitUntil(lambda: orders().childCount() == 1, timeout=5000)
    item = orders().child(0)
    assert item is not None
    assert [item.text(c) for c in range(3)] == [result.case_number, "请说明进度", "2026-12-10"]
    assert orders().text(0) == "督办（1）"

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, AnswerOrderDialog)
        dialog.choice.setCurrentIndex(1)  # 已办结
        dialog.text.setPlainText("已于今日办结并送达")
        dialog.accept()

    QTimer.singleShot(100, answer)
    window.alerts.on_item_double_clicked(item, 0)
    qtbot.waitUntil(lambda: orders().childCount() == 0, timeout=5000)
    payloads = [
        json.loads(p)
        for (p,) in window.store.conn.execute(
            "SELECT payload FROM outbox WHERE kind = 'event.post' ORDER BY seq"
        )
    ]
    reply = payloads[-1]
    assert (reply["kind"], reply["answer"], reply["text"]) == (
        "supervision.reply",
        "done",
        "已于今日办结并送达",
    )
    assert reply["order_id"] == ORDER_ID


def test_today_list_shows_each_cases_light(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_main_window(qtbot, tmp_path / "profile")
    result = window.service.submit(accept_request(window.store))
    window.today.refresh()
    cell = lambda: window.today.item(0, LIGHT_COLUMN)  # noqa: E731
    qtbot.waitUntil(lambda: cell() is not None and cell().text() != "", timeout=5000)
    assert cell().text() == "● 绿灯"  # 食品经营许可: 5 working days, accepted today
    assert "承诺办结：" + str(result.due_date) in cell().toolTip()


def test_colour_change_notifies(qtbot: QtBot, tmp_path: Path) -> None:
    service = open_service(tmp_path / "profile")
    result = service.submit(accept_request(service.store))
    assert result.stage is Stage.ACCEPTED and result.due_date is not None
    today = [dt.date.today()]
    told: list[tuple[str, str]] = []
    panel = AlertsPanel(service.store, lambda t, m: told.append((t, m)), lambda: today[0])
    qtbot.addWidget(panel)
    panel.refresh()
    qtbot.waitUntil(lambda: panel.loaded, timeout=5000)
    assert told == [] and panel.groups["overdue"].childCount() == 0

    today[0] = result.due_date + dt.timedelta(days=1)  # the day after the due date: red
    panel.refresh()
    qtbot.waitUntil(lambda: len(told) == 1, timeout=5000)
    title, message = told[0]
    assert title == f"办件 {result.case_number} 变为红灯"
    assert "原为绿灯" in message and str(result.due_date) in message
    assert panel.groups["overdue"].childCount() == 1
    panel.refresh()  # no change, no second notification
    qtbot.wait(300)
    assert len(told) == 1


def answer_dialog(fill: Callable[[QDialog], None]) -> None:
    """Fill and accept the next modal dialog once it is open."""

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog)
        try:
            fill(dialog)
        except BaseException:
            dialog.reject()  # a failed check must end the dialog's loop, not hang the test
            raise
        dialog.accept()

    QTimer.singleShot(100, run)


def test_clock_menu_pause_extension_and_supplement(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_main_window(qtbot, tmp_path / "profile")
    store = window.store
    accepted = window.service.submit(accept_request(store))
    window.today.refresh()  # read on the pool
    qtbot.waitUntil(lambda: window.today.rowCount() == 1, timeout=5000)
    window.today.selectRow(0)

    def pause(dialog: QDialog) -> None:
        assert isinstance(dialog, PauseDialog)
        assert dialog.number.text() == accepted.case_number  # the selected case
        dialog.kind.setCurrentIndex(dialog.kind.findData("appraisal"))
        dialog.reason.setText("需委托鉴定机构鉴定")

    answer_dialog(pause)
    window.clock_menu.on_pause(ending=False)
    qtbot.waitUntil(lambda: kinds(window)[-1:] == ["pause.start"], timeout=5000)
    # The 告知书 is produced and previewed.
    qtbot.waitUntil(lambda: bool(window.previews), timeout=15000)
    assert "特别程序告知书" in window.previews[-1].windowTitle()

    def extend(dialog: QDialog) -> None:
        assert isinstance(dialog, ExtensionDialog)
        dialog.reasons.setText("需现场核查")  # no approver: refused with a message

    answer_dialog(extend)
    window.clock_menu.on_extension()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None, timeout=5000)
    refusal = QApplication.activeModalWidget()
    assert refusal is not None
    label = refusal.findChild(QLabel, "qt_msgbox_label")
    assert label is not None and "负责人" in label.text()
    refusal.close()
    assert kinds(window)[-1] == "pause.start"  # nothing written


def kinds(window: object) -> list[str]:
    rows = window.store.conn.execute(  # type: ignore[attr-defined]
        "SELECT payload FROM outbox WHERE kind = 'event.post' ORDER BY seq"
    )
    return [json.loads(p)["kind"] for (p,) in rows]


def test_order_round_trip_through_the_window(
    qtbot: QtBot, tmp_path: Path, windows: Windows, central: CentralServer
) -> None:
    """Issued in the back office → pulled by the window's engine → shown in the panel →
    answered by the chief → held by the central."""
    service = connected_service(tmp_path / "profile", central.url)
    (case_id,) = queue_cases(service, 1, 0, tmp_path)
    window = windows.open(service, central.url, pull_seconds=0.5)
    waiting = "SELECT count(*) FROM outbox WHERE state != 'done'"
    qtbot.waitUntil(lambda: service.store.conn.execute(waiting).fetchone() == (0,), timeout=15000)
    office = CentralClient(central.url, MemoryTokenStore())
    office.login("reviewer", "reviewer-pass", "BACKOFFICE")
    path = f"/backoffice/cases/{case_id}/orders"
    order = {"deadline": "2026-12-10", "note": "请说明进度", "handler": "县监察室"}
    order_id = office.request("POST", path, json=order).json()["order_id"]

    def orders() -> QTreeWidgetItem:
        return window.alerts.groups["orders"]

    qtbot.waitUntil(lambda: orders().childCount() == 1, timeout=15000)
    item = orders().child(0)
    assert item is not None and item.text(2) == "2026-12-10"

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, AnswerOrderDialog)
        dialog.text.setPlainText("材料已补齐，今日转复审")

    answer_dialog(fill)
    window.alerts.on_item_double_clicked(item, 0)

    def held() -> object:
        return office.request("GET", f"/backoffice/orders/{order_id}").json()["answer"]

    qtbot.waitUntil(lambda: held() is not None, timeout=15000)
    answer = held()
    assert isinstance(answer, dict)
    assert (answer["answer"], answer["text"]) == ("explained", "材料已补齐，今日转复审")
