"""Opening a profile's database (or one of its copies) from a test, as the program does: it is
encrypted under a key derived from the profile's data key (offline/at_rest/database.py), so
plain sqlite3 sees only "file is not a database"."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from offline.at_rest.data_key import KEY_FILE, DataKeys
from offline.storage.db import database_key, is_clear, open_file


def profile_of(db_file: Path) -> Path:
    """The profile a database file belongs to: its folder, or the one above (backups/)."""
    for folder in (db_file.parent, db_file.parent.parent):
        if (folder / KEY_FILE).is_file():
            return folder
    raise FileNotFoundError(f"no {KEY_FILE} beside {db_file}")


def db_key(profile: Path) -> bytes:
    keys = DataKeys(profile)
    return database_key(keys.key(keys.state.current))


def open_db(db_file: Path | str) -> sqlite3.Connection:
    """A connection to the file under its profile's key (or in clear, if it still is).
    Autocommit, like the program's connections: a write needs no commit()."""
    path = Path(db_file)
    if is_clear(path):
        return open_file(path, None)
    return open_file(path, db_key(profile_of(path)))


def make_clear(db_file: Path) -> None:
    """Turn a profile's database back into clear, as a version before the encryption wrote
    it (the profile must be closed)."""
    clear = db_file.with_name(db_file.name + ".clear")
    conn = open_db(db_file)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute("ATTACH DATABASE ? AS clear KEY ''", (str(clear),))
        conn.execute("SELECT sqlcipher_export('clear')")
        conn.execute(f"PRAGMA clear.user_version = {version}")
        conn.execute("DETACH DATABASE clear")
    finally:
        conn.close()
    os.replace(clear, db_file)
    assert is_clear(db_file)
