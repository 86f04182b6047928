"""办件查询: every case of this window, found as the clerk types, keyboard first.

The query runs off the UI thread (BackgroundOp) after a short pause in typing; an answer to an
older query than the latest is dropped. Down from the search box goes into the results, Enter
(or a double click) opens the case.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from client.domain import Stage
from client.time_limits.workdays import Light
from offline.cases.labels import light_label, stage_label
from offline.cases.search import DEFAULT_LIMIT, CaseHit, CaseQuery, SearchResult, search_cases
from offline.storage.store import Store
from ui.background import BackgroundOp, failure_text

DEBOUNCE_MS = 150
LIGHT_COLOURS = {Light.GREEN: "#1e8449", Light.YELLOW: "#b9770e", Light.RED: "#c0392b"}


class CaseSearch(QWidget):
    """Signals:
    case_opened(str): the clerk chose a case (its case number).
    searched(): a result is on screen (tests wait for it).
    """

    case_opened = Signal(str)
    searched = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.generation = 0  # of the latest query; older answers are dropped
        self.limit = DEFAULT_LIMIT
        self.hits: tuple[CaseHit, ...] = ()
        self.search = QLineEdit()
        self.search.setObjectName("case_search")
        self.search.setPlaceholderText(
            self.tr("受理编号或尾号、申请人或代理人姓名、身份证号（或后 4–6 位）、电话、事项")
        )
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        self.stage = QComboBox()
        self.stage.setObjectName("stage_filter")
        self.stage.addItem(self.tr("全部环节"), None)
        for stage in Stage:
            self.stage.addItem(stage_label(stage), stage.value)
        self.awaiting = QPushButton(self.tr("待出证(&D)"))
        self.awaiting.setObjectName("awaiting_handover")
        self.awaiting.setToolTip(self.tr("已作出审批决定、尚未交付申请人的办件"))
        self.awaiting.setAutoDefault(False)
        self.awaiting.clicked.connect(self.show_awaiting_handover)
        self.light = QComboBox()
        self.light.setObjectName("light_filter")
        self.light.addItem(self.tr("全部亮灯"), None)
        for light in Light:
            self.light.addItem(light_label(light), light.value)
        self.use_dates = QCheckBox(self.tr("受理日期"))
        self.use_dates.setObjectName("use_dates")
        today = QDate.currentDate()
        self.date_from = QDateEdit(today.addMonths(-1))
        self.date_to = QDateEdit(today)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.table = QTableWidget(0, 8)
        self.table.setObjectName("case_results")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("受理编号"),
                self.tr("受理时间"),
                self.tr("申请人"),
                self.tr("证件号码"),
                self.tr("代理人"),
                self.tr("事项"),
                self.tr("环节"),
                self.tr("办结期限"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.installEventFilter(self)
        self.table.cellDoubleClicked.connect(lambda row, _col: self.open_row(row))
        self.status = QLabel()
        self.status.setObjectName("search_status")
        self.more = QPushButton(self.tr("更多…"))
        self.more.setObjectName("more_button")
        self.more.setVisible(False)
        self.more.clicked.connect(self.on_more_clicked)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.stage)
        filters.addWidget(self.awaiting)
        filters.addWidget(self.light)
        filters.addWidget(self.use_dates)
        filters.addWidget(self.date_from)
        filters.addWidget(QLabel("—"))
        filters.addWidget(self.date_to)
        footer = QHBoxLayout()
        footer.addWidget(self.status, 1)
        footer.addWidget(self.more)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(footer)

        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.timeout.connect(self.run_query)
        self.search.textChanged.connect(self.on_filters_changed)
        self.stage.currentIndexChanged.connect(self.on_filters_changed)
        self.light.currentIndexChanged.connect(self.on_filters_changed)
        self.use_dates.toggled.connect(self.on_filters_changed)
        self.date_from.dateChanged.connect(self.on_filters_changed)
        self.date_to.dateChanged.connect(self.on_filters_changed)

    # --- querying -------------------------------------------------------------------------

    def query(self) -> CaseQuery:
        dates = self.use_dates.isChecked()
        stage, light = self.stage.currentData(), self.light.currentData()
        return CaseQuery(
            text=self.search.text(),
            stage=Stage(stage) if stage else None,
            light=Light(light) if light else None,
            created_from=_date(self.date_from.date()) if dates else None,
            created_to=_date(self.date_to.date()) if dates else None,
            limit=self.limit,
        )

    def on_filters_changed(self, *_args: object) -> None:
        self.limit = DEFAULT_LIMIT
        self.debounce.start()

    def on_more_clicked(self) -> None:
        self.limit += DEFAULT_LIMIT
        self.run_query()

    def run_query(self) -> None:
        self.debounce.stop()
        self.generation += 1
        generation, store, query = self.generation, self.store, self.query()
        BackgroundOp(
            self,
            lambda _ctx: search_cases(store, query),
            lambda result: self.show_result(generation, result),
        ).on_failure(lambda exc: self.show_failure(generation, exc)).run()

    def show_failure(self, generation: int, exc: BaseException) -> None:
        if generation == self.generation:
            self.status.setText(failure_text(exc))
            self.searched.emit()

    def show_result(self, generation: int, result: SearchResult) -> None:
        if generation != self.generation:
            return  # the clerk typed on meanwhile
        selected = self.current_case_number()
        self.hits = result.hits
        self.table.setRowCount(len(self.hits))
        for row, hit in enumerate(self.hits):
            due = hit.due_date.isoformat() if hit.due_date else "—"
            if hit.light is not None:
                due += f"  ● {light_label(hit.light)}"
            values = (
                hit.case_number,
                f"{hit.created_at:%Y-%m-%d %H:%M}",
                hit.applicant_name,
                hit.applicant_id,
                hit.agent_name,
                hit.item_name,
                stage_label(hit.stage),
                due,
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == 7 and hit.light is not None:
                    item.setForeground(_colour(hit.light))
                self.table.setItem(row, column, item)
            if hit.case_number == selected:
                self.table.selectRow(row)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.more.setVisible(result.more)
        self.status.setText(
            self.tr("找到 {n} 件，按受理时间从新到旧").format(n=len(self.hits))
            + (self.tr("；还有更早的") if result.more else "")
            if self.hits
            else self.tr("没有符合条件的办件")
        )
        self.searched.emit()

    def show_awaiting_handover(self) -> None:
        """待出证: every decided case (a case leaves the stage when it is handed over), any
        date, then the keyboard goes to the results."""
        self.search.clear()
        self.use_dates.setChecked(False)
        self.light.setCurrentIndex(0)
        self.stage.setCurrentIndex(self.stage.findData(Stage.DECIDED.value))
        self.run_query()
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # --- keyboard -------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()
        if not self.hits:
            self.run_query()

    def current_case_number(self) -> str:
        row = self.table.currentRow()
        return self.hits[row].case_number if 0 <= row < len(self.hits) else ""

    def open_row(self, row: int) -> None:
        if 0 <= row < len(self.hits):
            self.case_opened.emit(self.hits[row].case_number)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.search and key == Qt.Key.Key_Down and self.hits:
                self.table.setFocus(Qt.FocusReason.TabFocusReason)
                if self.table.currentRow() < 0:
                    self.table.selectRow(0)
                return True
            if watched is self.search and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if len(self.hits) == 1:  # a full number typed: open it straight away
                    self.open_row(0)
                return True
            if watched is self.table and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.open_row(self.table.currentRow())
                return True
            if watched is self.table and key == Qt.Key.Key_Up and self.table.currentRow() <= 0:
                self.search.setFocus(Qt.FocusReason.TabFocusReason)
                return True
        return super().eventFilter(watched, event)


def _date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def _colour(light: Light) -> QColor:
    return QColor(LIGHT_COLOURS[light])
