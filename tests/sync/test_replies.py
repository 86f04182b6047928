"""Replies that are not the central's: a captive portal, broken JSON, JSON of the wrong shape,
the right shape naming another case. Over real sockets, through tests/helpers/portal.py in
front of the reference central: nothing is marked done while the central lacks it, and once
the real central answers again everything arrives exactly once."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from client.central.replies import PORTAL
from offline.storage.store import Store
from offline.sync.outbox import Outbox
from offline.sync.status import LinkState
from offline.sync.verify import verify_cases, verify_due
from tests.central.server import CentralServer
from tests.helpers.portal import PortalServer
from tests.sync.support import (
    assert_converged,
    central_rows,
    connected_service,
    engine,
    queue_cases,
    run_until_synced,
    wait_for,
)


@pytest.fixture
def central(tmp_path: Path) -> Iterator[CentralServer]:
    with CentralServer(tmp_path / "central") as server:
        yield server


@pytest.fixture
def portal(central: CentralServer) -> Iterator[PortalServer]:
    with PortalServer(central.url) as server:
        yield server


def done_ops(store: object, case_ids: list[str]) -> list[tuple[str, str]]:
    with store.read() as conn:  # type: ignore[attr-defined]
        marks = ",".join("?" * len(case_ids))
        return conn.execute(
            f"SELECT kind, op_id FROM outbox WHERE state = 'done' AND case_id IN ({marks})",
            case_ids,
        ).fetchall()


@pytest.mark.parametrize("mode", ["portal", "bad_json", "wrong_shape", "replay"])
def test_a_reply_that_is_not_the_centrals_marks_nothing_done(
    central: CentralServer, portal: PortalServer, tmp_path: Path, mode: str
) -> None:
    service = connected_service(tmp_path / "profile", portal.url)
    store = service.store
    # One case all the way through, so `replay` has real replies of other cases to give.
    queue_cases(service, 1, 1, tmp_path)
    assert engine(store, portal.url).run_cycle().complete
    fresh = queue_cases(service, 3, 2, tmp_path)

    portal.mode = mode
    forwarded = portal.forwarded
    report = engine(store, portal.url).run_cycle()

    assert portal.forwarded == forwarded  # the central saw nothing of this round
    assert done_ops(store, fresh) == []
    assert report.link is LinkState.OFFLINE and not report.complete
    counts = Outbox(store).counts()
    assert counts.parked == 0  # a link fault, never a refusal that waits for the clerk
    if mode == "portal":
        assert PORTAL in "\n".join(report.reasons)
    else:
        assert "不符合接口约定" in "\n".join(report.reasons)
    assert central_rows(central, "SELECT count(*) FROM cases")[0][0] == 1

    portal.mode = "pass"
    run_until_synced(engine(store, portal.url))
    assert_converged(store, central)
    shas = central_rows(central, "SELECT json_extract(response, '$.sha256') FROM materials")
    assert len(shas) == len(set(shas)) == 1 + 3 * 2


def test_the_window_goes_offline_behind_a_portal_backs_off_and_comes_back(
    central: CentralServer, portal: PortalServer, tmp_path: Path
) -> None:
    service = connected_service(tmp_path / "profile", portal.url)
    queue_cases(service, 3, 2, tmp_path)
    statuses: list[tuple[LinkState, str]] = []
    sync = engine(
        service.store,
        portal.url,
        on_status=lambda s: statuses.append((s.status.link, s.status.message)),
    )
    portal.mode = "portal"
    sync.start()
    try:
        wait_for(lambda: (LinkState.OFFLINE, PORTAL) in statuses, what="离线 with the reason")
        before = portal.requests
        time.sleep(1.5)
        # Probing backs off (0.05 s doubling to 0.3 s here): a handful of requests, no storm.
        assert portal.requests - before <= 15
        assert Outbox(service.store).counts().pending == 3 * (1 + 2 + 2)
        portal.mode = "pass"
        sync.sync_now()
        wait_for(lambda: sync.status().pending == 0, what="synced after the portal")
        wait_for(lambda: sync.status().audit_pending == 0, what="audit sent")
    finally:
        sync.stop()
    assert_converged(service.store, central)


def test_a_profile_damaged_by_the_portal_defect_is_repaired_by_verify(
    central: CentralServer, portal: PortalServer, tmp_path: Path
) -> None:
    """Operations marked done that the central never got (what the old client did behind a
    portal): `verify` finds what the central lacks, re-queues it, and the next round sends it."""
    service = connected_service(tmp_path / "profile", portal.url)
    store = service.store
    kept = queue_cases(service, 1, 1, tmp_path)
    assert engine(store, portal.url).run_cycle().complete
    lost = queue_cases(service, 2, 2, tmp_path)
    # The defect: case and events marked done, the materials parked on the central's 404.
    with store.write() as db:
        db.conn.execute(
            "UPDATE outbox SET state = 'done'"
            " WHERE case_id IN (?, ?) AND kind != 'material.upload'",
            lost,
        )
        db.conn.execute(
            "UPDATE outbox SET state = 'parked', last_error = 'case-not-found'"
            " WHERE case_id IN (?, ?) AND kind = 'material.upload'",
            lost,
        )
    sync = engine(store, portal.url)
    result = verify_cases(store, sync.client)
    assert result.confirmed == kept and sorted(result.resent) == sorted(lost)
    assert result.differing == {}
    assert Outbox(store).counts().parked == 0
    assert sync.run_cycle().complete
    assert_converged(store, central)
    again = verify_cases(store, sync.client)
    assert sorted(again.confirmed) == sorted(kept + lost) and again.resent == []


def damage(store: Store, case_ids: list[str]) -> None:
    """The defect: every operation of these cases marked done, the central never got them."""
    with store.write() as db:
        marks = ",".join("?" * len(case_ids))
        db.conn.execute(f"UPDATE outbox SET state = 'done' WHERE case_id IN ({marks})", case_ids)


def test_the_engine_reconciles_on_its_own_when_due(
    central: CentralServer, portal: PortalServer, tmp_path: Path
) -> None:
    service = connected_service(tmp_path / "profile", portal.url)
    lost = queue_cases(service, 2, 1, tmp_path)
    damage(service.store, lost)
    service.store.set_settings({"sync.verify_hours": 1})
    sync = engine(service.store, portal.url)
    sync.start()
    try:
        wait_for(
            lambda: central_rows(central, "SELECT count(*) FROM materials")[0][0] == 2,
            what="the periodic pass re-sending what the central lacks",
        )
        wait_for(lambda: sync.status().pending == 0 and sync.status().audit_pending == 0)
    finally:
        sync.stop()
    assert sync.last_verify is not None and sorted(sync.last_verify.resent) == sorted(lost)
    assert_converged(service.store, central)
    assert not verify_due(service.store)  # not again before an hour has passed


def test_a_lost_material_whose_file_is_gone_is_reported_not_hidden(
    central: CentralServer, portal: PortalServer, tmp_path: Path
) -> None:
    service = connected_service(tmp_path / "profile", portal.url)
    store = service.store
    [case_id] = queue_cases(service, 1, 1, tmp_path)
    damage(store, [case_id])
    with store.read() as conn:
        sha, name = conn.execute(
            "SELECT json_extract(payload, '$.sha256'), json_extract(payload, '$.display_name')"
            " FROM outbox WHERE kind = 'material.upload'"
        ).fetchone()
    store.files.path_of(sha).unlink()

    result = verify_cases(store, engine(store, portal.url).client)

    assert list(result.differing) == [case_id]
    assert name in result.differing[case_id] and "本地文件已不存在" in result.differing[case_id]
    assert "不一致 1 件" in result.to_text()
    counts = Outbox(store).counts()
    assert counts.parked == 1  # shown in the queue as 需处理 with the reason
    assert counts.pending == 1 + 2 + 1  # the case and its events go again; the parked one
