"""What the A4 notices and decisions say, read back with poppler (pdftotext): every field of
each kind, the training and reprint marks on every page, the templates (a broken one refused
in Chinese), a document the case cannot have refused, the slip through the same entry point,
and how fast a decision renders. A missing tool fails the test.
"""

from __future__ import annotations

import dataclasses
import re
import time
from pathlib import Path

import pytest

from client.documents.data import DocumentKind
from client.documents.official import DocumentError, render_document
from client.documents.templates import TemplateError, load_templates, parse_templates
from client.resources import resource
from tests.documents.support import (
    A4_KINDS,
    CASE_NUMBER,
    DENIAL_REASON,
    DOC_NUMBER,
    REFUSAL_REASON,
    SUPPLEMENT,
    item_under_test,
    make_document,
    rendered,
    run,
    squeeze,
    text_of,
    write,
)

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
