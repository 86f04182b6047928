"""督办 through the reference central over real sockets: issued in the back office, pulled by
the changes feed, answered by the chief representative, held by the central; 催办 and the
clock's events (补交材料, pauses, extension) accepted by the contract."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from client.accounts import TRAINING_PERSON, Power, Role
from client.central.api import CentralClient, MemoryTokenStore
from client.domain import Action, IntakeRequest, MaterialSubmission, SupplementLine
from client.time_limits.supervision import PauseKind
from offline.cases.actions import CaseActions
from offline.cases.orders import Answer, OrderError, answer_order, open_orders, send_urge
from offline.documents.service import current_operator
from offline.intake.transaction import IntakeService
from tests.central.server import CentralServer
from tests.factories import FOOD_PERMIT, complete_materials, make_files, person
from tests.sync.support import (
    assert_converged,
    central_rows,
    connected_service,
    engine,
    queue_cases,
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


def test_order_round_trip(central: CentralServer, service: IntakeService, tmp_path: Path) -> None:
    store = service.store
    (case_id,) = queue_cases(service, 1, 0, tmp_path)
    assert engine(store).run_cycle().complete
    office = backoffice(central)
    issued = office.request(
        "POST",
        f"/backoffice/cases/{case_id}/orders",
        json={"deadline": "2026-12-10", "note": "请说明超期原因", "handler": "县监察室"},
    ).json()

    assert engine(store).run_cycle().changes == 1
    (order,) = open_orders(store)
    assert (order.order_id, order.case_id) == (issued["order_id"], case_id)
    assert (order.deadline, order.note, order.issuer) == (
        dt.date(2026, 12, 10),
        "请说明超期原因",
        "县监察室",
    )

    now = dt.datetime.now().astimezone()
    clerk = replace(
        TRAINING_PERSON,
        name="李四",
        roles=frozenset({Role.CLERK}),
        powers=frozenset({Power.ACCEPT}),
    )
    with pytest.raises(OrderError, match="没有督办权"):
        answer_order(store, order.order_id, Answer.EXPLAINED, "原因", clerk, now)
    chief = replace(TRAINING_PERSON, name="陈首席", roles=frozenset({Role.CHIEF}))
    with pytest.raises(OrderError, match="写明情况"):
        answer_order(store, order.order_id, Answer.EXPLAINED, "  ", chief, now)
    answered = answer_order(store, order.order_id, Answer.EXPLAINED, "等待专家评审意见", chief, now)
    assert answered.answer is Answer.EXPLAINED and open_orders(store) == []
    with pytest.raises(OrderError, match="已答复"):
        answer_order(store, order.order_id, Answer.DONE, "再答", chief, now)

    assert engine(store).run_cycle().complete
    held = office.request("GET", f"/backoffice/orders/{order.order_id}").json()
    assert held["answer"]["answer"] == "explained"
    assert held["answer"]["text"] == "等待专家评审意见"
    assert held["answer"]["actor"] == chief.name
    assert_converged(store, central)


def test_malformed_order_is_kept_as_history_not_as_an_order(tmp_path: Path) -> None:
    # Each change is checked on its own: a bad one is kept as a rejected event, no order.
    from offline.sync.changes import apply_change
    from tests.factories import open_service

    service = open_service(tmp_path / "profile")
    (case_id,) = queue_cases(service, 1, 0, tmp_path)
    bad = {"order_id": "not-a-uuid", "deadline": "soon", "note": ""}
    change = {"change_id": 7, "case_id": case_id, "kind": "supervision_order", "order": bad}
    with service.store.write() as db:
        moment = {"at": "2026-12-01T10:00:00+08:00", "handler": "县监察室"}
        assert apply_change(db, change | moment, service.store.window_code) == "rejected"
    assert open_orders(service.store) == []
    kinds = service.store.conn.execute(
        "SELECT kind FROM case_events WHERE source = 'central'"
    ).fetchall()
    assert kinds == [("central.rejected",)]


def test_urge_and_clock_events_reach_the_central(
    central: CentralServer, service: IntakeService, tmp_path: Path
) -> None:
    store = service.store
    item = store.item(FOOD_PERMIT)
    assert item is not None
    (accepted,) = queue_cases(service, 1, 0, tmp_path)
    first = item.materials[0].code
    partial = tuple(
        MaterialSubmission(m.code, original=False, copies=0) if m.code == first else m
        for m in complete_materials(item)
    )
    supplement = service.submit(
        IntakeRequest(
            FOOD_PERMIT,
            person("王五"),
            partial,
            Action.SUPPLEMENT,
            reason="一次性告知",
            supplement=(SupplementLine(first, "申请书", "未提交原件"),),
        )
    )
    number = store.conn.execute(
        "SELECT case_number FROM cases WHERE case_id = ?", (accepted,)
    ).fetchone()[0]
    now = dt.datetime.now().astimezone()
    actions = CaseActions(store)
    scan = make_files(tmp_path / "bz", 1, prefix="bz")[0]
    actions.receive_supplement(
        supplement.case_number, [MaterialSubmission(first, (str(scan),), original=True)]
    )
    actions.start_pause(number, PauseKind.EXPERT_REVIEW, now.date(), "组织专家评审")
    actions.end_pause(number, PauseKind.EXPERT_REVIEW, now.date())
    actions.grant_extension(number, "王局长", "专家意见分歧，需补充论证")
    clerk = current_operator(store)
    send_urge(store, number, "first_review", "已超承诺时限，请尽快初审", clerk, now)

    assert engine(store).run_cycle().complete
    assert_converged(store, central)
    kinds = [
        json.loads(r[0])["kind"]
        for r in central_rows(central, "SELECT response FROM events ORDER BY seq")
    ]
    for kind in ("supplement.received", "pause.start", "pause.end", "extension", "urge"):
        assert kind in kinds
    stage = central_rows(central, "SELECT stage FROM cases WHERE case_id = ?", supplement.case_id)[
        0
    ][0]
    assert stage == "accepted"  # 补交材料 brought it back to 受理 at the central too
    files = central_rows(
        central, "SELECT count(*) FROM materials WHERE case_id = ?", supplement.case_id
    )
    assert files[0][0] == 1


def test_calendar_from_the_central_recomputes_due_dates(
    central: CentralServer, service: IntakeService
) -> None:
    store = service.store
    item = store.item(FOOD_PERMIT)
    assert item is not None
    request = IntakeRequest(FOOD_PERMIT, person("赵六"), complete_materials(item), Action.ACCEPT)
    tz = dt.timezone(dt.timedelta(hours=8))
    late_december = IntakeService(
        store, service.department, clock=lambda: dt.datetime(2026, 12, 30, 10, tzinfo=tz)
    )
    case = late_december.commit(request, item, {})
    # 12-31, then 2027 without a notice: 元旦 (statutory) skipped, 01-04..01-07; provisional.
    assert (case.due_date, case.calendar_complete) == (dt.date(2027, 1, 7), False)

    backoffice(central).request(
        "PUT",
        "/backoffice/calendar/2027",
        json={
            "holidays": ["2027-01-01", "2027-01-02", "2027-01-03", "2027-01-04"],
            "workdays": ["2027-01-09"],
        },
    )
    from offline.accounts.connect import client_for
    from offline.sync.reference_sync import sync_reference

    done = sync_reference(store, client_for(store), today=dt.date(2026, 12, 2))
    assert 2027 in done.calendar_years
    due, complete = store.conn.execute(
        "SELECT due_date, calendar_complete FROM cases WHERE case_id = ?", (case.case_id,)
    ).fetchone()
    assert (due, complete) == ("2027-01-08", 1)
    kind, payload = store.conn.execute(
        "SELECT kind, payload FROM case_events WHERE case_id = ? ORDER BY rowid DESC LIMIT 1",
        (case.case_id,),
    ).fetchone()
    assert kind == "clock.recomputed" and json.loads(payload)["source"] == "central"
