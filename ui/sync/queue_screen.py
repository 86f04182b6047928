"""同步队列: every operation not yet at the central, grouped by case, with its state and the
reason in Chinese; the clerk retries a parked case (重试此办件) or forces a round (立即同步).

The rows come from `Outbox.entries()`, read on a pool thread: the list can hold thousands of
operations (the health gate's block threshold is 2,000 by default), each parsed from JSON,
and the store's reader connection is shared with the engine's threads, so the UI thread would
sometimes wait behind them. Reloads are coalesced (one at a time, at most every RELOAD_MS) and
happen only when a status report says the queue changed; between reloads the engine's reports
update the states and upload progress of the rows already shown, without touching the disk.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from offline.store import Store
from offline.sync.outbox import Operation, OpState, Outbox, QueueEntry
from offline.sync.status import LinkState, SyncSnapshot, UploadProgress
from ui.background import BackgroundOp, failure_text
from ui.sync.controller import SyncController, link_text, megabytes
from ui.sync.status_bar import set_text

RELOAD_MS = 1000
CASE_ROLE = Qt.ItemDataRole.UserRole
PARKED_COLOUR = QBrush(QColor("#c0392b"))
# A case's row and its operations' rows, each with the operation it shows.
CaseRows = tuple[QTreeWidgetItem, list[tuple[QTreeWidgetItem, Operation]]]

(COL_CASE, COL_ITEM, COL_OP, COL_STATE, COL_ATTEMPTS, COL_REASON, COL_PROGRESS) = range(7)


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


def row_state(op: Operation, in_flight: frozenset[str]) -> RowState:
    if op.op_id in in_flight:
        return RowState.SENDING
    if op.state is OpState.PARKED:
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


class QueueScreen(QDialog):
    """Non-modal: the clerk keeps it open beside the intake screen. Follows `sync`'s
    snapshot_changed; without a controller (training mode) it lists the queue and its buttons
    stay disabled."""

    def __init__(
        self, store: Store, sync: SyncController | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.sync = sync
        self.setWindowTitle(self.tr("同步队列"))
        self.entries: list[QueueEntry] = []
        self.rows: list[CaseRows] = []  # what the tree shows, in order
        self.parked_cases: set[str] = set()
        self.op_rows: dict[str, tuple[QTreeWidgetItem, Operation]] = {}
        self._live_key: tuple[frozenset[str], str] | None = None
        self.bars: dict[str, QProgressBar] = {}
        self._loading = False
        self._dirty = False
        self._loaded_key: tuple[object, ...] | None = None

        self.summary = QLabel()
        self.summary.setObjectName("queue_summary")
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("queue_tree")
        self.tree.setColumnCount(7)
        self.tree.setHeaderLabels(
            [
                self.tr("办件编号"),
                self.tr("事项"),
                self.tr("操作"),
                self.tr("状态"),
                self.tr("尝试次数"),
                self.tr("原因"),
                self.tr("上传进度"),
            ]
        )
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setSectionResizeMode(COL_REASON, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        for column, width in ((COL_CASE, 170), (COL_ITEM, 150), (COL_OP, 190), (COL_PROGRESS, 120)):
            self.tree.setColumnWidth(column, width)
        self.tree.itemSelectionChanged.connect(self.on_tree_selection_changed)
        self.detail = QLabel()
        self.detail.setObjectName("queue_detail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.retry_button = QPushButton(self.tr("重试此办件"))
        self.retry_button.setObjectName("retry_case_button")
        self.retry_button.setToolTip(self.tr("中心系统那边的问题已处理后，重新发送所选办件"))
        self.retry_button.clicked.connect(self.on_retry_clicked)
        self.sync_button = QPushButton(self.tr("立即同步"))
        self.sync_button.setObjectName("sync_now_button")
        self.sync_button.clicked.connect(self.on_sync_now_clicked)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.sync_button)
        buttons.addStretch()
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.detail)
        layout.addLayout(buttons)
        self.resize(1100, 480)

        self.reload_timer = QTimer(self)
        self.reload_timer.setSingleShot(True)
        self.reload_timer.setInterval(RELOAD_MS)
        self.reload_timer.timeout.connect(self.reload)
        if sync is not None:
            sync.snapshot_changed.connect(self.on_snapshot)
        self.refresh_summary()
        self.refresh_buttons()
        self.reload()

    # --- loading ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the queue on a pool thread; a request while one runs is served after it."""
        if self._loading:
            self._dirty = True
            return
        self._loading, self._dirty = True, False
        self._loaded_key = self._key(self.snapshot)
        outbox = Outbox(self.store)
        op = BackgroundOp(self, lambda _ctx: outbox.entries(), self.on_entries_loaded)
        op.on_failure(self.on_entries_failed).run()

    def on_entries_loaded(self, entries: list[QueueEntry]) -> None:
        self._loading = False
        self.entries = entries
        self.rebuild()
        if self._dirty:
            self.reload_timer.start()

    def on_entries_failed(self, error: BaseException) -> None:
        self._loading = False
        self.summary.setText(self.tr("读取同步队列失败：{error}").format(error=failure_text(error)))

    @staticmethod
    def _key(snapshot: SyncSnapshot | None) -> tuple[object, ...] | None:
        """What changes when rows come, go or change state (attempts, reason)."""
        if snapshot is None:
            return None
        s = snapshot.status
        return (s.pending, s.parked, s.in_flight, s.link, s.message)

    # --- the engine's reports ----------------------------------------------------------------

    @property
    def snapshot(self) -> SyncSnapshot | None:
        """The controller's latest snapshot: it is the one holder."""
        return self.sync.latest if self.sync is not None else None

    def on_snapshot(self, snapshot: SyncSnapshot) -> None:
        self.refresh_summary()
        self.refresh_buttons()
        self.refresh_live_rows()
        if not self.isVisible():
            return  # closed (hidden): the window reloads it when it is opened again
        if self._key(snapshot) != self._loaded_key and not self.reload_timer.isActive():
            self.reload_timer.start()

    def refresh_summary(self) -> None:
        snapshot = self.snapshot
        if self.store.training:
            set_text(self.summary, self.tr("培训模式不同步：办件不会发送到中心系统。"))
            return
        if snapshot is None:
            set_text(self.summary, self.tr("正在读取同步状态…"))
            return
        s = snapshot.status
        text = self.tr("{link} · 待同步 {n} 项（{mb} MB）· 需处理 {cases} 件").format(
            link=link_text(snapshot),
            n=s.pending,
            mb=megabytes(s.bytes_pending),
            cases=s.parked_cases,
        )
        if s.message:
            text += "\n" + s.message
        if s.verified:
            text += "\n" + s.verified
        if s.parked_cases:
            text += "\n" + self.tr(
                "中心系统拒绝的办件不会自动重发：请按原因核实处理后，选中该办件点“重试此办件”。"
            )
        set_text(self.summary, text)

    def refresh_buttons(self) -> None:
        running = self.sync is not None and self.sync.running
        if self.sync_button.isEnabled() != running:
            self.sync_button.setEnabled(running)
        retry = running and self.selected_case() in self.parked_cases
        if self.retry_button.isEnabled() != retry:
            self.retry_button.setEnabled(retry)

    # --- the rows ------------------------------------------------------------------------

    def rebuild(self) -> None:
        selected = self.selected_case()
        scroll = self.tree.verticalScrollBar().value()
        self.tree.clear()
        self.rows.clear()
        self.op_rows.clear()
        self.bars.clear()
        self._live_key = None
        self.parked_cases = {e.op.case_id for e in self.entries if e.op.state is OpState.PARKED}
        cases: dict[str, list[QueueEntry]] = {}
        for entry in self.entries:
            cases.setdefault(entry.op.case_id, []).append(entry)
        for case_id, group in cases.items():
            self.rows.append(self._case_rows(case_id, group))
        self.tree.addTopLevelItems([case for case, _ in self.rows])
        self.tree.expandAll()
        for case, _ in self.rows:
            if case.data(COL_CASE, CASE_ROLE) == selected:
                case.setSelected(True)
        self.tree.verticalScrollBar().setValue(scroll)
        self.refresh_live_rows()
        self.refresh_buttons()
        self.refresh_detail()

    def _case_rows(self, case_id: str, group: list[QueueEntry]) -> CaseRows:
        first = group[0]
        case = QTreeWidgetItem([first.case_number or case_id[:8], first.item_name])
        case.setData(COL_CASE, CASE_ROLE, case_id)
        case.setText(COL_OP, self.tr("{n} 项操作").format(n=len(group)))
        children = []
        for entry in group:
            op = entry.op
            child = QTreeWidgetItem(["", "", op_text(op), "", str(op.attempts)])
            child.setData(COL_CASE, CASE_ROLE, case_id)
            case.addChild(child)
            children.append((child, op))
            self.op_rows[op.op_id] = (child, op)
        return case, children

    def refresh_live_rows(self) -> None:
        """States, reasons and upload bars from the latest report; no disk access."""
        status = self.snapshot.status if self.snapshot is not None else None
        in_flight = status.in_flight if status is not None else frozenset()
        uploads = {u.op_id: u for u in status.uploads} if status is not None else {}
        # Work held back by the link says so briefly; the summary above has the whole message.
        link_reason = ""
        if status is not None and status.link is LinkState.OFFLINE:
            link_reason = self.tr("等待网络恢复")
        elif status is not None and status.link is LinkState.LOGGED_OUT:
            link_reason = self.tr("等待重新登录")
        key = (in_flight, link_reason)
        if key == self._live_key:  # only upload progress moved: touch the bars alone
            for op_id in set(uploads) | set(self.bars):
                if op_id in self.op_rows:
                    child, op = self.op_rows[op_id]
                    self._set_progress(child, op, uploads.get(op_id))
            return
        self._live_key = key
        for case, children in self.rows:
            worst, case_reason, blocked = RowState.WAITING, "", False
            for child, op in children:
                state = row_state(op, in_flight)
                reason = op.last_error or link_reason
                if not reason and blocked:
                    reason = self.tr("等待本办件前面需处理的操作")
                blocked = blocked or state is RowState.PARKED
                self._set_state(child, state, reason)
                self._set_progress(child, op, uploads.get(op.op_id))
                worst = max(worst, state, key=lambda s: s.value)
                case_reason = case_reason or op.last_error
            self._set_state(case, worst, case_reason or link_reason)

    def _set_state(self, item: QTreeWidgetItem, state: RowState, reason: str) -> None:
        """Only what changed: reports come up to ten times a second, rows by the thousand."""
        if item.text(COL_STATE) != state.text:
            item.setText(COL_STATE, state.text)
            colour = PARKED_COLOUR if state is RowState.PARKED else self.tree.palette().text()
            item.setForeground(COL_STATE, colour)
        if item.text(COL_REASON) != reason:
            item.setText(COL_REASON, reason)
            item.setToolTip(COL_REASON, reason)

    def _set_progress(
        self, item: QTreeWidgetItem, op: Operation, upload: UploadProgress | None
    ) -> None:
        bar = self.bars.get(op.op_id)
        if upload is None or upload.total <= 0:
            if bar is not None:
                self.tree.removeItemWidget(item, COL_PROGRESS)
                del self.bars[op.op_id]
            return
        if bar is None:
            bar = QProgressBar()
            bar.setRange(0, 1000)
            bar.setObjectName("queue_upload_bar")
            self.tree.setItemWidget(item, COL_PROGRESS, bar)
            self.bars[op.op_id] = bar
        value = int(1000 * upload.sent / upload.total)
        if bar.value() != value:
            bar.setValue(value)

    # --- the clerk's actions -------------------------------------------------------------

    def selected_case(self) -> str | None:
        items = self.tree.selectedItems()
        return str(items[0].data(COL_CASE, CASE_ROLE)) if items else None

    def select_case(self, case_id: str) -> bool:
        for case, _ in self.rows:
            if case.data(COL_CASE, CASE_ROLE) == case_id:
                self.tree.setCurrentItem(case)
                return True
        return False

    def on_tree_selection_changed(self) -> None:
        self.refresh_buttons()
        self.refresh_detail()

    def refresh_detail(self) -> None:
        """The whole reason of the selected row (the column shows its beginning)."""
        items = self.tree.selectedItems()
        reason = items[0].text(COL_REASON) if items else ""
        self.detail.setText(self.tr("原因：{reason}").format(reason=reason) if reason else "")

    def on_retry_clicked(self) -> None:
        case_id = self.selected_case()
        if case_id is None or self.sync is None:
            return
        op = self.sync.retry_case(case_id, self)
        if op is not None:
            self.retry_button.setEnabled(False)
            op.finished.connect(self.reload)

    def on_sync_now_clicked(self) -> None:
        if self.sync is not None:
            op = self.sync.sync_now(self)
            if op is not None:
                op.finished.connect(self.reload)
