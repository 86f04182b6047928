"""Where a window's state lives, and opening it ready for work."""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from pathlib import Path

from client.catalog.loading import load_training_catalog
from offline.storage.db import (
    DatabaseError,
    Error,
    backup,
    cipher_problems,
    connect_reader,
    quick_check,
)
from offline.storage.private_files import private_dir, touch_private
from offline.storage.storage_errors import LAST_GOOD, corrupt, storage_error
from offline.storage.store import DB_NAME, Store


def default_profile_dir() -> Path:
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "Chuangkou"
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "chuangkou"


def open_profile(path: Path, check: bool = False) -> Store:
    """Open the store; a training profile with no catalog gets the bundled one.

    `check` first runs SQLite's quick_check and raises DatabaseCorrupt if the database is
    damaged (the CLI verbs do; the window checks in the background, see ui/app.py)."""
    store = Store(path)
    if check:
        try:
            check_database(store)
        except BaseException:
            store.close()
            raise
    if store.training and store.catalog_size() == 0:
        store.replace_catalog(load_training_catalog(), "training")
    return store


def check_database(store: Store, thorough: bool = False) -> None:
    """quick_check (or the full integrity_check when `thorough`, after an unclean
    shutdown); raises DatabaseCorrupt with the way out when the database is damaged."""
    with store.read() as conn:
        _check(conn, store.profile, thorough)


def _check(conn: sqlite3.Connection, profile: Path, thorough: bool) -> None:
    try:
        if thorough:
            problems = cipher_problems(conn)
            if not problems:
                rows = conn.execute("PRAGMA integrity_check").fetchall()
                problems = [str(r[0]) for r in rows if r[0] != "ok"]
        else:
            problems = quick_check(conn)
    except DatabaseError as exc:
        error = storage_error(exc, profile)
        if error is None:
            raise
        raise error from exc
    if problems:
        raise corrupt(profile, problems[0])


# --- the window's session: unclean-shutdown marker and the last good copy ------------------

SESSION_MARKER = "window.running"
LAST_GOOD_MAX_AGE_SECONDS = 24 * 3600


def begin_session(profile: Path) -> bool:
    """Mark the window as running; True when the previous session did not end cleanly (its
    marker is still there: a crash, a power cut), so the database deserves a full check."""
    marker = profile / SESSION_MARKER
    unclean = marker.exists()
    touch_private(marker)
    return unclean


def end_session(profile: Path) -> None:
    (profile / SESSION_MARKER).unlink(missing_ok=True)


def check_and_keep_copy(store: Store, thorough: bool) -> None:
    """The window's background check: raises DatabaseCorrupt when damaged; otherwise the
    database is sound, and the last good copy (offline/storage/storage_errors.py) is renewed when it
    is more than a day old. A copy that cannot be made (disk full) is skipped silently:
    doctor reports which copies exist."""
    # A connection of its own: the check may take seconds on a large database, and the
    # window's reads must not wait for it behind the store's read lock.
    conn = connect_reader(store.profile / DB_NAME, store.db_key)
    try:
        _check(conn, store.profile, thorough)
        target = store.profile / LAST_GOOD
        if target.is_file() and time.time() - target.stat().st_mtime < LAST_GOOD_MAX_AGE_SECONDS:
            return
        try:
            private_dir(target.parent)
            part = target.with_name(target.name + ".part")
            part.unlink(missing_ok=True)
            backup(conn, part, store.db_key)
            os.replace(part, target)
        except (OSError, *Error):
            return
    finally:
        conn.close()
