"""Restoring a backup (offline/admin/backup.py), verified completely before anything is replaced.

The archive is unpacked into a staging folder beside the target profile, each file checked
against the manifest's sha256 and size as it is written (the zip's own CRC is checked too),
and the database copy checked with PRAGMA integrity_check, its foreign keys and its audit
chain. Only then is the current profile moved aside (`<name>.before-restore-<time>`, kept as
the way back) and the staging folder renamed into its place. A damaged or foreign archive is
refused with a Chinese message, and the profile is left exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import lzma
import os
import re
import shutil
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from client.errors import ClerkError
from client.i18n import translate
from offline.admin.backup import CHUNK, FORMAT, MANIFEST, VERSION
from offline.at_rest.data_key import DataKeys
from offline.storage import audit
from offline.storage.db import (
    DatabaseError,
    Error,
    WrongDatabaseKey,
    database_key,
    integrity_problems,
    is_clear,
    open_file,
    schema_version,
)
from offline.storage.filestore import FileStore
from offline.storage.migrations import MIGRATIONS
from offline.storage.private_files import open_private
from offline.storage.store import DB_NAME

# What a backup may contain; anything else (an absolute path, "..", a stray file) is refused.
_SAFE_NAME = re.compile(
    r"^(chuangkou\.db|data-key\.json|files/[0-9a-f]{2}/[0-9a-f]{64}|documents(/[^/\\\x00]+)+)$"
)
MAX_ENTRIES = 1_000_000


class BackupDamaged(ClerkError, ValueError):
    """The archive is not a complete, intact backup; nothing was changed."""


class ProfileInUse(ClerkError, RuntimeError):
    """The target profile is open in a window or a sync; nothing was changed."""


@dataclass(frozen=True)
class RestoreResult:
    profile: Path
    previous: Path | None  # where the profile that was replaced now is
    files: int
    cases: int
    created_at: str
    app_version: str
    connected: bool  # a central is configured: the login must be made again


def _t(text: str) -> str:
    return translate("restore", text)


def _damaged(detail: str) -> BackupDamaged:
    return BackupDamaged(
        _t("备份文件已损坏或不完整，未做任何恢复：{detail}").format(detail=detail),
        _t("请换用另一份备份（例如前一天的自动备份）；现有数据保持原样。"),
    )


def restore_backup(archive_path: Path, profile: Path) -> RestoreResult:
    if (profile / f"{DB_NAME}-wal").exists():
        raise ProfileInUse(
            _t("配置目录 {path} 正在使用（窗口或同步正在运行），未做任何恢复").format(path=profile),
            _t("请先关闭窗口并停止 sync 后再恢复；若程序曾异常退出，先运行一次 doctor。"),
        )
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    staging = profile.parent / f".{profile.name}.restoring-{stamp}"
    try:
        profile.parent.mkdir(parents=True, exist_ok=True)
        header = _unpack(archive_path, staging)
        cases, connected = _check_database(staging / DB_NAME)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    previous = None
    if profile.exists():
        previous = profile.parent / f"{profile.name}.before-restore-{stamp}"
        os.replace(profile, previous)
    os.replace(staging, profile)
    return RestoreResult(
        profile,
        previous,
        len(header["files"]),
        cases,
        str(header.get("created_at", "")),
        str(header.get("app_version", "")),
        connected,
    )


# What zipfile raises for a damaged or hostile member: a bad header or CRC, a corrupt deflate
# (zlib.error) or LZMA stream, a compression method it cannot read, an encrypted member.
_UNREADABLE = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    EOFError,
    ValueError,
    zlib.error,
    lzma.LZMAError,
    NotImplementedError,
    RuntimeError,
)


def _unpack(archive_path: Path, staging: Path) -> dict[str, Any]:
    try:
        with zipfile.ZipFile(archive_path) as archive:
            header = _manifest(archive)
            files: dict[str, Any] = header["files"]
            names = [i.filename for i in archive.infolist()]
            extra = sorted(set(names) - set(files) - {MANIFEST})
            if extra:
                raise _damaged(_t("含有清单之外的文件 {name}").format(name=extra[0]))
            missing = sorted(set(files) - set(names))
            if missing:
                raise _damaged(_t("缺少文件 {name}").format(name=missing[0]))
            if len(names) != len(set(names)):
                raise _damaged(_t("有重复的文件"))
            needed = sum(int(info["size"]) for info in files.values())
            free = shutil.disk_usage(staging.parent).free
            if needed > free:
                raise BackupDamaged(
                    _t("磁盘空间不足：恢复需要 {need} MB，剩余 {free} MB").format(
                        need=needed // 2**20 + 1, free=free // 2**20
                    )
                )
            staging.mkdir()
            for name, info in files.items():
                _extract(archive, name, info, staging)
    except _UNREADABLE as exc:
        if isinstance(exc, BackupDamaged):
            raise
        raise _damaged(str(exc)) from exc
    except OSError as exc:
        if isinstance(exc, FileNotFoundError) and not archive_path.exists():
            raise BackupDamaged(_t("找不到备份文件：{path}").format(path=archive_path)) from exc
        raise _damaged(exc.strerror or str(exc)) from exc
    return header


def _manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    try:
        raw = json.loads(archive.read(MANIFEST).decode("utf-8"))
    except KeyError as exc:
        raise _damaged(_t("没有清单文件 {name}").format(name=MANIFEST)) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _damaged(_t("清单文件无法读取")) from exc
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise _damaged(_t("这不是窗口受理客户端的备份"))
    if not isinstance(raw.get("version"), int) or raw["version"] > VERSION:
        raise BackupDamaged(
            _t("备份由较新版本的本程序生成（格式版本 {v}）").format(v=raw.get("version")),
            _t("请安装相同或较新版本后再恢复。"),
        )
    files = raw.get("files")
    if not isinstance(files, dict) or DB_NAME not in files or len(files) > MAX_ENTRIES:
        raise _damaged(_t("清单不完整"))
    for name, info in files.items():
        ok_info = (
            isinstance(info, dict)
            and isinstance(info.get("sha256"), str)
            and re.fullmatch(r"[0-9a-f]{64}", info["sha256"])
            and isinstance(info.get("size"), int)
            and info["size"] >= 0
        )
        if not (isinstance(name, str) and _SAFE_NAME.match(name)) or ".." in name.split("/"):
            raise _damaged(_t("含有不允许的文件名 {name}").format(name=name))
        if not ok_info:
            raise _damaged(_t("清单中 {name} 的记录无效").format(name=name))
    return raw


def _extract(archive: zipfile.ZipFile, name: str, info: dict[str, Any], staging: Path) -> None:
    target = staging.joinpath(*name.split("/"))
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size, limit = hashlib.sha256(), 0, int(info["size"])
    with (
        archive.open(name) as source,
        os.fdopen(open_private(target, os.O_WRONLY | os.O_EXCL), "wb") as out,
    ):
        for chunk in iter(lambda: source.read(CHUNK), b""):
            size += len(chunk)
            if size > limit:
                raise _damaged(_t("文件 {name} 比清单记载的大").format(name=name))
            digest.update(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    if size != limit or digest.hexdigest() != info["sha256"]:
        raise _damaged(_t("文件 {name} 与清单中的哈希不符").format(name=name))


def _check_materials(keys: DataKeys, staging: Path, referenced: list[str]) -> None:
    """Every material file decrypts, whole, to the bytes its name is the hash of."""
    files = FileStore(staging / "files", keys)
    bad = [sha for sha in referenced if not files.verify(sha)]
    if bad:
        raise _damaged(_t("材料文件 {sha} 无法解密或与其哈希不符").format(sha=bad[0]))


def _check_database(path: Path) -> tuple[int, bool]:
    """(cases, whether a central is configured) of a database copy that passed every check."""
    # The database and the files are encrypted at rest (offline/at_rest/): this needs the
    # profile's data key from this PC's keyring; without it the restore is refused
    # (DataKeyMissing says what to do). A backup from before the encryption holds a clear
    # database: it is encrypted when the restored profile first opens.
    keys = DataKeys(path.parent)
    key = None if is_clear(path) else database_key(keys.key(keys.state.current))
    try:
        conn = open_file(f"file:{path}?mode=ro", key, uri=True)
    except WrongDatabaseKey as exc:
        raise _damaged(_t("数据库副本无法用这个配置目录的数据密钥解密")) from exc
    except Error as exc:
        raise _damaged(str(exc)) from exc
    try:
        version = schema_version(conn)
        if version > len(MIGRATIONS):
            raise BackupDamaged(
                _t("备份由较新版本的本程序生成（数据库版本 {v}）").format(v=version),
                _t("请安装相同或较新版本后再恢复。"),
            )
        problems = integrity_problems(conn) + audit.verify_chain(conn)
        if problems:
            raise _damaged("；".join(problems[:5]))
        referenced = {
            sha
            for (sha,) in conn.execute(
                "SELECT DISTINCT sha256 FROM material_files WHERE purged_at IS NULL"
            )
        }
        absent = [s for s in referenced if not (path.parent / "files" / s[:2] / s).is_file()]
        if absent:
            raise _damaged(_t("缺少材料文件 {sha}").format(sha=absent[0]))
        _check_materials(keys, path.parent, sorted(referenced))
        cases = int(conn.execute("SELECT count(*) FROM cases").fetchone()[0])
        url = conn.execute("SELECT value FROM settings WHERE key = 'central.url'").fetchone()
        return cases, bool(url and json.loads(url[0]))
    except (*DatabaseError, MemoryError) as exc:
        raise _damaged(_t("数据库副本无法读取：{detail}").format(detail=exc)) from exc
    finally:
        conn.close()
