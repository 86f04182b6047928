"""锁定界面: an overlay over the whole main window. The window's content stays as it was under
it (disabled, so no key reaches it); unlocking needs a password — the same person's, or
another person's for a shift change (offline.accounts.connect.sign_in, off the UI thread)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from client.accounts import Person
from offline.accounts.connect import sign_in
from offline.storage.store import Store
from ui.background import BackgroundOp, failure_text


class LockScreen(QWidget):
    unlocked = Signal(object)  # the Person now at the window

    def __init__(self, store: Store, write_pool: QThreadPool, window: QWidget) -> None:
        super().__init__(window)
        self.store = store
        self.write_pool = write_pool
        self.window_ = window
        self.setObjectName("lock_screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#lock_screen { background: #2c3e50; }")
        card = QFrame()
        card.setObjectName("lock_card")
        card.setStyleSheet("#lock_card { background: white; border-radius: 6px; }")
        card.setFixedWidth(420)
        self.title = QLabel(self.tr("窗口已锁定"))
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.who = QLabel()
        self.who.setWordWrap(True)
        self.username = QLineEdit()
        self.username.setObjectName("lock_username")
        self.password = QLineEdit()
        self.password.setObjectName("lock_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self.on_unlock_clicked)
        self.error = QLabel()
        self.error.setObjectName("lock_error")
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setWordWrap(True)
        self.unlock_button = QPushButton(self.tr("解锁 / 交接班登录"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.on_unlock_clicked)
        form = QFormLayout()
        form.addRow(self.tr("用户名"), self.username)
        form.addRow(self.tr("密码"), self.password)
        inner = QVBoxLayout(card)
        inner.addWidget(self.title)
        inner.addWidget(self.who)
        inner.addLayout(form)
        inner.addWidget(self.error)
        inner.addWidget(self.unlock_button)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        window.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        window = getattr(self, "window_", None)  # None while Qt tears the pair down
        resized = event.type() == QEvent.Type.Resize
        if resized and isinstance(window, QWidget) and watched is window:
            self.setGeometry(window.rect())
        return False

    def show_for(self, person: Person | None) -> None:
        if person is not None:
            self.who.setText(
                self.tr(
                    "当前人员：{name}（{user}）。本人输入密码解锁；换班请输入接班人员的用户名和密码。"
                ).format(name=person.name, user=person.username)
            )
            self.username.setText(person.username)
        else:
            self.who.setText(self.tr("本窗口当前无人登录，请输入用户名和密码。"))
        self.password.clear()
        self.error.clear()
        self.unlock_button.setEnabled(True)
        self.setGeometry(self.window_.rect())
        self.show()
        self.raise_()
        self.password.setFocus()

    def on_unlock_clicked(self) -> None:
        store, user, password = self.store, self.username.text().strip(), self.password.text()
        if not user or not password:
            self.error.setText(self.tr("请输入用户名和密码"))
            return
        self.unlock_button.setEnabled(False)
        self.error.setText(self.tr("正在验证…"))
        op = BackgroundOp(
            self,
            lambda _ctx: sign_in(store, user, password),
            self.on_signed_in,
            pool=self.write_pool,
        )
        op.on_failure(self.on_failed)
        op.run()

    def on_signed_in(self, person: Person) -> None:
        self.password.clear()
        self.hide()
        self.unlocked.emit(person)

    def on_failed(self, error: BaseException) -> None:
        self.password.clear()
        self.unlock_button.setEnabled(True)
        self.error.setText(failure_text(error))
