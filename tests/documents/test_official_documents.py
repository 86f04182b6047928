"""The A4 notices and decisions (GB/T 9704-2012), read back with independent tools: poppler
(pdftotext, pdffonts, pdftoppm), zbar (zbarimg) and Pillow. A missing tool fails the test.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import subprocess
import time
from functools import cache
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFontFile

from client.catalog.loading import load_department, load_training_catalog
from client.documents import fontchain
from client.documents.data import (
    CaseDocument,
    ClockNote,
    Decision,
    DocumentKind,
    DocumentMaterial,
)
from client.documents.fontfiles import font_source
from client.documents.fonts import CJK_CANNOT_START, register_fonts
from client.documents.linebreak import CJK_CANNOT_END, CJKParagraph, install_line_breaking
from client.documents.official import DocumentError, render_document
from client.documents.templates import TemplateError, load_templates, parse_templates
from client.domain import ApplicantKind, IdType, LegalBasis, Party, SupplementLine
from client.resources import resource

CASE_NUMBER = "A05-20261110-0007"
QUERY_URL = f"https://zwfw.example.gov.cn/q?n={CASE_NUMBER}"
DOC_NUMBER = "培审批许〔2026〕15号"
EXT_B_NAME = "\U0002003e小明"  # 𠀾小明: U+2003E is in CJK Ext-B, which WenQuanYi lacks
A4_KINDS = [kind for kind in DocumentKind if kind is not DocumentKind.ACCEPTANCE_SLIP]
RED_MIN_R, RED_MAX_G, RED_MAX_B = 180, 90, 90

SUPPLEMENT = (
    SupplementLine(
        "SCJG-0201-M02",
        "营业执照或者其他主体资格证明文件",
        "提交的复印件模糊不清，无法辨认统一社会信用代码，请提交清晰的复印件。",
    ),
    SupplementLine(
        "SCJG-0201-M04",
        "食品安全管理制度文本",
        "缺少进货查验记录、从业人员健康管理等制度（《食品安全法》第四十四条）。",
    ),
    SupplementLine(
        "SCJG-0201-M05",
        "经营场所平面布局图",
        "未标明加工操作区与就餐区的位置和面积，请按实际情况补充标注。",
    ),
)
REFUSAL_REASON = (
    "申请事项为小型餐饮登记，依法不属于本机关职权范围，应当向培训县市场监督管理局"
    "所属市场监督管理所申请（《食品安全法》第三十五条）。"
)
DENIAL_REASON = (
    "经现场核查，经营场所与有毒、有害场所的距离不足二十五米，"
    "不符合《食品经营许可和备案管理办法》第十二条第二项规定的条件。"
)


def item_under_test():  # type: ignore[no-untyped-def]
    item = load_training_catalog().item("SCJG-0201")
    assert item is not None
    return item


def make_document(
    kind: DocumentKind,
    *,
    sealed: bool = False,
    training: bool = False,
    reprint: bool = False,
    applicant_name: str = "杭州知味餐饮管理有限公司",
) -> CaseDocument:
    """A 食品经营许可 case in the training county at the document's stage."""
    item = item_under_test()
    department = load_department()
    applicant = Party(
        ApplicantKind.ENTERPRISE,
        applicant_name,
        IdType.USCC,
        "91350100M000100Y43",
        "13812345678",
        "培训县人民路88号",
        legal_representative="王建华",
    )
    agent = Party(ApplicantKind.PERSON, "李秀英", IdType.RESIDENT_ID, "11010519491231002X")
    materials = tuple(
        DocumentMaterial(m.name, "原件" if m.form == "original" else "复印件", m.copies, 1)
        for m in item.materials
    )
    decision = None
    if kind.is_decision or kind is DocumentKind.DELIVERY_RECEIPT:
        approved = kind is not DocumentKind.DENIAL_DECISION
        decision = Decision(
            approved=approved,
            document_number=DOC_NUMBER if approved else "培审批不许〔2026〕3号",
            content="准予从事食品销售经营（预包装食品销售、散装食品销售）和餐饮服务经营（热食类食品制售），"
            "经营场所：培训县人民路88号一层。许可证编号：JY13301990001234。",
            legal_basis=(LegalBasis("《中华人民共和国食品安全法》", "第三十五条"),),
            reasons="" if approved else DENIAL_REASON,
            decided_on=dt.date(2026, 11, 20),
            handler="陈静",
            valid_from=dt.date(2026, 11, 20) if approved else None,
            valid_until=dt.date(2031, 11, 19) if approved else None,
        )
    reason = {
        DocumentKind.SUPPLEMENT_NOTICE: "请一次性补齐以上材料，补正时携带本通知书。",
        DocumentKind.REFUSAL_NOTICE: REFUSAL_REASON,
    }.get(kind, "")
    return CaseDocument(
        kind=kind,
        case_number=CASE_NUMBER,
        case_id="01958a3c-7d2e-7b41-9c3a-5e8f2d1b4a60",
        item=item,
        department=department,
        applicant=applicant,
        agent=agent,
        materials=materials,
        supplement=SUPPLEMENT if kind is DocumentKind.SUPPLEMENT_NOTICE else (),
        reason=reason,
        accepted_at=dt.datetime(2026, 11, 10, 9, 41),
        issued_on=dt.date(2026, 11, 22),
        clerk="王芳",
        window_code="A05",
        due_date=dt.date(2026, 11, 17),
        calendar_complete=True,
        decision=decision,
        training=training,
        sealed=sealed,
        reprint=reprint,
        clock_note=CLOCK_NOTES.get(kind),
    )


CLOCK_NOTES = {
    DocumentKind.PAUSE_NOTICE: ClockNote(
        "专家评审", dt.date(2026, 11, 16), None, "经营场所涉及新型食品工艺，需组织专家评审。"
    ),
    DocumentKind.EXTENSION_NOTICE: ClockNote(
        start=dt.date(2026, 11, 20),
        reasons="需对经营场所进行现场核查。",
        days=10,
        approver="赵局长",
    ),
}


def run(*args: str) -> str:
    tool = shutil.which(args[0])
    assert tool, f"{args[0]} is required to verify documents (poppler-utils / zbar-tools)"
    done = subprocess.run([tool, *args[1:]], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, f"{args[0]} failed: {done.stderr}"
    return done.stdout


@cache
def rendered(kind: DocumentKind, **options: object) -> bytes:
    return render_document(make_document(kind, **options))  # type: ignore[arg-type]


def write(tmp_path: Path, pdf: bytes, name: str = "doc.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(pdf)
    return path


def text_of(pdf: Path, *options: str) -> str:
    return run("pdftotext", "-enc", "UTF-8", *options, str(pdf), "-")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def raster(pdf: Path, dpi: int) -> Image.Image:
    """The first page at `dpi`."""
    out = pdf.with_suffix("")
    run("pdftoppm", "-r", str(dpi), "-png", "-singlefile", str(pdf), str(out))
    return Image.open(str(out) + ".png").convert("RGB")


# --- every field, every kind ---------------------------------------------------------------

COMMON = [CASE_NUMBER, "培训县行政审批局", "食品经营许可", "杭州知味餐饮管理有限公司"]
REMEDIES = ["六十日内向培训县人民政府申请行政复议", "六个月内依法向培训县人民法院提起行政诉讼"]
EXPECTED: dict[DocumentKind, list[str]] = {
    DocumentKind.ACCEPTANCE_NOTICE: [
        "受理通知书",
        "2026年11月10日",
        "予以受理",
        "5个工作日内",
        "2026年11月17日",
        *(material.name for material in item_under_test().materials),
        "办理地址：培训县人民路1号培训县政务服务中心",
        "0571-00000000",
        "2026年11月22日",
    ],
    DocumentKind.SUPPLEMENT_NOTICE: [
        "补正材料通知书",
        "第三十二条",
        "共3项",
        *(line.name for line in SUPPLEMENT),
        *(line.reason for line in SUPPLEMENT),
        "5个工作日内",
        "培训县人民路1号培训县政务服务中心A05号窗口",
        "2026年11月22日",
    ],
    DocumentKind.REFUSAL_NOTICE: [
        "不予受理通知书",
        REFUSAL_REASON,
        "《中华人民共和国行政许可法》第三十二条第一款",
        *REMEDIES,
        "2026年11月22日",
    ],
    DocumentKind.APPROVAL_DECISION: [
        "准予行政许可决定书",
        DOC_NUMBER,
        "准予行政许可",
        "许可内容：",
        "JY13301990001234",
        "自2026年11月20日起至2031年11月19日止",
        "《中华人民共和国食品安全法》第三十五条",
        "第三十八条第一款",
        "2026年11月22日",
    ],
    DocumentKind.DENIAL_DECISION: [
        "不予行政许可决定书",
        "培审批不许〔2026〕3号",
        DENIAL_REASON,
        "《中华人民共和国食品安全法》第三十五条",
        "第三十八条第二款",
        *REMEDIES,
        "2026年11月22日",
    ],
    DocumentKind.DELIVERY_RECEIPT: [
        "送达回证",
        f"准予行政许可决定书（{DOC_NUMBER}）",
        "受送达人",
        "李秀英",
        "送达地点",
        "送达方式",
        "直接送达",
        "送达日期",
        "受送达人签名（盖章）",
        "送达人",
        "王芳",
        "2026年11月22日",
    ],
    DocumentKind.PAUSE_NOTICE: [
        "专家评审告知书",
        "需组织专家评审",
        "专家评审自2026年11月16日开始（预计结束日期：另行告知）",
        "第四十五条",
        "不计算在行政许可期限内",
    ],
    DocumentKind.EXTENSION_NOTICE: [
        "行政许可延期通知书",
        "需对经营场所进行现场核查",
        "第四十二条第一款",
        "经本机关负责人赵局长批准，办理期限延长10个工作日",
        "将于2026年11月17日前作出决定",
    ],
}


@pytest.mark.parametrize("kind", A4_KINDS, ids=str)
def test_text_carries_every_field(kind: DocumentKind, tmp_path: Path) -> None:
    pdf = write(tmp_path, rendered(kind))
    text = text_of(pdf)
    flat = squeeze(text)
    raw = squeeze(text_of(pdf, "-raw"))  # table cells side by side stay whole in stream order
    for value in COMMON + EXPECTED[kind]:
        assert squeeze(value) in flat or squeeze(value) in raw, f"{kind}: {value!r} missing"
    for line in text.splitlines():
        assert line.lstrip()[:1] not in ("，", "。"), f"{kind}: line starts with punctuation"
    assert "培训样本" not in flat and "补打" not in flat


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


def _red_mask(image: Image.Image) -> Image.Image:
    """255 where a pixel is seal red (R>180, G<90, B<90), else 0."""
    r, g, b = image.split()
    return ImageChops.multiply(
        ImageChops.multiply(
            r.point(lambda v: 255 if v > RED_MIN_R else 0),
            g.point(lambda v: 255 if v < RED_MAX_G else 0),
        ),
        b.point(lambda v: 255 if v < RED_MAX_B else 0),
    )


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


# --- training, reprint ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", A4_KINDS, ids=str)
def test_training_and_reprint_marks(kind: DocumentKind, tmp_path: Path) -> None:
    pdf = write(tmp_path, render_document(make_document(kind, training=True, reprint=True)))
    pages = text_of(pdf, "-raw").split("\f")[:-1]  # content-stream order: stamps read whole
    for page in pages:
        flat = squeeze(page)
        assert flat.count("培训样本") >= 3  # diagonal stamps across the page
        assert "培训模式·不具法律效力" in flat
    assert "补打" in squeeze(text_of(pdf))


def test_training_stamps_every_page(tmp_path: Path) -> None:
    long = dataclasses.replace(
        make_document(DocumentKind.SUPPLEMENT_NOTICE, training=True), supplement=SUPPLEMENT * 6
    )
    pdf = write(tmp_path, render_document(long))
    pages = text_of(pdf, "-raw").split("\f")[:-1]
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        flat = squeeze(page)
        assert "培训样本" in flat and f"—{number}—" in flat and "培训模式·不具法律效力" in flat


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


# --- templates and refusals -----------------------------------------------------------------


def test_template_with_unknown_placeholder_is_refused_in_chinese(tmp_path: Path) -> None:
    source = resource("templates", "documents.toml").read_text(encoding="utf-8")
    broken = source.replace("向{review_body}", "向{reveiw_body}", 1)
    path = tmp_path / "documents.toml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(TemplateError, match=r"文书模板.*未知的占位符“\{reveiw_body\}”"):
        load_templates(path)
    with pytest.raises(TemplateError, match="不予受理通知书"):
        raw = {"refusal-notice": {"title": "不予受理通知书", "paragraphs": ["{nope}"]}}
        parse_templates({**{str(k): {"title": "x"} for k in A4_KINDS}, **raw})
    path.write_text("[acceptance-notice\n", encoding="utf-8")
    with pytest.raises(TemplateError, match="不是有效的 TOML"):
        render_document(make_document(DocumentKind.ACCEPTANCE_NOTICE), templates_path=path)


def test_bundled_templates_load() -> None:
    templates = load_templates()
    assert {str(kind) for kind in templates} == {str(kind) for kind in A4_KINDS}


def test_a_document_the_case_cannot_have_is_refused() -> None:
    undecided = dataclasses.replace(
        make_document(DocumentKind.ACCEPTANCE_NOTICE), kind=DocumentKind.APPROVAL_DECISION
    )
    with pytest.raises(DocumentError, match="尚未作出决定"):
        render_document(undecided)
    denied = dataclasses.replace(
        make_document(DocumentKind.DENIAL_DECISION), kind=DocumentKind.APPROVAL_DECISION
    )
    with pytest.raises(DocumentError, match="不予许可"):
        render_document(denied)


def test_slip_through_the_same_entry_point(tmp_path: Path) -> None:
    pdf = write(tmp_path, render_document(make_document(DocumentKind.ACCEPTANCE_SLIP)))
    assert re.search(r"Page size:\s+226\.77\d* x", run("pdfinfo", str(pdf)))
    assert "受理回执" in text_of(pdf)


def test_decision_renders_quickly() -> None:
    doc = make_document(DocumentKind.APPROVAL_DECISION, sealed=True)
    render_document(doc)
    start = time.perf_counter()
    render_document(doc)
    assert time.perf_counter() - start < 1.0
