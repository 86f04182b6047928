"""A keyboard-wedge barcode scanner opens a case from anywhere in the main window.

Scanners "type" the Code128 on the applicant's slip (the case number, client/generated_ids.py)
and Enter, a few milliseconds per character; a person types tens of times slower. An
application event filter times every key press aimed at the window: a burst of at least
MIN_LENGTH characters, each under MAX_GAP_S after the one before, ending in Enter and reading
as a case number, is a scan. Its Enter is swallowed (a form must not submit), the characters it
typed into the focused field are taken out again (the field is put back as it was before the
burst) and `scanned` says which case. Anything slower, shorter or not a case number is plain
typing and passes untouched.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from offline.cases.search import CASE_NUMBER

MAX_GAP_S = 0.030
MIN_LENGTH = 10
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_PRINTABLE = re.compile(r"^[\x21-\x7e]$")


@dataclass
class _Before:
    """The focused field as it was when the burst began, to put it back."""

    widget: QWidget | None
    text: str = ""
    cursor: int = 0


class ScanDetector(QObject):
    """Install with `QApplication.instance().installEventFilter(detector)`; it acts only on key
    presses whose target is inside `window`.

    Signals:
    scanned(str): a case number read from a scanner burst.
    """

    scanned = Signal(str)

    def __init__(self, window: QWidget, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(window)
        self.window = window
        self.clock = clock
        self.burst: list[str] = []
        self.last_at = 0.0
        self.before = _Before(None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        # A key press travels from the focus widget up through its parents: count it once,
        # where it starts.
        if not isinstance(watched, QWidget) or watched is not _target():
            return False
        if watched.window() is not self.window:
            return False
        now = self.clock()
        gap = now - self.last_at
        if event.key() in _ENTER:
            text = "".join(self.burst)
            fast = gap < MAX_GAP_S
            self.burst = []
            if fast and len(text) >= MIN_LENGTH and CASE_NUMBER.match(text.upper()):
                self.restore()
                self.scanned.emit(text.upper())
                return True
            return False
        char = event.text()
        if not _PRINTABLE.match(char) or event.modifiers() & _COMMAND_KEYS:
            self.burst = []
            return False
        if not self.burst or gap >= MAX_GAP_S:
            self.burst = []
            self.before = _snapshot(watched)
        self.burst.append(char)
        self.last_at = now
        return False

    def restore(self) -> None:
        """Take the burst's characters back out of the field they went into."""
        before, self.before = self.before, _Before(None)
        widget = before.widget
        if isinstance(widget, QLineEdit) and not widget.isReadOnly():
            widget.setText(before.text)
            widget.setCursorPosition(before.cursor)
        elif isinstance(widget, (QPlainTextEdit, QTextEdit)) and not widget.isReadOnly():
            cursor = widget.textCursor()
            cursor.setPosition(before.cursor)
            cursor.setPosition(
                cursor.position() + _length_change(widget, before), QTextCursor.MoveMode.KeepAnchor
            )
            cursor.removeSelectedText()


# Ctrl/Alt/Meta make a key a command, never part of a scan.
_COMMAND_KEYS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


def _target() -> QWidget | None:
    return QApplication.focusWidget()


def _snapshot(widget: QWidget) -> _Before:
    if isinstance(widget, QLineEdit):
        return _Before(widget, widget.text(), widget.cursorPosition())
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        return _Before(widget, str(len(widget.toPlainText())), widget.textCursor().position())
    return _Before(widget)


def _length_change(widget: QPlainTextEdit | QTextEdit, before: _Before) -> int:
    return max(0, len(widget.toPlainText()) - int(before.text or 0))
