"""The two kinds of exception every layer shares (docs/architecture.md, "Errors").

`ClerkError` is the base of every error meant for the person at the window: its message is
Simplified Chinese and says what happened, and `remedy` (optional) says what they can do about
it. The window shows such an error exactly as it is; any other exception is a defect and is
shown as an internal error with a reference to the log, never as its raw text.

`Cancelled` is the one exception a piece of work raises when it stops because someone asked it
to (the clerk pressed 取消, the window is closing). It is not a failure: nothing is shown and
nothing is logged as an error.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class ClerkError(Exception):
    """An error with a message for the clerk (Chinese) and, optionally, what to do about it."""

    def __init__(self, message: str, remedy: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.remedy = remedy

    def __str__(self) -> str:
        return f"{self.message}\n{self.remedy}" if self.remedy else self.message


class Cancelled(Exception):
    """Work stopped because it was asked to stop; not a failure.

    `partial` holds what the work had finished before it stopped, when that is worth keeping
    (the sheets a feeder had already scanned); empty otherwise.
    """

    def __init__(self, partial: Sequence[Any] = ()) -> None:
        super().__init__()
        self.partial: tuple[Any, ...] = tuple(partial)
