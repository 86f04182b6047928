"""The page strip: a material's pages as thumbnails the clerk reorders by dragging, rotates,
deletes, inserts and undoes (Ctrl+Z). Pages that look blank carry a red 空白页? badge; they are
never dropped without the clerk deciding.

The model edits a `PageSet` (client/capture/pages.py); thumbnails are decoded off the UI
thread and cached per page file, and the delegate turns them by the page's rotation.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QMimeData,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QImage, QKeySequence, QPainter, QPen, QShortcut, QTransform
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from client.capture.pages import Page, PageSet
from ui.background import BackgroundOp
from ui.capture.page_model import PAGE_MIME, Index, PageListModel, PageRole
from ui.capture.thumbnails import ThumbKey, render_thumbnails, thumb_key

THUMB_PX = 150
CELL = QSize(THUMB_PX + 24, THUMB_PX + 40)


class PageDelegate(QStyledItemDelegate):
    """Thumbnail turned by the page's rotation, its number underneath, a 空白页? badge."""

    def __init__(self, model: PageListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return CELL

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        page = index.data(PageRole)
        if not isinstance(page, Page):
            return
        rect: QRect = option.rect
        painter.save()
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, QColor("#d6eaf8"))
        box = QRect(rect.x() + 12, rect.y() + 6, THUMB_PX, THUMB_PX)
        image = self.model.thumbs.get(thumb_key(page))
        if image is None:
            painter.fillRect(box, QColor("#ecf0f1"))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, self.tr("载入中…"))
        else:
            if page.rotation:
                image = image.transformed(QTransform().rotate(page.rotation))
            scaled = image.scaled(
                box.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            x = box.x() + (box.width() - scaled.width()) // 2
            y = box.y() + (box.height() - scaled.height()) // 2
            painter.drawImage(x, y, scaled)
            painter.setPen(QPen(QColor("#95a5a6")))
            painter.drawRect(x, y, scaled.width() - 1, scaled.height() - 1)
        label = QRect(rect.x(), box.bottom() + 4, rect.width(), 24)
        painter.setPen(QColor("#2c3e50"))
        painter.drawText(label, Qt.AlignmentFlag.AlignCenter, str(index.data()))
        if page.blank:
            badge = QRect(box.x() + 4, box.y() + 4, 64, 22)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setBrush(QColor("#c0392b"))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(badge, 4, 4)
            font = QFont(painter.font())
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(QColor("white"))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, self.tr("空白页?"))
        painter.restore()


class PageStrip(QWidget):
    """Thumbnails plus the page tools. Files dropped from the desktop are passed on through
    `files_dropped` (the capture dialog imports them through the safety checks).

    Signals:
        edited: pages were added, moved, turned, deleted or restored.
        files_dropped(list): local file paths dropped onto the strip.
        insert_requested(int): the clerk asked to insert files before this position.
    """

    edited = Signal()
    files_dropped = Signal(list)
    insert_requested = Signal(int)

    def __init__(self, pages: PageSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = PageListModel(pages, self)
        self.view = _PageView(self)
        self.view.setObjectName("page_strip_view")
        self.view.setModel(self.model)
        self.view.setItemDelegate(PageDelegate(self.model, self.view))
        self._thumbs_pending: set[ThumbKey] = set()

        self.left_button = QPushButton(self.tr("左转"))
        self.right_button = QPushButton(self.tr("右转"))
        self.earlier_button = QPushButton(self.tr("前移"))
        self.later_button = QPushButton(self.tr("后移"))
        self.delete_button = QPushButton(self.tr("删除"))
        self.insert_button = QPushButton(self.tr("插入文件…"))
        self.undo_button = QPushButton(self.tr("撤销"))
        self.undo_button.setToolTip(self.tr("撤销上一步（Ctrl+Z）"))
        self.summary = QLabel()
        self.summary.setObjectName("page_summary")
        tools = QHBoxLayout()
        for button in (
            self.left_button,
            self.right_button,
            self.earlier_button,
            self.later_button,
            self.delete_button,
            self.insert_button,
            self.undo_button,
        ):
            button.setAutoDefault(False)
            tools.addWidget(button)
        tools.addStretch()
        tools.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(tools)
        layout.addWidget(self.view, 1)

        self.left_button.clicked.connect(lambda: self.rotate_selected(-90))
        self.right_button.clicked.connect(lambda: self.rotate_selected(90))
        self.earlier_button.clicked.connect(lambda: self.shift_selected(-1))
        self.later_button.clicked.connect(lambda: self.shift_selected(1))
        self.delete_button.clicked.connect(self.delete_selected)
        self.insert_button.clicked.connect(
            lambda: self.insert_requested.emit(self.current_row() if self.pages() else 0)
        )
        self.undo_button.clicked.connect(self.undo)
        self.undo_shortcut = QShortcut(QKeySequence.StandardKey.Undo, self)
        self.undo_shortcut.activated.connect(self.undo)
        QShortcut(QKeySequence.StandardKey.Delete, self.view, self.delete_selected)
        self.model.edited.connect(self.on_model_edited)
        self.view.files_dropped.connect(self.files_dropped)
        self.view.selectionModel().selectionChanged.connect(self.refresh_tools)
        self.on_model_edited()

    # --- queries ------------------------------------------------------------------------------

    def pages(self) -> tuple[Page, ...]:
        return self.model.pages.pages

    def current_row(self) -> int:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else -1

    def select(self, row: int) -> None:
        self.view.setCurrentIndex(self.model.index(row, 0))

    # --- tools --------------------------------------------------------------------------------

    def add_pages(self, pages: Sequence[Page], at: int | None = None) -> None:
        position = len(self.model.pages) if at is None or at < 0 else at
        self.model.insert(position, pages)
        if pages:
            self.select(position + len(pages) - 1)

    def rotate_selected(self, degrees: int) -> None:
        row = self.current_row()
        if row >= 0:
            self.model.rotate(row, degrees)
            self.select(row)

    def shift_selected(self, step: int) -> None:
        row = self.current_row()
        target = row + step
        if row >= 0 and 0 <= target < len(self.model.pages):
            self.model.move(row, target)
            self.select(target)

    def delete_selected(self) -> None:
        row = self.current_row()
        if row >= 0:
            self.model.delete(row)
            if len(self.model.pages):
                self.select(min(row, len(self.model.pages) - 1))

    def undo(self) -> None:
        row = self.current_row()
        if self.model.undo() and len(self.model.pages):
            self.select(min(max(row, 0), len(self.model.pages) - 1))

    def on_model_edited(self) -> None:
        self.refresh_tools()
        self.load_thumbnails()
        self.edited.emit()

    def refresh_tools(self) -> None:
        pages = self.model.pages
        has = self.current_row() >= 0
        for button in (
            self.left_button,
            self.right_button,
            self.earlier_button,
            self.later_button,
            self.delete_button,
        ):
            button.setEnabled(has)
        self.undo_button.setEnabled(pages.can_undo)
        blanks = pages.blank_indexes
        text = self.tr("共 {n} 页").format(n=len(pages))
        if blanks:
            numbers = "、".join(str(i + 1) for i in blanks)
            text += self.tr("，第 {pages} 页可能是空白页").format(pages=numbers)
        self.summary.setText(text)
        self.summary.setStyleSheet("color: #c0392b;" if blanks else "")

    def load_thumbnails(self) -> None:
        """Decode the thumbnails not yet cached, off the UI thread."""
        wanted = {thumb_key(p): p for p in self.model.pages}
        missing = [
            p
            for k, p in wanted.items()
            if k not in self.model.thumbs and k not in self._thumbs_pending
        ]
        if not missing:
            return
        self._thumbs_pending |= {thumb_key(p) for p in missing}
        op = BackgroundOp(
            self, lambda ctx: render_thumbnails(missing, THUMB_PX, ctx.cancelled), self.on_thumbs
        )
        op.on_failure(lambda _exc: self._thumbs_pending.clear()).run()

    def on_thumbs(self, thumbs: dict[ThumbKey, QImage]) -> None:
        self.model.thumbs.update(thumbs)
        self._thumbs_pending -= set(thumbs)
        self.view.viewport().update()

    def thumbnails_ready(self) -> bool:
        return all(thumb_key(p) in self.model.thumbs for p in self.model.pages)


class _PageView(QListView):
    """Icon grid, left to right with wrapping; internal drags move pages, dropped files are
    handed on (as paths) rather than inserted by the model."""

    files_dropped = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.ListMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(True)
        self.setSpacing(4)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setMinimumHeight(CELL.height() + 16)

    def _local_files(self, mime: QMimeData) -> list[Path]:
        if mime.hasFormat(PAGE_MIME) or not mime.hasUrls():
            return []
        return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]

    def dragEnterEvent(self, event: Any) -> None:
        if self._local_files(event.mimeData()):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: Any) -> None:
        if self._local_files(event.mimeData()):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: Any) -> None:
        files = self._local_files(event.mimeData())
        if files:
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            self.files_dropped.emit(files)
            return
        super().dropEvent(event)
