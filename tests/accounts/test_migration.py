"""Upgrading a profile from before accounts: the free-text 经办人 and the hidden roles go,
the cases and the audit log keep the actor they were recorded with."""

from __future__ import annotations

from pathlib import Path

import pytest

import offline.storage.db
from offline.storage import audit
from offline.storage.db import connect, utils_db, write_transaction
from offline.storage.migrations import MIGRATIONS
from offline.storage.profile import open_profile
from offline.storage.store import DB_NAME


def test_old_profile_keeps_its_actors_and_loses_the_free_text_clerk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile = tmp_path / "profile"
    profile.mkdir()
    monkeypatch.setattr(offline.storage.db, "MIGRATIONS", MIGRATIONS[:3])  # as released before
    conn = connect(profile / DB_NAME, None)  # released versions wrote it in clear
    conn.execute("INSERT INTO settings VALUES ('window.clerk', '\"张三\"')")
    conn.execute("INSERT INTO settings VALUES ('window.roles', '[\"clerk\", \"chief\"]')")
    conn.execute(
        "INSERT INTO cases (case_id, case_number, item_code, item_name, item_snapshot, stage,"
        " action, window_code, clerk, created_at, training, updated_at) VALUES"
        " ('c1', 'PX01-20260101-0001', 'X', 'x', '{}', 'accepted', 'accept', 'PX01', '张三',"
        " '2026-01-01T09:00:00+08:00', 1, '2026-01-01T09:00:00+08:00')"
    )
    with write_transaction(conn):
        audit.append(
            utils_db(conn), actor="张三", window_code="PX01", action="intake.accept", details={}
        )
    conn.close()
    monkeypatch.setattr(offline.storage.db, "MIGRATIONS", MIGRATIONS)

    store = open_profile(profile)
    with store.read() as db:
        keys = {k for (k,) in db.execute("SELECT key FROM settings")}
        clerk = db.execute("SELECT clerk FROM cases").fetchone()[0]
        actors = {a for (a,) in db.execute("SELECT actor FROM audit_log")}
        assert audit.verify_chain(db) == []
    assert not keys & {"window.clerk", "window.roles"}
    assert clerk == "张三" and "张三" in actors
    assert store.person.name == "培训员"  # nobody logged in: the training person
    store.close()
