"""A machine without libsane: the app still starts, and both the 扫描仪 settings row and
`doctor` say what to install (SANE is loaded at run time through ctypes, never compiled)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from client.capture.devices import libsane, sane_scanner
from client.capture.sources import ScanSettings
from tests.test_cli import run
from ui.capture.scan_settings import ScannerList, ScanSettingsRow

ROOT = Path(__file__).resolve().parents[2]
INSTALL = "请安装 libsane1（Debian/Ubuntu: sudo apt install libsane1）"


@pytest.fixture
def no_libsane(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """This process as it would be without libsane1: the library file named is not there."""
    monkeypatch.setenv(libsane.ENV_LIBRARY, str(tmp_path / "libsane.so.1"))
    monkeypatch.setitem(sane_scanner._state, "library", None)


@pytest.mark.usefixtures("no_libsane")
def test_scan_settings_say_what_to_install(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    row = ScanSettingsRow(ScannerList(parent), ScanSettings(), parent)
    qtbot.waitUntil(lambda: row.scanners.searched, timeout=10000)
    assert row.state.text() == "未找到 SANE 扫描仪驱动\n" + INSTALL
    assert row.device.count() == 0


def test_doctor_says_what_to_install(tmp_path: Path) -> None:
    env = {libsane.ENV_LIBRARY: str(tmp_path / "libsane.so.1"), "QT_QPA_PLATFORM": "offscreen"}
    result = run(tmp_path / "p", "doctor", "--json", env=env)
    checks = {c["name"]: c for c in json.loads(result.stdout)["checks"]}
    assert checks["scanners"]["level"] == "warning"
    assert checks["scanners"]["message"] == "无法查找扫描仪：未找到 SANE 扫描仪驱动，" + INSTALL
    assert checks["database"]["level"] == "ok"  # the rest of the app is unaffected
