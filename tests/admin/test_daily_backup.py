"""The automatic daily backup: once a day, by the window and by `sync`, the newest N kept."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from offline.admin.backup_schedule import auto_backups, backup_folder, run_daily_backup
from offline.admin.restore import restore_backup
from offline.storage.profile import open_profile
from tests.central.server import CentralServer
from tests.factories import open_main_window
from tests.test_cli import ROOT
from ui.operations import DailyBackup


def test_one_backup_a_day_and_only_the_newest_kept(tmp_path: Path) -> None:
    store = open_profile(tmp_path / "p")
    try:
        store.set_settings({"backup.keep": 3})
        folder = backup_folder(store)
        assert folder == tmp_path / "p" / "backups"
        folder.mkdir()
        (folder / "before-upgrade.zip").write_bytes(b"made by hand")
        days = [dt.datetime(2026, 3, d, 9, 30) for d in range(1, 6)]
        for day in days:
            assert run_daily_backup(store, day) is not None
            assert run_daily_backup(store, day + dt.timedelta(hours=5)) is None  # same day
        names = [p.name for p in auto_backups(folder)]
        assert names == [f"chuangkou-auto-2026030{d}-093000.zip" for d in (3, 4, 5)]
        assert (folder / "before-upgrade.zip").read_bytes() == b"made by hand"
        restore_backup(folder / names[-1], tmp_path / "check")  # a real, restorable backup

        store.set_settings({"backup.keep": 0, "backup.folder": str(tmp_path / "elsewhere")})
        assert run_daily_backup(store, dt.datetime(2026, 3, 9)) is None  # switched off
        store.set_settings({"backup.keep": 1})
        assert run_daily_backup(store, dt.datetime(2026, 3, 9)) is not None
        assert len(auto_backups(tmp_path / "elsewhere")) == 1
    finally:
        store.close()


def test_the_window_makes_the_days_backup_in_the_background(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_main_window(qtbot, tmp_path / "p", show=False)
    daily = DailyBackup(window, window.store, first_ms=0)
    with qtbot.waitSignal(daily.done, timeout=20_000) as made:
        pass
    assert made.args is not None and made.args[0] is not None
    assert [p.parent for p in auto_backups(tmp_path / "p" / "backups")] == [
        tmp_path / "p" / "backups"
    ]
    with qtbot.waitSignal(daily.done, timeout=20_000) as again:
        daily.on_timer_timeout()
    assert again.args == [None]  # not due again today
    daily.timer.stop()


def test_sync_makes_the_days_backup_first(tmp_path: Path) -> None:
    profile = tmp_path / "p"
    env = {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": "tests.file_keyring.FileKeyring",
    }

    def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "--profile", str(profile), *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=60,
        )

    with CentralServer(tmp_path / "central") as central:
        login = cli(
            "login",
            "--central",
            central.url,
            "--username",
            "clerk",
            "--window",
            "W01",
            stdin="clerk-pass\n",
        )
        assert login.returncode == 0, login.stderr
        assert cli("sync", "--once").returncode == 0
    assert len(auto_backups(profile / "backups")) == 1
