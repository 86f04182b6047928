"""The verbs behind a captive portal and the `sync --verify` repair, as real subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from client.central.replies import PORTAL
from offline.storage.profile import open_profile
from tests.api.test_login import login
from tests.central.server import CentralServer
from tests.helpers.portal import PortalServer
from tests.helpers.profile_db import open_db
from tests.sync.support import central_rows
from tests.test_cli import ROOT, food_request


@pytest.fixture
def central(tmp_path: Path) -> Iterator[CentralServer]:
    with CentralServer(tmp_path / "central") as server:
        yield server


@pytest.fixture
def portal(central: CentralServer) -> Iterator[PortalServer]:
    with PortalServer(central.url) as server:
        yield server


def verb(tmp_path: Path, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": "tests.file_keyring.FileKeyring",
    }
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--profile", str(profile), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )


def assert_clean_failure(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "Error:" not in result.stderr
    assert PORTAL in result.stdout + result.stderr


def test_login_behind_a_portal_says_so_and_leaves_the_profile_in_training(
    portal: PortalServer, tmp_path: Path
) -> None:
    portal.mode = "portal"
    profile = tmp_path / "p"
    result = login(profile, portal, "clerk-pass", tmp_path)  # type: ignore[arg-type]
    assert_clean_failure(result)
    assert portal.forwarded == 0
    conn = open_db(profile / "chuangkou.db")
    row = conn.execute("SELECT value FROM settings WHERE key = 'central.url'").fetchone()
    conn.close()
    assert row is None or json.loads(row[0]) == ""


@pytest.mark.parametrize("mode", ["portal", "bad_json"])
def test_doctor_and_sync_behind_a_portal_fail_clearly(
    portal: PortalServer, tmp_path: Path, mode: str
) -> None:
    profile = tmp_path / "p"
    assert login(profile, portal, "clerk-pass", tmp_path).returncode == 0  # type: ignore[arg-type]
    assert verb(tmp_path, profile, "intake", "--json", str(food_request(tmp_path))).returncode == 0
    store = open_profile(profile)
    # a portal answers, nothing moves (set as an administrator would, without a login here)
    store.set_settings({"sync.once_stall_seconds": 3}, system=True)
    store.close()
    portal.mode = mode

    doctor = verb(tmp_path, profile, "doctor")
    assert doctor.returncode == 1 and "Traceback" not in doctor.stderr
    assert "中心系统可以连接" not in doctor.stdout
    central_line = next(line for line in doctor.stdout.splitlines() if "central" in line)
    assert central_line.startswith("✗")
    expected = PORTAL if mode == "portal" else "不符合接口约定"
    assert expected in central_line

    sync = verb(tmp_path, profile, "sync", "--once")
    assert sync.returncode == 1 and "Traceback" not in sync.stderr
    assert expected in sync.stdout + sync.stderr
    assert "全部同步完成" not in sync.stdout


def test_sync_verify_repairs_a_profile_damaged_by_the_portal_defect(
    central: CentralServer, portal: PortalServer, tmp_path: Path
) -> None:
    profile = tmp_path / "p"
    assert login(profile, portal, "clerk-pass", tmp_path).returncode == 0  # type: ignore[arg-type]
    cases = []
    for n in range(3):
        result = verb(tmp_path, profile, "intake", "--json", str(food_request(tmp_path)))
        assert result.returncode == 0, result.stderr
        cases.append(json.loads(result.stdout))
        if n == 0:
            assert verb(tmp_path, profile, "sync", "--once").returncode == 0
    # What the old client left behind a portal: every operation of two cases marked done.
    conn = open_db(profile / "chuangkou.db")
    with conn:
        conn.execute(
            "UPDATE outbox SET state = 'done' WHERE case_id IN (?, ?)",
            (cases[1]["case_id"], cases[2]["case_id"]),
        )
    conn.close()
    once = verb(tmp_path, profile, "sync", "--once")
    assert once.returncode == 0 and "全部同步完成" in once.stdout  # the damage hides itself
    assert central_rows(central, "SELECT count(*) FROM cases")[0][0] == 1

    repaired = verb(tmp_path, profile, "sync", "--verify")

    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    assert "中心已确认 1 件，重新发送 2 件，不一致 0 件" in repaired.stdout
    for case in cases[1:]:
        assert case["case_number"] in repaired.stdout
    assert "全部同步完成" in repaired.stdout
    held = {r[0] for r in central_rows(central, "SELECT case_id FROM cases")}
    assert held == {c["case_id"] for c in cases}
    materials = [r[0] for r in central_rows(central, "SELECT material_id FROM materials")]
    assert len(materials) == len(set(materials)) == 3  # one per case, none twice

    again = verb(tmp_path, profile, "sync", "--verify")
    assert again.returncode == 0
    assert "中心已确认 3 件，重新发送 0 件，不一致 0 件" in again.stdout
