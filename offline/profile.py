"""Where a window's state lives, and opening it ready for work."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from client.catalog import load_training_catalog
from offline.store import Store


def default_profile_dir() -> Path:
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "Chuangkou"
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "chuangkou"


def open_profile(path: Path) -> Store:
    """Open the store; a training profile with no catalog gets the bundled one."""
    store = Store(path)
    if store.training and store.catalog_size() == 0:
        store.replace_catalog(load_training_catalog(), "training")
    return store
