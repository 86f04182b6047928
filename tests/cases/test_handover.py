"""出证/送达/办结 in the core: who may collect, by post, once only, and the 送达回证 that says how.

A refused handover leaves the case as it was: no handover row, no event, no outbox operation,
the stage unchanged."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from client.capture.safety import Rejected
from client.closing.handover import ByPost, HandoverRefused, InPerson
from client.documents.data import Decision, DocumentKind
from client.domain import ApplicantKind, IdType, Party
from offline.cases.clock import light_of
from offline.cases.handover import HandoverService, handover_of
from offline.intake.transaction import IntakeService
from tests.factories import VALID_ID, accept_request, make_files, open_service, resident_id

AGENT_ID = resident_id("11010119700101001")
ENTERPRISE = Party(
    ApplicantKind.ENTERPRISE,
    "培训县好味道餐饮有限公司",
    IdType.USCC,
    "91350100M000100Y43",
    "13812345678",
    "培训县人民路88号",
    legal_representative="王建华",
)


def decided_case(service: IntakeService, applicant: Party | None = None) -> str:
    """An accepted case with the back office's decision recorded (as the changes feed will)."""
    request = accept_request(service.store)
    if applicant is not None:
        request = replace(request, applicant=applicant)
    number = service.submit(request).case_number
    decision = Decision(
        approved=True,
        document_number=f"培审准字〔2026〕第{number[-4:]}号",
        content="准予食品经营许可。",
        legal_basis=(),
        reasons="",
        decided_on=dt.date.today(),
        handler="审批员",
    )
    service.documents.record_decision(number, decision, source="central")
    return number


def snapshot(service: IntakeService, number: str) -> tuple[object, ...]:
    with service.store.read() as conn:
        return (
            conn.execute("SELECT stage FROM cases WHERE case_number = ?", (number,)).fetchone(),
            conn.execute("SELECT count(*) FROM case_handovers").fetchone(),
            conn.execute("SELECT count(*) FROM case_events").fetchone(),
            conn.execute("SELECT count(*) FROM outbox").fetchone(),
            conn.execute("SELECT count(*) FROM material_files").fetchone(),
        )


def receipt_text(service: IntakeService, number: str, tmp_path: Path) -> str:
    produced = service.documents.produce(
        number, DocumentKind.DELIVERY_RECEIPT, service.store.person
    )
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(service.store.read_document(produced.path))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    return "".join(text.split())  # the table wraps long cells


@pytest.fixture
def service(tmp_path: Path) -> IntakeService:
    return open_service(tmp_path / "profile")


def test_the_applicant_collects_and_the_case_is_closed(
    service: IntakeService, tmp_path: Path
) -> None:
    number = decided_case(service)
    # Collected two months after the decision, long past the promised due date.
    later = dt.datetime.now().astimezone() + dt.timedelta(days=60)
    handovers = HandoverService(service.store, clock=lambda: later)
    handover = handovers.hand_over(number, InPerson(f" {VALID_ID.lower()} "))
    assert handover.collector_name == "张三" and handover.collector_role == "applicant"
    assert handover.collector_id_masked != VALID_ID  # never shown in full
    with service.store.read() as conn:
        stage = conn.execute("SELECT stage FROM cases WHERE case_number = ?", (number,)).fetchone()
        kinds = [r[0] for r in conn.execute("SELECT kind FROM case_events")]
        audit = conn.execute(
            "SELECT actor, details FROM audit_log WHERE action = 'case.handover'"
        ).fetchone()
    assert stage[0] == "closed" and "certify" in kinds
    assert VALID_ID not in audit[1]  # the audit log keeps the ID masked
    text = receipt_text(service, number, tmp_path)
    assert "直接送达，申请人张三本人领取" in text
    assert "准予行政许可决定书（培审准字〔2026〕第0001号）" in text
    # The clock stopped on the day of the decision (in time), not of the late collection.
    light = light_of(service.store, handover.case_id, later.date())
    assert light is not None and light.remaining == 0


def test_a_wrong_id_is_refused_and_nothing_changes(service: IntakeService) -> None:
    number = decided_case(service)
    before = snapshot(service, number)
    with pytest.raises(HandoverRefused) as refused:
        HandoverService(service.store).hand_over(number, InPerson(AGENT_ID))
    assert "与申请人张三的证件号码不符" in refused.value.message
    assert "授权委托书" in refused.value.remedy
    assert snapshot(service, number) == before


def test_a_case_not_decided_cannot_be_handed_over(service: IntakeService) -> None:
    number = service.submit(accept_request(service.store)).case_number
    before = snapshot(service, number)
    with pytest.raises(HandoverRefused, match="尚未作出审批决定（当前环节：受理）"):
        HandoverService(service.store).hand_over(number, InPerson(VALID_ID))
    assert snapshot(service, number) == before


def test_a_second_handover_is_refused(service: IntakeService) -> None:
    number = decided_case(service)
    handovers = HandoverService(service.store)
    handovers.hand_over(number, InPerson(VALID_ID))
    before = snapshot(service, number)
    with pytest.raises(HandoverRefused, match="不能重复出证"):
        handovers.hand_over(
            number, ByPost("北京市东城区东长安街1号", "中国邮政 EMS", "EA1234567CN")
        )
    assert snapshot(service, number) == before


def test_an_agent_needs_a_valid_id_and_the_authorization(
    service: IntakeService, tmp_path: Path
) -> None:
    number = decided_case(service)
    handovers = HandoverService(service.store)
    before = snapshot(service, number)
    with pytest.raises(HandoverRefused, match="代理人领取须提交申请人的授权委托书"):
        handovers.hand_over(number, InPerson(AGENT_ID, agent_name="李秀英"))
    letter = make_files(tmp_path / "letters", 1, prefix="weituoshu")[0]
    with pytest.raises(HandoverRefused, match="领取人证件号码有误"):
        handovers.hand_over(
            number, InPerson(AGENT_ID[:-1] + "0", agent_name="李秀英", authorization=letter)
        )
    not_a_scan = tmp_path / "letter.txt"
    not_a_scan.write_text("我委托李秀英代为领取。", encoding="utf-8")
    with pytest.raises(Rejected, match=r"letter\.txt"):  # the import's own check, in Chinese
        handovers.hand_over(
            number, InPerson(AGENT_ID, agent_name="李秀英", authorization=not_a_scan)
        )
    assert snapshot(service, number) == before

    handover = handovers.hand_over(
        number, InPerson(AGENT_ID, agent_name="李秀英", authorization=letter)
    )
    assert handover.collector_role == "agent" and handover.authorization_file_id
    with service.store.read() as conn:
        sha, code = conn.execute(
            "SELECT sha256, material_code FROM material_files WHERE file_id = ?",
            (handover.authorization_file_id,),
        ).fetchone()
        ops = [r[0] for r in conn.execute("SELECT kind FROM outbox ORDER BY seq")][-2:]
    assert code == "handover.authorization"
    assert service.store.files.read_bytes(sha) == letter.read_bytes()
    assert letter.read_bytes() not in service.store.files.path_of(sha).read_bytes()  # encrypted
    assert ops == ["material.upload", "event.post"]  # the proof reaches the central first


def test_an_enterprise_is_collected_by_its_legal_representative(service: IntakeService) -> None:
    number = decided_case(service, ENTERPRISE)
    handovers = HandoverService(service.store)
    with pytest.raises(HandoverRefused, match="法定代表人或持授权委托书的代理人"):
        handovers.hand_over(number, InPerson(VALID_ID))
    handover = handovers.hand_over(number, InPerson(VALID_ID, legal_representative=True))
    assert handover.collector_name == "王建华"
    assert handover.delivery_method == "直接送达，法定代表人王建华领取"


def test_by_post_with_address_carrier_and_waybill(service: IntakeService, tmp_path: Path) -> None:
    number = decided_case(service)
    handovers = HandoverService(service.store)
    before = snapshot(service, number)
    for bad, words in (
        (ByPost("北京", "EMS", "EA123456789CN"), "邮寄地址"),
        (ByPost("北京市东城区东长安街1号", " ", "EA123456789CN"), "快递或邮政企业"),
        (ByPost("北京市东城区东长安街1号", "EMS", "EA 12"), "运单号“EA 12”有误"),
        (ByPost("北京市东城区东长安街1号", "EMS", "顺丰123456"), "运单号"),
    ):
        with pytest.raises(HandoverRefused, match=words):
            handovers.hand_over(number, bad)
    assert snapshot(service, number) == before
    handover = handovers.hand_over(
        number, ByPost("北京市东城区  东长安街1号 张三收", "中国邮政 EMS", "ea 1234 5678 9cn")
    )
    assert handover.waybill == "EA123456789CN"
    with service.store.read() as conn:
        body = json.loads(
            conn.execute(
                "SELECT payload FROM outbox WHERE kind = 'event.post' ORDER BY seq DESC"
            ).fetchone()[0]
        )
    assert body["kind"] == "certify" and body["stage"] == "closed"
    assert body["handover"]["mail"] == {
        "address": "北京市东城区 东长安街1号 张三收",
        "carrier": "中国邮政 EMS",
        "waybill": "EA123456789CN",
    }
    text = receipt_text(service, number, tmp_path)
    assert "邮寄送达（中国邮政EMS，运单号EA123456789CN）" in text
    assert "北京市东城区东长安街1号张三收" in text
    assert handover_of(service.store, number) == handover


def test_the_core_asks_for_the_acceptance_power_and_names_the_clerk(
    service: IntakeService,
) -> None:
    from client.accounts import Person, Power, PowerRefused, Role
    from tests.accounts.support import CLERK, seat

    number = decided_case(service)
    admin = replace(CLERK, id="a1", username="admin", name="陈静", roles=frozenset({Role.ADMIN}))
    seat(service.store, replace(admin, powers=frozenset({Power.MANAGE})))
    before = snapshot(service, number)
    with pytest.raises(PowerRefused, match="没有受理权"):
        HandoverService(service.store).hand_over(number, InPerson(VALID_ID))
    assert snapshot(service, number) == before
    assert isinstance(seat(service.store, CLERK), Person)
    handover = HandoverService(service.store).hand_over(number, InPerson(VALID_ID))
    assert handover.recorded_by == "王芳"
    with service.store.read() as conn:
        actor = conn.execute(
            "SELECT actor FROM audit_log WHERE action = 'case.handover'"
        ).fetchone()[0]
        event_actor = conn.execute(
            "SELECT actor FROM case_events WHERE kind = 'certify'"
        ).fetchone()[0]
    assert (actor, event_actor) == ("clerk", "王芳")
