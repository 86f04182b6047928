"""The reasons a 补正告知 or 不予受理 must carry, asked before anything is saved."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from client.domain import ServiceItem, SupplementLine
from ui.dialog_buttons import confirm_buttons

CODE_ROLE = Qt.ItemDataRole.UserRole


class SupplementDialog(QDialog):
    """一次性告知: every missing or defective material with why, prefilled from the checklist."""

    def __init__(
        self,
        item: ServiceItem,
        prefill: tuple[SupplementLine, ...],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.item = item
        self.setWindowTitle(self.tr("补正告知（一次性告知）"))
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("supplement_lines")
        self.table.setHorizontalHeaderLabels([self.tr("需补正的材料"), self.tr("补正理由")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 340)
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.other = QComboBox()
        for req in item.materials:
            self.other.addItem(req.name, req.code)
        add = QPushButton(self.tr("添加材料"))
        remove = QPushButton(self.tr("删除所选"))
        add.clicked.connect(self.on_add_clicked)
        remove.clicked.connect(self.on_remove_clicked)
        row = QHBoxLayout()
        row.addWidget(self.other, 1)
        row.addWidget(add)
        row.addWidget(remove)
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)  # Tab moves on to the buttons, as in a form
        self.note.setObjectName("supplement_note")
        self.note.setPlainText(self.tr("请按本通知一次性补齐上述材料后，到窗口重新提交申请。"))
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b;")
        buttons = confirm_buttons(self, self.tr("确认补正告知"), self.on_ok_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("以下材料需补正（可修改理由）：")))
        layout.addWidget(self.table, 3)
        layout.addLayout(row)
        layout.addWidget(QLabel(self.tr("补正说明")))
        layout.addWidget(self.note, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(860, 520)
        for line in prefill:
            self._add_line(line.code, line.name, line.reason)

    def _add_line(self, code: str, name: str, reason: str) -> None:
        index = self.table.rowCount()
        self.table.insertRow(index)
        name_cell = QTableWidgetItem(name)
        name_cell.setToolTip(name)
        name_cell.setFlags(name_cell.flags() & ~Qt.ItemFlag.ItemIsEditable)  # catalog's name
        name_cell.setData(CODE_ROLE, code)
        self.table.setItem(index, 0, name_cell)
        self.table.setItem(index, 1, QTableWidgetItem(reason))

    def on_add_clicked(self) -> None:
        self._add_line(self.other.currentData(), self.other.currentText(), "")

    def on_remove_clicked(self) -> None:
        for index in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(index)

    def lines(self) -> tuple[SupplementLine, ...]:
        result = []
        for index in range(self.table.rowCount()):
            name = self.table.item(index, 0)
            reason = self.table.item(index, 1)
            if name is None:
                continue
            result.append(
                SupplementLine(
                    code=str(name.data(CODE_ROLE)),
                    name=name.text(),
                    reason=reason.text() if reason else "",
                )
            )
        return tuple(result)

    def reason(self) -> str:
        return self.note.toPlainText()

    def on_ok_clicked(self) -> None:
        lines = self.lines()
        if not lines:
            self.error.setText(self.tr("请至少列出一项需补正的材料"))
        elif any(not line.reason.strip() for line in lines):
            self.error.setText(self.tr("每项材料都要写明补正理由"))
        elif not self.reason().strip():
            self.error.setText(self.tr("请填写补正说明"))
        else:
            self.accept()


class RefuseDialog(QDialog):
    """不予受理 by 项 of 行政许可法 art. 32 ¶1: (一) no permit needed, (二) not this body's
    power, with the body to apply to (required); the reason is required too. The notice with
    the remedies comes with the documents."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("不予受理"))
        self.first = QRadioButton(
            self.tr("第（一）项：申请事项依法不需要取得行政许可（即时告知不受理）")
        )
        self.second = QRadioButton(
            self.tr("第（二）项：申请事项依法不属于本机关职权范围（告知向有关行政机关申请）")
        )
        self.first.setObjectName("refuse_clause_1")
        self.second.setObjectName("refuse_clause_2")
        self.clauses = QButtonGroup(self)
        self.clauses.addButton(self.first, 1)
        self.clauses.addButton(self.second, 2)
        self.body = QLineEdit()
        self.body.setObjectName("refuse_competent_body")
        self.body.setPlaceholderText(self.tr("例如：培训县市场监督管理局"))
        self.body.setEnabled(False)
        self.body_label = QLabel(self.tr("应当向其申请的行政机关（第（二）项必填）"))
        self.body_label.setBuddy(self.body)
        self.second.toggled.connect(self.body.setEnabled)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)  # Tab moves on to the buttons, as in a form
        self.text.setObjectName("refuse_reason")
        self.text.setPlaceholderText(
            self.tr("写明不予受理的理由和依据，例如：申请事项不属于本机关职权范围……")
        )
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b;")
        buttons = confirm_buttons(self, self.tr("确认不予受理"), self.on_ok_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("依据《中华人民共和国行政许可法》第三十二条第一款（必选）"))
        )
        layout.addWidget(self.first)
        layout.addWidget(self.second)
        layout.addWidget(self.body_label)
        layout.addWidget(self.body)
        layout.addWidget(QLabel(self.tr("不予受理理由（必填）")))
        layout.addWidget(self.text)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(560, 380)

    def clause(self) -> int:
        """1 or 2: the 项 chosen; 0 when none is."""
        return max(self.clauses.checkedId(), 0)

    def competent_body(self) -> str:
        return self.body.text().strip() if self.clause() == 2 else ""

    def reason(self) -> str:
        return self.text.toPlainText()

    def on_ok_clicked(self) -> None:
        if not self.clause():
            self.error.setText(self.tr("请选择不予受理的依据：第（一）项或第（二）项"))
            self.first.setFocus()
        elif self.clause() == 2 and not self.competent_body():
            self.error.setText(
                self.tr("依第（二）项不予受理的，请填写申请人应当向其申请的行政机关")
            )
            self.body.setFocus()
        elif not self.reason().strip():
            self.error.setText(self.tr("请填写不予受理的理由"))
            self.text.setFocus()
        else:
            self.accept()
