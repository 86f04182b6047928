"""The window's cases of today: what was registered, decided and when it is due."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from client.domain import CaseSummary
from offline.cases.labels import stage_label
from offline.store import Store

COLUMNS: tuple[str, ...] = (
    str(QT_TRANSLATE_NOOP("TodayCases", "受理编号")),
    str(QT_TRANSLATE_NOOP("TodayCases", "时间")),
    str(QT_TRANSLATE_NOOP("TodayCases", "事项")),
    str(QT_TRANSLATE_NOOP("TodayCases", "申请人")),
    str(QT_TRANSLATE_NOOP("TodayCases", "当前环节")),
    str(QT_TRANSLATE_NOOP("TodayCases", "预计办结")),
)


class TodayCases(QTableWidget):
    """Signals:
    case_opened(str): the clerk double-clicked a case, or pressed Enter on it (its number).
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
        self.cases: list[CaseSummary] = []

    def refresh(self) -> None:
        self.cases = self.store.cases_of_day(dt.date.today())
        self.setRowCount(len(self.cases))
        for row, case in enumerate(self.cases):
            due = case.due_date.strftime("%Y-%m-%d") if case.due_date else "—"
            values = (
                case.case_number,
                case.created_at.strftime("%H:%M"),
                case.item_name,
                case.applicant_name,
                # Where the case stands now (the central's 初审…办结 once synced), not what
                # the window decided at intake: a decided case must not read 受理.
                stage_label(case.stage),
                due,
            )
            for column, value in enumerate(values):
                self.setItem(row, column, QTableWidgetItem(value))
        self.resizeColumnsToContents()
        self.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter opens the current case, as a double click does."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self.case_opened.emit(self.cases[self.currentRow()].case_number)
            return
        super().keyPressEvent(event)

    def on_cell_double_clicked(self, row: int, _column: int) -> None:
        self.case_opened.emit(self.cases[row].case_number)
