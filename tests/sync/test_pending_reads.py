"""What waits is read through the pending-only indexes: the status, health and queue reads cost
what is pending, however many operations were ever sent."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from offline.storage.profile import open_profile
from offline.storage.store import Store
from offline.sync.outbox import Outbox
from offline.sync.retention import purge_confirmed_materials
from offline.sync.status import read_snapshot
from tests.helpers.history import add_history


@pytest.fixture
def history_store(tmp_path: Path) -> Store:
    store = open_profile(tmp_path / "profile")
    add_history(store, cases=3000, pending=7)
    return store


def plans(store: Store, run: object) -> dict[str, list[str]]:
    """Every statement `run` sent to the read connection, with its query plan."""
    statements: list[str] = []
    store.reader.set_trace_callback(statements.append)
    try:
        run()  # type: ignore[operator]
    finally:
        store.reader.set_trace_callback(None)
    found = {}
    with store.read() as conn:
        for sql in statements:
            if "outbox" in sql or "material_files" in sql:
                found[sql] = [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql)]
    return found


def full_scans_of_outbox(found: dict[str, list[str]]) -> list[str]:
    """Plan lines that walk the whole outbox (a scan not through a pending-only index)."""
    bad = []
    for sql, lines in found.items():
        for line in lines:
            scans = re.match(r"SCAN (outbox|o|f|material_files)\b", line)
            if scans and "outbox_pending" not in line and "material_files_kept" not in line:
                bad.append(f"{line}  <-  {sql[:120]}")
    return bad


def test_snapshot_read_uses_the_pending_index(history_store: Store) -> None:
    found = plans(history_store, lambda: read_snapshot(history_store, running=True))
    assert found, "the snapshot read no outbox at all?"
    assert any("outbox_pending" in line for lines in found.values() for line in lines)
    assert full_scans_of_outbox(found) == []
    snapshot = read_snapshot(history_store, running=True)
    # 3,000 cases of history are not "waiting": only the 7 pending cases' 14 operations are.
    assert snapshot.status.pending == 14
    assert snapshot.status.bytes_pending == 7 * 4096


def test_engine_and_queue_reads_use_the_pending_index(history_store: Store) -> None:
    outbox = Outbox(history_store)
    now = dt.datetime.now(dt.UTC)
    for run in (
        lambda: purge_confirmed_materials(history_store),  # every round asks: any file due?
        lambda: outbox.due_cases(now, 10, set()),
        lambda: outbox.entries(0, 50),
        outbox.pending_count,
        outbox.counts,
    ):
        found = plans(history_store, run)
        assert full_scans_of_outbox(found) == [], found
    assert len(outbox.due_cases(now, 100, set())) == 7
    page = outbox.entries(10, 50)
    assert len(page) == 4 and outbox.pending_count() == 14
    # grouped by case in send order, as before paging
    whole = outbox.entries()
    assert [e.op.seq for e in whole] == sorted(e.op.seq for e in whole)
    assert [e.op.seq for e in whole[10:]] == [e.op.seq for e in page]
