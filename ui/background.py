"""The one way to run slow work off the UI thread (after Anki's QueryOp).

Every screen hands slow work (database writes, network calls, rendering, copying files) to a
`BackgroundOp` instead of starting its own threads, so there is one place that decides how
results come back, how failures are shown and when progress appears:

    BackgroundOp(self, lambda ctx: store.load(case_id), self.on_case_loaded)
        .on_failure(self.on_case_load_failed)
        .with_progress(self.tr("正在读取案件…"))
        .run()

The job runs on a QThreadPool and receives an `OpContext` for reporting progress and polling
for cancellation. **The job must never touch widgets** (nor any QObject living on the UI
thread): Qt widgets are not thread-safe. It returns a plain value; the success callback runs
on the UI thread and updates the screen.

Progress is shown only when work is slow: the dialog appears if the job is still running after
600 ms, and it polls the latest report with a QTimer instead of receiving one signal per
report, so a job may call `report()` as often as it likes.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import uuid
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMessageBox, QProgressBar, QProgressDialog, QWidget
from shiboken6 import isValid

from client.errors import Cancelled, ClerkError

T = TypeVar("T")

log = logging.getLogger(__name__)

# A dialog for work that finishes quickly only flickers.
PROGRESS_DELAY_MS = 600
PROGRESS_POLL_MS = 100


def is_cancellation(exc: BaseException) -> bool:
    """True for the exceptions a job raises when it stops because it was cancelled."""
    return isinstance(exc, Cancelled)


def serial_pool(parent: QObject | None = None) -> QThreadPool:
    """A pool that runs one job at a time, in submission order: use it for database writes.

    Destroying the pool waits for its queued jobs, so give it a long-lived parent (the main
    window) or none and keep it for the application's lifetime.
    """
    pool = QThreadPool(parent)
    pool.setMaxThreadCount(1)
    return pool


class OpContext:
    """What a running job may use: progress reporting and the cancellation flag.

    Thread-safe. `report` only stores the latest values; the UI polls them, so reporting in a
    tight loop costs a lock, not a signal.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._progress: tuple[int, int, str] = (0, 0, "")
        self._cancel = threading.Event()

    def report(self, done: int, total: int, text: str = "") -> None:
        """Record progress; `total` 0 means unknown (the bar shows a busy indicator)."""
        with self._lock:
            self._progress = (done, total, text)

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def raise_if_cancelled(self) -> None:
        """Convenience for loops: stop with `Cancelled` once the clerk has cancelled."""
        if self._cancel.is_set():
            raise Cancelled

    def cancel(self) -> None:
        self._cancel.set()

    def progress(self) -> tuple[int, int, str]:
        with self._lock:
            return self._progress


class _Emitter(QObject):
    """Carries the job's outcome from the pool thread to the UI thread.

    It is owned by the job (not by the parent widget), so the worker can always emit even when
    the parent has been destroyed meanwhile; Qt then simply has no receiver left.
    """

    done = Signal(bool, object)  # ok, result or exception


class _ProgressDialog(QProgressDialog):
    """A QProgressDialog that Esc or the close box cannot dismiss when the job is not
    cancellable (the job would keep running with nothing on screen)."""

    def __init__(self, parent: QWidget, cancellable: bool) -> None:
        super().__init__(parent)
        self._cancellable = cancellable

    def reject(self) -> None:
        if self._cancellable:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._cancellable:
            super().closeEvent(event)
        else:
            event.ignore()


class BackgroundOp(QObject, Generic[T]):
    """Run `op(ctx)` on a thread pool and deliver its result on the UI thread.

    The op is a child of `parent`: Qt keeps it (and so the callbacks) alive until the job ends,
    and if the parent is destroyed first the queued result is dropped, so no callback runs
    against a deleted widget. The job itself cannot be stopped from outside; it should poll
    `ctx.cancelled()`.

    Cancel is a request the job polls. A job that stops for it (raises
    `client.errors.Cancelled`) calls neither callback; a job that returns anyway (its write
    had already committed) still delivers its result; other failures after a cancel are
    dropped. Failures are shown by `failure_text` (docs/architecture.md, Errors).

    Signals:
        finished: emitted on the UI thread after the outcome was delivered (success, failure
            or cancellation); tests wait on it with `qtbot.waitSignal(op.finished)`.
    """

    finished = Signal()

    def __init__(
        self,
        parent: QWidget,
        op: Callable[[OpContext], T],
        on_success: Callable[[T], None],
        *,
        pool: QThreadPool | None = None,
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._op = op
        self._on_success = on_success
        self._on_failure: Callable[[BaseException], None] = self._show_failure
        self._pool = pool if pool is not None else QThreadPool.globalInstance()
        self._ctx = OpContext()
        self._emitter = _Emitter()
        self._emitter.done.connect(self.on_job_done, Qt.ConnectionType.QueuedConnection)
        self._label: str | None = None
        self._cancellable = True
        self._dialog: _ProgressDialog | None = None
        self._bar: QProgressBar | None = None
        # Precise: a coarse timer may fire up to 5 % early, and "after 600 ms" is the rule.
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setTimerType(Qt.TimerType.PreciseTimer)
        self._delay.setInterval(PROGRESS_DELAY_MS)
        self._delay.timeout.connect(self.on_delay_elapsed)
        self._poll = QTimer(self)
        self._poll.setInterval(PROGRESS_POLL_MS)
        self._poll.timeout.connect(self.on_poll_timeout)
        self._running = False
        self._started = False

    def on_failure(self, fn: Callable[[BaseException], None]) -> BackgroundOp[T]:
        """Replace the default failure handler (a warning box titled 操作失败)."""
        self._on_failure = fn
        return self

    def with_progress(self, label: str, cancellable: bool = True) -> BackgroundOp[T]:
        """Show a progress dialog with `label` if the job runs longer than 600 ms."""
        self._label = label
        self._cancellable = cancellable
        return self

    @property
    def context(self) -> OpContext:
        """The job's context; `context.cancel()` cancels it as the dialog's button would."""
        return self._ctx

    def is_running(self) -> bool:
        return self._running

    def progress_dialog(self) -> QProgressDialog | None:
        """The progress dialog if it is showing (for tests and for screens that re-parent it)."""
        return self._dialog

    def run(self) -> None:
        """Start the job. An op runs once; a second call is a programming error."""
        if self._started:
            raise RuntimeError("BackgroundOp.run() called twice")
        self._started = True
        self._running = True
        if self._label is not None:
            self._delay.start()
        # The closure holds the emitter and context, never `self`: the worker must not keep the
        # UI-side object alive nor use it.
        op, ctx, emitter = self._op, self._ctx, self._emitter
        self._pool.start(lambda: _run_job(op, ctx, emitter))

    def on_delay_elapsed(self) -> None:
        if not self._running or self._label is None:
            return
        dialog = _ProgressDialog(self._parent, self._cancellable)
        dialog.setWindowTitle(self.tr("请稍候"))
        dialog.setAutoReset(False)
        dialog.setAutoClose(False)
        dialog.setMinimumDuration(0)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        # Values go to our own bar: QProgressDialog.setValue() runs processEvents() when modal,
        # which would re-enter this timer slot and the result delivery.
        self._bar = QProgressBar(dialog)
        dialog.setBar(self._bar)
        if self._cancellable:
            dialog.setCancelButtonText(self.tr("取消"))
            dialog.canceled.connect(self.on_dialog_canceled)
        else:
            dialog.setCancelButton(None)
        self._dialog = dialog
        self.on_poll_timeout()
        dialog.show()
        self._poll.start()

    def on_poll_timeout(self) -> None:
        if self._dialog is None or self._bar is None or self._label is None:
            return
        done, total, text = self._ctx.progress()
        if total > 0:
            self._bar.setRange(0, total)
            self._bar.setValue(min(done, total))
        else:
            self._bar.setRange(0, 0)  # unknown length: busy indicator
        self._dialog.setLabelText(f"{self._label}\n{text}" if text else self._label)

    def on_dialog_canceled(self) -> None:
        self._ctx.cancel()

    def on_job_done(self, ok: bool, payload: Any) -> None:
        self._running = False
        self._close_dialog()
        try:
            if ok:
                # Cancel is only a request: a job that finished anyway (e.g. its write
                # committed before it looked at the flag) has a real result to deliver.
                self._on_success(payload)
            elif not (self._ctx.cancelled() or is_cancellation(payload)):
                self._on_failure(payload)
        finally:
            self.finished.emit()
            self.deleteLater()

    def _close_dialog(self) -> None:
        self._delay.stop()
        self._poll.stop()
        if self._dialog is not None and isValid(self._dialog):
            self._dialog.hide()
            self._dialog.deleteLater()
        self._dialog = None
        self._bar = None

    def _show_failure(self, exc: BaseException) -> None:
        """Default failure handler: a warning box titled 操作失败 with `failure_text`."""
        box = QMessageBox(
            QMessageBox.Icon.Warning, self.tr("操作失败"), failure_text(exc), parent=self._parent
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # not exec(): no nested event loop inside a result callback


def failure_text(exc: BaseException) -> str:
    """What the clerk reads about a failure: a ClerkError as it is; anything else is a defect,
    shown as an internal error with a reference that the log carries beside the traceback."""
    if isinstance(exc, ClerkError):
        return str(exc)
    reference = log_internal_error(exc)
    return QCoreApplication.translate(
        "BackgroundOp",
        "程序内部错误，请重试；如仍失败请联系管理员，并告知错误编号 {ref}（已记入日志）。",
    ).format(ref=reference)


def log_internal_error(exc: BaseException) -> str:
    """Log a defect's traceback once, under a short reference the clerk can quote."""
    reference = getattr(exc, "log_reference", None)
    if not isinstance(reference, str):
        reference = uuid.uuid4().hex[:8].upper()
        with contextlib.suppress(AttributeError):
            setattr(exc, "log_reference", reference)  # noqa: B010 (exceptions have no slot)
        log.error("internal error %s", reference, exc_info=exc)
    return reference


def _run_job(op: Callable[[OpContext], Any], ctx: OpContext, emitter: _Emitter) -> None:
    """Body of the pool task: run the job, never let an exception escape into Qt."""
    try:
        result = op(ctx)
    except BaseException as exc:
        if isinstance(exc, ClerkError):
            log.info("background job refused: %s", exc)
        elif not is_cancellation(exc):
            log_internal_error(exc)
        emitter.done.emit(False, exc)
    else:
        emitter.done.emit(True, result)
