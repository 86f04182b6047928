"""A4 page layout for notices and decisions after GB/T 9704-2012 (党政机关公文格式).

版心 156 × 225 mm (margins: top 37, left 28, right 26, bottom 35 mm); title 2号 (22 pt) in the
title face (小标宋's stand-in); body 3号 set to GB/T 9704's grid of 22 lines × 28 characters
that fill the 版心 (a 15.8 pt character pitch, as a word processor's character grid sets 16 pt
type, and 28.99 pt leading); page numbers "— 1 —" in 4号 宋体, 7 mm below the 版心, odd pages
right and even pages left, one character in. The top margin carries the case number as Code128
and the query URL as an ASCII QR code; training copies get a diagonal 培训样本 on every page and
a 培训模式 line at the foot; reprints a 补打 mark.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm as _mm
from reportlab.platypus import Flowable, Table, TableStyle
from reportlab.platypus.doctemplate import BaseDocTemplate, PageTemplate
from reportlab.platypus.frames import Frame

from client.documents import fontchain
from client.documents.barcodes import code128_modules, draw_code128, draw_qr
from client.documents.fonts import FontSet
from client.documents.linebreak import CJKParagraph
from client.documents.seal import draw_seal
from client.domain import SealSettings
from client.i18n import translate

mm: float = _mm
PAGE_WIDTH, PAGE_HEIGHT = A4
TOP, LEFT, RIGHT, BOTTOM = 37 * mm, 28 * mm, 26 * mm, 35 * mm
BODY_WIDTH = PAGE_WIDTH - LEFT - RIGHT  # 156 mm
BODY_HEIGHT = PAGE_HEIGHT - TOP - BOTTOM  # 225 mm
TITLE_SIZE = 22.0  # 2号
LINES_PER_PAGE = 22  # GB/T 9704-2012 5.2.2: "一般每面排22行，每行排28个字，并撑满版心"
CHARS_PER_LINE = 28
# 3号 is 16 pt, but 28 characters of 16 pt are 158 mm, wider than the 156 mm 版心: the standard's
# grid means a pitch of 156/28 mm. Word processors keep 16 pt glyphs and squeeze the spacing;
# reportlab has no character spacing for paragraphs, so the type is set at the pitch (1.3 %
# smaller, not visible) and exactly 28 characters fill a line.
BODY_SIZE: float = BODY_WIDTH / CHARS_PER_LINE - 0.001  # 15.79 pt (less rounding)
BODY_LEADING: float = BODY_HEIGHT / LINES_PER_PAGE - 0.001  # 28.99 pt: 22 lines in 225 mm
SMALL_SIZE = 14.0  # 4号: page numbers, table cells
CHAR = BODY_SIZE  # one character of body text, the unit of GB/T 9704 indents
HEADER_TOP = 9 * mm  # from the top edge of the page
QR_SIZE = 20 * mm
BARCODE_HEIGHT = 9 * mm
BARCODE_MODULE = 0.36 * mm
WATERMARK_GREY = colors.Color(0.86, 0.86, 0.86)
LINE = 0.5  # table rules, points


def _t(text: str) -> str:
    return translate("documents", text)


@dataclass(frozen=True)
class Styles:
    fonts: FontSet
    leading: float  # body text; GB/T 9704 allows tightening it to keep the signature on a page
    title: Any
    number: Any
    salutation: Any
    body: Any
    heading: Any  # body-size lines in the heading face (一、二、 level headings)
    cell: Any
    cell_head: Any
    cell_centre: Any
    cell_right: Any
    note: Any


def make_styles(fonts: FontSet, leading: float = BODY_LEADING) -> Styles:
    body = ParagraphStyle(
        "a4-body",
        fontName=fonts.body,
        fontSize=BODY_SIZE,
        leading=leading,
        firstLineIndent=2 * CHAR,
        alignment=TA_JUSTIFY,
        wordWrap="CJK",
    )
    cell = ParagraphStyle(
        "a4-cell",
        parent=body,
        fontSize=SMALL_SIZE,
        leading=21 * leading / BODY_LEADING,  # tables tighten with the body text
        firstLineIndent=0,
    )
    return Styles(
        fonts=fonts,
        leading=leading,
        title=ParagraphStyle(
            "a4-title",
            parent=body,
            fontName=fonts.title,
            fontSize=TITLE_SIZE,
            leading=36,
            firstLineIndent=0,
            alignment=TA_CENTER,
        ),
        number=ParagraphStyle("a4-number", parent=body, firstLineIndent=0, alignment=TA_RIGHT),
        salutation=ParagraphStyle("a4-salutation", parent=body, firstLineIndent=0),
        body=body,
        heading=ParagraphStyle("a4-heading", parent=body, fontName=fonts.heading),
        cell=cell,
        cell_head=ParagraphStyle(
            "a4-cell-head", parent=cell, fontName=fonts.heading, alignment=TA_CENTER
        ),
        cell_centre=ParagraphStyle("a4-cell-centre", parent=cell, alignment=TA_CENTER),
        cell_right=ParagraphStyle("a4-cell-right", parent=cell, alignment=TA_RIGHT),
        note=ParagraphStyle("a4-note", parent=cell, firstLineIndent=2 * SMALL_SIZE),
    )


def para(text: str, style: Any, label: str = "", label_font: str = "") -> Any:
    """A paragraph of plain text (escaped, rare characters in the fallback font).

    `label` is printed first in `label_font` (the heading face), e.g. "许可内容：".
    """
    body = fontchain.markup(text, style.fontName)
    if label:
        font = label_font or style.fontName
        body = f'<font name="{font}">{fontchain.markup(label, font)}</font>{body}'
    return CJKParagraph(body, style)


def grid(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    fonts: FontSet,
    *,
    header: bool = True,
    min_heights: Sequence[float | None] | None = None,
) -> Any:
    """A ruled table; the first row is repeated on every page when `header`."""
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), fonts.body),  # unused, but avoids Helvetica
        ("GRID", (0, 0), (-1, -1), LINE, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]
    table = Table(
        [list(row) for row in rows],
        colWidths=list(widths),
        rowHeights=list(min_heights) if min_heights else None,
        repeatRows=1 if header else 0,
        hAlign="CENTER",
    )
    table.setStyle(TableStyle(commands))
    return table


class Gap(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """Vertical space that, unlike a Spacer, is never dropped at the top of a frame."""

    def __init__(self, height: float) -> None:
        super().__init__()
        self.height = height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0.0, self.height

    def draw(self) -> None:
        pass


class DateBlanks(Flowable):  # type: ignore[misc]
    """ "年　　月　　日" right-aligned, with room to write the date by hand."""

    def __init__(self, font_name: str, size: float) -> None:
        super().__init__()
        self.font_name = font_name
        self.size = size
        self.height = size * 1.3

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.height

    def draw(self) -> None:
        self.canv.setFillColor(colors.black)
        self.canv.setFont(self.font_name, self.size)
        right = self.width - self.size
        # Drawn in reading order, so that text extraction reads 年 月 日.
        for gaps, unit in ((2, _t("年")), (1, _t("月")), (0, _t("日"))):
            self.canv.drawRightString(right - gaps * 3 * self.size, self.size * 0.25, unit)


class SignatureBlock(Flowable):  # type: ignore[misc]
    """Issuing department over the date, after GB/T 9704-2012 7.3.5.

    Sealed (7.3.5.1): the date four characters in from the right edge, the department centred
    over it, and the seal "端正、居中下压" both, its top within one line of the text above.
    Unsealed (7.3.5.2): one blank line below the text, the department two characters in from
    the right, the date on the next line starting two characters right of the department's
    first character (a date longer than that ends two characters in, the department moving
    left to keep its two characters).
    """

    def __init__(
        self,
        department: str,
        date: str,
        fonts: FontSet,
        seal: SealSettings | None,
        leading: float = BODY_LEADING,
    ) -> None:
        super().__init__()
        self.department = department
        self.date = date
        self.fonts = fonts
        self.seal = seal
        self.leading = leading
        self.seal_radius = (seal.diameter_mm * mm / 2) if seal else 0.0
        if seal:
            self.above = max(self.seal_radius - 0.5 * leading, leading)
            # The seal may reach a little into the bottom margin, never onto the page number.
            self.below = max(0.0, self.seal_radius - self._centre_y(0.0) - 8.0)
        else:
            self.above, self.below = leading, 0.0  # 空一行
        self.height = self.above + 2 * leading + self.below

    def _centre_y(self, base: float) -> float:
        """Seal centre above `base`: department and date a little below it (居印章中心偏下)."""
        department_y = base + 2 * self.leading - BODY_SIZE * 0.9
        return department_y - self.leading / 2 + BODY_SIZE * 0.9

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.height

    def centre_x(self) -> float:
        date_width = fontchain.width(self.date, self.fonts.body, BODY_SIZE)
        return self.width - 4 * CHAR - date_width / 2

    def unsealed_lefts(self) -> tuple[float, float]:
        """Left edges of the department and the date without a seal (7.3.5.2)."""
        department_width = fontchain.width(self.department, self.fonts.body, BODY_SIZE)
        date_width = fontchain.width(self.date, self.fonts.body, BODY_SIZE)
        department_left = self.width - 2 * CHAR - department_width
        date_left = department_left + 2 * CHAR
        if date_left + date_width > self.width - 2 * CHAR:
            date_left = self.width - 2 * CHAR - date_width
            department_left = date_left - 2 * CHAR
        return department_left, date_left

    def draw(self) -> None:
        canvas = self.canv
        department_y = self.below + 2 * self.leading - BODY_SIZE * 0.9
        date_y = department_y - self.leading
        canvas.setFillColor(colors.black)
        font = self.fonts.body
        if not self.seal:
            department_left, date_left = self.unsealed_lefts()
            fontchain.draw_string(
                canvas, department_left, department_y, self.department, font, BODY_SIZE, "left"
            )
            fontchain.draw_string(canvas, date_left, date_y, self.date, font, BODY_SIZE, "left")
            return
        x = self.centre_x()
        fontchain.draw_string(canvas, x, department_y, self.department, font, BODY_SIZE, "centre")
        fontchain.draw_string(canvas, x, date_y, self.date, font, BODY_SIZE, "centre")
        draw_seal(canvas, x, self._centre_y(self.below), self.seal, self.fonts.heading)


@dataclass(frozen=True)
class PageMarks:
    """What every page carries besides the story."""

    case_number: str  # Code128; "" for none
    qr_payload: str  # ASCII; "" for none
    training: bool
    reprint: bool


class _Decorator:
    def __init__(self, marks: PageMarks, fonts: FontSet) -> None:
        self.marks = marks
        self.fonts = fonts

    def __call__(self, canvas: Any, doc: Any) -> None:
        canvas.saveState()
        if self.marks.training:
            self._watermark(canvas)
        self._header(canvas)
        self._page_number(canvas, doc.page)
        if self.marks.training:
            self._training_line(canvas)
        canvas.restoreState()

    def _watermark(self, canvas: Any) -> None:
        canvas.saveState()
        canvas.setFillColor(WATERMARK_GREY)
        canvas.setFont(self.fonts.heading, 72)
        for fraction in (0.22, 0.52, 0.82):
            canvas.saveState()
            canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT * fraction)
            canvas.rotate(35)
            canvas.drawCentredString(0, -26, _t("培训样本"))
            canvas.restoreState()
        canvas.restoreState()

    def _header(self, canvas: Any) -> None:
        right = PAGE_WIDTH - RIGHT
        top = PAGE_HEIGHT - HEADER_TOP
        if self.marks.qr_payload:
            draw_qr(canvas, right - QR_SIZE, top - QR_SIZE, self.marks.qr_payload, QR_SIZE)
            right -= QR_SIZE + 2 * mm
        if self.marks.case_number:
            value = self.marks.case_number
            width = (len(code128_modules(value)) + 20) * BARCODE_MODULE
            bottom = top - BARCODE_HEIGHT - 3 * mm
            draw_code128(canvas, right - width, bottom, value, width, BARCODE_HEIGHT)
            canvas.setFillColor(colors.black)
            canvas.setFont(self.fonts.body, 9)
            canvas.drawCentredString(right - width / 2, bottom - 11, value)
        if self.marks.reprint:
            self._reprint_mark(canvas, LEFT, top - 12 * mm)

    def _reprint_mark(self, canvas: Any, x: float, y: float) -> None:
        """A boxed 补打 in the top margin, by the title."""
        canvas.saveState()
        canvas.setStrokeColor(colors.black)
        canvas.setFillColor(colors.black)
        canvas.setLineWidth(1.2)
        canvas.rect(x, y, 2 * 15 + 12, 22, stroke=1, fill=0)
        canvas.setFont(self.fonts.heading, 15)
        canvas.drawString(x + 6, y + 6, _t("补打"))
        canvas.restoreState()

    def _page_number(self, canvas: Any, page: int) -> None:
        """GB/T 9704 7.5: 4号半角宋体阿拉伯数字 between 一字线, a character in from the edge."""
        text = f"— {page} —"
        y = BOTTOM - 7 * mm - SMALL_SIZE * 0.8
        canvas.setFillColor(colors.black)
        canvas.setFont(self.fonts.song, SMALL_SIZE)
        if page % 2:
            canvas.drawRightString(PAGE_WIDTH - RIGHT - SMALL_SIZE, y, text)
        else:
            canvas.drawString(LEFT + SMALL_SIZE, y, text)

    def _training_line(self, canvas: Any) -> None:
        text = _t("培训模式 · 不具法律效力")
        height = 7 * mm
        y = 8 * mm
        canvas.setFillColor(colors.black)
        canvas.rect(LEFT, y, BODY_WIDTH, height, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont(self.fonts.heading, 12)
        canvas.drawCentredString(PAGE_WIDTH / 2, y + 2.2 * mm, text)


def build_pdf(
    story: list[Any], marks: PageMarks, fonts: FontSet, *, title: str, author: str, subject: str
) -> tuple[bytes, int]:
    """Lay the story out on GB/T 9704 A4 pages; the PDF and its number of pages."""
    buffer = io.BytesIO()
    frame = Frame(LEFT, BOTTOM, BODY_WIDTH, BODY_HEIGHT, 0, 0, 0, 0, id="body", showBoundary=0)
    decorate = _Decorator(marks, fonts)
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        pageTemplates=[PageTemplate(id="a4", frames=[frame], onPage=decorate)],
        leftMargin=LEFT,
        rightMargin=RIGHT,
        topMargin=TOP,
        bottomMargin=BOTTOM,
        title=title,
        author=author,
        subject=subject,
        creator="Chuangkou",
        invariant=1,
        pageCompression=1,
        initialFontName=fonts.body,  # else an unused, unembedded Helvetica is referenced
        initialFontSize=BODY_SIZE,
        lang="zh-CN",
    )
    doc.build(story)
    return buffer.getvalue(), int(doc.page)
