"""Separator sheets: scan a whole application in one stack and let the barcodes sort it.

The clerk prints one sheet per material (`render_separator_sheets`), puts each before that
material's first page and feeds the stack through the scanner. `split_stack` finds the sheets
by their barcode (Code128 and QR, both carrying ``CK-SEP:<material code>``, ASCII only), files
the pages after each sheet under its material and drops the sheets themselves. Pages before the
first sheet, or after a sheet whose code the item does not have, are reported as unassigned:
no page is ever dropped.

Barcodes are read with zxing-cpp (a pip wheel with the decoder compiled in, for Windows and
Linux alike) rather than pyzbar, which needs the system's libzbar (a separate DLL to ship on
Windows, `libzbar0` on Debian).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import zxingcpp
from PIL import Image
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from client.capture.imaging import open_page_image
from client.capture.pages import Page, PageKind
from client.documents import fontchain
from client.documents.barcodes import draw_code128, draw_qr
from client.documents.fonts import register_fonts
from client.documents.linebreak import CJKParagraph
from client.domain import MaterialRequirement, ServiceItem
from client.errors import Cancelled
from client.i18n import translate

PREFIX = "CK-SEP:"
_PAYLOAD = re.compile(r"CK-SEP:([A-Za-z0-9._-]{1,64})")
_FORMATS = zxingcpp.BarcodeFormats([zxingcpp.BarcodeFormat.Code128, zxingcpp.BarcodeFormat.QRCode])
# Sheets are read at about 150 dpi: the bars are 0.5 mm and more, so this is plenty, and it
# is four times less work than the scanner's 300 dpi.
_DECODE_PX = 1800
INSTRUCTION = "请将本页放在该材料第一页之前"
_NAME_HEIGHT = 80 * mm  # between the heading and the barcode


def _t(text: str) -> str:
    return translate("capture", text)


def payload(code: str) -> str:
    if not _PAYLOAD.fullmatch(PREFIX + code):
        raise ValueError(f"material code {code!r} cannot go on a separator sheet")
    return PREFIX + code


def render_separator_sheets(
    item: ServiceItem, materials: Sequence[str] | None, out_path: Path, duplex: bool = False
) -> int:
    """An A4 PDF with one separator sheet per material (all of the item's materials when
    `materials` is None), in the item's order; with `duplex`, each sheet's back carries the
    same barcode, so a two-sided scan recognises (and drops) both sides. Returns the number of
    pages written."""
    chosen = _chosen(item, materials)
    fonts = register_fonts()
    canvas = Canvas(str(out_path), pagesize=A4, pageCompression=1, initialFontName=fonts.body)
    canvas.setTitle(_t("材料分隔页") + " " + item.name)
    canvas.setCreator("Chuangkou")
    pages = 0
    for number, requirement in enumerate(chosen, start=1):
        for _side in range(2 if duplex else 1):
            _draw_sheet(canvas, item, requirement, number, len(chosen), fonts.heading, fonts.body)
            canvas.showPage()
            pages += 1
    canvas.save()
    return pages


def _chosen(item: ServiceItem, materials: Sequence[str] | None) -> list[MaterialRequirement]:
    if materials is None:
        return list(item.materials)
    unknown = [code for code in materials if item.material(code) is None]
    if unknown:
        raise ValueError(f"{item.code} has no material {', '.join(unknown)}")
    wanted = set(materials)
    return [m for m in item.materials if m.code in wanted]


def _draw_sheet(
    canvas: Canvas,
    item: ServiceItem,
    material: MaterialRequirement,
    number: int,
    total: int,
    heading: str,
    body: str,
) -> None:
    width, height = A4
    margin = 20 * mm
    text_width = width - 2 * margin
    fontchain.draw_string(
        canvas, width / 2, height - 32 * mm, _t("材料分隔页"), heading, 30, "centre"
    )
    fontchain.draw_string(canvas, width / 2, height - 44 * mm, item.name, body, 14, "centre")
    _draw_name(canvas, material.name, heading, margin, height - 62 * mm, text_width)
    code = payload(material.code)
    draw_code128(canvas, margin, 118 * mm, code, text_width, 32 * mm)
    draw_qr(canvas, (width - 56 * mm) / 2, 50 * mm, code, 56 * mm)
    fontchain.draw_string(canvas, width / 2, 111 * mm, code, body, 11, "centre")
    fontchain.draw_string(canvas, width / 2, 36 * mm, _t(INSTRUCTION), heading, 20, "centre")
    footer = _t("第 {n} 张，共 {total} 张 · 扫描时本页会被自动识别并移除").format(
        n=number, total=total
    )
    fontchain.draw_string(canvas, width / 2, 18 * mm, footer, body, 11, "centre")


def _draw_name(canvas: Canvas, name: str, font: str, x: float, top: float, width: float) -> None:
    """The material name as large as fits above the barcode (34 pt down to 16 pt)."""
    for size in (34, 30, 26, 22, 19, 16):
        style = ParagraphStyle(
            f"separator-name-{size}",
            fontName=font,
            fontSize=size,
            leading=size * 1.3,
            alignment=TA_CENTER,
            wordWrap="CJK",
        )
        paragraph = CJKParagraph(fontchain.markup(name, font), style)
        _, used = paragraph.wrap(width, _NAME_HEIGHT)
        if used <= _NAME_HEIGHT:
            break
    paragraph.drawOn(canvas, x, top - used)


@dataclass(frozen=True)
class StackGroup:
    material_code: str
    material_name: str
    pages: tuple[Page, ...]


@dataclass(frozen=True)
class StackSplit:
    groups: tuple[StackGroup, ...]  # known materials in order of first appearance
    unassigned: tuple[Page, ...]  # before the first sheet or under an unknown code; never lost
    separator_count: int
    problems: tuple[str, ...]  # Chinese, for the clerk

    def pages_for(self, code: str) -> tuple[Page, ...]:
        return next((g.pages for g in self.groups if g.material_code == code), ())


def separator_code(page: Page) -> str | None:
    """The material code of a separator sheet, or None for any other page (PDF pages are
    never separators: sheets come back from the scanner as images)."""
    if page.kind is not PageKind.IMAGE:
        return None
    with open_page_image(page, draft_px=_DECODE_PX) as image:
        grey = image.convert("L")
    if max(grey.size) > _DECODE_PX * 1.5:
        grey.thumbnail((_DECODE_PX, _DECODE_PX), Image.Resampling.BOX)
    for barcode in zxingcpp.read_barcodes(grey, formats=_FORMATS):
        match = _PAYLOAD.fullmatch(barcode.text)
        if match:
            return match.group(1)
    return None


def split_stack(
    pages: Sequence[Page],
    item: ServiceItem | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> StackSplit:
    """Sort a scanned stack by its separator sheets. With `item`, a sheet whose code is not one
    of the item's materials is reported and its pages go to unassigned."""
    order: list[str] = []
    collected: dict[str, list[Page]] = {}
    names: dict[str, str] = {}
    unassigned: list[Page] = []
    problems: list[str] = []
    current: list[Page] = unassigned
    separators = 0
    for done, page in enumerate(pages):
        if cancelled is not None and cancelled():
            raise Cancelled
        code = separator_code(page)
        if code is None:
            current.append(page)
        else:
            separators += 1
            requirement = item.material(code) if item is not None else None
            if item is not None and requirement is None:
                problems.append(
                    _t(
                        "第 {n} 页是分隔页，但材料编号 {code} 不属于本事项，其后的页面未归类"
                    ).format(n=done + 1, code=code)
                )
                current = unassigned
            else:
                if code not in collected:
                    order.append(code)
                    collected[code] = []
                    names[code] = requirement.name if requirement else code
                current = collected[code]
        if progress is not None:
            progress(done + 1, len(pages))
    if unassigned:
        problems.insert(0, _t("有 {n} 页不在任何分隔页之后，请手动归类").format(n=len(unassigned)))
    for code in order:
        if not collected[code]:
            problems.append(_t("“{name}”的分隔页后没有材料页").format(name=names[code]))
    groups = tuple(StackGroup(c, names[c], tuple(collected[c])) for c in order)
    return StackSplit(groups, tuple(unassigned), separators, tuple(problems))
