"""The page model of one material: captured pages, their order and rotation, with undo.

Pages are immutable values; a `PageSet` is the ordered list the clerk edits (move, rotate,
delete, insert) before the material PDF is built. Every page's file lives in a
`CaptureWorkspace`, a per-session work directory whose files are named by random id, never by
the name a user or a device gave them.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

MAX_UNDO = 100


class PageKind(StrEnum):
    IMAGE = "image"
    PDF = "pdf"


@dataclass(frozen=True)
class Page:
    """One page of a material: an image file (or one frame of a TIFF) or one page of a PDF."""

    source: Path  # a file in the capture workspace (never the user's original path as-is)
    kind: PageKind
    index: int = 0  # page/frame number inside a multi-page TIFF or PDF
    rotation: int = 0  # clockwise degrees (0/90/180/270), applied when the PDF is built
    media_type: str = ""  # "image/jpeg", "image/png", "image/tiff", "application/pdf"
    width_px: int = 0  # images: pixels; PDF pages: points
    height_px: int = 0
    dpi: float = 0.0
    blank: bool = False  # flagged for the clerk, never dropped automatically
    origin: str = ""  # human label, e.g. "扫描仪 test:0" or the imported file's display name

    def rotated(self, degrees: int) -> Page:
        """This page turned clockwise by `degrees` (a multiple of 90, may be negative)."""
        if degrees % 90:
            raise ValueError(f"rotation must be a multiple of 90 degrees, got {degrees}")
        return replace(self, rotation=(self.rotation + degrees) % 360)

    @property
    def upright_size(self) -> tuple[int, int]:
        """(width, height) as the page will appear, after its rotation."""
        if self.rotation in (90, 270):
            return self.height_px, self.width_px
        return self.width_px, self.height_px


class PageSet:
    """The ordered pages of one material, with multi-step undo of the clerk's edits."""

    def __init__(self, pages: Iterable[Page] = ()) -> None:
        self._pages: tuple[Page, ...] = tuple(pages)
        self._history: list[tuple[Page, ...]] = []

    @property
    def pages(self) -> tuple[Page, ...]:
        return self._pages

    def __len__(self) -> int:
        return len(self._pages)

    def __getitem__(self, index: int) -> Page:
        return self._pages[index]

    def __iter__(self) -> Iterator[Page]:
        return iter(self._pages)

    def _commit(self, pages: tuple[Page, ...]) -> None:
        self._history.append(self._pages)
        del self._history[:-MAX_UNDO]
        self._pages = pages

    def _check(self, index: int) -> None:
        if not 0 <= index < len(self._pages):
            raise IndexError(f"page index {index} out of range (0..{len(self._pages) - 1})")

    def move(self, src: int, dst: int) -> None:
        """Move page `src` so that it ends up at position `dst` (both 0-based)."""
        self._check(src)
        self._check(dst)
        if src == dst:
            return
        pages = list(self._pages)
        page = pages.pop(src)
        pages.insert(dst, page)
        self._commit(tuple(pages))

    def rotate(self, index: int, degrees: int = 90) -> None:
        self._check(index)
        pages = list(self._pages)
        pages[index] = pages[index].rotated(degrees)
        self._commit(tuple(pages))

    def delete(self, index: int) -> None:
        self._check(index)
        self._commit(self._pages[:index] + self._pages[index + 1 :])

    def insert(self, index: int, pages: Sequence[Page]) -> None:
        """Insert `pages` before position `index` (len(self) appends)."""
        if not 0 <= index <= len(self._pages):
            raise IndexError(f"insert position {index} out of range (0..{len(self._pages)})")
        if not pages:
            return
        self._commit(self._pages[:index] + tuple(pages) + self._pages[index:])

    def append(self, pages: Sequence[Page]) -> None:
        self.insert(len(self._pages), pages)

    def undo(self) -> bool:
        """Revert the last edit; False when there is nothing to undo."""
        if not self._history:
            return False
        self._pages = self._history.pop()
        return True

    @property
    def can_undo(self) -> bool:
        return bool(self._history)

    @property
    def blank_indexes(self) -> tuple[int, ...]:
        return tuple(i for i, p in enumerate(self._pages) if p.blank)


class CaptureWorkspace:
    """A per-session work directory under `root` holding every captured or imported file.

    Files are named by random id with a suffix chosen by us from the content type, so nothing
    a user or device supplies is ever used as a path. `discard()` removes the directory.
    """

    def __init__(self, root: Path) -> None:
        root.mkdir(parents=True, exist_ok=True)
        self._dir = Path(tempfile.mkdtemp(prefix="capture-", dir=root))

    @property
    def directory(self) -> Path:
        return self._dir

    def new_path(self, suffix: str) -> Path:
        """A fresh, not yet existing path in the workspace, e.g. new_path(".jpg")."""
        if suffix and (not suffix.startswith(".") or not suffix[1:].isalnum()):
            raise ValueError(f"bad suffix {suffix!r}")
        while True:
            path = self._dir / (secrets.token_hex(12) + suffix.lower())
            if not path.exists():
                return path

    def contains(self, path: Path) -> bool:
        return path.parent == self._dir

    def discard(self) -> None:
        shutil.rmtree(self._dir, ignore_errors=True)
