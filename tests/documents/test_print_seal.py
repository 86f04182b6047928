"""What the print path sends to the printer still carries the seal (drawn into the page,
not an annotation QtPdf would drop)."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from PIL import Image, ImageChops
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from client.catalog.loading import load_department
from client.documents.data import Decision, DocumentKind
from client.domain import LegalBasis
from offline.documents.service import DocumentService, current_operator
from offline.documents.signing_keys import identity_for
from tests.factories import accept_request, open_service
from ui.background import OpContext
from ui.documents.document_preview import print_pdf

DPI = 100


def red_box(png: Path) -> tuple[int, int, int]:
    """Count of seal-red pixels and the width and height of the box around them."""
    r, g, b = Image.open(png).convert("RGB").split()
    mask = ImageChops.multiply(
        ImageChops.multiply(
            r.point(lambda v: 255 if v > 180 else 0), g.point(lambda v: 255 if v < 100 else 0)
        ),
        b.point(lambda v: 255 if v < 100 else 0),
    )
    box = mask.getbbox()
    if box is None:
        return 0, 0, 0
    return mask.histogram()[255], box[2] - box[0], box[3] - box[1]


def test_printed_decision_shows_the_seal(qtbot: QtBot, tmp_path: Path) -> None:
    service = open_service(tmp_path / "profile")
    store = service.store
    number = service.submit(accept_request(store)).case_number
    department = load_department()
    documents = DocumentService(store, department, lambda: identity_for(store, department))
    today = dt.date.today()
    documents.record_decision(
        number,
        Decision(
            True,
            "培审批食许〔2026〕7号",
            "准予食品经营许可",
            (LegalBasis("《中华人民共和国食品安全法》", "第三十五条"),),
            "",
            today,
            "周审批",
        ),
    )
    produced = documents.produce(number, DocumentKind.APPROVAL_DECISION, current_operator(store))
    assert produced.sealed and produced.signed

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    assert print_pdf(store.read_document(produced.path), printer, OpContext()) >= 1
    png = tmp_path / "printed"
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(DPI),
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(printed),
            str(png),
        ],
        check=True,
    )
    count, width, height = red_box(Path(f"{png}.png"))
    diameter = department.seal.diameter_mm / 25.4 * DPI  # 42 mm ≈ 165 px at 100 dpi
    assert count > 500, "no seal on the printed page"
    assert abs(width - diameter) < 0.12 * diameter and abs(height - diameter) < 0.12 * diameter

    # The same case's 送达回证 (a form, never sealed) prints without any seal red.
    notice = documents.produce(number, DocumentKind.DELIVERY_RECEIPT, current_operator(store))
    assert not notice.sealed
    plain = tmp_path / "plain"
    notice_pdf = tmp_path / "notice.pdf"
    notice_pdf.write_bytes(store.read_document(notice.path))  # encrypted at rest
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(DPI),
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(notice_pdf),
            str(plain),
        ],
        check=True,
    )
    assert red_box(Path(f"{plain}.png"))[0] == 0
