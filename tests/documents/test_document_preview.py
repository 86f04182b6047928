"""DocumentPreview: shows a PDF with QtPdf and prints its pages onto a QPrinter."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from pytestqt.qtbot import QtBot
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from client.documents.fontfiles import font_bytes, font_source
from client.errors import Cancelled
from client.resources import resource
from ui.background import OpContext
from ui.documents.document_preview import DocumentPreview, print_pdf

FONT = resource("fonts", "wqy-zenhei.ttf.gz")
RECEIPT = (80 * mm, 160 * mm)


@pytest.fixture(scope="module", autouse=True)
def chinese_ui_font(qapp: QApplication) -> None:
    """Offscreen Qt knows only DejaVu: without this the buttons would show boxes."""
    font_id = QFontDatabase.addApplicationFontFromData(font_bytes(FONT))
    assert font_id >= 0
    qapp.setFont(QFont(QFontDatabase.applicationFontFamilies(font_id)[0], 10))


@pytest.fixture
def receipt_pdf(tmp_path: Path) -> Path:
    """A two-page 80 mm receipt with Chinese text in the bundled, embeddable font."""
    pdfmetrics.registerFont(TTFont("TestZenHei", font_source(FONT)))
    path = tmp_path / "receipt.pdf"
    pdf = canvas.Canvas(str(path), pagesize=RECEIPT)
    for page in (1, 2):
        pdf.setFont("TestZenHei", 14)
        pdf.drawString(8 * mm, 145 * mm, f"受理回执（第 {page} 页）")
        pdf.setFont("TestZenHei", 9)
        for line in range(12):
            pdf.drawString(8 * mm, (132 - 8 * line) * mm, f"材料 {line + 1}：居民身份证复印件 1 份")
        pdf.rect(8 * mm, 10 * mm, 64 * mm, 12 * mm, fill=1)  # a solid block, like a barcode
        pdf.showPage()
    pdf.save()
    return path


def open_preview(qtbot: QtBot, pdf: Path) -> DocumentPreview:
    preview = DocumentPreview(pdf, "受理回执预览", printer_setting="receipt")
    qtbot.addWidget(preview)
    preview.show()
    qtbot.waitExposed(preview)
    return preview


def test_preview_shows_page_count_and_chinese_buttons(
    qtbot: QtBot, receipt_pdf: Path, tmp_path: Path
) -> None:
    preview = open_preview(qtbot, receipt_pdf)
    assert preview.windowTitle() == "受理回执预览"
    assert preview.page_count() == 2
    label = preview.findChild(QLabel, "pageLabel")
    assert label is not None and label.text() == "第 1 / 2 页"
    texts = {button.text() for button in preview.findChildren(QPushButton)}
    assert {"打印…", "另存为 PDF…", "关闭"} <= texts
    qtbot.wait(200)  # let QPdfView render its first pages
    assert preview.grab().save(str(tmp_path / "preview-look.png"))


def test_print_to_pdf_printer(qtbot: QtBot, receipt_pdf: Path, tmp_path: Path) -> None:
    preview = open_preview(qtbot, receipt_pdf)
    output = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(output))

    with qtbot.waitSignal(preview.printed, timeout=20000) as signal:
        preview.print_to(printer)
    assert signal.args == [2]

    # The printed pages keep the PDF's own paper size (80 mm roll, not the printer's A4).
    printed = QPdfDocument()
    assert printed.load(str(output)) == QPdfDocument.Error.None_
    for page in range(printed.pageCount()):
        size = printed.pagePointSize(page)
        assert size.width() == pytest.approx(RECEIPT[0], abs=1)
        assert size.height() == pytest.approx(RECEIPT[1], abs=1)
    printed.close()

    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", str(output), str(tmp_path / "page")], check=True
    )
    pngs = sorted(tmp_path.glob("page-*.png"))
    assert len(pngs) == 2
    for png in pngs:
        image = QImage(str(png))
        text_area = image.copy(0, 0, image.width(), image.height() * 3 // 4)
        assert dark_pixel_share(text_area) > 0.002  # the Chinese lines printed
        assert dark_pixel_share(image) > 0.03  # and the solid block at the foot


def test_cancelled_print_stops_before_painting(receipt_pdf: Path, tmp_path: Path) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "cancelled.pdf"))
    ctx = OpContext()
    ctx.cancel()
    with pytest.raises(Cancelled):
        print_pdf(receipt_pdf, printer, ctx)


def test_save_copy(
    qtbot: QtBot, receipt_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    preview = open_preview(qtbot, receipt_pdf)
    chosen = tmp_path / "副本"  # no suffix: the dialog adds .pdf
    monkeypatch.setattr(
        "ui.documents.document_preview.QFileDialog.getSaveFileName",
        staticmethod(lambda *args, **kwargs: (str(chosen), "")),
    )
    save = preview.findChild(QPushButton, "saveButton")
    assert save is not None
    save.click()
    copy = tmp_path / "副本.pdf"
    qtbot.waitUntil(copy.exists, timeout=5000)
    qtbot.waitUntil(lambda: copy.read_bytes() == receipt_pdf.read_bytes(), timeout=5000)


def test_unreadable_file_disables_printing(qtbot: QtBot, tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"not a pdf")
    preview = open_preview(qtbot, broken)
    button = preview.findChild(QPushButton, "printButton")
    assert button is not None and button.isEnabled() is False
    label = preview.findChild(QLabel, "pageLabel")
    assert label is not None and "无法打开文件" in label.text()


def dark_pixel_share(image: QImage) -> float:
    """Share of pixels darker than mid-grey, sampled on a grid (pages are mostly white)."""
    assert not image.isNull()
    samples = dark = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            samples += 1
            dark += QColor(image.pixel(x, y)).lightness() < 128
    return dark / samples


def test_printer_choice_lives_in_the_profile(
    qtbot: QtBot, receipt_pdf: Path, tmp_path: Path
) -> None:
    """The printer chosen for each paper is kept in the profile's settings (so a copied
    profile takes it along), and the other paper's choice is left alone."""
    from offline.storage.profile import open_profile
    from ui.background import serial_pool

    store = open_profile(tmp_path / "profile")
    store.set_setting("printing.a4_printer", "Office-A4")
    pool = serial_pool()
    preview = DocumentPreview(receipt_pdf, "回执", printer_setting="receipt", store=store,
                              write_pool=pool)  # fmt: skip
    qtbot.addWidget(preview)
    preview.remember_printer("Roll-80")
    pool.waitForDone()
    store.close()
    reopened = open_profile(tmp_path / "profile")
    assert reopened.settings.text("printing.receipt_printer") == "Roll-80"
    assert reopened.settings.text("printing.a4_printer") == "Office-A4"
    reopened.close()
