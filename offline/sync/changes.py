"""Applying the central system's changes feed to the local cases.

Each page of changes is applied in one transaction together with the new cursor, so a crash
leaves either the whole page applied with its cursor or neither: fetching the page again
cannot apply anything twice (the event rows are keyed by the central's change id, and a
change whose event is already here is not applied again, even after a later correction).

Every change is checked on its own against the contract's `Change` (and a decision's own
rules) before anything of it is written. One that fails is *rejected*: kept as the case's
`central.rejected` event with the reason, logged, and the feed goes on past it. It changes
nothing else, so it is never half-applied, and it never stops the feed (docs/cases.md).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from typing import Any, Literal

import sqlite_utils

from client.central.api import CentralClient
from client.central.replies import schema_problem
from offline.cases.orders import record_order
from offline.documents.decision_records import decision_from_contract, write_decision
from offline.storage.store import Store
from offline.sync.outbox import get_state, set_state

CURSOR_KEY = "changes_cursor"
PAGE_SIZE = 200
log = logging.getLogger(__name__)
Applied = Literal["applied", "skipped", "rejected"]


@dataclass(frozen=True)
class PulledChanges:
    applied: int
    skipped: int  # for cases this profile does not hold, or already applied
    cursor: str
    rejected: int = 0  # kept as `central.rejected` events, not applied


def pull_changes(
    store: Store, client: CentralClient, cancelled: Any = None, page_size: int = PAGE_SIZE
) -> PulledChanges:
    counts = {"applied": 0, "skipped": 0, "rejected": 0}
    with store.read() as conn:
        cursor = get_state(conn, CURSOR_KEY) or ""
    while not (cancelled and cancelled()):
        params = {"limit": str(page_size)}
        if cursor:
            params["cursor"] = cursor
        page = client.call("getChanges", "GET", "/changes", params=params)
        changes = page.get("changes", [])
        new_cursor = str(page.get("cursor", cursor))
        # Checked before the write transaction: the window's writes do not wait on it.
        problems = [schema_problem("Change", c) for c in changes]
        with store.write() as db:
            for change, problem in zip(changes, problems, strict=True):
                counts[apply_change(db, change, store.window_code, problem)] += 1
            set_state(db.conn, CURSOR_KEY, new_cursor)
        cursor = new_cursor
        if not page.get("has_more") or not changes:
            break
    return PulledChanges(counts["applied"], counts["skipped"], cursor, counts["rejected"])


def apply_change(
    db: sqlite_utils.Database, change: Any, window_code: str, contract_problem: str | None = None
) -> Applied:
    """One change inside the caller's transaction: "skipped" when the case is not ours or the
    change is already here, "rejected" when it breaks the contract (kept as an event).
    `contract_problem`: its `schema_problem("Change", …)` when the caller already has it."""
    conn = db.conn
    if not isinstance(change, dict):
        log.warning("changes feed: an entry that is not an object was passed over")
        return "skipped"
    case_id = str(change.get("case_id", ""))
    if conn.execute("SELECT 1 FROM cases WHERE case_id = ?", (case_id,)).fetchone() is None:
        return "skipped"
    event_id = f"central-{change.get('change_id')}"
    if conn.execute("SELECT 1 FROM case_events WHERE event_id = ?", (event_id,)).fetchone():
        return "skipped"  # redelivered: applying it again could undo a later change
    kind = str(change.get("kind", ""))
    at = str(change.get("at", ""))
    handler = str(change.get("handler", "")) or "中心系统"
    details = {k: v for k, v in change.items() if k not in ("case_id", "case_number", "change_id")}
    stage = _stage_of(conn, case_id)
    if contract_problem is None:
        contract_problem = schema_problem("Change", change)
    problem = contract_problem or _decision_problem(conn, case_id, change)
    if problem:
        log.warning("changes feed: change %s rejected: %s", change.get("change_id"), problem)
        details = {"kind": kind, "problem": problem, "change": details}
        _event(conn, event_id, case_id, "central.rejected", stage, details, handler, at)
        return "rejected"
    if kind == "stage":
        if not _moves_back(conn, case_id, stage, str(change["to_stage"])):
            stage = str(change["to_stage"])
            conn.execute(
                "UPDATE cases SET stage = ?, updated_at = ? WHERE case_id = ?",
                (stage, at, case_id),
            )
        else:  # kept as the event; the window's own 办结 or 即办决定 stands
            details["kept_stage"] = stage
    elif kind == "decision":
        decision = decision_from_contract(change["decision"])
        now = dt.datetime.now().astimezone()
        outcome = write_decision(db, window_code, case_id, decision, now, "central", handler)
        details["outcome"] = outcome  # recorded, same (e.g. our 即办 one) or corrected
        conn.execute(
            "UPDATE cases SET central_decision = ? WHERE case_id = ?",
            (json.dumps(change["decision"], ensure_ascii=False), case_id),
        )
        stage = _stage_of(conn, case_id)
    elif kind == "supervision":
        conn.execute(
            "UPDATE cases SET supervision = ? WHERE case_id = ?",
            (json.dumps(change.get("supervision"), ensure_ascii=False), case_id),
        )
    elif kind == "supervision_order":
        record_order(conn, case_id, change)  # 督办: malformed ones stay only as the event
    _event(conn, event_id, case_id, f"central.{kind}", stage, details, handler, at)
    return "applied"


def _decision_problem(conn: Any, case_id: str, change: dict[str, Any]) -> str:
    """What the schema cannot say about a decision; "" when it can be recorded."""
    if change.get("kind") != "decision":
        return ""
    decision = change.get("decision")
    if not isinstance(decision, dict):
        return "decision: missing"
    number = str(decision["document_number"]).strip()
    if not number:
        return "decision: document_number is empty"
    if not decision["approved"] and not str(decision["reasons"]).strip():
        return "decision: a refusal without reasons"
    try:
        decided = dt.date.fromisoformat(decision["decided_on"])
        start, end = (
            dt.date.fromisoformat(v) if v else None
            for v in (decision.get("valid_from"), decision.get("valid_until"))
        )
    except (TypeError, ValueError):
        return "decision: a date that is not YYYY-MM-DD"
    if start and end and end < start:
        return "decision: valid_until before valid_from"
    if decided.year < 2000:
        return "decision: decided_on is not a real date"
    other = conn.execute(
        "SELECT case_id FROM decisions WHERE document_number = ? AND case_id != ?",
        (number, case_id),
    ).fetchone()
    if other is not None:
        return f"decision: document_number {number} belongs to another case"
    own = conn.execute(
        "SELECT document_number FROM decisions WHERE case_id = ? AND source = 'local'",
        (case_id,),
    ).fetchone()
    if own is not None and own[0] != number:
        # The window's 即办决定 was sealed and may be handed over under its own 文号: another
        # one from the central is a conflict for the 首席代表, not a correction.
        return f"decision: the window decided this case itself as {own[0]}"
    return ""


def _moves_back(conn: Any, case_id: str, stage: str, to: str) -> bool:
    """Whether a stage change would undo what the window did itself: a case it handed over
    (办结), or decided as 即办, never goes back to an earlier stage."""
    if stage == "closed":
        return to != "closed"
    if stage == "decided" and to not in ("decided", "closed"):
        own = conn.execute(
            "SELECT 1 FROM decisions WHERE case_id = ? AND source = 'local'", (case_id,)
        ).fetchone()
        return own is not None
    return False


def _event(
    conn: Any,
    event_id: str,
    case_id: str,
    kind: str,
    stage: str,
    details: dict[str, Any],
    actor: str,
    at: str,
) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO case_events"
        " (event_id, case_id, kind, stage, payload, actor, occurred_at, source)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, 'central')",
        (event_id, case_id, kind, stage, json.dumps(details, ensure_ascii=False), actor, at),
    )


def _stage_of(conn: Any, case_id: str) -> str:
    return str(conn.execute("SELECT stage FROM cases WHERE case_id = ?", (case_id,)).fetchone()[0])
