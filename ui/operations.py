"""The window's share of operations: crashes and Qt's messages into the log, a dialog that
says where the log is, and the automatic daily backup in the background.

Logging itself is configured by main.py before the window starts (offline/admin/logs.py).
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import (
    QMessageLogContext,
    QObject,
    Qt,
    QTimer,
    QtMsgType,
    Signal,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QMessageBox, QWidget

from client.errors import ClerkError
from offline.admin.backup import BackupResult
from offline.admin.backup_schedule import run_daily_backup
from offline.admin.logs import log_path
from offline.storage.store import Store
from ui.background import BackgroundOp, OpContext, log_internal_error

log = logging.getLogger(__name__)
qt_log = logging.getLogger("qt")

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def on_qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    qt_log.log(_QT_LEVELS.get(kind, logging.WARNING), "%s (%s)", message, context.category)


def install_qt_message_handler() -> None:
    """Qt's own warnings (a missing platform library, a font) go into the log too."""
    qInstallMessageHandler(on_qt_message)


class CrashReporter(QObject):
    """Unhandled exceptions, on the UI thread (a slot that raised) or any other thread: logged
    once under a reference, then a dialog on the UI thread gives the reference and the log."""

    crashed = Signal(str)

    def __init__(self, window: QWidget, profile: Path) -> None:
        super().__init__(window)
        self.window = window
        self.log_file = log_path(profile)
        self.crashed.connect(self.on_crashed, Qt.ConnectionType.QueuedConnection)
        self.shown: list[str] = []  # references shown, for the test and to avoid a storm
        sys.excepthook = self.on_exception
        threading.excepthook = self.on_thread_exception

    def on_exception(
        self, kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        if value.__traceback__ is None:
            value = value.with_traceback(tb)
        self.crashed.emit(log_internal_error(value))

    def on_thread_exception(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or isinstance(args.exc_value, SystemExit):
            return
        self.crashed.emit(log_internal_error(args.exc_value))

    def on_crashed(self, reference: str) -> None:
        if len(self.shown) >= 3:  # a fault in a timer would otherwise bury the screen
            return
        self.shown.append(reference)
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            self.tr("程序出现意外错误"),
            self.tr(
                "程序出现意外错误（错误编号 {ref}），详细信息已记入日志：\n{path}\n\n"
                "请保存手头的工作；如问题反复出现，请联系管理员，"
                "并附上用 support-bundle 生成的诊断包。"
            ).format(ref=reference, path=self.log_file),
            parent=self.window,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()


class DailyBackup(QObject):
    """Checks every hour (first soon after start) whether today's backup is due, and makes it
    off the UI thread. A failure is logged and shown in the status bar, never as a dialog."""

    FIRST_MS = 2 * 60 * 1000
    INTERVAL_MS = 60 * 60 * 1000

    done = Signal(object)  # BackupResult or None (not due), for tests and the status bar

    def __init__(self, window: QWidget, store: Store, first_ms: int = FIRST_MS) -> None:
        super().__init__(window)
        self.window = window
        self.store = store
        self.running = False
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.on_timer_timeout)
        QTimer.singleShot(first_ms, self, self.on_timer_timeout)
        self.timer.start(self.INTERVAL_MS)

    def on_timer_timeout(self) -> None:
        if self.running:
            return
        self.running = True
        store = self.store

        def job(_ctx: OpContext) -> BackupResult | None:
            return run_daily_backup(store)

        op = BackgroundOp(self.window, job, self.on_backup_done)
        op.on_failure(self.on_backup_failed).run()

    def on_backup_done(self, result: BackupResult | None) -> None:
        self.running = False
        self.done.emit(result)

    def on_backup_failed(self, exc: BaseException) -> None:
        self.running = False
        if isinstance(exc, ClerkError):
            log.warning("daily backup failed: %s", exc.message)
        else:
            log_internal_error(exc)
        status = getattr(self.window, "statusBar", None)
        if callable(status):
            status().showMessage(self.tr("今日自动备份未完成，详见日志"), 60_000)
        self.done.emit(None)
