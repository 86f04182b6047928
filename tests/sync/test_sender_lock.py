"""One sender per profile: two real `sync --once` processes on one profile, and the window's
engine meeting a running `sync --once`. Traffic goes through the loopback fault proxy only
to count the bytes sent: a second sender would send the materials again."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from client.catalog.loading import load_department
from offline.intake.transaction import IntakeService
from offline.storage.profile import open_profile
from offline.sync.sender_lock import SenderBusy, SenderLock
from offline.sync.status import LinkState
from tests.central.server import CentralServer
from tests.helpers.proxy import FaultProxy
from tests.sync.support import (
    assert_converged,
    central_rows,
    connected_service,
    engine,
    queue_cases,
    wait_for,
)
from tests.test_cli import ROOT


@pytest.fixture
def central(tmp_path: Path) -> Iterator[CentralServer]:
    with CentralServer(tmp_path / "central") as server:
        yield server


@pytest.mark.timeout(180)
def test_a_second_sync_waits_or_exits_and_nothing_is_sent_twice(
    central: CentralServer, tmp_path: Path
) -> None:
    profile = tmp_path / "profile"
    env = {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": "tests.file_keyring.FileKeyring",
    }

    def cli(*args: str) -> list[str]:
        return [sys.executable, str(ROOT / "main.py"), "--profile", str(profile), *args]

    with FaultProxy("127.0.0.1", central.port) as proxy:
        login = subprocess.run(
            cli("login", "--central", proxy.url, "--username", "clerk", "--window", "W01"),
            input="clerk-pass\n",
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=60,
        )
        assert login.returncode == 0, login.stderr
        service = IntakeService(open_profile(profile), load_department())
        queue_cases(service, 6, 2, tmp_path, file_size=300_000)
        material_bytes = 6 * 2 * 300_000
        central.faults.update(delay_ms=80)
        proxy.reset_counters()

        first = subprocess.Popen(
            cli("sync", "--once"), env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True
        )
        try:
            wait_for(
                lambda: len(central_rows(central, "SELECT 1 FROM cases")) >= 1,
                timeout=60,
                what="the first sync sending",
            )
            busy = subprocess.run(
                cli("sync", "--once", "--wait", "0"),
                capture_output=True,
                text=True,
                env=env,
                cwd=ROOT,
                timeout=60,
            )
            assert busy.returncode == 1
            assert "另一个程序正在同步此配置目录" in busy.stderr
            assert "Traceback" not in busy.stderr and busy.stdout == ""

            waiting = subprocess.Popen(
                cli("sync", "--once"),
                env=env,
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            out, err = waiting.communicate(timeout=120)
            assert waiting.returncode == 0, out + err
            assert "等待它完成" in err
            assert "全部同步完成" in out
            first_out, _ = first.communicate(timeout=60)
            assert first.returncode == 0 and "全部同步完成" in first_out
        finally:
            if first.poll() is None:
                first.kill()
            first.communicate(timeout=10)
        central.faults.update(delay_ms=0)
        # Each material once over the link (plus JSON and headers), not twice.
        assert material_bytes <= proxy.bytes_up < 1.25 * material_bytes, proxy.bytes_up
    assert_converged(service.store, central)
    service.store.close()


def test_the_windows_engine_waits_for_a_running_sync_and_then_sends(
    central: CentralServer, tmp_path: Path
) -> None:
    service = connected_service(tmp_path / "profile", central.url)
    queue_cases(service, 2, 1, tmp_path)
    other = SenderLock(service.store.profile)  # a `sync --once` in another process, say
    assert other.acquire()
    try:
        statuses: list[str] = []
        window = engine(service.store, on_status=lambda s: statuses.append(s.status.message))
        window.start()
        wait_for(lambda: any("另一个程序正在同步" in m for m in statuses), timeout=10, what="busy")
        assert central_rows(central, "SELECT 1 FROM cases") == []
        with pytest.raises(SenderBusy):
            window.run_cycle()
    finally:
        other.release()
    wait_for(
        lambda: window.status().link is LinkState.ONLINE and not window.outbox.counts().pending,
        timeout=30,
        what="the engine sending after the lock is free",
    )
    window.stop()
    assert_converged(service.store, central)
    service.store.close()
