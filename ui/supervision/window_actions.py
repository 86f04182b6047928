"""督办 and 催办 from the main window: the chief answers an order from the 预警 panel, a clerk
urges a late back-office step; both are written on the write pool and synced."""

from __future__ import annotations

from typing import TYPE_CHECKING

from offline.cases.orders import Order, answer_order, send_urge
from offline.documents.service import current_operator
from ui.background import BackgroundOp

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QDialog, QMainWindow

    from offline.intake.transaction import IntakeService
    from offline.storage.store import Store
    from ui.supervision.alerts import AlertsPanel
    from ui.sync.controller import SyncController

    _Window = QMainWindow
else:
    _Window = object


class SupervisionActions(_Window):
    """Mixed into MainWindow (before QMainWindow)."""

    service: IntakeService
    store: Store
    sync: SyncController
    alerts: AlertsPanel
    write_pool: QThreadPool

    run_dialog: Callable[[QDialog], bool]  # MainWindow's

    def on_order_chosen(self, order: Order) -> None:
        from ui.supervision.dialogs import AnswerOrderDialog

        operator, store = current_operator(self.store), self.store
        dialog = AnswerOrderDialog(order, self)
        if not self.run_dialog(dialog):
            return
        answer, text, now = dialog.answer(), dialog.written(), self.service.clock()
        BackgroundOp(
            self,
            lambda _ctx: answer_order(store, order.order_id, answer, text, operator, now),
            lambda _order: self.after_supervision(
                self.tr("已答复督办 {n}").format(n=order.case_number)
            ),
            pool=self.write_pool,
        ).run()

    def on_urge_requested(self, case_number: str) -> None:
        from ui.supervision.dialogs import UrgeDialog

        operator, store = current_operator(self.store), self.store
        dialog = UrgeDialog(case_number, self)
        if not self.run_dialog(dialog):
            return
        step, text, now = dialog.step(), dialog.written(), self.service.clock()
        BackgroundOp(
            self,
            lambda _ctx: send_urge(store, case_number, step, text, operator, now),
            lambda _id: self.after_supervision(self.tr("已发送催办 {n}").format(n=case_number)),
            pool=self.write_pool,
        ).run()

    def after_supervision(self, message: str) -> None:
        self.statusBar().showMessage(message, 10000)
        self.sync.wake()
        self.alerts.refresh()
