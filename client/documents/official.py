"""One entry point for every document of a case: `render_document(CaseDocument) -> PDF bytes`.

A4 notices and decisions are laid out after GB/T 9704-2012 (`layout`), worded from the
editable templates (`templates`), sealed with the vector 行政审批专用章 (`seal`) when the case
document says so; the 80 mm 受理回执 is delegated to `slip`. Signing decisions (PAdES) is a
separate step on the bytes returned here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from client.documents import clock_notices, notices, permit_decision
from client.documents.data import CaseDocument, DocumentKind
from client.documents.fonts import register_fonts
from client.documents.layout import BODY_LEADING, PageMarks, build_pdf, make_styles
from client.documents.linebreak import install_line_breaking
from client.documents.slip import SlipData, SlipMaterial, render_acceptance_slip
from client.documents.story import Context, DocumentError
from client.documents.templates import load_templates, template_values
from client.generated_ids import mask_id_number
from client.i18n import translate

__all__ = ["DocumentError", "render_document", "slip_data"]

TIGHT_LEADING = 26.0  # points: still 1.6 lines, but three more lines to the page

_BUILDERS: dict[DocumentKind, Callable[[Context], list[Any]]] = {
    DocumentKind.ACCEPTANCE_NOTICE: notices.acceptance_notice,
    DocumentKind.SUPPLEMENT_NOTICE: notices.supplement_notice,
    DocumentKind.REFUSAL_NOTICE: notices.refusal_notice,
    DocumentKind.APPROVAL_DECISION: permit_decision.approval_decision,
    DocumentKind.DENIAL_DECISION: permit_decision.denial_decision,
    DocumentKind.DELIVERY_RECEIPT: permit_decision.delivery_receipt,
    DocumentKind.PAUSE_NOTICE: clock_notices.pause_notice,
    DocumentKind.EXTENSION_NOTICE: clock_notices.extension_notice,
}


def _t(text: str) -> str:
    return translate("documents", text)


def slip_data(doc: CaseDocument) -> SlipData:
    """The 受理回执's values from a case document."""
    department = doc.department
    return SlipData(
        case_number=doc.case_number,
        case_id=doc.case_id,
        item_code=doc.item.code,
        item_name=doc.item.name,
        hall_department=department.name,
        applicant_name=doc.applicant.name,
        applicant_id_masked=mask_id_number(doc.applicant.id_number),
        agent_name=doc.agent.name if doc.agent else "",
        materials=tuple(
            SlipMaterial(m.name, m.form_label, m.count, m.files) for m in doc.materials
        ),
        accepted_at=doc.accepted_later_at or doc.accepted_at,
        clerk=doc.accepted_later_by or doc.clerk,
        window_code=doc.window_code,
        promised_limit_days=doc.item.promised_limit_days,
        due_date=doc.due_date or doc.accepted_at.date(),
        calendar_complete=doc.calendar_complete,
        query_url=department.query_url,
        rating_url=department.rating_url,
        hall_address=department.address,
        hall_phone=department.phone,
        training=doc.training,
        reprint=doc.reprint,
        seal=department.seal if doc.sealed else None,
    )


def query_payload(doc: CaseDocument) -> str:
    """The QR payload: the department's ASCII query URL with the case number filled in."""
    url = doc.department.query_url
    return url.replace("{case_number}", quote(doc.case_number, safe="")) if url else ""


def render_document(doc: CaseDocument, *, templates_path: Path | None = None) -> bytes:
    """The document as PDF bytes: A4 for notices and decisions, 80 mm for the slip.

    Raises DocumentError when the case cannot have this document (no decision, no reasons,
    nothing to supplement), TemplateError for a broken template file, FontError when no CJK
    font can be embedded, and ValueError when the case number cannot be a Code128 or the
    query URL is not ASCII.
    """
    if doc.kind is DocumentKind.ACCEPTANCE_SLIP:
        return render_acceptance_slip(slip_data(doc))
    fonts = register_fonts()
    install_line_breaking()
    template = load_templates(templates_path)[doc.kind]
    values = template_values(doc)
    marks = PageMarks(
        case_number=doc.case_number,
        qr_payload=query_payload(doc),
        training=doc.training,
        reprint=doc.reprint,
    )
    title = template.fill(template.title, values)
    if doc.reprint:
        title += _t("（补打）")
    if doc.training:
        title += _t("（培训样本）")
    best: tuple[bytes, int] | None = None
    # GB/T 9704-2012 7.3.5.1: when the signature and seal would spill onto a page of their own
    # (with the last paragraph), tighten the line spacing rather than add a page.
    for leading in (BODY_LEADING, TIGHT_LEADING):
        story = _BUILDERS[doc.kind](Context(doc, template, values, make_styles(fonts, leading)))
        pdf, pages = build_pdf(
            story, marks, fonts, title=title, author=doc.department.name, subject=doc.case_number
        )
        if best is None or pages < best[1]:
            best = (pdf, pages)
        if pages == 1:
            break
    assert best is not None
    return best[0]
