"""One new case's rows, events and outbox operations, written inside the intake's open
transaction (offline/intake/transaction.py decides what goes in; this writes it, in one
executemany per table).
"""

from __future__ import annotations

import datetime as dt
import json
import mimetypes
from pathlib import Path
from typing import TYPE_CHECKING, Any

from client.accounts import Person
from client.catalog.loading import item_to_dict
from client.domain import Action, IntakeRequest, Party, ServiceItem, Stage
from client.generated_ids import uuid7
from client.intake.rules import materials_status, normalized_party
from offline.storage.filestore import StoredBlob
from offline.storage.store import Store

if TYPE_CHECKING:
    import sqlite_utils


class CaseRecord:
    """Writes one case's rows and outbox operations inside an open transaction."""

    def __init__(
        self,
        store: Store,
        db: sqlite_utils.Database,
        case_id: str,
        now: dt.datetime,
        person: Person,
    ) -> None:
        self.db = db
        self.case_id = case_id
        self.now = now
        self.stamp = now.isoformat(timespec="milliseconds")
        self.window_code = store.window_code
        self.clerk = person.name  # as the case and its documents name the person (受理人)
        self.actor = person.username  # as events and the audit log name them
        self.training = store.training
        self.rows: dict[str, list[dict[str, Any]]] = {}  # table -> rows, in insertion order

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.rows.setdefault(table, []).append(row)

    def flush(self) -> None:
        """One executemany per table, parents first (as first added). This is the hot path
        of every intake: sqlite-utils' insert_all spends several statements per call
        (table checks, savepoints), which doubled the commit time."""
        for table, rows in self.rows.items():
            columns = list(rows[0])
            sql = (
                f"INSERT INTO {table} ({', '.join(columns)})"
                f" VALUES ({', '.join('?' * len(columns))})"
            )
            self.db.conn.executemany(sql, [tuple(row[c] for c in columns) for row in rows])
        self.rows = {}

    def outbox(self, kind: str, payload: dict[str, Any]) -> None:
        self.add(
            "outbox",
            {
                "op_id": uuid7(),
                "case_id": self.case_id,
                "kind": kind,
                "payload": json.dumps(payload, ensure_ascii=False),
                "created_at": self.stamp,
                "updated_at": self.stamp,
            },
        )

    def write_case(
        self,
        request: IntakeRequest,
        item: ServiceItem,
        case_number: str,
        stage: Stage,
        due: Any,
    ) -> None:
        refused = request.action is Action.REFUSE
        self.add(
            "cases",
            {
                "case_id": self.case_id,
                "case_number": case_number,
                "item_code": item.code,
                "item_name": item.name,
                "item_snapshot": json.dumps(item_to_dict(item), ensure_ascii=False),
                "stage": stage.value,
                "action": request.action.value,
                "reason": request.reason.strip(),
                "refusal_clause": request.refusal_clause if refused else 0,
                "competent_body": request.competent_body.strip() if refused else "",
                "window_code": self.window_code,
                "clerk": self.clerk,
                "created_at": self.stamp,
                "accepted_on": self.now.date().isoformat() if due else None,
                "due_date": due.due.isoformat() if due else None,
                "calendar_complete": int(due.calendar_complete) if due else 1,
                "training": int(self.training),
                "updated_at": self.stamp,
            },
        )
        parties = [("applicant", request.applicant)]
        if request.agent is not None:
            parties.append(("agent", request.agent))
        for role, party in parties:
            row = {"case_id": self.case_id, "role": role, **_party(party)}
            self.add("parties", row)
        self.outbox(
            "case.put",
            {
                "case_id": self.case_id,
                "case_number": case_number,
                "item_code": item.code,
                "window_code": self.window_code,
                "clerk": self.clerk,
                "created_at": self.stamp,
                "applicant": _party(request.applicant),
                "agent": _party(request.agent) if request.agent else None,
            },
        )

    def write_materials(
        self, request: IntakeRequest, item: ServiceItem, blobs: dict[str, StoredBlob]
    ) -> None:
        submissions = {s.code: s for s in request.materials}
        for status in materials_status(item, request.materials):
            req = status.requirement
            sub = submissions.get(req.code)
            self.add(
                "materials",
                {
                    "case_id": self.case_id,
                    "code": req.code,
                    "name": req.name,
                    "form": req.form.value,
                    "required_copies": req.copies,
                    "requirement": req.requirement.value,
                    "applicable": int(status.needed),
                    "original_received": int(bool(sub and sub.original)),
                    "copies_received": sub.copies if sub else 0,
                },
            )
            for position, file in enumerate(sub.files if sub else ()):
                blob = blobs[str(Path(file))]
                file_id = uuid7()
                media_type = mimetypes.guess_type(file)[0] or "application/octet-stream"
                row = {
                    "file_id": file_id,
                    "case_id": self.case_id,
                    "material_code": req.code,
                    "position": position,
                    "display_name": Path(file).name,
                    "sha256": blob.sha256,
                    "size": blob.size,
                    "media_type": media_type,
                    "stored_at": self.stamp,
                }
                self.add("material_files", row)
                self.outbox("material.upload", {k: v for k, v in row.items() if k != "stored_at"})

    def write_events(self, request: IntakeRequest, stage: Stage, due: Any) -> None:
        for position, line in enumerate(request.supplement):
            self.add(
                "supplement_lines",
                {
                    "case_id": self.case_id,
                    "position": position,
                    "code": line.code,
                    "name": line.name,
                    "reason": line.reason.strip(),
                },
            )
        self._event("apply", Stage.APPLIED, {})
        payload: dict[str, Any] = {"reason": request.reason.strip()}
        if due:
            payload["due_date"] = due.due.isoformat()
        if request.action is Action.REFUSE:
            payload["refusal_clause"] = request.refusal_clause
            payload["competent_body"] = request.competent_body.strip()
        if request.supplement:
            payload["supplement"] = [
                {"code": s.code, "name": s.name, "reason": s.reason.strip()}
                for s in request.supplement
            ]
        self._event(request.action.value, stage, payload)

    def _event(self, kind: str, stage: Stage, payload: dict[str, Any]) -> None:
        event_id = uuid7()
        self.add(
            "case_events",
            {
                "event_id": event_id,
                "case_id": self.case_id,
                "kind": kind,
                "stage": stage.value,
                "payload": json.dumps(payload, ensure_ascii=False),
                "actor": self.actor,
                "occurred_at": self.stamp,
                "source": "local",
            },
        )
        self.outbox(
            "event.post",
            {
                "event_id": event_id,
                "kind": kind,
                "stage": stage.value,
                "occurred_at": self.stamp,
                "actor": self.actor,
                **payload,
            },
        )


def _party(party: Party) -> dict[str, str]:
    clean = normalized_party(party)
    return {
        "kind": clean.kind.value,
        "name": clean.name,
        "id_type": clean.id_type.value,
        "id_number": clean.id_number,
        "phone": clean.phone,
        "address": clean.address,
        "legal_representative": clean.legal_representative,
    }
