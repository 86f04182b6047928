"""`sync --once` (the real CLI, in subprocesses) through links that fail in the ways that
used to stop a window for good: a proxy that resets every connection after a random few
hundred KB to a few MB (with the reset reaching both ends, or only the window: the central
then holds a half-open PATCH), and a server that trickles one byte every 2 s."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from client.catalog.loading import load_department
from offline.intake.transaction import IntakeService
from offline.storage.profile import open_profile
from tests.central.server import CentralServer
from tests.helpers.proxy import FaultProxy
from tests.helpers.trickle import TrickleServer
from tests.sync.support import WINDOW, assert_converged, central_rows, queue_cases, wait_for

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024


@pytest.fixture
def central(tmp_path: Path) -> Iterator[CentralServer]:
    with CentralServer(tmp_path / "central") as server:
        yield server


class Window:
    """A profile driven through main.py, as an administrator would."""

    def __init__(self, tmp_path: Path) -> None:
        self.profile = tmp_path / "profile"
        self.env = {
            **os.environ,
            "PYTHON_KEYRING_BACKEND": "tests.file_keyring.FileKeyring",
        }

    def argv(self, *args: str) -> list[str]:
        return [sys.executable, str(ROOT / "main.py"), "--profile", str(self.profile), *args]

    def run(self, *args: str, timeout: float = 60, **kw: Any) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.argv(*args),
            capture_output=True,
            text=True,
            env=self.env,
            cwd=ROOT,
            timeout=timeout,
            check=False,
            **kw,
        )

    def login(self, url: str) -> None:
        done = self.run(
            "login",
            "--central",
            url,
            "--username",
            "clerk",
            "--window",
            WINDOW,
            input="clerk-pass\n",
        )
        assert done.returncode == 0, done.stderr

    def service(self) -> IntakeService:
        return IntakeService(open_profile(self.profile), load_department())


def duplicated_on_central(central: CentralServer) -> list[Any]:
    """sha256 values the central holds more than once (materials, or finished uploads)."""
    materials = central_rows(
        central,
        "SELECT json_extract(response, '$.sha256') AS h, count(*) FROM materials"
        " GROUP BY h HAVING count(*) > 1",
    )
    uploads = central_rows(
        central,
        "SELECT sha256, count(*) FROM uploads WHERE state = 'complete'"
        " GROUP BY sha256 HAVING count(*) > 1",
    )
    return materials + uploads


@pytest.mark.timeout(120)
@pytest.mark.parametrize("half_open", [False, True], ids=["reset-both-ends", "half-open"])
def test_uploads_converge_through_resets_and_a_killed_round(
    central: CentralServer, tmp_path: Path, half_open: bool
) -> None:
    sizes = random.Random(20261202)
    with FaultProxy("127.0.0.1", central.port) as proxy:
        window = Window(tmp_path)
        window.login(proxy.url)
        service = window.service()
        queue_cases(service, 3, 3, tmp_path, file_size=2 * MB)  # 9 materials, 18 MB
        with service.store.read() as conn:
            total = conn.execute("SELECT sum(size) FROM material_files").fetchone()[0]
        service.store.set_settings(
            {"sync.once_stall_seconds": 20}, system=True
        )  # as the admin would
        proxy.reset_chooser = lambda: sizes.randint(300_000, 3 * MB)
        proxy.half_open = half_open
        proxy.reset_counters()
        started = time.monotonic()

        killed = subprocess.Popen(window.argv("sync", "--once"), env=window.env, cwd=ROOT)
        try:
            wait_for(
                lambda: (central_rows(central, "SELECT sum(offset) FROM uploads")[0][0] or 0) > MB,
                timeout=60,
                what="the first megabytes at the central",
            )
        finally:
            killed.send_signal(signal.SIGKILL)
            killed.wait(10)

        rounds = []
        for _ in range(4):
            done = window.run("sync", "--once", timeout=90)
            rounds.append(done.returncode)
            if done.returncode == 0:
                break
        took = time.monotonic() - started
        assert rounds[-1] == 0, (rounds, done.stdout, done.stderr)
        assert "全部同步完成" in done.stdout
        assert proxy.resets >= 5, proxy.resets  # the link really kept failing
        assert_converged(service.store, central)
        assert duplicated_on_central(central) == []
        # Resumed, not restarted: the resets cost a fraction of the data, not all of it.
        assert proxy.bytes_up < 2 * total, (proxy.bytes_up, total)
        print(
            f"converged in {took:.1f} s, rounds {rounds}, {proxy.resets} resets,"
            f" {proxy.bytes_up / total:.2f}x the material bytes sent"
        )


def test_sync_once_ends_in_bounded_time_against_a_trickling_server(
    central: CentralServer, tmp_path: Path
) -> None:
    window = Window(tmp_path)
    window.login(central.url)
    service = window.service()
    queue_cases(service, 2, 1, tmp_path)
    with TrickleServer(interval=2.0) as trickle:
        service.store.set_settings(
            {
                "central.url": trickle.url,
                "sync.request_deadline_seconds": 2,
                "sync.once_stall_seconds": 4,
            },
            system=True,  # as the administrator would; the clerk logged in may not
        )
        start = time.monotonic()
        done = window.run("sync", "--once", timeout=60)
        took = time.monotonic() - start
    assert done.returncode == 1, done.stdout + done.stderr
    assert "没有在 2 秒内完成应答" in done.stdout
    assert "没有任何进展" in done.stdout
    assert "Traceback" not in done.stderr
    assert took < 15, took  # 4 s without progress, plus a started Python
    assert trickle.requests >= 1
