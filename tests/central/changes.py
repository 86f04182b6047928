"""The changes feed (what the central did to a window's cases) and the audit intake."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import ConfigDict, Field

from tests.central.auth import Who
from tests.central.bodies import Body
from tests.central.cases import SHA256_PATTERN, UUID_PATTERN, DateTime
from tests.central.problems import ProblemError
from tests.central.reference import parse_cursor
from tests.central.store import canonical

router = APIRouter(tags=["sync"])
GENESIS = "0" * 64


def record_change(conn: sqlite3.Connection, case_id: str, change: dict[str, Any]) -> None:
    """Append one change of a case to its window's feed (inside the write transaction)."""
    row = conn.execute(
        "SELECT window_code, case_number FROM cases WHERE case_id = ?", (case_id,)
    ).fetchone()
    data = {"case_id": case_id, "case_number": row["case_number"], **change}
    conn.execute(
        "INSERT INTO changes (window_code, case_id, data) VALUES (?, ?, ?)",
        (row["window_code"], case_id, json.dumps(data, ensure_ascii=False)),
    )


@router.get("/changes")
def get_changes(
    who: Who,
    cursor: Annotated[str, Query(max_length=64)] = "",
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> dict[str, Any]:
    after = parse_cursor(cursor)
    with who.context.store.read() as conn:
        rows = conn.execute(
            "SELECT seq, data FROM changes WHERE window_code = ? AND seq > ? ORDER BY seq LIMIT ?",
            (who.window_code, after, limit + 1),
        ).fetchall()
    page = rows[:limit]
    return {
        "changes": [{"change_id": r["seq"], **json.loads(r["data"])} for r in page],
        "cursor": str(page[-1]["seq"] if page else after),
        "has_more": len(rows) > limit,
    }


class AuditRecord(Body):
    model_config = ConfigDict(extra="forbid")

    record_id: str = Field(pattern=UUID_PATTERN)
    at: DateTime
    actor: str
    window_code: str
    action: str
    case_id: str | None = Field(pattern=UUID_PATTERN)
    details: str
    prev_hash: str = Field(pattern=SHA256_PATTERN)
    hash: str = Field(pattern=SHA256_PATTERN)


class AuditBatch(Body):
    records: list[AuditRecord] = Field(max_length=1000)


def record_hash(record: dict[str, Any]) -> str:
    """sha256 of the canonical JSON of every field but `hash` (as offline/storage/audit.py does;
    written again here so the server checks the client independently)."""
    content = {k: v for k, v in record.items() if k != "hash"}
    return hashlib.sha256(canonical(content).encode("utf-8")).hexdigest()


@router.post("/audit")
def post_audit(batch: AuditBatch, who: Who) -> dict[str, Any]:
    stored = duplicates = 0
    who.context.faults.pause()
    with who.context.store.write() as conn:
        tip_row = conn.execute(
            "SELECT hash FROM audit_records WHERE window_code = ? ORDER BY seq DESC LIMIT 1",
            (who.window_code,),
        ).fetchone()
        tip = tip_row["hash"] if tip_row else None  # the first record anchors the chain
        for position, model in enumerate(batch.records):
            record = model.model_dump(mode="json")
            if record["window_code"] != who.window_code:
                raise ProblemError(
                    403, "window-mismatch", "Not this window's record", str(position)
                )
            known = conn.execute(
                "SELECT hash FROM audit_records WHERE record_id = ?", (record["record_id"],)
            ).fetchone()
            if known is not None:
                if known["hash"] != record["hash"]:
                    raise ProblemError(
                        409,
                        "audit-record-conflict",
                        "Record stored with another hash",
                        record["record_id"],
                    )
                duplicates += 1
                continue
            if record_hash(record) != record["hash"]:
                raise ProblemError(
                    422,
                    "audit-hash-mismatch",
                    "Record hash does not match its content",
                    f"Record {position} ({record['record_id']}).",
                )
            if tip is not None and record["prev_hash"] != tip:
                raise ProblemError(
                    422,
                    "audit-chain-broken",
                    "Record does not continue the window's chain",
                    f"Record {position} ({record['record_id']}): prev_hash should be {tip}.",
                )
            conn.execute(
                "INSERT INTO audit_records (record_id, window_code, hash, data)"
                " VALUES (?, ?, ?, ?)",
                (record["record_id"], who.window_code, record["hash"], canonical(record)),
            )
            tip = record["hash"]
            stored += 1
    return {"stored": stored, "duplicates": duplicates, "last_hash": tip or GENESIS}
