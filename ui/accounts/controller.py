"""The main window's people: the person in the status bar, the buttons the core would refuse
(disabled, with the reason as tooltip), the lock (Ctrl+L, idle minutes, `main.py lock`) and
the shift change. Everything it reads or writes runs on the window's pools."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence

from client.accounts import Person
from offline.accounts.login import lock
from offline.accounts.powers import Seat, seat_of
from ui.accounts.idle import IdleWatch
from ui.accounts.lock_screen import LockScreen
from ui.background import BackgroundOp

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class AccountsController(QObject):
    seat_changed = Signal(object)  # Seat

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.store = window.store
        self.seat: Seat = seat_of(self.store)  # at start-up, before the window shows
        self.lock_screen = LockScreen(self.store, window.write_pool, window)
        self.lock_screen.unlocked.connect(self.on_unlocked)
        self.idle = IdleWatch(self)
        self.idle.idle.connect(self.lock_now)
        menu = window.menuBar().addMenu(self.tr("账号"))
        self.lock_action = QAction(self.tr("锁定窗口"), window)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock_now)
        window.addAction(self.lock_action)  # the shortcut works wherever the focus is
        menu.addAction(self.lock_action)
        menu.addAction(self.tr("交接班…"), self.lock_now)
        self.password_action = menu.addAction(self.tr("修改密码…"), self.on_password_triggered)
        self.apply(self.seat, refresh_window=False)  # the window refreshes itself next
        if self.seat.locked or self.seat.person is None:
            self.show_lock_screen()
        else:
            self.idle.set_minutes(self.seat.idle_minutes)

    @property
    def person(self) -> Person | None:
        return self.seat.person

    def label_text(self) -> str:
        person = self.seat.person
        if person is None:
            return self.tr("无人登录")
        return self.tr("{name}（{roles}）").format(name=person.name, roles=person.roles_text)

    def apply(self, seat: Seat, refresh_window: bool = True) -> None:
        self.seat = seat
        window = self.window
        window.intake.set_refusals(seat.refusals)
        settings_refused = seat.refusals.get("settings", "")
        for action in window.settings_actions:
            action.setEnabled(not settings_refused)
            action.setToolTip(settings_refused)
        if refresh_window:
            window.refresh_settings()
        if not self.locked:
            self.idle.set_minutes(seat.idle_minutes)
        self.seat_changed.emit(seat)

    def refresh(self) -> None:
        """Read the seat again (after a login, a settings change), off the UI thread."""
        store = self.store
        BackgroundOp(self.window, lambda _ctx: seat_of(store), self.apply).run()

    def lock_now(self) -> None:
        if self.lock_screen.isVisible():
            return
        self.show_lock_screen()
        store = self.store
        BackgroundOp(
            self.window, lambda _ctx: lock(store), lambda _n: None, pool=self.window.write_pool
        ).run()

    def show_lock_screen(self) -> None:
        self.idle.timer.stop()
        self.window.menuBar().setEnabled(False)
        central = self.window.centralWidget()
        if central is not None:
            central.setEnabled(False)  # what is on screen stays; no key reaches it
        self.lock_screen.show_for(self.seat.person)

    @property
    def locked(self) -> bool:
        return self.lock_screen.isVisible()

    def on_unlocked(self, _person: Person) -> None:
        self.window.menuBar().setEnabled(True)
        central = self.window.centralWidget()
        if central is not None:
            central.setEnabled(True)
        self.refresh()  # restarts the idle timer with the setting read there

    def on_password_triggered(self) -> None:
        from ui.accounts.password_dialog import PasswordDialog

        username = self.seat.person.username if self.seat.person else ""
        PasswordDialog(self.store, self.window.write_pool, username, self.window).exec()

    def stop(self) -> None:
        self.idle.stop()
