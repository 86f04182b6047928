"""Registering and deciding cases through the service the window and the CLI share."""

from __future__ import annotations

import dataclasses
import json
import subprocess
from pathlib import Path

import pytest

from client.domain import Action, MaterialSubmission, Stage, SupplementLine
from offline.intake.transaction import IntakeRejected
from offline.storage import audit
from tests.factories import (
    FOOD_PERMIT,
    accept_request,
    make_files,
    open_service,
    person,
    resident_id,
)

COUNTED_TABLES = (
    "cases",
    "parties",
    "materials",
    "material_files",
    "case_events",
    "outbox",
    "audit_log",
    "supplement_lines",
    "case_number_sequences",
)


def counts(service) -> dict[str, int]:  # type: ignore[no-untyped-def]
    conn = service.store.conn
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED_TABLES}


def test_accept_writes_case_outbox_audit_and_slip_together(tmp_path: Path) -> None:
    service = open_service(tmp_path / "profile")
    store = service.store
    files = make_files(tmp_path / "in", 3)
    request = accept_request(
        store, **{f"{FOOD_PERMIT}-M01": files[:2], f"{FOOD_PERMIT}-M03": files[2:]}
    )
    result = service.submit(request)

    assert result.stage is Stage.ACCEPTED
    assert result.case_number.startswith("PX01-")
    assert result.due_date is not None
    conn = store.conn
    case = conn.execute(
        "SELECT case_number, stage, item_code, training FROM cases WHERE case_id = ?",
        (result.case_id,),
    ).fetchone()
    assert case == (result.case_number, "accepted", FOOD_PERMIT, 1)
    kinds = [k for (k,) in conn.execute("SELECT kind FROM outbox ORDER BY seq")]
    assert kinds == [
        "case.put",
        "material.upload",
        "material.upload",
        "material.upload",
        "event.post",
        "event.post",
    ]
    events = [k for (k,) in conn.execute("SELECT kind FROM case_events ORDER BY rowid")]
    assert events == ["apply", "accept"]
    shas = [s for (s,) in conn.execute("SELECT sha256 FROM material_files ORDER BY position")]
    assert all(store.files.verify(s) for s in shas)
    actions = conn.execute(
        "SELECT action, case_id FROM audit_log ORDER BY seq DESC LIMIT 2"
    ).fetchall()
    # The case's own record, then the slip's print (the print ledger's audit record).
    assert actions == [("document.print", result.case_id), ("intake.accept", result.case_id)]
    ledger = conn.execute("SELECT kind, action, sealed FROM document_prints").fetchall()
    assert ledger == [("acceptance-slip", "print", 1)]  # sealed: 行政许可法 art. 32 ¶2
    assert audit.verify_chain(store.conn) == []
    assert "张三".encode() not in result.documents[0].read_bytes()  # encrypted at rest
    slip = tmp_path / "slip.pdf"
    slip.write_bytes(service.store.read_document(result.documents[0]))
    text = subprocess.run(
        ["pdftotext", str(slip), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert result.case_number in text and "张三" in text


def test_rejected_request_writes_nothing(tmp_path: Path) -> None:
    service = open_service(tmp_path / "profile")
    before = counts(service)
    good = accept_request(service.store)
    bad_requests = [
        dataclasses.replace(good, applicant=person(id_number="110105194912310021")),  # checksum
        dataclasses.replace(good, applicant=person(name="  ")),
        dataclasses.replace(good, applicant=person(phone="1381234")),
        dataclasses.replace(good, item_code="NOPE-0001"),
        dataclasses.replace(good, materials=good.materials[1:]),  # a required material missing
        dataclasses.replace(
            good,
            materials=(
                dataclasses.replace(good.materials[0], files=(str(tmp_path / "missing.jpg"),)),
                *good.materials[1:],
            ),
        ),
        dataclasses.replace(good, action=Action.REFUSE, reason=""),
        dataclasses.replace(good, action=Action.SUPPLEMENT, reason="请补正", supplement=()),
    ]
    for request in bad_requests:
        with pytest.raises(IntakeRejected) as caught:
            service.submit(request)
        assert caught.value.problems
        assert all(
            any("\u4e00" <= ch <= "\u9fff" for ch in p.message) for p in caught.value.problems
        )
    assert counts(service) == before
    assert service.store.files.all_blobs() == []


def test_supplement_records_every_missing_material(tmp_path: Path) -> None:
    service = open_service(tmp_path / "profile")
    good = accept_request(service.store)
    partial = tuple(
        dataclasses.replace(m, original=False, copies=0) if i < 2 else m
        for i, m in enumerate(good.materials)
    )
    lines = (
        SupplementLine(partial[0].code, "申请书", "未提交原件"),
        SupplementLine(partial[1].code, "营业执照", "复印件不清晰"),
    )
    result = service.submit(
        dataclasses.replace(
            good, materials=partial, action=Action.SUPPLEMENT, reason="一次性告知", supplement=lines
        )
    )
    assert result.stage is Stage.SUPPLEMENT_REQUESTED and result.documents == ()
    conn = service.store.conn
    stored = conn.execute("SELECT code, reason FROM supplement_lines ORDER BY position").fetchall()
    assert stored == [(line.code, line.reason) for line in lines]
    payload = json.loads(
        conn.execute(
            "SELECT payload FROM outbox WHERE kind = 'event.post' ORDER BY seq DESC"
        ).fetchone()[0]
    )
    assert payload["kind"] == "supplement" and len(payload["supplement"]) == 2


def test_refusal_keeps_its_reason(tmp_path: Path) -> None:
    service = open_service(tmp_path / "profile")
    good = accept_request(service.store)
    result = service.submit(
        dataclasses.replace(
            good,
            action=Action.REFUSE,
            reason="申请事项不属于本机关职权范围",
            refusal_clause=2,
            competent_body="培训县市场监督管理局",
        )
    )
    assert result.stage is Stage.REFUSED
    reason = service.store.conn.execute("SELECT reason FROM cases").fetchone()[0]
    assert reason == "申请事项不属于本机关职权范围"


def test_failure_inside_the_transaction_rolls_back_everything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = open_service(tmp_path / "profile")
    before = counts(service)

    def broken(*args: object, **kwargs: object) -> str:
        raise OSError("disk went away")

    monkeypatch.setattr(audit, "append", broken)
    with pytest.raises(OSError):
        service.submit(accept_request(service.store))
    monkeypatch.undo()
    assert counts(service) == before
    # The next case gets the first number: the rolled-back one was never issued to anyone.
    result = service.submit(accept_request(service.store))
    assert result.case_number.endswith("-0001")


def test_agent_and_immediate_item(tmp_path: Path) -> None:
    service = open_service(tmp_path / "profile")
    request = accept_request(service.store, "SCJG-0101")  # 个体工商户设立登记, 即办件
    agent = person(name="李四", id_number=resident_id("33010219900101123"), phone="0571-87654321")
    request = dataclasses.replace(request, agent=agent)
    result = service.submit(request)
    assert result.due_date is not None
    created = service.store.conn.execute("SELECT accepted_on FROM cases").fetchone()[0]
    assert result.due_date.isoformat() == created  # 当场办结
    roles = service.store.conn.execute("SELECT role, phone FROM parties ORDER BY role").fetchall()
    assert roles == [("agent", "0571-87654321"), ("applicant", "13812345678")]


def test_unknown_material_code_is_refused(tmp_path: Path) -> None:
    service = open_service(tmp_path / "profile")
    good = accept_request(service.store)
    bad = dataclasses.replace(
        good, materials=(*good.materials, MaterialSubmission("XX-01", original=True))
    )
    with pytest.raises(IntakeRejected, match="没有此材料"):
        service.submit(bad)


def test_slip_failure_after_commit_still_reports_the_saved_case(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A case that committed must never look unsaved, or it gets registered twice."""
    service = open_service(tmp_path / "profile")

    def broken(case_number: str) -> Path:
        raise OSError("printer spool full")

    monkeypatch.setattr(service, "render_slip", broken)
    result = service.submit(accept_request(service.store))
    assert result.documents == () and "受理回执生成失败" in result.document_error
    stored = service.store.conn.execute("SELECT case_number FROM cases").fetchall()
    assert stored == [(result.case_number,)]


def test_the_save_checks_files_against_the_windows_page_limit(tmp_path: Path) -> None:
    from tests.capture.sample_files import many_pages_pdf

    service = open_service(tmp_path / "profile")
    service.store.set_setting("materials.max_pages", 2)
    scan = tmp_path / "licence.pdf"
    scan.write_bytes(many_pages_pdf(3))
    before = counts(service)
    with pytest.raises(IntakeRejected, match="PDF 有 3 页，超过上限 2 页"):
        service.submit(accept_request(service.store, **{f"{FOOD_PERMIT}-M01": [scan]}))
    assert counts(service) == before
