"""A case event, written with its `event.post` outbox operation in the caller's transaction;
likewise a material file with its `material.upload` operation."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import Any

from client.generated_ids import uuid7


def stamp(now: dt.datetime) -> str:
    return now.isoformat(timespec="milliseconds")


def record_event(
    conn: sqlite3.Connection,
    case_id: str,
    kind: str,
    stage: str,
    payload: dict[str, Any],
    actor: str,
    now: dt.datetime,
    synced: bool = True,
) -> str:
    """The event row (the case's history) and, when `synced`, its outbox operation."""
    event_id = uuid7()
    at = stamp(now)
    conn.execute(
        "INSERT INTO case_events"
        " (event_id, case_id, kind, stage, payload, actor, occurred_at, source)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, 'local')",
        (event_id, case_id, kind, stage, json.dumps(payload, ensure_ascii=False), actor, at),
    )
    if synced:
        body = {"event_id": event_id, "kind": kind, "stage": stage, "occurred_at": at}
        body |= {"actor": actor, **payload}
        conn.execute(
            "INSERT INTO outbox (op_id, case_id, kind, payload, created_at, updated_at)"
            " VALUES (?, ?, 'event.post', ?, ?, ?)",
            (uuid7(), case_id, json.dumps(body, ensure_ascii=False), at, at),
        )
    return event_id


def queue_material_file(conn: sqlite3.Connection, row: dict[str, Any], now: dt.datetime) -> None:
    """The `material_files` row of a file already in the file store, and its upload."""
    at = stamp(now)
    conn.execute(
        f"INSERT INTO material_files ({', '.join(row)}, stored_at)"
        f" VALUES ({', '.join('?' * len(row))}, ?)",
        (*row.values(), at),
    )
    conn.execute(
        "INSERT INTO outbox (op_id, case_id, kind, payload, created_at, updated_at)"
        " VALUES (?, ?, 'material.upload', ?, ?, ?)",
        (uuid7(), row["case_id"], json.dumps(row, ensure_ascii=False), at, at),
    )
