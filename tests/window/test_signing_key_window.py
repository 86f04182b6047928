"""The signing key from the window: 准予行政许可决定书 produced from the main window is signed
(it failed with '未配置部门签名证书' because the window's document service had no signing
identity), and 设置 → 签名证书 imports a .p12 off the UI thread, refusing a clerk."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog, QWidget
from pytestqt.qtbot import QtBot

from client.documents.data import Decision, DocumentKind
from client.domain import LegalBasis
from offline.documents.service import kind_label
from offline.documents.signing_keys import configured_key
from tests.accounts.support import CLERK, seat
from tests.documents.keys_support import DEPARTMENT_CN, make_cert, nss_trusting, pdfsig
from tests.factories import accept_request, open_main_window
from ui.main_window import MainWindow
from ui.settings.signing_key_dialog import SigningKeyDialog

PASSWORD = "窗口导入-口令"


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    return open_main_window(qtbot, tmp_path / "profile", show=False)


def test_the_window_produces_a_signed_decision_in_training_mode(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = window.store
    number = window.service.submit(accept_request(store)).case_number
    window.service.documents.record_decision(
        number,
        Decision(
            True,
            "培审批食许〔2026〕12号",
            "准予食品经营许可",
            (LegalBasis("《中华人民共和国食品安全法》", "第三十五条"),),
            "",
            dt.date.today(),
            "周审批",
        ),
    )
    label = kind_label(DocumentKind.APPROVAL_DECISION)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *_a, **_k: (label, True))
    shown: list[str] = []
    monkeypatch.setattr(
        "ui.background.QMessageBox.open", lambda box: shown.append(box.text()), raising=True
    )
    window.on_case_opened(number)  # the chooser, then the BackgroundOp that produces it
    qtbot.waitUntil(lambda: bool(window.previews) or bool(shown), timeout=20000)
    assert shown == []  # no 操作失败 box (it said 未配置部门签名证书)
    row = store.conn.execute(
        "SELECT sealed, signed FROM document_prints WHERE kind = ?",
        (DocumentKind.APPROVAL_DECISION.value,),
    ).fetchone()
    assert row == (1, 1)
    (path,) = (store.documents_dir / number).glob(DocumentKind.APPROVAL_DECISION.value + "*.pdf")
    pdf = store.read_document(path)
    training_pem = (store.profile / "keys" / "training-seal.pem").read_bytes()
    report = pdfsig(nss_trusting(training_pem, tmp_path / "nss"), pdf, tmp_path)
    assert "Signature is Valid." in report and "Total document signed" in report
    assert "培训" in report  # the training certificate's subject says so


def test_the_administrator_imports_a_p12_from_the_window(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    made = make_cert()
    source = tmp_path / "dept.pfx"
    source.write_bytes(made.p12(PASSWORD))
    dialog = SigningKeyDialog(window.store, window.write_pool, window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "培训证书" in dialog.status.text(), timeout=10000)
    assert dialog.import_button.isEnabled()
    dialog.p12_path.setText(str(source))
    dialog.p12_password.setText("wrong")
    dialog.on_import_clicked()
    assert dialog.p12_password.text() == ""  # never left in the field
    qtbot.waitUntil(lambda: "口令不正确" in dialog.message.text(), timeout=10000)
    assert configured_key(window.store) is None
    dialog.p12_password.setText(PASSWORD)
    dialog.on_import_clicked()
    qtbot.waitUntil(lambda: dialog.message.text().startswith("已导入"), timeout=10000)
    assert DEPARTMENT_CN in dialog.message.text()
    qtbot.waitUntil(lambda: "PKCS#12 证书文件" in dialog.status.text(), timeout=10000)
    config = configured_key(window.store)
    assert config is not None and config.imported_by == "training"
    _fits_and_shows(dialog, tmp_path)


def _fits_and_shows(dialog: QWidget, tmp_path: Path) -> None:
    dialog.adjustSize()
    size = dialog.sizeHint()
    assert size.width() <= 1366 and size.height() <= 728
    dialog.resize(size)
    dialog.grab().save(str(tmp_path / "signing-key-dialog.png"))


def test_a_clerk_is_told_why_and_has_no_button(qtbot: QtBot, window: MainWindow) -> None:
    seat(window.store, CLERK)
    dialog = SigningKeyDialog(window.store, window.write_pool, window)
    qtbot.addWidget(dialog)
    assert not dialog.import_button.isEnabled()
    assert "管理权" in dialog.message.text()
    qtbot.waitUntil(lambda: "签名密钥" in dialog.status.text(), timeout=10000)  # still shown
