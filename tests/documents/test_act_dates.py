"""Through the document service on a real profile: every document carries its act's date, a
补打 days later too; who may produce the sealed documents (core, not buttons); a refusal by
项 is stored, queued for the central and printed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from client.accounts import Person, Power, PowerRefused, Role
from client.catalog.loading import load_department
from client.documents.data import Decision, DocumentKind
from client.domain import Action, LegalBasis
from offline.documents.law import act_date
from offline.documents.service import current_operator
from offline.intake.transaction import IntakeRejected, IntakeService
from offline.storage.profile import open_profile
from offline.storage.store import Store
from tests.accounts.support import CHIEF, CLERK, seat
from tests.factories import accept_request

ADMIN = Person(
    id="c3",
    username="admin",
    name="赵管理",
    department_code="XZSP",
    department_name="培训县行政审批局",
    roles=frozenset({Role.ADMIN}),
    powers=frozenset({Power.MANAGE}),
)
DAY = dt.date(2026, 3, 2)  # a Monday


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour)).astimezone()


@pytest.fixture
def service(tmp_path: Path) -> Iterator[IntakeService]:
    store = open_profile(tmp_path / "profile")
    seat(store, CHIEF)
    service = IntakeService(store, load_department())
    service.clock = lambda: at(DAY)
    service.documents.clock = service.clock
    yield service
    store.close()


def text_of(store: Store, path: Path, tmp_path: Path) -> str:
    """In content-stream order (-raw): the training stamps do not cut into the text."""
    pdf = tmp_path / f"{path.stem}.pdf"
    pdf.write_bytes(store.read_document(path))  # encrypted at rest
    done = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.replace(" ", "")


def later(service: IntakeService, days: int) -> None:
    service.documents.clock = lambda: at(DAY + dt.timedelta(days=days), 15)


def test_a_reprint_days_later_keeps_the_acts_date(service: IntakeService, tmp_path: Path) -> None:
    store, documents = service.store, service.documents
    number = service.submit(accept_request(store)).case_number
    later(service, 8)  # not the due date (3月9日), which the notice prints too
    first = documents.produce(number, DocumentKind.ACCEPTANCE_NOTICE, current_operator(store))
    later(service, 15)
    again = documents.produce(
        number, DocumentKind.ACCEPTANCE_NOTICE, current_operator(store), reprint=True
    )
    for produced, mark in ((first, False), (again, True)):
        text = text_of(store, produced.path, tmp_path)
        assert "2026年3月2日" in text  # 受理之日, the notice's date
        assert "2026年3月10日" not in text and "2026年3月17日" not in text
        assert ("补打" in text) is mark
        assert produced.sealed

    decided = DAY + dt.timedelta(days=3)
    basis = (LegalBasis("《中华人民共和国食品安全法》", "第三十五条"),)
    decision = Decision(True, "培审批食许〔2026〕9号", "准予", basis, "", decided, "陈静")
    documents.record_decision(number, decision)
    receipt = documents.produce(
        number, DocumentKind.DELIVERY_RECEIPT, current_operator(store), reprint=True
    )
    text = text_of(store, receipt.path, tmp_path)
    assert "成文日期：2026年3月5日" in text and "2026年3月16日" not in text
    assert not receipt.sealed  # a form, not a sealed notice
    for kind in (DocumentKind.APPROVAL_DECISION, DocumentKind.DELIVERY_RECEIPT):
        assert documents.case_document(number, kind).issued_on == decided


def test_sealed_documents_need_their_power_in_the_core(service: IntakeService) -> None:
    store, documents = service.store, service.documents
    number = service.submit(accept_request(store)).case_number
    basis = (LegalBasis("《中华人民共和国食品安全法》", "第三十五条"),)
    documents.record_decision(
        number, Decision(True, "培审批食许〔2026〕8号", "准予", basis, "", DAY, "陈静")
    )

    def prints() -> int:
        with store.read() as conn:
            return int(conn.execute("SELECT count(*) FROM document_prints").fetchone()[0])

    before = prints()
    seat(store, ADMIN)  # may manage, has no 受理权: may not issue an art. 32 notice
    with pytest.raises(PowerRefused, match=r"没有受理权.*专用章.*受理通知书"):
        documents.produce(number, DocumentKind.ACCEPTANCE_NOTICE, current_operator(store))
    seat(store, CLERK)  # 受理权, no 即办权: the notice yes, sealed; the decision no
    with pytest.raises(PowerRefused, match=r"没有即办权.*专用章.*准予行政许可决定书"):
        documents.produce(number, DocumentKind.APPROVAL_DECISION, current_operator(store))
    assert prints() == before
    notice = documents.produce(number, DocumentKind.ACCEPTANCE_NOTICE, current_operator(store))
    assert notice.sealed
    with store.read() as conn:
        row = conn.execute(
            "SELECT sealed, operator FROM document_prints WHERE print_id = ?", (notice.print_id,)
        ).fetchone()
    assert tuple(row) == (1, CLERK.name)  # the seal-use ledger names who sealed


def test_a_refusal_by_clause_two_is_stored_sent_and_printed(
    service: IntakeService, tmp_path: Path
) -> None:
    store = service.store
    good = accept_request(store)
    refusal = dataclasses.replace(
        good, action=Action.REFUSE, reason="小型餐饮登记由市场监管所办理", refusal_clause=2
    )
    with pytest.raises(IntakeRejected) as caught:
        service.submit(refusal)  # 项(二) without the competent body
    assert [p.field for p in caught.value.problems] == ["competent_body"]
    with pytest.raises(IntakeRejected) as caught:
        service.submit(dataclasses.replace(refusal, refusal_clause=0))
    assert "第（一）项" in caught.value.problems[0].message
    with store.read() as conn:
        assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 0

    body = "培训县市场监督管理局城关市场监督管理所"
    result = service.submit(dataclasses.replace(refusal, competent_body=f" {body} "))
    with store.read() as conn:
        stored = conn.execute("SELECT refusal_clause, competent_body FROM cases").fetchone()
        payloads = [
            json.loads(p)
            for (p,) in conn.execute("SELECT payload FROM outbox WHERE kind = 'event.post'")
        ]
    assert tuple(stored) == (2, body)
    refuse = next(p for p in payloads if p["kind"] == "refuse")
    assert (refuse["refusal_clause"], refuse["competent_body"]) == (2, body)
    notice = service.documents.produce(
        result.case_number, DocumentKind.REFUSAL_NOTICE, current_operator(store)
    )
    text = text_of(store, notice.path, tmp_path).replace("\n", "")
    assert "第三十二条第一款第（二）项" in text
    assert f"请你向{body}提出申请" in text  # a person: 你
    assert "你（单位）" not in text and notice.sealed


def test_a_case_accepted_after_its_supplement_is_dated_by_its_acceptance() -> None:
    supplemented, accepted = DAY, DAY + dt.timedelta(days=4)
    for kind in (DocumentKind.ACCEPTANCE_NOTICE, DocumentKind.ACCEPTANCE_SLIP):
        assert act_date(kind, supplemented, accepted, None, None) == accepted
        assert act_date(kind, supplemented, None, None, None) == supplemented
    assert act_date(DocumentKind.SUPPLEMENT_NOTICE, supplemented, accepted, None, None) == DAY
