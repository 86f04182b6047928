"""The status bar and the queue screen as the clerk sees them, with a real engine talking to
the reference central through a fault proxy (issue 4, part 3): the link lost and back, a case
the central refuses parked, shown and retried, what the last reconciliation found, and an
upload's progress."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from offline.accounts.connect import client_for
from offline.sync.outbox import Outbox
from tests.central.server import CentralServer
from tests.helpers.proxy import FaultProxy
from tests.sync.support import assert_converged, connected_service, queue_cases
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
from ui.sync.queue_model import COL_CASE, COL_OP, COL_REASON, COL_STATE
from ui.sync.queue_screen import QueueScreen

__all__ = ["central", "collect_garbage_on_the_ui_thread", "proxy", "windows"]  # fixtures


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
