"""Every window and dialog of ours fits the usual hall PC: 1366×768 with a taskbar (1366×728).

Each one is built as the window builds it, then checked three ways: what it asks for (size
hint, minimum size) fits; the size it opens at fits; and shown at 1366×728 it takes that
size (nothing forces it larger). The main window and the capture dialog are also rendered at
1366×768 to PNG, for a person to look at (Chinese must show as Chinese).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, QThreadPool
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from client.intake.rules import missing_lines
from tests.capture.support import sane_test_device
from tests.factories import accept_request, open_main_window
from ui.main_window import MainWindow
from ui.screen_fit import HALL_SCREEN

__all__ = ["sane_test_device"]  # the fixture, imported for pytest
pytestmark = pytest.mark.usefixtures("sane_test_device")


def fits(size: QSize) -> bool:
    return size.width() <= HALL_SCREEN.width() and size.height() <= HALL_SCREEN.height()


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    main = open_main_window(qtbot, tmp_path / "profile", show=True)
    main.intake.picker.search.setText("gtgsh")
    main.intake.picker.results.setCurrentRow(0)  # an item with six material lines
    yield main
    # A window deleted while one of its background jobs runs crashes PySide at teardown.
    QThreadPool.globalInstance().waitForDone()
    main.write_pool.waitForDone()
    qtbot.wait(100)


def dialogs(window: MainWindow, tmp_path: Path) -> dict[str, Callable[[], QWidget]]:
    from ui.accounts.login_dialog import LoginDialog
    from ui.capture.batch_scan_dialog import BatchScanDialog
    from ui.capture.capture_dialog import CaptureDialog
    from ui.cases.rating_dialog import RatingDialog
    from ui.cases.void_action import VoidDialog
    from ui.documents.document_preview import DocumentPreview
    from ui.documents.ledger_window import LedgerWindow
    from ui.first_run.wizard import FirstRunWizard
    from ui.intake.reason_dialogs import RefuseDialog, SupplementDialog
    from ui.settings.holiday_dialog import HolidayDialog
    from ui.settings.settings_dialog import SettingsDialog
    from ui.settings.signing_key_dialog import SigningKeyDialog
    from ui.sync.queue_screen import QueueScreen

    store, pool, item = window.store, window.write_pool, window.intake.item
    assert item is not None
    capture = window.intake.capture

    def camera_dialog() -> QWidget:
        store.set_setting("scan.source", "camera")  # opens on 高拍仪, its preview inside
        return CaptureDialog(capture, item.materials[0], (), window)

    def slip_preview() -> QWidget:
        result = window.service.submit(accept_request(store))
        return DocumentPreview(result.documents[0], "受理回执", window)

    return {
        "capture": lambda: CaptureDialog(capture, item.materials[0], (), window),
        "capture (camera)": lambda: camera_dialog(),
        "batch scan": lambda: BatchScanDialog(capture, item, window),
        "settings": lambda: SettingsDialog(store, pool, window),
        "holidays": lambda: HolidayDialog(store, pool, window),
        "signing key": lambda: SigningKeyDialog(store, pool, window),
        "login": lambda: LoginDialog(store, pool, window),
        "queue": lambda: QueueScreen(store, window.sync, window),
        "preview": slip_preview,
        "supplement": lambda: SupplementDialog(
            item, missing_lines(item, window.intake.checklist.submissions()), window
        ),
        "refuse": lambda: RefuseDialog(window),
        "wizard": lambda: FirstRunWizard(store, pool, window),
        "rating": lambda: RatingDialog(store, "PX01-20261202-0001", pool, window),
        "void": lambda: VoidDialog("受理通知书", window),
        "ledger": lambda: LedgerWindow(store, window),
    }


def test_main_window_fits_and_no_status_clips(qtbot: QtBot, window: MainWindow) -> None:
    assert fits(window.sizeHint()) and fits(window.minimumSizeHint())
    assert fits(window.size())  # as it opens
    window.resize(HALL_SCREEN)
    qtbot.waitUntil(lambda: window.size() == HALL_SCREEN)
    checklist = window.intake.checklist
    for index, row in enumerate(checklist.rows):
        label = row.status
        # Wrapped to the column, the whole status text is inside its line.
        assert checklist.rowHeight(index) >= label.heightForWidth(label.width()), label.text()
        assert label.width() <= checklist.columnWidth(6)
        # Room is kept at the right edge, where the grid line would cut the last glyph.
        assert label.width() - label.contentsRect().right() >= 8
    right = checklist.mapTo(window, checklist.rect().topRight()).x()
    assert right <= HALL_SCREEN.width()


@pytest.mark.parametrize(
    "name",
    [
        "capture",
        "capture (camera)",
        "batch scan",
        "settings",
        "holidays",
        "signing key",
        "login",
        "queue",
        "preview",
        "supplement",
        "refuse",
        "wizard",
        "rating",
        "void",
        "ledger",
    ],
)
def test_dialog_fits_the_hall_screen(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, name: str
) -> None:
    dialog = dialogs(window, tmp_path)[name]()
    qtbot.addWidget(dialog)
    assert fits(dialog.sizeHint()), dialog.sizeHint()
    assert fits(dialog.minimumSizeHint()) and fits(dialog.minimumSize())
    assert fits(dialog.size()), dialog.size()  # the size it opens at
    dialog.show()
    qtbot.waitExposed(dialog)
    assert fits(dialog.size())
    dialog.resize(HALL_SCREEN)
    qtbot.waitUntil(lambda: dialog.size() == HALL_SCREEN)  # nothing forces it larger
    dialog.close()


def test_render_at_1366x768(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    """PNGs to look at, in the test's temporary directory."""
    from ui.capture.capture_dialog import CaptureDialog

    shots = tmp_path
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: window.size() == QSize(1366, 768))
    assert window.grab().save(str(shots / "main-window-1366x768.png"))
    item = window.intake.item
    assert item is not None
    dialog = CaptureDialog(window.intake.capture, item.materials[0], (), window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.grab().save(str(shots / "capture-dialog.png"))
    assert (shots / "capture-dialog.png").stat().st_size > 10_000
