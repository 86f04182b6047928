"""即办决定: the 首席代表 decides an accepted 即办件 at the window (准予 or 不予).

The dialog only collects the decision; the core (offline/cases/immediate.py) checks the power
and the case again and records it, through a BackgroundOp of the caller. 不予 asks for its
reasons here already, so the applicant's refusal never goes out without them. Keyboard: Alt+Y
准予, Alt+N 不予, Tab through the fields, Enter in a single-line field confirms.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)

from ui.dialog_buttons import confirm_buttons


class ImmediateDecisionDialog(QDialog):
    def __init__(self, case_number: str, item_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("即办决定 {n}").format(n=case_number))
        self.approve = QRadioButton(self.tr("准予行政许可(&Y)"))
        self.approve.setObjectName("approve")
        self.deny = QRadioButton(self.tr("不予行政许可(&N)"))
        self.deny.setObjectName("deny")
        self.approve.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.approve)
        group.addButton(self.deny)
        self.content = QLineEdit()
        self.content.setObjectName("content")
        self.item_name = item_name
        self.deny.toggled.connect(self.show_default_content)
        self.reasons = QPlainTextEdit()
        self.reasons.setObjectName("reasons")
        self.reasons.setTabChangesFocus(True)  # Tab leaves the field: the keyboard order holds
        self.reasons.setPlaceholderText(self.tr("不予许可时必须写明事实和理由，将印在决定书上"))
        self.reasons.setMaximumHeight(120)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setWordWrap(True)
        self.buttons = confirm_buttons(self, self.tr("决定并打印"), self.on_confirm)

        choice = QHBoxLayout()
        choice.addWidget(self.approve)
        choice.addWidget(self.deny)
        choice.addStretch(1)
        form = QFormLayout(self)
        note = QLabel(
            self.tr("事项：{item}。决定以本部门名义作出，加盖行政审批专用章并电子签名。").format(
                item=item_name
            )
        )
        note.setWordWrap(True)
        form.addRow(note)
        form.addRow(self.tr("决定："), choice)
        form.addRow(self.tr("许可内容："), self.content)
        form.addRow(self.tr("理由："), self.reasons)
        form.addRow(self.error)
        form.addRow(self.buttons)
        self.setMinimumWidth(560)
        self.show_default_content()
        self.approve.setFocus()

    def show_default_content(self) -> None:
        approve, deny = self.tr("不填则为“准予{item}”"), self.tr("不填则为“不予{item}”")
        text = approve if self.approved else deny
        self.content.setPlaceholderText(text.format(item=self.item_name))

    @property
    def approved(self) -> bool:
        return self.approve.isChecked()

    def written_reasons(self) -> str:
        return self.reasons.toPlainText().strip()

    def written_content(self) -> str:
        return self.content.text().strip()

    def on_confirm(self) -> None:
        if not self.approved and not self.written_reasons():
            self.error.setText(self.tr("不予行政许可须写明理由"))
            self.reasons.setFocus()
            return
        self.accept()
