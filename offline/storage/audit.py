"""The append-only, hash-chained audit log.

Each record's hash covers its content and the previous record's hash, so editing or removing
any record (even with the triggers dropped) breaks every hash after it. `verify_chain`
recomputes the whole chain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from typing import TYPE_CHECKING, Any

from client.generated_ids import uuid7
from client.i18n import translate

if TYPE_CHECKING:
    import sqlite_utils

GENESIS = "0" * 64


def canonical_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


# What a record's hash covers, in the order the central receives them; then the hash itself.
HASHED_FIELDS: tuple[str, ...] = (
    "record_id",
    "at",
    "actor",
    "window_code",
    "action",
    "case_id",
    "details",
    "prev_hash",
)
FIELDS: tuple[str, ...] = (*HASHED_FIELDS, "hash")


def record_hash(record: dict[str, Any]) -> str:
    content = {k: record[k] for k in HASHED_FIELDS}
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


def append(
    db: sqlite_utils.Database,
    *,
    actor: str,
    window_code: str,
    action: str,
    details: dict[str, Any],
    case_id: str | None = None,
    at: dt.datetime | None = None,
) -> str:
    """Append one record; call inside the write transaction of the action it records."""
    if not db.conn.in_transaction:
        raise RuntimeError("audit.append must run inside the action's transaction")
    row = db.conn.execute("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    record: dict[str, Any] = {
        "record_id": uuid7(),
        "at": (at or dt.datetime.now().astimezone()).isoformat(timespec="milliseconds"),
        "actor": actor,
        "window_code": window_code,
        "action": action,
        "case_id": case_id,
        "details": canonical_json(details),
        "prev_hash": row[0] if row else GENESIS,
    }
    record["hash"] = record_hash(record)
    db.table("audit_log").insert(record)
    return str(record["hash"])


def verify_chain(conn: sqlite3.Connection) -> list[str]:
    """Problems found walking the chain from the first record; empty when intact."""
    problems: list[str] = []
    prev = GENESIS
    cursor = conn.execute(
        "SELECT seq, record_id, at, actor, window_code, action, case_id, details, prev_hash, hash"
        " FROM audit_log ORDER BY seq"
    )
    names = [c[0] for c in cursor.description]
    for values in cursor:
        record = dict(zip(names, values, strict=True))
        if record["prev_hash"] != prev:
            msg = translate("audit", "审计记录 {seq} 与前一条记录断链（有记录被删除或插入）")
            problems.append(msg.format(seq=record["seq"]))
        if record_hash(record) != record["hash"]:
            msg = translate("audit", "审计记录 {seq} 的内容与其哈希不符（记录被改动）")
            problems.append(msg.format(seq=record["seq"]))
        prev = record["hash"]
    return problems
