"""Backups of a profile: a zip holding a consistent copy of the database, the material files
and the produced documents, with a manifest of every file's sha256.

`make_backup` works while the window or a sync runs: the database is copied through SQLite's
online backup API in one step (one read transaction, so one consistent state; writers are not
held up in WAL mode), then the material files that copy refers to are added. Material files
are content-addressed and never change, so the copy and the files agree; a file that the
retention sweep removed in between is marked purged in the copy, as the live database has it.

Not in a backup: login tokens (tied to this PC's keyring: log in again after a restore), logs,
the capture work folder, the training signing key (made again when missing) and older backups.
Restoring is offline/admin/restore.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from client import __version__
from client.errors import ClerkError
from client.i18n import translate
from offline.at_rest.data_key import KEY_FILE
from offline.storage.db import integrity_problems, open_file, schema_version
from offline.storage.store import DB_NAME, Store

FORMAT = "chuangkou-backup"
VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


class BackupError(ClerkError, RuntimeError):
    """A backup that could not be made; no partial archive is left behind."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    files: int  # entries besides the manifest
    bytes: int  # archive size
    cases: int


def _t(text: str) -> str:
    return translate("backup", text)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def make_backup(
    store: Store, destination: Path, progress: Callable[[int, int], None] | None = None
) -> BackupResult:
    """Write a backup of `store`'s profile to `destination` (replaced atomically)."""
    if destination.is_dir() or not destination.parent.is_dir():
        raise BackupError(_t("备份文件位置无效：{path}").format(path=destination))
    part = destination.with_name(destination.name + ".part")
    try:
        with tempfile.TemporaryDirectory(prefix="chuangkou-backup-") as work:
            db_copy = Path(work) / DB_NAME
            cases = _copy_database(store, db_copy)
            entries = _entries(store, db_copy)
            _write_archive(part, db_copy, store.db_key, entries, progress)
        os.replace(part, destination)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise BackupError(
            _t("备份未能完成：{reason}").format(reason=exc.strerror or exc),
            _t("请检查备份位置是否可写、磁盘空间是否足够。"),
        ) from exc
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return BackupResult(destination, len(entries) + 1, destination.stat().st_size, cases)


def _copy_database(store: Store, target: Path) -> int:
    # Encrypted under the database key, as in the profile: restored beside its data-key.json
    # on a PC whose keyring holds the key (offline/admin/restore.py).
    source = open_file(store.profile / DB_NAME, store.db_key, timeout=10_000)
    copy = open_file(target, store.db_key)
    try:
        source.backup(copy)  # pages=-1: the whole database in one step, one snapshot
    finally:
        source.close()
    try:
        copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        problems = integrity_problems(copy)
        if problems:
            raise BackupError(
                _t("数据库检查未通过，未生成备份：") + "；".join(problems),
                _t("请运行 doctor 并联系技术支持。"),
            )
        return int(copy.execute("SELECT count(*) FROM cases").fetchone()[0])
    finally:
        copy.close()


def _entries(store: Store, db_copy: Path) -> list[tuple[str, Path]]:
    """(name in the archive, file on disk) for every material file and document."""
    conn = open_file(db_copy, store.db_key)
    try:
        wanted = [
            sha
            for (sha,) in conn.execute(
                "SELECT DISTINCT sha256 FROM material_files WHERE purged_at IS NULL"
            )
        ]
        gone = [sha for sha in wanted if not store.files.has(sha)]
        if gone:
            # Purged by retention after the snapshot: record what the live database says.
            with store.read() as live:
                marks = dict(
                    live.execute(
                        f"SELECT sha256, max(purged_at) FROM material_files WHERE sha256 IN"
                        f" ({','.join('?' * len(gone))}) AND purged_at IS NOT NULL"
                        " GROUP BY sha256",
                        gone,
                    ).fetchall()
                )
            for sha, at in marks.items():
                conn.execute("UPDATE material_files SET purged_at = ? WHERE sha256 = ?", (at, sha))
    finally:
        conn.close()
    entries = [
        (f"files/{sha[:2]}/{sha}", store.files.path_of(sha))
        for sha in wanted
        if store.files.has(sha)
    ]
    key_file = store.profile / KEY_FILE  # which key (in this PC's keyring) the files are under
    if key_file.is_file():
        entries.append((KEY_FILE, key_file))
    if store.documents_dir.is_dir():
        for path in sorted(store.documents_dir.rglob("*")):
            # Not the temp files of a write in progress (documents are written temp → rename).
            if path.is_file() and not path.name.endswith((".part", ".tmp")):
                entries.append((path.relative_to(store.profile).as_posix(), path))
    return entries


def _write_archive(
    part: Path,
    db_copy: Path,
    key: bytes,
    entries: list[tuple[str, Path]],
    progress: Callable[[int, int], None] | None,
) -> None:
    manifest: dict[str, dict[str, object]] = {}
    with zipfile.ZipFile(part, "w", allowZip64=True) as archive:
        archive.write(db_copy, DB_NAME, compress_type=zipfile.ZIP_DEFLATED)
        manifest[DB_NAME] = {"sha256": sha256_of(db_copy), "size": db_copy.stat().st_size}
        for n, (name, path) in enumerate(entries, 1):
            # Scans and PDFs are compressed already: stored, not deflated.
            archive.write(path, name, compress_type=zipfile.ZIP_STORED)
            manifest[name] = {"sha256": sha256_of(path), "size": path.stat().st_size}
            if progress:
                progress(n, len(entries))
        conn = open_file(db_copy, key)
        try:
            version = schema_version(conn)
        finally:
            conn.close()
        header = {
            "format": FORMAT,
            "version": VERSION,
            "app_version": __version__,
            "schema_version": version,
            "created_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "files": manifest,
        }
        archive.writestr(MANIFEST, json.dumps(header, indent=1), zipfile.ZIP_DEFLATED)
    with open(part, "rb+") as f:
        os.fsync(f.fileno())
