"""Cases and their events at the reference central (create, replay, conflicts, idempotency
keys), the back office advancing a case and the changes feed the window reads, and batches of
audit records with their hash chain (issue 3, items 1 and 2)."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

import requests

from client.generated_ids import uuid7
from offline.storage.audit import GENESIS, canonical_json, record_hash
from tests.api.support import (
    TIMEOUT,
    Api,
    assert_problem,
    case_body,
    central,
    clerk,
    conforms,
    event_body,
    make_central,
    new_case,
    reviewer,
)
from tests.central.server import CentralServer

__all__ = ["central", "clerk", "make_central", "reviewer"]  # fixtures used by name


# --- cases and events --------------------------------------------------------------------------


def test_put_case_create_replay_conflict(clerk: Api, central: CentralServer) -> None:
    case_id = uuid7()
    body = case_body(case_id)
    created = clerk("PUT", f"/cases/{case_id}", json=body)
    assert created.status_code == 201
    assert created.json()["stage"] == "applied" and created.json()["case"] == body
    replay = clerk("PUT", f"/cases/{case_id}", json=body)
    assert replay.status_code == 200 and replay.json() == created.json()
    assert_problem(
        clerk("PUT", f"/cases/{case_id}", json={**body, "clerk": "other"}), 409, "case-conflict"
    )
    assert clerk("GET", f"/cases/{case_id}").json() == created.json()
    assert_problem(
        clerk("PUT", f"/cases/{case_id}", json=case_body(case_id, "W999")), 403, "window-mismatch"
    )
    other = Api(central, window="W002")
    try:
        assert_problem(other("GET", f"/cases/{case_id}"), 404, "case-not-found")
    finally:
        other.close()
    assert_problem(clerk("GET", f"/cases/{uuid7()}"), 404, "case-not-found")
    assert_problem(
        clerk("PUT", f"/cases/{case_id}", json={"case_id": case_id}), 422, "invalid-request"
    )


def test_event_idempotency(clerk: Api) -> None:
    case_id = new_case(clerk, accepted=False)
    event_id = uuid7()
    body = event_body(event_id)
    key = {"Idempotency-Key": event_id}
    first = clerk("POST", f"/cases/{case_id}/events", json=body, headers=key)
    assert first.status_code == 201 and "Idempotent-Replayed" not in first.headers
    again = clerk("POST", f"/cases/{case_id}/events", json=body, headers=key)
    assert again.status_code == 201 and again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert_problem(
        clerk("POST", f"/cases/{case_id}/events", json={**body, "reason": "x"}, headers=key),
        422,
        "idempotency-key-reused",
    )
    other = uuid7()
    assert_problem(
        clerk("POST", f"/cases/{case_id}/events", json=body, headers={"Idempotency-Key": other}),
        422,
        "idempotency-key-mismatch",
    )
    assert_problem(clerk("POST", f"/cases/{case_id}/events", json=body), 422, "invalid-request")
    case = clerk("GET", f"/cases/{case_id}").json()
    conforms(case, "Case")
    conforms(first.json(), "Event")
    assert case["stage"] == "accepted" and [e["event_id"] for e in case["events"]] == [event_id]


def test_event_in_flight_answers_409(clerk: Api, central: CentralServer) -> None:
    case_id = new_case(clerk, accepted=False)
    event_id = uuid7()
    body, key = event_body(event_id), {"Idempotency-Key": event_id}
    central.faults.update(delay_ms=1000)
    results: list[requests.Response] = []
    first = threading.Thread(
        target=lambda: results.append(
            clerk("POST", f"/cases/{case_id}/events", json=body, headers=key)
        )
    )
    first.start()
    time.sleep(0.3)
    second = requests.post(
        f"{clerk.base}/cases/{case_id}/events",
        json=body,
        headers={**key, **clerk.session.headers},
        timeout=TIMEOUT,
    )
    first.join(TIMEOUT)
    central.faults.update(delay_ms=0)
    assert_problem(second, 409, "idempotency-key-in-flight")
    assert results[0].status_code == 201
    replay = clerk("POST", f"/cases/{case_id}/events", json=body, headers=key)
    assert replay.status_code == 201 and replay.json() == results[0].json()


# --- back office and the changes feed ----------------------------------------------------------


def test_backoffice_advance_and_changes_feed(
    clerk: Api, reviewer: Api, central: CentralServer
) -> None:
    case_id = new_case(clerk)
    assert clerk("GET", "/changes").json() == {"changes": [], "cursor": "0", "has_more": False}
    path = f"/backoffice/cases/{case_id}/advance"
    assert_problem(
        clerk("POST", path, json={"to": "first_review", "handler": "李四"}), 403, "forbidden"
    )
    assert_problem(
        reviewer("POST", path, json={"to": "decided", "handler": "李四"}), 409, "invalid-transition"
    )
    for to in ("first_review", "second_review"):
        assert reviewer("POST", path, json={"to": to, "handler": "李四"}).status_code == 200
    decision = {
        "approved": True,
        "document_number": "培市监准字〔2026〕第0001号",
        "content": "准予个体工商户设立登记。",
        "reasons": "",
        "valid_from": "2026-11-23",
        "valid_until": "2031-11-22",
    }
    r = reviewer("POST", path, json={"to": "decided", "handler": "王五", "decision": decision})
    assert r.status_code == 200 and r.json()["stage"] == "decided"
    r = reviewer(
        "POST",
        f"/backoffice/cases/{case_id}/supervision",
        json={"status": "warning", "handler": "督办员", "note": "临近时限"},
    )
    assert r.status_code == 200

    page = clerk("GET", "/changes", params={"limit": 2}).json()
    conforms(page, "ChangePage")
    assert page["has_more"] is True
    assert [c["to_stage"] for c in page["changes"]] == ["first_review", "second_review"]
    assert page["changes"][0]["from_stage"] == "accepted"
    assert all(
        c["handler"] == "李四" and c["at"] and c["case_id"] == case_id for c in page["changes"]
    )
    rest = clerk("GET", "/changes", params={"cursor": page["cursor"]}).json()
    conforms(rest, "ChangePage")
    kinds = [c["kind"] for c in rest["changes"]]
    assert kinds == ["stage", "decision", "supervision"] and rest["has_more"] is False
    recorded = rest["changes"][1]["decision"]
    assert recorded["document_number"] == decision["document_number"]
    assert recorded["valid_until"] == "2031-11-22" and recorded["handler"] == "王五"
    assert recorded["legal_basis"]  # the item's, by default
    ids = [c["change_id"] for c in page["changes"] + rest["changes"]]
    assert ids == sorted(ids)
    empty = clerk("GET", "/changes", params={"cursor": rest["cursor"]}).json()
    assert empty == {"changes": [], "cursor": rest["cursor"], "has_more": False}
    other = Api(central, window="W002")
    try:
        assert other("GET", "/changes").json()["changes"] == []
    finally:
        other.close()
    case = clerk("GET", f"/cases/{case_id}").json()
    conforms(case, "Case")
    assert case["decision"]["approved"] is True and case["supervision"]["status"] == "warning"


def test_auto_advance_decides_accepted_cases(make_central: Callable[..., CentralServer]) -> None:
    """The back office decides a 承诺件 by itself; an 即办件 waits for the window's decision."""
    central = make_central(auto_advance=0.1)
    api = Api(central)
    try:
        immediate = new_case(api)  # SCJG-0101, an 即办件
        case_id = new_case(api, item_code="SCJG-0102")
        deadline = time.monotonic() + 5
        while api("GET", f"/cases/{case_id}").json()["stage"] != "decided":
            assert time.monotonic() < deadline, "auto-advance did not decide the case"
            time.sleep(0.05)
        changes = api("GET", "/changes").json()["changes"]
        assert [c["kind"] for c in changes] == ["stage", "stage", "stage", "decision"]
        assert {c["case_id"] for c in changes} == {case_id}
        assert changes[-1]["decision"]["document_number"]
        assert api("GET", f"/cases/{immediate}").json()["stage"] == "accepted"
    finally:
        api.close()


# --- audit -------------------------------------------------------------------------------------


def audit_chain(n: int, prev: str = GENESIS, window: str = "W001") -> list[dict[str, Any]]:
    """Records made by the client's own hashing (offline/storage/audit.py)."""
    records = []
    for i in range(n):
        record = {
            "record_id": uuid7(),
            "at": "2026-11-22T09:15:00.000+08:00",
            "actor": "clerk",
            "window_code": window,
            "action": "intake.accept",
            "case_id": str(uuid.uuid4()) if i % 2 else None,
            "details": canonical_json({"n": i, "名": "值"}),
            "prev_hash": prev,
        }
        record["hash"] = prev = record_hash(record)
        records.append(record)
    return records


def test_audit_batches_chain_and_idempotency(clerk: Api) -> None:
    first = audit_chain(3)
    r = clerk("POST", "/audit", json={"records": first})
    conforms(r.json(), "AuditResult")
    assert r.json() == {"stored": 3, "duplicates": 0, "last_hash": first[-1]["hash"]}
    assert clerk("POST", "/audit", json={"records": first}).json()["duplicates"] == 3
    second = audit_chain(2, prev=first[-1]["hash"])
    r = clerk("POST", "/audit", json={"records": first[-1:] + second})
    assert r.json() == {"stored": 2, "duplicates": 1, "last_hash": second[-1]["hash"]}

    # A window connected after local set-up starts its central chain with a later record.
    anchored = audit_chain(2, prev="a" * 64, window="W002")
    other = Api(clerk.central, window="W002")
    try:
        assert other("POST", "/audit", json={"records": anchored}).json()["stored"] == 2
        later = audit_chain(1, prev="b" * 64, window="W002")
        assert_problem(other("POST", "/audit", json={"records": later}), 422, "audit-chain-broken")
    finally:
        other.close()
    broken = audit_chain(1, prev=first[0]["hash"])
    assert_problem(clerk("POST", "/audit", json={"records": broken}), 422, "audit-chain-broken")
    tampered = audit_chain(1, prev=second[-1]["hash"])
    tampered[0]["actor"] = "mallory"
    assert_problem(clerk("POST", "/audit", json={"records": tampered}), 422, "audit-hash-mismatch")
    conflict = {**first[0], "hash": "f" * 64}
    assert_problem(
        clerk("POST", "/audit", json={"records": [conflict]}), 409, "audit-record-conflict"
    )
    assert_problem(
        clerk("POST", "/audit", json={"records": audit_chain(1, window="W9")}),
        403,
        "window-mismatch",
    )
    # a rejected batch stores nothing: the chain still ends where it did
    following = audit_chain(1, prev=second[-1]["hash"])
    assert clerk("POST", "/audit", json={"records": following}).json()["stored"] == 1


def test_a_refusal_names_its_clause_and_for_clause_two_the_body(clerk: Api) -> None:
    """不予受理 rests on 行政许可法 art. 32 ¶1 (1) or (2); (2) must say where to apply."""
    case_id = new_case(clerk, accepted=False)

    def refuse(**fields: Any) -> requests.Response:
        event_id = uuid7()
        body = {**event_body(event_id, "refuse", "refused"), "reason": "不属于本机关职权", **fields}
        return clerk(
            "POST", f"/cases/{case_id}/events", json=body, headers={"Idempotency-Key": event_id}
        )

    for bad in (
        {},  # no clause
        {"refusal_clause": 3},
        {"refusal_clause": "1"},
        {"refusal_clause": True},
        {"refusal_clause": 2},  # where to apply instead?
        {"refusal_clause": 2, "competent_body": "  "},
        {"refusal_clause": 1, "reason": " "},
    ):
        assert_problem(refuse(**bad), 422, "invalid-request")
    assert clerk("GET", f"/cases/{case_id}").json()["stage"] == "applied"
    done = refuse(refusal_clause=2, competent_body="县市场监督管理局")
    assert done.status_code == 201, done.text
    conforms(done.json(), "Event")
    assert clerk("GET", f"/cases/{case_id}").json()["stage"] == "refused"
