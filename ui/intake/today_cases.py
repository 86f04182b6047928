"""The window's cases of today: what was registered, decided and when it is due."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from client.domain import CaseSummary
from client.time_limits.supervision import CaseLight
from offline.cases.clock import case_lights
from offline.cases.labels import stage_label
from offline.storage.store import Store
from ui.background import BackgroundOp
from ui.supervision.alerts import LIGHT_COLOURS, light_text, light_tooltip

COLUMNS: tuple[str, ...] = (
    str(QT_TRANSLATE_NOOP("TodayCases", "受理编号")),
    str(QT_TRANSLATE_NOOP("TodayCases", "时间")),
    str(QT_TRANSLATE_NOOP("TodayCases", "事项")),
    str(QT_TRANSLATE_NOOP("TodayCases", "申请人")),
    str(QT_TRANSLATE_NOOP("TodayCases", "当前环节")),
    str(QT_TRANSLATE_NOOP("TodayCases", "预计办结")),
    str(QT_TRANSLATE_NOOP("TodayCases", "时限灯")),
)
LIGHT_COLUMN = len(COLUMNS) - 1


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
                # Where the case stands now (the central's 初审…办结 once synced), not what
                # the window decided at intake: a decided case must not read 受理.
                stage_label(case.stage),
                due,
                "",  # the light: read off the UI thread (refresh_lights)
            )
            for column, value in enumerate(values):
                self.setItem(row, column, QTableWidgetItem(value))
        self.resizeColumnsToContents()
        self.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.refresh_lights()

    def refresh_lights(self) -> None:
        """Each case's light (client/time_limits/supervision.py), computed on a pool thread."""
        store, ids, today = self.store, [c.case_id for c in self.cases], dt.date.today()
        op = BackgroundOp(self, lambda _ctx: case_lights(store, ids, today), self.show_lights)
        op.on_failure(lambda _exc: None).run()  # a failed read: the next refresh tries again

    def show_lights(self, lights: dict[str, CaseLight]) -> None:
        for row, case in enumerate(self.cases):
            light = lights.get(case.case_id)
            item = QTableWidgetItem(light_text(light) if light else "—")
            if light is not None:
                item.setForeground(QBrush(QColor(LIGHT_COLOURS[light.light])))
                item.setToolTip(light_tooltip(light))
            self.setItem(row, LIGHT_COLUMN, item)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter opens the current case, as a double click does."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self.case_opened.emit(self.cases[self.currentRow()].case_number)
            return
        super().keyPressEvent(event)

    def on_cell_double_clicked(self, row: int, _column: int) -> None:
        self.case_opened.emit(self.cases[row].case_number)
