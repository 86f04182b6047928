"""`support-bundle FILE`: what to send when asking for help, without personal data.

The zip holds the log files, `doctor --json`, `queue --json` and the versions (Chuangkou,
Python, Qt, platform). Everything in it passes through the log mask (offline/admin/logs.py) once
more, and the queue is reduced to what support needs: no case number or item is personal,
but the operations' error texts come from the central and are masked like a log line.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import os
import platform
import sys
import zipfile
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as cipher

from client import __version__
from client.errors import ClerkError
from client.i18n import translate
from offline.admin.logs import log_files, mask


class BundleError(ClerkError, RuntimeError):
    """The bundle could not be written."""


def _t(text: str) -> str:
    return translate("support_bundle", text)


def versions() -> dict[str, str]:
    def dist(name: str) -> str:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            return ""

    return {
        "chuangkou": __version__,
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "pyside6": dist("PySide6"),
        "sqlite": cipher.sqlite_version,  # the database's (SQLCipher's), not Python's
        "frozen": str(bool(getattr(sys, "frozen", False))),
        "created_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
    }


def collect(profile: Path) -> dict[str, str]:
    """Name in the zip → text, every text already masked."""
    from offline.doctor.checks import run_checks

    parts: dict[str, str] = {}
    parts["versions.json"] = json.dumps(versions(), ensure_ascii=False, indent=2)
    parts["doctor.json"] = json.dumps(run_checks(profile).to_dict(), ensure_ascii=False, indent=2)
    parts["queue.json"] = _queue(profile)
    for path in log_files(profile):
        parts[f"logs/{path.name}"] = path.read_text(encoding="utf-8", errors="replace")
    return {name: mask(text) for name, text in parts.items()}


def _queue(profile: Path) -> str:
    from offline.storage.profile import open_profile
    from offline.sync.cli import queue_json

    try:
        store = open_profile(profile)
    except Exception as exc:  # doctor.json says what is wrong with the database
        return json.dumps({"error": type(exc).__name__})
    try:
        data: dict[str, Any] = json.loads(queue_json(store))
    finally:
        store.close()
    return json.dumps(data, ensure_ascii=False, indent=2)


def write_bundle(profile: Path, destination: Path) -> list[str]:
    if destination.is_dir() or not destination.parent.is_dir():
        raise BundleError(_t("输出位置无效：{path}").format(path=destination))
    parts = collect(profile)
    part = destination.with_name(destination.name + ".part")
    try:
        with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, text in parts.items():
                archive.writestr(name, text)
        os.replace(part, destination)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise BundleError(
            _t("无法写入 {path}：{reason}").format(path=destination, reason=exc.strerror or exc)
        ) from exc
    return sorted(parts)
