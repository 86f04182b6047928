"""修改密码 from the window, against the reference central over real sockets."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from offline.accounts.connect import client_for, connect
from offline.accounts.login import login_offline
from offline.storage.profile import open_profile
from tests.central.server import CentralServer
from tests.factories import open_main_window
from ui.accounts.password_dialog import PasswordDialog


def test_password_dialog_round_trip(qtbot: QtBot, tmp_path: Path) -> None:
    with CentralServer(tmp_path / "central") as central:
        store = open_profile(tmp_path / "profile")
        connect(store, central.url, "clerk", "clerk-pass", "W01")
        store.close()
        window = open_main_window(qtbot, tmp_path / "profile")
        assert "王芳" in window.window_label.text()
        dialog = PasswordDialog(window.store, window.write_pool, "clerk", window)
        qtbot.addWidget(dialog)
        dialog.old.setText("clerk-pass")
        dialog.new.setText("short")
        dialog.repeat.setText("shorter")
        dialog.on_change_clicked()
        assert "不一致" in dialog.error.text()
        dialog.repeat.setText("short")
        dialog.on_change_clicked()
        qtbot.waitUntil(lambda: "至少需要 8 位" in dialog.error.text(), timeout=20000)
        dialog.new.setText("Lantern2026")
        dialog.repeat.setText("Lantern2026")
        with qtbot.waitSignal(dialog.accepted, timeout=20000):
            dialog.on_change_clicked()
        client_for(window.store).login("clerk", "Lantern2026", "W01")
        assert login_offline(window.store, "clerk", "Lantern2026").username == "clerk"
        window.close()
