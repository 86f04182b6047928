"""The `decide` event on the reference central: an 即办 decision made at the window is stored
on the case; a case that is not accepted, an item the back office decides, a 不予 without
reasons or a reused 文号 is refused with problem+json and leaves the key unused."""

from __future__ import annotations

from typing import Any

from client.generated_ids import uuid7
from tests.api.support import (  # the same logged-in session and bodies
    Api,
    assert_problem,
    case_body,
    central,
    clerk,
    conforms,
    make_central,
    new_case,
)
from tests.factories import FOOD_PERMIT

__all__ = ["central", "clerk", "make_central"]  # fixtures used by name


def decision(number: str = "XZSP即〔2026〕W001-0001号", approved: bool = True) -> dict[str, Any]:
    return {
        "approved": approved,
        "document_number": number,
        "content": "准予个体工商户设立登记",
        "legal_basis": [{"law": "《促进个体工商户发展条例》", "article": "第二条"}],
        "reasons": "" if approved else "经营场所不符合规定",
        "decided_on": "2026-11-22",
        "handler": "李强",
        "valid_from": None,
        "valid_until": None,
    }


def decide(api: Api, case_id: str, body: dict[str, Any] | None = None) -> Any:
    event_id = uuid7()
    event = {
        "event_id": event_id,
        "kind": "decide",
        "stage": "decided",
        "occurred_at": "2026-11-22T09:20:00.000+08:00",
        "actor": "李强",
        "decision": body if body is not None else decision(),
    }
    return api(
        "POST", f"/cases/{case_id}/events", json=event, headers={"Idempotency-Key": event_id}
    )


def test_decide_stores_the_decision_and_moves_the_case_to_decided(clerk: Api) -> None:
    case_id = new_case(clerk)
    r = decide(clerk, case_id)
    assert r.status_code == 201, r.text
    case = clerk("GET", f"/cases/{case_id}").json()
    conforms(case, "Case")
    assert case["stage"] == "decided"
    assert case["decision"] == decision()
    assert [e["kind"] for e in case["events"]] == ["accept", "decide"]


def test_decide_refusals_leave_the_case_as_it_was(clerk: Api) -> None:
    applied = new_case(clerk, accepted=False)
    assert_problem(decide(clerk, applied), 409, "invalid-transition")

    promised = uuid7()
    body = case_body(promised, number=promised) | {"item_code": FOOD_PERMIT}
    assert clerk("PUT", f"/cases/{promised}", json=body).status_code == 201
    accepted = uuid7()
    accept = {
        "event_id": accepted,
        "kind": "accept",
        "stage": "accepted",
        "occurred_at": "2026-11-22T09:16:00.000+08:00",
        "actor": "clerk",
    }
    headers = {"Idempotency-Key": accepted}
    assert clerk("POST", f"/cases/{promised}/events", json=accept, headers=headers).ok
    assert_problem(decide(clerk, promised), 409, "not-immediate")

    immediate = new_case(clerk)
    no_reasons = decision(approved=False) | {"reasons": "  "}
    assert_problem(decide(clerk, immediate, no_reasons), 422, "invalid-request")
    for case_id in (applied, promised, immediate):
        case = clerk("GET", f"/cases/{case_id}").json()
        assert case["decision"] is None and case["stage"] in ("applied", "accepted")

    assert decide(clerk, immediate).status_code == 201
    other = new_case(clerk)
    assert_problem(decide(clerk, other), 409, "document-number-taken")


def test_a_refused_decide_can_be_sent_again_under_the_same_key(clerk: Api) -> None:
    """The key of a refused event is not kept: once the case is accepted it goes through."""
    case_id = new_case(clerk, accepted=False)
    event_id = uuid7()
    event = {
        "event_id": event_id,
        "kind": "decide",
        "stage": "decided",
        "occurred_at": "2026-11-22T09:20:00.000+08:00",
        "actor": "李强",
        "decision": decision("XZSP即〔2026〕W001-0009号"),
    }
    headers = {"Idempotency-Key": event_id}
    first = clerk("POST", f"/cases/{case_id}/events", json=event, headers=headers)
    assert_problem(first, 409, "invalid-transition")
    accept_id = uuid7()
    accept = {
        "event_id": accept_id,
        "kind": "accept",
        "stage": "accepted",
        "occurred_at": "2026-11-22T09:16:00.000+08:00",
        "actor": "clerk",
    }
    assert clerk(
        "POST", f"/cases/{case_id}/events", json=accept, headers={"Idempotency-Key": accept_id}
    ).ok
    again = clerk("POST", f"/cases/{case_id}/events", json=event, headers=headers)
    assert again.status_code == 201, again.text
    assert clerk("GET", f"/cases/{case_id}").json()["stage"] == "decided"
