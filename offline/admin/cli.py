"""The administrator's verbs for a rollout and for operations, wired into main.py:

config export FILE / config import FILE    every declared setting, as JSON (offline/config_file)
backup FILE                                 a consistent copy while the window runs
restore FILE [--profile DIR]                verified first, then replaces the profile
support-bundle FILE                         logs, doctor, queue and versions, no personal data

Each verb returns the process exit code; errors meant for the administrator are ClerkErrors,
which main.py prints as they are.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from client.errors import ClerkError
from client.i18n import translate

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2

log = logging.getLogger(__name__)


def _t(text: str) -> str:
    return translate("admin_cli", text)


def add_verbs(verbs: Any) -> None:
    """Add this module's verbs to main.py's subparsers."""
    config = verbs.add_parser("config", help="export or import every setting (preseeding)")
    actions = config.add_subparsers(dest="config_action", required=True)
    actions.add_parser("export", help="write the settings to FILE").add_argument("file", type=Path)
    actions.add_parser("import", help="apply FILE, all or nothing").add_argument("file", type=Path)
    backup = verbs.add_parser("backup", help="write a backup of the profile to FILE")
    backup.add_argument("file", type=Path)
    restore = verbs.add_parser("restore", help="replace a profile with a verified backup")
    restore.add_argument("file", type=Path)
    restore.add_argument(
        "--profile", dest="restore_profile", type=Path, help="restore into this profile"
    )
    bundle = verbs.add_parser("support-bundle", help="pack logs and checks for support")
    bundle.add_argument("file", type=Path)


VERBS = ("config", "backup", "restore", "support-bundle")


def run(args: argparse.Namespace, profile: Path) -> int:
    """Run one of VERBS; `profile` is the resolved --profile."""
    commands: dict[str, Callable[[argparse.Namespace, Path], int]] = {
        "config": cmd_config,
        "backup": cmd_backup,
        "restore": cmd_restore,
        "support-bundle": cmd_support_bundle,
    }
    from offline.admin.config_file import ConfigFileError
    from offline.admin.restore import BackupDamaged

    try:
        return commands[args.verb](args, profile)
    except (ConfigFileError, BackupDamaged) as exc:  # a bad input file, like a bad argument
        log.info("%s refused: %s", args.verb, exc.message)
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE


def _print(data: dict[str, Any]) -> None:
    print(json.dumps(data, ensure_ascii=False))


def cmd_config(args: argparse.Namespace, profile: Path) -> int:
    from offline.admin.config_file import import_config, write_config
    from offline.storage.profile import open_profile

    store = open_profile(profile)
    try:
        if args.config_action == "export":
            count = write_config(store, args.file)
            _print({"file": str(args.file), "settings": count})
        else:
            changed = import_config(store, args.file)
            _print({"file": str(args.file), "changed": changed})
    finally:
        store.close()
    return EXIT_OK


def apply_start_config(profile: Path, path: Path) -> int | None:
    """`--config FILE`: import before the window or the verb starts. Returns None when it was
    applied, or the exit code after saying why not (then nothing starts)."""
    from offline.admin.config_file import ConfigFileError, import_config
    from offline.storage.profile import open_profile

    store = open_profile(profile)
    try:
        changed = import_config(store, path)
    except ConfigFileError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    finally:
        store.close()
    log.info("start-up configuration %s applied: %s", path.name, ", ".join(changed) or "-")
    return None


def cmd_backup(args: argparse.Namespace, profile: Path) -> int:
    from offline.admin.backup import make_backup
    from offline.storage.profile import open_profile

    store = open_profile(profile)
    try:
        result = make_backup(store, args.file)
    finally:
        store.close()
    log.info("backup written: %s (%d bytes)", result.path, result.bytes)
    _print(
        {
            "file": str(result.path),
            "bytes": result.bytes,
            "files": result.files,
            "cases": result.cases,
        }
    )
    return EXIT_OK


def cmd_restore(args: argparse.Namespace, profile: Path) -> int:
    from offline.admin.logs import configure_logging
    from offline.admin.restore import restore_backup

    target = args.restore_profile or profile
    result = restore_backup(args.file, target)
    configure_logging(target)
    log.info("backup %s restored into %s", args.file.name, target)
    _print(
        {
            "profile": str(result.profile),
            "previous": str(result.previous) if result.previous else None,
            "files": result.files,
            "cases": result.cases,
            "backup_created_at": result.created_at,
            "backup_app_version": result.app_version,
        }
    )
    if result.previous:
        print(
            _t("原配置目录已保留在 {path}，确认无误后可删除。").format(path=result.previous),
            file=sys.stderr,
        )
    if result.connected:
        print(_t("登录凭据不在备份中：请重新登录（login）后再同步。"), file=sys.stderr)
    return EXIT_OK


def cmd_support_bundle(args: argparse.Namespace, profile: Path) -> int:
    from offline.admin.support_bundle import write_bundle

    names = write_bundle(profile, args.file)
    _print({"file": str(args.file), "contents": names})
    return EXIT_OK


def daily_backup_before_sync(profile: Path) -> None:
    """`sync` makes the day's automatic backup first; a failure is reported, never fatal."""
    from offline.admin.backup_schedule import run_daily_backup
    from offline.storage.profile import open_profile

    store = open_profile(profile)
    try:
        if not store.training:  # sync refuses a training profile anyway
            run_daily_backup(store)
    except ClerkError as exc:
        log.warning("daily backup failed: %s", exc.message)
        print(_t("注意：今日自动备份未完成：{reason}").format(reason=exc), file=sys.stderr)
    finally:
        store.close()
