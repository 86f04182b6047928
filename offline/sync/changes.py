"""Applying the central system's changes feed to the local cases.

Each page of changes is applied in one transaction together with the new cursor, so a crash
leaves either the whole page applied with its cursor or neither: fetching the page again
cannot apply anything twice (and the event rows are keyed by the central's change id).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from client.central.api import CentralClient
from client.domain import Stage
from offline.cases.orders import record_order
from offline.store import Store
from offline.sync.outbox import get_state, set_state

CURSOR_KEY = "changes_cursor"
PAGE_SIZE = 200
KNOWN_STAGES = {s.value for s in Stage}


@dataclass(frozen=True)
class PulledChanges:
    applied: int
    skipped: int  # for cases this profile does not hold
    cursor: str


def pull_changes(
    store: Store, client: CentralClient, cancelled: Any = None, page_size: int = PAGE_SIZE
) -> PulledChanges:
    applied = skipped = 0
    with store.read() as conn:
        cursor = get_state(conn, CURSOR_KEY) or ""
    while not (cancelled and cancelled()):
        params = {"limit": str(page_size)}
        if cursor:
            params["cursor"] = cursor
        page = client.call("getChanges", "GET", "/changes", params=params)
        changes = page.get("changes", [])
        new_cursor = str(page.get("cursor", cursor))
        with store.write() as db:
            for change in changes:
                if apply_change(db.conn, change):
                    applied += 1
                else:
                    skipped += 1
            set_state(db.conn, CURSOR_KEY, new_cursor)
        cursor = new_cursor
        if not page.get("has_more") or not changes:
            break
    return PulledChanges(applied, skipped, cursor)


def apply_change(conn: sqlite3.Connection, change: dict[str, Any]) -> bool:
    """One change inside the caller's transaction; False when the case is not ours."""
    case_id = str(change.get("case_id", ""))
    if conn.execute("SELECT 1 FROM cases WHERE case_id = ?", (case_id,)).fetchone() is None:
        return False
    kind = str(change.get("kind", ""))
    at = str(change.get("at", ""))
    handler = str(change.get("handler", "")) or "中心系统"
    details = {k: v for k, v in change.items() if k not in ("case_id", "case_number", "change_id")}
    if kind == "stage" and change.get("to_stage") in KNOWN_STAGES:
        stage = str(change["to_stage"])
        conn.execute(
            "UPDATE cases SET stage = ?, updated_at = ? WHERE case_id = ?", (stage, at, case_id)
        )
    elif kind == "decision":
        stage = _stage_of(conn, case_id)
        conn.execute(
            "UPDATE cases SET central_decision = ? WHERE case_id = ?",
            (json.dumps(change.get("decision"), ensure_ascii=False), case_id),
        )
    elif kind == "supervision":
        stage = _stage_of(conn, case_id)
        conn.execute(
            "UPDATE cases SET supervision = ? WHERE case_id = ?",
            (json.dumps(change.get("supervision"), ensure_ascii=False), case_id),
        )
    elif kind == "supervision_order":
        stage = _stage_of(conn, case_id)
        record_order(conn, case_id, change)  # 督办: malformed ones stay only as the event
    else:
        stage = _stage_of(conn, case_id)  # an unknown kind is kept as an event, not lost
    conn.execute(
        "INSERT OR IGNORE INTO case_events"
        " (event_id, case_id, kind, stage, payload, actor, occurred_at, source)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, 'central')",
        (
            f"central-{change.get('change_id')}",
            case_id,
            f"central.{kind}",
            stage,
            json.dumps(details, ensure_ascii=False),
            handler,
            at,
        ),
    )
    return True


def _stage_of(conn: sqlite3.Connection, case_id: str) -> str:
    return str(conn.execute("SELECT stage FROM cases WHERE case_id = ?", (case_id,)).fetchone()[0])
