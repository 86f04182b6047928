"""窗口设置: a form generated from the setting declarations (offline/storage/settings.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QThreadPool
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from offline.storage.settings import SPECS, SettingSpec, value_problem
from offline.storage.store import Store
from ui.background import BackgroundOp, failure_text
from ui.dialog_buttons import confirm_buttons


class SettingsDialog(QDialog):
    """Edits every declared setting marked `on_form`; saving is one audited write."""

    def __init__(
        self, store: Store, write_pool: QThreadPool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.write_pool = write_pool  # saving waits its turn behind intakes, off the UI thread
        self.setWindowTitle(self.tr("窗口设置"))
        self.editors: dict[str, QLineEdit | QSpinBox | QCheckBox | QComboBox] = {}
        form = QFormLayout()
        for spec in SPECS:
            if not spec.on_form:
                continue
            editor = self._editor(spec, store.settings.get(spec.key))
            editor.setObjectName(spec.key)
            self.editors[spec.key] = editor
            form.addRow(QCoreApplication.translate("settings", spec.label), editor)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setWordWrap(True)
        buttons = confirm_buttons(self, self.tr("保存"), self.on_save_clicked)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    @staticmethod
    def _editor(spec: SettingSpec, value: Any) -> QLineEdit | QSpinBox | QCheckBox | QComboBox:
        if spec.type is bool:
            check = QCheckBox()
            check.setChecked(bool(value))
            return check
        if spec.type is str and spec.choices:  # e.g. the light rule: only these values
            combo = QComboBox()
            for choice in spec.choices:
                combo.addItem(str(choice), choice)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            return combo
        if spec.type is int:
            box = QSpinBox()
            box.setRange(spec.minimum, spec.maximum)
            box.setValue(int(value))
            return box
        return QLineEdit(str(value))

    def values(self) -> dict[str, Any]:
        return {key: _value(editor) for key, editor in self.editors.items()}

    def on_save_clicked(self) -> None:
        values = self.values()
        by_key = {spec.key: spec for spec in SPECS}
        problems = [p for key, v in values.items() if (p := value_problem(by_key[key], v))]
        if problems:
            self.error.setText("\n".join(problems))
            return
        store = self.store
        save = BackgroundOp(
            self, lambda _ctx: store.set_settings(values), self.on_saved, pool=self.write_pool
        )
        save.on_failure(lambda exc: self.error.setText(failure_text(exc))).run()

    def on_saved(self, _result: object) -> None:
        self.accept()


def _value(editor: QLineEdit | QSpinBox | QCheckBox | QComboBox) -> Any:
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    if isinstance(editor, QComboBox):
        return editor.currentData()
    if isinstance(editor, QSpinBox):
        return editor.value()
    return editor.text().strip()
