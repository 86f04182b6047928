"""Permit decisions (决定) on the window's cases: recorded with their audit record."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from client.documents.data import Decision
from client.domain import LegalBasis
from offline import audit
from offline.store import Store

if TYPE_CHECKING:
    import sqlite_utils


def record_decision(
    store: Store, case_id: str, decision: Decision, now: dt.datetime, source: str = "local"
) -> None:
    """Store the decision, move the case to 决定, and audit it, in one transaction."""
    with store.write() as db:
        write_decision(db, store, case_id, decision, now, source)


def write_decision(
    db: sqlite_utils.Database,
    store: Store,
    case_id: str,
    decision: Decision,
    now: dt.datetime,
    source: str = "local",
) -> None:
    """The same, inside the caller's open transaction (the 即办 decision adds its event)."""
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
    db.table("decisions").insert(row)
    db.conn.execute(
        "UPDATE cases SET stage = 'decided', updated_at = ? WHERE case_id = ?",
        (stamp, case_id),
    )
    audit.append(
        db,
        actor=decision.handler,
        window_code=store.window_code,
        action="case.decision",
        case_id=case_id,
        details={
            "document_number": decision.document_number,
            "approved": decision.approved,
            "source": source,
        },
    )


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
