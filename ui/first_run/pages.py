"""The wizard's pages: window, training or connected, printers, capture.

Each page only collects; the wizard writes every choice into the profile at the end, in one
audited write (ui/first_run/wizard.py). Connecting and printing run off the UI thread.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from client.documents.printer_check import Paper
from offline.accounts.connect import Connected, connect
from offline.storage.settings import SPEC_BY_KEY, value_problem
from offline.storage.store import Store
from ui.background import BackgroundOp, failure_text

ERROR, FINE = "color: #c0392b;", "color: #1e8449;"


def _message() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    return label


def _say(label: QLabel, text: str, error: bool = False) -> None:
    label.setText(text)
    label.setStyleSheet(ERROR if error else FINE)


class WindowPage(QWizardPage):
    """窗口编号, checked by the settings' own rules (the person comes from the login)."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("窗口"))
        self.setSubTitle(
            self.tr("本机所在窗口的编号，会印在回执和文书上；经办人是登录的工作人员。")
        )
        self.code = QLineEdit(store.window_code)
        self.code.setObjectName("wizard_window_code")
        self.problem = _message()
        form = QFormLayout(self)
        form.addRow(self.tr("窗口编号(&W)"), self.code)
        form.addRow(self.problem)
        self.code.textChanged.connect(self.completeChanged)

    def values(self) -> dict[str, Any]:
        return {"window.code": self.code.text().strip().upper()}

    def isComplete(self) -> bool:
        problems = [value_problem(SPEC_BY_KEY[k], v) for k, v in self.values().items()]
        problems = [p for p in problems if p]
        _say(self.problem, "\n".join(problems), error=True)
        return not problems


class ModePage(QWizardPage):
    """培训模式, or 联网模式 through the same login as 登录中心系统
    (offline/accounts/connect.py)."""

    def __init__(
        self, store: Store, pool: QThreadPool, window: WindowPage, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store, self.pool, self.window_page = store, pool, window
        self.connected: Connected | None = None
        self.setTitle(self.tr("使用方式"))
        self.setSubTitle(self.tr("培训模式用于练习；联网模式需要中心系统的地址和账号。"))
        self.training = QRadioButton(self.tr("培训模式（不连接中心系统，办件不上报）(&T)"))
        self.online = QRadioButton(self.tr("联网模式（连接中心系统）(&O)"))
        self.training.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.training)
        group.addButton(self.online)
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://zwfw.example.gov.cn")
        self.ca_bundle = QLineEdit()
        self.ca_bundle.setPlaceholderText(self.tr("留空则使用系统证书"))
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.connect_button = QPushButton(self.tr("连接(&L)"))
        self.connect_button.setAutoDefault(True)
        self.state = _message()
        self.fields = QWidget()
        form = QFormLayout(self.fields)
        form.setContentsMargins(24, 0, 0, 0)
        form.addRow(self.tr("中心系统地址"), self.url)
        form.addRow(self.tr("CA 证书文件"), self.ca_bundle)
        form.addRow(self.tr("用户名"), self.username)
        form.addRow(self.tr("密码"), self.password)
        form.addRow("", self.connect_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.training)
        layout.addWidget(self.online)
        layout.addWidget(self.fields)
        layout.addWidget(self.state)
        layout.addStretch()
        self.online.toggled.connect(self.on_mode_toggled)
        self.connect_button.clicked.connect(self.on_connect_clicked)
        self.on_mode_toggled(False)

    def on_mode_toggled(self, online: bool) -> None:
        self.fields.setEnabled(online and self.connected is None)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.training.isChecked() or self.connected is not None

    def on_connect_clicked(self) -> None:
        store = self.store
        url, ca = self.url.text().strip(), self.ca_bundle.text().strip()
        user, password = self.username.text().strip(), self.password.text()
        code = str(self.window_page.values()["window.code"])
        _say(self.state, self.tr("正在连接…"))
        self.fields.setEnabled(False)
        op = BackgroundOp(
            self, lambda _ctx: connect(store, url, user, password, code, ca), self.on_connected,
            pool=self.pool,
        )  # fmt: skip
        op.on_failure(self.on_connect_failed)
        op.run()

    def on_connected(self, connected: Connected) -> None:
        self.connected = connected
        self.password.clear()
        self.training.setEnabled(False)  # the profile is connected now
        _say(self.state, self.tr("已连接 {url}，已下载 {n} 个事项。").format(
            url=connected.url, n=connected.reference.items))  # fmt: skip
        self.completeChanged.emit()

    def on_connect_failed(self, error: BaseException) -> None:
        self.fields.setEnabled(True)
        self.password.clear()
        _say(self.state, self.tr("连接失败：") + failure_text(error), error=True)


class PrintersPage(QWizardPage):
    """The A4 printer and the 80 mm receipt printer, each with a test page."""

    def __init__(self, store: Store, window: WindowPage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from ui.documents.printing import PRINTER_SETTING, available_printers, paper_label

        self.store, self.window_page = store, window
        self.setTitle(self.tr("打印机"))
        self.setSubTitle(self.tr("受理回执用 80 毫米热敏打印机，其余文书用 A4 打印机。"))
        self.combos: dict[Paper, QComboBox] = {}
        self.results: dict[Paper, QLabel] = {}
        grid = QGridLayout(self)
        papers: tuple[Paper, ...] = ("receipt", "a4")
        for row, paper in enumerate(papers):
            combo = QComboBox()
            combo.setObjectName(f"wizard_printer_{paper}")
            combo.addItem(self.tr("系统默认打印机"), "")
            for name in available_printers():
                combo.addItem(name, name)
            chosen = combo.findData(store.settings.text(PRINTER_SETTING[paper]))
            combo.setCurrentIndex(max(0, chosen))
            test = QPushButton(self.tr("打印测试页"))
            test.setObjectName(f"wizard_test_{paper}")
            test.setAutoDefault(True)
            test.clicked.connect(lambda _=False, p=paper: self.on_test_clicked(p))
            result = _message()
            self.combos[paper], self.results[paper] = combo, result
            grid.addWidget(QLabel(paper_label(paper)), row * 2, 0)
            grid.addWidget(combo, row * 2, 1)
            grid.addWidget(test, row * 2, 2)
            grid.addWidget(result, row * 2 + 1, 1, 1, 2)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(4, 1)

    def values(self) -> dict[str, Any]:
        from ui.documents.printing import PRINTER_SETTING

        return {PRINTER_SETTING[p]: str(c.currentData()) for p, c in self.combos.items()}

    def on_test_clicked(self, paper: Paper) -> None:
        from ui.documents.printing import print_file, write_test_page

        chosen = str(self.combos[paper].currentData())
        code = str(self.window_page.values()["window.code"])
        work = self.store.profile / "capture"

        def job(ctx: Any) -> str:
            from ui.documents.printing import choose_printer

            name = choose_printer(self.store, paper, chosen)
            print_file(write_test_page(work, paper, code), name, 1, ctx)
            return name

        label = self.results[paper]
        _say(label, self.tr("正在打印测试页…"))
        op = BackgroundOp(
            self, job, lambda name: _say(label, self.tr("测试页已送往 {p}。").format(p=name))
        )
        op.on_failure(lambda exc: _say(label, failure_text(exc), error=True))
        op.run()
