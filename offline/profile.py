"""Where a window's state lives, and opening it ready for work."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from client.catalog import load_training_catalog
from offline.db import quick_check
from offline.storage_errors import corrupt
from offline.store import Store


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
        if thorough:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
            problems = [str(r[0]) for r in rows if r[0] != "ok"]
        else:
            problems = quick_check(conn)
    if problems:
        raise corrupt(store.profile, problems[0])
