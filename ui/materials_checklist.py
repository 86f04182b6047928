"""The materials checklist generated from the item: what was received, and what is missing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from client.domain import (
    MaterialForm,
    MaterialRequirement,
    MaterialSubmission,
    Requirement,
    ServiceItem,
)
from client.rules import check_file, material_status

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
FILE_FILTER = str(
    QT_TRANSLATE_NOOP(
        "MaterialsChecklist", "材料文件 (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;所有文件 (*)"
    )
)


class _Row:
    def __init__(self) -> None:
        self.applicable = QCheckBox()
        self.original = QCheckBox()
        self.copies = QSpinBox()
        self.copies.setRange(0, 99)
        self.files: list[Path] = []
        self.files_label = QLabel()
        self.add_button = QPushButton()
        self.clear_button = QPushButton("×")
        self.clear_button.setFixedWidth(28)
        self.status = QLabel()


def _centered(box: QCheckBox) -> QWidget:
    """A checkbox alone in a cell, centred, so a click anywhere near the middle hits it."""
    cell = QWidget()
    layout = QHBoxLayout(cell)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(box, 0, Qt.AlignmentFlag.AlignCenter)
    return cell


class MaterialsChecklist(QTableWidget):
    """Signals:
    changed: a line was edited or files were attached.
    file_rejected(str): a file could not be attached; the message is for the clerk.
    """

    changed = Signal()
    file_rejected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.setObjectName("materials_checklist")
        self.verticalHeader().hide()
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.horizontalHeader()
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
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
            row.add_button.setText(self.tr("添加…"))
            row.clear_button.setToolTip(self.tr("移除已添加的文件"))
            files_cell = QWidget()
            files_layout = QHBoxLayout(files_cell)
            files_layout.setContentsMargins(2, 0, 2, 0)
            files_layout.addWidget(row.files_label)
            files_layout.addWidget(row.add_button)
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
            row.add_button.clicked.connect(lambda _=False, i=index: self.on_add_clicked(i))
            row.clear_button.clicked.connect(lambda _=False, i=index: self.clear_files(i))
        self.refresh()

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
                files=tuple(str(p) for p in row.files),
                original=row.original.isChecked(),
                copies=row.copies.value(),
                applicable=row.applicable.isChecked(),
            )
            for req, row in zip(self.item_.materials, self.rows, strict=True)
        )

    def attach(self, index: int, paths: list[Path]) -> None:
        """Attach files to line `index` after checking each one can be read."""
        row = self.rows[index]
        for path in paths:
            problem = check_file(path, self.max_file_bytes)
            if problem:
                self.file_rejected.emit(problem)
            elif path not in row.files:
                row.files.append(path)
        self.on_line_edited()

    def clear_files(self, index: int) -> None:
        self.rows[index].files.clear()
        self.on_line_edited()

    def on_add_clicked(self, index: int) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("选择材料文件"), "", self.tr(FILE_FILTER)
        )
        self.attach(index, [Path(n) for n in names])

    def on_line_edited(self) -> None:
        self.refresh()
        self.changed.emit()

    def refresh(self) -> None:
        if self.item_ is None:
            return
        for req, row, sub in zip(self.item_.materials, self.rows, self.submissions(), strict=True):
            row.files_label.setText(self.tr("{n} 个").format(n=len(row.files)))
            row.files_label.setToolTip("\n".join(p.name for p in row.files))
            row.clear_button.setEnabled(bool(row.files))
            status = material_status(req, sub)
            if not status.needed:
                text, color = self.tr("不适用"), "#7f8c8d"
            elif status.complete:
                text, color = self.tr("✓ 已收齐"), "#1e8449"
            else:
                text, color = self.tr("缺：") + status.missing, "#c0392b"
            row.status.setText(text)
            row.status.setStyleSheet(f"color: {color};")

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
