"""Disk full and a damaged database, told to the clerk instead of as a traceback.

`storage_error(exc, profile)` recognises the operating system's and SQLite's words for these
(ENOSPC/EDQUOT, SQLITE_FULL; SQLITE_CORRUPT, SQLITE_NOTADB) and returns the matching
ClerkError with what to do, naming the profile. Both are raised after the transaction rolled
back and the half-written file was removed, so nothing half-written is ever left.

The ways out of a damaged database are the copies the program keeps itself: the backup taken
before each schema migration (`chuangkou.db.v<N>.<stamp>.bak`) and the last good copy made
after a clean check (`backups/chuangkou.db.last-good`). `restore_copies` lists them, newest
first; `doctor` and the messages name them.
"""

from __future__ import annotations

import datetime as dt
import errno
from pathlib import Path

from client.errors import ClerkError
from client.i18n import translate
from offline.storage.db import DatabaseError

DB_NAME = "chuangkou.db"
LAST_GOOD = Path("backups") / f"{DB_NAME}.last-good"

_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_SQLITE_FULL, _SQLITE_CORRUPT, _SQLITE_NOTADB = 13, 11, 26
_CORRUPT_WORDS = ("malformed", "file is not a database", "database corrupt")


def _t(text: str) -> str:
    return translate("storage", text)


class StorageFull(ClerkError):
    """The disk holding the profile is full; nothing was saved."""


class DatabaseCorrupt(ClerkError):
    """The database file is damaged; the program stops writing to it."""


class DatabaseKeyMismatch(DatabaseCorrupt):
    """The profile's data key is here, but the database does not open under it: another
    profile's database copied in, or its first page damaged. Nothing is written to it."""


def is_disk_full(exc: BaseException) -> bool:
    if isinstance(exc, StorageFull):
        return True
    if isinstance(exc, DatabaseError):
        code = getattr(exc, "sqlite_errorcode", -1) & 0xFF
        return code == _SQLITE_FULL or "database or disk is full" in str(exc).lower()
    return isinstance(exc, OSError) and exc.errno in _FULL_ERRNOS


def is_corruption(exc: BaseException) -> bool:
    if isinstance(exc, DatabaseCorrupt):
        return True
    if not isinstance(exc, DatabaseError):
        return False
    code = getattr(exc, "sqlite_errorcode", -1) & 0xFF
    return code in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or any(
        w in str(exc).lower() for w in _CORRUPT_WORDS
    )


def storage_error(exc: BaseException, profile: Path) -> ClerkError | None:
    """The clerk's error for `exc`, or None when it is neither disk full nor corruption."""
    if isinstance(exc, StorageFull | DatabaseCorrupt):
        return exc
    if is_disk_full(exc):
        return disk_full(profile)
    if is_corruption(exc):
        return corrupt(profile, str(exc))
    return None


def disk_full(profile: Path) -> StorageFull:
    return StorageFull(
        _t("磁盘空间已满，本次操作没有保存（已保存的办件不受影响）"),
        _t(
            "请清理配置目录所在磁盘上的文件（如回收站、下载目录、旧的导出文件），"
            "留出至少 1 GB 后重试。配置目录：{profile}"
        ).format(profile=profile),
    )


def corrupt(profile: Path, detail: str = "") -> DatabaseCorrupt:
    copies = restore_copies(profile)
    if copies:
        found = "；".join(f"{p}（{_mtime(p)}）" for p in copies)
        way_out = _t(
            "请关闭程序，由管理员用备份恢复：把损坏的 {db} 移走，"
            "再把下列备份之一复制为 {db}：{found}"
        ).format(db=profile / DB_NAME, found=found)
    else:
        way_out = _t(
            "配置目录中没有自动备份；请关闭程序，由管理员从最近一次的备份副本恢复 {db}"
        ).format(db=profile / DB_NAME)
    message = _t("数据库文件已损坏，为保护已有数据，程序已停止写入")
    if detail:
        message += f"（{detail}）"
    return DatabaseCorrupt(message, way_out + _t("；运行 doctor 可查看详情。"))


def wrong_key(profile: Path) -> DatabaseKeyMismatch:
    """The way out is the same as for a damaged file: a copy of this profile's own."""
    way_out = corrupt(profile).remedy
    return DatabaseKeyMismatch(
        _t(
            "数据库文件不能用这个配置目录的数据密钥解密"
            "（可能是从另一个配置目录或另一台电脑复制来的，或文件开头已损坏），未做任何改动"
        ),
        way_out,
    )


class DatabaseKeyChanged(ClerkError):
    """The database was rekeyed under this open window (a key rotation in another process)."""


def key_changed(profile: Path) -> DatabaseKeyChanged:
    return DatabaseKeyChanged(
        _t("数据库已换用新的数据密钥（管理员轮换了密钥），这个窗口不能再读取它"),
        _t("请关闭窗口后重新打开；已保存的数据不受影响。配置目录：{profile}").format(
            profile=profile
        ),
    )


def restore_copies(profile: Path) -> list[Path]:
    """The copies a damaged database can be restored from, newest first."""
    found = list(profile.glob(f"{DB_NAME}.v*.bak"))
    last_good = profile / LAST_GOOD
    if last_good.is_file():
        found.append(last_good)
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def _mtime(path: Path) -> str:
    return dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
