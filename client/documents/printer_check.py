"""The printer test page: one sheet for the A4 printer or the 80 mm receipt roll.

It carries what a clerk or an administrator checks on paper: Chinese text in the document
font (no boxes), the window, the time, a ruler of known length (the printer does not scale)
and a Code128 symbol a handheld scanner must read (the printer's resolution is good enough for
the receipt's barcode). It is printed through the same path as every document.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Literal

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from client.documents.barcodes import (
    MIN_MODULE_WIDTH,
    QUIET_ZONE_MODULES,
    code128_modules,
    draw_code128,
)
from client.documents.fonts import register_fonts
from client.i18n import translate

Paper = Literal["a4", "receipt"]
PAPERS: tuple[Paper, ...] = ("a4", "receipt")
RECEIPT_SIZE = (80 * mm, 120 * mm)
RULER_MM = 50


def _t(text: str) -> str:
    return translate("test_page", text)


def check_code(window_code: str, paper: Paper) -> str:
    """The value of the page's barcode: says which window and which paper it tested."""
    return f"TEST-{window_code}-{'A4' if paper == 'a4' else 'R80'}"


def render_test_page(paper: Paper, window_code: str, when: dt.datetime) -> bytes:
    """The test page as PDF bytes."""
    fonts = register_fonts()
    width, height = A4 if paper == "a4" else RECEIPT_SIZE
    margin = 20 * mm if paper == "a4" else 6 * mm
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(width, height), pageCompression=1)
    pdf.setTitle(_t("打印测试页"))
    y = height - margin - 8 * mm
    pdf.setFont(fonts.heading, 18 if paper == "a4" else 14)
    pdf.drawString(margin, y, _t("窗口受理客户端 打印测试页"))
    y -= 10 * mm
    pdf.setFont(fonts.body, 11 if paper == "a4" else 9)
    paper_name = _t("A4 文书打印机") if paper == "a4" else _t("80 毫米回执打印机")
    for line in (
        _t("纸张：{paper}").format(paper=paper_name),
        _t("窗口：{window}").format(window=window_code),
        _t("时间：{when}").format(when=when.strftime("%Y-%m-%d %H:%M")),
        _t("中文字样：政务服务窗口受理通知书，一次性告知。"),
    ):
        pdf.drawString(margin, y, line)
        y -= 6 * mm
    # A ruler of known length: measured on paper, it shows whether the driver scales.
    y -= 4 * mm
    pdf.setLineWidth(0.6)
    pdf.line(margin, y, margin + RULER_MM * mm, y)
    for tick in range(RULER_MM + 1):
        tall = 3 * mm if tick % 10 == 0 else 1.5 * mm
        pdf.line(margin + tick * mm, y, margin + tick * mm, y + tall)
    y -= 5 * mm
    pdf.drawString(margin, y, _t("此线应长 {n} 毫米").format(n=RULER_MM))
    code = check_code(window_code, paper)
    module = max(MIN_MODULE_WIDTH, 0.4 * mm)
    bar_width = (len(code128_modules(code)) + 2 * QUIET_ZONE_MODULES) * module
    y -= 22 * mm
    draw_code128(pdf, (width - bar_width) / 2, y, code, bar_width, 15 * mm)
    pdf.setFont(fonts.body, 8)
    pdf.drawCentredString(width / 2, y - 4 * mm, code)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
