"""办件统计: today, this week, this month or a chosen range; per item and per clerk, with a bar
chart of what was received and how much of it finished on time, and export to Excel or CSV.

Counting reads every case of the period (offline/cases/stats.py): it runs on a pool thread,
as does writing the export. The chart is QtCharts (PySide6-Addons, installed with PySide6).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QValueAxis,
)
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from client.errors import ClerkError
from offline.cases.rating import summary_text
from offline.cases.stats import (
    Period,
    PeriodKind,
    Statistics,
    StatsRow,
    compute_stats,
    date_range,
    period_of,
)
from offline.cases.stats_export import export, table
from offline.storage.store import Store
from ui.background import BackgroundOp, failure_text

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CHART_BARS = 12  # the busiest items (or clerks); the tables hold them all


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class StatsScreen(QDialog):
    """Non-modal; counts again whenever the period changes."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(self.tr("办件统计"))
        self.stats: Statistics | None = None
        self._loading = False
        self._again = False

        self.period = QComboBox()
        self.period.setObjectName("stats_period")
        for kind, label in (
            (PeriodKind.TODAY, self.tr("今日")),
            (PeriodKind.WEEK, self.tr("本周")),
            (PeriodKind.MONTH, self.tr("本月")),
            (PeriodKind.RANGE, self.tr("自定义区间")),
        ):
            self.period.addItem(label, kind)
        today = _qdate(dt.date.today())
        self.date_from, self.date_to = QDateEdit(today), QDateEdit(today)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(self.reload)
        self.period.currentIndexChanged.connect(self.on_period_changed)
        self.summary = QLabel()
        self.summary.setObjectName("stats_summary")
        self.summary.setWordWrap(True)
        self.ratings = QLabel()
        self.ratings.setObjectName("stats_ratings")
        self.ratings.setWordWrap(True)
        self.xlsx_button = QPushButton(self.tr("导出 Excel…"))
        self.csv_button = QPushButton(self.tr("导出 CSV…"))
        self.xlsx_button.clicked.connect(lambda: self.on_export_clicked(".xlsx"))
        self.csv_button.clicked.connect(lambda: self.on_export_clicked(".csv"))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("统计区间：")))
        top.addWidget(self.period)
        top.addWidget(self.date_from)
        top.addWidget(QLabel(self.tr("至")))
        top.addWidget(self.date_to)
        top.addStretch()
        top.addWidget(self.xlsx_button)
        top.addWidget(self.csv_button)

        self.item_table = self._table("stats_by_item")
        self.clerk_table = self._table("stats_by_clerk")
        self.tabs = QTabWidget()
        self.tabs.addTab(self.item_table, self.tr("按事项"))
        self.tabs.addTab(self.clerk_table, self.tr("按受理人"))
        self.tabs.currentChanged.connect(lambda _index: self.draw_chart())
        self.chart = QChart()
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart_view = QChartView(self.chart)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(220)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tabs)
        split.addWidget(self.chart_view)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.ratings)
        layout.addWidget(split, 1)
        self.resize(1100, 680)
        self.on_period_changed()

    @staticmethod
    def _table(name: str) -> QTableWidget:
        widget = QTableWidget()
        widget.setObjectName(name)
        widget.verticalHeader().hide()
        widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        widget.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        return widget

    # --- the period ------------------------------------------------------------------------

    def chosen_period(self) -> Period:
        kind = PeriodKind(self.period.currentData())
        if kind is PeriodKind.RANGE:
            return date_range(_date(self.date_from.date()), _date(self.date_to.date()))
        return period_of(kind, dt.date.today())

    def on_period_changed(self) -> None:
        custom = self.period.currentData() == PeriodKind.RANGE
        self.date_from.setEnabled(custom)
        self.date_to.setEnabled(custom)
        self.reload()

    def reload(self) -> None:
        """Count on a pool thread; a change while counting counts again after it."""
        if self._loading:
            self._again = True
            return
        try:
            period = self.chosen_period()
        except ClerkError as exc:  # a range that ends before it starts
            self.summary.setText(str(exc))
            return
        self._loading, self._again = True, False
        self.summary.setText(self.tr("正在统计…"))
        store = self.store
        BackgroundOp(self, lambda _ctx: compute_stats(store, period), self.on_counted).on_failure(
            self.on_count_failed
        ).run()

    def on_counted(self, stats: Statistics) -> None:
        self._loading = False
        if self._again:
            self.reload()
            return
        self.stats = stats
        t = stats.total
        text = self.tr("{period}：收件 {r} 件，受理 {a} 件，办结 {c} 件，按时 {o} 件，超时 {x} 件")
        self.summary.setText(
            text.format(
                period=stats.period.label,
                r=t.received,
                a=t.accepted,
                c=t.closed,
                o=t.on_time,
                x=t.overdue,
            )
        )
        self.ratings.setText(summary_text(stats.ratings) if stats.ratings else "")
        self.fill(self.item_table, stats, "item")
        self.fill(self.clerk_table, stats, "clerk")
        self.draw_chart()

    def on_count_failed(self, error: BaseException) -> None:
        self._loading = False
        self.summary.setText(self.tr("统计失败：{error}").format(error=failure_text(error)))

    # --- tables and chart ------------------------------------------------------------------

    def fill(self, widget: QTableWidget, stats: Statistics, by: str) -> None:
        header, rows = table(stats, by)
        widget.clear()
        widget.setColumnCount(len(header))
        widget.setRowCount(len(rows))
        widget.setHorizontalHeaderLabels(header)
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                if isinstance(value, int | float):
                    item.setTextAlignment(RIGHT)
                widget.setItem(r, c, item)
        widget.resizeColumnsToContents()
        widget.horizontalHeader().setSectionResizeMode(
            1 if by == "item" else 0, QHeaderView.ResizeMode.Stretch
        )

    def chart_rows(self) -> tuple[StatsRow, ...]:
        if self.stats is None:
            return ()
        rows = self.stats.by_item if self.tabs.currentIndex() == 0 else self.stats.by_clerk
        return rows[:CHART_BARS]

    def draw_chart(self) -> None:
        chart = self.chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        rows = self.chart_rows()
        series = QBarSeries()
        for label, colour, field in (
            (self.tr("收件"), "#2e86c1", "received"),
            (self.tr("按时"), "#27ae60", "on_time"),
            (self.tr("超时"), "#c0392b", "overdue"),
        ):
            bars = QBarSet(label)
            bars.setColor(QColor(colour))
            bars.append([float(getattr(row.counts, field)) for row in rows])
            series.append(bars)
        chart.addSeries(series)
        names = QBarCategoryAxis()
        names.append([row.name[:10] for row in rows] or [""])
        chart.addAxis(names, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(names)
        counts = QValueAxis()
        counts.setLabelFormat("%d")
        top = max((row.counts.received for row in rows), default=0)
        counts.setRange(0, max(1, top))
        if top <= 10:
            counts.setTickCount(max(1, top) + 1)  # whole numbers only: a case is not split
        else:
            counts.applyNiceNumbers()
        chart.addAxis(counts, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(counts)

    # --- export ----------------------------------------------------------------------------

    def on_export_clicked(self, suffix: str) -> None:
        if self.stats is None:
            return
        name = self.tr("办件统计_{period}").format(period=self.stats.period.label.replace(" ", ""))
        filters = self.tr("Excel 工作簿 (*.xlsx)") if suffix == ".xlsx" else self.tr("CSV (*.csv)")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("导出统计"), str(Path.home() / (name + suffix)), filters
        )
        if path:
            self.export_to(Path(path) if Path(path).suffix else Path(path + suffix))

    def export_to(self, target: Path) -> BackgroundOp[None] | None:
        """Write the statistics shown to `target` (.xlsx or .csv), off the UI thread."""
        stats = self.stats
        if stats is None:
            return None

        def saved(_none: None) -> None:
            self.summary.setText(self.tr("已导出到 {path}").format(path=target))

        def failed(error: BaseException) -> None:  # a folder gone, a file open in Excel
            self.summary.setText(self.tr("导出失败：{error}").format(error=failure_text(error)))

        op: BackgroundOp[None] = BackgroundOp(self, lambda _ctx: export(stats, target), saved)
        op.on_failure(failed).run()
        return op
