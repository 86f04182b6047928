"""The profile's log files: rotating, and masked so that no personal data reaches them.

`configure_logging(profile)` runs at the start of the window and of every CLI verb. Records go
to `<profile>/logs/chuangkou.log` (5 files of 2 MB, rotated), each passed through
`MaskingFilter` first: 18-character resident ID numbers, unified social credit codes, mobile
phone numbers and bearer tokens are replaced before anything is written, in the message, its
arguments and any traceback. Code never logs request bodies or applicants' names; the mask is
the second line of defence, for what a library or an exception message lets slip.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import sys
import threading
from pathlib import Path
from types import TracebackType

LOG_DIR = "logs"
LOG_FILE = "chuangkou.log"
MAX_BYTES = 2 * 1024 * 1024
BACKUPS = 4  # plus the current file: five in all
LEVEL_ENV = "CHUANGKOU_LOG_LEVEL"
FORMAT = "%(asctime)s %(levelname)s %(process)d %(threadName)s %(name)s: %(message)s"

log = logging.getLogger(__name__)

# Order matters: tokens first (they may contain digits), then the 18-character codes, then
# phones. Lookarounds instead of \b, since \b does not separate digits from Chinese text.
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?i)\bbearer\s+[^\s\"',}]+"), "Bearer [已隐去]"),
    (
        re.compile(r"(?i)(\w*(?:token|password|secret)[\"']?\s*[:=]\s*[\"']?)[^\s\"',}&]+"),
        r"\1[已隐去]",
    ),
    (re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)?"), "[令牌已隐去]"),
    (re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])"), "[证件号已隐去]"),
    (
        re.compile(r"(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Z])"),
        "[信用代码已隐去]",
    ),
    (re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)"), "[电话已隐去]"),
)


def mask(text: str) -> str:
    """`text` with ID numbers, credit codes, phone numbers and tokens replaced."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class MaskingFilter(logging.Filter):
    """Masks a record in place (message with its arguments, and its traceback), so every
    handler after it sees only the masked text."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep what can be kept
            message = str(record.msg)
        record.msg, record.args = mask(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        record.exc_info = None  # formatted and masked above; never formatted again raw
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        return True


def log_path(profile: Path) -> Path:
    return profile / LOG_DIR / LOG_FILE


_handler: logging.Handler | None = None


def configure_logging(profile: Path, level: str | None = None) -> Path | None:
    """Send the root logger to the profile's rotating log; install the exception hooks.

    Returns the log file's path, or None when it cannot be written (a read-only profile):
    logging then goes to stderr, and the verb itself goes on."""
    global _handler
    root = logging.getLogger()
    name = (level or os.environ.get(LEVEL_ENV) or "INFO").upper()
    root.setLevel(getattr(logging, name, logging.INFO))
    if _handler is not None:
        root.removeHandler(_handler)
        _handler.close()
    path: Path | None = log_path(profile)
    handler: logging.Handler
    try:
        assert path is not None
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
        )
    except OSError:
        path, handler = None, logging.StreamHandler(sys.stderr)
    handler.addFilter(MaskingFilter())
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    _handler = handler
    install_exception_hooks()
    return path


def install_exception_hooks() -> None:
    """Unhandled exceptions, on the main thread or any other, go into the log; the previous
    hooks still run (the console still shows the traceback)."""
    previous_hook = sys.excepthook
    previous_thread_hook = threading.excepthook
    if getattr(previous_hook, "chuangkou", False):
        return

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if not issubclass(kind, KeyboardInterrupt):
            log.critical("unhandled exception", exc_info=(kind, value, tb))
        previous_hook(kind, value, tb)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None and not isinstance(args.exc_value, SystemExit):
            name = args.thread.name if args.thread else "?"
            log.critical(
                "unhandled exception in thread %s",
                name,
                exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
            )
        previous_thread_hook(args)

    hook.chuangkou = True  # type: ignore[attr-defined]
    sys.excepthook = hook
    threading.excepthook = thread_hook


def log_files(profile: Path) -> list[Path]:
    """The current log and its rotated predecessors, newest first."""
    folder = profile / LOG_DIR
    if not folder.is_dir():
        return []
    return sorted(folder.glob(LOG_FILE + "*"), key=lambda p: p.stat().st_mtime, reverse=True)
