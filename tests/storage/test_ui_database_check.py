"""The window checks its database in the background: a damaged one is told at once, with the
way out, and nothing more is written to it; after an unclean shutdown the full check runs."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from offline.storage.profile import begin_session, end_session
from offline.storage.storage_errors import DatabaseCorrupt
from tests.factories import accept_request, make_files, open_main_window, open_service
from tests.helpers.profile_db import open_db
from ui.app import check_database_in_background

PAGE = 4096


def profile_with_cases(tmp_path: Path, count: int = 2) -> Path:
    profile = tmp_path / "profile"
    service = open_service(profile)
    for n in range(count):
        files = make_files(tmp_path / "scans", 1, 2048, prefix=f"s{n}")
        service.submit(accept_request(service.store, **{"SCJG-0201-M01": files}))
    service.store.close()
    return profile


def overwrite_page_of(profile: Path, table: str) -> None:
    db = profile / "chuangkou.db"
    conn = open_db(db)
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    conn.close()
    with open(db, "r+b") as f:
        f.seek((root - 1) * PAGE)
        f.write(b"JUNK" * (PAGE // 4))  # not a valid page type: always caught


def damaged_box(window: Any) -> QMessageBox | None:
    box = window.findChild(QMessageBox, "database-damaged")
    return box if isinstance(box, QMessageBox) and box.isVisible() else None


def test_a_damaged_database_is_found_in_the_background_and_writes_stop(
    qtbot: Any, tmp_path: Path
) -> None:
    profile = profile_with_cases(tmp_path)
    overwrite_page_of(profile, "audit_log")  # not read while the window starts
    window = open_main_window(qtbot, profile)
    store = window.store
    started = time.perf_counter()
    check_database_in_background(window, store, thorough=False)
    assert time.perf_counter() - started < 0.05  # the start does not wait for the check
    qtbot.waitUntil(lambda: damaged_box(window) is not None, timeout=10_000)
    box = damaged_box(window)
    assert box is not None and "数据库文件已损坏" in box.text()
    assert "备份" in box.informativeText() and str(profile) in box.informativeText()
    assert isinstance(store.write_refused, DatabaseCorrupt)
    size = (profile / "chuangkou.db").stat().st_size
    with pytest.raises(DatabaseCorrupt):
        store.set_setting("materials.max_pages", 100)
    assert (profile / "chuangkou.db").stat().st_size == size
    box.close()


def test_a_sound_database_passes_and_gets_a_last_good_copy(qtbot: Any, tmp_path: Path) -> None:
    profile = profile_with_cases(tmp_path)
    window = open_main_window(qtbot, profile)
    check_database_in_background(window, window.store, thorough=False)
    copy = profile / "backups" / "chuangkou.db.last-good"
    qtbot.waitUntil(copy.is_file, timeout=10_000)
    assert damaged_box(window) is None and window.store.write_refused is None
    conn = open_db(copy)
    assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 2
    conn.close()


def test_the_session_marker_tells_an_unclean_shutdown(tmp_path: Path) -> None:
    profile = tmp_path / "p"
    profile.mkdir()
    assert begin_session(profile) is False
    end_session(profile)  # a clean quit
    assert begin_session(profile) is False
    # killed: no end_session
    assert begin_session(profile) is True
