"""Decisions the central's back office makes reach the window as decision records, over real
sockets: the 决定书 prints sealed and signed, redelivery and the window's own decision make no
duplicate, a correction replaces the record, and a malformed decision neither stops the feed
nor is half-applied."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from client.central.api import CentralClient, MemoryTokenStore
from client.documents.data import Decision, DocumentKind
from client.documents.training_seal import TRAINING_PEM, make_training_identity
from client.domain import LegalBasis
from offline.documents.decision_records import record_decision
from offline.documents.service import DocumentService, current_operator
from offline.intake.transaction import IntakeService
from offline.storage.store import Store
from offline.sync.changes import CURSOR_KEY, apply_change, pull_changes
from offline.sync.outbox import set_state
from tests.central.changes import record_change
from tests.central.server import CentralServer
from tests.sync.support import connected_service, engine, queue_cases
from tests.test_cli import run

NUMBER = "示审批食许〔2026〕0042号"
CONTENT = "准予从事食品销售经营活动（预包装食品销售）"
DEPARTMENT = "示范市数据和行政审批局"  # the reference central's default department


@pytest.fixture
def central(tmp_path: Path) -> Iterator[CentralServer]:
    with CentralServer(tmp_path / "central") as server:
        yield server


@pytest.fixture
def service(central: CentralServer, tmp_path: Path) -> IntakeService:
    return connected_service(tmp_path / "profile", central.url)


def reviewer(central: CentralServer) -> CentralClient:
    client = CentralClient(central.url, MemoryTokenStore())
    client.login("reviewer", "reviewer-pass", "BACKOFFICE")
    return client


def decide(central: CentralServer, case_id: str, **decision: Any) -> None:
    """The back office takes the case through 初审 and 复审 to 决定."""
    office = reviewer(central)
    for to in ("first_review", "second_review"):
        step = {"to": to, "handler": "赵敏"}
        answer = office.request("POST", f"/backoffice/cases/{case_id}/advance", json=step)
        assert answer.status_code == 200, answer.text
    body = {"to": "decided", "handler": "赵敏", "decision": decision}
    answer = office.request("POST", f"/backoffice/cases/{case_id}/advance", json=body)
    assert answer.status_code == 200, answer.text


def one_case(service: IntakeService, tmp_path: Path) -> tuple[str, str]:
    (case_id,) = queue_cases(service, 1, 0, tmp_path)
    assert engine(service.store).run_cycle().complete
    number = service.store.conn.execute(
        "SELECT case_number FROM cases WHERE case_id = ?", (case_id,)
    ).fetchone()[0]
    return case_id, str(number)


def rows(store: Store, sql: str, *args: Any) -> list[Any]:
    with store.read() as conn:
        return list(conn.execute(sql, args).fetchall())


def pdftotext(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "read.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return "".join(done.stdout.split())  # lines wrap anywhere in Chinese


def pdfsig(pdf: bytes, pem: Path, tmp_path: Path) -> str:
    """poppler's verdict, the signing certificate trusted through an NSS database of its own."""
    certutil, verifier = shutil.which("certutil"), shutil.which("pdfsig")
    assert certutil and verifier, "apt-get install poppler-utils libnss3-tools"
    nss = tmp_path / "nss"
    nss.mkdir()
    subprocess.run([certutil, "-N", "-d", f"sql:{nss}", "--empty-password"], check=True)
    trust = [certutil, "-A", "-d", f"sql:{nss}", "-n", "seal", "-t", "CT,C,C", "-i", str(pem)]
    subprocess.run(trust, check=True)
    path = tmp_path / "signed.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        [verifier, "-nssdir", f"sql:{nss}", str(path)], capture_output=True, text=True
    )
    return done.stdout + done.stderr


@pytest.mark.slow  # a CLI process, a new RSA key and an NSS database: about 8 s
def test_the_back_offices_decision_becomes_a_record_and_prints_sealed_and_signed(
    central: CentralServer, service: IntakeService, tmp_path: Path
) -> None:
    store = service.store
    case_id, number = one_case(service, tmp_path)
    decide(
        central,
        case_id,
        approved=True,
        document_number=NUMBER,
        content=CONTENT,
        valid_from="2026-12-01",
        valid_until="2031-11-30",
    )
    assert engine(store).run_cycle().changes == 4  # 初审, 复审, 决定 and the decision

    (record,) = rows(
        store,
        "SELECT document_number, content, approved, decided_on, handler, valid_until, source,"
        " legal_basis FROM decisions WHERE case_id = ?",
        case_id,
    )
    assert record[:7] == (NUMBER, CONTENT, 1, record[3], "赵敏", "2031-11-30", "central")
    assert json.loads(record[7])  # the item's legal basis, as the central filled it in
    assert rows(store, "SELECT stage FROM cases WHERE case_id = ?", case_id) == [("decided",)]
    audited = rows(store, "SELECT actor, details FROM audit_log WHERE action = 'case.decision'")
    assert [(a, json.loads(d)["document_number"]) for a, d in audited] == [("赵敏", NUMBER)]

    # Connected, no department certificate yet (a later change adds them): said clearly, and
    # nothing is recorded in the seal ledger.
    out = tmp_path / "decision.pdf"
    cli = ("documents", "--case", number, "--kind", "approval-decision", "--out", str(out))
    refused = run(tmp_path / "profile", *cli)
    assert refused.returncode != 0 and "未配置部门签名证书" in refused.stderr, refused.stderr
    assert rows(store, "SELECT count(*) FROM document_prints WHERE kind = 'approval-decision'") == [
        (0,)
    ]

    # With a certificate (here the training one), the same decision prints sealed and signed.
    keys = tmp_path / "keys"
    identity = make_training_identity(keys, DEPARTMENT, b"test passphrase")
    documents = DocumentService(store, identity=lambda: identity)
    assert DocumentKind.APPROVAL_DECISION in documents.available_kinds(number)
    produced = documents.produce(number, DocumentKind.APPROVAL_DECISION, current_operator(store))
    assert produced.sealed and produced.signed and not produced.reprint
    pdf = store.read_document(produced.path)
    text = pdftotext(pdf, tmp_path)
    for phrase in ("准予行政许可决定书", NUMBER, CONTENT, DEPARTMENT, number):
        assert phrase in text, phrase
    assert "培训县" not in text
    report = pdfsig(pdf, keys / TRAINING_PEM, tmp_path)
    assert "Signature Validation: Signature is Valid." in report, report
    assert "Total document signed" in report, report


def test_a_redelivered_decision_is_not_recorded_twice(
    central: CentralServer, service: IntakeService, tmp_path: Path
) -> None:
    store = service.store
    case_id, _number = one_case(service, tmp_path)
    decide(central, case_id, approved=False, document_number=NUMBER, reasons="场所不符合要求")
    assert engine(store).run_cycle().changes == 4
    with store.write() as db:  # as if the cursor had been lost: the whole feed comes again
        set_state(db.conn, CURSOR_KEY, "")
    again = pull_changes(store, engine(store).client)
    assert (again.applied, again.skipped, again.rejected) == (0, 4, 0)
    assert rows(store, "SELECT count(*), approved FROM decisions") == [(1, 0)]
    assert rows(store, "SELECT count(*) FROM audit_log WHERE action LIKE 'case.decision%'") == [
        (1,)
    ]
    events = rows(store, "SELECT event_id FROM case_events WHERE source = 'central'")
    assert len(events) == len(set(events)) == 4


def test_a_malformed_decision_is_rejected_and_the_feed_goes_on(
    central: CentralServer, service: IntakeService, tmp_path: Path
) -> None:
    store = service.store
    case_id, _number = one_case(service, tmp_path)
    broken = {"approved": True, "document_number": NUMBER, "content": CONTENT, "reasons": ""}
    broken |= {"decided_on": "下周", "handler": "赵敏"}  # not a date
    with central.context.store.write() as conn:  # what a faulty central could send
        record_change(
            conn,
            case_id,
            {"kind": "decision", "at": "2026-12-01T10:00:00+08:00", "handler": "x"}
            | {"decision": broken},
        )
        record_change(
            conn,
            case_id,
            {"kind": "stage", "at": "2026-12-01T10:05:00+08:00", "handler": "赵敏"}
            | {"from_stage": "accepted", "to_stage": "first_review", "note": ""},
        )
    pulled = pull_changes(store, engine(store).client)
    assert (pulled.applied, pulled.rejected) == (1, 1)
    assert rows(store, "SELECT count(*) FROM decisions") == [(0,)]  # nothing of it applied
    assert rows(store, "SELECT stage, central_decision FROM cases") == [("first_review", None)]
    kinds = rows(store, "SELECT kind, payload FROM case_events WHERE source = 'central'")
    assert [k for k, _ in kinds] == ["central.rejected", "central.stage"]
    rejected = json.loads(kinds[0][1])
    assert rejected["kind"] == "decision" and "decided_on" in rejected["problem"]
    # The cursor moved past it: the next round asks for what is new, not for it again.
    assert pull_changes(store, engine(store).client).skipped == 0


def change(case_id: str, change_id: int, **decision: Any) -> dict[str, Any]:
    body = {
        "approved": True,
        "document_number": NUMBER,
        "content": CONTENT,
        "legal_basis": [{"law": "《中华人民共和国食品安全法》", "article": "第三十五条"}],
        "reasons": "",
        "decided_on": "2026-12-01",
        "handler": "赵敏",
        "valid_from": None,
        "valid_until": None,
    } | decision
    return {
        "change_id": change_id,
        "case_id": case_id,
        "kind": "decision",
        "at": "2026-12-01T10:00:00+08:00",
        "handler": "赵敏",
        "decision": body,
    }


def test_the_windows_own_decision_is_kept_and_a_correction_replaces_it(tmp_path: Path) -> None:
    from tests.factories import open_service

    service = open_service(tmp_path / "profile")
    store = service.store
    first, second, third = queue_cases(service, 3, 0, tmp_path)
    basis = (LegalBasis("《中华人民共和国食品安全法》", "第三十五条"),)
    mine = Decision(True, NUMBER, CONTENT, basis, "", dt.date(2026, 12, 1), "李强")
    record_decision(store, first, mine, dt.datetime.now().astimezone())  # 即办 at the window

    def apply(data: dict[str, Any]) -> str:
        with store.write() as db:
            return apply_change(db, data, store.window_code)

    def stage_of(case_id: str) -> str:
        return str(rows(store, "SELECT stage FROM cases WHERE case_id = ?", case_id)[0][0])

    assert apply(change(first, 1)) == "applied"  # the central holds the same 文号: no duplicate
    assert rows(store, "SELECT document_number, source FROM decisions") == [(NUMBER, "local")]
    # The window's 即办决定 was sealed under its own 文号: another one is a conflict, kept as a
    # rejected change, and a back-office stage change does not undo the decision either.
    assert apply(change(first, 2, document_number="示审批食许〔2026〕0099号")) == "rejected"
    assert rows(store, "SELECT document_number, source FROM decisions") == [(NUMBER, "local")]
    back = {"change_id": 3, "case_id": first, "kind": "stage", "at": "2026-12-01T11:00:00+08:00"}
    back |= {"handler": "赵敏", "from_stage": "accepted", "to_stage": "first_review"}
    assert apply(back) == "applied" and stage_of(first) == "decided"

    # A decision of the central's own, corrected by a later one: the record is replaced.
    theirs, corrected = "示审批食许〔2026〕0050号", "示审批食许〔2026〕0051号"
    assert apply(change(second, 4, document_number=theirs)) == "applied"
    assert apply(change(second, 5, document_number=corrected, content="更正：准予")) == "applied"
    assert rows(
        store, "SELECT document_number, content, source FROM decisions WHERE case_id = ?", second
    ) == [(corrected, "更正：准予", "central")]
    (details,) = rows(
        store, "SELECT details FROM audit_log WHERE action = 'case.decision.corrected'"
    )
    assert json.loads(details[0])["replaces"] == theirs
    # Another case's 文号, a refusal without reasons: rejected, the records unchanged.
    assert apply(change(third, 6, document_number=corrected)) == "rejected"
    assert apply(change(third, 7, approved=False, document_number="X-1")) == "rejected"
    assert rows(store, "SELECT count(*) FROM decisions") == [(2,)]
    assert stage_of(third) == "accepted"


def test_a_stage_change_never_reopens_a_case_the_window_closed(tmp_path: Path) -> None:
    from tests.factories import open_service

    service = open_service(tmp_path / "profile")
    store = service.store
    (case_id,) = queue_cases(service, 1, 0, tmp_path)
    with store.write() as db:
        db.conn.execute("UPDATE cases SET stage = 'closed' WHERE case_id = ?", (case_id,))
        late = {"change_id": 1, "case_id": case_id, "kind": "stage", "handler": "赵敏"}
        late |= {"at": "2026-12-01T11:00:00+08:00", "from_stage": "first_review"}
        assert apply_change(db, late | {"to_stage": "second_review"}, store.window_code) == (
            "applied"
        )
    assert rows(store, "SELECT stage FROM cases WHERE case_id = ?", case_id) == [("closed",)]
    (payload,) = rows(store, "SELECT payload FROM case_events WHERE kind = 'central.stage'")
    assert json.loads(payload[0])["kept_stage"] == "closed"  # the change is kept, not applied


@pytest.mark.slow  # a CLI process and an NSS database
def test_the_cli_prints_a_fed_decision_signed_with_the_training_certificate(
    tmp_path: Path,
) -> None:
    from tests.factories import open_service

    profile = tmp_path / "profile"
    service = open_service(profile)
    store = service.store
    (case_id,) = queue_cases(service, 1, 0, tmp_path)
    number = str(
        store.conn.execute(
            "SELECT case_number FROM cases WHERE case_id = ?", (case_id,)
        ).fetchone()[0]
    )
    with store.write() as db:  # what the feed writes (a training profile has no central)
        assert apply_change(db, change(case_id, 1), store.window_code) == "applied"
    store.close()
    out = tmp_path / "decision.pdf"
    done = run(
        profile, "documents", "--case", number, "--kind", "approval-decision", "--out", str(out)
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["signed"] is True
    pdf = out.read_bytes()
    text = pdftotext(pdf, tmp_path)
    unmarked = text.translate(str.maketrans("", "", "培训样本"))  # the 培训样本 watermark
    for phrase in ("准予行政许可决定书", NUMBER, CONTENT):
        assert phrase in unmarked, phrase
    report = pdfsig(pdf, profile / "keys" / TRAINING_PEM, tmp_path)
    assert "Signature Validation: Signature is Valid." in report, report
