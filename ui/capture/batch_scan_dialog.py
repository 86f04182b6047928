"""批量扫描: separator sheets, one stack, pages sorted to materials.

1. Print a separator sheet per chosen material of the item (its code as a barcode).
2. Put each material's pages behind its sheet and scan the whole stack at once (document
   feeder), or import the file a scan-to-folder scanner wrote.
3. Review which pages went to which material (pages before the first sheet, or behind a sheet
   that could not be read, are listed as unassigned), then 确认分配 adds them to the lines.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from client.capture.devices import open_scanner
from client.capture.pages import Page
from client.capture.separators import StackSplit, render_separator_sheets, split_stack
from client.domain import Requirement, ServiceItem
from ui.background import BackgroundOp, OpContext, failure_text
from ui.capture.material_capture import Acquired, MaterialCapture
from ui.capture.scan_settings import ScanSettingsRow

STACK_FILTER = str(
    QT_TRANSLATE_NOOP("BatchScanDialog", "扫描文件 (*.pdf *.tif *.tiff *.jpg *.jpeg *.png)")
)


def page_numbers(numbers: list[int]) -> str:
    """1-based stack positions as compact ranges: [1, 2, 3, 5] → "1–3、5"."""
    parts: list[str] = []
    start = prev = None
    for n in sorted(numbers):
        if start is None:
            start = prev = n
        elif prev is not None and n == prev + 1:
            prev = n
        else:
            parts.append(f"{start}–{prev}" if start != prev else str(start))
            start = prev = n
    if start is not None:
        parts.append(f"{start}–{prev}" if start != prev else str(start))
    return "、".join(parts)


class BatchScanDialog(QDialog):
    """Signals:
    assigned(dict): material code → tuple of Pages, when the clerk confirms the review.
    """

    assigned = Signal(dict)

    def __init__(self, capture: MaterialCapture, item: ServiceItem, parent: QWidget | None = None):
        super().__init__(parent)
        self.capture = capture
        self.item = item
        self.stack: tuple[Page, ...] = ()
        self.split: StackSplit | None = None
        self.sheets_pdf: Path | None = None
        self.preview: QDialog | None = None
        self.setWindowTitle(self.tr("批量扫描：{name}").format(name=item.name))
        self.setObjectName("batch_scan_dialog")

        # 1. separator sheets
        self.materials = QListWidget()
        self.materials.setObjectName("batch_materials")
        self.materials.setMaximumHeight(self.materials.fontMetrics().lineSpacing() * 9)
        for req in item.materials:
            entry = QListWidgetItem(f"{req.name}（{req.code}）")
            entry.setData(Qt.ItemDataRole.UserRole, req.code)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            required = req.requirement is Requirement.REQUIRED
            entry.setCheckState(Qt.CheckState.Checked if required else Qt.CheckState.Unchecked)
            self.materials.addItem(entry)
        self.sheets_button = QPushButton(self.tr("生成分隔页并打印…"))
        self.sheets_button.setObjectName("separator_sheets_button")
        self.sheets_button.setAutoDefault(False)
        sheets_box = QGroupBox(
            self.tr("第一步：打印分隔页（每份材料一张，放在该材料的第一页之前）")
        )
        sheets_layout = QVBoxLayout(sheets_box)
        sheets_layout.addWidget(self.materials)
        sheets_layout.addWidget(self.sheets_button, 0, Qt.AlignmentFlag.AlignRight)

        # 2. the stack
        settings = replace(capture.scan_settings(), feeder=True)
        self.scan_row = ScanSettingsRow(capture.scanners, settings)
        self.scan_row.feeder.setChecked(True)
        self.scan_button = QPushButton(self.tr("扫描整叠"))
        self.scan_button.setObjectName("batch_scan_stack_button")
        self.scan_button.setAutoDefault(False)
        self.import_button = QPushButton(self.tr("导入已扫描的文件…"))
        self.import_button.setAutoDefault(False)
        stack_box = QGroupBox(self.tr("第二步：把整叠材料放入进纸器扫描，或导入扫描好的文件"))
        stack_layout = QVBoxLayout(stack_box)
        stack_layout.addWidget(self.scan_row)
        stack_buttons = QHBoxLayout()
        stack_buttons.addStretch()
        stack_buttons.addWidget(self.import_button)
        stack_buttons.addWidget(self.scan_button)
        stack_layout.addLayout(stack_buttons)

        # 3. review
        self.review = QTableWidget(0, 3)
        self.review.setObjectName("batch_review")
        self.review.setHorizontalHeaderLabels(
            [self.tr("材料"), self.tr("页数"), self.tr("整叠中的页码")]
        )
        self.review.verticalHeader().hide()
        self.review.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.review.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        review_box = QGroupBox(self.tr("第三步：核对分配结果"))
        self.unassigned_target = QComboBox()
        self.unassigned_target.setObjectName("unassigned_target")
        self.unassigned_target.addItem(self.tr("不归入任何材料"), "")
        for req in item.materials:
            self.unassigned_target.addItem(req.name, req.code)
        self.unassigned_row = QWidget()
        unassigned_layout = QHBoxLayout(self.unassigned_row)
        unassigned_layout.setContentsMargins(0, 0, 0, 0)
        unassigned_layout.addWidget(QLabel(self.tr("未能归类的页归入：")))
        unassigned_layout.addWidget(self.unassigned_target, 1)
        self.unassigned_row.setVisible(False)
        review_layout = QVBoxLayout(review_box)
        review_layout.addWidget(self.review)
        review_layout.addWidget(self.unassigned_row)

        self.message = QLabel()
        self.message.setObjectName("batch_message")
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing() * 3)
        self.confirm_button = QPushButton(self.tr("确认分配"))
        self.confirm_button.setObjectName("batch_confirm_button")
        self.confirm_button.setEnabled(False)
        self.confirm_button.setAutoDefault(False)
        cancel_button = QPushButton(self.tr("取消"))
        cancel_button.setAutoDefault(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(cancel_button)
        bottom.addWidget(self.confirm_button)
        layout = QVBoxLayout(self)
        layout.addWidget(sheets_box)
        layout.addWidget(stack_box)
        layout.addWidget(review_box, 1)
        layout.addLayout(bottom)

        self.sheets_button.clicked.connect(self.on_sheets_clicked)
        self.scan_button.clicked.connect(self.on_scan_clicked)
        self.import_button.clicked.connect(self.on_import_clicked)
        self.confirm_button.clicked.connect(self.on_confirm_clicked)
        cancel_button.clicked.connect(self.reject)
        self.resize(860, 720)

    def chosen_codes(self) -> list[str]:
        return [
            str(self.materials.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.materials.count())
            if self.materials.item(i).checkState() == Qt.CheckState.Checked
        ]

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #c0392b;" if error else "")

    # --- 1. separator sheets ------------------------------------------------------------------

    def on_sheets_clicked(self) -> None:
        codes = self.chosen_codes()
        if not codes:
            self.show_message(self.tr("请至少勾选一份材料"), error=True)
            return
        item = self.item
        out = self.capture.workspace.new_path(".pdf")

        duplex = self.scan_row.feeder.isChecked() and self.scan_row.duplex.isChecked()

        def render(_ctx: OpContext) -> Path:
            # Two-sided scanning: each sheet's back carries the code too, so both are dropped.
            render_separator_sheets(item, codes, out, duplex=duplex)
            return out

        op = BackgroundOp(self, render, self.on_sheets_rendered)
        op.on_failure(lambda exc: self.show_message(failure_text(exc), error=True))
        op.with_progress(self.tr("正在生成分隔页…"), cancellable=False).run()

    def on_sheets_rendered(self, path: Path) -> None:
        from ui.documents.document_preview import (
            DocumentPreview,  # QtPdf and printing: load on first use
        )

        self.sheets_pdf = path
        preview = DocumentPreview(path, self.tr("分隔页"), self, printer_setting="a4")
        preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview = preview
        preview.show()

    # --- 2. the stack -------------------------------------------------------------------------

    def on_scan_clicked(self) -> None:
        device = self.scan_row.chosen_device()
        if device is None:
            self.show_message(self.tr("没有可用的扫描仪：请连接扫描仪后点击“重新查找”"), True)
            return
        settings = replace(self.scan_row.settings(), feeder=True)
        source = open_scanner(device, self.capture.workspace)
        op = self.capture.acquire(
            self, source, settings, self.tr("正在扫描整叠材料…"), self.on_stack
        )
        op.on_failure(lambda exc: self.show_message(failure_text(exc), error=True))

    def on_import_clicked(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("选择扫描好的文件"), "", self.tr(STACK_FILTER)
        )
        if names:
            self.import_stack([Path(n) for n in names])

    def import_stack(self, paths: list[Path]) -> None:
        """Files holding the scanned stack, in order (a multi-page PDF/TIFF or page images)."""
        op = self.capture.import_files(self, paths, self.on_stack)
        op.on_failure(lambda exc: self.show_message(failure_text(exc), error=True))

    def on_stack(self, acquired: Acquired) -> None:
        if acquired.refused or acquired.problem:
            self.show_message("\n".join((*acquired.refused, acquired.problem)).strip(), error=True)
        if not acquired.pages:
            return
        self.stack = acquired.pages
        stack, item = self.stack, self.item
        op = BackgroundOp(
            self, lambda ctx: split_stack(stack, item, ctx.report, ctx.cancelled), self.on_split
        )
        op.on_failure(lambda exc: self.show_message(failure_text(exc), error=True))
        op.with_progress(self.tr("正在识别分隔页…")).run()

    # --- 3. review ----------------------------------------------------------------------------

    def on_split(self, split: StackSplit) -> None:
        self.split = split
        position = {page: n for n, page in enumerate(self.stack, start=1)}
        rows: list[tuple[str, tuple[Page, ...], bool]] = [
            (group.material_name, group.pages, not group.pages) for group in split.groups
        ]
        if split.unassigned:
            rows.append((self.tr("未能归类的页"), split.unassigned, True))
        self.review.setRowCount(len(rows))
        for row, (name, pages, problem) in enumerate(rows):
            numbers = [position[p] for p in pages if p in position]
            cells = (name, str(len(pages)), page_numbers(numbers))
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if problem:
                    cell.setForeground(QColor("#c0392b"))
                self.review.setItem(row, column, cell)
        assigned = sum(len(group.pages) for group in split.groups)
        summary = self.tr("共 {total} 页：{sheets} 张分隔页，{done} 页已归类").format(
            total=len(self.stack), sheets=split.separator_count, done=assigned
        )
        self.show_message("\n".join((summary, *split.problems)), error=bool(split.problems))
        self.unassigned_row.setVisible(bool(split.unassigned))
        self.confirm_button.setEnabled(assigned > 0 or bool(split.unassigned))

    def assignment(self) -> dict[str, tuple[Page, ...]]:
        """Material code → its pages. Unassigned pages go to the material the clerk picked
        for them (after that material's own pages), or to none."""
        if self.split is None:
            return {}
        result = {g.material_code: g.pages for g in self.split.groups if g.pages}
        target = str(self.unassigned_target.currentData() or "")
        if target and self.split.unassigned:
            result[target] = result.get(target, ()) + self.split.unassigned
        return result

    def on_confirm_clicked(self) -> None:
        self.assigned.emit(self.assignment())
        self.accept()
