"""The window's notices: 受理通知书, 补正材料通知书 (一次性告知书), 不予受理通知书.

行政许可法 art. 32: the window accepts, asks once for everything missing or defective, or
refuses with reasons; a refusal cites its 项 of art. 32 ¶1 — (一) no permit needed, (二) not
this body's power, naming the body to apply to — and states the applicant's remedies (art. 38
by analogy, and the 行政复议法 / 行政诉讼法 time limits). All three carry the seal (art. 32 ¶2).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from client.documents.layout import Gap, grid, mm, para
from client.documents.story import Context, DocumentError, ending, heading
from client.i18n import translate


def _t(text: str) -> str:
    return translate("documents", text)


def _number(ctx: Context) -> str:
    return _t("受理编号：{n}").format(n=ctx.doc.case_number)


def _materials_table(ctx: Context) -> Any:
    styles = ctx.styles
    rows: list[list[Any]] = [
        [
            para(_t("序号"), styles.cell_head),
            para(_t("材料名称"), styles.cell_head),
            para(_t("形式"), styles.cell_head),
            para(_t("份数"), styles.cell_head),
        ]
    ]
    for index, material in enumerate(ctx.doc.materials, start=1):
        rows.append(
            [
                para(str(index), styles.cell_centre),
                para(material.name, styles.cell),
                para(material.form_label, styles.cell_centre),
                para(str(material.count), styles.cell_centre),
            ]
        )
    return grid(rows, [14 * mm, 92 * mm, 32 * mm, 18 * mm], styles.fonts)


def acceptance_notice(ctx: Context) -> list[Any]:
    template = ctx.template
    immediate = ctx.doc.item.promised_limit_days == 0 and template.immediate_paragraphs
    opening = template.immediate_paragraphs if immediate else template.paragraphs
    story = [*heading(ctx, _number(ctx)), *ctx.body(opening)]
    if ctx.doc.materials:
        story += [_materials_table(ctx), Gap(ctx.styles.leading / 3)]
    else:
        story.append(para(_t("（未收取申请材料）"), ctx.styles.body))
    return [*story, *ending(ctx)]


def _supplement_table(ctx: Context) -> Any:
    styles = ctx.styles
    rows: list[list[Any]] = [
        [
            para(_t("序号"), styles.cell_head),
            para(_t("需补正的材料"), styles.cell_head),
            para(_t("补正内容及原因"), styles.cell_head),
        ]
    ]
    for index, line in enumerate(ctx.doc.supplement, start=1):
        rows.append(
            [
                para(str(index), styles.cell_centre),
                para(line.name, styles.cell),
                para(line.reason, styles.cell),
            ]
        )
    return grid(rows, [14 * mm, 62 * mm, 80 * mm], styles.fonts)


def supplement_notice(ctx: Context) -> list[Any]:
    if not ctx.doc.supplement:
        raise DocumentError(_t("该案件没有需要补正的材料，不能出具补正材料通知书。"))
    template = ctx.template
    closing = [text for text in template.closing if "{reasons}" not in text or ctx.doc.reason]
    story = [*heading(ctx, _number(ctx)), *ctx.body(template.paragraphs)]
    story += [_supplement_table(ctx), Gap(ctx.styles.leading / 3)]
    ctx = replace(ctx, template=replace(template, closing=tuple(closing)))
    return [*story, *ending(ctx)]


def refusal_notice(ctx: Context) -> list[Any]:
    if not ctx.doc.reason.strip():
        raise DocumentError(_t("不予受理通知书必须写明理由：该案件没有不予受理的理由。"))
    if ctx.doc.refusal_clause == 2 and not ctx.doc.competent_body.strip():
        raise DocumentError(
            _t(
                "不予受理通知书依第三十二条第一款第（二）项作出的，"
                "必须告知申请人向哪个行政机关申请：该案件没有登记有关行政机关。"
            )
        )
    story = [*heading(ctx, _number(ctx)), *ctx.body(ctx.template.paragraphs)]
    return [*story, *ending(ctx)]
