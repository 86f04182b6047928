"""Registering and deciding a case: the one path the window and the CLI share.

Order matters for durability: rules first (nothing written on bad input), then material files
into the content-addressed store (durable before any row names them), then one transaction
with the case rows, its events, its outbox operations and its audit record. Documents are
rendered after the commit; a failed render never loses the case and can be reprinted.
"""

from __future__ import annotations

import datetime as dt
import json
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from client.accounts import Person
from client.catalog import item_to_dict
from client.documents.data import DocumentKind
from client.domain import (
    Action,
    Department,
    IntakeRequest,
    Party,
    Problem,
    ServiceItem,
    Stage,
)
from client.errors import ClerkError
from client.generated_ids import uuid7
from client.i18n import translate
from client.rules import check_intake, materials_status, normalized_party
from client.workdays import compute_deadline
from offline import audit
from offline.accounts.powers import authorize_intake
from offline.clock import clock_problem, note_time
from offline.documents.service import DocumentService, current_operator, documents_for
from offline.documents.signing_keys import identity_provider
from offline.filestore import StoredBlob
from offline.store import Store
from offline.sync.health import HealthLevel, sync_health

if TYPE_CHECKING:
    import sqlite_utils

STAGE_AFTER = {
    Action.ACCEPT: Stage.ACCEPTED,
    Action.SUPPLEMENT: Stage.SUPPLEMENT_REQUESTED,
    Action.REFUSE: Stage.REFUSED,
}


class IntakeRejected(ClerkError):
    """The request breaks the rules; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class IntakeResult:
    case_id: str
    case_number: str
    stage: Stage
    due_date: dt.date | None
    calendar_complete: bool
    documents: tuple[Path, ...]
    document_error: str = ""  # the case is saved; its slip could not be made (reprint later)


Progress = Callable[[int, int], None]  # (done, total) bytes


class IntakeService:
    def __init__(
        self,
        store: Store,
        department: Department | None = None,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now().astimezone(),
        documents: DocumentService | None = None,
    ) -> None:
        """`department` None (the window, the CLI): the profile's own, and its signing key."""
        self.store = store
        self.clock = clock
        # The window and the CLI sign decisions with the same key (signing_keys.identity_for).
        own = (
            DocumentService(store, department, identity_provider(store, department), clock=clock)
            if department
            else None
        )
        self.documents = documents or own or documents_for(store, clock)

    @property
    def department(self) -> Department:
        return self.documents.department

    def check(self, request: IntakeRequest) -> list[Problem]:
        return self._check(request, self.store.item(request.item_code))

    def _check(self, request: IntakeRequest, item: ServiceItem | None) -> list[Problem]:
        settings = self.store.settings
        max_bytes = settings.number("materials.max_file_mb") * 1024 * 1024
        max_pages = settings.number("materials.max_pages")
        return check_intake(request, item, self.clock().date(), max_bytes, max_file_pages=max_pages)

    def submit(
        self,
        request: IntakeRequest,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> IntakeResult:
        authorize_intake(self.store, request.action)  # before any file is copied
        item = self.store.item(request.item_code)  # read and parsed once per intake
        problems = self._check(request, item)
        health = sync_health(self.store)
        if health.level is HealthLevel.BLOCK:
            problems.append(Problem("sync", health.message))
        wrong_clock = clock_problem(self.store, self.clock())
        if wrong_clock is not None:  # the case number, dates and time limits would be wrong
            problems.append(Problem("clock", str(wrong_clock)))
        if problems:
            raise IntakeRejected(problems)
        assert item is not None  # _check() reported a missing item

        blobs = self._store_files(request, progress, cancelled)
        result = self.commit(request, item, blobs)
        if request.action is Action.ACCEPT:
            # The case is committed: whatever happens now must not read as "not saved",
            # or the clerk (or a script) registers it again under a new number.
            try:
                result = replace(result, documents=(self.render_slip(result.case_number),))
            except Exception as exc:
                error = translate("intake", "受理回执生成失败：{error}").format(error=exc)
                result = replace(result, document_error=error)
        return result

    def commit(
        self, request: IntakeRequest, item: ServiceItem, blobs: dict[str, StoredBlob]
    ) -> IntakeResult:
        """The one transaction: case rows, events, outbox operations and the audit record.
        Call only with a checked request whose files are already in the file store."""
        named = tuple(  # the catalog's material names, not whatever the request carried
            replace(line, name=req.name) if (req := item.material(line.code)) else line
            for line in request.supplement
        )
        request = replace(request, supplement=named)
        person = authorize_intake(self.store, request.action)  # whoever is at the window now
        now = self.clock()
        case_id = uuid7()
        stage = STAGE_AFTER[request.action]
        due = legal = None
        if request.action is Action.ACCEPT:
            calendar = self.store.calendar()
            due = compute_deadline(now.date(), item.promised_limit_days, calendar)
            legal = compute_deadline(now.date(), item.legal_limit_days, calendar).due
        with self.store.write() as db:
            case_number = self.store.next_case_number(db, now.date())
            record = _CaseRecord(self.store, db, case_id, now, person)
            record.write_case(request, item, case_number, stage, due)
            record.rows["cases"][-1]["legal_due_date"] = legal.isoformat() if legal else None
            record.write_materials(request, item, blobs)
            record.write_events(request, stage, due)
            record.flush()
            note_time(db.conn, now)
            audit.append(
                db,
                actor=record.actor,
                window_code=record.window_code,
                action=f"intake.{request.action.value}",
                case_id=case_id,
                details={
                    "case_number": case_number,
                    "item": item.code,
                    "files": sorted(b.sha256 for b in blobs.values()),
                },
                at=now,
            )
        return IntakeResult(
            case_id,
            case_number,
            stage,
            due.due if due else None,
            due.calendar_complete if due else True,
            (),
        )

    def _store_files(
        self,
        request: IntakeRequest,
        progress: Progress | None,
        cancelled: Callable[[], bool] | None,
    ) -> dict[str, StoredBlob]:
        paths = [Path(f) for sub in request.materials for f in sub.files]
        total = sum(p.stat().st_size for p in paths)
        done = 0
        blobs: dict[str, StoredBlob] = {}
        for path in paths:
            base = done

            def report(copied: int, base: int = base) -> None:
                if progress:
                    progress(base + copied, total)

            blobs[str(path)] = self.store.files.put_file(path, report, cancelled)
            done += blobs[str(path)].size
        return blobs

    def render_slip(self, case_number: str) -> Path:
        """Produce the 受理回执 of an accepted case (recorded in the print ledger)."""
        produced = self.documents.produce(
            case_number, DocumentKind.ACCEPTANCE_SLIP, current_operator(self.store)
        )
        return produced.path


class _CaseRecord:
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
