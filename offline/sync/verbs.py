"""The `sync` and `queue` verbs as the command line wires them: their arguments, and running
them with the exit codes scripts rely on. Light to import (main.py builds its parser from it
on every start); the engine loads only when a verb runs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from client.i18n import translate

VERBS = ("sync", "queue")
EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2


def add_verbs(verbs: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sync = verbs.add_parser("sync", help="send the outbox to the central and pull its changes")
    sync.add_argument("--once", action="store_true", help="one full round, then exit")
    sync.add_argument(
        "--verify",
        action="store_true",
        help="ask the central for every open case, re-send what it lacks, report, exit",
    )
    sync.add_argument(
        "--wait",
        type=float,
        default=120.0,
        help="seconds to wait while another program syncs this profile (0: do not wait)",
    )
    queue = verbs.add_parser("queue", help="list what is waiting to be synced")
    queue.add_argument("--json", action="store_true")


def run(args: argparse.Namespace, profile: Path) -> int:
    return cmd_sync(args, profile) if args.verb == "sync" else cmd_queue(args, profile)


def _fail(message: str, code: int) -> int:
    print(message, file=sys.stderr)
    return code


def cmd_sync(args: argparse.Namespace, profile: Path) -> int:
    """--once: exit 0 when everything reached the central, 1 when work remains (reasons
    printed). Without --once the engine runs until Ctrl-C."""
    import threading

    from client.central.api import CentralError
    from offline.admin.cli import daily_backup_before_sync
    from offline.storage.profile import open_profile
    from offline.storage.secrets import SecretStoreUnavailable
    from offline.sync.cli import NotConnected, report_text, sync_forever, sync_once, sync_verify

    daily_backup_before_sync(profile)
    store = open_profile(profile, check=True)
    verified = None
    try:
        if args.verify:
            verified, report = sync_verify(store, max(0.0, args.wait), waiting_for_other_sender)
        elif not args.once:
            stop = threading.Event()
            try:
                sync_forever(store, stop)
            except KeyboardInterrupt:
                stop.set()
            return EXIT_OK
        else:
            report = sync_once(store, max(0.0, args.wait), waiting_for_other_sender)
    except NotConnected as exc:
        return _fail(str(exc), EXIT_USAGE)
    except (CentralError, SecretStoreUnavailable) as exc:
        return _fail(f"同步失败：{exc}", EXIT_PROBLEM)
    finally:
        store.close()
    if verified is not None:
        print(verified.to_text())
    print(report_text(report))
    differing = verified is not None and bool(verified.differing)
    return EXIT_OK if report.complete and not differing else EXIT_PROBLEM


def waiting_for_other_sender() -> None:
    print(translate("main", "另一个程序正在同步此配置目录，等待它完成…"), file=sys.stderr)


def cmd_queue(args: argparse.Namespace, profile: Path) -> int:
    from offline.storage.profile import open_profile
    from offline.sync.cli import queue_json, queue_text

    store = open_profile(profile, check=True)
    try:
        print(queue_json(store) if args.json else queue_text(store))
    finally:
        store.close()
    return EXIT_OK
