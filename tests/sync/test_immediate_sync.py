"""即办 end to end with the reference central: decided and printed while the central is down,
then delivered once it is back; the central's case holds the decision, exactly once."""

from __future__ import annotations

import subprocess
from pathlib import Path

from client.closing.handover import InPerson
from client.documents.data import DocumentKind
from client.documents.training_seal import make_training_identity
from offline.cases.handover import HandoverService
from offline.cases.immediate import decide_immediate
from offline.documents.service import DocumentService, current_operator
from offline.intake.transaction import IntakeService
from offline.sync.status import LinkState
from tests.api.support import Api
from tests.central.backoffice import AdvanceInput, advance
from tests.central.server import CentralServer
from tests.documents.support import squeeze, text_of
from tests.factories import VALID_ID, accept_request
from tests.sync.support import (
    WINDOW,
    assert_converged,
    central_rows,
    connected_service,
    engine,
    run_until_synced,
)

IMMEDIATE = "SCJG-0101"


def decided_case(service: IntakeService) -> tuple[str, str, str]:
    """An 即办件 accepted and approved by the chief; (case id, case number, 文号)."""
    accepted = service.submit(accept_request(service.store, IMMEDIATE))
    done = decide_immediate(service.store, service.department, accepted.case_number, True)
    return accepted.case_id, accepted.case_number, done.document_number


def central_decides(central: CentralServer, case_id: str) -> list[str]:
    return [
        r[0]
        for r in central_rows(
            central,
            "SELECT event_id FROM events WHERE case_id = ?"
            " AND json_extract(response, '$.kind') = 'decide'",
            case_id,
        )
    ]


def local_decide_event(service: IntakeService, case_id: str) -> str:
    with service.store.read() as conn:
        row = conn.execute(
            "SELECT event_id FROM case_events WHERE case_id = ? AND kind = 'decide'", (case_id,)
        ).fetchone()
    return str(row[0])


def test_decided_and_printed_offline_then_synced_exactly_once(tmp_path: Path) -> None:
    central = CentralServer(tmp_path / "central").start()
    port = central.port
    service = connected_service(tmp_path / "profile", central.url)  # the chief, 李强
    central.stop()  # the link is down from here on

    case_id, number, document_number = decided_case(service)
    # The window prints on the spot; a connected profile's own certificate is configured
    # elsewhere, so a training certificate made here signs (only the printing path matters).
    identity = make_training_identity(tmp_path / "keys", "培训县行政审批局", b"test-passphrase")
    documents = DocumentService(service.store, service.department, lambda: identity)
    operator = current_operator(service.store)
    produced = documents.produce(number, DocumentKind.APPROVAL_DECISION, operator)
    assert produced.sealed and produced.signed
    pdf = tmp_path / "decision.pdf"
    pdf.write_bytes(service.store.read_document(produced.path))
    text = squeeze(text_of(pdf))
    assert "准予行政许可决定书" in text and squeeze(document_number) in text
    sig = subprocess.run(["pdfsig", str(pdf)], capture_output=True, text=True, check=False)
    assert "Signature Validation: Signature is Valid." in sig.stdout, sig.stdout + sig.stderr

    report = engine(service.store).run_cycle()
    assert report.link is LinkState.OFFLINE and report.sent == 0

    with CentralServer(tmp_path / "central", port=port) as again:
        run_until_synced(engine(service.store))
        api = Api(again, "chief", WINDOW)
        try:
            case = api("GET", f"/cases/{case_id}").json()
        finally:
            api.close()
        assert case["stage"] == "decided"
        assert case["decision"]["document_number"] == document_number
        assert case["decision"]["approved"] is True and case["decision"]["handler"] == "李强"
        assert central_decides(again, case_id) == [local_decide_event(service, case_id)]
        assert_converged(service.store, again)

        second = engine(service.store).run_cycle()
        assert second.complete and second.sent == 0  # nothing left, nothing sent twice
        assert central_decides(again, case_id) == [local_decide_event(service, case_id)]


def test_an_interrupted_sync_resends_the_decision_under_the_same_key(tmp_path: Path) -> None:
    with CentralServer(tmp_path / "central") as central:
        service = connected_service(tmp_path / "profile", central.url)
        accepted = service.submit(accept_request(service.store, IMMEDIATE))
        run_until_synced(engine(service.store))  # the central knows the accepted case
        done = decide_immediate(
            service.store,
            service.department,
            accepted.case_number,
            approved=False,
            reasons="经营范围属于禁止类",
        )
        # The decide event's answer is lost after the central committed it: the window cannot
        # tell, so it sends it again under the same key and gets the stored answer.
        events = f"/cases/{accepted.case_id}/events"
        central.faults.update(drop_next=1, method="POST", path_prefix=events)
        run_until_synced(engine(service.store))
        assert central.faults.snapshot()["drop_next"] == 0  # the answer was dropped once
        event_id = local_decide_event(service, accepted.case_id)
        assert central_decides(central, accepted.case_id) == [event_id]
        keys = central_rows(central, "SELECT state FROM idempotency_keys WHERE key = ?", event_id)
        assert [k[0] for k in keys] == ["done"]
        stored = central_rows(
            central, "SELECT stage, decision FROM cases WHERE case_id = ?", accepted.case_id
        )
        assert stored[0][0] == "decided" and done.document_number in stored[0][1]
        assert "经营范围属于禁止类" in stored[0][1]
        assert_converged(service.store, central)


def test_a_decision_the_central_cannot_take_is_parked_and_holds_the_handover(
    tmp_path: Path,
) -> None:
    """The back office moved the case on before the window's 即办决定 arrived: the central
    refuses it (409), the window parks it as 需处理 instead of retrying for ever, and the 出证
    queued behind it waits (one case's operations go in order)."""
    with CentralServer(tmp_path / "central") as central:
        service = connected_service(tmp_path / "profile", central.url)
        store = service.store
        accepted = service.submit(accept_request(store, IMMEDIATE))
        run_until_synced(engine(store))
        advance(central.context, accepted.case_id, AdvanceInput(to="first_review", handler="李四"))  # type: ignore[arg-type]
        done = decide_immediate(store, service.department, accepted.case_number, True)
        HandoverService(store).hand_over(accepted.case_number, InPerson(VALID_ID))
        for _ in range(3):
            engine(store).run_cycle(pull=False)
        with store.read() as conn:
            ops = conn.execute(
                "SELECT json_extract(payload, '$.kind'), state, last_error FROM outbox"
                " WHERE kind = 'event.post' AND state != 'done' ORDER BY seq"
            ).fetchall()
        (decide, certify) = ops
        assert decide[:2] == ("decide", "parked"), decide  # 需处理, with the central's reason
        assert "409" in decide[2]
        assert certify[:2] == ("certify", "pending")  # not sent ahead of the decision
        assert central_decides(central, accepted.case_id) == []
        with store.read() as conn:
            kept = conn.execute(
                "SELECT document_number FROM decisions WHERE case_id = ?", (accepted.case_id,)
            ).fetchone()
        assert kept[0] == done.document_number  # the window's decision is not lost
        store.close()
