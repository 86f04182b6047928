"""How the A4 notices and decisions are set (GB/T 9704-2012), read back with independent
tools: poppler (pdffonts, pdftoppm, pdftohtml), zbar (zbarimg) and Pillow: every font role
embedded, the Code128 and QR codes, A4 pages numbered in 宋体, the red seal on the date, an
Ext-B character as a real glyph, and no line starting with closing punctuation. A missing
tool fails the test.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFontFile

from client.catalog.loading import load_department
from client.documents import fontchain
from client.documents.data import DocumentKind
from client.documents.fontfiles import font_source
from client.documents.fonts import CJK_CANNOT_START, register_fonts
from client.documents.linebreak import CJK_CANNOT_END, CJKParagraph, install_line_breaking
from client.documents.official import render_document
from client.resources import resource
from tests.documents.support import (
    A4_KINDS,
    CASE_NUMBER,
    SUPPLEMENT,
    _red_mask,
    make_document,
    rendered,
    run,
    squeeze,
    text_of,
    write,
)

QUERY_URL = f"https://zwfw.example.gov.cn/q?n={CASE_NUMBER}"
EXT_B_NAME = "\U0002003e小明"  # 𠀾小明: U+2003E is in CJK Ext-B, which WenQuanYi lacks


def raster(pdf: Path, dpi: int) -> Image.Image:
    """The first page at `dpi`."""
    out = pdf.with_suffix("")
    run("pdftoppm", "-r", str(dpi), "-png", "-singlefile", str(pdf), str(out))
    return Image.open(str(out) + ".png").convert("RGB")


@pytest.mark.parametrize("kind", A4_KINDS, ids=str)
def test_fonts_embedded_and_symbols_decode(kind: DocumentKind, tmp_path: Path) -> None:
    pdf = write(tmp_path, rendered(kind))
    rows = run("pdffonts", str(pdf)).splitlines()[2:]
    assert rows, "no fonts"
    for row in rows:
        assert re.search(r"\byes\s+yes\s+(yes|no)\s+\d+\s+\d+\s*$", row), f"not embedded: {row}"
        assert "Helvetica" not in row
    png = pdf.with_suffix("")
    run("pdftoppm", "-r", "200", "-png", "-singlefile", str(pdf), str(png))
    found = run("zbarimg", "-q", "--raw", str(png) + ".png").splitlines()
    assert CASE_NUMBER in found  # Code128
    assert QUERY_URL in found  # QR


# 堃 (U+5803) is outside GB 2312 and the Fandol fonts; 𠀾 (U+2003E) is in CJK Ext-B.
RARE_NAME = "王堃\U0002003e"


@pytest.mark.parametrize("kind", [DocumentKind.ACCEPTANCE_NOTICE, DocumentKind.APPROVAL_DECISION])
def test_every_font_role_embeds(kind: DocumentKind, tmp_path: Path) -> None:
    """Title 小标宋 (here FandolSong Bold), body 仿宋 (FandolFang, or Windows' simfang), headings
    黑体 (Zen Hei, or simhei), page numbers 宋体 (FandolSong, or simsun) and the rare characters
    of a name (HanaMinB for Ext-B) are embedded subsets; every character of the name comes back
    out of the PDF."""
    fonts = register_fonts()
    roles = {"title": fonts.title, "body": fonts.body, "heading": fonts.heading}
    roles["page numbers"] = fonts.song
    assert fonts.title == "CK-FandolSongBold"  # Windows has no 小标宋 either
    assert len(set(roles.values())) == 4, roles  # four faces, none standing in for another
    doc = make_document(kind, applicant_name=RARE_NAME)
    pdf = write(tmp_path, render_document(doc))
    listed = run("pdffonts", str(pdf))
    faces = {role: pdfmetrics.getFont(name).face.name.decode() for role, name in roles.items()}
    for role, face in {**faces, "Ext-B": "HanaMinB"}.items():
        row = re.search(rf"^[A-Z]{{6}}\+{face}\s+TrueType\s+\S+\s+yes\s+yes\s", listed, re.M)
        assert row, f"{role} font {face} not embedded as a subset:\n{listed}"
    assert RARE_NAME in squeeze(text_of(pdf))


def test_layout_is_a4_with_page_numbers(tmp_path: Path) -> None:
    pdf = write(tmp_path, rendered(DocumentKind.ACCEPTANCE_NOTICE))
    info = run("pdfinfo", str(pdf))
    assert re.search(r"Page size:\s+595\.2\d* x 841\.8\d* pts \(A4\)", info), info
    pages = [squeeze(page) for page in text_of(pdf).split("\f")[:-1]]
    for number, page in enumerate(pages, start=1):
        assert page.endswith(f"—{number}—"), page[-20:]


# --- seal -----------------------------------------------------------------------------------


def _count(mask: Image.Image) -> int:
    return int(mask.histogram()[255])


def _date_box(pdf: Path, dpi: int) -> tuple[float, float]:
    """Centre (pixels) of the last occurrence of the document date: where the seal belongs."""
    html = run("pdftotext", "-bbox", str(pdf), "-")
    boxes = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
        r"2026年11月22日</word>",
        html,
    )
    assert boxes, "document date not found"
    x0, y0, x1, y1 = (float(v) for v in boxes[-1])
    scale = dpi / 72
    # The seal's centre is about a line above the date (the department name sits between).
    return (x0 + x1) / 2 * scale, ((y0 + y1) / 2 - 1.2 * (y1 - y0)) * scale


@pytest.mark.parametrize(
    "kind", [DocumentKind.APPROVAL_DECISION, DocumentKind.REFUSAL_NOTICE], ids=str
)
def test_seal_is_red_and_centred_on_the_date(kind: DocumentKind, tmp_path: Path) -> None:
    dpi = 100
    radius = load_department().seal.diameter_mm / 25.4 * dpi / 2
    for sealed in (True, False):
        pdf = write(tmp_path, rendered(kind, sealed=sealed), f"{sealed}.pdf")
        image = raster(pdf, dpi)
        cx, cy = _date_box(pdf, dpi)
        red = _red_mask(image)
        circle = Image.new("L", image.size, 0)
        r = radius * 1.15
        ImageDraw.Draw(circle).ellipse((cx - r, cy - r, cx + r, cy + r), fill=255)
        total = _count(red)
        inside = _count(ImageChops.multiply(red, circle))
        outside = total - inside
        if sealed:
            assert inside > 3000, f"seal has only {inside} red pixels"
        else:
            assert inside == 0
        assert outside == 0, "red outside the seal"


def test_seal_is_page_content_not_an_annotation() -> None:
    pdf = rendered(DocumentKind.APPROVAL_DECISION, sealed=True)
    assert b"/Annots" not in pdf


def test_page_numbers_are_set_in_song(tmp_path: Path) -> None:
    """GB/T 9704 7.5: page numbers "— N —" in 4号 (14 pt) 宋体. The 宋体 face (FandolSong
    Regular, or Windows' simsun) is embedded on every page of a multi-page notice and prints
    each page's number."""
    long = dataclasses.replace(
        make_document(DocumentKind.SUPPLEMENT_NOTICE), supplement=SUPPLEMENT * 6
    )
    pdf = write(tmp_path, render_document(long))
    face = pdfmetrics.getFont(register_fonts().song).face.name.decode()  # FandolSong-Regular
    xml = run("pdftohtml", "-xml", "-i", "-q", "-stdout", "-zoom", "1", str(pdf))
    specs = {
        key: (int(size), family)
        for key, size, family in re.findall(
            r'<fontspec id="(\d+)" size="(\d+)" family="[A-Z]{6}\+([^"]+)"', xml
        )
    }
    numbers = re.findall(r'<text [^>]*font="(\d+)">— (\d+) —</text>', xml)
    assert [int(n) for _font, n in numbers] == list(range(1, len(numbers) + 1))
    assert len(numbers) >= 2
    for font, _n in numbers:  # pdftohtml drops the style suffix: FandolSong-Regular -> FandolSong
        assert specs[font] == (14, face.split("-")[0]), specs[font]
    for page in range(1, len(numbers) + 1):  # the regular face, not the titles' bold one
        listed = run("pdffonts", "-f", str(page), "-l", str(page), str(pdf))
        assert re.search(rf"^[A-Z]{{6}}\+{face}\s+TrueType", listed, re.M), listed


# --- rare characters ------------------------------------------------------------------------


def _glyph_outline_length(font_file: Path, char: str) -> int:
    """Bytes of the glyph's outline in the font's glyf table (0: an empty glyph)."""
    face = TTFontFile(font_source(font_file))
    glyph = face.charToGlyph[ord(char)]
    face.seek_table("head")
    face.skip(50)
    long_offsets = face.read_ushort() == 1
    face.seek_table("loca", glyph * (4 if long_offsets else 2))
    if long_offsets:
        start, end = face.read_ulong(), face.read_ulong()
    else:
        start, end = face.read_ushort() * 2, face.read_ushort() * 2
    return int(end - start)


def test_ext_b_name_prints_as_a_real_glyph(tmp_path: Path) -> None:
    doc = make_document(DocumentKind.APPROVAL_DECISION, applicant_name=EXT_B_NAME, sealed=True)
    pdf = write(tmp_path, render_document(doc))
    assert EXT_B_NAME in squeeze(text_of(pdf))
    fonts = run("pdffonts", str(pdf))
    assert re.search(r"\+HanaMinB\s+TrueType\s+\S+\s+yes\s+yes\s+yes", fonts), fonts
    main = register_fonts().body
    assert not fontchain.has_glyph(main, EXT_B_NAME[0]), "main font covers Ext-B: test is moot"
    assert _glyph_outline_length(resource("fonts", "HanaMinB.ttf.xz"), EXT_B_NAME[0]) > 20
    # And ink where pdftotext puts the character: crop its box from a 200 dpi render.
    html = run("pdftotext", "-bbox", str(pdf), "-")
    box = re.search(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">' + EXT_B_NAME[0],
        html,
    )
    assert box, "no word box for the Ext-B character"
    x0, y0, _, y1 = (float(v) * 200 / 72 for v in box.groups())
    image = raster(pdf, 200).convert("L")
    size = y1 - y0  # the character is square: as wide as the line is tall
    crop = image.crop((int(x0), int(y0), int(x0 + size), int(y1)))
    ink = sum(crop.histogram()[:128])
    assert ink > 150, f"only {ink} dark pixels where 𠀾 should be"


# --- line breaking --------------------------------------------------------------------------


def test_no_line_starts_with_closing_punctuation() -> None:
    install_line_breaking()
    font = register_fonts().body
    style = ParagraphStyle("t", fontName=font, fontSize=16, leading=29, wordWrap="CJK")
    text = (
        "你（单位）提出的申请（编号：A05），经审查，不符合规定（《条例》第十二条）。"
        "请补正：营业执照、制度文本（含进货查验记录）；平面图！“说明”。"
    ) * 3
    for width in range(100, 460, 3):
        paragraph = CJKParagraph(text, style)
        paragraph.wrap(width, 10_000)
        lines = [
            "".join(w.text for w in line.words) if hasattr(line, "words") else " ".join(line[1])
            for line in paragraph.blPara.lines
        ]
        assert "".join(lines) == text
        for line in lines[1:]:
            assert line[0] not in CJK_CANNOT_START, f"width {width}: {line!r}"
        for line in lines[:-1]:
            assert line[-1] not in CJK_CANNOT_END, f"width {width}: {line!r}"
