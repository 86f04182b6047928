"""BackgroundOp: results on the UI thread, failures, cancellation, delayed progress."""

from __future__ import annotations

import logging
import re
import sys
import threading
import time
from collections.abc import Callable, Iterator
from itertools import pairwise

import pytest
from PySide6.QtCore import QThread, QThreadPool, QTimer
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from client.errors import Cancelled, ClerkError
from ui.background import BackgroundOp, OpContext, serial_pool


@pytest.fixture
def pool() -> Iterator[QThreadPool]:
    """A private pool, drained after each test so no job outlives it."""
    pool = QThreadPool()
    yield pool
    assert pool.waitForDone(5000)


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_result_arrives_on_ui_thread(qtbot: QtBot, parent: QWidget, pool: QThreadPool) -> None:
    ui_thread = QThread.currentThread()
    seen: dict[str, object] = {}

    def job(ctx: OpContext) -> int:
        seen["job_on_ui_thread"] = QThread.currentThread() is ui_thread
        return 42

    def on_success(value: int) -> None:
        seen["value"] = value
        seen["callback_on_ui_thread"] = QThread.currentThread() is ui_thread

    op = BackgroundOp(parent, job, on_success, pool=pool)
    with qtbot.waitSignal(op.finished, timeout=5000):
        op.run()
    assert seen == {"job_on_ui_thread": False, "value": 42, "callback_on_ui_thread": True}


def test_failure_callback_gets_the_exception(
    qtbot: QtBot, parent: QWidget, pool: QThreadPool
) -> None:
    failures: list[BaseException] = []
    successes: list[object] = []

    def job(ctx: OpContext) -> None:
        raise ValueError("身份证号码校验位错误")

    op = BackgroundOp(parent, job, successes.append, pool=pool).on_failure(failures.append)
    with qtbot.waitSignal(op.finished, timeout=5000):
        op.run()
    assert successes == []
    assert len(failures) == 1
    assert isinstance(failures[0], ValueError)
    assert str(failures[0]) == "身份证号码校验位错误"


def test_default_failure_handler_shows_warning(
    qtbot: QtBot, parent: QWidget, pool: QThreadPool
) -> None:
    def job(ctx: OpContext) -> None:
        raise ClerkError("无法连接中心系统", "请检查网络后重试。")

    op = BackgroundOp(parent, job, lambda _: None, pool=pool)
    with qtbot.waitSignal(op.finished, timeout=5000):
        op.run()
    boxes = parent.findChildren(QMessageBox)
    assert len(boxes) == 1
    assert boxes[0].windowTitle() == "操作失败"
    assert boxes[0].text() == "无法连接中心系统\n请检查网络后重试。"
    assert boxes[0].icon() == QMessageBox.Icon.Warning
    boxes[0].close()


@pytest.mark.parametrize("error", [RuntimeError("boom"), ValueError("身份证号码校验位错误")])
def test_a_defect_is_an_internal_error_with_a_log_reference(
    qtbot: QtBot,
    parent: QWidget,
    pool: QThreadPool,
    caplog: pytest.LogCaptureFixture,
    error: Exception,
) -> None:
    """Only a ClerkError reaches the clerk as it is: Chinese text in any other exception is
    no sign that it was meant for them."""

    def job(ctx: OpContext) -> None:
        raise error

    op = BackgroundOp(parent, job, lambda _: None, pool=pool)
    with (
        caplog.at_level(logging.ERROR, logger="ui.background"),
        qtbot.waitSignal(op.finished, timeout=5000),
    ):
        op.run()
    [box] = parent.findChildren(QMessageBox)
    text = box.text()
    assert text.startswith("程序内部错误")
    assert str(error) not in text
    reference = re.search(r"错误编号 ([0-9A-F]{8})", text)
    assert reference is not None
    [record] = [r for r in caplog.records if reference.group(1) in r.getMessage()]
    assert record.exc_info is not None and record.exc_info[1] is error
    box.close()


def test_cancel_stops_loop_and_calls_nothing(
    qtbot: QtBot, parent: QWidget, pool: QThreadPool
) -> None:
    calls: list[object] = []
    started = threading.Event()
    stopped = threading.Event()

    def job(ctx: OpContext) -> int:
        started.set()
        try:
            for i in range(10_000):
                ctx.raise_if_cancelled()
                ctx.report(i, 10_000)
                time.sleep(0.001)
            return 1
        finally:
            stopped.set()

    op = BackgroundOp(parent, job, calls.append, pool=pool).on_failure(calls.append)
    op.run()
    assert started.wait(5)
    with qtbot.waitSignal(op.finished, timeout=5000):
        op.context.cancel()
    assert stopped.is_set()
    assert calls == []


def test_cancel_button_in_progress_dialog(qtbot: QtBot, parent: QWidget, pool: QThreadPool) -> None:
    calls: list[object] = []

    def job(ctx: OpContext) -> None:
        while True:
            ctx.raise_if_cancelled()
            time.sleep(0.005)

    op = BackgroundOp(parent, job, calls.append, pool=pool).on_failure(calls.append)
    op.with_progress("正在复制材料…").run()
    qtbot.waitUntil(lambda: op.progress_dialog() is not None, timeout=3000)
    dialog = op.progress_dialog()
    assert dialog is not None
    buttons = [b for b in dialog.findChildren(QPushButton) if b.isVisible()]
    assert [b.text() for b in buttons] == ["取消"]
    with qtbot.waitSignal(op.finished, timeout=5000):
        buttons[0].click()
    assert calls == []


def test_job_that_finishes_despite_cancel_still_reports(
    qtbot: QtBot, parent: QWidget, pool: QThreadPool
) -> None:
    """Cancel is a request: a job past its point of no return (a committed write) returns
    its result, and the screen must hear of it."""
    calls: list[object] = []
    release = threading.Event()

    def job(ctx: OpContext) -> str:
        release.wait(5)
        return "committed"

    op = BackgroundOp(parent, job, calls.append, pool=pool).on_failure(calls.append)
    op.run()
    op.context.cancel()
    with qtbot.waitSignal(op.finished, timeout=5000):
        release.set()
    assert calls == ["committed"]


@pytest.mark.parametrize("error", [Cancelled(), Cancelled(partial=("page",))])
def test_cancellation_exceptions_are_not_failures(
    qtbot: QtBot, parent: QWidget, pool: QThreadPool, error: Exception
) -> None:
    calls: list[object] = []

    def job(ctx: OpContext) -> None:
        raise error

    op = BackgroundOp(parent, job, calls.append, pool=pool).on_failure(calls.append)
    with qtbot.waitSignal(op.finished, timeout=5000):
        op.run()
    assert calls == []
    assert parent.findChildren(QMessageBox) == []


def test_slow_job_shows_progress_after_delay(
    qtbot: QtBot, parent: QWidget, pool: QThreadPool
) -> None:
    release = threading.Event()

    def job(ctx: OpContext) -> str:
        ctx.report(3, 10, "第 3 份材料")
        release.wait(10)
        return "ok"

    results: list[str] = []
    op = BackgroundOp(parent, job, results.append, pool=pool)
    op.with_progress("正在上传材料…", cancellable=False)
    start = time.monotonic()
    op.run()
    qtbot.wait(400)
    assert op.progress_dialog() is None
    qtbot.waitUntil(lambda: op.progress_dialog() is not None, timeout=3000)
    assert time.monotonic() - start >= 0.6
    dialog = op.progress_dialog()
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.value() == 3, timeout=1000)
    assert dialog.maximum() == 10
    assert dialog.labelText() == "正在上传材料…\n第 3 份材料"
    assert not [b for b in dialog.findChildren(QPushButton) if b.isVisible()]
    dialog.reject()  # Esc must not hide a dialog whose job cannot be cancelled
    assert dialog.isVisible()

    with qtbot.waitSignal(op.finished, timeout=5000):
        release.set()
    assert results == ["ok"]
    qtbot.waitUntil(lambda: not parent.findChildren(QProgressDialog), timeout=1000)


def test_fast_job_never_shows_progress(qtbot: QtBot, parent: QWidget, pool: QThreadPool) -> None:
    results: list[int] = []
    op = BackgroundOp(parent, lambda ctx: 7, results.append, pool=pool)
    with qtbot.waitSignal(op.finished, timeout=5000):
        op.with_progress("正在保存…").run()
    qtbot.wait(800)  # past the 600 ms delay
    assert results == [7]
    assert parent.findChildren(QProgressDialog) == []


def test_ui_keeps_processing_events_during_job(
    qtbot: QtBot, parent: QWidget, pool: QThreadPool
) -> None:
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))

    def job(ctx: OpContext) -> None:
        end = time.monotonic() + 1.0
        while time.monotonic() < end:
            sum(range(10_000))  # CPU work that holds the GIL between switches
            time.sleep(0.001)

    op = BackgroundOp(parent, job, lambda _: None, pool=pool).with_progress("正在计算…")
    timer.start()
    with qtbot.waitSignal(op.finished, timeout=5000):
        op.run()
    timer.stop()
    assert len(ticks) > 50
    gaps = [b - a for a, b in pairwise(ticks)]
    assert max(gaps) < 0.25  # a blocked UI thread would show the whole 1 s job


def test_destroyed_parent_drops_callbacks(qtbot: QtBot, pool: QThreadPool) -> None:
    widget = QWidget()
    release = threading.Event()
    calls: list[object] = []
    op = BackgroundOp(widget, lambda ctx: release.wait(10), calls.append, pool=pool)
    op.on_failure(calls.append).with_progress("正在读取…").run()
    widget.deleteLater()
    qtbot.waitUntil(lambda: not isValid(widget), timeout=2000)
    release.set()
    assert pool.waitForDone(5000)
    qtbot.wait(800)  # let a queued result (and the progress delay) come due
    assert calls == []


def test_serial_pool_runs_jobs_in_order(qtbot: QtBot, parent: QWidget) -> None:
    pool = serial_pool()
    order: list[int] = []
    active = [0]
    overlap = [False]

    def make_job(n: int) -> Callable[[OpContext], int]:
        def job(ctx: OpContext) -> int:
            active[0] += 1
            overlap[0] |= active[0] > 1
            time.sleep(0.02)
            order.append(n)
            active[0] -= 1
            return n

        return job

    ops = [BackgroundOp(parent, make_job(n), lambda _: None, pool=pool) for n in range(5)]
    with qtbot.waitSignals([op.finished for op in ops], timeout=5000):
        for op in ops:
            op.run()
    assert order == [0, 1, 2, 3, 4]
    assert not overlap[0]
    assert pool.maxThreadCount() == 1


def test_run_twice_is_an_error(qtbot: QtBot, parent: QWidget, pool: QThreadPool) -> None:
    op = BackgroundOp(parent, lambda ctx: None, lambda _: None, pool=pool)
    with qtbot.waitSignal(op.finished, timeout=5000):
        op.run()
        with pytest.raises(RuntimeError):
            op.run()


def test_emitting_signals_all_day_does_not_leak_references(qtbot: QtBot) -> None:
    """PySide6 6.12.0 took a reference from `True` on every emit() from Python; with ~400
    references to spare on Python 3.11 the window aborted after a few hundred job results
    or sync reports ("deallocating True"). pyproject excludes that release; this guards it."""
    from PySide6.QtCore import QObject, Signal

    class Emitter(QObject):
        fired = Signal(object)

    emitter = Emitter()
    seen: list[object] = []
    emitter.fired.connect(seen.append)
    before = sys.getrefcount(True)
    for _ in range(1000):
        emitter.fired.emit(None)
    assert len(seen) == 1000
    assert sys.getrefcount(True) - before > -10
