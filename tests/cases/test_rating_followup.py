"""The chief's follow-up of a 差评 (整改/回访) reported to the 好差评 system: queued with the local
record as a `rating.handled` event, kept once on the central's rating (GET /cases/{id}), and
refused by the central when it names no 差评 of the case."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from client.catalog.loading import load_department
from client.central.api import CentralClient, MemoryTokenStore
from client.closing.rating import RatingError
from client.generated_ids import uuid7
from offline.cases.detail import case_detail
from offline.cases.rating import handle_bad_rating, rate_case
from offline.intake.transaction import IntakeService
from offline.storage.profile import open_profile
from offline.storage.store import Store
from tests.accounts.support import CHIEF, CLERK, seat
from tests.central.server import CentralServer
from tests.factories import accept_request
from tests.sync.support import (
    assert_converged,
    central_rows,
    connected_service,
    engine,
    queue_cases,
    run_until_synced,
)

NOTE = "已电话回访申请人，增开午间窗口"


@pytest.fixture
def central(tmp_path: Path) -> Iterator[CentralServer]:
    with CentralServer(tmp_path / "central") as server:
        yield server


def _case(store: Store) -> str:
    with store.read() as conn:
        return str(conn.execute("SELECT case_number FROM cases").fetchone()[0])


def _outbox_event(store: Store, kind: str) -> dict[str, Any]:
    with store.read() as conn:
        rows = conn.execute(
            "SELECT payload FROM outbox WHERE kind = 'event.post'"
            " AND json_extract(payload, '$.kind') = ?",
            (kind,),
        ).fetchall()
    assert len(rows) == 1
    return dict(json.loads(rows[0][0]))


def _client(central: CentralServer) -> CentralClient:
    client = CentralClient(central.url, MemoryTokenStore())
    client.login("chief", "chief-pass", "W01")
    return client


def test_a_handled_bad_rating_reaches_the_central_once(
    central: CentralServer, tmp_path: Path
) -> None:
    service = connected_service(tmp_path / "profile", central.url)
    store = service.store
    (case_id,) = queue_cases(service, 1, 0, tmp_path)
    number = _case(store)
    rating = rate_case(store, number, 1, "等候时间长")
    assert engine(store).run_cycle().complete
    client = _client(central)
    held = client.call("getCase", "GET", f"/cases/{case_id}")
    assert [r["event_id"] for r in held["ratings"]] == [rating.rating_id]
    assert "handled" not in held["ratings"][0]

    handled = handle_bad_rating(store, number, f"  {NOTE} ", store.person)
    body = _outbox_event(store, "rating.handled")
    assert "stage" not in body  # a follow-up moves no case
    assert body["rating_event_id"] == rating.rating_id
    assert (body["note"], body["handled_at"]) == (NOTE, handled.handled_at)
    assert body["actor"] == store.person.name
    with store.read() as conn:
        history = conn.execute(
            "SELECT kind, actor, payload FROM case_events WHERE event_id = ?",
            (body["event_id"],),
        ).fetchall()
    assert [(k, a) for k, a, _ in history] == [("rating.handled", store.person.name)]
    assert json.loads(history[0][2])["note"] == NOTE

    # The central keeps the follow-up but its answer is lost: the window sends it again.
    central.faults.update(drop_next=1, method="POST", path_prefix="/cases")
    run_until_synced(engine(store))
    assert central.faults.snapshot()["drop_next"] == 0
    assert engine(store).run_cycle().complete  # a second round sends nothing again
    replay = client.request(
        "POST",
        f"/cases/{case_id}/events",
        json=body,
        headers={"Idempotency-Key": body["event_id"]},
    )  # and a redelivery of the same event is answered from its key
    assert (replay.status_code, replay.headers.get("Idempotent-Replayed")) == (201, "true")

    held = client.call("getCase", "GET", f"/cases/{case_id}")  # checked by the contract
    assert held["stage"] == "accepted"
    (kept,) = held["ratings"]
    assert kept["event_id"] == rating.rating_id and kept["score"] == 1
    assert {k: kept["handled"][k] for k in ("note", "handled_at", "actor")} == {
        "note": NOTE,
        "handled_at": handled.handled_at,
        "actor": store.person.name,
    }
    assert kept["handled"]["received_at"]
    assert [e["kind"] for e in held["events"]].count("rating.handled") == 1
    assert_converged(store, central)


def test_central_refuses_a_follow_up_of_no_bad_rating_of_the_case(
    central: CentralServer, tmp_path: Path
) -> None:
    service = connected_service(tmp_path / "profile", central.url)
    store = service.store
    bad_case, good_case = queue_cases(service, 2, 0, tmp_path)
    with store.read() as conn:
        numbers = dict(conn.execute("SELECT case_id, case_number FROM cases").fetchall())
    bad = rate_case(store, numbers[bad_case], 2, "材料说明不清")
    good = rate_case(store, numbers[good_case], 5)
    assert engine(store).run_cycle().complete
    token = requests.post(
        f"{central.api}/auth/token",
        json={"username": "chief", "password": "chief-pass", "window_code": "W01"},
        timeout=10,
    ).json()["access_token"]
    now = dt.datetime.now().astimezone().isoformat()

    def post(case_id: str, event_id: str = "", **fields: object) -> requests.Response:
        event_id = event_id or uuid7()
        body: dict[str, object] = {
            "event_id": event_id,
            "kind": "rating.handled",
            "occurred_at": now,
            "actor": "李强",
            "note": "已回访",
            "handled_at": now,
            **fields,
        }
        return requests.post(
            f"{central.api}/cases/{case_id}/events",
            json={k: v for k, v in body.items() if v is not None},
            headers={"Authorization": f"Bearer {token}", "Idempotency-Key": event_id},
            timeout=10,
        )

    def refused(reply: requests.Response) -> tuple[int, str]:
        assert reply.headers["Content-Type"] == "application/problem+json", reply.text
        return reply.status_code, str(reply.json()["type"]).rsplit("/", 1)[-1]

    unknown = uuid7()
    assert refused(post(bad_case, unknown, rating_event_id=unknown)) == (409, "rating-not-found")
    other_case = post(good_case, rating_event_id=bad.rating_id)
    assert refused(other_case) == (409, "rating-not-found")
    assert refused(post(good_case, rating_event_id=good.rating_id)) == (409, "rating-not-bad")
    malformed_fields: list[dict[str, object]] = [
        {"rating_event_id": "not-a-uuid"},
        {"note": ""},
        {"note": "x" * 501},
        {"handled_at": "2026-12-02T10:00:00"},  # no UTC offset
        {"handled_at": None},
        {"rating_event_id": None},
        {"note": "   "},
    ]
    for malformed in malformed_fields:
        fields = {"rating_event_id": bad.rating_id, **malformed}
        assert refused(post(bad_case, "", **fields)) == (422, "invalid-request"), malformed
    kinds = central_rows(central, "SELECT json_extract(response, '$.kind') FROM events")
    assert [k for (k,) in kinds].count("rating.handled") == 0

    # A refused event leaves its key unused: once it names the rating, it is kept.
    assert post(bad_case, unknown, rating_event_id=bad.rating_id).status_code == 201
    again = post(bad_case, rating_event_id=bad.rating_id, note="第二次回访")
    assert refused(again) == (409, "rating-already-handled")
    held = central_rows(central, "SELECT data FROM ratings WHERE event_id = ?", bad.rating_id)
    assert json.loads(held[0][0])["handled"]["note"] == "已回访"


def test_a_rating_and_its_follow_up_leave_the_timeline_as_it_was(tmp_path: Path) -> None:
    store = open_profile(tmp_path / "profile")
    try:
        seat(store, CLERK)
        number = IntakeService(store, load_department()).submit(accept_request(store)).case_number
        before = case_detail(store, number).timeline
        seat(store, CHIEF)
        rate_case(store, number, 1, "态度不好")
        handle_bad_rating(store, number, NOTE, CHIEF)
        detail = case_detail(store, number)
        assert detail.timeline == before  # 受理 keeps its clerk, time and (empty) opinion
        assert [e.kind for e in detail.events][-2:] == ["rating", "rating.handled"]
    finally:
        store.close()


def test_a_follow_up_the_central_cannot_match_is_parked_for_the_clerk(
    central: CentralServer, tmp_path: Path
) -> None:
    """As after restoring yesterday's backup: the window has forgotten the follow-up the
    central already holds. The second one is parked (需处理), not retried for ever."""
    service = connected_service(tmp_path / "profile", central.url)
    store = service.store
    queue_cases(service, 1, 0, tmp_path)
    number = _case(store)
    rate_case(store, number, 1, "等候时间长")
    handle_bad_rating(store, number, NOTE, store.person)
    assert engine(store).run_cycle().complete
    with store.write() as db:
        db.conn.execute("UPDATE case_ratings SET handled_at = NULL, handled_by = NULL")
    handle_bad_rating(store, number, "再次回访", store.person)
    engine(store).run_cycle()
    with store.read() as conn:
        state, error = conn.execute(
            "SELECT state, last_error FROM outbox WHERE kind = 'event.post'"
            " AND json_extract(payload, '$.note') = '再次回访'"
        ).fetchone()
    assert state == "parked" and "409" in error


def test_a_follow_up_longer_than_the_central_takes_is_refused_at_the_window(
    tmp_path: Path,
) -> None:
    store = open_profile(tmp_path / "profile")
    try:
        seat(store, CHIEF)
        number = IntakeService(store, load_department()).submit(accept_request(store)).case_number
        rate_case(store, number, 1, "态度不好")
        queued = store.conn.execute("SELECT count(*) FROM outbox").fetchone()
        with pytest.raises(RatingError, match="跟进情况过长（最多 500 字）"):
            handle_bad_rating(store, number, "回访" * 251, CHIEF)
        assert store.conn.execute("SELECT count(*) FROM outbox").fetchone() == queued
        handle_bad_rating(store, number, "回" * 500, CHIEF)  # exactly the limit is fine
    finally:
        store.close()
