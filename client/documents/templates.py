"""The editable wording of the A4 documents (resources/templates/documents.toml).

A county adjusts titles, paragraphs, the remedies sentence and the contact line there without
touching code. Every placeholder is checked when the file is loaded, so a typo is reported with
the document and the placeholder it names instead of printing a broken notice. Values are
plain text: the layout escapes them and picks fonts afterwards.
"""

from __future__ import annotations

import datetime as dt
import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from client.documents.data import CaseDocument, DocumentKind
from client.domain import ApplicantKind
from client.errors import ClerkError
from client.generated_ids import mask_id_number
from client.i18n import translate
from client.resources import resource

PLACEHOLDERS = frozenset(
    {
        "applicant",
        "applicant_id",
        "agent",
        "item",
        "item_code",
        "case_number",
        "department",
        "address",
        "phone",
        "window",
        "clerk",
        "accepted_date",
        "issued_date",
        "promised_days",
        "legal_days",
        "due_date",
        "days",
        "count",
        "reasons",
        "legal_basis",
        "document_number",
        "decided_date",
        "content",
        "valid_from",
        "valid_until",
        "review_body",
        "court",
        "query_url",
        "kind_name",
        "pause_kind",
        "pause_start",
        "pause_end",
        "extension_days",
        "approver",
        "you",
        "supplement_consequence",
        "refusal_clause",
        "refusal_finding",
        "competent_body",
        "referral",
    }
)

A4_KINDS = tuple(kind for kind in DocumentKind if kind is not DocumentKind.ACCEPTANCE_SLIP)
# 行政许可法 art. 38: a refusal must tell the applicant of 行政复议 and 行政诉讼.
REMEDIES_REQUIRED = (DocumentKind.REFUSAL_NOTICE, DocumentKind.DENIAL_DECISION)
_TEXT_KEYS = ("title", "salutation", "remedies", "contact")
_LIST_KEYS = ("paragraphs", "immediate_paragraphs", "closing")


def _t(text: str) -> str:
    return translate("documents", text)


class TemplateError(ClerkError, ValueError):
    """The template file is malformed; the message, in Chinese, names the template and the fault."""


@dataclass(frozen=True)
class DocumentTemplate:
    kind: DocumentKind
    title: str
    salutation: str
    paragraphs: tuple[str, ...]
    immediate_paragraphs: tuple[str, ...]  # empty: use `paragraphs` for 即办件 too
    closing: tuple[str, ...]
    remedies: str  # "" when the document states no remedies
    contact: str

    def fill(self, text: str, values: Mapping[str, str]) -> str:
        return fill(text, values, self.title)


def check_placeholders(text: str, where: str) -> None:
    """Raise TemplateError naming `where` for an unknown or malformed placeholder."""
    try:
        fields = [field for _, field, _, _ in string.Formatter().parse(text) if field is not None]
    except ValueError as exc:
        raise TemplateError(
            _t(
                "文书模板“{where}”格式错误：{error}（花括号须成对，要印出花括号请写 {{{{ 或 }}}}）"
            ).format(where=where, error=exc)
        ) from exc
    for field in fields:
        if field not in PLACEHOLDERS:
            raise TemplateError(
                _t("文书模板“{where}”使用了未知的占位符“{{{name}}}”").format(
                    where=where, name=field
                )
            )


def fill(text: str, values: Mapping[str, str], where: str) -> str:
    check_placeholders(text, where)
    try:
        return text.format_map(values)
    except (KeyError, IndexError, ValueError) as exc:
        raise TemplateError(
            _t("文书模板“{where}”无法填写：{error}").format(where=where, error=exc)
        ) from exc


def _section(raw: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
    value = raw.get(key, {})
    if not isinstance(value, Mapping):
        raise TemplateError(_t("文书模板“{where}”应为一节（[{key}]）").format(where=where, key=key))
    return value


def _parse(
    kind: DocumentKind, section: Mapping[str, Any], common: Mapping[str, Any]
) -> DocumentTemplate:
    where = str(kind)
    texts: dict[str, str] = {}
    inherited = {"contact": common.get("contact", "")}
    if kind in REMEDIES_REQUIRED:
        inherited["remedies"] = common.get("remedies", "")
    for key in _TEXT_KEYS:
        value = section.get(key, inherited.get(key, ""))
        if not isinstance(value, str):
            raise TemplateError(
                _t("文书模板“{where}”的 {key} 应为文字").format(where=where, key=key)
            )
        texts[key] = value
    if not texts["title"].strip():
        raise TemplateError(_t("文书模板“{where}”缺少标题（title）").format(where=where))
    where = f"{texts['title']}（{kind}）"
    if kind in REMEDIES_REQUIRED and not texts["remedies"].strip():
        raise TemplateError(
            _t("文书模板“{where}”必须写明救济途径（remedies）：行政复议和行政诉讼").format(
                where=where
            )
        )
    lists: dict[str, tuple[str, ...]] = {}
    for key in _LIST_KEYS:
        value = section.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise TemplateError(
                _t("文书模板“{where}”的 {key} 应为文字列表").format(where=where, key=key)
            )
        lists[key] = tuple(value)
    for key, text in texts.items():
        check_placeholders(text, f"{where}.{key}")
    for key, items in lists.items():
        for index, text in enumerate(items, start=1):
            check_placeholders(text, f"{where}.{key}[{index}]")
    return DocumentTemplate(
        kind=kind,
        title=texts["title"],
        salutation=texts["salutation"],
        paragraphs=lists["paragraphs"],
        immediate_paragraphs=lists["immediate_paragraphs"],
        closing=lists["closing"],
        remedies=texts["remedies"],
        contact=texts["contact"],
    )


def parse_templates(raw: Mapping[str, Any]) -> dict[DocumentKind, DocumentTemplate]:
    """Validate a parsed TOML document; every A4 kind must have a section."""
    common = _section(raw, "common", "common")
    for key, text in common.items():
        if isinstance(text, str):
            check_placeholders(text, f"common.{key}")
    templates: dict[DocumentKind, DocumentTemplate] = {}
    for kind in A4_KINDS:
        if kind not in raw:
            raise TemplateError(_t("文书模板缺少“{kind}”一节").format(kind=kind))
        templates[kind] = _parse(kind, _section(raw, kind, str(kind)), common)
    return templates


_cache: dict[Path, tuple[float, dict[DocumentKind, DocumentTemplate]]] = {}


def load_templates(path: Path | None = None) -> dict[DocumentKind, DocumentTemplate]:
    """Read and validate the template file (re-read when it changes on disk)."""
    path = path or resource("templates", "documents.toml")
    try:
        stamp = path.stat().st_mtime
        cached = _cache.get(path)
        if cached and cached[0] == stamp:
            return cached[1]
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TemplateError(
            _t("无法读取文书模板 {path}：{error}").format(path=path, error=exc)
        ) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise TemplateError(
            _t("文书模板 {path} 不是有效的 TOML：{error}").format(path=path, error=exc)
        ) from exc
    templates = parse_templates(raw)
    _cache[path] = (stamp, templates)
    return templates


def format_date(day: dt.date) -> str:
    """GB/T 9704-2012: Arabic numerals, no leading zeros (2026年11月22日)."""
    return _t("{y}年{m}月{d}日").format(y=day.year, m=day.month, d=day.day)


def legal_basis_text(doc: CaseDocument) -> str:
    basis = doc.decision.legal_basis if doc.decision else ()
    basis = basis or doc.item.legal_basis
    return _t("、").join(f"{b.law}{b.article}" for b in basis)


def _clock_values(doc: CaseDocument) -> dict[str, str]:
    note = doc.clock_note
    if note is None:
        keys = ("pause_kind", "pause_start", "pause_end", "extension_days", "approver")
        return dict.fromkeys(keys, "")
    return {
        "pause_kind": note.pause_kind,
        "pause_start": format_date(note.start) if note.start else "",
        "pause_end": format_date(note.end) if note.end else _t("另行告知"),
        "extension_days": str(note.days) if note.days else "",
        "approver": note.approver,
    }


def addressee(doc: CaseDocument) -> str:
    """你 for a person, 你单位 for an enterprise: how the documents address the applicant."""
    return _t("你单位") if doc.applicant.kind is ApplicantKind.ENTERPRISE else _t("你")


# 行政许可法 art. 32 ¶1: the finding of each 项 a refusal at the window may rest on.
REFUSAL_CLAUSES = {1: "（一）", 2: "（二）"}


def _refusal_values(doc: CaseDocument) -> dict[str, str]:
    clause = REFUSAL_CLAUSES.get(doc.refusal_clause, "")
    finding = {
        1: _t("申请事项依法不需要取得行政许可"),
        2: _t("申请事项依法不属于本机关职权范围"),
    }.get(doc.refusal_clause, _t("申请不符合受理条件"))  # a refusal recorded before the 项
    body = doc.competent_body.strip()
    referral = ""
    if doc.refusal_clause == 2 and body:
        referral = _t("请{you}向{body}提出申请。").format(you=addressee(doc), body=body)
    return {
        "refusal_clause": _t("第{clause}项").format(clause=clause) if clause else "",
        "refusal_finding": finding,
        "competent_body": body,
        "referral": referral,
    }


def template_values(doc: CaseDocument) -> dict[str, str]:
    """Every placeholder's text for this case (empty where the case has no such value)."""
    department = doc.department
    decision = doc.decision
    due = ""
    if doc.due_date:
        due = format_date(doc.due_date)
        if not doc.calendar_complete:
            due += _t("（暂定：调休安排未公布，已按法定节假日计算）")
    values = {
        "applicant": doc.applicant.name,
        "applicant_id": mask_id_number(doc.applicant.id_number),
        "agent": doc.agent.name if doc.agent else "",
        "item": doc.item.name,
        "item_code": doc.item.code,
        "case_number": doc.case_number,
        "department": department.name,
        "address": department.address,
        "phone": department.phone,
        "window": doc.window_code,
        "clerk": doc.clerk,
        "accepted_date": format_date(doc.accepted_at.date()),
        "issued_date": format_date(doc.issued_on),
        "promised_days": str(doc.item.promised_limit_days),
        "legal_days": str(doc.item.legal_limit_days),
        "due_date": due,
        "days": str(doc.supplement_days),
        "count": str(len(doc.supplement)),
        "reasons": (
            doc.clock_note.reasons
            if doc.clock_note
            else decision.reasons
            if decision and decision.reasons
            else doc.reason
        ),
        "legal_basis": legal_basis_text(doc),
        "document_number": decision.document_number if decision else "",
        "decided_date": format_date(decision.decided_on) if decision else "",
        "content": decision.content if decision else "",
        "valid_from": format_date(decision.valid_from) if decision and decision.valid_from else "",
        "valid_until": (
            format_date(decision.valid_until) if decision and decision.valid_until else ""
        ),
        "review_body": department.review_body,
        "court": department.court,
        "query_url": department.query_url.replace("{case_number}", quote(doc.case_number, safe="")),
        "kind_name": _t("决定书") if doc.kind.is_decision else _t("通知书"),
        **_clock_values(doc),
        "you": addressee(doc),
        "supplement_consequence": doc.item.supplement_consequence
        or doc.department.rules.supplement_lapse,
        **_refusal_values(doc),
    }
    assert set(values) == PLACEHOLDERS
    return values
