"""Connecting a profile to the central system: the `login` verb and the token store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from client.central.api import Tokens
from offline.storage.profile import open_profile
from offline.storage.secrets import KeyringTokenStore
from tests.central.server import CentralServer
from tests.helpers.profile_db import open_db
from tests.test_cli import ROOT, food_request, run


@pytest.fixture
def central(tmp_path: Path) -> Iterator[CentralServer]:
    with CentralServer(tmp_path / "central") as server:
        yield server


def login(
    profile: Path,
    central: CentralServer,
    password: str,
    tmp_path: Path,
    backend: str = "tests.file_keyring.FileKeyring",
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": backend,
    }
    return subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "--profile",
            str(profile),
            "login",
            "--central",
            central.url,
            "--username",
            "clerk",
            "--window",
            "W07",
        ],
        input=password + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )


def test_login_switches_to_connected_mode_and_syncs(central: CentralServer, tmp_path: Path) -> None:
    profile = tmp_path / "p"
    result = login(profile, central, "clerk-pass", tmp_path)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["catalog_items"] >= 12 and summary["window_code"] == "W07"
    catalog = json.loads(run(profile, "catalog", "--json").stdout)
    assert len(catalog) == summary["catalog_items"]
    conn = open_db(profile / "chuangkou.db")
    assert conn.execute("SELECT DISTINCT source FROM catalog_items").fetchall() == [("central",)]
    url = conn.execute("SELECT value FROM settings WHERE key = 'central.url'").fetchone()[0]
    conn.close()
    assert json.loads(url) == central.url
    tokens = (profile / "tokens.bin").read_bytes()
    assert b"access_token" not in tokens and b"eyJ" not in tokens  # encrypted, not JSON/JWT
    assert "clerk-pass" not in result.stdout + result.stderr


def test_wrong_password_leaves_the_profile_in_training(
    central: CentralServer, tmp_path: Path
) -> None:
    profile = tmp_path / "p"
    result = login(profile, central, "wrong", tmp_path)
    assert result.returncode == 1 and "登录失败" in result.stderr
    doctor = json.loads(run(profile, "doctor", "--json").stdout)
    assert any(c["message"] == "培训模式" for c in doctor["checks"])
    assert not (profile / "tokens.bin").exists()


def test_a_profile_with_training_cases_cannot_go_live(
    central: CentralServer, tmp_path: Path
) -> None:
    profile = tmp_path / "p"
    assert run(profile, "intake", "--json", str(food_request(tmp_path))).returncode == 0
    result = login(profile, central, "clerk-pass", tmp_path)
    assert result.returncode == 2 and "培训办件" in result.stderr


def test_without_a_keyring_nothing_secret_is_written(
    central: CentralServer, tmp_path: Path
) -> None:
    profile = tmp_path / "p"
    result = login(profile, central, "clerk-pass", tmp_path, "keyring.backends.fail.Keyring")
    assert result.returncode == 1 and "密钥库" in result.stderr
    assert not (profile / "tokens.bin").exists()


def test_tokens_are_encrypted_with_the_keyring_key(tmp_path: Path, memory_keyring: object) -> None:
    store = open_profile(tmp_path / "p")
    tokens = KeyringTokenStore(store)
    tokens.save(Tokens("access-123", "refresh-456", 1.0))
    assert b"access-123" not in (tmp_path / "p" / "tokens.bin").read_bytes()
    assert tokens.load() == Tokens("access-123", "refresh-456", 1.0)
    # A lost keyring entry (a reinstall): the old blob is unreadable, the clerk logs in again.
    import keyring

    keyring.delete_password("chuangkou", tokens.account)
    assert tokens.load() is None
    tokens.save(None)
    assert not (tmp_path / "p" / "tokens.bin").exists()
    store.close()


def test_login_dialog_connects_off_the_ui_thread(
    qtbot: object, central: CentralServer, tmp_path: Path
) -> None:
    from pytestqt.qtbot import QtBot

    from tests.factories import open_main_window
    from ui.accounts.login_dialog import LoginDialog

    assert isinstance(qtbot, QtBot)
    window = open_main_window(qtbot, tmp_path / "profile")
    assert window.mode_label.text() == "培训模式"
    dialog = LoginDialog(window.store, window.write_pool, window)
    qtbot.addWidget(dialog)
    dialog.url.setText(central.url)
    dialog.username.setText("clerk")
    dialog.password.setText("wrong")
    dialog.window_code.setText("w07")
    with qtbot.waitSignal(dialog.buttons.accepted, timeout=1000):
        dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: "登录失败" in dialog.error.text(), timeout=10000)
    assert window.store.training and dialog.password.text() == ""
    dialog.password.setText("clerk-pass")
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        dialog.on_login_clicked()
    assert dialog.connected is not None and dialog.connected.window_code == "W07"
    window.refresh_mode()
    assert window.mode_label.text() == "联网模式" and not window.store.training
