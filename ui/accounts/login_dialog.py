"""登录中心系统: the central URL, CA bundle, account and window code; connecting runs off the UI
thread through offline.accounts.connect, exactly as the `login` verb does."""

from __future__ import annotations

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from offline.accounts.connect import Connected, connect
from offline.storage.store import Store
from ui.background import BackgroundOp, failure_text
from ui.dialog_buttons import confirm_buttons


class LoginDialog(QDialog):
    def __init__(
        self, store: Store, write_pool: QThreadPool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.write_pool = write_pool
        self.connected: Connected | None = None
        self.setWindowTitle(self.tr("登录中心系统"))
        self.url = QLineEdit(store.settings.text("central.url"))
        self.url.setPlaceholderText("https://zwfw.example.gov.cn")
        self.ca_bundle = QLineEdit(store.settings.text("central.ca_bundle"))
        self.ca_bundle.setPlaceholderText(self.tr("留空则使用系统证书"))
        browse = QPushButton(self.tr("选择…"))
        browse.clicked.connect(self.on_browse_clicked)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_bundle, 1)
        ca_row.addWidget(browse)
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.window_code = QLineEdit(store.window_code)
        for name, edit in (
            ("url", self.url),
            ("username", self.username),
            ("password", self.password),
            ("window_code", self.window_code),
        ):
            edit.setObjectName(f"login_{name}")
        form = QFormLayout()
        form.addRow(self.tr("中心系统地址"), self.url)
        form.addRow(self.tr("CA 证书"), ca_row)
        form.addRow(self.tr("用户名"), self.username)
        form.addRow(self.tr("密码"), self.password)
        form.addRow(self.tr("窗口编号"), self.window_code)
        self.error = QLabel()
        self.error.setObjectName("login_error")
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setWordWrap(True)
        self.buttons = confirm_buttons(self, self.tr("登录"), self.on_login_clicked)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(520, 260)

    def on_browse_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择 CA 证书"), "", self.tr("证书 (*.pem *.crt);;所有文件 (*)")
        )
        if name:
            self.ca_bundle.setText(name)

    def on_login_clicked(self) -> None:
        store = self.store
        url, ca = self.url.text().strip(), self.ca_bundle.text().strip()
        user, password = self.username.text().strip(), self.password.text()
        window = self.window_code.text().strip().upper()
        self.error.setText(self.tr("正在登录…"))
        self.buttons.setEnabled(False)
        op = BackgroundOp(
            self,
            lambda _ctx: connect(store, url, user, password, window, ca),
            self.on_connected,
            pool=self.write_pool,
        )
        op.on_failure(self.on_login_failed)
        op.run()

    def on_connected(self, connected: Connected) -> None:
        self.connected = connected
        self.password.clear()
        self.accept()

    def on_login_failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.password.clear()
        self.error.setText(self.tr("登录失败：") + failure_text(error))
