"""The offline store: pragmas, migrations with a backup, audit chain, files, case numbers."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

import offline.storage.db
from client.errors import Cancelled
from offline.at_rest.data_key import DataKeys
from offline.storage import audit
from offline.storage.db import (
    DatabaseTooNewError,
    IntegrityError,
    OperationalError,
    connect,
    open_file,
    utils_db,
    write_transaction,
)
from offline.storage.filestore import FileStore
from offline.storage.migrations import MIGRATIONS
from offline.storage.profile import open_profile

KEY = bytes(range(32))


def test_new_database_is_durable_and_versioned(tmp_path: Path) -> None:
    conn = connect(tmp_path / "a.db", KEY)
    pragma = lambda name: conn.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
    assert pragma("journal_mode") == "wal"
    assert pragma("synchronous") == 2  # FULL
    assert pragma("foreign_keys") == 1
    assert pragma("busy_timeout") >= 5000
    assert pragma("user_version") == len(MIGRATIONS)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {
        "cases",
        "parties",
        "materials",
        "material_files",
        "case_events",
        "outbox",
        "audit_log",
        "settings",
        "catalog_items",
    } <= tables


def test_migration_backs_up_first_and_runs_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.db"
    conn = connect(path, KEY)
    conn.execute("INSERT INTO settings VALUES ('window.code', '\"W9\"')")
    conn.close()
    extra = "CREATE TABLE added_later (x INTEGER);"
    monkeypatch.setattr(offline.storage.db, "MIGRATIONS", (*MIGRATIONS, extra))
    conn = connect(path, KEY)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS) + 1
    assert "added_later" in utils_db(conn).table_names()
    backups = list(tmp_path.glob(f"a.db.v{len(MIGRATIONS)}.*.bak"))
    assert len(backups) == 1
    old = open_file(backups[0], KEY)  # encrypted like the database
    assert old.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert old.execute("SELECT value FROM settings").fetchone()[0] == '"W9"'


def test_failed_migration_leaves_the_database_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.db"
    connect(path, KEY).close()
    monkeypatch.setattr(
        offline.storage.db,
        "MIGRATIONS",
        (*MIGRATIONS, "CREATE TABLE t (x); INSERT INTO nowhere VALUES (1);"),
    )
    with pytest.raises(OperationalError):
        connect(path, KEY)
    monkeypatch.setattr(offline.storage.db, "MIGRATIONS", MIGRATIONS)
    conn = connect(path, KEY)
    assert "t" not in utils_db(conn).table_names()
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    connect(path, KEY).execute("PRAGMA user_version = 99")
    with pytest.raises(DatabaseTooNewError):
        connect(path, KEY)


def test_audit_log_is_append_only_and_chained(tmp_path: Path) -> None:
    conn = connect(tmp_path / "a.db", KEY)
    db = utils_db(conn)
    for n in range(3):
        with write_transaction(conn):
            audit.append(db, actor="张三", window_code="W1", action="test", details={"n": n})
    assert audit.verify_chain(conn) == []
    with pytest.raises(IntegrityError, match="append-only"):
        conn.execute("UPDATE audit_log SET actor = 'x' WHERE seq = 2")
    with pytest.raises(IntegrityError, match="append-only"):
        conn.execute("DELETE FROM audit_log WHERE seq = 2")
    # Someone with the file and sqlite3 drops the trigger and edits a record: the chain says so.
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET details = '{\"n\":7}' WHERE seq = 2")
    problems = audit.verify_chain(conn)
    assert any("审计记录 2 的内容与其哈希不符" in p for p in problems)


def test_audit_append_outside_a_transaction_is_refused(tmp_path: Path) -> None:
    db = utils_db(connect(tmp_path / "a.db", KEY))
    with pytest.raises(RuntimeError):
        audit.append(db, actor="a", window_code="W1", action="x", details={})


def test_file_store_is_content_addressed(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "files", DataKeys(tmp_path))
    source = tmp_path / "scan.jpg"
    source.write_bytes(b"abc" * 1000)
    first = store.put_file(source)
    second = store.put_file(source)
    assert first == second
    assert store.read_bytes(first.sha256) == source.read_bytes()
    assert b"abcabc" not in store.path_of(first.sha256).read_bytes()  # encrypted at rest
    assert store.verify(first.sha256)
    assert store.all_blobs() == [first.sha256]
    assert list(store.tmp.iterdir()) == []


def test_cancelled_copy_leaves_nothing(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "files", DataKeys(tmp_path))
    source = tmp_path / "big.bin"
    source.write_bytes(b"x" * (3 * 1024 * 1024))
    with pytest.raises(Cancelled):
        store.put_file(source, cancelled=lambda: True)
    assert store.all_blobs() == []
    assert list(store.tmp.iterdir()) == []


def test_orphan_sweep_keeps_referenced_and_recent_files(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "files", DataKeys(tmp_path))
    kept = store.put_bytes(b"referenced")
    orphan = store.put_bytes(b"orphan")
    assert store.sweep_orphans({kept.sha256}, older_than_seconds=3600) == []
    assert store.sweep_orphans({kept.sha256}, older_than_seconds=-1) == [orphan.sha256]
    assert store.all_blobs() == [kept.sha256]


def test_storing_a_known_file_again_protects_it_from_the_sweep(tmp_path: Path) -> None:
    """An old orphan that a new intake attaches again must survive until that intake commits."""
    store = FileStore(tmp_path / "files", DataKeys(tmp_path))
    blob = store.put_bytes(b"scan of an ID card")
    old = store.path_of(blob.sha256)
    os.utime(old, (0, 0))  # left by an intake cancelled long ago
    assert store.put_bytes(b"scan of an ID card") == blob  # a new intake, not committed yet
    assert store.sweep_orphans(set(), older_than_seconds=3600) == []
    assert store.has(blob.sha256)


def test_case_numbers_are_sequential_per_day_and_survive_reopening(tmp_path: Path) -> None:
    store = open_profile(tmp_path)
    day = dt.date(2026, 11, 22)
    with store.write() as db:
        numbers = [store.next_case_number(db, day) for _ in range(3)]
    assert numbers == ["PX01-20261122-0001", "PX01-20261122-0002", "PX01-20261122-0003"]
    store.close()
    store = open_profile(tmp_path)
    with store.write() as db:
        assert store.next_case_number(db, day) == "PX01-20261122-0004"
        assert store.next_case_number(db, dt.date(2026, 11, 23)) == "PX01-20261123-0001"


def test_settings_change_is_audited(tmp_path: Path) -> None:
    store = open_profile(tmp_path)
    store.set_setting("window.code", "W02")
    assert store.window_code == "W02"
    row = store.conn.execute(
        "SELECT action, details FROM audit_log ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    assert row[0] == "settings.change" and '"W02"' in row[1]


def test_training_profile_gets_the_bundled_catalog_once(tmp_path: Path) -> None:
    store = open_profile(tmp_path)
    count = store.catalog_size()
    assert count >= 12
    store.close()
    store = open_profile(tmp_path)
    assert store.catalog_size() == count
    assert (
        store.conn.execute(
            "SELECT count(*) FROM audit_log WHERE action = 'catalog.replace'"
        ).fetchone()[0]
        == 1
    )
