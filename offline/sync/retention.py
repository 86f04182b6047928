"""Deleting local copies of materials the central system holds, after the retention period.

A file is deleted only when every row referring to its content was confirmed by the server
(same sha256) at least `materials.retention_days` ago. The row is marked purged in the same
transaction that decides it; the file itself goes after the commit, so a crash in between
leaves an unreferenced file for the orphan sweep, never a row whose file vanished unmarked.
"""

from __future__ import annotations

import datetime as dt
import time

from offline.storage.store import Store
from offline.sync.outbox import utc_now

RECENT_SECONDS = 3600


def purge_confirmed_materials(store: Store, now: dt.datetime | None = None) -> int:
    days = store.settings.number("materials.retention_days")
    cutoff = (now or utc_now()) - dt.timedelta(days=days)
    stamp = cutoff.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")
    with store.read() as conn:  # most rounds have nothing to do: no write for them
        candidates = conn.execute(
            "SELECT 1 FROM material_files WHERE purged_at IS NULL AND confirmed_at <= ? LIMIT 1",
            (stamp,),
        ).fetchone()
    if candidates is None:
        return 0
    with store.write() as db:
        shas = [
            sha
            for (sha,) in db.conn.execute(
                "SELECT sha256 FROM material_files WHERE purged_at IS NULL"
                " GROUP BY sha256 HAVING count(*) = count(confirmed_at)"
                " AND max(confirmed_at) <= ?",
                (stamp,),
            )
            if not _recently_stored(store, sha)
        ]
        marked = (now or utc_now()).astimezone(dt.UTC).isoformat()
        db.conn.executemany(
            "UPDATE material_files SET purged_at = ? WHERE sha256 = ? AND purged_at IS NULL",
            [(marked, sha) for sha in shas],
        )
    for sha in shas:
        store.files.path_of(sha).unlink(missing_ok=True)
    return len(shas)


def _recently_stored(store: Store, sha: str, seconds: float = RECENT_SECONDS) -> bool:
    """An intake in progress may have just stored this very content again (the file store
    refreshes the time of a blob stored twice) and will commit a row pointing at it."""
    try:
        return time.time() - store.files.path_of(sha).stat().st_mtime < seconds
    except FileNotFoundError:
        return False
