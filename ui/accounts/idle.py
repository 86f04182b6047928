"""The idle lock: an application-wide event filter restarts a timer on every key and mouse
input; when it runs out, the window locks."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

MINUTE_MS = 60_000  # tests shorten the minute

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.InputMethod,
    }
)


class IdleWatch(QObject):
    idle = Signal()

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    def set_minutes(self, minutes: int) -> None:
        """0 switches the idle lock off."""
        self.timer.stop()
        if minutes > 0:
            self.timer.setInterval(minutes * MINUTE_MS)
            self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS and self.timer.interval() and self.timer.isActive():
            self.timer.start()  # restarts
        return False

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
