"""Opening the offline database: its key, pragmas, migrations with a backup first, write
transactions.

The database is SQLCipher (the `sqlcipher3` driver, a DB-API module like sqlite3): every page
is encrypted under a raw key derived from the profile's data key (docs/at-rest.md), so no
PBKDF2 runs per connection. Its exceptions are not sqlite3's: catch `Error`, `DatabaseError`,
`IntegrityError`, `OperationalError` from here (each names both drivers' class, as sqlite-utils
still raises sqlite3's own now and then).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, cast

import sqlcipher3.dbapi2 as cipher
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from client.errors import ClerkError
from client.i18n import translate
from offline.storage.migrations import MIGRATIONS
from offline.storage.private_files import touch_private

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 10_000
READER_CACHE_KIB = 32 * 1024
# What a database in clear starts with; an encrypted one starts with its random salt.
CLEAR_HEADER = b"SQLite format 3\x00"
_KEY_PURPOSE = b"chuangkou sqlcipher database key v1"
_SQLITE_NOTADB = 26

Error = (sqlite3.Error, cipher.Error)
DatabaseError = (sqlite3.DatabaseError, cipher.DatabaseError)
IntegrityError = (sqlite3.IntegrityError, cipher.IntegrityError)
OperationalError = (sqlite3.OperationalError, cipher.OperationalError)
# Typed as sqlite3's (the API is the same; the connections are cast likewise in open_file).
Row = cast("type[sqlite3.Row]", cipher.Row)


class DatabaseTooNewError(ClerkError, RuntimeError):
    """The database was written by a newer Chuangkou; refuse rather than guess."""


class WrongDatabaseKey(ValueError):
    """The file does not open under the key given: another profile's, damaged, or in clear."""


def database_key(data_key: bytes) -> bytes:
    """The database's raw SQLCipher key: the data key through HKDF under its own purpose, so
    the database and the files never share a key."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_KEY_PURPOSE).derive(data_key)


def is_clear(path: Path) -> bool:
    """A database file written in clear (by a version from before the encryption)."""
    try:
        with open(path, "rb") as f:
            return f.read(len(CLEAR_HEADER)) == CLEAR_HEADER
    except FileNotFoundError:
        return False


def open_file(
    path: Path | str, key: bytes | None, *, uri: bool = False, timeout: float = BUSY_TIMEOUT_MS
) -> sqlite3.Connection:
    """A bare connection to one database file under `key` (None: a file in clear), checked:
    WrongDatabaseKey when the key does not open it. The cast: sqlcipher3's connection has
    sqlite3's API, which is what the rest of the code (and sqlite-utils) is typed against."""
    conn = cipher.connect(
        str(path),
        isolation_level=None,
        check_same_thread=False,
        timeout=timeout / 1000,
        uri=uri,
    )
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")  # its own stderr log: we say it better
        if key is not None:
            conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except cipher.DatabaseError as exc:
        conn.close()
        if getattr(exc, "sqlite_errorcode", -1) & 0xFF == _SQLITE_NOTADB:
            raise WrongDatabaseKey(str(path)) from exc
        raise
    return cast(sqlite3.Connection, conn)


def connect(path: Path, key: bytes | None) -> sqlite3.Connection:
    """Open (creating if needed) and configure the database; run pending migrations.

    `isolation_level=None` leaves transaction control to us: `write_transaction` issues
    BEGIN IMMEDIATE, and sqlite-utils' own `atomic()` nests inside it as savepoints.
    Reads use the plain connection; `utils_db` wraps it in sqlite-utils for writes.
    `key` None is a database in clear: only the tests' old-version profiles are.
    """
    conn = open_file(path, key)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    migrate(conn, path, key)
    return conn


def connect_reader(path: Path, key: bytes | None) -> sqlite3.Connection:
    """A second connection for reads, so the window can read while a write waits for the
    lock (WAL readers never wait for writers). Call after `connect` has migrated."""
    conn = open_file(path, key)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    # Pages are decrypted into SQLite's own cache (the OS's cache holds ciphertext): one big
    # enough for the search indexes of a large profile saves decrypting them on every search.
    conn.execute(f"PRAGMA cache_size = -{READER_CACHE_KIB}")
    return conn


def utils_db(conn: sqlite3.Connection) -> sqlite_utils.Database:
    """sqlite-utils over our connection. Imported on first write, not at start-up: with its
    dependencies it costs more than the rest of the window's start."""
    import sqlite_utils

    return sqlite_utils.Database(conn, execute_plugins=False)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, path: Path, key: bytes | None) -> None:
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
        backup(conn, path.with_name(f"{path.name}.v{current}.{_stamp()}.bak"), key)
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


def backup(conn: sqlite3.Connection, destination: Path, key: bytes | None) -> None:
    """A consistent copy through SQLite's online backup API (safe while in WAL mode),
    encrypted under the same key and private to the account like the database
    (offline/storage/private_files.py)."""
    touch_private(destination)
    target = open_file(destination, key)
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


def cipher_problems(conn: sqlite3.Connection) -> list[str]:
    """SQLCipher's check of every page's authentication code: [] when none was changed. A
    damaged encrypted page otherwise surfaces as MemoryError or "SQL logic error", so the
    checks ask this first."""
    return [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check").fetchall()]


def quick_check(conn: sqlite3.Connection) -> list[str]:
    """SQLCipher's page check, then SQLite's quick_check (pages and structure, not index
    contents): [] when sound. Seconds on a large database, so only ever off the UI thread."""
    problems = cipher_problems(conn)
    if problems:
        return problems
    return [str(r[0]) for r in conn.execute("PRAGMA quick_check").fetchall() if r[0] != "ok"]


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """SQLCipher's and SQLite's own checks, worded for an administrator (their detail kept)."""
    damaged = cipher_problems(conn)
    if not damaged:
        damaged = [str(r[0]) for r in conn.execute("PRAGMA integrity_check").fetchall()]
    problems = [
        translate("db", "数据库文件损坏：{detail}").format(detail=d) for d in damaged if d != "ok"
    ]
    if damaged and damaged != ["ok"]:
        return problems
    problems += [
        translate("db", "数据关联缺失：表 {table} 第 {row} 行引用的 {parent} 记录不存在").format(
            table=r[0], row=r[1], parent=r[2]
        )
        for r in conn.execute("PRAGMA foreign_key_check").fetchall()
    ]
    return problems


def _stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d%H%M%S")
