"""答复督办 (the chief representative: 说明理由 / 已办结) and 催办 (any clerk)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QWidget,
)

from offline.cases.orders import URGE_STEPS, Answer, Order


class _TextDialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout(self)
        self.choice = QComboBox()
        self.text = QPlainTextEdit()
        self.text.setObjectName("text")
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self, choice_label: str, text_label: str) -> None:
        self.form.addRow(choice_label, self.choice)
        self.form.addRow(text_label, self.text)
        self.form.addRow(self.error)
        self.form.addRow(self.buttons)

    def accept(self) -> None:
        if not self.text.toPlainText().strip():
            self.error.setText(self.tr("请填写内容"))
            return
        super().accept()

    def written(self) -> str:
        return self.text.toPlainText().strip()


class AnswerOrderDialog(_TextDialog):
    def __init__(self, order: Order, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("答复督办 {n}").format(n=order.case_number), parent)
        self.order = order
        self.form.addRow(self.tr("督办单位："), QLabel(order.issuer))
        self.form.addRow(self.tr("督办事项："), QLabel(order.note))
        self.form.addRow(self.tr("答复期限："), QLabel(order.deadline.isoformat()))
        self.choice.addItem(self.tr("说明理由"), Answer.EXPLAINED)
        self.choice.addItem(self.tr("已办结"), Answer.DONE)
        self.finish_layout(self.tr("答复方式："), self.tr("情况说明："))

    def answer(self) -> Answer:
        return Answer(self.choice.currentData())


STEP_LABELS = {
    "first_review": str(QT_TRANSLATE_NOOP("UrgeDialog", "初审")),
    "second_review": str(QT_TRANSLATE_NOOP("UrgeDialog", "复审")),
    "decided": str(QT_TRANSLATE_NOOP("UrgeDialog", "决定")),
}


class UrgeDialog(_TextDialog):
    def __init__(self, case_number: str, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("催办 {n}").format(n=case_number), parent)
        self.case_number = case_number
        for step in URGE_STEPS:
            self.choice.addItem(self.tr(STEP_LABELS[step]), step)
        self.finish_layout(self.tr("催办环节："), self.tr("催办内容："))

    def step(self) -> str:
        return str(self.choice.currentData())
