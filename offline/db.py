"""Opening the offline database: pragmas, migrations with a backup first, write transactions."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from offline.migrations import MIGRATIONS

BUSY_TIMEOUT_MS = 10_000


class DatabaseTooNewError(RuntimeError):
    """The database was written by a newer Chuangkou; refuse rather than guess."""


def connect(path: Path) -> sqlite_utils.Database:
    """Open (creating if needed) and configure the database; run pending migrations.

    `isolation_level=None` leaves transaction control to us: `write_transaction` issues
    BEGIN IMMEDIATE, and sqlite-utils' own `atomic()` nests inside it as savepoints.
    """
    conn = sqlite3.connect(
        str(path),
        isolation_level=None,
        check_same_thread=False,
        timeout=BUSY_TIMEOUT_MS / 1000,
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    db = sqlite_utils.Database(conn, execute_plugins=False)
    migrate(db, path)
    return db


def schema_version(db: sqlite_utils.Database) -> int:
    return int(db.conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: sqlite_utils.Database, path: Path) -> None:
    current = schema_version(db)
    target = len(MIGRATIONS)
    if current > target:
        raise DatabaseTooNewError(
            f"database schema {current} is newer than this program's {target}"
        )
    if current == target:
        return
    if current > 0:
        backup(db, path.with_name(f"{path.name}.v{current}.{_stamp()}.bak"))
    for version in range(current, target):
        script = MIGRATIONS[version]
        try:
            # executescript would COMMIT an open transaction first, so the transaction
            # lives inside the script, with the version bump.
            db.conn.executescript(
                f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {version + 1};\nCOMMIT;"
            )
        except BaseException:
            if db.conn.in_transaction:
                db.conn.execute("ROLLBACK")
            raise


def backup(db: sqlite_utils.Database, destination: Path) -> None:
    """A consistent copy through SQLite's online backup API (safe while in WAL mode)."""
    target = sqlite3.connect(str(destination))
    try:
        db.conn.backup(target)
    finally:
        target.close()


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One atomic write group. BEGIN IMMEDIATE takes the write lock up front, so two
    processes never deadlock upgrading a read transaction."""
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    else:
        db.conn.execute("COMMIT")


def integrity_problems(db: sqlite_utils.Database) -> list[str]:
    rows = db.conn.execute("PRAGMA integrity_check").fetchall()
    problems = [str(r[0]) for r in rows if r[0] != "ok"]
    problems += [
        f"foreign key: {r[0]} row {r[1]} -> {r[2]}"
        for r in db.conn.execute("PRAGMA foreign_key_check").fetchall()
    ]
    return problems


def _stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d%H%M%S")
