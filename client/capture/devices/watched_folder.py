"""A watched folder, for scanners that only "scan to folder" (network MFPs, some feeders).

Each `acquire` is one look at the folder: a file is taken only once it is complete — its size
and modification time unchanged for `settle_seconds` and it can be opened — so a file the
scanner is still writing is never imported half-written. A taken file is moved into the
folder's 已导入 subfolder (or 未能导入 when the safety checks refuse it) before its pages are
delivered, so it is never imported twice, even by another window watching the same folder.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from client.capture.pages import CaptureWorkspace, Page
from client.capture.sources import (
    CaptureError,
    FileSource,
    IsCancelled,
    Progress,
    ScanSettings,
    SourceKind,
)
from client.errors import Cancelled
from client.i18n import translate

if TYPE_CHECKING:
    from client.capture.safety import Limits

IMPORTED_DIR = "已导入"
REFUSED_DIR = "未能导入"
# Names scanners and copy tools give files while they are still being written.
PARTIAL_SUFFIXES = (".part", ".tmp", ".crdownload", ".partial", ".filepart", ".~tmp")
DEFAULT_SETTLE_SECONDS = 2.0


def _t(text: str) -> str:
    return translate("capture", text)


@dataclass(frozen=True)
class _Seen:
    size: int
    mtime_ns: int
    since: float  # monotonic time at which this size and mtime were first seen


class WatchedFolderSource:
    """Polls `folder`; safe to call `acquire` from successive worker threads (never two at
    once: an internal lock serialises them).

    `refused` collects the Chinese reasons for files the safety checks turned away."""

    kind = SourceKind.WATCHED_FOLDER

    def __init__(
        self,
        folder: Path,
        workspace: CaptureWorkspace,
        limits: Limits,
        settle_seconds: float = DEFAULT_SETTLE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.folder = folder
        self.workspace = workspace
        self.limits = limits
        self.settle_seconds = settle_seconds
        self.clock = clock
        self.refused: list[str] = []
        self._seen: dict[str, _Seen] = {}
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return _t("监视文件夹 {folder}").format(folder=self.folder)

    def acquire(
        self, settings: ScanSettings, progress: Progress, cancelled: IsCancelled
    ) -> Iterator[Page]:
        with self._lock:
            ready = self.ready_files()
            for done, path in enumerate(ready):
                if cancelled():
                    raise Cancelled
                progress(done, len(ready), path.name)
                taken = self._take(path, IMPORTED_DIR)
                if taken is None:
                    continue  # another window took it first
                source = FileSource([taken], self.workspace, self.limits)
                pages = list(source.acquire(settings, lambda *_: None, cancelled))
                if source.refused:
                    self.refused.extend(source.refused)
                    self._take(taken, REFUSED_DIR, base=self.folder)
                yield from pages

    def ready_files(self) -> list[Path]:
        """Files whose size and mtime have not changed for `settle_seconds`, oldest first."""
        if not self.folder.is_dir():
            raise CaptureError(_t("监视文件夹不存在：{folder}").format(folder=self.folder))
        now = self.clock()
        current: dict[str, _Seen] = {}
        ready: list[tuple[int, Path]] = []
        with os.scandir(self.folder) as entries:
            for entry in entries:
                if not self._candidate(entry):
                    continue
                stat = entry.stat()
                before = self._seen.get(entry.name)
                if before and (before.size, before.mtime_ns) == (stat.st_size, stat.st_mtime_ns):
                    seen = before
                else:
                    seen = _Seen(stat.st_size, stat.st_mtime_ns, now)
                current[entry.name] = seen
                settled = now - seen.since >= self.settle_seconds
                if settled and stat.st_size > 0 and _openable(Path(entry.path)):
                    ready.append((stat.st_mtime_ns, Path(entry.path)))
        self._seen = current
        return [path for _mtime, path in sorted(ready)]

    @staticmethod
    def _candidate(entry: os.DirEntry[str]) -> bool:
        name = entry.name
        if name.startswith((".", "~$")) or name.lower().endswith(PARTIAL_SUFFIXES):
            return False
        return entry.is_file(follow_symlinks=False)

    def _take(self, path: Path, subdir: str, base: Path | None = None) -> Path | None:
        """Move `path` into `subdir` of the folder under a name not yet used there."""
        target_dir = (base or path.parent) / subdir
        target_dir.mkdir(exist_ok=True)
        target = target_dir / path.name
        counter = 1
        while target.exists():
            target = target_dir / f"{path.stem} ({counter}){path.suffix}"
            counter += 1
        try:
            os.rename(path, target)  # atomic within the folder: one taker wins
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise CaptureError(
                _t("无法移动已扫描的文件 {name}：{error}").format(name=path.name, error=exc)
            ) from exc
        self._seen.pop(path.name, None)
        return target


def _openable(path: Path) -> bool:
    """False while another program holds the file open for writing (Windows refuses to share
    it); on POSIX this only proves it is readable."""
    try:
        with open(path, "rb") as f:
            f.read(1)
    except OSError:
        return False
    return True
