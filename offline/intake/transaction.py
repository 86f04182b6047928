"""Registering and deciding a case: the one path the window and the CLI share.

Order matters for durability: rules first (nothing written on bad input), then material files
into the content-addressed store (durable before any row names them), then one transaction
with the case rows, its events, its outbox operations and its audit record. Documents are
rendered after the commit; a failed render never loses the case and can be reprinted. The
rows themselves are written by offline/intake/case_record.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from client.documents.data import DocumentKind
from client.domain import (
    Action,
    Department,
    IntakeRequest,
    Problem,
    ServiceItem,
    Stage,
)
from client.errors import ClerkError
from client.generated_ids import uuid7
from client.i18n import translate
from client.intake.rules import check_intake
from client.time_limits.workdays import compute_deadline
from offline.accounts.powers import authorize_intake
from offline.documents.service import DocumentService, current_operator, documents_for
from offline.documents.signing_keys import identity_provider
from offline.intake.case_record import CaseRecord
from offline.storage import audit
from offline.storage.clock import clock_problem, note_time
from offline.storage.filestore import StoredBlob
from offline.storage.store import Store
from offline.sync.health import HealthLevel, sync_health

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
            record = CaseRecord(self.store, db, case_id, now, person)
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
