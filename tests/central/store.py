"""The reference central's own SQLite database (plain sqlite3, one connection, one lock).

Request handlers run in worker threads; every access goes through `read()` or `write()`, which
serialise on one lock, so the database has one writer at a time and no "database is locked".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS tokens (
    token_hash TEXT PRIMARY KEY,             -- sha256 of the token; tokens are not stored
    kind TEXT NOT NULL CHECK (kind IN ('access', 'refresh')),
    username TEXT NOT NULL,
    role TEXT NOT NULL,
    window_code TEXT NOT NULL,
    issued_at REAL NOT NULL,                 -- unix time
    expires_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS catalog_items (
    code TEXT PRIMARY KEY,
    data TEXT,                               -- JSON; NULL once withdrawn
    seq INTEGER NOT NULL UNIQUE              -- bumped on every change (the cursor)
);
CREATE TABLE IF NOT EXISTS calendars (
    year INTEGER PRIMARY KEY,
    data TEXT NOT NULL                       -- JSON {year, holidays, workdays}
);
CREATE TABLE IF NOT EXISTS cases (
    case_id TEXT PRIMARY KEY,
    window_code TEXT NOT NULL,
    case_number TEXT NOT NULL,
    item_code TEXT NOT NULL,
    body TEXT NOT NULL,                      -- canonical JSON of the PUT body
    stage TEXT NOT NULL,
    decision TEXT,                           -- JSON
    supervision TEXT,                        -- JSON
    received_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL UNIQUE,
    case_id TEXT NOT NULL REFERENCES cases (case_id),
    response TEXT NOT NULL                   -- JSON, the Event representation
);
CREATE TABLE IF NOT EXISTS idempotency_keys (
    key TEXT PRIMARY KEY,                    -- kept forever
    window_code TEXT NOT NULL,
    request_hash TEXT NOT NULL,              -- sha256 of method, path and canonical body
    state TEXT NOT NULL CHECK (state IN ('in_flight', 'done')),
    status INTEGER,
    response TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS uploads (
    upload_id TEXT PRIMARY KEY,
    window_code TEXT NOT NULL,
    material_id TEXT,
    length INTEGER NOT NULL,
    offset INTEGER NOT NULL,
    metadata TEXT NOT NULL,                  -- the Upload-Metadata header as received
    sha256 TEXT,                             -- of the stored bytes, once complete
    state TEXT NOT NULL CHECK (state IN ('open', 'complete', 'terminated')),
    created_at REAL NOT NULL,
    expires_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS uploads_material ON uploads (window_code, material_id);
CREATE TABLE IF NOT EXISTS materials (
    material_id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (case_id),
    upload_id TEXT NOT NULL REFERENCES uploads (upload_id),
    body TEXT NOT NULL,                      -- canonical JSON of the PUT body
    response TEXT NOT NULL                   -- JSON, the Material representation
);
CREATE TABLE IF NOT EXISTS changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,   -- the feed's order and cursor
    window_code TEXT NOT NULL,
    case_id TEXT NOT NULL,
    data TEXT NOT NULL                       -- JSON, the Change representation without change_id
);
CREATE INDEX IF NOT EXISTS changes_window ON changes (window_code, seq);
CREATE TABLE IF NOT EXISTS audit_records (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    record_id TEXT NOT NULL UNIQUE,
    window_code TEXT NOT NULL,
    hash TEXT NOT NULL,
    data TEXT NOT NULL                       -- JSON, the record as received
);
CREATE INDEX IF NOT EXISTS audit_window ON audit_records (window_code, seq);
CREATE TABLE IF NOT EXISTS orders (             -- 督办 issued by the back office
    order_id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (case_id),
    data TEXT NOT NULL,                      -- JSON {order_id, deadline, note, issued_by, at}
    answer TEXT                              -- JSON: the window's supervision.reply body
);
CREATE TABLE IF NOT EXISTS ratings (            -- 好差评 per case, every one received
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL UNIQUE,
    case_id TEXT NOT NULL REFERENCES cases (case_id),
    data TEXT NOT NULL                       -- JSON, the Rating representation
);
CREATE TABLE IF NOT EXISTS handovers (         -- 出证/送达: the certify event's handover
    case_id TEXT PRIMARY KEY REFERENCES cases (case_id),
    data TEXT NOT NULL                       -- JSON, the Handover as received
);
CREATE TABLE IF NOT EXISTS counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
"""


def canonical(value: Any) -> str:
    """Sorted keys, no spaces: equal JSON values give equal text (and equal hashes)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def digest(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()


def now_iso() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="milliseconds")


class Store:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.uploads_dir = data_dir / "uploads"
        self.uploads_dir.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(
            data_dir / "central.sqlite3", check_same_thread=False, isolation_level=None
        )
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA journal_mode = WAL")
        self._conn.execute("PRAGMA foreign_keys = ON")
        self._conn.executescript(SCHEMA)

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            yield self._conn

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One transaction: committed when the block ends, rolled back on an exception."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def next_value(self, conn: sqlite3.Connection, name: str) -> int:
        """A named counter (inside a write transaction)."""
        conn.execute(
            "INSERT INTO counters (name, value) VALUES (?, 1)"
            " ON CONFLICT (name) DO UPDATE SET value = value + 1",
            (name,),
        )
        return int(conn.execute("SELECT value FROM counters WHERE name = ?", (name,)).fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._conn.close()
