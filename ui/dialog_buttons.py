"""The confirm/cancel row every dialog of ours ends with, labelled in Chinese."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox


def confirm_buttons(
    dialog: QDialog, confirm_text: str, on_confirm: Callable[[], None]
) -> QDialogButtonBox:
    """OK labelled `confirm_text` runs `on_confirm` (which validates, then accepts);
    取消 rejects the dialog."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(confirm_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
        QCoreApplication.translate("DialogButtons", "取消")
    )
    buttons.accepted.connect(on_confirm)
    buttons.rejected.connect(dialog.reject)
    return buttons
