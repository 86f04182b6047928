"""The materials checklist generated from the item: what was received, and what is missing.

Each line's scan is one PDF built from the pages captured for it (采集… opens the capture
dialog; files dropped on a line are imported through the safety checks by the intake screen).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from client.capture.material_pdf import MaterialPdf
from client.capture.pages import Page
from client.domain import (
    MaterialForm,
    MaterialRequirement,
    MaterialSubmission,
    Requirement,
    ServiceItem,
)
from client.intake.rules import material_status

# Marked for lupdate here, translated where used with self.tr() (same context).
COLUMNS: tuple[str, ...] = (
    str(QT_TRANSLATE_NOOP("MaterialsChecklist", "材料名称")),
    str(QT_TRANSLATE_NOOP("MaterialsChecklist", "要求")),
    str(QT_TRANSLATE_NOOP("MaterialsChecklist", "适用")),
    str(QT_TRANSLATE_NOOP("MaterialsChecklist", "原件")),
    str(QT_TRANSLATE_NOOP("MaterialsChecklist", "复印件份数")),
    str(QT_TRANSLATE_NOOP("MaterialsChecklist", "扫描件")),
    str(QT_TRANSLATE_NOOP("MaterialsChecklist", "状态")),
)


class _Row:
    def __init__(self) -> None:
        self.applicable = QCheckBox()
        self.original = QCheckBox()
        self.copies = QSpinBox()
        self.copies.setRange(0, 99)
        self.pages: tuple[Page, ...] = ()
        self.pdf: MaterialPdf | None = None  # the material's single PDF, built from `pages`
        self.busy = ""  # what is being done to this line's scan, while it runs
        self.files_label = QLabel()
        # Room for the longest text ("123 页 · 123.4 MB"): the column sizes itself once.
        metrics = self.files_label.fontMetrics()
        self.files_label.setMinimumWidth(metrics.horizontalAdvance("000 页 · 000.0 MB") + 4)
        self.capture_button = QPushButton()
        self.capture_button.setAutoDefault(True)  # Enter on the focused button presses it
        self.clear_button = QPushButton("×")
        self.clear_button.setFixedWidth(28)
        self.clear_button.setAutoDefault(True)
        self.status = QLabel()
        self.status.setWordWrap(True)  # a long "缺：…" takes a second line, never clips
        # Room at the right: glyphs drawn up to the cell's edge are cut by the grid line.
        self.status.setContentsMargins(2, 0, 10, 0)

    def focusable(self) -> tuple[QWidget, ...]:
        """The line's controls in Tab order."""
        return (self.applicable, self.original, self.copies, self.capture_button, self.clear_button)


def _centered(box: QCheckBox) -> QWidget:
    """A checkbox alone in a cell, centred, so a click anywhere near the middle hits it."""
    cell = QWidget()
    layout = QHBoxLayout(cell)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(box, 0, Qt.AlignmentFlag.AlignCenter)
    return cell


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1048576:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


class MaterialsChecklist(QTableWidget):
    """Signals:
    changed: a line was edited or its scan changed.
    file_rejected(str): a file could not be attached; the message is for the clerk.
    capture_requested(int): the clerk wants to capture line `index` (采集…).
    files_dropped(int, list): local files dropped on line `index`, to be imported.
    """

    changed = Signal()
    file_rejected = Signal(str)
    capture_requested = Signal(int)
    files_dropped = Signal(int, list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.setObjectName("materials_checklist")
        self.verticalHeader().hide()
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Keyboard: Tab walks the lines' own controls and then leaves the table; the table
        # itself takes no focus (it has nothing to select), a focused control scrolls into view.
        self.setTabKeyNavigation(False)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.horizontalHeader()
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        header.sectionResized.connect(lambda *_: self.fit_rows())
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.item_: ServiceItem | None = None
        self.rows: list[_Row] = []
        self.max_file_bytes = 50 * 1024 * 1024

    def set_item(self, item: ServiceItem | None) -> None:
        self.item_ = item
        self.rows = []
        self.setRowCount(0)
        if item is None:
            return
        self.setRowCount(len(item.materials))
        for index, req in enumerate(item.materials):
            row = _Row()
            self.rows.append(row)
            name = QTableWidgetItem(req.name)
            tip = [req.name]
            if req.condition:
                tip.append(self.tr("适用情形：") + req.condition)
            if req.note:
                tip.append(self.tr("说明：") + req.note)
            name.setToolTip("\n".join(tip))
            self.setItem(index, 0, name)
            self.setItem(index, 1, QTableWidgetItem(self._requirement_text(req)))
            conditional = req.requirement is Requirement.CONDITIONAL
            row.applicable.setChecked(not conditional)
            row.applicable.setEnabled(conditional)
            row.original.setEnabled(req.form is not MaterialForm.COPY)
            row.copies.setEnabled(req.form is not MaterialForm.ORIGINAL)
            row.capture_button.setText(self.tr("采集…"))
            row.capture_button.setToolTip(self.tr("扫描、拍摄或导入这份材料"))
            row.clear_button.setToolTip(self.tr("移除这份材料的扫描件"))
            files_cell = QWidget()
            files_layout = QHBoxLayout(files_cell)
            files_layout.setContentsMargins(2, 0, 2, 0)
            files_layout.addWidget(row.files_label)
            files_layout.addWidget(row.capture_button)
            files_layout.addWidget(row.clear_button)
            for column, widget in (
                (2, _centered(row.applicable)),
                (3, _centered(row.original)),
                (4, row.copies),
                (5, files_cell),
                (6, row.status),
            ):
                self.setCellWidget(index, column, widget)
            row.applicable.toggled.connect(self.on_line_edited)
            row.original.toggled.connect(self.on_line_edited)
            row.copies.valueChanged.connect(self.on_line_edited)
            row.capture_button.clicked.connect(
                lambda _=False, i=index: self.capture_requested.emit(i)
            )
            row.clear_button.clicked.connect(lambda _=False, i=index: self.clear_files(i))
            for widget in row.focusable():
                widget.installEventFilter(self)
        self.refresh()

    def focus_chain(self) -> list[QWidget]:
        """Every line's controls, line by line, in the order Tab visits them."""
        return [widget for row in self.rows for widget in row.focusable()]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            for index, row in enumerate(self.rows):
                if watched in row.focusable():
                    self.scrollTo(self.model().index(index, 0))
                    break
        return super().eventFilter(watched, event)

    def fit_rows(self) -> None:
        """Each line as tall as its status text needs in the status column's width."""
        width = self.columnWidth(len(COLUMNS) - 1)
        base = self.verticalHeader().defaultSectionSize()
        for index, row in enumerate(self.rows):
            needed = row.status.heightForWidth(max(1, width)) + 6
            self.setRowHeight(index, max(base, needed))

    def _requirement_text(self, req: MaterialRequirement) -> str:
        form = {
            MaterialForm.ORIGINAL: self.tr("原件"),
            MaterialForm.COPY: self.tr("复印件{n}份").format(n=req.copies),
            MaterialForm.ORIGINAL_AND_COPY: self.tr("原件及复印件{n}份").format(n=req.copies),
        }[req.form]
        kind = self.tr("必要") if req.requirement is Requirement.REQUIRED else self.tr("情形")
        return f"{form} · {kind}"

    def submissions(self) -> tuple[MaterialSubmission, ...]:
        if self.item_ is None:
            return ()
        return tuple(
            MaterialSubmission(
                code=req.code,
                files=(str(row.pdf.path),) if row.pdf else (),
                original=row.original.isChecked(),
                copies=row.copies.value(),
                applicable=row.applicable.isChecked(),
            )
            for req, row in zip(self.item_.materials, self.rows, strict=True)
        )

    def attach(self, index: int, paths: list[Path]) -> None:
        """Hand files for line `index` to the importer (the safety checks run there)."""
        if paths and self.rows[index].busy:
            self.file_rejected.emit(self.tr("这份材料正在处理，请稍后再添加文件"))
        elif paths:
            self.files_dropped.emit(index, list(paths))

    def set_material(self, index: int, pages: tuple[Page, ...], pdf: MaterialPdf | None) -> None:
        """Line `index` now has these pages, stored as `pdf`. A captured material is marked
        received as its requirement asks (the clerk captured the paper in front of them);
        the clerk can still untick it."""
        assert self.item_ is not None
        req, row = self.item_.materials[index], self.rows[index]
        row.pages, row.pdf, row.busy = pages, pdf, ""
        if pdf is not None:
            for box in (row.applicable, row.original):
                if box.isEnabled() and not box.isChecked():
                    box.blockSignals(True)
                    box.setChecked(True)
                    box.blockSignals(False)
            if req.form is not MaterialForm.ORIGINAL and row.copies.value() < req.copies:
                row.copies.blockSignals(True)
                row.copies.setValue(req.copies)
                row.copies.blockSignals(False)
        self.on_line_edited()

    def set_busy(self, index: int, text: str) -> None:
        """Show what is happening to line `index`'s scan ("" when done)."""
        if 0 <= index < len(self.rows):
            self.rows[index].busy = text
            self.on_line_edited()  # 受理 waits while a line's scan is being made

    def clear_files(self, index: int) -> None:
        self.set_material(index, (), None)

    def on_line_edited(self) -> None:
        self.refresh()
        self.changed.emit()

    def refresh(self) -> None:
        if self.item_ is None:
            return
        for req, row, sub in zip(self.item_.materials, self.rows, self.submissions(), strict=True):
            status = material_status(req, sub)
            if row.busy:
                scan, scan_color = row.busy, "#2471a3"
            elif row.pdf is not None:
                scan = self.tr("{n} 页 · {size}").format(
                    n=row.pdf.page_count, size=size_text(row.pdf.size)
                )
                scan_color = "#1e8449"
            else:
                scan = self.tr("未采集")
                scan_color = "#b9770e" if status.needed else "#7f8c8d"
            row.files_label.setText(scan)
            row.files_label.setStyleSheet(f"color: {scan_color};")
            row.files_label.setToolTip(row.pdf.path.name if row.pdf else "")
            row.clear_button.setEnabled(row.pdf is not None and not row.busy)
            row.capture_button.setEnabled(not row.busy)
            if not status.needed:
                text, color = self.tr("不适用"), "#7f8c8d"
            elif status.complete:
                text, color = self.tr("✓ 已收齐"), "#1e8449"
            else:
                text, color = self.tr("缺：") + status.missing, "#c0392b"
            row.status.setText(text)
            row.status.setToolTip(text)
            row.status.setStyleSheet(f"color: {color};")
        self.fit_rows()

    # --- drag and drop: files dropped on a line attach to that material -------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasUrls() and self.rowAt(event.position().toPoint().y()) >= 0:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        index = self.rowAt(event.position().toPoint().y())
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if index < 0 or not paths:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.attach(index, paths)
