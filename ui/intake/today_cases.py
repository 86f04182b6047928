"""The window's cases of today: what was registered, decided and when it is due."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from client.domain import Action, CaseSummary
from offline.store import Store
from ui.background import BackgroundOp

COLUMNS: tuple[str, ...] = (
    str(QT_TRANSLATE_NOOP("TodayCases", "受理编号")),
    str(QT_TRANSLATE_NOOP("TodayCases", "时间")),
    str(QT_TRANSLATE_NOOP("TodayCases", "事项")),
    str(QT_TRANSLATE_NOOP("TodayCases", "申请人")),
    str(QT_TRANSLATE_NOOP("TodayCases", "办理结果")),
    str(QT_TRANSLATE_NOOP("TodayCases", "预计办结")),
)


class TodayCases(QTableWidget):
    """Signals:
    case_opened(str): the clerk double-clicked a case (its case number).
    """

    case_opened = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.store = store
        self.setObjectName("today_cases")
        self.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.cellDoubleClicked.connect(self.on_cell_double_clicked)
        self.actions_text = {
            Action.ACCEPT: self.tr("受理"),
            Action.SUPPLEMENT: self.tr("补正告知"),
            Action.REFUSE: self.tr("不予受理"),
        }
        self.cases: list[CaseSummary] = []
        self._loading = False
        self._again = False

    def refresh(self) -> None:
        """Read today's cases on a pool thread (the reader connection is shared with the sync
        engine's threads); a refresh asked for while one runs runs again after it."""
        if self._loading:
            self._again = True
            return
        self._loading, self._again = True, False
        store, today = self.store, dt.date.today()
        BackgroundOp(self, lambda _ctx: store.cases_of_day(today), self.show_cases).on_failure(
            self.on_read_failed
        ).run()

    def on_read_failed(self, _error: BaseException) -> None:
        self._loading = False  # the list stays as it was; the next save reads again
        if self._again:
            self.refresh()

    def show_cases(self, cases: list[CaseSummary]) -> None:
        self._loading = False
        if self._again:
            self.refresh()
            return
        self.cases = cases
        self.setRowCount(len(self.cases))
        for row, case in enumerate(self.cases):
            due = case.due_date.strftime("%Y-%m-%d") if case.due_date else "—"
            values = (
                case.case_number,
                case.created_at.strftime("%H:%M"),
                case.item_name,
                case.applicant_name,
                self.actions_text[case.action],
                due,
            )
            for column, value in enumerate(values):
                self.setItem(row, column, QTableWidgetItem(value))
        self.resizeColumnsToContents()
        self.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

    def on_cell_double_clicked(self, row: int, _column: int) -> None:
        self.case_opened.emit(self.cases[row].case_number)
