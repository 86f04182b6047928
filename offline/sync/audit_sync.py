"""Sending the hash-chained audit log to the central system (`POST /audit`), in batches.

The central keeps its own copy of each window's chain and checks every hash, which is what
makes deleting the last local records detectable (docs/architecture.md, Security). The
position of the last record sent is kept in `sync_state` and moves only after the server
stored the batch; a batch sent twice is answered with "duplicates", never stored twice.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from client.central.api import CentralClient
from client.central.replies import contract_error
from offline.storage import audit
from offline.storage.store import Store
from offline.sync.outbox import get_state, set_state

POSITION_KEY = "audit_seq"  # the last record the central stored
ANCHOR_KEY = "audit_anchor_seq"  # records up to here stayed local (set-up before connecting)
BATCH = 500


@dataclass(frozen=True)
class AuditPush:
    sent: int
    remaining: int


def audit_position(conn: sqlite3.Connection) -> int:
    return int(get_state(conn, POSITION_KEY) or 0)


def unsent_audit_records(store: Store) -> int:
    with store.read() as conn:
        position = audit_position(conn)
        return int(
            conn.execute("SELECT count(*) FROM audit_log WHERE seq > ?", (position,)).fetchone()[0]
        )


def start_audit_after_current(conn: sqlite3.Connection) -> None:
    """Connecting a profile: records written before (local set-up) stay local; the window's
    chain at the central starts with the connection's own record."""
    top = conn.execute("SELECT coalesce(max(seq), 0) FROM audit_log").fetchone()[0]
    set_state(conn, POSITION_KEY, str(top))
    set_state(conn, ANCHOR_KEY, str(top))


def push_audit(
    store: Store,
    client: CentralClient,
    cancelled: Callable[[], bool] | None = None,
    batch: int = BATCH,
) -> AuditPush:
    sent = 0
    while not (cancelled and cancelled()):
        with store.read() as conn:
            position = audit_position(conn)
            rows = conn.execute(
                f"SELECT seq, {', '.join(audit.FIELDS)} FROM audit_log WHERE seq > ?"
                " ORDER BY seq LIMIT ?",
                (position, batch),
            ).fetchall()
        if not rows:
            break
        records = [dict(zip(audit.FIELDS, row[1:], strict=True)) for row in rows]
        result = client.call("postAudit", "POST", "/audit", json={"records": records})
        check_audit_result(result, records)
        with store.write() as db:
            set_state(db.conn, POSITION_KEY, str(rows[-1][0]))
        sent += len(rows)
    return AuditPush(sent, unsent_audit_records(store))


def check_audit_result(result: dict[str, Any], records: list[dict[str, Any]]) -> None:
    """The central's chain must end where ours does and count every record sent: anything
    else is not its answer to this batch, and the position must not move."""
    if result["last_hash"] != records[-1]["hash"]:
        raise contract_error("postAudit：last_hash")
    if result["stored"] + result["duplicates"] != len(records):
        raise contract_error("postAudit：stored + duplicates")
