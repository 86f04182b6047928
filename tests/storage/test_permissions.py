"""The profile is the account's own: after login, intakes and sync nothing under it is group-
or world-readable, even in a process whose umask is the usual 022; an older profile is
tightened when opened; the password and the tokens are nowhere in it in clear."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from offline.storage.profile import check_and_keep_copy, open_profile
from offline.storage.secrets import KeyringTokenStore
from tests.central.server import CentralServer
from tests.sync.support import connected_service, engine, queue_cases, run_until_synced
from tests.test_cli import ROOT, food_request

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes (Windows uses ACLs)")


@pytest.fixture
def central(tmp_path: Path) -> Iterator[CentralServer]:
    with CentralServer(tmp_path / "central") as server:
        yield server


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def exposed(profile: Path) -> list[str]:
    """Every entry under `profile` (and itself) that the group or others may use."""
    entries = [profile, *profile.rglob("*")]
    return [
        f"{oct(stat.S_IMODE(p.lstat().st_mode))} {p.relative_to(profile.parent)}"
        for p in entries
        if stat.S_IMODE(p.lstat().st_mode) & 0o077
    ]


def all_bytes(profile: Path) -> bytes:
    return b"".join(p.read_bytes() for p in profile.rglob("*") if p.is_file())


def test_login_intake_and_sync_leave_nothing_readable_by_others(
    central: CentralServer, tmp_path: Path, umask_022: None
) -> None:
    profile = tmp_path / "profile"
    service = connected_service(profile, central.url)
    queue_cases(service, 2, 2, tmp_path)
    run_until_synced(engine(service.store))
    check_and_keep_copy(service.store, thorough=False)  # the window's last good copy
    tokens = KeyringTokenStore(service.store).load()
    assert tokens is not None
    names = {p.name for p in profile.rglob("*")}
    assert {"chuangkou.db", "chuangkou.db-wal", "sync.lock", "tokens.bin"} <= names
    assert "chuangkou.db.last-good" in names and any(n.endswith(".pdf") for n in names)
    assert exposed(profile) == []
    data = all_bytes(profile)
    assert b"clerk-pass" not in data
    assert tokens.access_token.encode() not in data and tokens.refresh_token.encode() not in data
    service.store.close()


def test_the_command_line_keeps_the_profile_private(central: CentralServer, tmp_path: Path) -> None:
    profile = tmp_path / "profile"
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
            preexec_fn=lambda: os.umask(0o022),
        )

    login = cli(
        "login", "--central", central.url, "--username", "clerk", "--window", "W01",
        stdin="clerk-pass\n",
    )  # fmt: skip
    assert login.returncode == 0, login.stderr
    slip = tmp_path / "slip.pdf"
    intake = cli("intake", "--json", str(food_request(tmp_path)), "--slip", str(slip))
    assert intake.returncode == 0, intake.stderr
    synced = cli("sync", "--once")
    assert synced.returncode == 0, synced.stdout + synced.stderr
    assert exposed(profile) == []
    assert b"clerk-pass" not in all_bytes(profile)


def test_an_older_profile_is_tightened_when_opened(tmp_path: Path, umask_022: None) -> None:
    profile = tmp_path / "profile"
    store = open_profile(profile)
    store.files.put_bytes(b"scan")
    store.close()
    for path in [profile, *profile.rglob("*")]:  # as an older version left it
        path.chmod(0o755 if path.is_dir() else 0o644)
    assert exposed(profile) != []
    open_profile(profile).close()
    assert exposed(profile) == []
