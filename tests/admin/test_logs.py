"""Logs and crash reports: the profile's rotating log holds what happened and no personal data;
unhandled exceptions and Qt's messages reach it; the support bundle is safe to send."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import keyring
import pytest
from PySide6.QtCore import qInstallMessageHandler, qWarning
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from offline.admin import logs
from offline.admin.logs import MaskingFilter, configure_logging, log_files, mask
from offline.storage.profile import open_profile
from offline.storage.secrets import KeyringTokenStore
from tests.central.server import CentralServer
from tests.factories import open_main_window
from tests.file_keyring import FileKeyring
from tests.test_cli import ID, ROOT, food_request

NAME, PHONE, USCC = "王小明", "13912345678", "91110108MA01ABCD2X"


def test_the_mask_hides_ids_codes_phones_and_tokens() -> None:
    line = (
        f"申请人证件 {ID}，信用代码{USCC}，电话 +86 {PHONE}；Authorization: Bearer abc.DEF-1_2"
        ' {"access_token": "s3cr3t", "refresh_token":"r3fr3sh"} 件号 PX01-20261122-0001'
    )
    masked = mask(line)
    for secret in (ID, USCC, PHONE, "abc.DEF-1_2", "s3cr3t", "r3fr3sh"):
        assert secret not in masked
    assert "PX01-20261122-0001" in masked  # a case number is not personal and helps support


def test_messages_arguments_and_tracebacks_are_masked_in_the_file(
    tmp_path: Path, root_logging: None
) -> None:
    path = configure_logging(tmp_path / "p")
    assert path == tmp_path / "p" / "logs" / "chuangkou.log"
    log = logging.getLogger("test")
    log.info("intake for %s phone %s", ID, PHONE)
    try:
        raise ValueError(f"bad id {ID}")
    except ValueError:
        log.exception("failed")
    text = path.read_text(encoding="utf-8")
    assert "intake for" in text and "ValueError: bad id [证件号已隐去]" in text
    assert ID not in text and PHONE not in text
    assert any(
        isinstance(f, MaskingFilter) for h in logging.getLogger().handlers for f in h.filters
    )


def test_the_log_rotates_at_its_size(
    tmp_path: Path, root_logging: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logs, "MAX_BYTES", 20_000)
    configure_logging(tmp_path / "p")
    for n in range(2000):
        logging.getLogger("test").info("line %d %s", n, "x" * 80)
    files = log_files(tmp_path / "p")
    assert len(files) == 5  # the current file and four old ones, no more
    assert all(f.stat().st_size <= 20_000 + 200 for f in files)


CRASH = """
import sys, threading
sys.path.insert(0, {root!r})
from pathlib import Path
from offline.admin.logs import configure_logging
configure_logging(Path({profile!r}))
t = threading.Thread(target=lambda: 1 / 0, name="worker")
t.start(); t.join()
raise RuntimeError("unhandled for {id}")
"""


def test_unhandled_exceptions_on_any_thread_reach_the_log(tmp_path: Path) -> None:
    code = CRASH.format(root=str(ROOT), profile=str(tmp_path / "p"), id=ID)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 1 and "RuntimeError" in result.stderr  # console still shows it
    text = (tmp_path / "p" / "logs" / "chuangkou.log").read_text(encoding="utf-8")
    assert "unhandled exception in thread worker" in text and "ZeroDivisionError" in text
    assert "RuntimeError: unhandled for [证件号已隐去]" in text and ID not in text


def test_an_intake_a_login_and_a_sync_leave_no_personal_data_in_the_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile = tmp_path / "p"
    env = {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": "tests.file_keyring.FileKeyring",
        "CHUANGKOU_LOG_LEVEL": "DEBUG",  # everything the libraries say, too
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
        intake = cli("intake", "--json", str(food_request(tmp_path)))
        assert intake.returncode == 0, intake.stderr
        assert cli("sync", "--once").returncode == 0
        assert cli("support-bundle", str(tmp_path / "bundle.zip")).returncode == 0

    keyring.set_keyring(FileKeyring())  # the session's test keyring, as the subprocesses used
    store = open_profile(profile)
    tokens = KeyringTokenStore(store).load()
    store.close()
    assert tokens is not None
    secrets = (ID, NAME, PHONE, tokens.access_token, tokens.refresh_token, "clerk-pass")

    text = "".join(p.read_text(encoding="utf-8") for p in log_files(profile))
    assert "Chuangkou" in text and ": sync" in text and "/api/v1/" in text  # it logged work
    for secret in secrets:
        assert secret not in text

    with zipfile.ZipFile(tmp_path / "bundle.zip") as bundle:
        names = set(bundle.namelist())
        assert {"doctor.json", "queue.json", "versions.json", "logs/chuangkou.log"} <= names
        versions = json.loads(bundle.read("versions.json"))
        assert versions["python"] == sys.version.split()[0] and versions["pyside6"]
        assert "数据库完整" in bundle.read("doctor.json").decode("utf-8")
        for name in names:
            content = bundle.read(name).decode("utf-8")
            for secret in secrets:
                assert secret not in content, name


def test_qt_messages_go_into_the_log(caplog: pytest.LogCaptureFixture) -> None:
    from ui.operations import install_qt_message_handler

    previous = qInstallMessageHandler(None)
    try:
        install_qt_message_handler()
        with caplog.at_level(logging.WARNING, logger="qt"):
            qWarning("a platform plugin is missing")
    finally:
        qInstallMessageHandler(previous)
    assert next(r.getMessage() for r in caplog.records if r.name == "qt").startswith(
        "a platform plugin is missing"
    )


def test_an_unhandled_exception_in_the_window_says_where_the_log_is(
    qtbot: QtBot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from ui.operations import CrashReporter

    window = open_main_window(qtbot, tmp_path / "p", show=False)
    hooks = sys.excepthook, threading.excepthook
    try:
        reporter = CrashReporter(window, tmp_path / "p")
        try:
            raise KeyError("defect")
        except KeyError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
        qtbot.waitUntil(lambda: bool(reporter.shown))
    finally:
        sys.excepthook, threading.excepthook = hooks
    boxes = [w for w in window.findChildren(QMessageBox) if w.isVisible()]
    assert boxes and str(tmp_path / "p" / "logs" / "chuangkou.log") in boxes[0].text()
    assert reporter.shown[0] in boxes[0].text()
    assert any(reporter.shown[0] in r.getMessage() for r in caplog.records)  # logged with it
    boxes[0].close()
