"""出证 at the reference central: `certify` only for a decided case, its handover stored and
the case closed (办结); refused with problem+json otherwise, and replayed exactly once."""

from __future__ import annotations

from typing import Any

from client.generated_ids import uuid7
from tests.api.support import (  # noqa: F401 (fixtures)
    Api,
    assert_problem,
    central,
    clerk,
    conforms,
    make_central,
    new_case,
    reviewer,
)


def certify(case_id: str, handover: dict[str, Any] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "event_id": uuid7(),
        "kind": "certify",
        "stage": "closed",
        "occurred_at": "2026-11-30T10:00:00.000+08:00",
        "actor": "clerk",
        "note": "直接送达，申请人张三本人领取",
    }
    if handover is not None:
        body["handover"] = handover
    return body


def in_person(**changes: Any) -> dict[str, Any]:
    handover = {
        "method": "in_person",
        "delivered": "准予行政许可决定书（培市监准字〔2026〕第0001号）",
        "handed_over_at": "2026-11-30T10:00:00.000+08:00",
        "recorded_by": "王窗口",
        "collector": {
            "role": "applicant",
            "name": "张三",
            "id_type": "resident_id",
            "id_number": "11010519491231002X",
        },
    }
    return handover | changes


def post(api: Api, case_id: str, body: dict[str, Any]) -> Any:
    return api(
        "POST",
        f"/cases/{case_id}/events",
        json=body,
        headers={"Idempotency-Key": body["event_id"]},
    )


def decide(reviewer: Api, case_id: str) -> None:  # noqa: F811
    path = f"/backoffice/cases/{case_id}/advance"
    for to in ("first_review", "second_review"):
        assert reviewer("POST", path, json={"to": to, "handler": "李四"}).status_code == 200
    decision = {"approved": True, "content": "准予。", "reasons": ""}
    r = reviewer("POST", path, json={"to": "decided", "handler": "王五", "decision": decision})
    assert r.status_code == 200, r.text


def test_certify_closes_a_decided_case_once(clerk: Api, reviewer: Api) -> None:  # noqa: F811
    case_id = new_case(clerk)
    early = certify(case_id, in_person())
    body = assert_problem(post(clerk, case_id, early), 409, "case-not-decided")
    assert "accepted" in body["detail"]
    assert clerk("GET", f"/cases/{case_id}").json()["stage"] == "accepted"

    decide(reviewer, case_id)
    r = post(clerk, case_id, early)  # the same event, now that the case is decided
    assert r.status_code == 201, r.text
    conforms(r.json(), "Event")
    again = post(clerk, case_id, early)
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    case = clerk("GET", f"/cases/{case_id}").json()
    conforms(case, "Case")
    assert case["stage"] == "closed"
    assert case["handover"]["collector"]["name"] == "张三"
    assert [e["kind"] for e in case["events"]].count("certify") == 1

    second = certify(case_id, in_person())
    assert_problem(post(clerk, case_id, second), 409, "case-already-closed")


def test_certify_needs_a_complete_handover(clerk: Api, reviewer: Api) -> None:  # noqa: F811
    case_id = new_case(clerk)
    decide(reviewer, case_id)
    agent = in_person(collector={**in_person()["collector"], "role": "agent", "name": "李四"})
    mail = {
        "method": "mail",
        "delivered": "准予行政许可决定书",
        "handed_over_at": "2026-11-30T10:00:00.000+08:00",
        "recorded_by": "王窗口",
    }
    for handover in (
        None,
        agent,
        mail,
        mail | {"mail": {"address": "北京市", "carrier": "EMS", "waybill": "no spaces!"}},
    ):
        assert_problem(post(clerk, case_id, certify(case_id, handover)), 422, "invalid-request")
    assert clerk("GET", f"/cases/{case_id}").json()["stage"] == "decided"

    by_post = mail | {
        "mail": {
            "address": "北京市东城区东长安街1号",
            "carrier": "中国邮政 EMS",
            "waybill": "EA123456789CN",
        }
    }
    assert post(clerk, case_id, certify(case_id, by_post)).status_code == 201
    case = clerk("GET", f"/cases/{case_id}").json()
    conforms(case, "Case")
    assert case["stage"] == "closed" and case["handover"]["mail"]["waybill"] == "EA123456789CN"
