"""Which printer prints what, and printing a PDF file onto a named printer.

The 80 mm roll takes the acceptance slip; every other document is A4. The printer chosen for
each paper lives in the profile (settings `printing.receipt_printer`, `printing.a4_printer`),
so a profile copied to another seat takes its printers along and nothing hides in QSettings.
The window's preview, the first-run wizard and the `print` CLI verb all end in
`ui.documents.document_preview.print_pdf`, so what an administrator tests is what the clerk gets.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from client.documents.data import DocumentKind
from client.documents.printer_check import PAPERS, Paper, render_test_page
from client.errors import ClerkError
from offline.storage.store import Store
from ui.background import OpContext
from ui.documents.document_preview import print_pdf

PRINTER_SETTING: dict[Paper, str] = {
    "receipt": "printing.receipt_printer",
    "a4": "printing.a4_printer",
}
MAX_COPIES = 20


class PrinterNotFound(ClerkError):
    """The printer asked for (or any printer at all) is not installed on this computer."""


def _tr(text: str) -> str:
    return QCoreApplication.translate("Printing", text)


def paper_for(kind: DocumentKind) -> Paper:
    return "receipt" if kind is DocumentKind.ACCEPTANCE_SLIP else "a4"


def paper_label(paper: Paper) -> str:
    return _tr("80 毫米回执打印机") if paper == "receipt" else _tr("A4 文书打印机")


def remembered_printer(store: Store, paper: Paper) -> str:
    return store.settings.text(PRINTER_SETTING[paper])


def available_printers() -> list[str]:
    return [str(name) for name in QPrinterInfo.availablePrinterNames()]


def choose_printer(store: Store, paper: Paper, explicit: str = "") -> str:
    """The printer to use: `explicit` when given, else the profile's choice for the paper,
    else the system default. Raises PrinterNotFound (with the installed ones) otherwise."""
    installed = available_printers()
    listed = "、".join(installed) if installed else _tr("（无）")
    if explicit:
        if explicit not in installed:
            raise PrinterNotFound(
                _tr("找不到打印机“%1”。").replace("%1", explicit),
                _tr("已安装的打印机：%1").replace("%1", listed),
            )
        return explicit
    remembered = remembered_printer(store, paper)
    if remembered and remembered in installed:
        return remembered
    default = str(QPrinterInfo.defaultPrinterName())
    if default:
        return default
    if remembered:
        raise PrinterNotFound(
            _tr("设置的%1“%2”已不在本机。")
            .replace("%1", paper_label(paper))
            .replace("%2", remembered),
            _tr("已安装的打印机：%1").replace("%1", listed),
        )
    raise PrinterNotFound(
        _tr("本机没有可用的打印机。"),
        _tr("请先在操作系统中添加打印机，或用 --printer 指定。"),
    )


def print_file(
    pdf: Path | bytes, printer_name: str, copies: int, ctx: OpContext, name: str = ""
) -> int:
    """Print `pdf` (a file, or a document's bytes decrypted from the store) on `printer_name`
    (`copies` times); returns the sheets handed over.

    A worker thread or a CLI process may call this; it uses no widget."""
    if not 1 <= copies <= MAX_COPIES:
        raise ClerkError(
            _tr("份数应在 1 至 %1 之间。").replace("%1", str(MAX_COPIES)),
        )
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.NativeFormat)
    printer.setPrinterName(printer_name)
    printer.setCopyCount(copies)
    printer.setDocName(name or (pdf.stem if isinstance(pdf, Path) else "chuangkou"))
    return print_pdf(pdf, printer, ctx)


def write_test_page(directory: Path, paper: Paper, window_code: str) -> Path:
    """The test page for `paper` as a PDF file in `directory`."""
    if paper not in PAPERS:
        raise ClerkError(_tr("测试页只有 a4 和 receipt 两种。"))
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"printer-test-{paper}.pdf"
    path.write_bytes(render_test_page(paper, window_code, dt.datetime.now()))
    return path
