"""The rating dialog by keyboard alone: a digit rates; 1 or 2 asks why (Space ticks a reason,
Enter submits), and without a reason it says so and stores nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool, QTimer
from pytestqt.qtbot import QtBot

from client.catalog.loading import load_department
from offline.cases.rating import case_rating, open_bad_ratings
from offline.intake.transaction import IntakeService
from offline.storage.profile import open_profile
from offline.storage.store import Store
from tests.factories import accept_request
from ui.cases.rating_dialog import RatingDialog, offer_rating
from ui.screen_fit import HALL_SCREEN


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = open_profile(tmp_path / "profile")
    yield store
    store.close()


@pytest.fixture
def pool() -> Iterator[QThreadPool]:
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    yield pool
    pool.waitForDone()


def new_case(store: Store) -> str:
    return IntakeService(store, load_department()).submit(accept_request(store)).case_number


def test_a_digit_rates_the_case(qtbot: QtBot, store: Store, pool: QThreadPool) -> None:
    number = new_case(store)
    dialog = RatingDialog(store, number, pool)
    qtbot.addWidget(dialog)
    dialog.show_for_applicant()
    size = dialog.size()
    assert size.width() <= HALL_SCREEN.width() and size.height() <= HALL_SCREEN.height()
    with qtbot.waitSignal(dialog.rated, timeout=5000) as rated:
        qtbot.keyClick(dialog, Qt.Key.Key_4)
    assert rated.args[0].level.label == "满意"
    assert dialog.thanks.isVisible() and "感谢" in dialog.thanks.text()
    rating = case_rating(store, number)
    assert rating is not None and (rating.score, rating.channel.value) == (4, "window")


def test_bad_rating_asks_why_by_keyboard(
    qtbot: QtBot, store: Store, pool: QThreadPool, tmp_path: Path
) -> None:
    number = new_case(store)
    dialog = offer_rating(None, store, number, pool)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_2)
    assert dialog.pages.currentIndex() == 1  # the reasons, not yet stored
    assert case_rating(store, number) is None

    dialog.reason_text.setFocus()
    qtbot.keyClick(dialog.reason_text, Qt.Key.Key_Return)  # nothing ticked, nothing typed
    qtbot.waitUntil(lambda: "差评须写明原因" in dialog.message.text(), timeout=5000)
    assert case_rating(store, number) is None

    dialog.reason_boxes[0].setFocus()
    qtbot.keyClick(dialog.reason_boxes[0], Qt.Key.Key_Space)
    assert dialog.reason_boxes[0].isChecked()
    dialog.reason_text.setFocus()
    dialog.reason_text.insert("希望增加窗口")  # typed through the IME: QTest cannot send it
    dialog.grab().save(str(tmp_path / "rating-reasons.png"))
    with qtbot.waitSignal(dialog.rated, timeout=5000):
        qtbot.keyClick(dialog.reason_text, Qt.Key.Key_Return)
    rating = case_rating(store, number)
    assert rating is not None and rating.score == 2
    assert rating.reason == "等候时间长；希望增加窗口"
    assert [r.case_number for r in open_bad_ratings(store)] == [number]


def test_a_bad_rating_waits_in_the_alerts_until_the_chief_follows_it_up(
    qtbot: QtBot, store: Store, pool: QThreadPool
) -> None:
    from offline.cases.rating import rate_case
    from tests.accounts.support import CHIEF, CLERK, seat
    from ui.supervision.alerts import AlertsPanel
    from ui.supervision.bad_ratings import follow_up_bad_rating

    seat(store, CHIEF)
    number = new_case(store)
    seat(store, CLERK)
    rate_case(store, number, 1, "工作人员态度不好")
    panel = AlertsPanel(store, lambda _t, _m: None)
    qtbot.addWidget(panel)
    panel.refresh()
    qtbot.waitUntil(lambda: panel.groups["bad_ratings"].childCount() == 1, timeout=5000)
    group = panel.groups["bad_ratings"]
    assert group.text(0) == "差评（1）"
    row = group.child(0)
    assert row is not None
    assert [row.text(c) for c in (0, 1, 3)] == [number, "工作人员态度不好", "非常不满意"]
    with qtbot.waitSignal(panel.bad_rating_chosen) as chosen:
        panel.on_item_double_clicked(row, 0)
    assert chosen.args == [number]

    failures: list[str] = []
    op = follow_up_bad_rating(panel, store, number, pool, lambda _r: None, note="已回访")
    assert op is not None
    op.on_failure(lambda exc: failures.append(str(exc)))
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)  # the clerk may not
    assert "没有督办权" in failures[0]

    seat(store, CHIEF)
    handled: list[object] = []
    follow_up_bad_rating(panel, store, number, pool, handled.append, note="已电话回访并致歉")
    qtbot.waitUntil(lambda: bool(handled), timeout=5000)
    panel.refresh()
    qtbot.waitUntil(lambda: panel.groups["bad_ratings"].childCount() == 0, timeout=5000)
    assert open_bad_ratings(store) == []


def test_the_statistics_screen_shows_the_ratings(qtbot: QtBot, store: Store) -> None:
    from offline.cases.rating import rate_case
    from ui.cases.stats_screen import StatsScreen

    for score, reason in ((5, ""), (4, ""), (3, ""), (1, "办理时间长")):
        rate_case(store, new_case(store), score, reason)
    screen = StatsScreen(store)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitUntil(lambda: "差评率" in screen.ratings.text(), timeout=10000)
    assert screen.ratings.text() == (
        "好差评：共 4 条（非常满意 1，满意 1，基本满意 1，不满意 0，非常不满意 1），差评率 25.0%"
    )


def test_main_window_offers_the_ledger_and_the_follow_up(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QApplication, QInputDialog, QMenu

    from offline.cases.rating import rate_case
    from tests.factories import open_main_window
    from ui.documents.ledger_window import LedgerWindow

    window = open_main_window(qtbot, tmp_path / "profile")
    store = window.store
    number = window.service.submit(accept_request(store)).case_number
    rate_case(store, number, 2, "办理时间长")
    window.alerts.refresh()
    qtbot.waitUntil(lambda: window.alerts.groups["bad_ratings"].childCount() == 1, timeout=5000)

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("已回访并致歉")
        dialog.accept()

    QTimer.singleShot(100, answer)
    window.alerts.bad_rating_chosen.emit(number)  # as a double-click on the row does
    qtbot.waitUntil(lambda: window.alerts.groups["bad_ratings"].childCount() == 0, timeout=5000)
    assert open_bad_ratings(store) == []

    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    stats_menu = menus["统计"]
    assert isinstance(stats_menu, QMenu)
    (ledger,) = [a for a in stats_menu.actions() if a.text() == "用印登记簿…"]
    ledger.trigger()
    shown = [w for w in window.findChildren(LedgerWindow) if w.isVisible()]
    assert len(shown) == 1
    qtbot.waitUntil(lambda: shown[0].table.rowCount() >= 1, timeout=5000)  # the slip's print
    shown[0].close()
    QThreadPool.globalInstance().waitForDone()
    window.write_pool.waitForDone()
