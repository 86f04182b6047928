"""Permit decisions (决定) on the window's cases: recorded with their audit record.

A case holds one decision. The central's decisions arrive on the changes feed
(offline/sync/changes.py) and are written by `write_decision` inside the feed's transaction;
the window's own (即办) through `record_decision`. A later, different decision from the
central for the same case (another 文号) is the back office's correction: it replaces the
stored one, the audit record names the 文号 it replaces, and the earlier decision stays in the
case's history (its event) and in the print ledger.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

import sqlite_utils

from client.documents.data import Decision
from client.domain import LegalBasis
from offline.storage import audit
from offline.storage.store import Store

if TYPE_CHECKING:
    import sqlite_utils


def record_decision(
    store: Store, case_id: str, decision: Decision, now: dt.datetime, source: str = "local"
) -> None:
    """Store the decision, move the case to 决定, and audit it, in one transaction."""
    with store.write() as db:
        write_decision(db, store.window_code, case_id, decision, now, source)


def write_decision(
    db: sqlite_utils.Database,
    window_code: str,
    case_id: str,
    decision: Decision,
    now: dt.datetime,
    source: str = "local",
    actor: str = "",
) -> str:
    """`record_decision` inside the caller's open write transaction. Returns "recorded",
    "same" (the case already holds this 文号: nothing written) or "corrected" (it held
    another one, now replaced). The actor defaults to the decision's handler."""
    previous = db.conn.execute(
        "SELECT document_number FROM decisions WHERE case_id = ?", (case_id,)
    ).fetchone()
    if previous is not None and previous[0] == decision.document_number:
        return "same"
    stamp = now.isoformat(timespec="milliseconds")
    row = {
        "case_id": case_id,
        "approved": int(decision.approved),
        "document_number": decision.document_number,
        "content": decision.content,
        "legal_basis": json.dumps(
            [{"law": b.law, "article": b.article} for b in decision.legal_basis],
            ensure_ascii=False,
        ),
        "reasons": decision.reasons,
        "decided_on": decision.decided_on.isoformat(),
        "handler": decision.handler,
        "valid_from": decision.valid_from.isoformat() if decision.valid_from else None,
        "valid_until": decision.valid_until.isoformat() if decision.valid_until else None,
        "source": source,
        "recorded_at": stamp,
    }
    details: dict[str, Any] = {
        "document_number": decision.document_number,
        "approved": decision.approved,
        "source": source,
    }
    if previous is None:
        db.table("decisions").insert(row)
    else:
        db.table("decisions").update(case_id, row)
        details["replaces"] = previous[0]
    db.conn.execute(
        "UPDATE cases SET stage = 'decided', updated_at = ?"
        " WHERE case_id = ? AND stage != 'closed'",
        (stamp, case_id),
    )
    audit.append(
        db,
        actor=actor or decision.handler,
        window_code=window_code,
        action="case.decision" if previous is None else "case.decision.corrected",
        case_id=case_id,
        details=details,
    )
    return "recorded" if previous is None else "corrected"


def decision_to_dict(decision: Decision) -> dict[str, Any]:
    """The contract's Decision (resources/openapi/central-v1.yaml)."""
    return {
        "approved": decision.approved,
        "document_number": decision.document_number,
        "content": decision.content,
        "legal_basis": [{"law": b.law, "article": b.article} for b in decision.legal_basis],
        "reasons": decision.reasons,
        "decided_on": decision.decided_on.isoformat(),
        "handler": decision.handler,
        "valid_from": decision.valid_from.isoformat() if decision.valid_from else None,
        "valid_until": decision.valid_until.isoformat() if decision.valid_until else None,
    }


def decision_from_row(row: dict[str, Any]) -> Decision:
    def day(value: str | None) -> dt.date | None:
        return dt.date.fromisoformat(value) if value else None

    return Decision(
        approved=bool(row["approved"]),
        document_number=row["document_number"],
        content=row["content"],
        legal_basis=tuple(
            LegalBasis(b["law"], b["article"]) for b in json.loads(row["legal_basis"])
        ),
        reasons=row["reasons"],
        decided_on=dt.date.fromisoformat(row["decided_on"]),
        handler=row["handler"],
        valid_from=day(row["valid_from"]),
        valid_until=day(row["valid_until"]),
    )


def decision_from_contract(data: dict[str, Any]) -> Decision:
    """A `Decision` of the contract (already checked against its schema) as the record."""

    def day(value: Any) -> dt.date | None:
        return dt.date.fromisoformat(value) if value else None

    return Decision(
        approved=bool(data["approved"]),
        document_number=str(data["document_number"]).strip(),
        content=str(data["content"]),
        legal_basis=tuple(
            LegalBasis(str(b["law"]), str(b["article"])) for b in data.get("legal_basis") or ()
        ),
        reasons=str(data["reasons"]),
        decided_on=dt.date.fromisoformat(data["decided_on"]),
        handler=str(data["handler"]),
        valid_from=day(data.get("valid_from")),
        valid_until=day(data.get("valid_until")),
    )
