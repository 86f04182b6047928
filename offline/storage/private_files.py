"""The profile is private to the account that runs the window (POSIX: 0700 folders, 0600 files).

The database holds ID numbers and phones, the files folder the applicants' papers. Three
layers keep them from other accounts on a shared Linux PC:
- the program's entry point sets the umask to 077, so whatever it creates (SQLite's WAL and
  SHM, documents, keys) is private from the start;
- the store creates its own files with mode 0600 and folders with 0700 explicitly, so the
  same holds when it runs in a process that did not set the umask (tests, tools);
- a profile made by an older version (or copied in) is tightened when it is opened.

On Windows the profile lives under %LOCALAPPDATA%, private to the user by its ACL; the
POSIX modes are not applied there.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_UMASK = 0o077
FILE_MODE = 0o600
DIR_MODE = 0o700
POSIX = os.name == "posix"


def use_private_umask() -> None:
    if POSIX:
        os.umask(PRIVATE_UMASK)


def private_dir(path: Path) -> None:
    """Create `path` if needed, 0700, and every missing parent 0700 too (mkdir's own
    `parents` would give them the umask's mode)."""
    missing = []
    while not path.exists():
        missing.append(path)
        path = path.parent
    for folder in reversed(missing):
        folder.mkdir(mode=DIR_MODE, exist_ok=True)
        if POSIX:
            folder.chmod(DIR_MODE)


def open_private(path: Path, flags: int) -> int:
    """os.open with mode 0600 (O_CREAT is added), for a file we create."""
    return os.open(path, flags | os.O_CREAT | getattr(os, "O_BINARY", 0), FILE_MODE)


def touch_private(path: Path) -> None:
    """Make sure `path` exists as a private file (SQLite gives its WAL and SHM files the
    database file's mode, so a 0600 database keeps them 0600 too)."""
    os.close(open_private(path, os.O_RDWR))
    if POSIX and stat.S_IMODE(path.stat().st_mode) & 0o077:
        path.chmod(FILE_MODE)


def tighten(profile: Path) -> int:
    """Remove group and world access from everything under `profile`; returns how many
    entries were changed. Cheap when nothing is wrong (one stat per entry)."""
    if not POSIX or not profile.is_dir():
        return 0
    changed = 0
    for root, dirs, files in os.walk(profile):
        for name, mode in [(d, DIR_MODE) for d in dirs] + [(f, FILE_MODE) for f in files]:
            path = Path(root) / name
            try:
                current = path.lstat()
                if stat.S_ISLNK(current.st_mode) or not stat.S_IMODE(current.st_mode) & 0o077:
                    continue
                path.chmod(stat.S_IMODE(current.st_mode) & ~0o077 | (mode & 0o700))
                changed += 1
            except OSError:
                continue  # vanished meanwhile (a temp file) or not ours: leave it
    if stat.S_IMODE(profile.stat().st_mode) & 0o077:
        profile.chmod(DIR_MODE)
        changed += 1
    return changed


def needs_tightening(profile: Path) -> bool:
    """A profile opened before: tightened at open only when its folder is not yet private,
    so a normal start costs one stat, not a walk over every material file."""
    return POSIX and profile.is_dir() and bool(stat.S_IMODE(profile.stat().st_mode) & 0o077)
