"""The sync engine as the clerk sees it: the status bar, the health banner and the queue screen,
with a real engine talking to the reference central through a fault proxy (issue 4, part 3)."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEventLoop, Qt
from PySide6.QtNetwork import QNetworkInformation
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from client.central.retry import ProbePolicy
from client.domain import Stage
from offline.accounts.connect import client_for, connect
from offline.intake.transaction import IntakeRejected, IntakeResult, IntakeService
from offline.storage.store import Store
from offline.sync.engine import SyncEngine
from offline.sync.health import HealthLevel, SyncHealth
from offline.sync.outbox import Outbox
from offline.sync.status import LinkState, StatusListener, SyncSnapshot, SyncStatus
from tests.central.server import CentralServer, free_port
from tests.factories import open_main_window, open_service
from tests.helpers.proxy import FaultProxy
from tests.sync.support import assert_converged, connected_service, engine, queue_cases
from ui.app import UiThreadCollector, install_fonts
from ui.main_window import MainWindow
from ui.sync.controller import SyncController
from ui.sync.queue_model import COL_CASE, COL_OP, COL_REASON, COL_STATE
from ui.sync.queue_screen import QueueScreen

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


def queue_rows(screen: QueueScreen) -> list[tuple[str, str, str]]:
    """(case number or operation, state, reason) for every row, cases before their operations."""
    model = screen.model
    return [
        (
            model.text(row, COL_CASE if model.is_case_row(row) else COL_OP),
            model.text(row, COL_STATE),
            model.text(row, COL_REASON),
        )
        for row in range(model.rowCount())
    ]


def case_numbers(screen: QueueScreen) -> set[str]:
    model = screen.model
    return {model.text(r, COL_CASE) for r in range(model.rowCount()) if model.is_case_row(r)}


def test_status_bar_and_queue_screen_follow_link_loss_and_recovery(
    qtbot: QtBot, central: CentralServer, proxy: FaultProxy, windows: Windows, tmp_path: Path
) -> None:
    service = connected_service(tmp_path / "profile", central.url)
    store = service.store
    queue_cases(service, 2, 1, tmp_path / "before")
    window = windows.open(service, proxy.url)
    qtbot.waitUntil(bar_shows(window, "在线", 0), timeout=WAIT_MS)
    assert window.last_sync_label.text().startswith("上次同步 ")
    assert window.sync.latest is not None
    first_success = window.sync.latest.status.last_success_at
    assert first_success is not None
    shoot(qtbot, window, tmp_path / "online.png")

    proxy.stall = True  # the township's link goes dark: nothing answers any more
    cut = queue_cases(service, 2, 1, tmp_path / "during")
    announce(window, cut[-1])
    qtbot.waitUntil(lambda: window.link_label.text() == "离线", timeout=WAIT_MS)
    pending = Outbox(store).counts().pending
    assert pending == 2 * 4  # each case: 登记, two events, one upload
    assert window.outbox_label.text().startswith(f"待同步 {pending} 项（")
    assert "连接中断" in window.link_label.toolTip()
    shoot(qtbot, window, tmp_path / "offline.png")

    window.queue_action.trigger()
    screen = window.queue_screen
    assert screen is not None and screen.isVisible()
    qtbot.waitUntil(lambda: screen.model.case_count() == 2, timeout=WAIT_MS)
    with store.read() as conn:
        numbers = {
            r[0]
            for r in conn.execute(
                "SELECT case_number FROM cases WHERE case_id IN (?, ?)", tuple(cut)
            )
        }
    assert case_numbers(screen) == numbers
    rows = queue_rows(screen)
    assert len(rows) == 2 + pending
    for label, state, reason in rows:
        assert state in ("待发送", "待重试"), (label, state)
        assert reason == "等待网络恢复" or "与中心系统的连接中断" in reason, (label, reason)
    assert {label for label, _, _ in rows} >= {"登记办件", "办件环节"}
    summary = screen.summary.text()
    assert summary.startswith("离线 · 待同步 8 项") and "与中心系统的连接中断" in summary
    assert not screen.retry_button.isEnabled()  # nothing is parked
    shoot(qtbot, screen, tmp_path / "queue-offline.png")

    proxy.stall = False
    restored = time.monotonic()
    qtbot.waitUntil(bar_shows(window, "在线", 0), timeout=WAIT_MS)
    print(f"back in sync {time.monotonic() - restored:.1f} s after the link returned")
    assert window.sync.latest is not None
    latest = window.sync.latest.status.last_success_at
    assert latest is not None and latest > first_success
    assert window.last_sync_label.text() == "上次同步 " + latest.astimezone().strftime("%H:%M")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 0, timeout=WAIT_MS)
    assert screen.summary.text().startswith("在线 · 待同步 0 项")
    assert_converged(store, central)

    # New work wakes the engine at once (its next pull is a minute away).
    (late,) = queue_cases(service, 1, 0, tmp_path / "after")
    started = time.monotonic()
    announce(window, late)
    qtbot.waitUntil(lambda: Outbox(store).counts().pending == 0, timeout=5000)
    assert time.monotonic() - started < 5
    qtbot.waitUntil(bar_shows(window, "在线", 0), timeout=WAIT_MS)
    assert_converged(store, central)


def test_a_case_the_central_refuses_is_parked_shown_and_retried(
    qtbot: QtBot, central: CentralServer, windows: Windows, tmp_path: Path
) -> None:
    service = connected_service(tmp_path / "profile", central.url)
    store = service.store
    bad, good = queue_cases(service, 2, 0, tmp_path)
    # Someone registered a different case under the same id at the central: refused for good.
    head = Outbox(store).head(bad)
    assert head is not None and head.kind == "case.put"
    client_for(store).request("PUT", f"/cases/{bad}", json=dict(head.payload, clerk="别人"))

    window = windows.open(service, central.url)
    qtbot.waitUntil(lambda: window.parked_button.text() == "需处理 1 件", timeout=WAIT_MS)
    assert not window.parked_button.isHidden()
    qtbot.waitUntil(bar_shows(window, "在线", 3), timeout=WAIT_MS)  # the good case went through
    assert Outbox(store).head(good) is None

    qtbot.mouseClick(window.parked_button, Qt.MouseButton.LeftButton)
    screen = window.queue_screen
    assert screen is not None and screen.isVisible()
    qtbot.waitUntil(lambda: screen.model.case_count() == 1, timeout=WAIT_MS)
    (case_row, put_row, *event_rows) = queue_rows(screen)
    assert case_row[1] == "需处理" and "中心系统拒绝了请求（409）" in case_row[2]
    assert put_row[:2] == ("登记办件", "需处理") and "中心系统拒绝了请求（409）" in put_row[2]
    assert [r[1:] for r in event_rows] == [("待发送", "等待本办件前面需处理的操作")] * 2
    assert not screen.retry_button.isEnabled()  # nothing selected yet
    assert screen.select_case(bad)
    assert screen.retry_button.isEnabled()
    assert screen.detail.text().startswith("原因：中心系统拒绝了请求（409）")
    shoot(qtbot, screen, tmp_path / "queue-parked.png")
    shoot(qtbot, window, tmp_path / "parked.png")

    # Retried before the cause is fixed: refused again, still kept, still shown.
    attempts = head.attempts
    qtbot.mouseClick(screen.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: (op := Outbox(store).head(bad)) is not None and op.attempts == attempts + 2,
        timeout=WAIT_MS,
    )
    qtbot.waitUntil(lambda: window.parked_button.text() == "需处理 1 件", timeout=WAIT_MS)
    qtbot.waitUntil(screen.retry_button.isEnabled, timeout=WAIT_MS)

    # The back office removes the wrong record; the clerk retries the case.
    with central.context.store.write() as conn:
        conn.execute("DELETE FROM cases WHERE case_id = ?", (bad,))
    qtbot.mouseClick(screen.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(bar_shows(window, "在线", 0), timeout=WAIT_MS)
    qtbot.waitUntil(window.parked_button.isHidden, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 0, timeout=WAIT_MS)
    assert_converged(store, central)


def test_the_queue_screen_says_what_the_last_reconciliation_found(
    qtbot: QtBot, central: CentralServer, windows: Windows, tmp_path: Path
) -> None:
    """A window never checked against the central is checked after its first online round;
    the clerk sees the outcome in the queue screen."""
    service = connected_service(tmp_path / "profile", central.url)
    queue_cases(service, 2, 0, tmp_path)
    window = windows.open(service, central.url)
    qtbot.waitUntil(bar_shows(window, "在线", 0), timeout=WAIT_MS)
    window.queue_action.trigger()
    screen = window.queue_screen
    assert screen is not None
    qtbot.waitUntil(lambda: "上次与中心核对" in screen.summary.text(), timeout=WAIT_MS)
    assert "中心已确认 2 件，重新发送 0 件，不一致 0 件" in screen.summary.text()


def test_an_upload_shows_its_progress_and_the_bar_goes_away(
    qtbot: QtBot, central: CentralServer, proxy: FaultProxy, windows: Windows, tmp_path: Path
) -> None:
    service = connected_service(tmp_path / "profile", central.url)
    service.store.set_settings({"uploads.chunk_kib": 64})
    proxy.throttle_bytes_per_second = 400_000
    queue_cases(service, 1, 1, tmp_path, file_size=1_500_000)

    window = windows.open(service, proxy.url)
    bar = window.upload_bar
    qtbot.waitUntil(lambda: not bar.isHidden() and bar.value() > 0, timeout=WAIT_MS)
    first = bar.value()
    assert bar.value() < bar.maximum()
    assert "上传" in bar.format()
    window.queue_action.trigger()
    screen = window.queue_screen
    assert screen is not None
    qtbot.waitUntil(lambda: bool(screen.bars), timeout=WAIT_MS)
    (queue_bar,) = screen.bars.values()
    assert queue_bar.value() > 0
    qtbot.waitUntil(lambda: bar.isHidden() or bar.value() > first, timeout=WAIT_MS)
    assert bar.isHidden() or bar.value() > first
    second = bar.value()
    assert second > first, (first, second)
    shoot(qtbot, window, tmp_path / "uploading.png")
    shoot(qtbot, screen, tmp_path / "queue-uploading.png")

    qtbot.waitUntil(bar_shows(window, "在线", 0), timeout=WAIT_MS)
    qtbot.waitUntil(bar.isHidden, timeout=WAIT_MS)
    assert_converged(service.store, central)


def test_health_banner_warns_then_blocks_and_never_shows_in_training(
    qtbot: QtBot, central: CentralServer, windows: Windows, tmp_path: Path
) -> None:
    service = connected_service(tmp_path / "profile", central.url)
    service.store.set_settings({"sync.warn_ops": 1, "sync.block_ops": 6})
    dead = f"http://127.0.0.1:{free_port()}"  # the link is down from the start
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
