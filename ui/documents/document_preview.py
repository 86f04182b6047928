"""Preview and print of a generated PDF: the acceptance slip now, every document later.

Documents are produced as PDF by reportlab (docs/architecture.md, Documents); the clerk sees
exactly that PDF here, and printing rasterises the same pages with QtPdf at the printer's
resolution, so what is printed is what was previewed, on any printer driver.

Threads: rendering and painting both run in the BackgroundOp job. Qt documents QPainter on a
QPrinter as supported outside the GUI thread ("Thread-Support in Qt Modules: Painting in
Threads"), as long as only one thread paints on the device, so painting a page needs no round
trip to the UI thread and a large A4 bitmap never stalls the UI while the driver compresses it.
The job opens its own QPdfDocument, so the preview's document is never used from two threads.
The printer object belongs to the job until `printed` (or a failure) arrives.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QMargins,
    QMarginsF,
    QRectF,
    QSize,
    QSizeF,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QImage,
    QKeySequence,
    QPageLayout,
    QPageSize,
    QPainter,
)
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from client.errors import Cancelled, ClerkError
from ui.background import BackgroundOp, OpContext

if TYPE_CHECKING:
    from PySide6.QtCore import QThreadPool

    from offline.storage.store import Store

# Bitmaps above this resolution only cost memory: an A4 page at 600 dpi is already ~35 Mpx.
MAX_RENDER_DPI = 600
POINTS_PER_INCH = 72.0


class PrintError(ClerkError):
    """Printing could not start or a page could not be rendered (message in Chinese)."""


def _tr(text: str) -> str:
    return QCoreApplication.translate("DocumentPreview", text)


def page_layout_for(size_pt: QSizeF) -> QPageLayout:
    """A borderless layout of the PDF page's own size: 80 mm roll or A4 (matched to A4 when
    within a few points, so drivers pick their A4 tray)."""
    width, height = size_pt.width(), size_pt.height()
    portrait = QSizeF(min(width, height), max(width, height))
    orientation = (
        QPageLayout.Orientation.Landscape if width > height else QPageLayout.Orientation.Portrait
    )
    return QPageLayout(
        QPageSize(portrait, QPageSize.Unit.Point), orientation, QMarginsF(), QPageLayout.Unit.Point
    )


def render_page(document: QPdfDocument, page: int, dpi: float) -> QImage:
    """The page as an opaque image at `dpi`: QtPdf renders onto transparency, and an alpha
    channel would make drivers and the PDF engine blend every page."""
    size_pt = document.pagePointSize(page)
    pixels = QSize(
        round(size_pt.width() * dpi / POINTS_PER_INCH),
        round(size_pt.height() * dpi / POINTS_PER_INCH),
    )
    image = document.render(page, pixels)
    if image.isNull():
        raise PrintError(_tr("第 %1 页无法渲染。").replace("%1", str(page + 1)))
    # Put white paper under the page in place: a second A4 bitmap would double the peak memory.
    painter = QPainter(image)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_DestinationOver)
    painter.fillRect(image.rect(), QColor("white"))
    painter.end()
    image.convertTo(QImage.Format.Format_RGB32)
    return image


def load_pdf(document: QPdfDocument, pdf: Path | bytes) -> tuple[bool, QBuffer | None]:
    """Load a file, or bytes (a document decrypted from the store): whether it loaded, and
    the buffer to keep alive as long as the document."""
    if isinstance(pdf, Path):
        return document.load(str(pdf)) == QPdfDocument.Error.None_, None
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    return document.status() == QPdfDocument.Status.Ready, buffer


def print_pdf(pdf: Path | bytes, printer: QPrinter, ctx: OpContext) -> int:
    """Print every page of `pdf` at actual size; returns the number of sheets.

    Runs in a worker thread: uses no widget and no QObject of the UI thread.
    """
    pdf_path = pdf if isinstance(pdf, Path) else Path("document.pdf")
    document = QPdfDocument()
    loaded, _buffer = load_pdf(document, pdf)
    if not loaded:
        raise PrintError(_tr("无法打开文件：%1").replace("%1", str(pdf_path)))
    pages = document.pageCount()
    if pages == 0:
        raise PrintError(_tr("文件没有可打印的页面：%1").replace("%1", str(pdf_path)))
    # A driver that cannot make copies itself gets the whole document repeated (collated).
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    dpi = min(printer.resolution(), MAX_RENDER_DPI)
    sheets = [page for _ in range(copies) for page in range(pages)]
    printer.setFullPage(True)
    printer.setPageLayout(page_layout_for(document.pagePointSize(0)))
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError(_tr("无法开始打印，请检查打印机是否已连接。"))
    try:
        for index, page in enumerate(sheets):
            if ctx.cancelled():
                printer.abort()
                raise Cancelled
            ctx.report(index, len(sheets), _tr("第 %1 页").replace("%1", str(page + 1)))
            size_pt = document.pagePointSize(page)
            if index > 0:
                printer.setPageLayout(page_layout_for(size_pt))
                if not printer.newPage():
                    raise PrintError(_tr("打印机拒绝了新的一页。"))
            target = QRectF(
                0,
                0,
                size_pt.width() * printer.logicalDpiX() / POINTS_PER_INCH,
                size_pt.height() * printer.logicalDpiY() / POINTS_PER_INCH,
            )
            painter.drawImage(target, render_page(document, page, dpi))
        ctx.report(len(sheets), len(sheets))
    finally:
        painter.end()
    return len(sheets)


class DocumentPreview(QDialog):
    """Shows a PDF fit to width, and prints it or saves a copy.

    `printer_setting` names the paper ("receipt" for the 80 mm roll, "a4"), so the printer
    chosen for it (kept in the profile: ui/documents/printing.py) is offered again. Without a
    `store` nothing is remembered; the choice is saved on `write_pool`, off the UI thread.

    Signals:
        printed(int): the pages were handed to the printer; the count includes copies made
            page by page. Emitted on the UI thread.
    """

    printed = Signal(int)

    def __init__(
        self,
        pdf_path: Path,
        title: str,
        parent: QWidget | None = None,
        printer_setting: str = "receipt",
        store: Store | None = None,
        write_pool: QThreadPool | None = None,
        pdf_bytes: bytes | None = None,
    ) -> None:
        """`pdf_bytes`, when given, is the document itself (decrypted from the store) and
        `pdf_path` only names it; otherwise the PDF is read from `pdf_path`."""
        super().__init__(parent)
        # Closed is gone: a preview holds its rendered pages (megabytes), and a window that
        # runs all day opens one per intake. A print or copy still running keeps its own
        # values (never `self`), so closing mid-print is safe.
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._pdf_path = pdf_path
        self._pdf: Path | bytes = pdf_path if pdf_bytes is None else pdf_bytes
        self._printer_setting = printer_setting
        self._store = store
        self._write_pool = write_pool
        self.setWindowTitle(title)

        self._document = QPdfDocument(self)
        loaded, self._buffer = load_pdf(self._document, self._pdf)
        self._view = QPdfView(self)
        self._view.setPageMode(QPdfView.PageMode.MultiPage)
        self._view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        # Room around and between pages, so sheet edges read as paper on the grey.
        self._view.setDocumentMargins(QMargins(12, 12, 12, 12))
        self._view.setPageSpacing(12)
        self._view.setDocument(self._document)
        self._view.pageNavigator().currentPageChanged.connect(self.on_view_page_changed)

        self._page_label = QLabel(self)
        self._page_label.setObjectName("pageLabel")
        self._print_button = QPushButton(self.tr("打印…"), self)
        self._print_button.setObjectName("printButton")
        self._print_button.setShortcut(QKeySequence.StandardKey.Print)
        self._print_button.setDefault(True)
        self._print_button.clicked.connect(self.on_print_clicked)
        self._save_button = QPushButton(self.tr("另存为 PDF…"), self)
        self._save_button.setObjectName("saveButton")
        self._save_button.clicked.connect(self.on_save_clicked)
        close_button = QPushButton(self.tr("关闭"), self)
        close_button.setAutoDefault(False)
        close_button.clicked.connect(self.reject)

        buttons = QHBoxLayout()
        buttons.addWidget(self._page_label)
        buttons.addStretch(1)
        buttons.addWidget(self._print_button)
        buttons.addWidget(self._save_button)
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self._view, 1)
        layout.addLayout(buttons)

        if loaded:
            self.on_view_page_changed(0)
        else:
            self._page_label.setText(self.tr("无法打开文件：%1").replace("%1", pdf_path.name))
            self._print_button.setEnabled(False)
            self._save_button.setEnabled(False)
        self.resize(self._initial_size())

    def page_count(self) -> int:
        return self._document.pageCount()

    def print_to(self, printer: QPrinter) -> None:
        """Print every page onto `printer` in the background; emits `printed` when done.

        The caller must leave `printer` alone until then (it is painted from a worker thread).
        """
        self._print_button.setEnabled(False)
        source = self._pdf  # the job gets plain values, never `self`
        op = BackgroundOp(self, lambda ctx: print_pdf(source, printer, ctx), self.printed.emit)
        op.finished.connect(self.on_print_finished)
        op.with_progress(self.tr("正在打印…")).run()

    def on_print_clicked(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        remembered = self._remembered_printer()
        if remembered and remembered in QPrinterInfo.availablePrinterNames():
            printer.setPrinterName(remembered)
        # Offer the document's own paper size in the dialog.
        printer.setPageLayout(page_layout_for(self._document.pagePointSize(0)))
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("打印"))
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, False)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()  # the printer keeps the choices; the dialog is not needed again
        if not accepted:
            return
        chosen = printer.printerName()
        if printer.outputFormat() == QPrinter.OutputFormat.NativeFormat and chosen:
            self.remember_printer(chosen)
        self.print_to(printer)

    def remember_printer(self, name: str) -> None:
        """Keep `name` as this paper's printer in the profile (when it changed)."""
        store, key = self._store, self._printer_key()
        if store is None or name == self._remembered_printer():
            return
        BackgroundOp(
            self, lambda _ctx: store.set_setting(key, name), lambda _: None, pool=self._write_pool
        ).run()

    def on_print_finished(self) -> None:
        self._print_button.setEnabled(True)

    def on_save_clicked(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("另存为 PDF"),
            str(Path.home() / self._pdf_path.name),
            self.tr("PDF 文件 (*.pdf)"),
        )
        if not chosen:
            return
        target = Path(chosen)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        source = self._pdf
        BackgroundOp(self, lambda ctx: _save_copy(source, target), lambda _: None).run()

    def on_view_page_changed(self, page: int) -> None:
        self._page_label.setText(
            self.tr("第 %1 / %2 页")
            .replace("%1", str(page + 1))
            .replace("%2", str(self.page_count()))
        )

    def _printer_key(self) -> str:
        return (
            "printing.receipt_printer"
            if self._printer_setting == "receipt"
            else ("printing.a4_printer")
        )

    def _remembered_printer(self) -> str:
        return self._store.settings.text(self._printer_key()) if self._store else ""

    def _initial_size(self) -> QSize:
        """Narrow for a receipt roll, wider for A4; never taller than the screen."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        available = screen.availableGeometry().size()
        width_pt = self._document.pagePointSize(0).width() if self.page_count() else 595
        width = 460 if width_pt < 300 else 720
        height = min(700, int(available.height() * 0.9))  # 1366×768 with a taskbar: 728
        return QSize(min(width, available.width()), height)


def _save_copy(source: Path | bytes, target: Path) -> None:
    if isinstance(source, Path):
        shutil.copyfile(source, target)
    else:
        target.write_bytes(source)
