"""A window that runs all day: hundreds of intakes through one main window, each ending with
the slip preview opened and closed, must not make the process grow without bound."""

from __future__ import annotations

import gc
import os
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QPushButton
from pytestqt.qtbot import QtBot

from client.domain import MaterialForm
from tests.factories import open_main_window
from tests.intake.test_ui_intake import type_text
from ui.background import BackgroundOp
from ui.main_window import MainWindow

WARM_UP = 20
INTAKES = 300
MAX_GROWTH_MB = 60


def rss_mb() -> float:
    """Resident set size of this process (Linux /proc), in MB."""
    resident_pages = int(Path("/proc/self/statm").read_text().split()[1])
    return resident_pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


def settle() -> None:
    """Let deferred deletes run (deleteLater is only honoured by the event loop), then gc."""
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QApplication.processEvents()
    gc.collect()


def open_previews(window: MainWindow) -> list[QDialog]:
    from ui.documents.document_preview import DocumentPreview

    return [p for p in window.findChildren(DocumentPreview) if p.isVisible()]


def one_intake(qtbot: QtBot, window: MainWindow, n: int) -> None:
    """What the clerk does for one applicant: pick the item, type the applicant, tick the
    paper materials, 受理 (every tenth applicant is refused instead, through the reason
    dialog), look at the slip or notice, close it."""
    screen = window.intake
    qtbot.keyClicks(screen.picker.search, "gtgsh")
    screen.picker.results.setCurrentRow(0)
    type_text(qtbot, screen.applicant.name, "孙丽")
    qtbot.keyClicks(screen.applicant.id_number, "11010519491231002X")
    qtbot.keyClicks(screen.applicant.phone, f"138{n:08d}")
    assert screen.item is not None
    for req, row in zip(screen.item.materials, screen.checklist.rows, strict=True):
        if row.applicable.isChecked():
            row.original.setChecked(req.form is not MaterialForm.COPY)
            row.copies.setValue(req.copies if req.form is not MaterialForm.ORIGINAL else 0)
    assert screen.accept_button.isEnabled(), screen.problems.text()
    if n % 10 == 9:
        refuse(qtbot, window)
    else:
        with qtbot.waitSignal(screen.case_saved, timeout=20000):
            qtbot.mouseClick(screen.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(open_previews(window)) == 1, timeout=10000)
    (preview,) = open_previews(window)
    close = next(b for b in preview.findChildren(QPushButton) if b.text() == "关闭")
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not preview.isVisible()


def refuse(qtbot: QtBot, window: MainWindow) -> None:
    """不予受理…: the reason dialog (modal) gets its reason typed and OK pressed."""
    from ui.intake.reason_dialogs import RefuseDialog

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, RefuseDialog)
        dialog.first.setChecked(True)
        type_text(qtbot, dialog.text, "不属于本窗口受理范围")
        dialog.on_ok_clicked()

    screen = window.intake
    QTimer.singleShot(0, answer)
    with qtbot.waitSignal(screen.case_saved, timeout=20000):
        qtbot.mouseClick(screen.refuse_button, Qt.MouseButton.LeftButton)


def lingering(window: MainWindow) -> list[str]:
    """Dialogs (previews, message boxes, progress) the main window still owns that nobody can
    see any more."""
    return [type(w).__name__ for w in window.findChildren(QDialog) if not w.isVisible()]


@pytest.mark.slow
@pytest.mark.timeout(400)
def test_three_hundred_intakes_in_one_window_stay_small(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_main_window(qtbot, tmp_path / "profile", show=True)
    for n in range(WARM_UP):
        one_intake(qtbot, window, n)
    settle()
    before = rss_mb()
    started = time.monotonic()
    curve = []  # growth every 40 intakes, printed: a leak climbs, caches level off
    for n in range(WARM_UP, INTAKES):
        one_intake(qtbot, window, n)
        if n % 40 == 39:
            settle()
            curve.append(f"{rss_mb() - before:.0f}")
    settle()
    growth = rss_mb() - before
    elapsed = time.monotonic() - started
    print(f"\nRSS growth over {INTAKES - WARM_UP} intakes: {growth:.1f} MB in {elapsed:.0f} s")
    print("growth every 40 intakes (MB):", " ".join(curve))
    assert window.store.conn.execute("SELECT count(*) FROM cases").fetchone()[0] == INTAKES
    # Closed previews and dialogs are gone, not hidden children of the window, and so are
    # the background jobs that ended.
    assert lingering(window) == []
    # A job the window's timers started meanwhile (the daily backup, the clock check) may
    # still be running: it must end and go, like every other.
    qtbot.waitUntil(lambda: window.findChildren(BackgroundOp) == [], timeout=30_000)
    assert growth < MAX_GROWTH_MB, f"{growth:.1f} MB"
