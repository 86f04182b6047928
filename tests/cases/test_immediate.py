"""即办件 decided at the window (offline/cases/immediate.py, the `decide` verb): who may, which
cases, what a refusal leaves behind, and the sealed decision read back from its PDF."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from client.accounts import PowerRefused
from client.documents.data import DocumentKind
from main import main
from offline.cases.immediate import ImmediateRefused, can_decide, decide_immediate
from offline.intake.transaction import IntakeService
from offline.storage.store import Store
from tests.accounts.support import CHIEF, CLERK, seat
from tests.documents.support import squeeze, text_of
from tests.factories import FOOD_PERMIT, accept_request, open_service

IMMEDIATE = "SCJG-0101"  # 个体工商户设立登记, an 即办件 in the training catalog


def accepted(service: IntakeService, item: str = IMMEDIATE) -> str:
    return service.submit(accept_request(service.store, item)).case_number


def unchanged(store: Store, number: str) -> None:
    """Nothing of a refused decision was written."""
    with store.read() as conn:
        stage = conn.execute("SELECT stage FROM cases WHERE case_number = ?", (number,))
        assert stage.fetchone()[0] == "accepted"
        assert conn.execute("SELECT count(*) FROM decisions").fetchone()[0] == 0
        decide = conn.execute("SELECT count(*) FROM case_events WHERE kind = 'decide'")
        assert decide.fetchone()[0] == 0
        outbox = conn.execute("SELECT count(*) FROM outbox WHERE payload LIKE '%\"decide\"%'")
        assert outbox.fetchone()[0] == 0
        audit = conn.execute("SELECT count(*) FROM audit_log WHERE action = 'case.decision'")
        assert audit.fetchone()[0] == 0


@pytest.fixture
def service(tmp_path: Path) -> IntakeService:
    return open_service(tmp_path / "profile")


def test_a_clerk_without_the_power_is_refused_by_the_core(service: IntakeService) -> None:
    store = service.store
    seat(store, CLERK)
    number = accepted(service)
    assert "即办权" in can_decide(store, number)
    with pytest.raises(PowerRefused) as refused:
        decide_immediate(store, service.department, number, approved=True)
    assert "王芳" in refused.value.message and "即办权" in refused.value.message
    unchanged(store, number)


def test_only_an_accepted_immediate_item_is_decided_at_the_window(service: IntakeService) -> None:
    store = service.store
    seat(store, CHIEF)
    promised = accepted(service, FOOD_PERMIT)
    assert "承诺件" in can_decide(store, promised)
    with pytest.raises(ImmediateRefused) as refused:
        decide_immediate(store, service.department, promised, approved=True)
    assert "承诺件" in refused.value.message and refused.value.remedy
    unchanged(store, promised)

    number = accepted(service)
    with pytest.raises(ImmediateRefused) as no_reasons:
        decide_immediate(store, service.department, number, approved=False, reasons="  ")
    assert "理由" in no_reasons.value.message
    unchanged(store, number)

    assert can_decide(store, number) == ""
    done = decide_immediate(store, service.department, number, approved=True)
    with pytest.raises(ImmediateRefused) as twice:
        decide_immediate(store, service.department, number, approved=False, reasons="x")
    assert done.document_number in twice.value.message  # 已作出决定（文号）


def test_decision_is_one_transaction_with_its_number_event_and_audit(
    service: IntakeService,
) -> None:
    store = service.store
    seat(store, CHIEF)
    first, second = accepted(service), accepted(service)
    approve = decide_immediate(store, service.department, first, approved=True)
    deny = decide_immediate(
        store, service.department, second, approved=False, reasons="经营场所为住宅，不符合规定"
    )
    window, year = store.window_code, approve.document_number.split("〔")[1][:4]
    assert approve.document_number == f"XZSP即〔{year}〕{window}-0001号"
    assert deny.document_number == f"XZSP即〔{year}〕{window}-0002号"
    with store.read() as conn:
        rows = conn.execute(
            "SELECT c.stage, d.approved, d.reasons, d.handler, d.source, d.legal_basis"
            " FROM cases c JOIN decisions d USING (case_id) WHERE c.case_number = ?",
            (second,),
        ).fetchone()
        ops = [
            json.loads(p)
            for (p,) in conn.execute(
                "SELECT o.payload FROM outbox o JOIN cases c USING (case_id)"
                " WHERE c.case_number = ? AND o.kind = 'event.post' ORDER BY o.seq",
                (second,),
            )
        ]
        audit = conn.execute(
            "SELECT actor, details FROM audit_log WHERE action = 'case.decision' ORDER BY seq"
        ).fetchall()
    assert rows[:5] == ("decided", 0, "经营场所为住宅，不符合规定", "李强", "local")
    assert "促进个体工商户发展条例" in rows[5]  # the item's legal basis
    assert [op["kind"] for op in ops] == ["apply", "accept", "decide"]
    sent = ops[-1]
    assert sent["stage"] == "decided" and sent["actor"] == "李强"
    assert sent["decision"]["document_number"] == deny.document_number
    assert sent["decision"]["approved"] is False and sent["decision"]["reasons"]
    assert [json.loads(d)["document_number"] for _, d in audit] == [
        approve.document_number,
        deny.document_number,
    ]


def cli(profile: Path, *args: str) -> int:
    return main(["--profile", str(profile), *args])


def test_decide_verb_prints_the_sealed_signed_decision(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = tmp_path / "profile"
    service = open_service(profile)  # training: the training certificate signs
    number = accepted(service)
    promised = accepted(service, FOOD_PERMIT)
    service.store.close()
    out = tmp_path / "decision.pdf"

    assert cli(profile, "decide", "--case", number, "--deny") == 2
    assert "理由" in capsys.readouterr().err
    assert cli(profile, "decide", "--case", promised, "--approve") == 2
    assert "承诺件" in capsys.readouterr().err

    assert cli(profile, "decide", "--case", number, "--deny", "--reason", "名称与已登记重复",
               "--out", str(out)) == 0  # fmt: skip
    result = json.loads(capsys.readouterr().out)
    assert result["approved"] is False and result["document"] == str(out)
    text = squeeze(text_of(out))
    assert "不予行政许可决定书" in text and squeeze(result["document_number"]) in text
    assert "名称与已登记重复" in text
    sig = subprocess.run(["pdfsig", str(out)], capture_output=True, text=True, check=False)
    assert "Signature Validation: Signature is Valid." in sig.stdout, sig.stdout + sig.stderr
    assert "Total document signed" in sig.stdout

    assert cli(profile, "case", number, "--json") == 0
    detail = json.loads(capsys.readouterr().out)
    assert detail["stage"] == "decided"
    assert detail["decision"]["document_number"] == result["document_number"]
    assert detail["decision"]["approved"] is False and detail["decision"]["source"] == "local"
    assert [p["kind"] for p in detail["prints"]][-1] == DocumentKind.DENIAL_DECISION.value
    decided = [s for s in detail["timeline"] if s["stage"] == "decided"]
    assert decided[0]["done"] and decided[0]["source"] == "local"
    assert decided[0]["opinion"] == "不予个体工商户设立登记"  # the decision's content


def test_decide_verb_refuses_a_clerk_with_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = tmp_path / "profile"
    service = open_service(profile)
    seat(service.store, CLERK)
    number = accepted(service)
    service.store.close()
    assert cli(profile, "decide", "--case", number, "--approve") == 1
    assert "即办权" in capsys.readouterr().err
    store = open_service(profile).store
    unchanged(store, number)
    store.close()
