"""The `certify` event of a handover reaches the reference central over real sockets: its case
is 办结 there and here, holding the handover, and a resend after a lost answer changes nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from client.closing.handover import InPerson
from client.documents.data import Decision
from offline.accounts.connect import client_for
from offline.cases.handover import HandoverService
from offline.intake.transaction import IntakeService
from offline.storage.store import Store
from offline.sync.changes import pull_changes
from tests.central.backoffice import AdvanceInput, DecisionInput, advance
from tests.central.server import CentralServer
from tests.factories import VALID_ID, accept_request, make_files, resident_id
from tests.sync.support import (
    assert_converged,
    central_rows,
    connected_service,
    engine,
)

AGENT_ID = resident_id("11010119700101001")


def sync(store: Store) -> None:
    """Rounds on this thread until nothing is left to send (quicker than the engine's own)."""
    sender = engine(store)
    for _ in range(20):
        if sender.run_cycle(pull=False).remaining == 0:
            return
    raise AssertionError(f"not synced: {sender.status()}")


def decide_at_central(central: CentralServer, service: IntakeService, case_id: str) -> str:
    """The back office decides; the window pulls the change and holds the decision row."""
    for to in ("first_review", "second_review"):
        advance(central.context, case_id, AdvanceInput(to=to, handler="李四"))  # type: ignore[arg-type]
    decided = AdvanceInput(
        to="decided",
        handler="王五",
        decision=DecisionInput(approved=True, content="准予食品经营许可。"),
    )
    view = advance(central.context, case_id, decided)
    store = service.store
    pull_changes(store, client_for(store))
    with store.read() as conn:
        number, held = conn.execute(
            "SELECT case_number, (SELECT count(*) FROM decisions d WHERE d.case_id = c.case_id)"
            " FROM cases c WHERE case_id = ?",
            (case_id,),
        ).fetchone()
    if not held:  # until the decisions-from-central work lands, as the changes feed will
        decision = view["decision"]
        service.documents.record_decision(
            number,
            Decision(
                approved=True,
                document_number=decision["document_number"],
                content=decision["content"],
                legal_basis=(),
                reasons="",
                decided_on=dt.date.fromisoformat(decision["decided_on"]),
                handler=decision["handler"],
            ),
            source="central",
        )
    return str(number)


def test_a_handover_closes_the_case_at_the_central_exactly_once(tmp_path: Path) -> None:
    with CentralServer(tmp_path / "central") as central:
        service = connected_service(tmp_path / "profile", central.url)
        store = service.store
        case_id = service.submit(accept_request(store)).case_id
        sync(store)
        number = decide_at_central(central, service, case_id)
        assert central_rows(central, "SELECT stage FROM cases")[0][0] == "decided"

        letter = make_files(tmp_path / "letters", 1, prefix="weituoshu")[0]
        handover = HandoverService(store).hand_over(
            number, InPerson(AGENT_ID, agent_name="李秀英", authorization=letter)
        )
        sync(store)

        remote = client_for(store).call("getCase", "GET", f"/cases/{case_id}")
        assert remote["stage"] == "closed"
        assert remote["handover"]["collector"] == {
            "role": "agent",
            "name": "李秀英",
            "id_type": "resident_id",
            "id_number": AGENT_ID,
        }
        letter_id = remote["handover"]["authorization_material_id"]
        assert letter_id == handover.authorization_file_id
        assert letter_id in {m["material_id"] for m in remote["materials"]}
        with store.read() as conn:
            stage = conn.execute("SELECT stage FROM cases WHERE case_id = ?", (case_id,))
            assert stage.fetchone()[0] == "closed"
        assert_converged(store, central)

        # The answer to the certify was lost: the window sends it again under the same key.
        with store.write() as db:
            db.conn.execute(
                "UPDATE outbox SET state = 'pending' WHERE kind = 'event.post'"
                " AND json_extract(payload, '$.kind') = 'certify'"
            )
        sync(store)
        certified = central_rows(
            central,
            "SELECT count(*) FROM events WHERE json_extract(response, '$.kind') = ?",
            "certify",
        )
        assert certified[0][0] == 1
        assert central_rows(central, "SELECT count(*) FROM handovers")[0][0] == 1
        assert_converged(store, central)
        store.close()


def test_a_case_the_back_office_closed_first_is_parked_not_retried(tmp_path: Path) -> None:
    with CentralServer(tmp_path / "central") as central:
        service = connected_service(tmp_path / "profile", central.url)
        store = service.store
        case_id = service.submit(accept_request(store)).case_id
        sync(store)
        number = decide_at_central(central, service, case_id)
        advance(central.context, case_id, AdvanceInput(to="closed", handler="李四"))
        HandoverService(store).hand_over(number, InPerson(VALID_ID))
        engine(store).run_cycle(pull=False)
        with store.read() as conn:
            state, reason = conn.execute(
                "SELECT state, last_error FROM outbox WHERE kind = 'event.post'"
                " AND json_extract(payload, '$.kind') = 'certify'"
            ).fetchone()
        assert state == "parked"  # 需处理: the clerk sees why, nothing is resent for ever
        assert "409" in reason and "closed before this handover" in reason
        assert central_rows(central, "SELECT count(*) FROM handovers")[0][0] == 0
        store.close()
