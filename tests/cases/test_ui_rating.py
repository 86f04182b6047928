"""The rating dialog by keyboard alone: a digit rates; 1 or 2 asks why (Space ticks a reason,
Enter submits), and without a reason it says so and stores nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool
from pytestqt.qtbot import QtBot

from client.catalog import load_department
from offline.cases.rating import case_rating, open_bad_ratings
from offline.intake import IntakeService
from offline.profile import open_profile
from offline.store import Store
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
