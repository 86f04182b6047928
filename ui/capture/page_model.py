"""The page list model: a material's PageSet as a Qt list model, so the strip's view shows,
reorders (drag and drop) and edits pages; every edit goes through the PageSet and can be undone.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from client.capture.pages import Page, PageSet
from ui.capture.thumbnails import ThumbKey

PAGE_MIME = "application/x-chuangkou-pages"
Index = QModelIndex | QPersistentModelIndex
PageRole = Qt.ItemDataRole.UserRole + 1


class PageListModel(QAbstractListModel):
    """A list model over a PageSet. Reordering by drag arrives as moveRows (real drags inside
    the view) or dropMimeData (drops carrying our page mime type).

    Signals:
        edited: the pages changed (any edit or undo).
    """

    edited = Signal()

    def __init__(self, pages: PageSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pages = pages
        self.thumbs: dict[ThumbKey, QImage] = {}

    # --- reading -----------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.pages)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.pages):
            return None
        page = self.pages[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr("第 {n} 页").format(n=index.row() + 1)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = [page.origin] if page.origin else []
            if page.width_px and page.height_px:
                tip.append(f"{page.upright_size[0]} × {page.upright_size[1]}")
            if page.blank:
                tip.append(self.tr("这一页看起来是空白页，请确认是否需要保留"))
            return "\n".join(tip)
        if role == PageRole:
            return page
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        return (
            base
            | Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
        )

    # --- edits (each one undoable) ------------------------------------------------------------

    def _edit(self, change: Callable[[], None]) -> None:
        self.beginResetModel()
        try:
            change()
        finally:
            self.endResetModel()
        self.edited.emit()

    def move(self, src: int, dst: int) -> None:
        """Move page `src` to position `dst` (0-based, after the move)."""
        if src == dst or not (0 <= src < len(self.pages) and 0 <= dst < len(self.pages)):
            return
        child = dst if dst < src else dst + 1  # Qt counts the destination before the move
        if not self.beginMoveRows(QModelIndex(), src, src, QModelIndex(), child):
            return
        try:
            self.pages.move(src, dst)
        finally:
            self.endMoveRows()
        self.edited.emit()

    def rotate(self, row: int, degrees: int) -> None:
        self._edit(lambda: self.pages.rotate(row, degrees))

    def delete(self, row: int) -> None:
        self._edit(lambda: self.pages.delete(row))

    def insert(self, row: int, pages: Sequence[Page]) -> None:
        if pages:
            self._edit(lambda: self.pages.insert(row, pages))

    def undo(self) -> bool:
        undone: list[bool] = []
        self._edit(lambda: undone.append(self.pages.undo()))
        return undone[0]

    # --- drag and drop ------------------------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [PAGE_MIME, "text/uri-list"]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        mime.setData(PAGE_MIME, QByteArray(json.dumps(rows).encode()))
        return mime

    def moveRows(
        self,
        source_parent: Index,
        source_row: int,
        count: int,
        destination_parent: Index,
        destination_child: int,
    ) -> bool:
        """Qt's move: the rows go before `destination_child` (counted before the move)."""
        if count != 1 or source_parent.isValid() or destination_parent.isValid():
            return False
        if destination_child in (source_row, source_row + 1):
            return False
        dst = destination_child if destination_child < source_row else destination_child - 1
        self.move(source_row, dst)
        return True

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if not data.hasFormat(PAGE_MIME) or action != Qt.DropAction.MoveAction:
            return False  # files from the desktop are imported by the strip, not here
        rows = json.loads(bytes(data.data(PAGE_MIME).data()).decode())
        if len(rows) != 1:
            return False
        if row < 0:
            row = parent.row() if parent.isValid() else len(self.pages)
        return self.moveRows(QModelIndex(), int(rows[0]), 1, QModelIndex(), row)
