"""受理回执: the acceptance slip handed to the applicant, on an 80 mm receipt roll
(docs/architecture.md, Documents).

The page is exactly as tall as its content: every block is measured first, then the page is
created at that height, so the printer cuts no blank paper. The column, its styles and its
rows are slip_column.py.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm as _mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from client.documents.barcodes import (
    MIN_MODULE_WIDTH,
    QUIET_ZONE_MODULES,
    code128_modules,
    draw_code128,
    qr_drawing,
)
from client.documents.fonts import FontSet, register_fonts
from client.documents.slip_column import (
    Column,
    Styles,
    fields,
    label_column_width,
    para,
    rule,
    slip_styles,
    table,
)
from client.documents.slip_seal import BLOCK_HEIGHT, draw_slip_signature
from client.documents.templates import format_date
from client.domain import SealSettings
from client.i18n import translate

mm: float = _mm  # reportlab is untyped
PAGE_WIDTH = 80 * mm
MARGIN_X = 4 * mm  # the printable width of an 80 mm roll is about 72 mm
MARGIN_Y = 5 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
BARCODE_HEIGHT = 11 * mm
MAX_MODULE_WIDTH = 0.5 * mm
QR_SIZE = 22 * mm
WATERMARK_PITCH = 70 * mm  # one 培训样本 stamp per this much page height
WATERMARK_GREY = colors.Color(0.8, 0.8, 0.8)


@dataclass(frozen=True)
class SlipMaterial:
    name: str
    form_label: str  # 原件 / 复印件 / 原件及复印件
    count: int  # 份
    files: int  # scanned files kept for this material (0 when none)


@dataclass(frozen=True)
class SlipData:
    case_number: str  # printable ASCII: it is encoded as Code128
    case_id: str
    item_code: str
    item_name: str
    hall_department: str  # the department issuing the slip
    applicant_name: str
    applicant_id_masked: str  # the caller masks the ID number
    agent_name: str  # "" when the applicant came in person
    materials: tuple[SlipMaterial, ...]
    accepted_at: dt.datetime
    clerk: str
    window_code: str
    promised_limit_days: int  # working days; 0 for 即办件
    due_date: dt.date
    calendar_complete: bool  # False: holidays unknown, only weekends were skipped
    query_url: str  # ASCII; "{case_number}" is replaced; "" for no QR code
    hall_address: str
    hall_phone: str
    training: bool
    reprint: bool = False  # 补打: printed again for the applicant
    seal: SealSettings | None = None  # the department's seal (art. 32 ¶2); None: unsealed
    rating_url: str = ""  # ASCII; "{case_number}" is replaced; the QR carries it when set


def _t(text: str) -> str:
    return translate("documents", text)


def query_payload(data: SlipData) -> str:
    """The QR payload: the rating URL (好差评, where the applicant can also follow the case)
    when the department has one, else the query URL; the (URL-quoted) case number filled in."""
    url = data.rating_url or data.query_url
    return url.replace("{case_number}", quote(data.case_number, safe=""))


def _training_banner(column: Column, fonts: FontSet) -> None:
    text = _t("培训模式 · 不具法律效力")

    def draw(canvas: Any, x: float, y: float) -> None:
        canvas.saveState()
        canvas.setFillColor(colors.black)
        canvas.rect(x, y, column.width, 6 * mm, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont(fonts.heading, 10)
        canvas.drawCentredString(x + column.width / 2, y + 1.9 * mm, text)
        canvas.restoreState()

    column.add(6 * mm, draw)


def _barcode(column: Column, case_number: str) -> None:
    """Code128 as wide as the roll allows; its quiet zones may reach into the side margins."""
    bars = len(code128_modules(case_number))
    module = min(
        MAX_MODULE_WIDTH, column.width / bars, PAGE_WIDTH / (bars + 2 * QUIET_ZONE_MODULES)
    )
    if module < MIN_MODULE_WIDTH:
        raise ValueError(
            f"case number {case_number!r} is too long for a readable Code128 on an 80 mm roll"
        )
    width = module * (bars + 2 * QUIET_ZONE_MODULES)

    def draw(canvas: Any, x: float, y: float) -> None:
        draw_code128(canvas, x + (column.width - width) / 2, y, case_number, width, BARCODE_HEIGHT)

    column.add(BARCODE_HEIGHT, draw)


def _materials(column: Column, styles: Styles, materials: tuple[SlipMaterial, ...]) -> None:
    heading = _t("收取材料（共 {n} 项）").format(n=len(materials))
    column.flow(para(heading, styles.section))
    if not materials:
        return
    index_width = stringWidth("00.", styles.body.fontName, styles.body.fontSize) + 1 * mm
    rows = []
    for number, material in enumerate(materials, start=1):
        detail = _t("{form} {count} 份").format(form=material.form_label, count=material.count)
        if material.files:
            detail += _t(" · 扫描件 {files} 份").format(files=material.files)
        rows.append(
            [
                para(f"{number}.", styles.body),
                [para(material.name, styles.body), para(detail, styles.small_right)],
            ]
        )
    column.flow(table(rows, [index_width, column.width - index_width], styles.body.fontName))


def _time_limit_rows(data: SlipData) -> list[tuple[str, list[str]]]:
    limit = _t("承诺办结时限：")
    if data.promised_limit_days == 0:
        return [(limit, [_t("即办件，当场办结")])]
    due = [format_date(data.due_date)]
    if not data.calendar_complete:
        due.append(_t("（暂定：调休安排未公布，已按法定节假日计算）"))
    days = _t("{n} 个工作日").format(n=data.promised_limit_days)
    return [(limit, [days]), (_t("预计办结日期："), due)]


def _url_lines(url: str, font: str, size: float, width: float) -> list[str]:
    """Break an ASCII URL after / ? & = where possible (the CJK wrap would cut anywhere)."""
    tokens = re.findall(r"[^/?&=#]*[/?&=#]?", url)
    lines = [""]
    for token in filter(None, tokens):
        for char in token if stringWidth(token, font, size) > width else [token]:
            if lines[-1] and stringWidth(lines[-1] + char, font, size) > width:
                lines.append("")
            lines[-1] += char
    return lines


def _query(column: Column, styles: Styles, data: SlipData) -> None:
    column.flow(para(_t("查询方式"), styles.section))
    lines = [
        para(text.format(value=value), styles.body)
        for text, value in (
            (_t("咨询电话：{value}"), data.hall_phone),
            (_t("办理地址：{value}"), data.hall_address),
        )
        if value
    ]
    if not (data.rating_url or data.query_url):
        if lines:
            column.flow(table([[lines]], [column.width], styles.body.fontName))
        return
    payload = query_payload(data)
    qr_cell = QR_SIZE + 2 * mm
    text_width = column.width - qr_cell
    url = _url_lines(payload, styles.small.fontName, styles.small.fontSize, text_width)
    lines[:0] = [
        para(
            _t("微信或浏览器扫码查询办理进度、评价服务")
            if data.rating_url
            else _t("微信或浏览器扫码查询办理进度"),
            styles.body,
        ),
        Paragraph("<br/>".join(escape(line) for line in url), styles.small),
    ]
    qr = qr_drawing(payload, QR_SIZE)
    column.flow(table([[qr, lines]], [qr_cell, text_width], styles.body.fontName, "MIDDLE"))


def _draw_watermark(canvas: Any, fonts: FontSet, height: float) -> None:
    """Large light grey 培训样本 stamps down the whole page, under the content."""
    text = _t("培训样本")
    stamps = max(1, round(height / WATERMARK_PITCH))
    canvas.saveState()
    canvas.setFillColor(WATERMARK_GREY)
    canvas.setFont(fonts.heading, 34)
    for index in range(stamps):
        canvas.saveState()
        canvas.translate(PAGE_WIDTH / 2, height * (index + 0.5) / stamps)
        canvas.rotate(35)
        canvas.drawCentredString(0, -12, text)
        canvas.restoreState()
    canvas.restoreState()


def _layout(data: SlipData, fonts: FontSet) -> Column:
    styles = slip_styles(fonts)
    column = Column(CONTENT_WIDTH)
    if data.training:
        _training_banner(column, fonts)
        column.gap(2 * mm)
    column.flow(para(_t("受理回执（补打）") if data.reprint else _t("受理回执"), styles.title))
    column.flow(para(data.hall_department, styles.subtitle))
    column.gap(3 * mm)
    _barcode(column, data.case_number)
    column.gap(1 * mm)
    column.flow(para(data.case_number, styles.number))
    rule(column)
    parties = [
        (_t("事项："), [data.item_name]),
        (_t("事项编码："), [data.item_code]),
        (_t("申请人："), [data.applicant_name]),
        (_t("证件号码："), [data.applicant_id_masked]),
    ]
    if data.agent_name:
        parties.append((_t("代理人："), [data.agent_name]))
    accepted = data.accepted_at
    handling = [
        (_t("受理时间："), [f"{format_date(accepted)} {accepted:%H:%M}"]),
        (_t("受理人："), [data.clerk]),
        (_t("受理窗口："), [data.window_code]),
        *_time_limit_rows(data),
    ]
    labels = [label for label, _ in parties + handling]
    label_width = label_column_width(styles, labels, 0.4 * column.width)
    fields(column, styles, label_width, parties)
    rule(column)
    _materials(column, styles, data.materials)
    rule(column)
    fields(column, styles, label_width, handling)
    rule(column)
    _query(column, styles, data)
    rule(column)
    column.flow(
        para(
            _t("请妥善保管本回执，凭受理编号查询办理进度，凭本回执领取办理结果。"),
            styles.small,
        )
    )
    column.flow(para(_t("案件标识：{id}").format(id=data.case_id), styles.small))
    column.gap(2 * mm)
    signature = (data.hall_department, format_date(accepted), data.seal, fonts.heading)
    column.add(BLOCK_HEIGHT, lambda c, x, y: draw_slip_signature(c, x, y, column.width, *signature))
    if data.training:
        column.gap(2 * mm)
        _training_banner(column, fonts)
    return column


def render_acceptance_slip(data: SlipData) -> bytes:
    """The 受理回执 as a one-page PDF, 80 mm wide and as tall as its content.

    Raises ValueError when the case number cannot be a readable Code128 or the query URL is
    not ASCII, and FontError when no CJK font can be embedded.
    """
    fonts = register_fonts()
    column = _layout(data, fonts)
    height = column.height + 2 * MARGIN_Y
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(PAGE_WIDTH, height),
        invariant=1,
        pageCompression=1,
        initialFontName=fonts.body,  # else an unused, unembedded Helvetica is referenced
        initialFontSize=9,
    )
    title = _t("受理回执")
    if data.training:
        title += _t("（培训样本）")
    canvas.setTitle(title)
    canvas.setAuthor(data.hall_department)
    canvas.setSubject(data.case_number)
    canvas.setCreator("Chuangkou")
    if data.training:
        _draw_watermark(canvas, fonts, height)
    column.draw(canvas, MARGIN_X, height - MARGIN_Y)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
