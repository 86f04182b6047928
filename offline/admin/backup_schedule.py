"""The automatic daily backup: at most one a day, the newest `backup.keep` kept.

The window checks every hour in the background, and `sync` before it starts; whichever comes
first on a day makes `chuangkou-auto-YYYYMMDD-HHMMSS.zip` in the `backup.folder` setting
(default `<profile>/backups`; a relative folder is taken inside the profile). Only files with
that name pattern are ever deleted, so backups an administrator made by hand are left alone.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path

from offline.admin.backup import BackupResult, make_backup
from offline.storage.store import Store

DEFAULT_FOLDER = "backups"
AUTO_PATTERN = re.compile(r"^chuangkou-auto-(\d{8})-(\d{6})\.zip$")

log = logging.getLogger(__name__)


def backup_folder(store: Store) -> Path:
    folder = Path(store.settings.text("backup.folder") or DEFAULT_FOLDER).expanduser()
    return folder if folder.is_absolute() else store.profile / folder


def auto_backups(folder: Path) -> list[Path]:
    """The automatic backups in `folder`, oldest first."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if AUTO_PATTERN.match(p.name) and p.is_file())


def backup_due(store: Store, today: dt.date | None = None) -> bool:
    if store.settings.number("backup.keep") <= 0:
        return False
    day = f"{today or dt.date.today():%Y%m%d}"
    return not any(
        (m := AUTO_PATTERN.match(p.name)) and m.group(1) == day
        for p in auto_backups(backup_folder(store))
    )


def run_daily_backup(store: Store, now: dt.datetime | None = None) -> BackupResult | None:
    """Make today's backup if none exists yet, then delete automatic ones beyond `keep`.
    Returns the new backup, or None when none was due. Raises BackupError on failure."""
    now = now or dt.datetime.now()
    if not backup_due(store, now.date()):
        return None
    folder = backup_folder(store)
    folder.mkdir(parents=True, exist_ok=True)
    result = make_backup(store, folder / f"chuangkou-auto-{now:%Y%m%d-%H%M%S}.zip")
    log.info("daily backup written: %s (%d bytes)", result.path, result.bytes)
    prune(folder, store.settings.number("backup.keep"))
    return result


def prune(folder: Path, keep: int) -> list[Path]:
    existing = auto_backups(folder)
    removed = existing[: max(0, len(existing) - keep)]
    for path in removed:
        path.unlink(missing_ok=True)
        log.info("old automatic backup removed: %s", path.name)
    return removed
