"""Opening the offline database: pragmas, migrations with a backup first, write transactions."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from client.errors import ClerkError
from client.i18n import translate
from offline.migrations import MIGRATIONS
from offline.private_files import touch_private

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 10_000


class DatabaseTooNewError(ClerkError, RuntimeError):
    """The database was written by a newer Chuangkou; refuse rather than guess."""


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) and configure the database; run pending migrations.

    `isolation_level=None` leaves transaction control to us: `write_transaction` issues
    BEGIN IMMEDIATE, and sqlite-utils' own `atomic()` nests inside it as savepoints.
    Reads use the plain connection; `utils_db` wraps it in sqlite-utils for writes.
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
    migrate(conn, path)
    return conn


def connect_reader(path: Path) -> sqlite3.Connection:
    """A second connection for reads, so the window can read while a write waits for the
    lock (WAL readers never wait for writers). Call after `connect` has migrated."""
    conn = sqlite3.connect(
        str(path), isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def utils_db(conn: sqlite3.Connection) -> sqlite_utils.Database:
    """sqlite-utils over our connection. Imported on first write, not at start-up: with its
    dependencies it costs more than the rest of the window's start."""
    import sqlite_utils

    return sqlite_utils.Database(conn, execute_plugins=False)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, path: Path) -> None:
    current = schema_version(conn)
    target = len(MIGRATIONS)
    if current > target:
        raise DatabaseTooNewError(
            translate(
                "db", "数据库由较新版本的本程序写入（数据库版本 {current}，本程序 {target}）"
            ).format(current=current, target=target),
            translate("db", "请安装较新版本的窗口受理客户端后再打开这个配置目录。"),
        )
    if current == target:
        return
    if current > 0:
        backup(conn, path.with_name(f"{path.name}.v{current}.{_stamp()}.bak"))
    for version in range(current, target):
        script = MIGRATIONS[version]
        try:
            # executescript would COMMIT an open transaction first, so the transaction
            # lives inside the script, with the version bump.
            conn.executescript(
                f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {version + 1};\nCOMMIT;"
            )
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


def backup(conn: sqlite3.Connection, destination: Path) -> None:
    """A consistent copy through SQLite's online backup API (safe while in WAL mode),
    private to the account like the database (offline/private_files.py)."""
    touch_private(destination)
    target = sqlite3.connect(str(destination))
    try:
        conn.backup(target)
    finally:
        target.close()


@contextlib.contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One atomic write group. BEGIN IMMEDIATE takes the write lock up front, so two
    processes never deadlock upgrading a read transaction."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        try:
            conn.execute("COMMIT")
        except BaseException:
            # A COMMIT that failed (disk full) may leave the transaction open: end it, so the
            # next write starts clean and nothing of this one is kept.
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


def quick_check(conn: sqlite3.Connection) -> list[str]:
    """SQLite's quick_check (pages and structure, not index contents): [] when sound.
    Seconds on a large database, so only ever off the UI thread."""
    return [str(r[0]) for r in conn.execute("PRAGMA quick_check").fetchall() if r[0] != "ok"]


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """SQLite's own checks, worded for an administrator (SQLite's detail kept)."""
    rows = conn.execute("PRAGMA integrity_check").fetchall()
    problems = [
        translate("db", "数据库文件损坏：{detail}").format(detail=r[0])
        for r in rows
        if r[0] != "ok"
    ]
    problems += [
        translate("db", "数据关联缺失：表 {table} 第 {row} 行引用的 {parent} 记录不存在").format(
            table=r[0], row=r[1], parent=r[2]
        )
        for r in conn.execute("PRAGMA foreign_key_check").fetchall()
    ]
    return problems


def _stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d%H%M%S")
