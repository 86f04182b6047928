"""同步队列: every operation not yet at the central, grouped by case, with its state and the
reason in Chinese; the clerk retries a parked case (重试此办件) or forces a round (立即同步).

The rows are a model (ui/sync/queue_model.py) filled a page at a time from
`Outbox.entries(offset, limit)`, read on a pool thread: the queue can hold tens of thousands
of operations after days offline, and the store's reader connection is shared with the
engine's threads. Reloads are coalesced (one at a time, at most every RELOAD_MS), happen only
when a status report says the queue changed, and build the new rows on the pool too; between
reloads the engine's reports change states and upload progress through the model alone.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from offline.storage.store import Store
from offline.sync.outbox import Outbox
from offline.sync.status import LinkState, SyncSnapshot
from ui.background import BackgroundOp, failure_text
from ui.sync.controller import SyncController, link_text, megabytes
from ui.sync.queue_model import (
    COL_CASE,
    COL_ITEM,
    COL_OP,
    COL_PROGRESS,
    COL_REASON,
    PAGE,
    OpRow,
    QueueData,
    QueueModel,
    op_rows,
)
from ui.sync.status_bar import set_text

RELOAD_MS = 1000


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
        self.bars: dict[str, QProgressBar] = {}
        self._loading = False
        self._dirty = False
        self._loaded_key: tuple[object, ...] | None = None
        self._generation = 0  # bumped by each reload: a page read for older rows is dropped

        self.summary = QLabel()
        self.summary.setObjectName("queue_summary")
        self.summary.setWordWrap(True)
        self.model = QueueModel(self.fetch_page, self)
        # A table, not a QTableView: a tree fetches every page as soon as it lays out, the
        # table only when its last row comes into view.
        self.view = QTableView()
        self.view.setObjectName("queue_view")
        self.view.setModel(self.model)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        rows = self.view.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no row is ever measured
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(COL_REASON, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        for column, width in ((COL_CASE, 170), (COL_ITEM, 150), (COL_OP, 190), (COL_PROGRESS, 120)):
            self.view.setColumnWidth(column, width)
        self.view.selectionModel().selectionChanged.connect(self.on_tree_selection_changed)
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
        layout.addWidget(self.view, 1)
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
        """Read the queue again on a pool thread, as many rows as are loaded now (at least a
        page), and build the rows there too; a request while one runs is served after it."""
        if self._loading:
            self._dirty = True
            return
        self._loading, self._dirty = True, False
        self._generation += 1
        self._loaded_key = self._key(self.snapshot)
        outbox, limit = Outbox(self.store), max(PAGE, len(self.model.data_.entries))

        def build(_ctx: object) -> QueueData:
            entries = op_rows(outbox.entries(0, limit))
            data = QueueData()
            data.extend(entries, complete=len(entries) < limit)
            return data

        BackgroundOp(self, build, self.on_rows_loaded).on_failure(self.on_entries_failed).run()

    def on_rows_loaded(self, data: QueueData) -> None:
        self._loading = False
        selected = self.selected_case()
        scroll = self.view.verticalScrollBar().value()
        self.clear_bars()
        self.model.replace(data)
        if selected is not None:
            self.select_case(selected)
        self.view.verticalScrollBar().setValue(scroll)
        self.refresh_live_rows()
        self.refresh_buttons()
        self.refresh_detail()
        if self._dirty:
            self.reload_timer.start()

    def fetch_page(self, offset: int) -> None:
        """The model wants more rows (the clerk scrolled to the end): read them off the UI
        thread. A page read for rows a reload has replaced since is dropped."""
        outbox, generation = Outbox(self.store), self._generation

        def arrived(entries: list[OpRow]) -> None:
            if generation == self._generation:
                self.model.add_page(entries, complete=len(entries) < PAGE)
            else:
                self.model.fetching = False

        def failed(error: BaseException) -> None:
            self.model.fetching = False
            self.summary.setText(
                self.tr("读取同步队列失败：{error}").format(error=failure_text(error))
            )

        def read(_ctx: object) -> list[OpRow]:
            return op_rows(outbox.entries(offset, PAGE))

        BackgroundOp(self, read, arrived).on_failure(failed).run()

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

    @property
    def parked_cases(self) -> set[str]:
        return self.model.data_.parked_cases

    def on_snapshot(self, snapshot: SyncSnapshot) -> None:
        self.refresh_summary()
        self.refresh_buttons()
        self.refresh_live_rows()
        if not self.isVisible():
            return  # closed (hidden): the window reloads it when it is opened again
        if self._key(snapshot) != self._loaded_key and not self.reload_timer.isActive():
            self.reload_timer.start()

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
        self.model.set_live(in_flight, link_reason)
        rows = self.model.data_.op_rows
        for op_id in set(self.bars) - set(uploads):
            del self.bars[op_id]
            # The view deletes the widget it replaces: never delete an index widget ourselves.
            index = self.model.index(rows[op_id], COL_PROGRESS)
            self.view.setIndexWidget(index, None)  # type: ignore[arg-type]
        for op_id, upload in uploads.items():
            if op_id not in rows or upload.total <= 0:
                continue
            bar = self.bars.get(op_id)
            if bar is None:
                bar = QProgressBar()
                bar.setRange(0, 1000)
                bar.setObjectName("queue_upload_bar")
                self.view.setIndexWidget(self.model.index(rows[op_id], COL_PROGRESS), bar)
                self.bars[op_id] = bar
            value = int(1000 * upload.sent / upload.total)
            if bar.value() != value:
                bar.setValue(value)

    def clear_bars(self) -> None:
        """Before a reset: the rows the bars sat on go, and the view deletes its index
        widgets itself; only our references go here."""
        self.bars.clear()

    # --- the clerk's actions -------------------------------------------------------------

    def selected_case(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.case_of(rows[0].row()) if rows else None

    def select_case(self, case_id: str) -> bool:
        row = self.model.data_.case_rows.get(case_id)
        if row is None:
            return False
        self.view.setCurrentIndex(self.model.index(row, COL_CASE))
        return True

    def on_tree_selection_changed(self) -> None:
        self.refresh_buttons()
        self.refresh_detail()

    def refresh_detail(self) -> None:
        """The whole reason of the selected row (the column shows its beginning)."""
        rows = self.view.selectionModel().selectedRows()
        reason = self.model.state_and_reason(rows[0].row())[1] if rows else ""
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
