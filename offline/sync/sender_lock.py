"""One sender per profile: an OS-level lock held while a sync round sends.

The window's engine, `sync` and `sync --once` all take the same lock file in the profile
(`sync.lock`) for the length of one round, so two of them never send the same work at once.
The lock is the operating system's (fcntl.flock on POSIX, msvcrt.locking on Windows): it is
released when its holder ends in any way, a crash or a kill included, so no stale lock is ever
left behind and nobody has to delete a file by hand.

Locks are per open file, not per process: two engines of one process exclude each other too.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from client.errors import ClerkError
from client.i18n import translate

LOCK_NAME = "sync.lock"
POLL_SECONDS = 0.1
RETRY_SECONDS = 2.0  # how often the window's engine tries again while another holds it


class SenderBusy(ClerkError):
    """Another program is sending this profile's work right now."""


def _busy() -> SenderBusy:
    return SenderBusy(
        translate("sender_lock", "另一个程序正在同步此配置目录（本机的窗口或另一个 sync 命令）"),
        translate("sender_lock", "等它同步完成后再试；窗口会在对方结束后自动继续同步。"),
    )


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # one byte, locked for this handle
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class SenderLock:
    """`with lock.hold():` sends; raises SenderBusy if another holder keeps it longer than
    `wait_seconds` (0, the default: do not wait). `on_wait` is called once when it waits."""

    def __init__(self, profile: Path) -> None:
        self.path = profile / LOCK_NAME
        self.wait_seconds = 0.0
        self.on_wait: Callable[[], None] | None = None
        self._fd: int | None = None
        self._mutex = threading.Lock()

    def acquire(
        self, wait_seconds: float | None = None, on_wait: Callable[[], None] | None = None
    ) -> bool:
        wait_seconds = self.wait_seconds if wait_seconds is None else wait_seconds
        on_wait = on_wait or self.on_wait
        with self._mutex:
            if self._fd is not None:
                raise RuntimeError("sender lock already held by this object")
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            deadline = time.monotonic() + wait_seconds
            warned = False
            while not _try_lock(fd):
                if time.monotonic() >= deadline:
                    os.close(fd)
                    return False
                if on_wait is not None and not warned:
                    warned = True
                    on_wait()
                time.sleep(POLL_SECONDS)
            self._fd = fd
            return True

    def release(self) -> None:
        with self._mutex:
            fd, self._fd = self._fd, None
        if fd is not None:
            try:
                _unlock(fd)
            finally:
                os.close(fd)

    @property
    def held(self) -> bool:
        return self._fd is not None

    @contextlib.contextmanager
    def hold(
        self, wait_seconds: float | None = None, on_wait: Callable[[], None] | None = None
    ) -> Iterator[None]:
        if not self.acquire(wait_seconds, on_wait):
            raise _busy()
        try:
            yield
        finally:
            self.release()
