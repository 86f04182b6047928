"""What the sync engine brings back and looks after: the changes feed, link awareness,
retention of local material copies, the health gate, and the CLI's answer when work remains."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from client.central.api import CentralClient, MemoryTokenStore
from client.domain import Stage
from offline.intake.transaction import IntakeRejected, IntakeService
from offline.sync.changes import CURSOR_KEY
from offline.sync.cli import queue_json, queue_text, report_text
from offline.sync.health import HealthLevel, sync_health
from offline.sync.outbox import Outbox, get_state
from offline.sync.retention import purge_confirmed_materials
from offline.sync.status import LinkState, SyncSnapshot
from tests.central.server import CentralServer
from tests.factories import open_service
from tests.helpers.proxy import FaultProxy
from tests.sync.support import (
    assert_converged,
    connected_service,
    engine,
    queue_cases,
    wait_for,
)


@pytest.fixture
def central(tmp_path: Path) -> Iterator[CentralServer]:
    with CentralServer(tmp_path / "central") as server:
        yield server


@pytest.fixture
def service(central: CentralServer, tmp_path: Path) -> IntakeService:
    return connected_service(tmp_path / "profile", central.url)


def backoffice(central: CentralServer) -> CentralClient:
    client = CentralClient(central.url, MemoryTokenStore())
    client.login("reviewer", "reviewer-pass", "BACKOFFICE")
    return client


def test_changes_feed_moves_local_cases_and_keeps_the_cursor(
    central: CentralServer, service: IntakeService, tmp_path: Path
) -> None:
    first, second = queue_cases(service, 2, 0, tmp_path)
    assert engine(service.store).run_cycle().complete
    office = backoffice(central)
    for stage in ("first_review", "second_review"):
        office.request(
            "POST",
            f"/backoffice/cases/{first}/advance",
            json={"to": stage, "handler": "王审批", "note": "材料齐全"},
        )
    office.request(
        "POST",
        f"/backoffice/cases/{second}/supervision",
        json={"status": "yellow", "handler": "监察室"},
    )

    report = engine(service.store).run_cycle()
    assert report.changes == 3
    with service.store.read() as conn:
        stages = dict(conn.execute("SELECT case_id, stage FROM cases").fetchall())
        events = conn.execute(
            "SELECT kind, stage, actor FROM case_events WHERE source = 'central' ORDER BY rowid"
        ).fetchall()
        supervision = conn.execute(
            "SELECT supervision FROM cases WHERE case_id = ?", (second,)
        ).fetchone()[0]
        cursor = get_state(conn, CURSOR_KEY)
    assert stages[first] == Stage.SECOND_REVIEW
    assert events[0] == ("central.stage", "first_review", "王审批")
    assert json.loads(supervision)["status"] == "yellow"
    assert cursor

    # Pulling again applies nothing twice.
    assert engine(service.store).run_cycle().changes == 0
    with service.store.read() as conn:
        assert (
            conn.execute("SELECT count(*) FROM case_events WHERE source = 'central'").fetchone()[0]
            == 3
        )


def test_engine_wakes_for_new_work_and_when_the_link_returns(
    central: CentralServer, service: IntakeService, tmp_path: Path
) -> None:
    seen: list[SyncSnapshot] = []
    with FaultProxy("127.0.0.1", central.port) as proxy:
        sync = engine(service.store, proxy.url, on_status=seen.append, pull_seconds=3600)
        sync.start()
        try:
            wait_for(lambda: sync.link is LinkState.ONLINE, what="online")
            # New work is sent at once, not at the next pull an hour away.
            queue_cases(service, 1, 1, tmp_path)
            started = time.monotonic()
            sync.wake()
            wait_for(lambda: sync.status().pending == 0, timeout=5, what="new work sent")
            assert time.monotonic() - started < 3

            proxy.stall = True  # the township link goes down
            queue_cases(service, 2, 1, tmp_path)
            sync.wake()
            wait_for(lambda: sync.link is LinkState.OFFLINE, timeout=30, what="offline")
            assert sync.status().pending > 0
            requests_while_down = proxy.connections
            time.sleep(1.0)
            # Probing backs off: a handful of connections a second at most, not a hammer.
            assert proxy.connections - requests_while_down <= 8

            proxy.stall = False
            wait_for(lambda: sync.status().pending == 0, timeout=15, what="drained after link")
            wait_for(lambda: sync.status().audit_pending == 0, timeout=15, what="audit")
        finally:
            sync.stop()
    links = [s.status.link for s in seen]
    assert LinkState.OFFLINE in links and links[-1] in (LinkState.ONLINE, LinkState.SYNCING)
    assert_converged(service.store, central)


def test_local_copies_go_only_after_confirmation_and_retention(
    central: CentralServer, service: IntakeService, tmp_path: Path
) -> None:
    queue_cases(service, 2, 2, tmp_path)
    store = service.store
    with store.read() as conn:
        shas = [r[0] for r in conn.execute("SELECT sha256 FROM material_files")]
    for sha in shas:  # stored long ago, not by an intake in progress
        os.utime(store.files.path_of(sha), (time.time() - 7200,) * 2)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=31)

    assert purge_confirmed_materials(store, later) == 0  # not yet at the central
    assert all(store.files.has(sha) for sha in shas)

    assert engine(store).run_cycle().complete  # confirmed now, retention not passed
    assert all(store.files.has(sha) for sha in shas)
    assert purge_confirmed_materials(store, later) == 4
    assert not any(store.files.has(sha) for sha in shas)
    assert store.check_health() == []  # purged copies are not "missing files"
    assert store.orphan_blobs() == []


def test_health_gate_warns_then_blocks_new_intakes(
    central: CentralServer, service: IntakeService, tmp_path: Path
) -> None:
    store = service.store
    store.set_settings({"sync.warn_ops": 5, "sync.block_ops": 10})
    assert sync_health(store).level is HealthLevel.OK
    queue_cases(service, 1, 1, tmp_path)  # 4 operations
    queue_cases(service, 1, 0, tmp_path)  # 7
    health = sync_health(store)
    assert health.level is HealthLevel.WARN and "未与中心系统同步" in health.message
    queue_cases(service, 1, 0, tmp_path)  # 10: the block threshold
    assert sync_health(store).level is HealthLevel.BLOCK
    with pytest.raises(IntakeRejected) as refused:
        queue_cases(service, 1, 0, tmp_path)
    assert "暂停受理" in str(refused.value.problems[0].message)
    assert Outbox(store).counts().pending == 10  # nothing half-written

    assert engine(store).run_cycle().complete
    assert sync_health(store).level is HealthLevel.OK
    queue_cases(service, 1, 0, tmp_path)  # taking intakes again

    # Hours without a sync count from the last success (or the oldest waiting work).
    store.set_settings({"sync.warn_ops": 0, "sync.block_ops": 0, "sync.warn_hours": 2})
    in_three_hours = dt.datetime.now(dt.UTC) + dt.timedelta(hours=3)
    assert sync_health(store, in_three_hours).level is HealthLevel.WARN


def test_training_mode_never_blocks(tmp_path: Path) -> None:
    service = open_service(tmp_path / "training")
    service.store.set_settings({"sync.block_ops": 1})
    queue_cases(service, 2, 0, tmp_path)
    assert sync_health(service.store).level is HealthLevel.OK


def test_sync_once_reports_what_remains_when_offline(
    central: CentralServer, service: IntakeService, tmp_path: Path
) -> None:
    queue_cases(service, 2, 1, tmp_path)
    port = central.port
    central.stop()
    report = engine(service.store, f"http://127.0.0.1:{port}").run_cycle()
    assert not report.complete and report.link is LinkState.OFFLINE
    text = report_text(report)
    assert "尚有" in text and "连接中断" in text
    listing = json.loads(queue_json(service.store))
    assert len(listing["operations"]) == 2 * 4
    assert {op["state"] for op in listing["operations"]} == {"pending"}
    assert "待发送" in queue_text(service.store)


def test_doctor_reports_parked_cases_and_the_central(
    central: CentralServer, service: IntakeService, tmp_path: Path
) -> None:
    from offline.doctor.checks import Level, run_checks

    (case_id,) = queue_cases(service, 1, 0, tmp_path)
    profile = service.store.profile
    checks = {c.name: c for c in run_checks(profile).checks}
    assert checks["outbox"].level is Level.OK and "待同步 3 项" in checks["outbox"].message
    assert checks["central"].level is Level.OK

    head = Outbox(service.store).head(case_id)
    assert head is not None
    Outbox(service.store).park(head, "中心系统拒绝了请求（422）：测试")
    central.stop()
    checks = {c.name: c for c in run_checks(profile).checks}
    assert checks["outbox"].level is Level.ERROR and "需要处理" in checks["outbox"].message
    assert checks["central"].level is Level.WARNING and "无法连接" in checks["central"].message
