"""The database encrypted at rest (SQLCipher): an old clear database converted on upgrade even
when killed mid-way, another profile's database refused in Chinese, backups and copies
encrypted, a rotation that moves the database to the new key."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

import offline.at_rest.database as at_rest_db
from offline.admin.backup import make_backup
from offline.admin.restore import restore_backup
from offline.at_rest.key_rotation import rotate_data_key
from offline.storage.db import WrongDatabaseKey, is_clear, open_file
from offline.storage.profile import check_and_keep_copy, open_profile
from offline.storage.storage_errors import DatabaseKeyChanged, DatabaseKeyMismatch, StorageFull
from offline.storage.store import DB_NAME
from tests.helpers.profile_db import db_key, make_clear, open_db
from tests.storage.test_at_rest import ID, NAME, submit_with_scans
from tests.test_cli import food_request, run

ROOT = Path(__file__).resolve().parents[2]


def clear_database_profile(profile: Path, tmp_path: Path) -> list[str]:
    """A profile whose database (and last good copy) an older version wrote in clear, with
    its WAL still holding the last case. Returns the case numbers."""
    store = open_profile(profile)
    numbers = [submit_with_scans(store, tmp_path)]
    check_and_keep_copy(store, thorough=False)
    store.close()
    make_clear(profile / DB_NAME)
    make_clear(profile / "backups" / "chuangkou.db.last-good")
    db, wal = profile / DB_NAME, profile / f"{DB_NAME}-wal"
    conn = sqlite3.connect(db)  # the old version's last write, still in its WAL when it died
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("DELETE FROM settings WHERE key = 'window.code'")
    conn.execute("INSERT INTO settings VALUES ('window.code', '\"W77\"')")
    conn.commit()
    shutil.copy(db, tmp_path / "crash.db")  # the files as a power cut would leave them
    shutil.copy(wal, tmp_path / "crash.db-wal")
    conn.close()
    os.replace(tmp_path / "crash.db", db)
    os.replace(tmp_path / "crash.db-wal", wal)
    assert wal.stat().st_size > 0
    return numbers


def clear_bytes_anywhere(profile: Path) -> list[str]:
    return [
        str(p.relative_to(profile))
        for p in profile.rglob("*")
        if p.is_file() and (NAME.encode() in p.read_bytes() or ID.encode() in p.read_bytes())
    ]


KILLED = textwrap.dedent(
    """
    import sys, time
    import offline.at_rest.database as db
    def stop(part):
        print("paused", flush=True)
        time.sleep(60)
    db.before_rename = stop
    from offline.storage.profile import open_profile
    open_profile(__import__("pathlib").Path(sys.argv[1]))
    """
)


@pytest.mark.timeout(120)
def test_an_old_clear_database_is_encrypted_on_open_even_when_killed_mid_way(
    tmp_path: Path,
) -> None:
    profile = tmp_path / "profile"
    numbers = clear_database_profile(profile, tmp_path)
    assert is_clear(profile / DB_NAME) and clear_bytes_anywhere(profile)

    # Killed after the encrypted copy is written, before it replaces the clear file.
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED, str(profile)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "paused", proc.stderr and proc.stderr.read()
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=10)
    assert (profile / f"{DB_NAME}.encrypting").is_file()  # the half-way state
    clear = sqlite3.connect(profile / DB_NAME)  # the clear original is intact and whole
    assert clear.execute("SELECT count(*) FROM cases").fetchone() == (len(numbers),)
    clear.close()

    # Opening again converts, and the old version's last write (in its WAL) is kept.
    store = open_profile(profile)
    try:
        assert store.window_code == "W77"
        assert [store.case_summary(n) is not None for n in numbers] == [True]
        assert store.check_health() == []
    finally:
        store.close()
    assert not is_clear(profile / DB_NAME)
    assert not list(profile.glob(f"{DB_NAME}*.encrypting"))
    assert not (profile / f"{DB_NAME}-wal").exists() and not (profile / f"{DB_NAME}-shm").exists()
    backups = list(profile.glob(f"{DB_NAME}.v*.bak"))  # the migration backup, encrypted
    assert backups and all(not is_clear(b) for b in backups)
    assert open_db(backups[0]).execute("SELECT count(*) FROM cases").fetchone() == (1,)
    assert not is_clear(profile / "backups" / "chuangkou.db.last-good")
    assert clear_bytes_anywhere(profile) == []  # no clear copy anywhere


def test_a_failed_conversion_leaves_the_clear_database_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile = tmp_path / "profile"
    numbers = clear_database_profile(profile, tmp_path)

    def no_space(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(at_rest_db, "_check_copy", no_space)
    with pytest.raises(StorageFull):  # told as the disk being full, in Chinese
        open_profile(profile)
    assert is_clear(profile / DB_NAME)
    assert not list(profile.glob(f"{DB_NAME}*.encrypting"))
    monkeypatch.undo()
    store = open_profile(profile)
    try:
        assert store.case_summary(numbers[0]) is not None
    finally:
        store.close()
    assert not is_clear(profile / DB_NAME)


@pytest.mark.timeout(120)
def test_another_profiles_database_is_refused_in_chinese_and_left_untouched(
    tmp_path: Path, qtbot: QtBot
) -> None:
    here, other = tmp_path / "here", tmp_path / "other"
    for profile in (here, other):
        store = open_profile(profile)
        submit_with_scans(store, tmp_path)
        store.close()
    # An administrator copies the other window's database in (both keys in this keyring).
    shutil.copy(other / DB_NAME, here / DB_NAME)
    before = (here / DB_NAME).read_bytes()
    with pytest.raises(DatabaseKeyMismatch) as refused:
        open_profile(here)
    assert "不能用这个配置目录的数据密钥解密" in refused.value.message
    assert refused.value.remedy
    for verb in [("catalog",), ("intake", "--json", str(food_request(tmp_path))), ("doctor",)]:
        done = run(here, *verb)
        text = done.stdout + done.stderr
        assert done.returncode == 1, (verb, text)
        assert "不能用这个配置目录的数据密钥解密" in text and "Traceback" not in text, (verb, text)
    assert (here / DB_NAME).read_bytes() == before
    assert not (here / f"{DB_NAME}-wal").exists()

    # The window: a message box instead of a window or a traceback.
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ui.app import run_window

    seen: list[str] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, read_and_close)
            return
        seen.append(box.text() + "\n" + box.informativeText())
        box.close()

    QTimer.singleShot(20, read_and_close)
    assert run_window(here) == 1
    assert seen and "不能用这个配置目录的数据密钥解密" in seen[0] and "备份" in seen[0]
    assert (here / DB_NAME).read_bytes() == before


@pytest.mark.timeout(120)
def test_backups_and_copies_are_encrypted_and_follow_a_key_rotation(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    store = open_profile(profile)
    number = submit_with_scans(store, tmp_path)
    check_and_keep_copy(store, thorough=False)
    make_backup(store, tmp_path / "before.zip")
    old_key = store.db_key
    rotate_data_key(store)
    assert store.db_key != old_key
    assert store.case_summary(number) is not None  # the open store reads on under the new key
    store.close()

    for copy in (profile / DB_NAME, profile / "backups" / "chuangkou.db.last-good"):
        with pytest.raises(WrongDatabaseKey):
            open_file(copy, old_key)
        assert open_file(copy, db_key(profile)).execute("SELECT count(*) FROM cases").fetchone()
    with zipfile.ZipFile(tmp_path / "before.zip") as archive:
        data = archive.read(DB_NAME)
    assert not data.startswith(b"SQLite format 3") and NAME.encode() not in data

    # A backup made now restores into a new profile on this PC (the same keyring).
    store = open_profile(profile)
    make_backup(store, tmp_path / "after.zip")
    store.close()
    restored = restore_backup(tmp_path / "after.zip", tmp_path / "new")
    assert restored.cases == 1
    store = open_profile(tmp_path / "new")
    try:
        assert store.case_summary(number) is not None
    finally:
        store.close()
    assert json.loads((tmp_path / "new" / "data-key.json").read_text())["converted"]


def test_a_window_open_during_a_rotation_is_told_to_reopen(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    window = open_profile(profile)  # the window, left open
    number = submit_with_scans(window, tmp_path)
    admin = open_profile(profile)
    rotate_data_key(admin)
    admin.close()
    for read in (lambda: window.case_summary(number), lambda: window.settings.get("window.code")):
        with pytest.raises(DatabaseKeyChanged) as changed:
            read()
        assert "请关闭窗口后重新打开" in changed.value.remedy  # not "数据库文件已损坏"
    window.close()
    store = open_profile(profile)
    try:
        assert store.case_summary(number) is not None and store.check_health() == []
    finally:
        store.close()
