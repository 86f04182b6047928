"""首次设置: the wizard a new profile shows on its first start.

Training or connected (the login of offline/accounts/connect.py), the window code, the two
printers with a test page each, and the capture source with a test capture. Everything it
sets is a declared setting in the profile; `setup.first_run_done` marks it shown, so later
starts go straight to the window. Cancelling marks it too (设置 → 首次设置… runs it again).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QWidget, QWizard

from offline.storage.store import Store
from ui.background import BackgroundOp, failure_text
from ui.first_run.capture_page import CapturePage
from ui.first_run.pages import ModePage, PrintersPage, WindowPage
from ui.screen_fit import resize_to_fit

DONE_KEY = "setup.first_run_done"


def needs_first_run(store: Store) -> bool:
    """A new profile: never set up, and no case in it yet."""
    if store.settings.get(DONE_KEY):
        return False
    with store.read() as conn:
        return bool(conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 0)


class FirstRunWizard(QWizard):
    def __init__(
        self, store: Store, write_pool: QThreadPool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store, self.write_pool = store, write_pool
        self.setObjectName("first_run_wizard")
        self.setWindowTitle(self.tr("首次设置"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        for button, text in (
            (QWizard.WizardButton.BackButton, self.tr("< 上一步(&B)")),
            (QWizard.WizardButton.NextButton, self.tr("下一步(&N) >")),
            (QWizard.WizardButton.FinishButton, self.tr("完成(&F)")),
            (QWizard.WizardButton.CancelButton, self.tr("以后再说")),
        ):
            self.setButtonText(button, text)
        self.window_page = WindowPage(store)
        self.mode_page = ModePage(store, write_pool, self.window_page)
        self.printers_page = PrintersPage(store, self.window_page)
        self.capture_page = CapturePage(store, write_pool)
        for page in (self.window_page, self.mode_page, self.printers_page, self.capture_page):
            self.addPage(page)
        self.saving = False
        resize_to_fit(self, 720, 520)

    def changes(self) -> dict[str, Any]:
        changes: dict[str, Any] = {DONE_KEY: True}
        for page in (self.window_page, self.printers_page, self.capture_page):
            changes.update(page.values())
        return changes

    def accept(self) -> None:
        """Write everything in one audited write, off the UI thread; close when stored."""
        self.save(self.changes(), close=super().accept)

    def reject(self) -> None:
        if not self.saving:
            self.save({DONE_KEY: True}, close=super().reject)

    def save(self, changes: dict[str, Any], close: Any) -> None:
        if self.saving:
            return
        self.saving = True
        store = self.store
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        op = BackgroundOp(
            self, lambda _ctx: store.set_settings(changes), lambda _: close(), pool=self.write_pool
        )
        op.on_failure(self.on_save_failed)
        op.run()

    def on_save_failed(self, error: BaseException) -> None:
        self.saving = False
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        self.window_page.problem.setText(self.tr("未能保存：") + failure_text(error))
        self.restart()
