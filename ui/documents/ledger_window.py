"""用印登记簿: every print, reprint and 作废 of this window over a date range, sealed ones only
if asked, and its export to CSV (UTF-8 with a BOM, so Excel opens it). Reading and writing run
on the pool (offline/documents/ledger.py); the window only draws."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from offline.documents.ledger import LedgerRow, export_csv, header, read_ledger, row_values
from offline.storage.store import Store
from ui.background import BackgroundOp, failure_text
from ui.screen_fit import resize_to_fit

VOID_COLOUR = "#c0392b"
VOIDED_COLOUR = "#7f8c8d"


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class LedgerWindow(QDialog):
    """Signals:
    loaded(): the rows (or the reason they could not be read) are on screen.
    exported(str): the CSV was written to this path.
    """

    loaded = Signal()
    exported = Signal(str)

    def __init__(
        self, store: Store, parent: QWidget | None = None, today: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.rows: list[LedgerRow] = []
        self.setObjectName("ledger_window")
        self.setWindowTitle(self.tr("用印登记簿"))
        today = today or dt.date.today()
        self.date_from = QDateEdit(_qdate(today.replace(day=1)))
        self.date_to = QDateEdit(_qdate(today))
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(self.reload)
        self.sealed_only = QCheckBox(self.tr("仅盖章文书"))
        self.sealed_only.toggled.connect(self.reload)
        self.export_button = QPushButton(self.tr("导出 CSV…"))
        self.export_button.setObjectName("ledger_export")
        self.export_button.clicked.connect(self.on_export_clicked)
        self.summary = QLabel()
        self.summary.setObjectName("ledger_summary")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(header()))
        self.table.setObjectName("ledger_table")
        self.table.setHorizontalHeaderLabels(header())
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        close = QPushButton(self.tr("关闭"))
        close.setAutoDefault(False)
        close.clicked.connect(self.accept)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("日期：")))
        top.addWidget(self.date_from)
        top.addWidget(QLabel(self.tr("至")))
        top.addWidget(self.date_to)
        top.addWidget(self.sealed_only)
        top.addStretch(1)
        top.addWidget(self.export_button)
        top.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        resize_to_fit(self, 1200, 640)
        self.reload()

    def period(self) -> tuple[dt.date, dt.date]:
        return _day(self.date_from.date()), _day(self.date_to.date())

    def reload(self) -> None:
        store, (start, end), sealed = self.store, self.period(), self.sealed_only.isChecked()
        self.summary.setText(self.tr("正在读取…"))
        BackgroundOp(
            self, lambda _ctx: read_ledger(store, start, end, sealed), self.show_rows
        ).on_failure(self.show_failure).run()

    def show_failure(self, exc: BaseException) -> None:
        self.summary.setText(failure_text(exc))
        self.table.setRowCount(0)
        self.rows = []
        self.loaded.emit()

    def show_rows(self, rows: list[LedgerRow]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            colour = VOID_COLOUR if row.action == "void" else VOIDED_COLOUR if row.voided else ""
            for c, value in enumerate(row_values(row)):
                cell = QTableWidgetItem(value)
                if colour:
                    cell.setForeground(QBrush(QColor(colour)))
                self.table.setItem(r, c, cell)
        self.table.resizeColumnsToContents()
        sealed = sum(1 for row in rows if row.sealed and row.action != "void")
        voids = sum(1 for row in rows if row.action == "void")
        start, end = self.period()
        self.summary.setText(
            self.tr("{start} 至 {end}：共 {n} 条，其中用印 {sealed} 次，作废 {voids} 次").format(
                start=start.isoformat(),
                end=end.isoformat(),
                n=len(rows),
                sealed=sealed,
                voids=voids,
            )
        )
        self.loaded.emit()

    def on_export_clicked(self) -> None:
        start, end = self.period()
        name = self.tr("用印登记簿_{start}_{end}.csv").format(start=start, end=end)
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("导出用印登记簿"), str(Path.home() / name), self.tr("CSV (*.csv)")
        )
        if path:
            self.export_to(Path(path) if Path(path).suffix else Path(path + ".csv"))

    def export_to(self, target: Path) -> BackgroundOp[int]:
        """Write the rows shown to `target`, off the UI thread."""
        rows = list(self.rows)

        def saved(count: int) -> None:
            self.summary.setText(self.tr("已导出 {n} 条到 {path}").format(n=count, path=target))
            self.exported.emit(str(target))

        op = BackgroundOp(self, lambda ctx: export_csv(rows, target, ctx.cancelled), saved)
        op.with_progress(self.tr("正在导出用印登记簿…")).run()
        return op
