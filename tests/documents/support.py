"""Shared by the official-document tests: a 食品经营许可 case at each document's stage, its
rendering (cached), and reading a PDF back with poppler (pdftotext). A missing tool fails the
test."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

from PIL import Image, ImageChops

from client.catalog.loading import load_department, load_training_catalog
from client.documents.data import (
    CaseDocument,
    ClockNote,
    Decision,
    DocumentKind,
    DocumentMaterial,
)
from client.documents.official import render_document
from client.domain import ApplicantKind, IdType, LegalBasis, Party, SupplementLine

CASE_NUMBER = "A05-20261110-0007"
DOC_NUMBER = "培审批许〔2026〕15号"
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
