"""The outbox as the sync engine and the queue screen see it.

Operations of one case are sent strictly in `seq` order: a case's *head* is its first
operation not yet done, and only a pending head whose retry time has come may be sent. A
parked head (refused for good by the server) holds back its own case and nothing else.

"In flight" is kept in memory by the engine, not written here: an operation is either done
(acknowledged by the server) or it will be sent again with the same idempotency key, which
is what makes a crash at any moment safe.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from client.i18n import translate
from offline.storage.store import Store


def _t(text: str) -> str:
    return translate("outbox", text)


class OpState(StrEnum):
    PENDING = "pending"
    IN_FLIGHT = "in_flight"  # only ever in memory (see the module docstring) or from old rows
    DONE = "done"
    PARKED = "parked"  # needs attention (需处理)


KIND_LABELS = {
    "case.put": "登记办件",
    "event.post": "办件环节",
    "material.upload": "上传材料",
}


@dataclass(frozen=True)
class Operation:
    seq: int
    op_id: str
    case_id: str
    kind: str
    payload: dict[str, Any]
    state: OpState
    attempts: int
    next_attempt_at: dt.datetime | None
    upload_url: str | None
    last_error: str
    created_at: str

    @property
    def size(self) -> int:
        """Bytes to send: the file for an upload, nothing worth counting otherwise."""
        return int(self.payload.get("size", 0)) if self.kind == "material.upload" else 0

    @property
    def label(self) -> str:
        return _t(KIND_LABELS.get(self.kind, self.kind))


@dataclass(frozen=True)
class QueueEntry:
    """One not-yet-done operation with its case, for the queue screen and `queue` CLI."""

    op: Operation
    case_number: str
    item_name: str


@dataclass(frozen=True)
class OutboxCounts:
    pending: int  # waiting to be sent (includes parked)
    parked: int  # operations needing attention
    parked_cases: int
    bytes_pending: int
    oldest_pending_at: dt.datetime | None
    next_due_at: dt.datetime | None  # earliest retry time of a pending head


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _stamp(moment: dt.datetime) -> str:
    """UTC, fixed width: these strings compare in time order inside SQLite."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


def _parse(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


_COLUMNS = (
    "seq, op_id, case_id, kind, payload, state, attempts, next_attempt_at, upload_url,"
    " last_error, created_at"
)


def _op(row: sqlite3.Row | tuple[Any, ...]) -> Operation:
    return Operation(
        seq=row[0],
        op_id=row[1],
        case_id=row[2] or "",
        kind=row[3],
        payload=json.loads(row[4]),
        state=OpState(row[5]),
        attempts=row[6],
        next_attempt_at=_parse(row[7]),
        upload_url=row[8],
        last_error=row[9] or "",
        created_at=row[10],
    )


# The head of every case: its first operation that is not done.
_HEADS = """
SELECT o.case_id, o.state, o.next_attempt_at, o.seq FROM outbox o
WHERE o.seq IN (SELECT min(seq) FROM outbox WHERE state != 'done' GROUP BY case_id)
"""


class Outbox:
    def __init__(self, store: Store) -> None:
        self.store = store

    # --- reading ----------------------------------------------------------------------------

    def due_cases(self, now: dt.datetime, limit: int, exclude: set[str]) -> list[str]:
        """Cases whose head may be sent now, oldest first."""
        with self.store.read() as conn:
            rows = conn.execute(
                f"{_HEADS} AND o.state IN ('pending', 'in_flight')"
                " AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= ?) ORDER BY o.seq",
                (_stamp(now),),
            ).fetchall()
        due = [row[0] for row in rows if row[0] not in exclude]
        return due[:limit]

    def head(self, case_id: str) -> Operation | None:
        with self.store.read() as conn:
            row = conn.execute(
                f"SELECT {_COLUMNS} FROM outbox WHERE case_id = ? AND state != 'done'"
                " ORDER BY seq LIMIT 1",
                (case_id,),
            ).fetchone()
        return _op(row) if row else None

    def operation(self, op_id: str) -> Operation | None:
        with self.store.read() as conn:
            row = conn.execute(
                f"SELECT {_COLUMNS} FROM outbox WHERE op_id = ?", (op_id,)
            ).fetchone()
        return _op(row) if row else None

    def case_operations(self, case_id: str) -> list[Operation]:
        """Every operation of one case, done or not, in send order."""
        with self.store.read() as conn:
            rows = conn.execute(
                f"SELECT {_COLUMNS} FROM outbox WHERE case_id = ? ORDER BY seq", (case_id,)
            ).fetchall()
        return [_op(row) for row in rows]

    def counts(self) -> OutboxCounts:
        with self.store.read() as conn:
            pending, parked, size, oldest = conn.execute(
                "SELECT count(*), coalesce(sum(state = 'parked'), 0),"
                " coalesce(sum(CASE WHEN kind = 'material.upload'"
                "  THEN json_extract(payload, '$.size') ELSE 0 END), 0),"
                " min(created_at) FROM outbox WHERE state != 'done'"
            ).fetchone()
            parked_cases = conn.execute(
                "SELECT count(DISTINCT case_id) FROM outbox WHERE state = 'parked'"
            ).fetchone()[0]
            next_due = conn.execute(
                f"SELECT min(coalesce(o.next_attempt_at, '')) FROM ({_HEADS}) o"
                " WHERE o.state != 'parked'"
            ).fetchone()[0]
        return OutboxCounts(
            pending=pending,
            parked=parked,
            parked_cases=parked_cases,
            bytes_pending=int(size),
            oldest_pending_at=_parse(oldest),
            next_due_at=(_parse(next_due) or utc_now()) if next_due is not None else None,
        )

    def entries(self, offset: int = 0, limit: int = -1) -> list[QueueEntry]:
        """Operations not yet done, grouped by case in send order; a page of them when
        `limit` is given (the queue screen fetches more as the clerk scrolls)."""
        with self.store.read() as conn:
            rows = conn.execute(
                "WITH heads AS (SELECT case_id, min(seq) AS first FROM outbox"
                "  WHERE state != 'done' GROUP BY case_id)"
                f" SELECT {', '.join('o.' + c.strip() for c in _COLUMNS.split(','))},"
                " coalesce(c.case_number, ''), coalesce(c.item_name, '')"
                " FROM heads h JOIN outbox o ON o.case_id IS h.case_id AND o.state != 'done'"
                " LEFT JOIN cases c ON c.case_id = o.case_id"
                " ORDER BY h.first, o.seq LIMIT ? OFFSET ?",
                (limit, offset),
            ).fetchall()
        return [QueueEntry(_op(r[:11]), r[11], r[12]) for r in rows]

    def pending_count(self) -> int:
        """How many rows `entries()` holds (through the pending-only index)."""
        with self.store.read() as conn:
            return int(
                conn.execute(
                    # the planner would rather walk the (smaller-looking) full state index
                    "SELECT count(*) FROM outbox INDEXED BY outbox_pending WHERE state != 'done'"
                ).fetchone()[0]
            )

    # --- writing ----------------------------------------------------------------------------

    def mark_done(
        self, op: Operation, extra_sql: tuple[str, tuple[Any, ...]] | None = None
    ) -> None:
        """Acknowledged by the server; `extra_sql` commits in the same transaction.

        Not fsynced: should a power cut lose this mark, the operation is sent again with
        the same idempotency key and the server answers with what it stored. The next
        durable commit (any intake) makes it durable too."""
        stamp = _stamp(utc_now())
        with self.store.write(durable=False) as db:
            db.conn.execute(
                "UPDATE outbox SET state = 'done', last_error = NULL, updated_at = ?"
                " WHERE op_id = ?",
                (stamp, op.op_id),
            )
            if extra_sql is not None:
                db.conn.execute(*extra_sql)
            set_state(db.conn, "last_success_at", stamp)

    def mark_retry(self, op: Operation, reason: str, delay_seconds: float) -> None:
        now = utc_now()
        with self.store.write() as db:
            db.conn.execute(
                "UPDATE outbox SET state = 'pending', attempts = attempts + 1,"
                " next_attempt_at = ?, last_error = ?, updated_at = ? WHERE op_id = ?",
                (
                    _stamp(now + dt.timedelta(seconds=delay_seconds)),
                    reason,
                    _stamp(now),
                    op.op_id,
                ),
            )

    def forget_upload(self, op: Operation) -> None:
        """The server lost or expired the upload: the next try starts a new one."""
        with self.store.write() as db:
            db.conn.execute(
                "UPDATE outbox SET upload_url = NULL, updated_at = ? WHERE op_id = ?",
                (_stamp(utc_now()), op.op_id),
            )

    def park(self, op: Operation, reason: str) -> None:
        with self.store.write() as db:
            db.conn.execute(
                "UPDATE outbox SET state = 'parked', attempts = attempts + 1, last_error = ?,"
                " updated_at = ? WHERE op_id = ?",
                (reason, _stamp(utc_now()), op.op_id),
            )

    def retry_case(self, case_id: str) -> int:
        """The clerk asks to try a parked case again (after the cause was fixed centrally)."""
        with self.store.write() as db:
            cursor = db.conn.execute(
                "UPDATE outbox SET state = 'pending', next_attempt_at = NULL, updated_at = ?"
                " WHERE case_id = ? AND state IN ('parked', 'in_flight')",
                (_stamp(utc_now()), case_id),
            )
            return cursor.rowcount

    def retry_all_now(self) -> None:
        """立即同步: every waiting (not parked) operation becomes due now."""
        with self.store.write() as db:
            db.conn.execute(
                "UPDATE outbox SET next_attempt_at = NULL WHERE state = 'pending'"
                " AND next_attempt_at IS NOT NULL"
            )

    def reset_in_flight(self) -> None:
        """Rows an older version left in flight are simply pending again (same key)."""
        with self.store.write() as db:
            db.conn.execute("UPDATE outbox SET state = 'pending' WHERE state = 'in_flight'")


def get_state(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM sync_state WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row else None


def set_state(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO sync_state (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def last_success(store: Store) -> dt.datetime | None:
    with store.read() as conn:
        return _parse(get_state(conn, "last_success_at"))
