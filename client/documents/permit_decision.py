"""准予/不予行政许可决定书 and the 送达回证 the applicant signs when collecting one.

行政许可法 art. 38: a permit decision is written; a refusal gives reasons and tells the
applicant of 行政复议 (60 days, 行政复议法 art. 20) and 行政诉讼 (6 months, 行政诉讼法 art. 46).
"""

from __future__ import annotations

from typing import Any

from client.documents.data import Decision
from client.documents.layout import DateBlanks, Gap, grid, mm, para
from client.documents.story import Context, DocumentError, ending, heading
from client.documents.templates import format_date, legal_basis_text
from client.i18n import translate


def _t(text: str) -> str:
    return translate("documents", text)


def _decision(ctx: Context, approved: bool) -> Decision:
    decision = ctx.doc.decision
    if decision is None:
        raise DocumentError(_t("该案件尚未作出决定，不能出具行政许可决定书。"))
    if decision.approved != approved:
        raise DocumentError(
            _t("该案件的决定是准予许可，不能出具不予行政许可决定书。")
            if decision.approved
            else _t("该案件的决定是不予许可，不能出具准予行政许可决定书。")
        )
    if not decision.document_number.strip():
        raise DocumentError(_t("行政许可决定书必须有文号：该决定没有文号。"))
    return decision


def validity_text(decision: Decision) -> str:
    if decision.valid_from and decision.valid_until:
        return _t("自{start}起至{end}止").format(
            start=format_date(decision.valid_from), end=format_date(decision.valid_until)
        )
    if decision.valid_from:
        return _t("自{start}起长期有效").format(start=format_date(decision.valid_from))
    return _t("长期有效")


def approval_decision(ctx: Context) -> list[Any]:
    decision = _decision(ctx, approved=True)
    story = [*heading(ctx, decision.document_number), *ctx.body(ctx.template.paragraphs)]
    story += [
        ctx.labelled(_t("许可内容："), decision.content),
        ctx.labelled(_t("有效期限："), validity_text(decision)),
        ctx.labelled(_t("法律依据："), legal_basis_text(ctx.doc)),
    ]
    return [*story, *ending(ctx)]


def denial_decision(ctx: Context) -> list[Any]:
    decision = _decision(ctx, approved=False)
    if not (decision.reasons or ctx.doc.reason).strip():
        raise DocumentError(_t("不予行政许可决定书必须说明理由：该决定没有理由。"))
    story = [*heading(ctx, decision.document_number), *ctx.body(ctx.template.paragraphs)]
    return [*story, *ending(ctx)]


def _delivered(ctx: Context) -> str:
    doc = ctx.doc
    if doc.delivered:
        return doc.delivered
    if doc.decision is None:
        raise DocumentError(_t("该案件尚未作出决定，没有需要送达的决定书。"))
    title = _t("准予行政许可决定书") if doc.decision.approved else _t("不予行政许可决定书")
    return f"{title}（{doc.decision.document_number}）"


def delivery_receipt(ctx: Context) -> list[Any]:
    doc = ctx.doc
    styles = ctx.styles

    def label(text: str) -> Any:
        return para(text, styles.cell_head)

    def value(text: str) -> Any:
        return para(text, styles.cell)

    def blanks() -> Any:
        return DateBlanks(styles.fonts.body, styles.cell.fontSize)

    def signed(text: str = "") -> Any:
        """Room to sign (or the name), the date blanks under it: one page for the whole form."""
        return [value(text) if text else Gap(0.6 * styles.leading), blanks()]

    recipient = doc.applicant.name
    if doc.agent:
        recipient += _t("（代理人：{name}）").format(name=doc.agent.name)
    delivered = _t("{document}，成文日期：{date}").format(
        document=_delivered(ctx), date=format_date(doc.issued_on)
    )
    rows = [
        [label(_t("送达机关")), value(doc.department.name)],
        [label(_t("送达文书名称及文号")), value(delivered)],
        [label(_t("受理编号")), value(doc.case_number)],
        [label(_t("申请事项")), value(doc.item.name)],
        [label(_t("受送达人")), value(recipient)],
        [label(_t("送达地点")), value(doc.delivery_place or doc.department.address)],
        [label(_t("送达方式")), value(doc.delivery_method or _t("直接送达"))],
        # 签收日期为送达日期: the recipient writes it when signing; nothing is pre-printed.
        [label(_t("送达日期")), blanks()],
        [label(_t("受送达人签名（盖章）")), signed()],
        [label(_t("代收人签名及代收理由")), signed()],
        [label(_t("见证人签名")), signed()],  # the note: required when the recipient refuses
        [label(_t("送达人")), signed(doc.clerk)],
        [label(_t("备注")), value("")],
    ]
    heights: list[float | None] = [None] * len(rows)
    heights[-1] = 1.5 * styles.leading
    table = grid(rows, [57 * mm, 99 * mm], styles.fonts, header=False, min_heights=heights)
    story = [*heading(ctx, ""), *ctx.body(ctx.template.paragraphs), table, Gap(6)]
    # A form signed by the people in it, not a 公文 with a 署名: the 送达机关 and the date of the
    # document it accompanies are rows of it. The template's closing is the note under it.
    return [*story, *(para(ctx.fill(text), styles.note) for text in ctx.template.closing)]
