"""Starting the window: Qt application, fonts, translator hook, the objects it needs."""

from __future__ import annotations

import gc
import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThreadPool, QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from client.documents.fontfiles import font_bytes, inflated_copy
from client.errors import ClerkError
from client.i18n import install_translator
from client.resources import resource
from offline.intake.transaction import IntakeService
from offline.storage.profile import begin_session, check_and_keep_copy, end_session, open_profile
from offline.storage.storage_errors import DatabaseCorrupt
from offline.storage.store import Store
from ui.background import BackgroundOp
from ui.translations import SOURCE_LANGUAGE, install_translations

UI_FONT_FILE = ("fonts", "wqy-zenhei.ttf.gz")

log = logging.getLogger(__name__)


def install_fonts(app: QApplication) -> str:
    """Register the bundled CJK font with Qt and make it the UI font (no boxes offscreen
    or on a PC without Chinese fonts). Returns the family name used."""
    bundled = resource(*UI_FONT_FILE)
    try:
        font_id = QFontDatabase.addApplicationFont(str(inflated_copy(bundled)))
    except OSError:  # no writable temp folder: inflate into memory
        try:
            font_id = QFontDatabase.addApplicationFontFromData(font_bytes(bundled))
        except (OSError, ValueError):
            font_id = -1
    except ValueError:  # damaged: Qt's own font then
        font_id = -1
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    family = families[0] if families else app.font().family()
    font = QFont(family)
    font.setPointSize(10)
    app.setFont(font)
    return family


class UiThreadCollector(QObject):
    """Python's cyclic garbage collector, run on the UI thread only.

    The automatic collector runs on whichever thread happens to allocate past its threshold,
    and the sync engine's threads allocate all day. A Qt object whose wrapper is finalised on
    such a thread is deleted later from shiboken's queue on the UI thread, which has crashed
    PySide 6.12 (SIGSEGV in BindingManager::runDeletionInMainThread). Checking the same
    thresholds every half second here keeps every collection, and every such deletion, on the
    UI thread. Uncollected cycles wait at most that long; nothing else changes.
    """

    INTERVAL_MS = 500

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.on_timer_timeout)
        self.timer.start(self.INTERVAL_MS)

    def on_timer_timeout(self) -> None:
        counts = gc.get_count()
        generation = -1
        for level in range(3):
            if counts[level] <= self.thresholds[level]:
                break
            generation = level
        if generation >= 0:
            gc.collect(generation)


def freeze_start_up_heap() -> None:
    """What is alive once the window is built (the modules, pypinyin's dictionaries, about
    200,000 lists; the catalog) lives until the program ends: moved out of the collector's
    sight, a full collection on the UI thread costs what the day allocated since, not the
    170 ms it took to walk start-up's heap again each time (measured with the queue screen)."""
    gc.collect()
    gc.freeze()


def make_application(language: str = SOURCE_LANGUAGE) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setApplicationName("Chuangkou")
    app.setOrganizationName("Chuangkou")
    install_translations(app, language)  # Qt's own zh_CN (确定/取消), or ours for `language`
    install_translator(QCoreApplication.translate)
    install_fonts(app)
    return app


def check_database_in_background(window: QWidget, store: Store, thorough: bool) -> None:
    """PRAGMA quick_check (integrity_check after an unclean shutdown) off the UI thread, so
    the start is not slowed. A damaged database is told at once and nothing more is written
    to it (every later save says why); a sound one renews the last good copy."""

    def damaged(exc: BaseException) -> None:
        if not isinstance(exc, DatabaseCorrupt):
            log.warning("database check failed", exc_info=exc)
            return
        store.refuse_writes(exc)
        box = QMessageBox(
            QMessageBox.Icon.Critical, window.tr("数据库已损坏"), exc.message, parent=window
        )
        box.setInformativeText(exc.remedy)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setObjectName("database-damaged")
        box.open()

    BackgroundOp(
        window, lambda _ctx: check_and_keep_copy(store, thorough), lambda _none: None
    ).on_failure(damaged).run()


def refuse_to_start(exc: ClerkError) -> int:
    """The profile cannot be opened or read (no data key, a refused keyring, a damaged or newer
    database): a message box instead of a window or a traceback, and the message on stderr
    for a script that started the window."""
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        QCoreApplication.translate("app", "无法打开配置目录"),
        exc.message,
        QMessageBox.StandardButton.Close,
    )
    box.setObjectName("openFailure")
    box.setInformativeText(exc.remedy)
    print(str(exc), file=sys.stderr)
    box.exec()
    return 1


def run_window(profile: Path, smoke_test: bool = False, language: str = SOURCE_LANGUAGE) -> int:
    """Show the main window. `smoke_test` quits as soon as it has been painted once, printing
    "window shown" (used by the packaging test and the start-up benchmark)."""
    from ui.main_window import MainWindow
    from ui.operations import CrashReporter, DailyBackup, install_qt_message_handler
    from ui.sync.controller import SyncController

    app = make_application(language)
    install_qt_message_handler()
    collector = UiThreadCollector(app)
    try:
        store = open_profile(profile)
    except ClerkError as exc:  # no data key, a damaged database, a full disk: said, not a traceback
        collector.timer.stop()
        return refuse_to_start(exc)
    unclean = begin_session(profile)
    # One controller for the window's lifetime: it runs no engine in training mode, starts one
    # when the window starts (or after the login dialog connects), stops it on quit.
    sync = SyncController(store)
    app.aboutToQuit.connect(sync.stop)
    try:
        window = MainWindow(IntakeService(store), sync)  # the profile's department and key
    except ClerkError as exc:  # the first reads met a damaged database
        sync.stop()
        QThreadPool.globalInstance().waitForDone()  # jobs the half-built window started
        store.close()
        end_session(profile)
        return refuse_to_start(exc)
    crashes = CrashReporter(window, profile)  # noqa: F841 (kept alive by its parent)
    DailyBackup(window, store)
    window.show()
    freeze_start_up_heap()
    check_database_in_background(window, store, thorough=unclean)
    if not smoke_test:
        QTimer.singleShot(0, window.offer_first_run)  # a new profile: 首次设置
    if smoke_test:
        QTimer.singleShot(0, lambda: (print("window shown", flush=True), app.quit()))
    code = app.exec()
    # Nothing may use the store once it is closed: the engine, then jobs still queued.
    sync.stop()  # a no-op when aboutToQuit already did it
    window.write_pool.waitForDone()
    QThreadPool.globalInstance().waitForDone()
    store.close()
    end_session(profile)
    collector.timer.stop()
    gc.unfreeze()
    gc.enable()
    return int(code)
