"""修改密码: old and new password, checked by the central's rules (offline.accounts.password),
off the UI thread."""

from __future__ import annotations

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from offline.accounts.password import RULES, change_password
from offline.storage.store import Store
from ui.background import BackgroundOp, failure_text
from ui.dialog_buttons import confirm_buttons


class PasswordDialog(QDialog):
    def __init__(
        self, store: Store, write_pool: QThreadPool, username: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.write_pool = write_pool
        self.setWindowTitle(self.tr("修改密码"))
        self.username = QLineEdit(username)
        self.old = QLineEdit()
        self.new = QLineEdit()
        self.repeat = QLineEdit()
        for edit in (self.old, self.new, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("用户名"), self.username)
        form.addRow(self.tr("原密码"), self.old)
        form.addRow(self.tr("新密码"), self.new)
        form.addRow(self.tr("再次输入新密码"), self.repeat)
        rules = QLabel(self.tr(RULES))
        rules.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("password_error")
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setWordWrap(True)
        self.buttons = confirm_buttons(self, self.tr("修改"), self.on_change_clicked)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(rules)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def on_change_clicked(self) -> None:
        user, old, new = self.username.text().strip(), self.old.text(), self.new.text()
        if new != self.repeat.text():
            self.error.setText(self.tr("两次输入的新密码不一致"))
            return
        store = self.store
        self.buttons.setEnabled(False)
        self.error.setText(self.tr("正在修改…"))
        op = BackgroundOp(
            self,
            lambda _ctx: change_password(store, user, old, new),
            lambda _none: self.accept(),
            pool=self.write_pool,
        )
        op.on_failure(self.on_failed)
        op.run()

    def on_failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(failure_text(error))
