"""What 行政许可法 and GB/T 9704-2012 require of each document, read back from the rendered PDF
(pdftotext, pdftoppm): the table in docs/documents-law.md is this file's LAW list, and every row
of it is checked here; the seal's ring is measured on the renders; a full page is 22 × 28."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw

from client.catalog.loading import load_department, load_training_catalog
from client.documents.data import CaseDocument, DocumentKind
from client.documents.official import DocumentError, render_document
from client.domain import ApplicantKind, IdType, Party
from tests.documents.support import (
    REFUSAL_REASON,
    SUPPLEMENT,
    _red_mask,
    make_document,
    run,
    squeeze,
    text_of,
    write,
)

ROOT = Path(__file__).resolve().parents[2]
ACCEPTED, PAUSED, DECIDED = dt.date(2026, 11, 10), dt.date(2026, 11, 16), dt.date(2026, 11, 20)
COMPETENT = "培训县市场监督管理局"
SEAL = "印章（红色像素测量）"  # the field is checked on the render, not in the text
# The act's date of each kind (the service sets it; test_act_dates checks that it does).
ACT_DATES = {
    DocumentKind.ACCEPTANCE_NOTICE: ACCEPTED,
    DocumentKind.ACCEPTANCE_SLIP: ACCEPTED,
    DocumentKind.SUPPLEMENT_NOTICE: ACCEPTED,
    DocumentKind.REFUSAL_NOTICE: ACCEPTED,
    DocumentKind.APPROVAL_DECISION: DECIDED,
    DocumentKind.DENIAL_DECISION: DECIDED,
    DocumentKind.DELIVERY_RECEIPT: DECIDED,
    DocumentKind.PAUSE_NOTICE: PAUSED,
    DocumentKind.EXTENSION_NOTICE: DECIDED,
}
SEALED = {
    DocumentKind.ACCEPTANCE_NOTICE,
    DocumentKind.ACCEPTANCE_SLIP,
    DocumentKind.SUPPLEMENT_NOTICE,
    DocumentKind.REFUSAL_NOTICE,
    DocumentKind.APPROVAL_DECISION,
    DocumentKind.DENIAL_DECISION,
}
A32 = "行政许可法第三十二条第二款"
REMEDIES = "行政复议法第二十条、行政诉讼法第四十六条"
# (document, article, field, the text pdftotext must find; SEAL: the seal measured instead)
LAW: list[tuple[DocumentKind, str, str, str]] = [
    (DocumentKind.ACCEPTANCE_NOTICE, "行政许可法第三十二条第一款第（五）项", "受理决定及其依据",
     "第三十二条第一款第（五）项的规定，本机关决定予以受理"),
    (DocumentKind.ACCEPTANCE_NOTICE, "行政许可法第四十二条", "作出决定的期限",
     "5个工作日内"),
    (DocumentKind.ACCEPTANCE_NOTICE, A32, "加盖本行政机关专用印章", SEAL),
    (DocumentKind.ACCEPTANCE_NOTICE, A32, "注明日期（受理之日）", "2026年11月10日"),
    (DocumentKind.ACCEPTANCE_NOTICE, "GB/T 9704-2012 7.3.5.1", "发文机关署名", "培训县行政审批局"),
    (DocumentKind.ACCEPTANCE_SLIP, A32, "加盖本行政机关专用印章（30 mm）", SEAL),
    (DocumentKind.ACCEPTANCE_SLIP, A32, "注明日期（受理之日）", "2026年11月10日"),
    (DocumentKind.ACCEPTANCE_SLIP, "行政许可法第三十二条第一款第（五）项", "受理编号",
     "A05-20261110-0007"),
    (DocumentKind.SUPPLEMENT_NOTICE, "行政许可法第三十二条第一款第（四）项",
     "一次告知需要补正的全部内容", "现一次性告知你单位需要补正的全部内容如下（共3项）"),
    (DocumentKind.SUPPLEMENT_NOTICE, "行政许可法第三十二条第一款第（四）项", "每项材料及补正原因",
     SUPPLEMENT[0].reason),
    (DocumentKind.SUPPLEMENT_NOTICE, "部门规则（事项的 supplement_consequence）",
     "逾期未补正的后果", "视为放弃行政许可申请"),
    (DocumentKind.SUPPLEMENT_NOTICE, A32, "加盖本行政机关专用印章", SEAL),
    (DocumentKind.SUPPLEMENT_NOTICE, A32, "注明日期（告知之日）", "2026年11月10日"),
    (DocumentKind.REFUSAL_NOTICE, "行政许可法第三十二条第一款第（二）项", "不予受理所依据的项",
     "第三十二条第一款第（二）项的规定，本机关决定对你单位的申请不予受理"),
    (DocumentKind.REFUSAL_NOTICE, "行政许可法第三十二条第一款第（二）项",
     "告知申请人向有关行政机关申请", f"请你单位向{COMPETENT}提出申请"),
    (DocumentKind.REFUSAL_NOTICE, "行政许可法第三十八条第二款（类推）", "说明理由", REFUSAL_REASON),
    (DocumentKind.REFUSAL_NOTICE, REMEDIES, "申请行政复议或者提起行政诉讼的权利",
     "六十日内向培训县人民政府申请行政复议"),
    (DocumentKind.REFUSAL_NOTICE, A32, "加盖本行政机关专用印章", SEAL),
    (DocumentKind.REFUSAL_NOTICE, A32, "注明日期（不予受理之日）", "2026年11月10日"),
    (DocumentKind.APPROVAL_DECISION, "行政许可法第三十八条第一款", "准予行政许可的书面决定",
     "本机关决定准予行政许可"),
    (DocumentKind.APPROVAL_DECISION, "GB/T 9704-2012 7.2.4", "发文字号", "培审批许〔2026〕15号"),
    (DocumentKind.APPROVAL_DECISION, "行政许可法第三十八条第一款", "许可内容", "许可内容："),
    (DocumentKind.APPROVAL_DECISION, "行政许可法第三十八条第一款", "有效期限",
     "自2026年11月20日起至2031年11月19日止"),
    (DocumentKind.APPROVAL_DECISION, "行政许可法第三十八条第一款", "法律依据",
     "《中华人民共和国食品安全法》第三十五条"),
    (DocumentKind.APPROVAL_DECISION, "GB/T 9704-2012 7.3.5.1", "印章", SEAL),
    (DocumentKind.APPROVAL_DECISION, "GB/T 9704-2012 7.3.5.1", "成文日期（决定之日）",
     "2026年11月20日"),
    (DocumentKind.DENIAL_DECISION, "行政许可法第三十八条第二款", "说明理由", "经现场核查"),
    (DocumentKind.DENIAL_DECISION, "行政许可法第三十八条第二款",
     "申请行政复议或者提起行政诉讼的权利", "六个月内依法向培训县人民法院提起行政诉讼"),
    (DocumentKind.DENIAL_DECISION, "GB/T 9704-2012 7.3.5.1", "印章", SEAL),
    (DocumentKind.DENIAL_DECISION, "GB/T 9704-2012 7.3.5.1", "成文日期（决定之日）",
     "2026年11月20日"),
    (DocumentKind.DELIVERY_RECEIPT, "送达回证", "送达文书名称、文号及其成文日期",
     "准予行政许可决定书（培审批许〔2026〕15号），成文日期：2026年11月20日"),
    (DocumentKind.DELIVERY_RECEIPT, "送达回证",
     "送达日期：留空由受送达人填写（签收日期为送达日期）", "送达日期年月日"),
    (DocumentKind.DELIVERY_RECEIPT, "送达回证", "见证人（拒收时）", "见证人签名"),
    (DocumentKind.DELIVERY_RECEIPT, "送达回证", "受送达人、代收人、送达人",
     "受送达人签名（盖章）"),
    (DocumentKind.PAUSE_NOTICE, "行政许可法第四十五条", "所需时间书面告知申请人",
     "所需时间不计算在行政许可期限内"),
    (DocumentKind.PAUSE_NOTICE, "GB/T 9704-2012 7.3.5.2", "成文日期（程序开始之日）",
     "2026年11月16日"),
    (DocumentKind.EXTENSION_NOTICE, "行政许可法第四十二条第一款", "延长期限的理由",
     "需对经营场所进行现场核查"),
    (DocumentKind.EXTENSION_NOTICE, "行政许可法第四十二条第一款", "经本行政机关负责人批准",
     "经本机关负责人赵局长批准，办理期限延长10个工作日"),
    (DocumentKind.EXTENSION_NOTICE, "GB/T 9704-2012 7.3.5.2", "成文日期（批准延期之日）",
     "2026年11月20日"),
]  # fmt: skip


def law_document(kind: DocumentKind, **changes: object) -> CaseDocument:
    """The test case at its stage, sealed as the service seals it, dated with its act's date."""
    doc = make_document(kind, sealed=kind in SEALED)
    if kind is DocumentKind.REFUSAL_NOTICE:
        doc = dataclasses.replace(doc, refusal_clause=2, competent_body=COMPETENT)
    return dataclasses.replace(doc, issued_on=ACT_DATES[kind], **changes)  # type: ignore[arg-type]


def last_page(pdf: Path, dpi: int) -> Image.Image:
    """The last page (where the signature and the seal are) at `dpi`."""
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(pdf))).group(1))  # type: ignore[union-attr]
    out = pdf.with_name(pdf.stem + "-last")
    run("pdftoppm", "-r", str(dpi), "-png", "-f", str(pages), "-l", str(pages), "-singlefile",
        str(pdf), str(out))  # fmt: skip
    return Image.open(str(out) + ".png").convert("RGB")


def flat_text(pdf: Path) -> str:
    return squeeze(text_of(pdf)) + "\n" + squeeze(text_of(pdf, "-raw"))


@pytest.mark.parametrize("kind", list(DocumentKind), ids=str)
def test_what_the_law_requires_is_printed(kind: DocumentKind, tmp_path: Path) -> None:
    pdf = write(tmp_path, render_document(law_document(kind)))
    text = flat_text(pdf)
    for _, article, field, expected in (row for row in LAW if row[0] is kind):
        if expected is SEAL:
            assert seal_pixels(last_page(pdf, 100)) > 2000, f"{kind}: {article} {field}: no seal"
        else:
            assert squeeze(expected) in text, f"{kind}: {article} {field}: {expected!r} missing"
    assert "你（单位）" not in text
    if kind not in SEALED:
        assert seal_pixels(last_page(pdf, 100)) == 0, f"{kind} must not be sealed"


def test_the_docs_table_is_the_checked_list() -> None:
    page = (ROOT / "docs" / "documents-law.md").read_text(encoding="utf-8")
    for kind, article, field, expected in LAW:
        present = "印章测得" if expected is SEAL else "有"
        row = f"| {article} | {field} | {present} |"
        assert row in page, f"docs/documents-law.md lacks {kind}: {row}"


# --- the seal, measured -----------------------------------------------------------------------


def seal_pixels(image: Image.Image) -> int:
    return int(_red_mask(image).histogram()[255])


def _disc(size: tuple[int, int], cx: float, cy: float, r: float) -> Image.Image:
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).ellipse((cx - r, cy - r, cx + r, cy + r), fill=255)
    return mask


def ring_measure(image: Image.Image, diameter_mm: float, dpi: int) -> dict[str, float]:
    """Red pixel shares of the ring's annulus, the disc inside it and a band outside it.

    The seal is found as the bounding box of all red: its centre is the seal's centre and its
    size the seal's diameter.
    """
    red = _red_mask(image)
    box = red.getbbox()
    assert box, "no red at all"
    x0, y0, x1, y1 = box
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    radius = diameter_mm / 25.4 * dpi / 2
    ring = 1.2 * diameter_mm / 42 / 25.4 * dpi  # seal.py: 1.2 mm for a 42 mm seal

    def share(outer: Image.Image, inner: Image.Image) -> float:
        area = ImageChops.subtract(outer, inner)
        pixels = area.histogram()[255]
        return ImageChops.multiply(red, area).histogram()[255] / pixels

    size = image.size
    annulus = share(_disc(size, cx, cy, radius - 1), _disc(size, cx, cy, radius - ring + 1))
    inside = share(_disc(size, cx, cy, radius - ring - 1), Image.new("L", size, 0))
    outside = share(_disc(size, cx, cy, radius + 12), _disc(size, cx, cy, radius + 2))
    return {
        "cx": cx,
        "cy": cy,
        "width": x1 - x0,
        "height": y1 - y0,
        "diameter": 2 * radius,
        "annulus": annulus,
        "inside": inside,
        "outside": outside,
    }


@pytest.mark.parametrize(
    "kind", [DocumentKind.ACCEPTANCE_NOTICE, DocumentKind.REFUSAL_NOTICE], ids=str
)
def test_the_seal_ring_on_the_art_32_notices(kind: DocumentKind, tmp_path: Path) -> None:
    dpi = 100
    pdf = write(tmp_path, render_document(law_document(kind)))
    m = ring_measure(last_page(pdf, dpi), load_department().seal.diameter_mm, dpi)
    print(f"{kind}: {m}")  # the figures for docs/documents-law.md
    assert abs(m["width"] - m["diameter"]) < 3 and abs(m["height"] - m["diameter"]) < 3
    assert m["annulus"] > 0.9, "the ring is not a solid red circle"
    assert 0.05 < m["inside"] < 0.6, "inside the ring: lettering and star, not a red disc"
    assert m["outside"] == 0, "red outside the seal"
    # The seal sits on the signature (居中下压): the last date, the act's, is inside the ring.
    words = run("pdftotext", "-bbox", str(pdf), "-")
    boxes = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                       r"2026年11月10日</word>", words)  # fmt: skip
    x0, y0, x1, y1 = (float(v) * dpi / 72 for v in boxes[-1])
    distance = (((x0 + x1) / 2 - m["cx"]) ** 2 + ((y0 + y1) / 2 - m["cy"]) ** 2) ** 0.5
    assert distance < m["diameter"] / 2 * 0.6, "the date is not under the seal"


def test_the_slip_carries_a_smaller_seal(tmp_path: Path) -> None:
    dpi = 150
    pdf = write(tmp_path, render_document(law_document(DocumentKind.ACCEPTANCE_SLIP)))
    m = ring_measure(last_page(pdf, dpi), 30.0, dpi)
    assert abs(m["width"] - m["diameter"]) < 4 and m["annulus"] > 0.85 and m["outside"] == 0
    unsealed = dataclasses.replace(law_document(DocumentKind.ACCEPTANCE_SLIP), sealed=False)
    assert seal_pixels(last_page(write(tmp_path, render_document(unsealed), "u.pdf"), dpi)) == 0


# --- wording ----------------------------------------------------------------------------------

PERSON = Party(ApplicantKind.PERSON, "王小明", IdType.RESIDENT_ID, "11010519491231002X")


ADDRESSED = [
    kind
    for kind in DocumentKind
    if kind not in (DocumentKind.ACCEPTANCE_SLIP, DocumentKind.DELIVERY_RECEIPT)
]


@pytest.mark.parametrize("kind", ADDRESSED, ids=str)
def test_a_person_is_you_and_an_enterprise_your_unit(kind: DocumentKind, tmp_path: Path) -> None:
    enterprise = flat_text(write(tmp_path, render_document(law_document(kind)), "e.pdf"))
    as_person = render_document(law_document(kind, applicant=PERSON))
    person = flat_text(write(tmp_path, as_person, "p.pdf"))
    assert "你单位于2026年11月10日" in enterprise
    assert "你于2026年11月10日" in person and "你单位" not in person
    assert "（单位）" not in enterprise + person


def test_the_supplement_consequence_is_the_items_rule(tmp_path: Path) -> None:
    food = load_training_catalog().item("SCJG-0201")
    other = load_training_catalog().item("WJJ-0201")
    assert food and other and food.supplement_consequence and not other.supplement_consequence
    ruled = render_document(law_document(DocumentKind.SUPPLEMENT_NOTICE))
    with_rule = flat_text(write(tmp_path, ruled, "a.pdf"))
    doc = law_document(DocumentKind.SUPPLEMENT_NOTICE, item=other)
    without = flat_text(write(tmp_path, render_document(doc), "b.pdf"))
    assert "视为放弃行政许可申请" in food.supplement_consequence
    assert "逾期不予补正的，视为放弃行政许可申请" in with_rule  # the rule's text, however broken
    assert "视为放弃" not in without and "逾期未补正" not in without
    assert "补正材料齐全、符合法定形式的，本机关将予以受理。" in without


def test_a_refusal_cites_its_clause(tmp_path: Path) -> None:
    first = law_document(DocumentKind.REFUSAL_NOTICE, refusal_clause=1, competent_body="")
    text = flat_text(write(tmp_path, render_document(first)))
    assert "经审查，申请事项依法不需要取得行政许可。" in text
    assert "第三十二条第一款第（一）项的规定" in text and "提出申请" not in text
    second = law_document(DocumentKind.REFUSAL_NOTICE, competent_body=" ")
    with pytest.raises(DocumentError, match="向哪个行政机关申请"):
        render_document(second)


# --- 22 lines x 28 characters -----------------------------------------------------------------


def test_a_full_page_has_22_lines_of_28_characters(tmp_path: Path) -> None:
    # No punctuation: the line breaker's rules do not move characters, the grid shows as is.
    cycle = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"
    reason = cycle * 45  # 3 pages, tight or not
    doc = law_document(DocumentKind.REFUSAL_NOTICE, reason=reason)
    pdf = write(tmp_path, render_document(doc))
    layout = run("pdftotext", "-bbox-layout", "-f", "2", "-l", "2", str(pdf), "-")
    lines = [
        "".join(re.findall(r">([^<]+)</word>", line))
        for line in re.findall(r"<line [^>]*>(.*?)</line>", layout, re.S)
    ]
    body = [line for line in lines if re.fullmatch(f"[{cycle}]+", line)]
    assert len(body) == 22, f"{len(body)} body lines on a full page: {body}"
    assert {len(line) for line in body} == {28}, [len(line) for line in body]
