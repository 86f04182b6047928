"""The five powers refused to a 窗口工作人员 in the core, not only in the window: each refusal
says why in Chinese and writes nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from client.accounts import Power, PowerRefused, Role
from client.catalog.loading import load_department
from client.documents.data import Decision, DocumentKind
from client.domain import Action, LegalBasis
from client.resources import resource
from offline.accounts.case_powers import answer_supervision, coordinate
from offline.accounts.powers import intake_refusal
from offline.documents.department import store_department
from offline.documents.service import current_operator
from offline.intake.transaction import IntakeService
from offline.storage.profile import open_profile
from offline.storage.store import Store
from tests.accounts.support import CHIEF, CLERK, seat
from tests.factories import accept_request

DEPARTMENT_JSON = json.loads(resource("training", "department.json").read_text(encoding="utf-8"))

DECISION = Decision(
    True,
    "培审批食许〔2026〕201号",
    "准予从事食品销售经营活动",
    (LegalBasis("《中华人民共和国食品安全法》", "第三十五条"),),
    "",
    dt.date.today(),
    "审批科",
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = open_profile(tmp_path / "profile")
    yield store
    store.close()


def counts(store: Store) -> tuple[int, int, int]:
    with store.read() as conn:
        return (
            conn.execute("SELECT count(*) FROM cases").fetchone()[0],
            conn.execute("SELECT count(*) FROM document_prints").fetchone()[0],
            conn.execute("SELECT count(*) FROM audit_log").fetchone()[0],
        )


def accepted_case(store: Store) -> tuple[IntakeService, str]:
    """A case accepted by the chief, its acceptance slip printed; then the clerk sits down."""
    seat(store, CHIEF)
    service = IntakeService(store, load_department())
    number = service.submit(accept_request(store)).case_number
    return service, number


def test_a_clerk_may_accept_and_the_case_names_them(store: Store) -> None:
    seat(store, CLERK)
    result = IntakeService(store, load_department()).submit(accept_request(store))
    with store.read() as conn:
        clerk = conn.execute(
            "SELECT clerk FROM cases WHERE case_number = ?", (result.case_number,)
        ).fetchone()[0]
        actor = conn.execute(
            "SELECT actor FROM audit_log WHERE action = 'intake.accept'"
        ).fetchone()[0]
    assert (clerk, actor) == ("王芳", "clerk")


def test_refusal_needs_the_chief_when_the_department_says_so(store: Store) -> None:
    store.set_setting("rules.refusal_needs_chief", True)  # the training person may manage
    seat(store, CLERK)
    refusal = dataclasses.replace(
        accept_request(store), action=Action.REFUSE, reason="不属于本部门", refusal_clause=1
    )
    before = counts(store)
    service = IntakeService(store, load_department())
    with pytest.raises(PowerRefused, match="不予受理须由首席代表办理"):
        service.submit(refusal)
    assert counts(store) == before
    seat(store, CHIEF)
    assert service.submit(refusal).case_number


def test_the_central_departments_rule_makes_refusals_the_chiefs(store: Store) -> None:
    """A connected window follows the rules of the department the central sent (GET
    /department): with refusal_requires_chief a clerk's 不予受理 is refused in the core."""
    store.set_settings({"central.url": "https://central.example.gov.cn"}, system=True)
    department = {**DEPARTMENT_JSON, "rules": {"refusal_requires_chief": True}}
    store_department(store, department)
    seat(store, CLERK)
    assert "首席代表" in intake_refusal(store, Action.REFUSE)
    assert intake_refusal(store, Action.ACCEPT) == ""
    store_department(store, {**department, "rules": {"refusal_requires_chief": False}})
    assert intake_refusal(store, Action.REFUSE) == ""


def test_without_the_accept_power_nothing_is_accepted(store: Store) -> None:
    admin = dataclasses.replace(
        CLERK,
        username="admin",
        name="陈静",
        roles=frozenset({Role.ADMIN}),
        powers=frozenset({Power.MANAGE}),
    )
    seat(store, admin)
    before = counts(store)
    with pytest.raises(PowerRefused, match="没有受理权"):
        IntakeService(store, load_department()).submit(accept_request(store))
    assert counts(store) == before


def test_immediate_decision_and_seal_need_the_immediate_power(store: Store) -> None:
    service, number = accepted_case(store)
    seat(store, CLERK)
    documents = service.documents
    with pytest.raises(PowerRefused, match=r"没有即办权.*即办决定"):
        documents.record_decision(number, DECISION)
    seat(store, CHIEF)
    documents.record_decision(number, DECISION)
    seat(store, CLERK)
    before = counts(store)
    with pytest.raises(PowerRefused, match=r"没有即办权.*专用章"):
        documents.produce(number, DocumentKind.APPROVAL_DECISION, current_operator(store))
    assert counts(store) == before


def test_reprint_and_void_need_the_manage_power(store: Store) -> None:
    service, number = accepted_case(store)
    documents = service.documents
    first = documents.produce(number, DocumentKind.ACCEPTANCE_NOTICE, current_operator(store))
    seat(store, CLERK)
    clerk = current_operator(store)
    before = counts(store)
    with pytest.raises(PowerRefused, match=r"没有管理权.*补打"):
        documents.produce(number, DocumentKind.ACCEPTANCE_NOTICE, clerk, reprint=True)
    with pytest.raises(PowerRefused, match=r"没有管理权.*作废"):
        documents.void(first.print_id, clerk, "打印错误")
    assert counts(store) == before
    assert documents.produce(number, DocumentKind.ACCEPTANCE_NOTICE, clerk).print_id  # a print
    with store.read() as conn:
        ledger = conn.execute(
            "SELECT operator FROM document_prints ORDER BY rowid DESC LIMIT 1"
        ).fetchone()[0]
        actor = conn.execute(
            "SELECT actor FROM audit_log WHERE action = 'document.print' ORDER BY seq DESC"
        ).fetchone()[0]
    assert (ledger, actor) == ("王芳", "clerk")


def test_window_settings_need_the_manage_power_scanning_does_not(store: Store) -> None:
    seat(store, CLERK)
    with pytest.raises(PowerRefused, match=r"没有管理权.*修改窗口设置"):
        store.set_settings({"window.code": "W09", "scan.dpi": 200})
    assert (store.window_code, store.settings.get("scan.dpi")) == ("PX01", 300)
    store.set_setting("scan.dpi", 200)  # the clerk's own capture preference
    assert store.settings.get("scan.dpi") == 200


def test_supervision_answers_and_coordination_need_their_powers(store: Store) -> None:
    _service, number = accepted_case(store)
    seat(store, CLERK)
    before = counts(store)
    with pytest.raises(PowerRefused, match="没有督办权"):
        answer_supervision(store, number, "已催办，明日办结")
    with pytest.raises(PowerRefused, match="没有协调权"):
        coordinate(store, number, ["卫生健康局"], "请会签")
    assert counts(store) == before
    seat(store, CHIEF)
    answer_supervision(store, number, "已催办，明日办结")
    coordinate(store, number, ["卫生健康局"], "请会签")
    with store.read() as conn:
        actions = conn.execute("SELECT action, actor FROM audit_log").fetchall()
    assert actions[-2:] == [("supervision.answer", "chief"), ("case.coordinate", "chief")]


def test_a_connected_window_with_nobody_logged_in_does_nothing(tmp_path: Path) -> None:
    store = open_profile(tmp_path / "p")
    store.set_setting("central.url", "http://127.0.0.1:9")  # as if connected, nobody seated
    with pytest.raises(PowerRefused, match="无人登录"):
        IntakeService(store, load_department()).submit(accept_request(store))
    store.close()
