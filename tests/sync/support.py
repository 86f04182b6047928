"""Connected profiles with queued work, and the one convergence check every sync test ends with.

`assert_converged` compares what the window holds with what the reference central holds,
reading the central's own database: the same cases (by id, with the same body), the same
events (ids, none twice), the same materials (id → sha256, none twice), the same audit
records in the same chain order, and nothing left in the outbox.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from client.central.retry import ProbePolicy, RetryPolicy
from client.domain import Action, IntakeRequest
from client.generated_ids import uuid7
from offline.accounts.connect import client_for, connect
from offline.intake.transaction import IntakeService
from offline.storage.profile import open_profile
from offline.storage.store import Store
from offline.sync.audit_sync import ANCHOR_KEY
from offline.sync.engine import SyncEngine
from offline.sync.outbox import get_state
from offline.sync.status import StatusListener
from tests.central.server import CentralServer
from tests.factories import FOOD_PERMIT, complete_materials, make_files, person, resident_id

WINDOW = "W01"
# Tests want retries in well under a second, not the production minutes.
FAST_BACKOFF = RetryPolicy(base_seconds=0.05, cap_seconds=0.3)
FAST_PROBE = ProbePolicy(first_seconds=0.05, cap_seconds=0.3)
QUICK_REQUESTS = RetryPolicy(base_seconds=0.01, cap_seconds=0.05, max_attempts=2)


def connected_service(profile: Path, url: str, window: str = WINDOW) -> IntakeService:
    """A connected window run by its chief (首席代表), who may also change its settings; its
    documents name the department the central sent when it connected."""
    store = open_profile(profile)
    connect(store, url, "chief", "chief-pass", window)
    return IntakeService(store)


def engine(
    store: Store,
    url: str | None = None,
    on_status: StatusListener | None = None,
    **options: Any,
) -> SyncEngine:
    """An engine as the app builds it, with test-speed backoff; `url` may point at a proxy."""
    client = client_for(store, url=url, policy=QUICK_REQUESTS)
    client.timeout = (2.0, 5.0)
    options.setdefault("backoff", FAST_BACKOFF)
    options.setdefault("probe", FAST_PROBE)
    return SyncEngine(store, client, on_status=on_status, **options)


def queue_cases(
    service: IntakeService,
    count: int,
    files_per_case: int,
    tmp_path: Path,
    file_size: int = 4096,
) -> list[str]:
    """`count` accepted cases, each with `files_per_case` distinct files; returns case ids."""
    item = service.store.item(FOOD_PERMIT)
    assert item is not None
    first = item.materials[0].code
    case_ids = []
    for n in range(count):
        files = make_files(tmp_path / "scans", files_per_case, file_size, prefix=f"c{n}-{uuid7()}")
        request = IntakeRequest(
            item_code=FOOD_PERMIT,
            applicant=person(f"申请人{n}", resident_id(f"11010519900101{n % 1000:03d}")),
            materials=complete_materials(item, {first: files}),
            action=Action.ACCEPT,
        )
        case_ids.append(service.submit(request).case_id)
    return case_ids


def central_rows(central: CentralServer, sql: str, *args: Any) -> list[Any]:
    with central.context.store.read() as conn:
        return list(conn.execute(sql, args).fetchall())


def assert_converged(store: Store, central: CentralServer, window: str = WINDOW) -> None:
    with store.read() as conn:
        waiting = conn.execute("SELECT kind, state, last_error FROM outbox WHERE state != 'done'")
        assert waiting.fetchall() == []
        local_cases = {r[0]: r[1] for r in conn.execute("SELECT case_id, case_number FROM cases")}
        local_events = sorted(
            r[0] for r in conn.execute("SELECT event_id FROM case_events WHERE source = 'local'")
        )
        local_files = {
            r[0]: (r[1], r[2])
            for r in conn.execute("SELECT file_id, sha256, size FROM material_files")
        }
        position = int(get_state(conn, ANCHOR_KEY) or 0)
        local_audit = [
            (r[0], r[1])
            for r in conn.execute(
                "SELECT record_id, hash FROM audit_log WHERE seq > ? ORDER BY seq", (position,)
            )
        ]
    remote_cases = {
        r[0]: r[1]
        for r in central_rows(
            central, "SELECT case_id, case_number FROM cases WHERE window_code = ?", window
        )
    }
    assert remote_cases == local_cases
    remote_events = [
        r[0]
        for r in central_rows(
            central,
            "SELECT e.event_id FROM events e JOIN cases c USING (case_id) WHERE c.window_code = ?",
            window,
        )
    ]
    assert len(remote_events) == len(set(remote_events))
    assert sorted(remote_events) == local_events
    remote_files = {
        r[0]: (json.loads(r[1])["sha256"], json.loads(r[1])["size"])
        for r in central_rows(
            central,
            "SELECT m.material_id, m.response FROM materials m JOIN cases c USING (case_id)"
            " WHERE c.window_code = ?",
            window,
        )
    }
    assert remote_files == local_files
    remote_audit = [
        (r[0], r[1])
        for r in central_rows(
            central,
            "SELECT record_id, hash FROM audit_records WHERE window_code = ? ORDER BY seq",
            window,
        )
    ]
    assert remote_audit == local_audit, (len(remote_audit), len(local_audit), position)
    with store.read() as conn:
        unconfirmed = conn.execute(
            "SELECT count(*) FROM material_files WHERE confirmed_at IS NULL"
        ).fetchone()[0]
    assert unconfirmed == 0


def run_until_synced(engine: SyncEngine, timeout: float = 60.0) -> float:
    """Run the engine's own thread until the window has nothing left to send; seconds taken."""
    start = time.monotonic()
    engine.start()
    try:
        while time.monotonic() - start < timeout:
            status = engine.status()
            if status.pending == 0 and status.audit_pending == 0:
                return time.monotonic() - start
            time.sleep(0.05)
        raise AssertionError(f"not synced within {timeout} s: {engine.status()}")
    finally:
        engine.stop()


def wait_for(condition: Callable[[], bool], timeout: float = 30.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition}")
        time.sleep(0.02)
