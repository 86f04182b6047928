"""Shared by the sync tests of the window (pytest-qt, offscreen): cyclic garbage collected on
the UI thread only, a reference central behind a fault proxy, connected main windows whose
engines use test-speed backoff, and waiting for what the status bar shows."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from client.domain import Stage
from offline.intake.transaction import IntakeResult, IntakeService
from offline.storage.store import Store
from offline.sync.engine import SyncEngine
from offline.sync.status import StatusListener
from tests.central.server import CentralServer
from tests.helpers.proxy import FaultProxy
from tests.sync.support import engine
from ui.app import install_fonts
from ui.main_window import MainWindow
from ui.sync.controller import SyncController

WAIT_MS = 30_000


@pytest.fixture(autouse=True)
def collect_garbage_on_the_ui_thread() -> Iterator[None]:
    """The engine, proxy and server threads allocate a lot, so Python's cyclic collector often
    runs on one of them; a Qt wrapper it finalises there is deleted later from shiboken's
    queue on the UI thread (a SIGSEGV in runDeletionInMainThread was seen here while windows
    were still left to the collector). The app collects on the UI thread only (ui/app.py);
    so do these tests, so a crash cannot land in whichever test runs at the time."""
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
def proxy(central: CentralServer) -> Iterator[FaultProxy]:
    with FaultProxy("127.0.0.1", central.port) as fault_proxy:
        yield fault_proxy


class Windows:
    """Opens connected main windows whose engines use test-speed backoff and a given URL.

    Holds every window until teardown, so Python never deletes one behind Qt's back (the
    qtbot closes and deletes them), stops every controller and checks that no sync thread
    is left."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.windows: list[MainWindow] = []
        self.controllers: list[SyncController] = []

    def open(self, service: IntakeService, url: str, **options: object) -> MainWindow:
        def make(store: Store, on_status: StatusListener) -> SyncEngine:
            made = engine(store, url=url, on_status=on_status, **options)
            made.client.timeout = (1.0, 2.0)  # a cut link is noticed in seconds
            return made

        window = self.adopt(MainWindow(service, SyncController(service.store, make)))
        window.show()
        self.qtbot.waitExposed(window)
        return window

    def adopt(self, window: MainWindow) -> MainWindow:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        install_fonts(app)
        self.qtbot.addWidget(window)
        self.windows.append(window)
        if window.sync is not None:
            self.controllers.append(window.sync)
        return window

    def close(self) -> None:
        for sync in self.controllers:
            sync.stop()
        deadline = time.monotonic() + 10
        while _sync_threads() and time.monotonic() < deadline:
            time.sleep(0.05)  # the engine's case workers end right after its loop
        assert _sync_threads() == []


def _sync_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("sync-")]


@pytest.fixture
def windows(qtbot: QtBot) -> Iterator[Windows]:
    opened = Windows(qtbot)
    yield opened
    opened.close()


def announce(window: MainWindow, case_id: str) -> None:
    """What the intake screen says after a case committed: the window wakes the engine."""
    with window.store.read() as conn:
        number = conn.execute(
            "SELECT case_number FROM cases WHERE case_id = ?", (case_id,)
        ).fetchone()[0]
    asked = time.monotonic()
    window.intake.case_saved.emit(IntakeResult(case_id, number, Stage.ACCEPTED, None, True, ()))
    # The window reads the new counts on the pool: wait for a snapshot taken after the save.
    deadline = asked + 5
    while time.monotonic() < deadline:
        latest = window.sync.latest
        if latest is not None and latest.taken_at >= asked:
            return
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
    raise AssertionError("no snapshot after the save")


def shoot(qtbot: QtBot, widget: QWidget, path: Path) -> None:
    """Render offscreen to PNG (to look at), after the pending layout requests ran."""
    qtbot.wait(50)
    assert widget.grab().save(str(path))


def bar_shows(window: MainWindow, link: str, pending: int) -> Callable[[], bool]:
    return lambda: (
        window.link_label.text() == link
        and window.outbox_label.text().startswith(f"待同步 {pending} 项")
    )
