"""The back office (not part of the contract): reviewers move accepted cases through
初审 → 复审 → 决定 → 办结, set the supervision status and edit reference data. Every step is
recorded with handler and time in the window's changes feed. `AutoAdvancer` plays the
reviewers for demos."""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi import Path as PathParam
from pydantic import BaseModel, ConfigDict, Field

from tests.central.auth import Principal, require_role
from tests.central.cases import CaseId, Stage, case_view
from tests.central.changes import record_change
from tests.central.context import Context
from tests.central.problems import ProblemError
from tests.central.reference import put_item
from tests.central.store import now_iso

router = APIRouter(prefix="/backoffice", tags=["backoffice"])
Reviewer = Annotated[Principal, Depends(require_role("reviewer"))]
NEXT_STAGE = {
    "accepted": "first_review",
    "first_review": "second_review",
    "second_review": "decided",
    "decided": "closed",
}
log = logging.getLogger(__name__)


class LegalBasis(BaseModel):
    law: str
    article: str


class DecisionInput(BaseModel):
    approved: bool
    document_number: str = ""  # 文号; assigned when empty
    content: str = ""
    legal_basis: list[LegalBasis] | None = None  # default: the item's
    reasons: str = ""
    decided_on: dt.date | None = None
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None


class AdvanceInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    to: Stage
    handler: str = Field(min_length=1)
    note: str = ""
    decision: DecisionInput | None = None


class SupervisionInput(BaseModel):
    status: str = Field(min_length=1)
    handler: str = Field(min_length=1)
    note: str = ""


def advance(ctx: Context, case_id: str, step: AdvanceInput) -> dict[str, Any]:
    with ctx.store.write() as conn:
        row = conn.execute("SELECT * FROM cases WHERE case_id = ?", (case_id,)).fetchone()
        if row is None:
            raise ProblemError(404, "case-not-found", "No such case", case_id)
        if NEXT_STAGE.get(row["stage"]) != step.to:
            raise ProblemError(
                409,
                "invalid-transition",
                "Not the next stage",
                f"A case at {row['stage']} cannot move to {step.to}.",
            )
        at = now_iso()
        decision = None
        if step.to == "decided":
            decision = _decision(ctx, conn, row, step, at)
        conn.execute(
            "UPDATE cases SET stage = ?, updated_at = ?, decision = coalesce(?, decision)"
            " WHERE case_id = ?",
            (step.to, at, json.dumps(decision, ensure_ascii=False) if decision else None, case_id),
        )
        change = {"kind": "stage", "at": at, "handler": step.handler}
        change |= {"from_stage": row["stage"], "to_stage": step.to, "note": step.note}
        record_change(conn, case_id, change)
        if decision:
            record_change(
                conn,
                case_id,
                {"kind": "decision", "at": at, "handler": step.handler, "decision": decision},
            )
        return case_view(conn, case_id)


def _decision(ctx: Context, conn: Any, row: Any, step: AdvanceInput, at: str) -> dict[str, Any]:
    given = step.decision
    if given is None:
        raise ProblemError(422, "invalid-request", "A decision is required to decide", "")
    if not given.approved and not given.reasons.strip():
        raise ProblemError(422, "invalid-request", "A refusal needs its reasons", "")
    number = given.document_number
    if not number:
        seq = ctx.store.next_value(conn, "document_number")
        number = f"培审{'准' if given.approved else '不准'}字〔{at[:4]}〕第{seq:04d}号"
    taken = conn.execute(
        "SELECT 1 FROM cases WHERE json_extract(decision, '$.document_number') = ?", (number,)
    ).fetchone()
    if taken:
        raise ProblemError(409, "document-number-taken", "文号 already used", number)
    basis = given.legal_basis
    if basis is None:
        item = conn.execute(
            "SELECT data FROM catalog_items WHERE code = ?", (row["item_code"],)
        ).fetchone()
        item_basis = json.loads(item["data"])["legal_basis"] if item and item["data"] else []
        basis = [LegalBasis(**b) for b in item_basis]
    return {
        "approved": given.approved,
        "document_number": number,
        "content": given.content,
        "legal_basis": [b.model_dump() for b in basis],
        "reasons": given.reasons,
        "decided_on": (given.decided_on or dt.date.fromisoformat(at[:10])).isoformat(),
        "handler": step.handler,
        "valid_from": given.valid_from.isoformat() if given.valid_from else None,
        "valid_until": given.valid_until.isoformat() if given.valid_until else None,
    }


@router.post("/cases/{case_id}/advance")
def advance_case(case_id: CaseId, step: AdvanceInput, who: Reviewer) -> dict[str, Any]:
    return advance(who.context, case_id, step)


@router.post("/cases/{case_id}/supervision")
def supervise(case_id: CaseId, body: SupervisionInput, who: Reviewer) -> dict[str, Any]:
    at = now_iso()
    supervision = {"status": body.status, "note": body.note, "handler": body.handler, "at": at}
    with who.context.store.write() as conn:
        if not conn.execute("SELECT 1 FROM cases WHERE case_id = ?", (case_id,)).fetchone():
            raise ProblemError(404, "case-not-found", "No such case", case_id)
        text = json.dumps(supervision, ensure_ascii=False)
        conn.execute(
            "UPDATE cases SET supervision = ?, updated_at = ? WHERE case_id = ?",
            (text, at, case_id),
        )
        change = {"kind": "supervision", "at": at, "handler": body.handler}
        record_change(conn, case_id, change | {"supervision": supervision})
        return case_view(conn, case_id)


@router.put("/catalog/{code}")
def put_catalog_item(code: str, item: dict[str, Any], who: Reviewer) -> dict[str, Any]:
    """Add or change an item (the shape of client.catalog.loading.item_to_dict)."""
    if item.get("code") != code:
        raise ProblemError(422, "invalid-request", "code differs from path", code)
    with who.context.store.write() as conn:
        return {"cursor": str(put_item(who.context.store, conn, item))}


@router.delete("/catalog/{code}")
def withdraw_catalog_item(code: str, who: Reviewer) -> dict[str, Any]:
    with who.context.store.write() as conn:
        return {"cursor": str(put_item(who.context.store, conn, None, code))}


class CalendarInput(BaseModel):
    holidays: list[dt.date]
    workdays: list[dt.date]


@router.put("/calendar/{year}")
def put_calendar(
    year: Annotated[int, PathParam(ge=1, le=9999)], body: CalendarInput, who: Reviewer
) -> dict[str, Any]:
    data = {
        "year": year,
        "holidays": sorted(d.isoformat() for d in body.holidays),
        "workdays": sorted(d.isoformat() for d in body.workdays),
    }
    with who.context.store.write() as conn:
        conn.execute(
            "INSERT OR REPLACE INTO calendars (year, data) VALUES (?, ?)",
            (year, json.dumps(data)),
        )
    return data


class AutoAdvancer:
    """Every `interval` seconds, moves each case at accepted/初审/复审 one stage on (and
    decides approval), as reviewer "auto-reviewer"; 即办件 wait for the window's decision."""

    HANDLER = "auto-reviewer"

    def __init__(self, ctx: Context, interval: float) -> None:
        self.ctx = ctx
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="central-auto-advance", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.step()

    def step(self) -> None:
        with self.ctx.store.read() as conn:
            # 即办件 are decided at the window (a decide event), never by the back office.
            rows = conn.execute(
                "SELECT c.case_id, c.stage FROM cases c"
                " LEFT JOIN catalog_items i ON i.code = c.item_code"
                " WHERE c.stage IN ('accepted', 'first_review', 'second_review')"
                " AND coalesce(json_extract(i.data, '$.kind'), '') != 'immediate'"
                " ORDER BY c.received_at"
            ).fetchall()
        for row in rows:
            to = NEXT_STAGE[row["stage"]]
            decision = None
            if to == "decided":
                decision = DecisionInput(approved=True, content="经审查，准予行政许可。")
            step = AdvanceInput(to=to, handler=self.HANDLER, decision=decision)  # type: ignore[arg-type]
            try:
                advance(self.ctx, row["case_id"], step)
            except ProblemError as error:  # a reviewer moved it meanwhile
                log.info("auto-advance skipped %s: %s", row["case_id"], error)
