"""The window prints a case's 准予行政许可决定书 from the case detail's document chooser,
sealed and signed, as the CLI does (it once failed there with 未配置部门签名证书 because the
window built its document service without the signing key)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QLabel
from pytestqt.qtbot import QtBot

from client.documents.data import Decision
from client.domain import LegalBasis
from offline.documents.decision_records import record_decision
from offline.intake.transaction import IntakeService
from offline.storage.profile import open_profile
from tests.factories import accept_request
from ui.background import serial_pool
from ui.cases.detail_dialog import CaseDetailDialog


def test_the_case_detail_prints_the_decision_sealed_and_signed(
    qtbot: QtBot, tmp_path: Path
) -> None:
    service = IntakeService(open_profile(tmp_path / "profile"))  # as ui/app.py builds it
    store = service.store
    result = service.submit(accept_request(store))
    basis = (LegalBasis("《中华人民共和国食品安全法》", "第三十五条"),)
    decision = Decision(True, "培审批食许〔2026〕9号", "准予", basis, "", dt.date.today(), "周审批")
    record_decision(store, result.case_id, decision, dt.datetime.now().astimezone())

    dialog = CaseDetailDialog(service, result.case_number, serial_pool())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=5000)
    offered: list[str] = []

    def choose() -> None:  # the chooser is modal: answer it as the clerk would
        chooser = QApplication.activeModalWidget()
        assert isinstance(chooser, QInputDialog)
        offered.extend(chooser.comboBoxItems())
        chooser.setTextValue("准予行政许可决定书")
        chooser.accept()

    QTimer.singleShot(200, choose)
    dialog.reprint_button.click()
    qtbot.waitUntil(lambda: bool(dialog.previews), timeout=20000)
    assert "准予行政许可决定书" in offered
    printed = store.conn.execute(
        "SELECT action, sealed, signed FROM document_prints WHERE kind = 'approval-decision'"
    ).fetchall()
    assert printed == [("print", 1, 1)]  # its first copy: a print, not a 补打
    preview = dialog.previews[0]  # the document decrypted from the store, not its file

    def shown() -> bool:
        texts = [label.text() for label in preview.findChildren(QLabel)]
        assert not any("无法打开文件" in t for t in texts), texts
        return any("第 1 / 1 页" in t for t in texts)

    qtbot.waitUntil(shown, timeout=5000)
