"""签名证书: the administrator imports the department's PKCS#12 file or sets up a UKey.

The same checks as `keys import` (offline/documents/key_import.py), run on the write pool: the
window never waits on the file, the token or the keyring. The password and PIN fields never
echo and are cleared after every attempt. The core refuses anyone without the 管理权; the
form says so up front and offers no button to press.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from client.accounts import Power
from client.catalog.loading import load_department
from client.documents.signing import chinese_date
from offline.accounts.powers import refusal
from offline.documents.key_import import import_p12, import_token
from offline.documents.key_status import key_status, status_text
from offline.storage.store import Store
from ui.background import BackgroundOp, failure_text


def _secret_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class SigningKeyDialog(QDialog):
    """Shows which key signs here; imports a .p12 (tab 1) or configures a UKey (tab 2)."""

    def __init__(
        self, store: Store, write_pool: QThreadPool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.write_pool = write_pool
        self.setWindowTitle(self.tr("签名证书"))
        self.status = QLabel(self.tr("正在读取…"))
        self.status.setObjectName("signing_key_status")
        self.status.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._p12_page(), self.tr("PKCS#12 证书文件"))
        self.tabs.addTab(self._token_page(), self.tr("UKey（PKCS#11）"))
        self.message = QLabel()
        self.message.setObjectName("signing_key_message")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        self.import_button = QPushButton(self.tr("导入并检查"))
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.on_import_clicked)
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(660)
        refused = refusal(store, Power.MANAGE, self.tr("导入部门签名证书"))
        if refused:
            self.import_button.setEnabled(False)
            self.show_error(refused)
        self.refresh()

    def _p12_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.p12_path = QLineEdit()
        self.p12_path.setObjectName("p12_path")
        browse = QPushButton(self.tr("浏览…"))
        browse.clicked.connect(self.on_browse_p12)
        row = QHBoxLayout()
        row.addWidget(self.p12_path)
        row.addWidget(browse)
        form.addRow(self.tr("证书文件（.p12/.pfx）"), row)
        self.p12_password = _secret_field()
        self.p12_password.setObjectName("p12_password")
        form.addRow(self.tr("证书口令"), self.p12_password)
        return page

    def _token_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.module = QLineEdit()
        self.module.setObjectName("pkcs11_module")
        self.module.setPlaceholderText(self.tr("UKey 厂商驱动的 PKCS#11 模块（.dll 或 .so）"))
        browse = QPushButton(self.tr("浏览…"))
        browse.clicked.connect(self.on_browse_module)
        row = QHBoxLayout()
        row.addWidget(self.module)
        row.addWidget(browse)
        form.addRow(self.tr("驱动模块"), row)
        self.slot = QLineEdit("0")
        self.slot.setObjectName("pkcs11_slot")
        form.addRow(self.tr("插槽"), self.slot)
        self.key_label = QLineEdit()
        self.key_label.setObjectName("pkcs11_label")
        self.key_label.setPlaceholderText(self.tr("留空：使用 UKey 上唯一的签名密钥"))
        form.addRow(self.tr("密钥标签"), self.key_label)
        self.pin = _secret_field()
        self.pin.setObjectName("pkcs11_pin")
        form.addRow(self.tr("PIN"), self.pin)
        return page

    # --- reading and importing, off the UI thread --------------------------------------

    def refresh(self) -> None:
        store = self.store
        BackgroundOp(
            self,
            lambda _ctx: status_text(key_status(store, load_department())),
            self.on_status,
        ).on_failure(lambda exc: self.status.setText(failure_text(exc))).run()

    def on_status(self, text: str) -> None:
        self.status.setText(text)
        self.adjustSize()  # the subject and fingerprint lines are long: show them whole

    def on_import_clicked(self) -> None:
        store = self.store
        job: Any
        if self.tabs.currentIndex() == 0:
            path, password = self.p12_path.text().strip(), self.p12_password.text()
            if not path:
                self.show_error(self.tr("请选择证书文件。"))
                return
            self.p12_password.clear()

            def job(_ctx: object) -> object:
                return import_p12(store, Path(path), password)
        else:
            module, slot = self.module.text().strip(), self.slot.text().strip()
            label, pin = self.key_label.text().strip(), self.pin.text()
            if not module or not slot:
                self.show_error(self.tr("请填写驱动模块和插槽。"))
                return
            self.pin.clear()

            def job(_ctx: object) -> object:
                return import_token(store, module, slot, pin, label)

        self.import_button.setEnabled(False)
        self.message.setText(self.tr("正在检查…"))
        BackgroundOp(self, job, self.on_imported, pool=self.write_pool).on_failure(
            self.on_import_failed
        ).run()

    def on_imported(self, config: Any) -> None:
        self.import_button.setEnabled(True)
        self.message.setStyleSheet("color: #1e8449;")
        self.message.setText(
            self.tr("已导入：{subject}，有效期至 {date}").format(
                subject=config.subject, date=chinese_date(config.not_after)
            )
        )
        self.refresh()

    def on_import_failed(self, exc: BaseException) -> None:
        self.import_button.setEnabled(True)
        self.show_error(failure_text(exc))

    def show_error(self, text: str) -> None:
        self.message.setStyleSheet("color: #c0392b;")
        self.message.setText(text)

    def on_browse_p12(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择证书文件"), "", self.tr("PKCS#12 证书 (*.p12 *.pfx)")
        )
        if path:
            self.p12_path.setText(path)

    def on_browse_module(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择 PKCS#11 驱动"), "", self.tr("驱动模块 (*.dll *.so *.dylib)")
        )
        if path:
            self.module.setText(path)
