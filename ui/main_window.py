"""The main window: intake and today's cases, a health banner above them, and a status bar for
the mode, the link, the outbox, the last sync, uploads in flight and cases needing attention.
What its menus open is ui/window_menus.py."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from client.documents.data import DocumentKind
from client.domain import Stage
from offline.intake.transaction import IntakeResult, IntakeService
from offline.storage.clock import ClockWrong, clock_problem, note_start
from offline.sync.status import SyncSnapshot
from ui.accounts.controller import AccountsController
from ui.background import BackgroundOp, serial_pool
from ui.cases.scanner import ScanDetector
from ui.cases.search_screen import CaseSearch
from ui.documents.window_documents import WindowDocuments
from ui.intake.screen import IntakeScreen
from ui.intake.today_cases import TodayCases
from ui.screen_fit import resize_to_fit
from ui.supervision.alerts import AlertsPanel, desktop_notifier
from ui.supervision.window_actions import SupervisionActions
from ui.sync.controller import SyncController
from ui.sync.queue_screen import QueueScreen
from ui.sync.status_bar import SyncIndicators
from ui.window_menus import WindowMenus

# The engine reports every change itself; this only keeps "hours since the last sync" (the
# health gate) and a window without an engine up to date.
SYNC_REFRESH_MS = 60_000


class MainWindow(WindowDocuments, SupervisionActions, WindowMenus, QMainWindow):
    """`sync` is the window's sync controller (the app passes one; a training window may do
    without). The window takes it as a child, starts it, wakes it after each intake and stops
    it when closed."""

    def __init__(
        self,
        service: IntakeService,
        sync: SyncController | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.store = service.store
        # The one holder of the latest sync snapshot; in training mode it runs no engine.
        self.sync = sync if sync is not None else SyncController(self.store)
        self.queue_screen: QueueScreen | None = None
        self.write_pool = serial_pool(self)  # one writer: every database write goes here
        self.intake = IntakeScreen(service, self.write_pool)
        self.today = TodayCases(self.store)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.intake, self.tr("受理"))
        self.tabs.addTab(self.today, self.tr("今日办件"))
        self.case_search = CaseSearch(self.store)
        self.tabs.addTab(self.case_search, self.tr("办件查询"))
        self.case_search.case_opened.connect(self.open_case_detail)
        self.find_shortcut = QShortcut(QKeySequence.StandardKey.Find, self)
        self.find_shortcut.activated.connect(self.on_find_triggered)
        # A barcode scanner typing a slip's case number opens the case, whatever has focus.
        self.scanner = ScanDetector(self)
        self.scanner.scanned.connect(self.open_case_detail)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.scanner)
        self.details: list[QDialog] = []
        self.indicators = SyncIndicators(self.store)
        self.banner = self.indicators.banner
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.previews: list[QDialog] = []  # the open ones; each deletes itself when closed
        self.opening_cases: set[str] = set()  # cases whose document chooser is on its way
        self.alerts = AlertsPanel(self.store, desktop_notifier(self, self.statusBar().showMessage))
        dock = QDockWidget(self.tr("预警"), self)
        dock.setObjectName("alerts_dock")
        dock.setWidget(self.alerts)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.lights_timer = QTimer(self)  # coalesces the engine's bursts of snapshots
        self.lights_timer.setSingleShot(True)
        self.lights_timer.setInterval(1000)
        self.lights_timer.timeout.connect(self.alerts.refresh)
        self.lights_timer.timeout.connect(self.today.refresh_lights)
        self.alerts.order_chosen.connect(self.on_order_chosen)
        self.alerts.urge_requested.connect(self.on_urge_requested)
        self.alerts.bad_rating_chosen.connect(self.on_bad_rating_chosen)

        self.mode_label = QLabel()
        self.mode_label.setObjectName("mode_label")
        indicators = self.indicators
        self.link_label, self.outbox_label = indicators.link_label, indicators.outbox_label
        self.last_sync_label, self.upload_bar = indicators.last_sync_label, indicators.upload_bar
        self.parked_button = indicators.parked_button
        self.parked_button.clicked.connect(self.on_queue_triggered)
        self.calendar_label = QLabel()
        self.calendar_label.setObjectName("calendar_label")
        self.calendar_label.setStyleSheet("color: #b9770e;")
        self.window_label = QLabel()
        self.clock_label = QLabel()  # a clock that cannot be trusted: no intake until set right
        self.clock_label.setObjectName("clock_label")
        self.clock_label.setStyleSheet("color: white; background: #c0392b; padding: 0 6px;")
        self.clock_label.hide()
        bar = self.statusBar()
        bar.addWidget(self.clock_label)
        bar.addWidget(self.calendar_label)
        # Permanent: a temporary message (已保存…) must not hide the link or the queue.
        for widget in [self.mode_label, *indicators.status_widgets(), self.window_label]:
            bar.addPermanentWidget(widget)
        menu = self.menuBar().addMenu(self.tr("设置"))
        self.settings_actions = [
            menu.addAction(self.tr("窗口设置…"), self.on_settings_triggered),
            menu.addAction(self.tr("节假日管理…"), self.on_holidays_triggered),
            menu.addAction(self.tr("签名证书…"), self.on_signing_key_triggered),
        ]
        menu.addAction(self.tr("登录中心系统…"), self.on_login_triggered)
        menu.addAction(self.tr("首次设置…"), self.on_first_run_triggered)
        sync_menu = self.menuBar().addMenu(self.tr("同步"))
        self.queue_action = sync_menu.addAction(self.tr("同步队列…"), self.on_queue_triggered)
        self.sync_now_action = sync_menu.addAction(self.tr("立即同步"), self.on_sync_now_triggered)
        self.accounts = AccountsController(self)  # the person, their powers, the lock
        from ui.supervision.clock_menu import ClockMenu  # it names this class

        self.clock_menu = ClockMenu(self)
        cases_menu = self.menuBar().addMenu(self.tr("统计"))
        self.stats_action = cases_menu.addAction(self.tr("办件统计…"), self.on_stats_triggered)
        cases_menu.addAction(self.tr("用印登记簿…"), self.on_ledger_triggered)
        self.stats_screen: QDialog | None = None
        self.refresh_mode()
        self.refresh_settings()
        self.intake.picker.search.setFocus()  # ready to type the item

        self.intake.case_saved.connect(self.on_case_saved)
        self.today.case_opened.connect(self.on_case_opened)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh_sync)
        self.timer.timeout.connect(self.check_clock)
        self.timer.start(SYNC_REFRESH_MS)
        # After the engine reports (it may just have read the central's clock), once it settles.
        self.clock_timer = QTimer(self)
        self.clock_timer.setSingleShot(True)
        self.clock_timer.setInterval(1000)
        self.clock_timer.timeout.connect(self.check_clock)
        self.sync.setParent(self)  # Qt owns it from here: it goes with the window
        self.sync.snapshot_changed.connect(self.on_sync_snapshot)
        self.sync.start(self)
        self.today.refresh()
        self.alerts.refresh()
        resize_to_fit(self, 1280, 720)  # the hall PC: 1366×768 with a taskbar
        QTimer.singleShot(2000, self.sweep_orphan_files)
        self.load_font_coverage()
        self.check_clock(at_start=True)

    def closeEvent(self, event: QCloseEvent) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.scanner)
        if self.sync.running:
            # Joining the engine waits for the request in flight (at most ten seconds on a
            # stalled link): the window goes away first, so nobody watches it freeze.
            self.hide()
            self.sync.stop()
        self.accounts.stop()
        super().closeEvent(event)

    def check_clock(self, at_start: bool = False) -> None:
        """Is the system clock right (offline/storage/clock.py)? Read off the UI thread; at start
        the time is also recorded as seen (a write, so on the write pool)."""
        store, now = self.store, self.service.clock()
        if at_start:
            op = BackgroundOp(
                self, lambda _ctx: note_start(store, now), self.show_clock, pool=self.write_pool
            )
        else:
            op = BackgroundOp(self, lambda _ctx: clock_problem(store, now), self.show_clock)
        op.on_failure(lambda _exc: None).run()  # a failed read: the next check tries again

    def show_clock(self, problem: ClockWrong | None) -> None:
        self.clock_label.setVisible(problem is not None)
        self.clock_label.setText(problem.message if problem else "")
        self.clock_label.setToolTip(problem.remedy if problem else "")

    def load_font_coverage(self) -> None:
        """Read the document fonts' cmaps off the UI thread now, so the live check of what
        the clerk types (can it be printed?) never waits for the disk."""

        def load(_ctx: object) -> None:
            from client.documents.fonts import load_printable_coverage

            load_printable_coverage()

        BackgroundOp(self, load, lambda _none: None).run()

    def sweep_orphan_files(self) -> None:
        """Material files left by interrupted intakes go, off the UI thread."""
        store = self.store
        BackgroundOp(self, lambda _ctx: store.sweep_orphan_files(), lambda _removed: None).run()

    def refresh_mode(self) -> None:
        """Training or connected: the title, the mode badge and the link state say which."""
        training = self.store.training
        title = self.tr("窗口受理客户端")
        self.setWindowTitle(title + self.tr("（培训模式）") if training else title)
        self.mode_label.setText(self.tr("培训模式") if training else self.tr("联网模式"))
        self.mode_label.setStyleSheet(
            "color: white; background: #d35400; padding: 0 6px;" if training else ""
        )
        self.sync_now_action.setEnabled(not training)
        self.indicators.show_link(self.sync.latest)

    def refresh_settings(self) -> None:
        self.window_label.setText(
            self.tr("窗口 {window} · {clerk}").format(
                window=self.store.window_code, clerk=self.accounts.label_text()
            )
        )
        year = dt.date.today().year
        calendar = self.store.calendar()
        missing = [str(y) for y in (year, year + 1) if not calendar.knows_year(y)]
        self.calendar_label.setText(
            self.tr("{years} 年节假日安排缺失，时限按法定节假日暂定（设置 → 节假日管理）").format(
                years="、".join(missing)
            )
            if missing
            else ""
        )

    @staticmethod
    def run_dialog(dialog: QDialog) -> bool:
        """exec() a dialog parented to the window, then delete it: a child of the window
        otherwise lives, hidden, until the window closes at the end of the day."""
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()

    # --- sync status ----------------------------------------------------------------------

    def refresh_sync(self) -> None:
        """A fresh snapshot, read on a pool thread."""
        self.sync.refresh(self)

    def on_sync_snapshot(self, snapshot: SyncSnapshot) -> None:
        self.indicators.show(snapshot)
        if not self.lights_timer.isActive():  # a pull may have moved lights: once it settles
            self.lights_timer.start()
        if not self.clock_timer.isActive():
            self.clock_timer.start()

    def on_case_saved(self, result: IntakeResult) -> None:
        self.sync.wake()
        self.check_clock()
        # The new count and any health warning, read on the pool (the reader connection is
        # shared with the engine): shown a few milliseconds later, before the next applicant.
        self.sync.refresh(self)
        self.today.refresh()
        self.alerts.refresh()
        if result.document_error:
            QMessageBox.warning(
                self,
                self.tr("回执未生成"),
                self.tr("已受理，编号 {n}。\n{error}\n可在“今日办件”中双击该办件重新生成。").format(
                    n=result.case_number, error=result.document_error
                ),
            )
            return
        if result.documents:
            self.show_document(result.documents[0], result.case_number)
            return
        # The applicant leaves with the one-time notice or the refusal in hand.
        notice = {
            Stage.SUPPLEMENT_REQUESTED: DocumentKind.SUPPLEMENT_NOTICE,
            Stage.REFUSED: DocumentKind.REFUSAL_NOTICE,
        }.get(result.stage)
        self.statusBar().showMessage(
            self.tr("已保存，编号 {n}").format(n=result.case_number), 10000
        )
        if notice is not None:
            self.produce_document(result.case_number, notice, reprint=False)
