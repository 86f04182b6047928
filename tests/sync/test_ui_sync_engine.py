"""The engine behind the window (pytest-qt, offscreen), with the reference central: the health
banner warns, then blocks, and never shows in training; a probe at once when the network comes
back; a training window runs no engine; logging in starts one; a replaced engine is stopped
first and its late reports are not shown; cyclic garbage is collected on the UI thread only."""

from __future__ import annotations

import gc
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtNetwork import QNetworkInformation
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from client.central.retry import ProbePolicy
from offline.accounts.connect import connect
from offline.intake.transaction import IntakeRejected
from offline.storage.store import Store
from offline.sync.engine import SyncEngine
from offline.sync.health import HealthLevel, SyncHealth
from offline.sync.status import LinkState, StatusListener, SyncSnapshot, SyncStatus
from tests.central.server import CentralServer
from tests.factories import open_main_window, open_service
from tests.helpers.proxy import FaultProxy
from tests.sync.support import assert_converged, connected_service, engine, queue_cases
from tests.sync.ui_support import (
    WAIT_MS,
    Windows,
    announce,
    bar_shows,
    central,
    collect_garbage_on_the_ui_thread,
    proxy,
    shoot,
    windows,
)
from ui.app import UiThreadCollector
from ui.main_window import MainWindow
from ui.sync.controller import SyncController

__all__ = ["central", "collect_garbage_on_the_ui_thread", "proxy", "windows"]  # fixtures


def test_health_banner_warns_then_blocks_and_never_shows_in_training(
    qtbot: QtBot, central: CentralServer, windows: Windows, tmp_path: Path
) -> None:
    service = connected_service(tmp_path / "profile", central.url)
    service.store.set_settings({"sync.warn_ops": 1, "sync.block_ops": 6})
    dead = "http://127.0.0.1:9"  # the link is down from the start (nothing serves discard)
    window = windows.open(service, dead)
    qtbot.waitUntil(lambda: window.link_label.text() == "离线", timeout=WAIT_MS)
    assert window.banner.isHidden()

    (first,) = queue_cases(service, 1, 0, tmp_path / "one")  # three operations
    announce(window, first)
    assert not window.banner.isHidden()
    assert window.banner.text() == "已 0 小时未与中心系统同步（待同步 3 条），请尽快恢复网络。"
    assert "#fcf3cf" in window.banner.styleSheet()  # yellow
    shoot(qtbot, window, tmp_path / "warn.png")

    (second,) = queue_cases(service, 1, 0, tmp_path / "two")
    announce(window, second)
    assert "暂停受理新办件" in window.banner.text() and "待同步 6 条" in window.banner.text()
    assert "#c0392b" in window.banner.styleSheet()  # red
    shoot(qtbot, window, tmp_path / "block.png")
    with pytest.raises(IntakeRejected):
        queue_cases(service, 1, 0, tmp_path / "three")

    # Training mode: the same thresholds, more queued work, no banner and no engine.
    training = open_service(tmp_path / "training")
    training.store.set_settings({"sync.warn_ops": 1, "sync.block_ops": 6})
    sync = SyncController(training.store)
    practice = windows.adopt(MainWindow(training, sync))
    ids = queue_cases(training, 3, 0, tmp_path / "practice")
    announce(practice, ids[-1])
    assert practice.banner.isHidden()
    assert practice.link_label.text() == "培训模式不同步"
    assert practice.outbox_label.text().startswith("待同步 9 项")
    assert not sync.running and sync.engine is None


def test_the_engine_probes_at_once_when_the_network_comes_back(
    qtbot: QtBot, central: CentralServer, proxy: FaultProxy, windows: Windows, tmp_path: Path
) -> None:
    service = connected_service(tmp_path / "profile", central.url)
    # Probes this slow would leave the window offline for 10–20 s after the link returns.
    slow = ProbePolicy(first_seconds=20.0, cap_seconds=30.0)
    window = windows.open(service, proxy.url, probe=slow)
    qtbot.waitUntil(bar_shows(window, "在线", 0), timeout=WAIT_MS)

    proxy.reset_every_bytes = 1  # every connection is reset: the link is down
    (case_id,) = queue_cases(service, 1, 0, tmp_path)
    announce(window, case_id)
    qtbot.waitUntil(lambda: window.link_label.text() == "离线", timeout=WAIT_MS)
    qtbot.wait(300)  # the engine is now waiting for its next (slow) probe
    proxy.reset_every_bytes = None
    if not QNetworkInformation.loadBackendByFeatures(QNetworkInformation.Feature.Reachability):
        pytest.fail("no QNetworkInformation backend with reachability on this machine")
    info = QNetworkInformation.instance()
    assert info is not None
    started = time.monotonic()
    info.reachabilityChanged.emit(QNetworkInformation.Reachability.Online)  # as the OS says
    qtbot.waitUntil(bar_shows(window, "在线", 0), timeout=8000)
    assert time.monotonic() - started < 8
    assert_converged(service.store, central)


def test_a_training_window_runs_no_engine_and_still_shows_its_state(
    qtbot: QtBot, windows: Windows, tmp_path: Path
) -> None:
    window = windows.adopt(open_main_window(qtbot, tmp_path / "profile"))
    assert not window.sync.running and window.sync.engine is None
    assert window.link_label.text() == "培训模式不同步"
    qtbot.waitUntil(lambda: window.outbox_label.text() == "待同步 0 项（0 MB）", timeout=5000)
    assert window.last_sync_label.isHidden() and window.banner.isHidden()
    window.queue_action.trigger()
    screen = window.queue_screen
    assert screen is not None
    assert screen.summary.text().startswith("培训模式不同步")
    assert not screen.sync_button.isEnabled() and not screen.retry_button.isEnabled()


def test_the_app_collects_cyclic_garbage_on_the_ui_thread_only(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    collected_on: list[str] = []

    def on_collect(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            collected_on.append(threading.current_thread().name)

    def churn() -> None:
        for _ in range(20_000):  # cycles only the collector frees: past its thresholds
            loop: list[object] = []
            loop.append(loop)

    def allocate_on_a_worker() -> None:
        worker = threading.Thread(target=churn, name="allocator")
        worker.start()
        worker.join()

    collector: UiThreadCollector | None = None
    gc.callbacks.append(on_collect)
    try:
        gc.enable()
        allocate_on_a_worker()
        assert "allocator" in collected_on  # what Python does by itself
        collected_on.clear()
        collector = UiThreadCollector(app)
        assert not gc.isenabled()
        allocate_on_a_worker()
        qtbot.waitUntil(lambda: "MainThread" in collected_on, timeout=3000)
        assert "allocator" not in collected_on
    finally:
        gc.callbacks.remove(on_collect)
        if collector is not None:
            collector.timer.stop()
            collector.deleteLater()
        gc.disable()  # as the fixture left it


def test_after_the_login_the_window_starts_syncing(
    qtbot: QtBot, central: CentralServer, windows: Windows, tmp_path: Path
) -> None:
    service = open_service(tmp_path / "profile")  # a new window starts in training mode
    store = service.store

    def make(store: Store, on_status: StatusListener) -> SyncEngine:
        return engine(store, url=central.url, on_status=on_status)

    window = windows.adopt(MainWindow(service, SyncController(store, make)))
    window.show()
    qtbot.waitExposed(window)
    assert window.link_label.text() == "培训模式不同步" and window.sync is not None
    assert not window.sync.running

    connect(store, central.url, "clerk", "clerk-pass", "W01")  # what the login dialog runs
    window.on_logged_in()
    assert window.mode_label.text() == "联网模式" and window.sync.running
    qtbot.waitUntil(bar_shows(window, "在线", 0), timeout=WAIT_MS)
    assert window.last_sync_label.text() == "从未同步"
    (case_id,) = queue_cases(service, 1, 0, tmp_path)
    announce(window, case_id)
    qtbot.waitUntil(bar_shows(window, "在线", 0), timeout=WAIT_MS)
    assert window.last_sync_label.text().startswith("上次同步 ")
    assert_converged(store, central)


def test_a_replaced_engine_is_stopped_first_and_its_late_reports_are_not_shown(
    qtbot: QtBot, central: CentralServer, windows: Windows, tmp_path: Path
) -> None:
    """After a new login the old engine may still be finishing a slow request: it must end
    before the new one starts (never two senders), and what it reports then is old news."""
    service = connected_service(tmp_path / "profile", central.url)
    made: list[tuple[SyncEngine, StatusListener]] = []

    def make(store: Store, on_status: StatusListener) -> SyncEngine:
        new = engine(store, url=central.url, on_status=on_status)
        made.append((new, on_status))
        return new

    window = windows.adopt(MainWindow(service, SyncController(service.store, make)))
    window.show()
    qtbot.waitUntil(bar_shows(window, "在线", 0), timeout=WAIT_MS)
    assert window.sync is not None
    window.sync.start(window)  # as after 登录中心系统…
    qtbot.waitUntil(lambda: len(made) == 2 and made[1][0]._thread is not None, timeout=WAIT_MS)
    (old, old_listener), _ = made
    assert old.stopping and old._thread is None
    qtbot.waitUntil(bar_shows(window, "在线", 0), timeout=WAIT_MS)

    old_news = SyncSnapshot(
        False, True, SyncStatus(LinkState.OFFLINE, 7), SyncHealth(HealthLevel.OK, "", 0.0, 7)
    )
    late = threading.Thread(target=old_listener, args=(old_news,))
    late.start()
    late.join()
    qtbot.wait(200)  # the queued report would have arrived by now
    assert window.link_label.text() == "在线"
    assert window.outbox_label.text().startswith("待同步 0 项")
