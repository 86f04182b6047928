"""The sync engine against the reference central over real sockets: every test ends with the
central holding exactly what the window holds (tests/sync_support.assert_converged)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from client.catalog.loading import load_department
from client.central.api import CentralClient, MemoryTokenStore
from offline.intake.transaction import IntakeService
from offline.storage.profile import open_profile
from offline.sync.outbox import OpState, Outbox
from offline.sync.status import LinkState
from tests.central.server import CentralServer
from tests.helpers.proxy import FaultProxy
from tests.sync.support import (
    WINDOW,
    assert_converged,
    central_rows,
    connected_service,
    engine,
    queue_cases,
    run_until_synced,
    wait_for,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def central(tmp_path: Path) -> Iterator[CentralServer]:
    with CentralServer(tmp_path / "central") as server:
        yield server


def test_one_cycle_delivers_cases_events_materials_and_audit(
    central: CentralServer, tmp_path: Path
) -> None:
    service = connected_service(tmp_path / "profile", central.url)
    queue_cases(service, 5, 2, tmp_path)
    assert Outbox(service.store).counts().pending == 5 * (1 + 2 + 2)

    report = engine(service.store).run_cycle()

    assert report.complete, report.reasons
    assert report.sent == 25 and report.link is LinkState.ONLINE
    assert_converged(service.store, central)


@pytest.fixture
def service(central: CentralServer, tmp_path: Path) -> IntakeService:
    return connected_service(tmp_path / "profile", central.url)


def test_connection_reset_mid_json_and_mid_upload(
    central: CentralServer, service: IntakeService, tmp_path: Path
) -> None:
    queue_cases(service, 4, 0, tmp_path)  # JSON only: cut every ~1.5 KB
    with FaultProxy("127.0.0.1", central.port, reset_every_bytes=1500) as proxy:
        run_until_synced(engine(service.store, proxy.url))
        assert proxy.resets > 0
    assert_converged(service.store, central)

    queue_cases(service, 3, 2, tmp_path, file_size=400_000)  # uploads cut every 150 KB
    with FaultProxy("127.0.0.1", central.port, reset_every_bytes=150_000) as proxy:
        run_until_synced(engine(service.store, proxy.url, chunk_size=64 * 1024))
        assert proxy.resets > 0
        assert proxy.bytes_up < 1.5 * 6 * 400_000  # resumed, not restarted from zero
    assert_converged(service.store, central)


def test_503_with_retry_after_is_honoured(
    central: CentralServer, service: IntakeService, tmp_path: Path
) -> None:
    queue_cases(service, 3, 1, tmp_path)
    central.faults.update(fail_next=6, retry_after=1)
    taken = run_until_synced(engine(service.store))
    assert taken >= 1.0  # nobody came back before the server said so
    assert central.faults.snapshot()["fail_next"] == 0
    assert_converged(service.store, central)


def test_response_dropped_after_the_server_committed(
    central: CentralServer, service: IntakeService, tmp_path: Path
) -> None:
    queue_cases(service, 4, 1, tmp_path)
    central.faults.update(drop_next=8)
    run_until_synced(engine(service.store))
    assert central.faults.snapshot()["drop_next"] == 0
    assert_converged(service.store, central)  # every resend answered from the stored result


def test_token_expiring_mid_sync(
    central: CentralServer, service: IntakeService, tmp_path: Path
) -> None:
    queue_cases(service, 6, 1, tmp_path)
    central.faults.update(token_ttl=0.3, delay_ms=30)
    run_until_synced(engine(service.store))
    assert_converged(service.store, central)


def test_slow_link_is_bounded(
    central: CentralServer, service: IntakeService, tmp_path: Path
) -> None:
    queue_cases(service, 3, 1, tmp_path, file_size=300_000)
    with FaultProxy("127.0.0.1", central.port, throttle_bytes_per_second=400_000) as proxy:
        taken = run_until_synced(engine(service.store, proxy.url, chunk_size=64 * 1024), 30)
    assert 900_000 / 400_000 * 0.8 < taken < 20
    assert_converged(service.store, central)


def test_central_restarted_mid_sync(
    service: IntakeService, central: CentralServer, tmp_path: Path
) -> None:
    queue_cases(service, 12, 1, tmp_path)
    central.faults.update(delay_ms=40)
    sync = engine(service.store)
    sync.start()
    try:
        wait_for(lambda: sync.status().pending < 40, what="some operations sent")
        central.stop()
        wait_for(lambda: sync.status().link is LinkState.OFFLINE, what="offline")
        left = sync.status().pending
        assert left > 0
        with CentralServer(tmp_path / "central", port=central.port) as again:
            wait_for(lambda: sync.status().pending == 0, what="drained after restart")
            wait_for(lambda: sync.status().audit_pending == 0, what="audit sent")
            sync.stop()
            assert_converged(service.store, again)
    finally:
        sync.stop()


def test_permanent_refusal_parks_only_that_case(
    central: CentralServer, service: IntakeService, tmp_path: Path
) -> None:
    case_ids = queue_cases(service, 4, 1, tmp_path)
    refused = case_ids[1]
    # Someone else already filed this id at the central with other content: 409 case-conflict.
    other = CentralClient(central.url, MemoryTokenStore())
    other.login("clerk", "clerk-pass", WINDOW)
    body = dict(Outbox(service.store).head(refused).payload)  # type: ignore[union-attr]
    body["applicant"] = {**body["applicant"], "name": "李四"}
    other.request("PUT", f"/cases/{refused}", json=body)

    report = engine(service.store).run_cycle()

    assert report.parked == 1 and not report.complete
    head = Outbox(service.store).head(refused)
    assert head is not None and head.state is OpState.PARKED
    assert "409" in head.last_error and "中心系统拒绝" in head.last_error
    assert any("需处理" in r for r in report.reasons)
    with central.context.store.read() as conn:
        synced = {r[0] for r in conn.execute("SELECT DISTINCT case_id FROM events")}
    assert synced == set(case_ids) - {refused}

    # The central's administrator removes the stray record; the clerk retries the case.
    with central.context.store.write() as conn:
        conn.execute("DELETE FROM cases WHERE case_id = ?", (refused,))
    sync = engine(service.store)
    assert sync.retry_case(refused) == 1  # the parked head; the rest wait behind it
    assert sync.run_cycle().complete
    assert_converged(service.store, central)


@pytest.mark.timeout(300)
def test_client_killed_mid_sync_resumes_without_duplicates(
    central: CentralServer, tmp_path: Path
) -> None:
    profile = tmp_path / "profile"
    env = {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": "tests.file_keyring.FileKeyring",
    }

    def cli(*args: str, **kw: Any) -> list[str]:
        return [sys.executable, str(ROOT / "main.py"), "--profile", str(profile), *args]

    login = subprocess.run(
        cli("login", "--central", central.url, "--username", "clerk", "--window", WINDOW),
        input="clerk-pass\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    assert login.returncode == 0, login.stderr
    service = IntakeService(open_profile(profile), load_department())
    queue_cases(service, 10, 2, tmp_path, file_size=200_000)
    central.faults.update(delay_ms=60)

    worker = subprocess.Popen(cli("sync", "--once"), env=env, cwd=ROOT)
    try:
        wait_for(
            lambda: len(central_rows(central, "SELECT 1 FROM events")) >= 4,
            timeout=60,
            what="the first events at the central",
        )
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    assert Outbox(service.store).counts().pending > 0

    central.faults.update(delay_ms=0)
    again = subprocess.run(
        cli("sync", "--once"), capture_output=True, text=True, env=env, cwd=ROOT, timeout=120
    )
    assert again.returncode == 0, again.stdout + again.stderr
    assert "全部同步完成" in again.stdout
    assert_converged(service.store, central)

    listing = subprocess.run(
        cli("queue", "--json"), capture_output=True, text=True, env=env, cwd=ROOT, timeout=60
    )
    assert json.loads(listing.stdout)["operations"] == []
