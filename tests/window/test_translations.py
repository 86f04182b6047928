"""Translations: Qt's own buttons in Chinese by default, and the .ts → .qm pipeline proven
by English (`--lang en`)."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from tests.factories import open_main_window
from ui.app import make_application
from ui.main_window import MainWindow
from ui.translations import compile_ts, remove_translations, ts_file, wrapped_calls

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def app() -> Iterator[QApplication]:
    """The application as the window starts it; without our translators afterwards."""
    application = make_application()
    yield application
    remove_translations(application)


@pytest.fixture
def english(app: QApplication) -> QApplication:
    return make_application("en")  # what `--lang en` does


@pytest.fixture
def window(english: QApplication, qtbot: QtBot, tmp_path: Path) -> MainWindow:
    return open_main_window(qtbot, tmp_path / "profile")


def test_message_boxes_and_button_boxes_read_chinese(qtbot: QtBot, app: QApplication) -> None:
    box = QMessageBox(QMessageBox.Icon.Question, "确认", "确定要清空吗？")
    box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    ok, cancel = QMessageBox.StandardButton.Ok, QMessageBox.StandardButton.Cancel
    assert [box.button(ok).text(), box.button(cancel).text()] == ["确定", "取消"]
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save)
    qtbot.addWidget(buttons)
    assert buttons.button(QDialogButtonBox.StandardButton.Save).text() == "保存"
    chooser = QFileDialog(None, "选择文件")
    chooser.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(chooser)
    labels = [b.text() for b in chooser.findChildren(QDialogButtonBox)[0].buttons()]
    assert "取消" in labels and "Cancel" not in labels


def test_english_window_title_menus_and_intake_screen(qtbot: QtBot, window: MainWindow) -> None:
    assert window.windowTitle() == "Window Intake Client (training mode)"
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["Settings", "Sync", "Account", "Cases", "Statistics"]
    settings_menu = window.menuBar().actions()[0].menu()
    assert isinstance(settings_menu, QMenu)
    settings = settings_menu.actions()
    assert [a.text() for a in settings][:2] == ["Window settings…", "Holidays…"]
    assert [window.tabs.tabText(i) for i in range(2)] == ["Intake", "Today's cases"]
    screen = window.intake
    assert screen.accept_button.text().replace("&", "") == "Accept"  # a mnemonic: Alt+A
    assert screen.refuse_button.text().replace("&", "") == "Refuse…"
    header = screen.checklist.horizontalHeaderItem(0)
    assert header is not None and header.text() == "Material"
    # Qt's own buttons are back in English (no zh_CN catalogue for another language).
    box = QMessageBox(QMessageBox.Icon.Question, "", "")
    box.setStandardButtons(QMessageBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QMessageBox.StandardButton.Cancel).text() == "Cancel"


def test_the_ts_compiles_and_knows_the_client_layer_messages(tmp_path: Path) -> None:
    qm = compile_ts(ts_file("en"), tmp_path)
    assert qm.stat().st_size > 1000
    root = ET.parse(ts_file("en")).getroot()
    sources = {(c.findtext("name"), m.findtext("source")) for c in root for m in c.iter("message")}
    # A message reached only through a module's `_t` wrapper (client/, no Qt) is extracted.
    scanner = ROOT / "client" / "capture" / "devices" / "sane_scanner.py"
    assert ("capture", "扫描仪送来的图像格式无法识别") in wrapped_calls(scanner)
    assert ("capture", "扫描仪送来的图像格式无法识别") in sources
    assert ("MainWindow", "窗口受理客户端") in sources


def test_lang_en_starts_the_window(tmp_path: Path) -> None:
    shown = subprocess.run(
        [sys.executable, "main.py", "--profile", str(tmp_path), "--lang", "en", "--smoke-test"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=60,
    )
    assert shown.returncode == 0, shown.stderr
    assert "window shown" in shown.stdout
