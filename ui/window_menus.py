"""What the main window's menus and shortcuts open: settings, holidays, the signing key, the
login and the first-run wizard, the sync queue, statistics, the seal ledger, a case's detail;
and what follows a login (mode, catalog, syncing)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from ui.sync.queue_screen import QueueScreen

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QDialog, QMainWindow, QTabWidget

    from offline.intake.transaction import IntakeService
    from offline.storage.store import Store
    from ui.accounts.controller import AccountsController
    from ui.cases.search_screen import CaseSearch
    from ui.intake.screen import IntakeScreen
    from ui.supervision.alerts import AlertsPanel
    from ui.sync.controller import SyncController

    _Window = QMainWindow
else:
    _Window = object


class WindowMenus(_Window):
    """Mixed into MainWindow (before QMainWindow)."""

    service: IntakeService
    store: Store
    sync: SyncController
    accounts: AccountsController
    alerts: AlertsPanel
    intake: IntakeScreen
    tabs: QTabWidget
    case_search: CaseSearch
    write_pool: QThreadPool
    queue_screen: QueueScreen | None
    stats_screen: QDialog | None
    details: list[QDialog]

    run_dialog: Callable[[QDialog], bool]  # MainWindow's
    refresh_mode: Callable[[], None]  # MainWindow's
    refresh_settings: Callable[[], None]  # MainWindow's

    def on_settings_triggered(self) -> None:
        from ui.settings.settings_dialog import SettingsDialog

        if self.run_dialog(SettingsDialog(self.store, self.write_pool, self)):
            self.refresh_settings()
            self.accounts.refresh()

    def on_signing_key_triggered(self) -> None:
        from ui.settings.signing_key_dialog import SigningKeyDialog

        self.run_dialog(SigningKeyDialog(self.store, self.write_pool, self))

    def offer_first_run(self) -> None:
        """On a new profile's first start (ui/app.py calls this; tests only when asked)."""
        from ui.first_run.wizard import needs_first_run

        if needs_first_run(self.store):
            self.on_first_run_triggered()

    def on_first_run_triggered(self) -> None:
        from ui.first_run.wizard import FirstRunWizard

        # Not WA_DeleteOnClose: its pages' background jobs may still report after it closes.
        wizard = FirstRunWizard(self.store, self.write_pool, self)
        wizard.finished.connect(self.on_first_run_finished)
        self.first_run = wizard
        wizard.open()

    def on_first_run_finished(self) -> None:
        self.on_logged_in()  # mode, window code, catalog and syncing as the wizard left them

    def on_login_triggered(self) -> None:
        from ui.accounts.login_dialog import LoginDialog

        if self.run_dialog(LoginDialog(self.store, self.write_pool, self)):
            self.on_logged_in()

    def on_logged_in(self) -> None:
        """The profile is connected (again): mode, catalog and syncing follow."""
        self.refresh_mode()
        self.accounts.refresh()
        self.intake.picker.items = self.store.items()
        self.intake.picker.on_search_changed(self.intake.picker.search.text())
        self.start_sync()

    def start_sync(self) -> None:
        """Sync with the central just connected: a new engine, with the new login."""
        self.sync.start(self)

    def on_holidays_triggered(self) -> None:
        from ui.settings.holiday_dialog import HolidayDialog

        if self.run_dialog(HolidayDialog(self.store, self.write_pool, self)):
            self.refresh_settings()

    def on_queue_triggered(self) -> None:
        screen = self.queue_screen
        if screen is None or screen.sync is not self.sync:
            screen = self.queue_screen = QueueScreen(self.store, self.sync, self)
        elif screen.isVisible():
            screen.raise_()  # already open behind the window: bring it forward
            screen.reload()
        else:
            screen.reload()
        screen.show()
        screen.activateWindow()

    def on_stats_triggered(self) -> None:
        from ui.cases.stats_screen import StatsScreen  # QtCharts: loaded on first use

        screen = self.stats_screen
        if screen is None:
            screen = self.stats_screen = StatsScreen(self.store, self)
        else:
            if screen.isVisible():
                screen.raise_()  # already open behind the window: bring it forward
            screen.reload()  # type: ignore[attr-defined]
        screen.show()
        screen.activateWindow()

    def on_bad_rating_chosen(self, case_number: str) -> None:
        from ui.supervision.bad_ratings import follow_up_bad_rating

        follow_up_bad_rating(
            self, self.store, case_number, self.write_pool, lambda _r: self.alerts.refresh()
        )

    def on_ledger_triggered(self) -> None:
        from ui.documents.ledger_window import LedgerWindow

        LedgerWindow(self.store, self).show()  # a child of the window: closed with it

    def on_sync_now_triggered(self) -> None:
        self.sync.sync_now(self)

    def on_find_triggered(self) -> None:
        """Ctrl+F: 办件查询, with the cursor in its search box."""
        self.tabs.setCurrentWidget(self.case_search)
        self.case_search.focus_search()

    def open_case_detail(self, case_number: str) -> None:
        from ui.cases.detail_dialog import CaseDetailDialog

        dialog = CaseDetailDialog(self.service, case_number, self.write_pool, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.details.append(dialog)
        dialog.finished.connect(lambda _code: self.details.remove(dialog))
        dialog.show()
        dialog.activateWindow()
