"""The database encrypted at rest: converting a database written in clear by an older version,
and moving every copy to a new key during a key rotation (docs/at-rest.md).

Conversion, one file at a time (the database, then its migration backups and the last good
copy, which hold the same personal data):

1. the clear file is checkpointed and switched out of WAL, so everything committed is in the
   file itself and no -wal/-shm remains beside it;
2. for the database itself, the migration backup (`chuangkou.db.v<N>.<stamp>.bak`) is made
   first, as before any migration, but encrypted: no clear copy is made;
3. `sqlcipher_export` writes an encrypted copy beside it (`.encrypting`), which is read back
   and compared with the original table by table, made durable, then renamed over the clear
   file (atomic).

A kill at any moment leaves the clear original intact (converted on the next open) or the
encrypted file in its place; a stale `.encrypting` is removed. What the rename cannot do is
scrub the disk blocks the clear file occupied: on an SSD only full-disk encryption does.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import threading
from pathlib import Path

from client.errors import ClerkError
from offline.at_rest.crypto_files import fsync_dir
from offline.at_rest.data_key import KEY_FILE, DataKeys
from offline.storage.db import (
    DatabaseError,
    WrongDatabaseKey,
    cipher_problems,
    connect_reader,
    database_key,
    is_clear,
    open_file,
    schema_version,
)
from offline.storage.private_files import touch_private
from offline.storage.settings import Settings
from offline.storage.storage_errors import (
    DB_NAME,
    LAST_GOOD,
    DatabaseCorrupt,
    DatabaseKeyChanged,
    corrupt,
    key_changed,
    storage_error,
    wrong_key,
)

PART_SUFFIX = ".encrypting"


def database_key_of(profile: Path, keys: DataKeys) -> bytes:
    """The key the database opens with: the current data key's, or the next one's when a
    rotation was killed after rekeying it. A database still in clear (an older version) is
    encrypted first. A database no key opens gives DatabaseKeyMismatch, untouched."""
    db_file = profile / DB_NAME
    candidates = [database_key(keys.key(kid)) for kid in keys.key_ids()]
    encrypt_clear_databases(profile, candidates[0])
    if not db_file.is_file() or db_file.stat().st_size == 0:
        return candidates[0]
    for key in candidates:
        try:
            open_file(db_file, key).close()
        except WrongDatabaseKey:
            continue
        return key
    raise wrong_key(profile)


def page_damage(db_file: Path, key: bytes) -> list[str]:
    """SQLCipher's word on which pages fail their authentication (MemoryError otherwise)."""
    try:
        conn = open_file(db_file, key)
    except (*DatabaseError, WrongDatabaseKey, OSError) as exc:
        return [str(exc)]
    try:
        return cipher_problems(conn)
    finally:
        conn.close()


class ReaderRecovery:
    """The store's way back after SQLCipher failed a read (offline/storage/store.py)."""

    profile: Path
    db_key: bytes
    reader: sqlite3.Connection
    settings: Settings
    _read_lock: threading.RLock

    def _clerk_error(self, exc: BaseException) -> ClerkError | None:
        """MemoryError is how SQLCipher reports a page failing its authentication (its check
        confirms). After damage the connection fails every statement: a new reader still
        reads the sound tables (settings, screens), as in clear."""
        error: ClerkError | None = storage_error(exc, self.profile)
        if isinstance(exc, MemoryError) and (
            damage := page_damage(self.profile / DB_NAME, self.db_key)
        ):
            error = corrupt(self.profile, damage[0])
        if isinstance(error, DatabaseCorrupt) and hasattr(self, "settings"):
            try:
                self._fresh_reader()
            except DatabaseKeyChanged as changed:
                return changed
        return error

    def _fresh_reader(self) -> sqlite3.Connection:
        with self._read_lock:
            try:
                reader = connect_reader(self.profile / DB_NAME, self.db_key)
            except WrongDatabaseKey as exc:  # a rotation in another process rekeyed it
                raise key_changed(self.profile) from exc
            self.reader.close()
            self.reader = reader
            self.settings.reconnect(reader)
            return reader


def is_training_database(db_file: Path) -> bool:
    """Whether the profile is (or will start as) a training one, read before anything opens:
    a new profile is; a connected one has a central URL."""
    if not db_file.is_file() or db_file.stat().st_size == 0:
        return True
    if (db_file.parent / KEY_FILE).is_file():
        return False  # not asked: the key state says where the key is (and the file is sealed)
    try:
        # immutable: no -wal/-shm made beside a profile that may then be refused untouched
        conn = sqlite3.connect(f"file:{db_file}?mode=ro&immutable=1", uri=True)
        try:
            row = conn.execute("SELECT value FROM settings WHERE key = 'central.url'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False  # damaged or unreadable: the connected rule (the open says what is wrong)
    return row is None or not json.loads(row[0])


def database_copies(profile: Path) -> list[Path]:
    """The database and every copy of it the program keeps in the profile."""
    copies = [profile / DB_NAME, *sorted(profile.glob(f"{DB_NAME}.v*.bak")), profile / LAST_GOOD]
    return [p for p in copies if p.is_file()]


def encrypt_clear_databases(profile: Path, key: bytes) -> int:
    """Encrypt the database and its copies still in clear; returns how many. Run before the
    database is opened; safe to run again after a kill."""
    done = 0
    for stale in [*profile.glob(f"*{PART_SUFFIX}"), *(profile / "backups").glob(f"*{PART_SUFFIX}")]:
        stale.unlink()  # a conversion killed before its rename
    for path in database_copies(profile):
        if is_clear(path):
            encrypt_in_place(path, key, migration_backup=path.name == DB_NAME)
            done += 1
    return done


def encrypt_in_place(path: Path, key: bytes, migration_backup: bool = False) -> None:
    part = path.with_name(path.name + PART_SUFFIX)
    clear = _settled(path)
    try:
        version = schema_version(clear)
        if migration_backup and version > 0:
            # (SQLite's backup API cannot copy between a clear and an encrypted file.)
            bak = path.with_name(f"{path.name}.v{version}.{_stamp()}.bak")
            bak_part = bak.with_name(bak.name + PART_SUFFIX)
            _export(clear, bak_part, key)
            os.replace(bak_part, bak)
        _export(clear, part, key)
        _check_copy(clear, part, key)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    finally:
        clear.close()
    with open(part, "rb+") as f:
        os.fsync(f.fileno())
    before_rename(part)
    os.replace(part, path)
    fsync_dir(path.parent)


def _export(clear: sqlite3.Connection, target: Path, key: bytes) -> None:
    touch_private(target)
    clear.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(target), _raw(key)))
    try:
        clear.execute("SELECT sqlcipher_export('encrypted')")
        clear.execute(f"PRAGMA encrypted.user_version = {schema_version(clear)}")
    finally:
        clear.execute("DETACH DATABASE encrypted")


def before_rename(part: Path) -> None:
    """The moment a kill would test hardest (the tests replace this)."""


def _settled(path: Path) -> sqlite3.Connection:
    """The clear file with everything committed checkpointed into it and its -wal gone."""
    conn = open_file(path, None)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        if str(mode).lower() != "delete":
            raise OSError(f"{path.name}: still in use, not converted")
    except BaseException:
        conn.close()
        raise
    for side in ("-wal", "-shm"):
        leftover = path.with_name(path.name + side)
        if leftover.is_file() and leftover.stat().st_size == 0:
            leftover.unlink()
    return conn


def _check_copy(clear: sqlite3.Connection, part: Path, key: bytes) -> None:
    """The encrypted copy opens under `key` and holds the same rows, table by table."""
    copy = open_file(part, key)
    try:
        if schema_version(copy) != schema_version(clear):
            raise OSError(f"{part.name}: schema version not carried over")
        for (table,) in clear.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall():
            query = f'SELECT count(*) FROM "{table}"'
            if copy.execute(query).fetchone() != clear.execute(query).fetchone():
                raise OSError(f"{part.name}: table {table} not copied whole")
        problems = [r[0] for r in copy.execute("PRAGMA quick_check").fetchall() if r[0] != "ok"]
        if problems:
            raise OSError(f"{part.name}: {problems[0]}")
    finally:
        copy.close()


def rekey_copies(profile: Path, old: bytes, new: bytes) -> None:
    """A key rotation: the migration backups and the last good copy move to the new key (the
    database itself is rekeyed by the store, which holds its connections). Each rekey is one
    transaction; a copy already under the new key is left as it is."""
    for path in database_copies(profile)[1:]:
        try:
            conn = open_file(path, old)
        except WrongDatabaseKey:  # done by an earlier run
            continue
        try:
            conn.execute(rekey_sql(new))
        finally:
            conn.close()


def rekey_sql(key: bytes) -> str:
    return f'PRAGMA rekey = "{_raw(key)}"'


def _raw(key: bytes) -> str:
    return f"x'{key.hex()}'"


def _stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d%H%M%S")
