"""The queue screen's rows as a model: a flat list where each case's header row is followed by
its operations' rows, in send order, loaded a page at a time.

A QTreeWidget made one item per row up front and expanded them all: with 60,000 operations
waiting that froze the window for seconds. Here the view asks only for the rows it paints,
the pages are read on a pool thread (the screen's `fetch` callback) as the clerk scrolls to
the end, and the engine's reports (what is in flight, a lost link) change what `data()`
answers without touching the rows at all.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from offline.sync.outbox import Operation, OpState, QueueEntry
from ui.sync.controller import megabytes

PAGE = 5000  # operations per read: a few milliseconds to add to the model
PARKED_COLOUR = QBrush(QColor("#c0392b"))
(COL_CASE, COL_ITEM, COL_OP, COL_STATE, COL_ATTEMPTS, COL_REASON, COL_PROGRESS) = range(7)
HEADERS = ("办件编号", "事项", "操作", "状态", "尝试次数", "原因", "上传进度")
Index = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate("QueueScreen", text)


class RowState(Enum):
    """Ordered by how much the clerk should look at it (a case shows its worst)."""

    WAITING = 0  # 待发送
    SENDING = 1  # 发送中
    RETRY = 2  # 待重试
    PARKED = 3  # 需处理

    @property
    def text(self) -> str:
        return {
            RowState.WAITING: _tr("待发送"),
            RowState.SENDING: _tr("发送中"),
            RowState.RETRY: _tr("待重试"),
            RowState.PARKED: _tr("需处理"),
        }[self]


# One operation as the screen shows it, made on the pool: strings and numbers only, one
# object per row where a parsed operation (dataclasses holding its payload dict) was several,
# which the cyclic collector then walked on the UI thread (add_page fell from 25-75 ms to
# 9-19 ms a page). A NamedTuple is still tracked; plain tuples would not be.
class OpRow(NamedTuple):
    op_id: str
    case_id: str
    parked: bool
    attempts: int
    last_error: str
    text: str
    case_number: str
    item_name: str


def op_row(entry: QueueEntry) -> OpRow:
    """Made on the pool thread that read the entry (translate() is thread-safe)."""
    op = entry.op
    parked = op.state is OpState.PARKED
    return OpRow(op.op_id, op.case_id, parked, op.attempts, op.last_error, op_text(op),
                 entry.case_number, entry.item_name)  # fmt: skip


def op_rows(entries: list[QueueEntry]) -> list[OpRow]:
    return [op_row(entry) for entry in entries]


def row_state(op: OpRow, in_flight: frozenset[str]) -> RowState:
    if op.op_id in in_flight:
        return RowState.SENDING
    if op.parked:
        return RowState.PARKED
    if op.last_error:
        return RowState.RETRY
    return RowState.WAITING


def op_text(op: Operation) -> str:
    if op.kind == "material.upload":
        name = str(op.payload.get("display_name") or "")
        return _tr("{label} {name}（{mb} MB）").format(
            label=op.label, name=name, mb=megabytes(op.size)
        )
    return op.label


class CaseGroup(NamedTuple):
    """One case's header: a small tuple; its growing end is kept in QueueData.ends."""

    case_id: str
    number: str
    item_name: str
    start: int  # its entries: entries[start:ends[k]]
    header_row: int


class QueueData:
    """The rows loaded so far; plain Python, so a whole reload can be built on a pool thread."""

    def __init__(self) -> None:
        self.entries: list[OpRow] = []
        self.blocked: list[bool] = []  # a parked operation comes before it in its case
        self.cases: list[CaseGroup] = []
        self.ends: list[int] = []  # per case: one past its last entry (grows with a page)
        self.rows: list[tuple[int, int]] = []  # (case index, entry index or -1 for the header)
        self.case_rows: dict[str, int] = {}
        self.op_rows: dict[str, int] = {}
        self.parked_cases: set[str] = set()
        self.complete = False

    def rows_added(self, entries: list[OpRow]) -> int:
        """How many rows `extend(entries)` will add: one per operation, one per new case."""
        count, previous = len(entries), self.cases[-1].case_id if self.cases else None
        for entry in entries:
            if entry.case_id != previous:
                count, previous = count + 1, entry.case_id
        return count

    def extend(self, entries: list[OpRow], complete: bool) -> int | None:
        """Append a page; returns the header row of a case the page continued, if any."""
        continued = None
        existing = len(self.cases)
        for entry in entries:
            case_id = entry.case_id
            case = self.cases[-1] if self.cases else None
            index = len(self.entries)
            if case is None or case.case_id != case_id:
                row = len(self.rows)
                number, item = entry.case_number, entry.item_name
                case = CaseGroup(case_id, number, item, index, row)
                self.cases.append(case)
                self.ends.append(index)
                self.case_rows[case_id] = row
                self.rows.append((len(self.cases) - 1, -1))
            elif len(self.cases) == existing:
                continued = case.header_row
            previous = index - 1 if self.ends[-1] > case.start else -1
            self.blocked.append(
                previous >= 0 and (self.entries[previous].parked or self.blocked[previous])
            )
            self.entries.append(entry)
            self.ends[-1] = index + 1
            self.op_rows[entry.op_id] = len(self.rows)
            self.rows.append((len(self.cases) - 1, index))
            if entry.parked:
                self.parked_cases.add(case_id)
        self.complete = complete
        return continued


class QueueModel(QAbstractItemModel):
    """`fetch(offset)` is the screen's: it reads the next page off the UI thread and hands
    it to `add_page`. Between reloads, `set_live` changes states and reasons in place."""

    def __init__(self, fetch: Callable[[int], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.fetch = fetch
        self.data_ = QueueData()
        self.data_.complete = True
        self.fetching = False
        self.in_flight: frozenset[str] = frozenset()
        self.link_reason = ""
        self.bold = QFont()
        self.bold.setBold(True)

    # --- loading -----------------------------------------------------------------------------

    def replace(self, data: QueueData) -> None:
        self.beginResetModel()
        self.data_ = data
        self.fetching = False
        self.endResetModel()

    def add_page(self, entries: list[OpRow], complete: bool) -> None:
        self.fetching = False
        data = self.data_
        first, added = len(data.rows), data.rows_added(entries)
        if added:
            self.beginInsertRows(QModelIndex(), first, first + added - 1)
        continued = data.extend(entries, complete)
        if added:
            self.endInsertRows()
        if continued is not None:
            top = self.index(continued, COL_OP)
            self.dataChanged.emit(top, self.index(continued, COL_REASON))

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self.data_.complete and not self.fetching

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self.fetching = True
            self.fetch(len(self.data_.entries))

    def set_live(self, in_flight: frozenset[str], link_reason: str) -> None:
        if (in_flight, link_reason) == (self.in_flight, self.link_reason):
            return
        self.in_flight, self.link_reason = in_flight, link_reason
        if self.data_.rows:
            last = len(self.data_.rows) - 1
            self.dataChanged.emit(self.index(0, COL_STATE), self.index(last, COL_REASON))

    # --- what a row says ---------------------------------------------------------------------

    def case_count(self) -> int:
        return len(self.data_.cases)

    def case_of(self, row: int) -> str | None:
        if 0 <= row < len(self.data_.rows):
            return self.data_.cases[self.data_.rows[row][0]].case_id
        return None

    def is_case_row(self, row: int) -> bool:
        return 0 <= row < len(self.data_.rows) and self.data_.rows[row][1] < 0

    def state_and_reason(self, row: int) -> tuple[RowState, str]:
        data = self.data_
        case_index, entry = data.rows[row]
        if entry >= 0:
            op = data.entries[entry]
            reason = op.last_error or self.link_reason
            if not reason and data.blocked[entry]:
                reason = _tr("等待本办件前面需处理的操作")
            return row_state(op, self.in_flight), reason
        ops = data.entries[data.cases[case_index].start : data.ends[case_index]]
        worst = max((row_state(op, self.in_flight) for op in ops), key=lambda s: s.value)
        reason = next((op.last_error for op in ops if op.last_error), "") or self.link_reason
        return worst, reason

    def text(self, row: int, column: int) -> str:
        data = self.data_
        case_index, entry = data.rows[row]
        if column in (COL_STATE, COL_REASON):
            state, reason = self.state_and_reason(row)
            return state.text if column == COL_STATE else reason
        if entry < 0:
            case = data.cases[case_index]
            return {
                COL_CASE: case.number or case.case_id[:8],
                COL_ITEM: case.item_name,
                COL_OP: _tr("{n} 项操作").format(n=data.ends[case_index] - case.start),
            }.get(column, "")
        op = data.entries[entry]
        return {COL_OP: op.text, COL_ATTEMPTS: str(op.attempts)}.get(column, "")

    # --- QAbstractItemModel ------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not (0 <= row < len(self.data_.rows)) or not 0 <= column < 7:
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, _child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        return QModelIndex()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.data_.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _tr(HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_REASON:
            return self.state_and_reason(row)[1] or None
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_STATE:
            return PARKED_COLOUR if self.state_and_reason(row)[0] is RowState.PARKED else None
        if role == Qt.ItemDataRole.FontRole and self.is_case_row(row):
            return self.bold
        return None
